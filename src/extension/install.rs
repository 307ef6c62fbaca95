//! Installing one wheel: get it, check it, unpack it next to the live copy, swap it in.
//!
//! This is az's `_add_whl_ext` with pip replaced by `wheel::unpack`. Everything happens in a
//! staging directory created inside the extension directory (same file system, so renames are
//! atomic): download or read the wheel, verify the index's sha256, unpack and validate (exactly
//! one `azext_*` package, CLI compatibility), finish the dist-info, copy the `.whl`. Only then is
//! the live directory touched (`platform::replace_dir`): the old one is renamed aside, the new
//! one renamed in, and the old one deleted with the staging directory. Any failure before the
//! swap leaves the old version untouched; a failed second rename puts the old one back. The staging directory is nested one
//! level (`.azrs-stage-*/payload/`) so that az, which lists every directory holding a
//! `*.*-info`, never sees a half-installed extension. Removal goes the same way in reverse
//! ([`uninstall`]): the live directory is renamed into a staging directory, then deleted.
//!
//! Nothing here can be stranded by a dead process. Swaps and removals are serialised by an OS
//! lock on `<root>/.azrs-extensions.lock` (`platform::FileLock`, released by the kernel). A
//! staging directory `.azrs-stage-X` is created after its sibling `.azrs-stage-X.lock`, which
//! is OS-locked while the stage lives; both are registered for removal on a signal
//! (`platform::cleanup`). What `kill -9` leaves (a lock file no one holds, or a stage with no
//! lock file) is swept by the next install or removal, after putting back a live version the
//! stage had moved aside (its name is in the stage's `target` file), so an interrupted swap
//! leaves the old version or the new one.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::wheel::{self, WheelName};
use super::{ExtensionError, Progress, http, index, installed};

/// Where a wheel comes from.
#[derive(Debug, Clone)]
pub enum Source {
    Https(reqwest::Url),
    Local(PathBuf),
}

