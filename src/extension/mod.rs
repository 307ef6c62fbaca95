//! Extension management compatible with az 2.91: `extension list/show/add/remove/update/
//! list-available`, on the same on-disk layout az uses, so that az and azrs agree on what is
//! installed.
//!
//! The caller (the `extension` commands) resolves settings once — extension directory, index URL,
//! extra CA roots, and optionally an azure_core transport to fetch through (the in-process
//! emulator, whose index is at `<origin>/extensions/index.json`) — and passes them in
//! [`ExtensionSettings`]; nothing here reads the environment.
//! Operations return `serde_json::Value`s shaped as az prints them, and push az's log lines
//! (`WARNING: …`, and the `ERROR: …` lines az logs before failing an update) into a
//! `Vec<Notice>` for the caller to print before the result or the error. Download progress goes
//! to an optional callback. Errors display az's exact texts.
//!
//! Deliberate difference from az: `update` of an extension that is not installed installs it
//! (with [`update_installs_warning`]) instead of failing.
//!
//! Submodules: `version` (PEP 440 through `pep440_rs`), `wheel` (names, metadata, safe
//! unpacking), `index` (fetch and version choice), `http` (client, downloads), `installed`
//! (what is on disk), `install` (staging and the atomic swap), `ops` (the verbs).

mod http;
mod index;
mod install;
mod installed;
mod ops;
mod version;
mod wheel;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

pub use index::{Chosen, NoCandidates, resolve};
pub use installed::{Installed, Kind};

/// az's default extension index (a redirect to the index on GitHub).
pub const DEFAULT_INDEX_URL: &str = "https://aka.ms/azure-cli-extension-index-v1";
/// The az core version extension compatibility is checked against.
pub const CLI_CORE_VERSION: &str = "2.91.0";
/// The prompt az shows for `extension add --source` without `--yes`.
pub const ADD_SOURCE_CONFIRMATION: &str = "Are you sure you want to install this extension?";
/// The pause between index fetch attempts.
pub const INDEX_RETRY_DELAY: Duration = Duration::from_millis(500);

/// Resolved settings; built once by the caller.
#[derive(Debug, Clone)]
pub struct ExtensionSettings {
    /// User extension directory: `AZURE_EXTENSION_DIR` / `[extension] dir`, else
    /// `$AZURE_CONFIG_DIR/cliextensions` (see [`user_dir`]).
    pub dir: PathBuf,
    /// System extension directory, only when configured (`[extension] sys_dir`).
    pub sys_dir: Option<PathBuf>,
    /// `[extension] dev_sources`, already split on commas.
    pub dev_sources: Vec<PathBuf>,
    /// Index URL: `--index`, else `[extension] index_url` / `AZURE_EXTENSION_INDEX_URL`, else
    /// [`DEFAULT_INDEX_URL`].
    pub index_url: String,
    /// Extra PEM roots trusted besides the platform's (e.g. `REQUESTS_CA_BUNDLE`).
    pub ca_bundle: Option<PathBuf>,
    /// Home directory for `~` in `--source` paths.
    pub home: Option<PathBuf>,
    /// Pause between index attempts ([`INDEX_RETRY_DELAY`]; tests use zero).
    pub index_retry_delay: Duration,
    /// When set, the index and wheels are fetched through this azure_core transport (e.g. the
    /// in-process emulator) instead of reqwest; `ca_bundle` is then unused.
    pub transport: Option<Arc<dyn azure_core::http::HttpClient>>,
}

impl ExtensionSettings {
    /// Settings with the given user directory and index URL, nothing else configured.
    pub fn new(dir: PathBuf, index_url: impl Into<String>) -> Self {
        ExtensionSettings {
            dir,
            sys_dir: None,
            dev_sources: Vec::new(),
            index_url: index_url.into(),
            ca_bundle: None,
            home: None,
            index_retry_delay: INDEX_RETRY_DELAY,
            transport: None,
        }
    }
}

/// az's `EXTENSIONS_DIR`: the configured directory (`~` expanded) or `<config_dir>/cliextensions`.
pub fn user_dir(configured: Option<&str>, config_dir: &Path, home: Option<&Path>) -> PathBuf {
    match configured.filter(|c| !c.is_empty()) {
        Some(c) => match home {
            Some(h) => crate::py::expanduser(c, h),
            None => PathBuf::from(c),
        },
        None => config_dir.join("cliextensions"),
    }
}

/// A log line az would print to stderr, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Printed as `WARNING: <text>`.
    Warning(String),
    /// Printed as `ERROR: <text>` (before the operation's own error).
    Error(String),
}

/// Progress of a network operation, for the caller's progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Searching,
    Downloading { received: u64, total: Option<u64> },
    Validating,
    Installing,
}

