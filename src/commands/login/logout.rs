//! `azrs logout [--username U]`: forget that account's subscriptions (default: the user of the
//! default subscription) and its stored secret. No HTTP.

use serde_json::Value;

use crate::cli::LogoutArgs;
use crate::commands::{Ctx, Outcome};
use crate::config::subscriptions::{str_field, user_error};
use crate::config::{ConfigDir, ConfigError, Profile, SecretStore};

/// `azrs logout [--username U]`.
pub fn run(ctx: &Ctx, args: LogoutArgs) -> anyhow::Result<Outcome> {
    logout(&ctx.config_dir, args.username.as_deref())?;
    Ok(Outcome::none())
}

/// `logout [--username U]`: drop that user's subscriptions (default: the user of the default
/// subscription) and stored secrets.
pub fn logout(dir: &ConfigDir, username: Option<&str>) -> Result<(), ConfigError> {
    let mut p = Profile::load(&dir.profile_file())?;
    let user = match username {
        Some(u) => u.to_owned(),
        None => p
            .subscriptions()
            .iter()
            .find(|s| s.get("isDefault").and_then(Value::as_bool) == Some(true))
            .map(|s| str_field(&s["user"], "name").to_owned())
            .ok_or_else(|| user_error("There are no active accounts."))?,
    };
    let before = p.subscriptions().len();
    p.subscriptions_mut()
        .retain(|s| !str_field(&s["user"], "name").eq_ignore_ascii_case(&user));
    if before == p.subscriptions().len() {
        return Err(user_error(format!("The user {user} was not found.")));
    }
    p.save(&dir.profile_file())?;
    let mut store = SecretStore::load(&dir.secrets_file())?;
    if store.remove(&user) {
        store.save(&dir.secrets_file())?;
    }
    Ok(())
}
