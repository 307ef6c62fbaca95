//! The file side of a merge: the lock that serialises concurrent azrs writers, reading the
//! existing file, and the atomic write that either leaves the old file or puts the whole new one
//! in place. What differs between systems (modes, file identity, the replace itself) is
//! `crate::platform`'s.

use std::fs;
use std::io;
use std::path::Path;

use crate::platform;

use super::KubeconfigError;

/// The suffix of the lock file azrs takes next to a kubeconfig while it reads, merges and
/// replaces it (`config` -> `config.azrs.lock`).
///
/// Not kubectl's `config.lock`: client-go takes that one by exclusive create and fails at once
/// while it exists, so a lock file of that name left by a killed run would stop kubectl for
/// good, and a run that removed it on exit could delete one kubectl holds. azrs does not take
/// kubectl's lock at all (neither does az): its replace is atomic, so kubectl reading at the
/// same time sees the old file or the new one. Ours is an OS lock (`platform::FileLock`),
/// released by the kernel when a holder dies, so a crash strands no one.
pub(crate) const LOCK_SUFFIX: &str = ".azrs.lock";

/// Takes the lock that serialises azrs runs merging into `target`.
pub(crate) fn lock(target: &Path) -> Result<platform::FileLock, KubeconfigError> {
    let mut name = target.as_os_str().to_owned();
    name.push(LOCK_SUFFIX);
    platform::FileLock::acquire(Path::new(&name)).map_err(|e| match e {
        platform::LockError::Symlink(path) => KubeconfigError::Symlink(path.display().to_string()),
        platform::LockError::Io {
            action,
            path,
            source,
        } => {
            let read_only = source.kind() == io::ErrorKind::ReadOnlyFilesystem;
            if source.kind() == io::ErrorKind::PermissionDenied || read_only {
                // The directory cannot be written: az's message names the kubeconfig.
                KubeconfigError::WritePermission(target.display().to_string())
            } else {
                io_error(&path, &format!("{action} the lock file"), source)
            }
        }
    })
}

pub(crate) fn refuse_symlink(path: &Path) -> Result<(), KubeconfigError> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            Err(KubeconfigError::Symlink(path.display().to_string()))
        }
        _ => Ok(()),
    }
}

/// The existing file's text and permission bits, or `None` when there is no file.
pub(crate) fn read_existing(path: &Path) -> Result<Option<(String, u32)>, KubeconfigError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            return Err(KubeconfigError::ReadPermission(path.display().to_string()));
        }
        Err(e) => return Err(io_error(path, "read", e)),
    };
    let meta = fs::metadata(path).map_err(|e| io_error(path, "inspect", e))?;
    // Windows has no permission bits; the file is written owner-only as on a fresh unix one.
    let mode = platform::mode_of(&meta).unwrap_or(platform::PRIVATE_FILE);
    let text = String::from_utf8(bytes).map_err(|e| KubeconfigError::Parse {
        path: path.display().to_string(),
        message: format!(
            "'utf-8' codec can't decode byte at position {}: invalid utf-8",
            e.utf8_error().valid_up_to()
        ),
    })?;
    Ok(Some((text, mode)))
}

/// Replaces `path` with `contents` atomically (`platform::write_atomic`), with permission bits
/// `mode`. A symlinked kubeconfig was refused before this point, as az 2.91 refuses it.
pub(crate) fn write_atomic(path: &Path, contents: &str, mode: u32) -> Result<(), KubeconfigError> {
    let how = platform::AtomicWrite {
        mode: Some(mode),
        follow_symlink: false,
    };
    platform::write_atomic(path, contents.as_bytes(), how).map_err(|e| write_error(path, e))
}

fn write_error(path: &Path, e: io::Error) -> KubeconfigError {
    let read_only = e.kind() == io::ErrorKind::ReadOnlyFilesystem;
    if e.kind() == io::ErrorKind::PermissionDenied || read_only {
        KubeconfigError::WritePermission(path.display().to_string())
    } else {
        io_error(path, "write", e)
    }
}

pub(crate) fn io_error(path: &Path, action: &str, source: io::Error) -> KubeconfigError {
    KubeconfigError::Io {
        action: format!("{action} {}", path.display()),
        source,
    }
}
