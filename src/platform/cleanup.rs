//! What a run leaves on disk while it works (temporary files, staging directories, lock
//! files), registered so that it can be removed when the run is ended by a signal, and swept
//! when a previous run was killed outright (`kill -9`, power loss) and could remove nothing.
//!
//! Registration and removal share one mutex with the step that makes a temporary thing
//! permanent ([`Registered::settle`]: the rename of a temp file over its target, the swap of a
//! staging directory), so a signal never deletes something half-way into place: either the
//! rename happened and the temp name is gone, or the temp is removed and the rename never runs
//! (the process exits while the mutex is held).
//!
//! Not here: when a signal ends the run (`super::signal`) and what the things are (callers).

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// One registered path and whether it is a directory (removed with its contents).
struct Entry {
    id: u64,
    path: PathBuf,
    dir: bool,
}

struct Registry {
    next: u64,
    entries: Vec<Entry>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    next: 0,
    entries: Vec::new(),
});

fn registry() -> MutexGuard<'static, Registry> {
    // A panic elsewhere while holding it leaves the list intact; keep using it.
    REGISTRY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A path removed if the run is ended by a signal, until the value is dropped.
#[derive(Debug)]
pub struct Registered {
    id: u64,
}

impl Registered {
    /// Registers the file at `path`.
    pub fn file(path: &Path) -> Registered {
        Registered::add(path, false)
    }

    /// Registers the directory at `path` (removed with everything in it).
    pub fn dir(path: &Path) -> Registered {
        Registered::add(path, true)
    }

    fn add(path: &Path, dir: bool) -> Registered {
        // The signal watcher starts lazily (commands that only print never need it); whatever
        // registers something to remove makes sure the signals are watched: by the command's
        // runtime when it races them, by the watcher thread otherwise.
        super::signal::watch_for_cleanup();
        let mut reg = registry();
        reg.next += 1;
        let id = reg.next;
        reg.entries.push(Entry {
            id,
            path: path.to_path_buf(),
            dir,
        });
        Registered { id }
    }

    /// Runs `step` (the rename that makes the registered thing permanent, or its removal) with
    /// signal cleanup held off, then stops tracking the path.
    pub fn settle<R>(self, step: impl FnOnce() -> R) -> R {
        let mut reg = registry();
        let result = step();
        reg.entries.retain(|e| e.id != self.id);
        drop(reg);
        std::mem::forget(self);
        result
    }

    /// Runs `step` with signal cleanup held off and keeps tracking the path: for a step that
    /// moves things in or out of a registered directory (a swap through a staging directory)
    /// and must not be cut in half by the cleanup.
    pub fn guard<R>(&self, step: impl FnOnce() -> R) -> R {
        let _reg = registry();
        step()
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        registry().entries.retain(|e| e.id != self.id);
    }
}

/// Removes everything registered and returns with the registry locked, so nothing can be
/// renamed into place afterwards; the caller ends the process while holding the guard.
pub(crate) fn remove_all() -> impl Drop {
    let reg = registry();
    for entry in reg.entries.iter().rev() {
        let _ = if entry.dir {
            fs::remove_dir_all(&entry.path)
        } else {
            fs::remove_file(&entry.path)
        };
    }
    reg
}

/// Removes what a killed run left in `dir`: every file whose name `is_litter` accepts and
/// that no live process holds an OS lock on. A live writer holds one from the moment the file
/// exists (see [`hold`]), so only the leftovers of dead processes are removed. Best effort:
/// nothing here is worth failing a command for.
pub fn sweep(dir: &Path, is_litter: impl Fn(&str) -> bool) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !is_litter(name) {
            continue;
        }
        let path = entry.path();
        if is_abandoned(&path) {
            let _ = fs::remove_file(&path);
            tracing::debug!(path = %path.display(), "removed what a killed run left behind");
        }
    }
}

/// Whether no live process holds the OS lock on the file at `path` (false when it cannot be
/// opened). This process then holds it until the returned check's file is closed, which is
/// at once: callers act on the answer only for files whose owners are gone for good.
pub fn is_abandoned(path: &Path) -> bool {
    File::open(path).is_ok_and(|file| matches!(file.try_lock(), Ok(())))
}

/// Takes the OS lock on the freshly created `file` at `path` that marks it as in use, and
/// checks that a sweeper did not remove it in the instant between its creation and the lock.
/// `Ok(false)`: it was removed; create another.
pub fn hold(file: &File, path: &Path) -> io::Result<bool> {
    file.lock()?;
    let held = file.metadata()?;
    match fs::symlink_metadata(path) {
        Ok(now) => Ok(super::same_file(&now, &held)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_removes_only_unlocked_litter() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dead = dir.path().join(".config.dead.tmp");
        let live = dir.path().join(".config.live.tmp");
        let other = dir.path().join("config");
        for p in [&dead, &live, &other] {
            fs::write(p, "x").expect("write");
        }
        let held = File::open(&live).expect("open");
        assert!(hold(&held, &live).expect("lock"));
        sweep(dir.path(), |n| {
            n.starts_with(".config.") && n.ends_with(".tmp")
        });
        assert!(!dead.exists());
        assert!(live.exists());
        assert!(other.exists());
    }

    #[test]
    fn settle_stops_tracking() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("t");
        fs::write(&p, "x").expect("write");
        let reg = Registered::file(&p);
        let id = reg.id;
        assert!(registry().entries.iter().any(|e| e.id == id));
        reg.settle(|| ());
        assert!(!registry().entries.iter().any(|e| e.id == id));
        assert!(p.exists());
    }
}