impl Source {
    /// Classifies `--source` (or an index `downloadUrl`): `https://` URL, `file://` URL, or a
    /// path (`~` expanded against `home`). Plain `http://` is refused.
    pub fn parse(source: &str, home: Option<&Path>) -> Result<Source, ExtensionError> {
        let lower = source.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            return http::require_https(source).map(Source::Https);
        }
        if lower.starts_with("file://") {
            let url = reqwest::Url::parse(source).map_err(|e| ExtensionError::BadUrl {
                url: source.to_string(),
                detail: e.to_string(),
            })?;
            let path = url.to_file_path().map_err(|()| ExtensionError::BadUrl {
                url: source.to_string(),
                detail: "not a local file URL".into(),
            })?;
            return Ok(Source::Local(path));
        }
        Ok(Source::Local(match home {
            Some(h) => crate::py::expanduser(source, h),
            None => std::path::PathBuf::from(source),
        }))
    }

    /// The wheel's file name: the last segment of the URL path, or of the file path.
    pub fn file_name(&self) -> String {
        match self {
            Source::Https(url) => url
                .path_segments()
                .and_then(|mut s| s.next_back())
                .unwrap_or_default()
                .to_string(),
            Source::Local(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }
}

/// The extension name and version az reads from a source's file name.
pub fn info_from_source(source: &str) -> (Option<String>, Option<String>) {
    let file = match reqwest::Url::parse(source) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => u
            .path_segments()
            .and_then(|mut s| s.next_back())
            .unwrap_or_default()
            .to_string(),
        _ => Path::new(source)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    match WheelName::parse(&file) {
        Some(w) => (Some(w.extension_name()), w.version),
        None => (None, None),
    }
}

/// The prefix of staging directories (and their lock files) in the extension directory.
const STAGE_PREFIX: &str = ".azrs-stage-";
/// The suffix of a staging directory's sibling lock file.
const STAGE_LOCK_SUFFIX: &str = ".lock";
/// The file inside a staging directory naming the extension it swaps.
const STAGE_TARGET: &str = "target";
/// The lock serialising swaps and removals in one extension directory.
const ROOT_LOCK: &str = ".azrs-extensions.lock";

/// A staging directory: removed when dropped, on a signal, or by the next run's sweep after a
/// `kill -9`.
struct Stage {
    path: PathBuf,
    // The fields drop in order: the directory's registration, the lock file, its registration.
    registered: crate::platform::cleanup::Registered,
    // Its lock file, OS-locked; deleted (after the directory) when dropped.
    _lock: tempfile::NamedTempFile,
    _lock_registered: crate::platform::cleanup::Registered,
}

impl Stage {
    /// Sweeps stale stages in `root`, then creates one for the extension `name`.
    fn create(root: &Path, name: &str) -> Result<Stage, ExtensionError> {
        let io = |e| ExtensionError::io("creating a staging directory", e);
        {
            // Under the swap lock: a live swap may have the name free for a moment.
            let _lock = lock_root(root)?;
            sweep(root);
        }
        loop {
            // The lock file first: a stage directory without one is always a leftover.
            let lock = tempfile::Builder::new()
                .prefix(STAGE_PREFIX)
                .suffix(STAGE_LOCK_SUFFIX)
                .tempfile_in(root)
                .map_err(io)?;
            let lock_registered = crate::platform::cleanup::Registered::file(lock.path());
            if !crate::platform::cleanup::hold(lock.as_file(), lock.path()).map_err(io)? {
                continue;
            }
            let lock_name = lock.path().to_string_lossy().into_owned();
            let path = PathBuf::from(lock_name.trim_end_matches(STAGE_LOCK_SUFFIX));
            let registered = crate::platform::cleanup::Registered::dir(&path);
            match fs::create_dir(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(io(e)),
            }
            let stage = Stage {
                path,
                registered,
                _lock: lock,
                _lock_registered: lock_registered,
            };
            fs::write(stage.path.join(STAGE_TARGET), name).map_err(io)?;
            return Ok(stage);
        }
    }

    fn path(&self) -> &Path {
        &self.path
    }

    /// Deletes the stage (and whatever was moved aside into it), then its lock file.
    fn close(self) {
        // A failure only leaves a hidden directory, which az ignores and the next run sweeps.
        if let Err(e) = self.registered.guard(|| fs::remove_dir_all(&self.path)) {
            tracing::debug!(error = %e, "could not remove the staging directory");
        }
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        // A stage dropped on an error path: the directory goes first, then (the fields' own
        // drops) the registrations and the lock file.
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// Removes the staging directories of killed runs in `root` (a lock file no one holds, or a
/// directory without its lock file), first putting back a live version one had moved aside
/// when its name is free again.
fn sweep(root: &Path) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| n.starts_with(STAGE_PREFIX))
        .collect();
    names.sort();
    for name in names {
        let path = root.join(&name);
        if let Some(dir_name) = name.strip_suffix(STAGE_LOCK_SUFFIX) {
            if crate::platform::cleanup::is_abandoned(&path) {
                abandon(root, &root.join(dir_name));
                let _ = fs::remove_file(&path);
            }
        } else if !root.join(format!("{name}{STAGE_LOCK_SUFFIX}")).exists() {
            abandon(root, &path);
        }
    }
}

/// Puts back what the dead run's `stage` had moved aside, then deletes the stage.
fn abandon(root: &Path, stage: &Path) {
    let previous = stage.join("previous");
    if let Ok(name) = fs::read_to_string(stage.join(STAGE_TARGET)) {
        let live = root.join(name.trim());
        if previous.is_dir() && live.symlink_metadata().is_err() {
            let _ = fs::rename(&previous, &live);
        }
    }
    let _ = fs::remove_dir_all(stage);
    tracing::debug!(stage = %stage.display(), "removed what a killed run left behind");
}

/// A wheel unpacked and validated in a staging directory, ready to swap in.
pub struct Staged {
    stage: Stage,
    pub name: String,
    /// `Requires-Dist` entries, which azrs does not install.
    pub requires_dist: Vec<String>,
}

impl Staged {
    fn payload(&self) -> PathBuf {
        self.stage.path().join("payload")
    }
}

/// Everything `stage` needs from the caller.
pub struct StageRequest<'a> {
    pub source: &'a str,
    pub sha256: Option<&'a str>,
    pub root: &'a Path,
    pub home: Option<&'a Path>,
    pub progress: &'a (dyn Fn(Progress) + Send + Sync),
}

