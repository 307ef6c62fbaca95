//! Reading, merging and writing kubeconfig files the way `az aks get-credentials` does
//! (`_print_or_merge_credentials`, `merge_kubernetes_configurations`, `_handle_merge` in
//! az 2.91's `acs/custom.py`; `commands.md` §8.3–§8.6).
//!
//! This module owns the target path rules (`--file`, the first `KUBECONFIG` entry, the default
//! `~/.kube/config`, `-` for stdout), the renames (`--context`, the `-admin` suffix), the merge
//! of `clusters`/`users`/`contexts`, and the write. It prints nothing: warnings come back as
//! text in [`MergeOutcome`] for the caller to hand to `term`. Running `kubelogin` afterwards, as az
//! does for device-code credentials, is [`kubelogin`]'s.
//!
//! Beyond az, by design:
//! * every key azrs does not model survives a merge — documents are plain
//!   `serde_json::Value` trees, never typed structs;
//! * the write is atomic (temp file in the same directory, fsync, rename) and keeps the
//!   existing file's mode (0600 for a new file), where az truncates and rewrites in place;
//! * concurrent runs against one file are serialised by an OS lock on `<path>.azrs.lock`
//!   (not kubectl's `<path>.lock`, which a crash would leave blocking kubectl), so no merge
//!   is lost;
//! * a symlink target is refused before anything is created, and the lock file may not be a
//!   symlink either.
//!
//! Known byte-level differences from az's output (PyYAML `safe_dump`), all outside what AKS
//! kubeconfigs contain: non-string mapping keys (`1:`, `true:`) are written as quoted strings;
//! timestamps (`2024-01-01`) read from an existing file are written back quoted rather than
//! re-emitted as dates; `.inf`/`.nan` come back quoted; YAML anchors and merge keys (`<<`) are
//! expanded/kept as plain keys instead of PyYAML's `&id001` anchors. Everything else is
//! checked byte for byte against PyYAML in `tests/kubeconfig.rs`. The existing file is always parsed
//! strictly: where PyYAML raises a scanner (not parser) error and az only warns
//! "Failed to merge credentials", azrs returns the "Error parsing" error; both leave the file
//! untouched.

mod file;
pub mod kubelogin;
mod merge;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::yaml;

/// Errors of the merge; their `Display` texts are az's messages (without `ERROR: `).
#[derive(Debug, thiserror::Error)]
pub enum KubeconfigError {
    #[error(
        "Kubeconfig path \"{0}\" is a symbolic link. Refusing to write to prevent symlink-following attacks."
    )]
    Symlink(String),
    #[error("Error parsing {path} ({message})")]
    Parse { path: String, message: String },
    #[error(
        "Permission denied when trying to read {0}. Please ensure you have read access to this file, or specify a different file path using the --file/-f argument."
    )]
    ReadPermission(String),
    /// The text after the first sentence is UNVERIFIED (`commands.md` §8.5).
    #[error(
        "Permission denied when trying to write to {0}. Please ensure you have write access to this file, or specify a different file path using the --file/-f argument."
    )]
    WritePermission(String),
    #[error(
        "No such key '{0}' in existing config, please confirm whether it is a valid config file. May back up this config file, delete it and retry the command."
    )]
    NoSuchKey(String),
    #[error("A different object named {name} already exists in {section} in your kubeconfig file.")]
    Conflict { name: String, section: String },
    /// The existing file has a `clusters`/`users`/`contexts` value that is not a list.
    #[error(
        "'{0}' in the existing kubeconfig is not a list, please confirm whether it is a valid config file."
    )]
    NotAList(String),
    /// The kubeconfig returned by ARM is not usable.
    #[error("Failed to load the kubeconfig returned by the server: {0}")]
    BadCredentials(String),
    #[error("Failed to {action}: {source}")]
    Io {
        action: String,
        source: std::io::Error,
    },
}

/// Where the credentials go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `--file -`: print the kubeconfig, touch no file.
    Stdout,
    /// Merge into this file (the path as az would spell it in messages).
    File(PathBuf),
}

/// The target plus any warnings resolving it produced (az prints them first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedTarget {
    pub target: Target,
    pub warnings: Vec<String>,
}

/// The default kubeconfig path under `home`: `<home>/.kube/config`.
pub fn default_path(home: &Path) -> PathBuf {
    home.join(".kube").join("config")
}

/// Applies az's target rules (`commands.md` §8.3).
///
/// `file` is the `--file/-f` value as typed (a leading `~` is expanded against `home`, as az's
/// `file_type` does); `kubeconfig_env` is `KUBECONFIG`. As in az, `KUBECONFIG` applies when
/// `--file` is absent *or equal to the default path*; its first `:`-separated entry wins, and an
/// empty first entry keeps the default with a warning.
pub fn resolve_target(
    file: Option<&str>,
    kubeconfig_env: Option<&OsStr>,
    home: &Path,
) -> ResolvedTarget {
    let default = default_path(home);
    let mut path = match file {
        None => default.clone(),
        Some(f) => crate::py::expanduser(f, home),
    };
    let mut warnings = Vec::new();
    if let Some(env) = kubeconfig_env
        && path == default
    {
        let first = std::env::split_paths(env).next().unwrap_or_default();
        if first.as_os_str().is_empty() {
            warnings.push("Invalid path '' defined in KUBECONFIG.".to_owned());
        } else {
            path = first;
        }
    }
    let target = if path.as_os_str() == "-" {
        Target::Stdout
    } else {
        Target::File(path)
    };
    ResolvedTarget { target, warnings }
}

