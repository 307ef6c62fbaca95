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
mod profile;
mod secrets;
pub mod subscriptions;

pub use clouds::Cloud;
pub use ini::{IniError, IniFile};
pub use profile::Profile;
pub use secrets::{SecretStore, SecretString, ServicePrincipalEntry};
pub use subscriptions::{StoredLogin, SubscriptionRef};

use std::path::{Path, PathBuf};

/// Errors of the config layer. `Display` is the message az prints (after `ERROR: `).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Reading or writing a file failed. A read-only or full file system is az's crash report
    /// for that `OSError` ([`full_or_read_only`]); other causes name the file and the cause.
    #[error("{}", io_text(path, source))]
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
    /// A file az's Python would die reading: the exception's lines, printed as they are (no
    /// `ERROR: ` prefix; az prints them at the end of a traceback).
    #[error(transparent)]
    Python(#[from] IniError),
}

impl ConfigError {
    /// The whole stderr text for this error: az's `ERROR: ` line, or a Python exception's
    /// own lines.
    pub fn stderr_text(&self) -> String {
        match self {
            ConfigError::Python(e) => format!("{e}\n"),
            other => format!("ERROR: {other}\n"),
        }
    }
}

impl ConfigError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        ConfigError::Io {
            path: path.to_owned(),
            source,
        }
    }
}

fn io_text(path: &Path, source: &std::io::Error) -> String {
    match full_or_read_only(source, path) {
        Some(os_error) => format!(
            "The command failed with an unexpected error. Here is the traceback:\nERROR: {os_error}"
        ),
        None => format!("{}: {source}", path.display()),
    }
}

/// Python's `str(OSError)` when `err` is a read-only (`EROFS`) or full (`ENOSPC`, `EDQUOT`)
/// file system, as az prints it after its "unexpected error" line: `[Errno 30] Read-only file
/// system: '<file>'`, and `[Errno 28] No space left on device` with no file (Python raises that
/// from the write, which names none). The file named is `path`, the one being written, not the
/// temp file beside it.
fn full_or_read_only(err: &std::io::Error, path: &Path) -> Option<String> {
    // The temp-file layer keeps the kind but wraps the OS error out of reach of
    // `raw_os_error`; its text still carries std's `(os error N)`.
    let code = err.raw_os_error().or_else(|| {
        let text = err.to_string();
        let at = text.find("(os error ")? + "(os error ".len();
        text[at..].split(')').next()?.parse().ok()
    })?;
    let strerror = std::io::Error::from_raw_os_error(code).to_string();
    let strerror = strerror
        .strip_suffix(&format!(" (os error {code})"))
        .unwrap_or(&strerror)
        .to_owned();
    match std::io::Error::from_raw_os_error(code).kind() {
        std::io::ErrorKind::ReadOnlyFilesystem => Some(format!(
            "[Errno {code}] {strerror}: {}",
            crate::py::repr::str_repr(&path.to_string_lossy())
        )),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
            Some(format!("[Errno {code}] {strerror}"))
        }
        _ => None,
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
    /// Load `config` (missing file = empty; one Python's `configparser` rejects is az's
    /// exception) and capture `AZURE_*` variables from `env`.
    pub fn load(
        dir: &ConfigDir,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        Ok(Self {
            file: IniFile::load_checked(&dir.config_file())?,
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

/// What az does with `azureProfile.json` as it starts (every command): a file that is not JSON is
/// replaced by an empty profile (`{}` after az's BOM) and az says so, bare on stderr (its
/// logging is not set up yet). Returns that line, if any. A file that is JSON but not an object
/// is left to the profile reader's error.
pub fn profile_startup_check(dir: &ConfigDir) -> Result<Option<String>, ConfigError> {
    let path = dir.profile_file();
    let Some(bytes) = read_optional(&path)? else {
        return Ok(None);
    };
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    if serde_json::from_slice::<serde_json::Value>(text).is_ok() {
        return Ok(None);
    }
    atomic_write(&path, "\u{feff}{}".as_bytes(), None)?;
    Ok(Some(format!(
        "Failed to load or parse file {}. It will be overridden by default settings.",
        path.display()
    )))
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

#[cfg(test)]
mod tests {
    use super::*;

    // Errno values are unix's. az 2.91 on a read-only bind mount and on a full tmpfs printed these two lines (then its
    // traceback); the temp file's path must not show, the file being written must.
    #[cfg(unix)]
    #[test]
    fn read_only_and_full_file_systems_read_as_azs_oserror() {
        let path = Path::new("/cfg/azureProfile.json");
        let rofs = std::io::Error::from_raw_os_error(30);
        assert_eq!(
            ConfigError::io(path, rofs).to_string(),
            "The command failed with an unexpected error. Here is the traceback:\nERROR: [Errno 30] Read-only file system: '/cfg/azureProfile.json'"
        );
        // As the temp-file layer wraps it.
        let wrapped = std::io::Error::new(
            std::io::ErrorKind::StorageFull,
            "No space left on device (os error 28) at path \"/cfg/.azureProfile.json.x.tmp\"",
        );
        assert_eq!(
            ConfigError::io(path, wrapped).to_string(),
            "The command failed with an unexpected error. Here is the traceback:\nERROR: [Errno 28] No space left on device"
        );
        let denied = std::io::Error::from_raw_os_error(13);
        assert_eq!(
            ConfigError::io(path, denied).to_string(),
            "/cfg/azureProfile.json: Permission denied (os error 13)"
        );
    }
}
