//! The az config directory (`AZURE_CONFIG_DIR`, default `~/.azure`) and the files in it that azrs
//! shares with az: the `config` INI ([`IniFile`], [`Settings`]), `azureProfile.json`
//! ([`Profile`]), `clouds.config` ([`clouds`]) and the service-principal secret store
//! ([`SecretStore`], mode 0600, never inside `azureProfile.json`).
//!
//! Files written by az are read as az writes them and written back so that az still reads them:
//! unknown sections, keys, comments and JSON fields survive a read → modify → write, and every
//! write is atomic (temp file in the same directory, then rename).
//!
//! Only typed models of the files live here, no verbs: `account`, `cloud`, `login` and
//! `logout` are in `commands`, built on these models. Inside, the arrows point one way:
//! [`subscriptions`] reads the profile and the secret store, [`clouds`] reads `clouds.config`
//! and `config`, and neither imports the other.

pub mod clouds;
mod ini;
pub mod msal_lock;
mod profile;
mod secrets;
pub mod subscriptions;

pub use clouds::Cloud;
pub use ini::IniFile;
pub use profile::Profile;
pub use secrets::{SecretStore, SecretString, ServicePrincipalEntry};
pub use subscriptions::{StoredLogin, SubscriptionRef};

use std::path::{Path, PathBuf};

/// Errors of the config layer. `Display` is the message az prints (after `ERROR: `).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file exists but cannot be parsed.
    #[error("{path} is not valid: {reason}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A user-facing error with az's wording.
    #[error("{0}")]
    User(String),
}

impl ConfigError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        ConfigError::Io {
            path: path.to_owned(),
            source,
        }
    }
}

/// The config directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigDir {
    path: PathBuf,
}

impl ConfigDir {
    /// `AZURE_CONFIG_DIR` if set and non-empty, else `$HOME/.azure` (`%USERPROFILE%` on Windows).
    pub fn from_env_values(azure_config_dir: Option<&str>, home: Option<&str>) -> Self {
        let path = match azure_config_dir.filter(|s| !s.is_empty()) {
            Some(d) => PathBuf::from(d),
            None => PathBuf::from(home.unwrap_or(".")).join(".azure"),
        };
        Self { path }
    }

    /// An explicit directory.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }
    /// `config`.
    pub fn config_file(&self) -> PathBuf {
        self.path.join("config")
    }
    /// `azureProfile.json`.
    pub fn profile_file(&self) -> PathBuf {
        self.path.join("azureProfile.json")
    }
    /// `clouds.config`.
    pub fn clouds_file(&self) -> PathBuf {
        self.path.join("clouds.config")
    }
    /// `service_principal_entries.json` (az's store of service-principal credentials).
    pub fn secrets_file(&self) -> PathBuf {
        self.path.join("service_principal_entries.json")
    }
}

/// Settings from the `config` INI with az's environment override rule: `[section] option` is
/// overridden by `AZURE_<SECTION>_<OPTION>` (upper-case); env wins.
#[derive(Debug, Clone)]
pub struct Settings {
    file: IniFile,
    env: Vec<(String, String)>,
}

impl Settings {
    /// Load `config` (missing file = empty) and capture `AZURE_*` variables from `env`.
    pub fn load(
        dir: &ConfigDir,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        Ok(Self {
            file: IniFile::load(&dir.config_file())?,
            env: env
                .into_iter()
                .filter(|(k, _)| k.starts_with("AZURE_"))
                .collect(),
        })
    }

    /// A value, env first.
    pub fn get(&self, section: &str, option: &str) -> Option<String> {
        let key = format!(
            "AZURE_{}_{}",
            section.to_ascii_uppercase(),
            option.to_ascii_uppercase()
        );
        if let Some((_, v)) = self.env.iter().find(|(k, _)| *k == key) {
            return Some(v.clone());
        }
        self.file.get(section, option)
    }

    /// A boolean value (`1 yes true on` / `0 no false off`, case-insensitive).
    pub fn get_bool(&self, section: &str, option: &str) -> Result<Option<bool>, ConfigError> {
        match self.get(section, option) {
            None => Ok(None),
            Some(v) => parse_bool(&v)
                .map(Some)
                .ok_or_else(|| ConfigError::User(format!("Not a boolean: {v}"))),
        }
    }

    /// The underlying file.
    pub fn file(&self) -> &IniFile {
        &self.file
    }
}

/// az's boolean words.
pub fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "yes" | "true" | "on" => Some(true),
        "0" | "no" | "false" | "off" => Some(false),
        _ => None,
    }
}

/// Write `bytes` to `path` atomically (`platform::write_atomic`: a temp file in the target's
/// directory, synced, renamed over it). `mode` (Unix permissions) is applied before the rename;
/// without one the file is owner-only. A symlinked file is written through the link, in the
/// directory of the file it names, as az's writes are.
pub fn atomic_write(path: &Path, bytes: &[u8], mode: Option<u32>) -> Result<(), ConfigError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| ConfigError::io(dir, e))?;
    let how = crate::platform::AtomicWrite {
        mode,
        follow_symlink: true,
    };
    crate::platform::write_atomic(path, bytes, how).map_err(|e| ConfigError::io(path, e))
}

/// Read a file; `Ok(None)` when it does not exist.
pub(crate) fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, ConfigError> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ConfigError::io(path, e)),
    }
}