/// Why the index could not be used; displays az's two-line message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    #[error("Unable to get extension index.\nServer returned status code {code} for {url}")]
    Status { code: u16, url: String },
    #[error(
        "Unable to get extension index.\nPlease ensure you have network connection. Error detail: {0}"
    )]
    Network(String),
    #[error(
        "Unable to get extension index.\nResponse body does not contain valid json. Error detail: {0}"
    )]
    BadJson(String),
}

/// Extension errors; `Display` is the text az prints after `ERROR: `. All exit with code 1.
#[derive(Debug, thiserror::Error)]
pub enum ExtensionError {
    #[error(
        "The extension {0} is not installed. Please install the extension via `az extension add -n {0}`."
    )]
    NotInstalled(String),
    #[error("usage error: --name NAME | --source SOURCE")]
    AddUsage,
    /// A resolution failure of `add` (az appends the debug hint).
    #[error("{0}\n\nUse --debug for more information")]
    Resolve(String),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(
        "The checksum of the extension does not match the expected value. Use --debug for more information."
    )]
    Checksum,
    /// The wheel was refused (unsafe entries, no dist-info, not one `azext_*` package); the
    /// detail is for `--debug`.
    #[error("The extension is invalid. Use --debug for more information.")]
    Invalid(String),
    /// A `--source` that is not a zip archive at all: az crashes in `zipfile`, and these are
    /// the two `ERROR:` lines it prints before the traceback (which azrs leaves out).
    #[error(
        "The command failed with an unexpected error. Here is the traceback:\nERROR: File is not a zip file"
    )]
    NotZip,
    #[error("{0}")]
    Incompatible(String),
    #[error("Request to {url} failed with {status}")]
    DownloadStatus { url: String, status: u16 },
    #[error("Please ensure you have network connection. Error detail: {0}")]
    Network(String),
    #[error("Unknown extension type. Only Python wheels are supported.")]
    NotAWheel,
    #[error("Unable to determine extension name from {0}. Is the file name correct?")]
    NoName(String),
    #[error("The extension {0} already exists.")]
    AlreadyExists(String),
    #[error("File {0} not found.")]
    FileNotFound(String),
    #[error(
        "Extension '{0}' was installed in development mode. Remove using `azdev extension remove {0}`"
    )]
    DevRemove(String),
    #[error("Failed to update. Rolled {name} back to {version}.")]
    RolledBack { name: String, version: String },
    /// azrs only: wheels and indexes are fetched over https only.
    #[error("Refusing to fetch '{0}' over plain http; use an https URL.")]
    InsecureUrl(String),
    #[error("Invalid URL '{url}': {detail}")]
    BadUrl { url: String, detail: String },
    #[error("Unable to read the CA bundle '{path}': {detail}")]
    CaBundle { path: String, detail: String },
    /// azrs only: there is no Python site-packages to default `--system` to.
    #[error("--system needs a system extension directory: set [extension] sys_dir")]
    NoSystemDir,
    #[error("Failed {context}: {source}")]
    Io {
        context: &'static str,
        #[source]
        source: std::io::Error,
    },
}

impl ExtensionError {
    fn io(context: &'static str, source: std::io::Error) -> Self {
        ExtensionError::Io { context, source }
    }
}

/// The warning azrs prints when `update` installs an extension that is not installed.
pub fn update_installs_warning(name: &str) -> String {
    format!(
        "The extension {name} is not installed; installing it (az would fail here and ask for \
         `az extension add -n {name}`)."
    )
}

/// The warning azrs prints after installing a wheel that declares dependencies it cannot install.
pub fn dependencies_warning(name: &str, requires: &[String]) -> String {
    format!(
        "Extension '{name}' declares Python dependencies that azrs does not install: {}",
        requires.join("; ")
    )
}

/// `extension add` arguments, as parsed.
#[derive(Debug, Clone, Default)]
pub struct AddArgs {
    pub name: Option<String>,
    pub source: Option<String>,
    /// `--version`; `None` or `"latest"` mean the newest.
    pub version: Option<String>,
    /// `--allow-preview`; `None` when not given.
    pub allow_preview: Option<bool>,
    pub upgrade: bool,
    pub system: bool,
}

type ProgressFn = Box<dyn Fn(Progress) + Send + Sync>;

/// Extension operations over one set of settings. Cheap to create: the reqwest client is built
/// on first network use only (never when the settings carry a transport).
pub struct Extensions {
    settings: ExtensionSettings,
    client: OnceLock<reqwest::Client>,
    progress: ProgressFn,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_dir_follows_az() {
        let cfg = Path::new("/cfg");
        let home = Some(Path::new("/home/u"));
        assert_eq!(
            user_dir(None, cfg, home),
            PathBuf::from("/cfg/cliextensions")
        );
        assert_eq!(
            user_dir(Some(""), cfg, home),
            PathBuf::from("/cfg/cliextensions")
        );
        assert_eq!(
            user_dir(Some("~/exts"), cfg, home),
            PathBuf::from("/home/u/exts")
        );
        assert_eq!(user_dir(Some("/abs"), cfg, home), PathBuf::from("/abs"));
    }
}
