//! `msal_token_cache.json` on disk, shared with az: read without a lock (retried when a
//! concurrent writer left it half-written, as msal-extensions retries), changed under az's
//! `<file>.lockfile` ([`crate::config::msal_lock`]) by reading it again, applying the change to
//! what is there now and replacing the file atomically with mode 0600. A file that does not
//! parse is never overwritten: the change is dropped instead (the token is still used).
//!
//! az encrypts this file only on Windows (`msal_token_cache.bin`, DPAPI); azrs reads and
//! writes the plaintext `.json` everywhere (the README says so).

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::cache::TokenCache;
use crate::config::ConfigError;

/// The file name az 2.91 uses on Linux and macOS (`msal_token_cache` + `.json`, plaintext).
pub const TOKEN_CACHE_FILE: &str = "msal_token_cache.json";

/// Where the cache of the config dir `dir` lives.
pub fn token_cache_path(dir: &Path) -> PathBuf {
    dir.join(TOKEN_CACHE_FILE)
}

/// Reads that gave text that did not parse are tried this often (msal-extensions: 3).
const READ_TRIES: u32 = 3;
const READ_PAUSE: Duration = Duration::from_millis(20);

/// Load the cache; a missing file is an empty cache.
pub fn load(path: &Path) -> Result<TokenCache, ConfigError> {
    let mut last = None;
    for attempt in 1..=READ_TRIES {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(TokenCache::default()),
            Err(e) => return Err(ConfigError::io(path, e)),
        };
        match TokenCache::parse(&text) {
            Ok(c) => return Ok(c),
            Err(e) => {
                last = Some(e.to_string());
                if attempt < READ_TRIES {
                    std::thread::sleep(READ_PAUSE);
                }
            }
        }
    }
    Err(ConfigError::Invalid {
        path: path.to_owned(),
        reason: last.unwrap_or_default(),
    })
}

/// Apply `change` to the cache under az's lock and write it back (mode 0600) when `change`
/// says it changed something.
pub fn update(
    path: &Path,
    change: impl FnOnce(&mut TokenCache) -> bool,
) -> Result<(), ConfigError> {
    let _lock =
        crate::config::msal_lock::MsalLock::acquire(path).map_err(|e| ConfigError::io(path, e))?;
    let mut cache = load(path)?;
    if change(&mut cache) {
        crate::config::atomic_write(path, cache.to_text().as_bytes(), Some(0o600))?;
    }
    Ok(())
}

/// Remove the file (az's `logout_all_users` / `account clear`); missing is fine.
pub fn remove(path: &Path) -> Result<(), ConfigError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(ConfigError::io(path, e)),
    }
}
