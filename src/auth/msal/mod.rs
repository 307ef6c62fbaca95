//! az's MSAL token cache, shared with az: `msal_token_cache.json` in the config dir, in the
//! layout MSAL Python 1.39 writes ([`cache`]), read and changed under msal-extensions' lock
//! ([`file`]), so az and azrs processes use one another's tokens and never corrupt the file.
//!
//! On top of it: [`PersistentCredential`] keeps any app credential's access tokens there;
//! [`UserCredential`] serves a person signed in by `az login` or `azrs login` from the cache and
//! renews with the refresh token; [`oauth`] holds the Entra v2 protocol pieces (the token
//! endpoint's form posts and answers, the device-code flow) those and `login` use. Nothing here
//! spawns a process or prints; the `login` command owns the person-facing flow.

pub mod cache;
pub mod file;
pub mod oauth;
mod persistent;
mod user;

pub use cache::{CacheIdentity, TokenCache};
pub use file::{TOKEN_CACHE_FILE, token_cache_path};
pub use persistent::PersistentCredential;
pub use user::UserCredential;

/// The application id az signs people in with (`AZURE_CLI_CLIENT_ID`); azrs uses the same so
/// the two share one login.
pub const AZURE_CLI_CLIENT_ID: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/// MSAL's `environment` for an authority: its host name, lower-case, without the port.
pub fn environment_of(authority_host: &str) -> String {
    url::Url::parse(authority_host)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_else(|| authority_host.to_ascii_lowercase())
}