/// Gets, verifies, unpacks and validates the wheel; touches nothing outside the staging dir.
pub async fn stage(
    req: StageRequest<'_>,
    client: &(dyn Fn() -> Result<http::Client, ExtensionError> + Sync),
) -> Result<Staged, ExtensionError> {
    if !req.source.ends_with(".whl") {
        return Err(ExtensionError::NotAWheel);
    }
    let source = Source::parse(req.source, req.home)?;
    let file_name = source.file_name();
    let wheel_name = WheelName::parse(&file_name)
        .ok_or_else(|| ExtensionError::NoName(req.source.to_string()))?;
    let name = wheel_name.extension_name();

    fs::create_dir_all(req.root)
        .map_err(|e| ExtensionError::io("creating the extension directory", e))?;
    let stage = Stage::create(req.root, &name)?;

    let (wheel_path, sha256, source_url) = match &source {
        Source::Https(url) => {
            let dest = stage.path().join(&file_name);
            let client = client()?;
            let sha = http::download(&client, url, &dest, req.progress).await?;
            (dest, sha, url.to_string())
        }
        Source::Local(path) => {
            let path = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            if !path.is_file() {
                return Err(ExtensionError::FileNotFound(req.source.to_string()));
            }
            let bytes = fs::read(&path).map_err(|e| ExtensionError::io("reading the wheel", e))?;
            let sha = http::hex(&Sha256::digest(&bytes));
            let url = reqwest::Url::from_file_path(&path)
                .map(|u| u.to_string())
                .unwrap_or_else(|()| path.to_string_lossy().into_owned());
            (path, sha, url)
        }
    };

    if let Some(expected) = req.sha256
        && expected != sha256
    {
        tracing::debug!(expected, computed = %sha256, "invalid checksum");
        return Err(ExtensionError::Checksum);
    }

    (req.progress)(Progress::Validating);
    let payload = stage.path().join("payload");
    fs::create_dir(&payload).map_err(|e| ExtensionError::io("creating a staging directory", e))?;
    let mut unpacked = wheel::unpack(&wheel_path, &payload, &wheel_name.name).map_err(|e| {
        tracing::debug!(error = %e, "wheel refused");
        match e {
            wheel::WheelError::NotZip => ExtensionError::NotZip,
            e => ExtensionError::Invalid(e.to_string()),
        }
    })?;
    let azext = installed::azext_metadata(&payload).ok_or_else(|| {
        ExtensionError::Invalid("expected exactly one 'azext_*' package with valid metadata".into())
    })?;
    if let Some(message) = index::compatibility_message(&serde_json::Value::Object(azext)) {
        return Err(ExtensionError::Incompatible(message));
    }

    (req.progress)(Progress::Installing);
    wheel::finish_dist_info(&payload, &mut unpacked, &source_url, &sha256)
        .map_err(|e| ExtensionError::io("writing the dist-info", e))?;
    fs::copy(&wheel_path, payload.join(&file_name))
        .map_err(|e| ExtensionError::io("saving the wheel", e))?;
    let metadata_text = fs::read(payload.join(&unpacked.dist_info).join("METADATA"))
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let requires_dist = wheel::CoreMetadata::parse(&metadata_text).get_all("Requires-Dist");
    Ok(Staged {
        stage,
        name,
        requires_dist,
    })
}

/// Swaps the staged payload in as `<root>/<name>`; returns that path.
pub fn commit(staged: Staged, root: &Path) -> Result<PathBuf, ExtensionError> {
    let _lock = lock_root(root)?;
    let target = root.join(&staged.name);
    let aside = staged.stage.path().join("previous");
    let payload = staged.payload();
    staged
        .stage
        .registered
        .guard(|| crate::platform::replace_dir(&payload, &target, &aside))
        .map_err(|e| match e {
            crate::platform::ReplaceDirError::MoveAside(e) => {
                ExtensionError::io("moving the installed version aside", e)
            }
            crate::platform::ReplaceDirError::MoveIn(e) => {
                ExtensionError::io("moving the new version in", e)
            }
        })?;
    // Closing the stage deletes the previous version.
    staged.stage.close();
    Ok(target)
}

/// Removes the installed extension at `path` (a directory in `root`): renamed into a staging
/// directory first, so a run killed half-way leaves it installed or removed, never
/// half-deleted. Inside the stage it is named `removed`, not `previous`: once the rename is done
/// the removal has happened, and the next run's sweep must not put a half-deleted copy back.
pub fn uninstall(path: &Path, root: &Path) -> Result<(), ExtensionError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stage = Stage::create(root, &name)?;
    let _lock = lock_root(root)?;
    stage
        .registered
        .guard(|| fs::rename(path, stage.path().join("removed")))
        .map_err(|e| ExtensionError::io("removing the extension directory", e))?;
    stage.close();
    Ok(())
}

fn lock_root(root: &Path) -> Result<crate::platform::FileLock, ExtensionError> {
    crate::platform::FileLock::acquire(&root.join(ROOT_LOCK)).map_err(|e| {
        let source = match e {
            crate::platform::LockError::Io { source, .. } => source,
            other => std::io::Error::other(other.to_string()),
        };
        ExtensionError::io("locking the extension directory", source)
    })
}
