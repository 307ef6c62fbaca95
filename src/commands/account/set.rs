//! `account set --subscription X`: make a cached subscription the active cloud's default, in
//! `azureProfile.json` and as the cloud's `subscription` in `clouds.config` (as az records it).

use crate::config::subscriptions::{LOGIN_FIRST, set_default, user_error};
use crate::config::{ConfigDir, ConfigError, Profile, clouds};

/// `account set --subscription X`: writes `azureProfile.json` and the cloud's default in
/// `clouds.config`.
pub fn account_set(dir: &ConfigDir, cloud: &str, name_or_id: &str) -> Result<(), ConfigError> {
    let mut p = Profile::load(&dir.profile_file())?;
    if p.subscriptions().is_empty() {
        return Err(user_error(LOGIN_FIRST));
    }
    let (_, id) = set_default(&mut p, cloud, name_or_id)?;
    p.save(&dir.profile_file())?;
    clouds::set_cloud_subscription(dir, cloud, &id)
}
