//! `azrs logout [--username U]`: forget an account exactly as az 2.91 does
//! (`profile/custom.py` `logout`, `_profile.py`, `auth/identity.py`). No
//! HTTP.
//!
//! `logout` (default: the user of the default subscription, else az's "There are no active
//! accounts."): the person's tokens and account entries leave az's token cache (MSAL's
//! `remove_account` for every account of that user name in the active cloud), a service
//! principal's access tokens in the active cloud leave it (`remove_tokens_for_client`) and its
//! stored secret leaves `service_principal_entries.json`; both are tried because the name may be
//! either. Then every `azureProfile.json` entry of that user, in every cloud, goes. A name that
//! matches nothing is not an error (az says nothing either). `account clear` is
//! `commands::account::clear`.

use serde_json::Value;

use crate::auth::msal::{self, AZURE_CLI_CLIENT_ID};
use crate::cli::LogoutArgs;
use crate::commands::{Ctx, Outcome};
use crate::config::subscriptions::{str_field, user_error};
use crate::config::{ConfigDir, ConfigError, Profile, SecretStore};

/// `azrs logout [--username U]`.
pub fn run(ctx: &Ctx, args: LogoutArgs) -> anyhow::Result<Outcome> {
    let environment = ctx.cloud().ok().map(|t| msal::environment_of(&t.authority));
    logout_in(
        &ctx.config_dir,
        args.username.as_deref(),
        environment.as_deref(),
    )?;
    Ok(Outcome::none())
}

/// `logout [--username U]` with no cloud known (tokens of every environment are dropped).
pub fn logout(dir: &ConfigDir, username: Option<&str>) -> Result<(), ConfigError> {
    logout_in(dir, username, None)
}

/// `logout` where `environment` is the active cloud's authority host (MSAL's `environment`);
/// `None` matches every environment.
pub fn logout_in(
    dir: &ConfigDir,
    username: Option<&str>,
    environment: Option<&str>,
) -> Result<(), ConfigError> {
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

    // Step 1, as az orders it: tokens and secrets first, so a failure leaves the profile
    // still naming the account.
    let cache = msal::token_cache_path(dir.path());
    if cache.exists() {
        let environments: Vec<String> = match environment {
            Some(e) => vec![e.to_owned()],
            None => {
                let c = msal::file::load(&cache)?;
                let mut all: Vec<String> = c
                    .section(msal::cache::ACCOUNT)
                    .chain(c.section(msal::cache::ACCESS_TOKEN))
                    .map(|(_, e)| msal::cache::str_of(e, "environment").to_owned())
                    .collect();
                all.sort();
                all.dedup();
                all
            }
        };
        msal::file::update(&cache, |c| {
            let mut changed = false;
            for env in &environments {
                changed |= c.remove_user(env, &user, AZURE_CLI_CLIENT_ID);
                changed |= c.remove_tokens_for_client(&user, env);
            }
            changed
        })?;
    }
    SecretStore::update(&dir.secrets_file(), |store| store.remove(&user))?;

    // Step 2: the profile entries of that user, in every cloud.
    let before = p.subscriptions().len();
    p.subscriptions_mut()
        .retain(|s| !str_field(&s["user"], "name").eq_ignore_ascii_case(&user));
    if before != p.subscriptions().len() {
        p.save(&dir.profile_file())?;
    }
    Ok(())
}
