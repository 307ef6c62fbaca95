//! The file side of a merge: the lock that serialises concurrent writers, reading the
//! existing file, and the atomic write that either leaves the old file or puts the whole new one
//! in place. What differs between systems (modes, file identity, the replace itself) is
//! `crate::platform`'s.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use crate::platform;

use super::KubeconfigError;

/// An exclusive lock on `<path>.lock`, held while the file is read, merged and replaced.
///
/// The lock file is removed on release, as client-go (kubectl) does with its own
/// `<path>.lock`: a lock file left behind would make kubectl refuse to write the kubeconfig.
/// Removing a file others may be waiting on is safe because a waiter, once it holds the lock,
/// checks that the path still names the file it locked and starts over otherwise.
pub(crate) struct FileLock {
    path: PathBuf,
    // Dropped after `drop` removed the path, which releases the lock.
    _file: File,
}

impl FileLock {
    pub(crate) fn acquire(target: &Path) -> Result<FileLock, KubeconfigError> {
        let mut name = target.as_os_str().to_owned();
        name.push(".lock");
        let path = PathBuf::from(name);
        loop {
            refuse_symlink(&path)?;
            let file = platform::create_mode(
                OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .read(true)
                    .write(true),
                platform::PRIVATE_FILE,
            )
            .open(&path)
            .map_err(|e| io_error(&path, "open the lock file", e))?;
            file.lock().map_err(|e| io_error(&path, "lock", e))?;
            let held = file
                .metadata()
                .map_err(|e| io_error(&path, "inspect the lock file", e))?;
            match fs::symlink_metadata(&path) {
                Ok(now) if now.file_type().is_symlink() => {
                    return Err(KubeconfigError::Symlink(path.display().to_string()));
                }
                Ok(now) if platform::same_file(&now, &held) => {
                    return Ok(FileLock { path, _file: file });
                }
                // The previous holder removed it after we opened it: lock the new one.
                Ok(_) => continue,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(io_error(&path, "inspect the lock file", e)),
            }
        }
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Best effort: failing to remove it only leaves a stale lock file behind.
        let _ = fs::remove_file(&self.path);
    }
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
