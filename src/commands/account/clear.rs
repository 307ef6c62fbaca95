//! `azrs account clear`, as az 2.91's `account_clear` and `Profile.logout_all`: no
//! subscriptions left in `azureProfile.json` (its other fields kept), and az's token cache and
//! service-principal store deleted under both names az uses (`.json` plaintext, `.bin`
//! encrypted), as is ADAL's old `accessTokens.json`. No HTTP, no output.

use std::path::Path;

use crate::auth::msal;
use crate::config::{ConfigDir, ConfigError, Profile};

/// The files az deletes besides emptying the profile.
const REMOVED: [&str; 5] = [
    "accessTokens.json",
    "msal_token_cache.json",
    "msal_token_cache.bin",
    "service_principal_entries.json",
    "service_principal_entries.bin",
];

/// Clear every account of the config dir `dir`.
pub fn account_clear(dir: &ConfigDir) -> Result<(), ConfigError> {
    let mut p = Profile::load(&dir.profile_file())?;
    p.subscriptions_mut().clear();
    p.save(&dir.profile_file())?;
    for name in REMOVED {
        remove(&dir.path().join(name))?;
    }
    Ok(())
}

fn remove(path: &Path) -> Result<(), ConfigError> {
    msal::file::remove(path)
}