/// What `merge_credentials` should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeOptions {
    pub target: Target,
    /// `--context NAME`: renames the first context and cluster (not the user).
    pub context_name: Option<String>,
    /// `--overwrite-existing`: replace differing entries of the same name without asking.
    pub overwrite_existing: bool,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeOutcome {
    /// `-f -`: the text to write to stdout (the kubeconfig followed by a newline).
    Stdout(String),
    /// The file was written.
    Written {
        path: PathBuf,
        /// The new `current-context`.
        current_context: String,
        /// Warnings in az's order, the last being `Merged "<ctx>" as current context in <path>`.
        warnings: Vec<String>,
        /// The credentials use `kubelogin` with device-code login, which az converts with
        /// `kubelogin convert-kubeconfig -l azurecli` (`commands.md` §8.6); the caller decides.
        kubelogin_devicecode: bool,
    },
}

/// Merges the kubeconfig ARM returned (decoded YAML text) per `opts`, never asking about
/// conflicts (az without a TTY).
pub fn merge_credentials(
    kubeconfig_yaml_from_arm: &str,
    opts: &MergeOptions,
) -> Result<MergeOutcome, KubeconfigError> {
    merge_credentials_with_prompt(kubeconfig_yaml_from_arm, opts, &mut |_| false)
}

/// Like [`merge_credentials`], with `confirm` answering az's conflict prompt. It receives
/// `A different object named <name> already exists in your kubeconfig file.\nOverwrite?` (az
/// appends ` (y/n): `) and is called while the file lock is held.
pub fn merge_credentials_with_prompt(
    kubeconfig_yaml_from_arm: &str,
    opts: &MergeOptions,
    confirm: &mut dyn FnMut(&str) -> bool,
) -> Result<MergeOutcome, KubeconfigError> {
    let path = match &opts.target {
        Target::Stdout => {
            return Ok(MergeOutcome::Stdout(format!(
                "{kubeconfig_yaml_from_arm}\n"
            )));
        }
        Target::File(path) => path.clone(),
    };
    // Refuse a symlink before creating anything next to it.
    file::refuse_symlink(&path)?;
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
        && !dir.exists()
    {
        fs::create_dir_all(dir).map_err(|e| file::io_error(dir, "create directory", e))?;
    }
    let _lock = file::lock(&path)?;
    // Checked again under the lock: the path may have changed while we waited.
    file::refuse_symlink(&path)?;

    let existing_file = file::read_existing(&path)?;
    let existing = match &existing_file {
        None => Value::Null,
        Some((text, _)) => yaml::parse(text).map_err(|e| KubeconfigError::Parse {
            path: path.display().to_string(),
            message: e.0,
        })?,
    };
    let mut addition =
        yaml::parse(kubeconfig_yaml_from_arm).map_err(|e| KubeconfigError::BadCredentials(e.0))?;
    if addition.is_null() {
        return Err(KubeconfigError::BadCredentials(
            "the kubeconfig is empty".into(),
        ));
    }
    merge::rename_addition(&mut addition, opts.context_name.as_deref())?;
    let kubelogin_devicecode = kubelogin::uses_devicecode_doc(&addition);
    let current_context = match addition.get("current-context") {
        Some(Value::String(s)) => s.clone(),
        Some(other) if !other.is_null() => other.to_string(),
        _ => "UNKNOWN".to_owned(),
    };
    let merged = merge::merge(existing, addition, opts.overwrite_existing, confirm)?;

    let mut warnings = Vec::new();
    let mode = match &existing_file {
        Some((_, mode)) => {
            let octal = format!("{mode:o}");
            if !octal.ends_with("600") {
                warnings.push(format!(
                    "{} has permissions \"{octal}\".\nIt should be readable and writable only by its owner.",
                    path.display()
                ));
            }
            *mode
        }
        None => 0o600,
    };
    file::write_atomic(&path, &yaml::dump(&merged, false), mode)?;
    warnings.push(format!(
        "Merged \"{current_context}\" as current context in {}",
        path.display()
    ));
    Ok(MergeOutcome::Written {
        path,
        current_context,
        warnings,
        kubelogin_devicecode,
    })
}

/// Reads a kubeconfig file into a value (null for an empty file), for callers that inspect one.
pub fn read(path: &Path) -> Result<Value, KubeconfigError> {
    match file::read_existing(path)? {
        None => Err(file::io_error(
            path,
            "read",
            std::io::ErrorKind::NotFound.into(),
        )),
        Some((text, _)) => yaml::parse(&text).map_err(|e| KubeconfigError::Parse {
            path: path.display().to_string(),
            message: e.0,
        }),
    }
}
