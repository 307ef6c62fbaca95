//! An exclusive lock between azrs processes that no crash can strand: an OS lock
//! (`flock`/`LockFileEx`, `std::fs::File::lock`) on a lock file, which the kernel releases when
//! the holder dies, however it dies. The file itself is removed on release (and on a signal,
//! through `super::cleanup`); one left by `kill -9` blocks nobody and the next holder removes
//! it when it is done.
//!
//! Removing a file others may be waiting on is safe because a waiter, once it holds the lock,
//! checks that the path still names the file it locked and starts over otherwise.
//!
//! The lock file's name is the caller's choice, and must not be one another program uses with
//! exclusive create (kubectl's `<kubeconfig>.lock`): such a program would fail while the file
//! exists, and fail for good after a crash. Not here: what the lock protects.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use super::cleanup::Registered;

/// Why [`FileLock::acquire`] failed.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// The lock file's path is a symlink (refused: writing through it would create or lock a
    /// file elsewhere).
    #[error("{0} is a symlink")]
    Symlink(PathBuf),
    /// Opening, locking or inspecting the lock file failed.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// What was being done (`open`, `lock`, `inspect`).
        action: &'static str,
        /// The lock file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
}

impl LockError {
    /// The underlying I/O error, when there is one.
    pub fn io_error(&self) -> Option<&io::Error> {
        match self {
            LockError::Io { source, .. } => Some(source),
            LockError::Symlink(_) => None,
        }
    }
}

/// An exclusive OS lock on the file at a path, held until dropped.
#[derive(Debug)]
pub struct FileLock {
    path: PathBuf,
    // Released after `drop` removed the path.
    _file: File,
    registered: Option<Registered>,
}

impl FileLock {
    /// Blocks until this process holds the lock on `path` (created owner-only if missing).
    pub fn acquire(path: &Path) -> Result<FileLock, LockError> {
        let io = |action, source| LockError::Io {
            action,
            path: path.to_path_buf(),
            source,
        };
        loop {
            if is_symlink(path) {
                return Err(LockError::Symlink(path.to_path_buf()));
            }
            let file = super::create_mode(
                OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .read(true)
                    .write(true),
                super::PRIVATE_FILE,
            )
            .open(path)
            .map_err(|e| io("open", e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    // Waiting for another holder blocks the command's runtime: Ctrl-C must be
                    // watched on a thread meanwhile (`super::signal`).
                    super::signal::exit_on_signals();
                    file.lock().map_err(|e| io("lock", e))?;
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io("lock", e)),
            }
            let held = file.metadata().map_err(|e| io("inspect", e))?;
            match fs::symlink_metadata(path) {
                Ok(now) if now.file_type().is_symlink() => {
                    return Err(LockError::Symlink(path.to_path_buf()));
                }
                Ok(now) if super::same_file(&now, &held) => {
                    return Ok(FileLock {
                        path: path.to_path_buf(),
                        _file: file,
                        registered: Some(Registered::file(path)),
                    });
                }
                // The previous holder removed it after we opened it: lock the new one.
                Ok(_) => continue,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(io("inspect", e)),
            }
        }
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let path = &self.path;
        // Best effort: a file left behind only costs the next holder a removal.
        let remove = || {
            let _ = fs::remove_file(path);
        };
        match self.registered.take() {
            Some(registered) => registered.settle(remove),
            None => remove(),
        }
    }
}

fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Barrier};

    #[test]
    fn lock_is_exclusive_and_removed_on_release() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("x.lock");
        let first = FileLock::acquire(&path).expect("lock");
        let barrier = Arc::new(Barrier::new(2));
        let (p, b) = (path.clone(), barrier.clone());
        let waiter = std::thread::spawn(move || {
            b.wait();
            let started = std::time::Instant::now();
            let _second = FileLock::acquire(&p).expect("lock after release");
            started.elapsed()
        });
        barrier.wait();
        std::thread::sleep(std::time::Duration::from_millis(100));
        drop(first);
        let waited = waiter.join().expect("thread");
        assert!(waited >= std::time::Duration::from_millis(50));
        assert!(!path.exists());
    }

    #[test]
    fn a_stale_lock_file_blocks_nobody() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("x.lock");
        fs::write(&path, "").expect("leftover of a killed run");
        drop(FileLock::acquire(&path).expect("lock"));
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_lock_file_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("x.lock");
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), &path).expect("symlink");
        assert!(matches!(
            FileLock::acquire(&path),
            Err(LockError::Symlink(_))
        ));
        assert!(!dir.path().join("elsewhere").exists());
    }
}
