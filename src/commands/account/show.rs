//! `account show [--subscription X]`: the default (or a named) subscription of the active cloud,
//! printed as `azureProfile.json` holds it. No table transformer (az registers none).

use serde_json::Value;

use crate::config::subscriptions::{LOGIN_FIRST, find, in_cloud, user_error};
use crate::config::{ConfigDir, ConfigError, Profile};

/// `account show [--subscription X]`.
pub fn account_show(
    dir: &ConfigDir,
    cloud: &str,
    subscription: Option<&str>,
) -> Result<Value, ConfigError> {
    let p = Profile::load(&dir.profile_file())?;
    // Only the active cloud's subscriptions count, as in az.
    if in_cloud(&p, cloud).next().is_none() {
        return Err(user_error(LOGIN_FIRST));
    }
    match subscription {
        Some(x) => find(&p, cloud, x).cloned(),
        None => in_cloud(&p, cloud)
            .find(|s| s.get("isDefault").and_then(Value::as_bool) == Some(true))
            .cloned()
            .ok_or_else(|| {
                user_error("No subscription found. Run 'az account set' to select a subscription.")
            }),
    }
}
