//! The file side of a merge: the lock that serialises concurrent writers, reading the
//! existing file, and the atomic write (temp file in the same directory, fsync, rename, fsync
//! of the directory) that either leaves the old file or puts the whole new one in place.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

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
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .read(true)
                .write(true)
                .mode(0o600)
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
                Ok(now) if now.ino() == held.ino() && now.dev() == held.dev() => {
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
    let mode = fs::metadata(path)
        .map_err(|e| io_error(path, "inspect", e))?
        .permissions()
        .mode()
        & 0o7777;
    let text = String::from_utf8(bytes).map_err(|e| KubeconfigError::Parse {
        path: path.display().to_string(),
        message: format!(
            "'utf-8' codec can't decode byte at position {}: invalid utf-8",
            e.utf8_error().valid_up_to()
        ),
    })?;
    Ok(Some((text, mode)))
}

/// Replaces `path` with `contents` atomically, with permission bits `mode`.
pub(crate) fn write_atomic(path: &Path, contents: &str, mode: u32) -> Result<(), KubeconfigError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let map_write = |e: io::Error| write_error(path, e);
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{file_name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(map_write)?;
    temp.write_all(contents.as_bytes()).map_err(map_write)?;
    temp.as_file()
        .set_permissions(fs::Permissions::from_mode(mode))
        .map_err(map_write)?;
    temp.as_file().sync_all().map_err(map_write)?;
    temp.persist(path).map_err(|e| map_write(e.error))?;
    // Make the rename itself durable.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
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
