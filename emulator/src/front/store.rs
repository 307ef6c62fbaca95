//! The state directory: persists the core's `State` as `state.json` so that several
//! processes (an HTTPS emulator, in-process azrs runs, tests) share one emulated cloud.
//!
//! Every request is one transaction: take the exclusive lock on `state.lock`, load
//! `state.json` (missing = default state), run the handler, and, if the serialised state
//! changed, write it to a temporary file in the same directory and rename it over
//! `state.json`. A reader therefore sees either the old or the new file, never half of one.
//! The lock lives in its own file because renaming replaces `state.json`'s inode.
//!
//! A `state.json` that does not parse is reported as [`StoreError::Corrupt`] naming the
//! file and is never replaced: the user decides what to do with it.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::core::{self, Request, Response, Settings, State};

/// File name of the persisted state inside a state directory.
pub const STATE_FILE: &str = "state.json";
/// File name of the lock file inside a state directory.
pub const LOCK_FILE: &str = "state.lock";

/// Why the state directory could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot use emulator state directory {path}: {source}")]
    Dir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot lock emulator state {path}: {source}")]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read emulator state {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "emulator state file {path} is corrupt ({source}); it was left untouched: \
         fix or remove it to start from an empty cloud"
    )]
    Corrupt {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("cannot serialise emulator state: {0}")]
    Serialize(serde_json::Error),
    #[error("cannot write emulator state {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A state directory. Cheap to clone; holds no open files between transactions.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the state directory `dir`.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Self, StoreError> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir).map_err(|source| StoreError::Dir {
            path: dir.clone(),
            source,
        })?;
        Ok(Self { dir })
    }

    /// The directory this store lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Path of `state.json`.
    pub fn state_path(&self) -> PathBuf {
        self.dir.join(STATE_FILE)
    }

    /// Reads the current state under the lock without changing it.
    pub fn load<S: DeserializeOwned + Default>(&self) -> Result<S, StoreError> {
        let _lock = self.lock()?;
        Ok(self.read::<S>()?.1)
    }

    /// Runs `f` on the state under the exclusive lock and saves the result atomically if
    /// it changed. The lock blocks until other processes and threads are done.
    pub fn transact<S, T>(&self, f: impl FnOnce(&mut S) -> T) -> Result<T, StoreError>
    where
        S: Serialize + DeserializeOwned + Default,
    {
        let _lock = self.lock()?;
        let (before, mut state) = self.read::<S>()?;
        let out = f(&mut state);
        let mut after = serde_json::to_vec_pretty(&state).map_err(StoreError::Serialize)?;
        after.push(b'\n');
        if before.as_deref() != Some(after.as_slice()) {
            self.write_atomically(&self.state_path(), &after)?;
        }
        Ok(out)
    }

    /// Reads and parses `state.json`; the caller holds the lock.
    fn read<S: DeserializeOwned + Default>(&self) -> Result<(Option<Vec<u8>>, S), StoreError> {
        let path = self.state_path();
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((None, S::default())),
            Err(source) => return Err(StoreError::Read { path, source }),
        };
        let state = serde_json::from_slice(&bytes)
            .map_err(|source| StoreError::Corrupt { path, source })?;
        Ok((Some(bytes), state))
    }

    /// Handles one request with the core: load → handle → save.
    pub fn handle(
        &self,
        settings: &Settings,
        now: SystemTime,
        req: &Request,
    ) -> Result<Response, StoreError> {
        self.transact(|state: &mut State| core::handle(state, settings, now, req))
    }

    /// Writes `bytes` to `path` (inside this directory) via a temporary file and rename.
    pub fn write_atomically(&self, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
        write_atomically(&self.dir, path, bytes)
    }

    fn lock(&self) -> Result<File, StoreError> {
        let path = self.dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| StoreError::Lock {
                path: path.clone(),
                source,
            })?;
        // Released when the returned `File` is dropped (closing the descriptor).
        file.lock()
            .map_err(|source| StoreError::Lock { path, source })?;
        Ok(file)
    }
}

/// Writes `bytes` to `path` via a temporary file in `dir` (same file system) and rename.
pub(crate) fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let err = |source| StoreError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_state_is_default_and_changes_are_saved() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        let n = store
            .transact(|v: &mut serde_json::Value| {
                assert!(v.is_null());
                *v = serde_json::json!({"n": 1});
                7
            })
            .expect("transact");
        assert_eq!(n, 7);
        let v: serde_json::Value = store.load().expect("load");
        assert_eq!(v, serde_json::json!({"n": 1}));
    }

    #[test]
    fn unchanged_state_is_not_rewritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        std::fs::write(store.state_path(), "{\"a\": 1}").expect("seed");
        let _: serde_json::Value = store.load().expect("load");
        // Byte-identical means not rewritten (a rewrite would pretty-print it).
        assert_eq!(
            std::fs::read_to_string(store.state_path()).expect("read"),
            "{\"a\": 1}"
        );
    }

    #[test]
    fn corrupt_state_names_the_file_and_is_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        std::fs::write(store.state_path(), "{not json").expect("seed");
        let err = store
            .transact(|v: &mut serde_json::Value| *v = serde_json::json!(1))
            .expect_err("corrupt");
        assert!(matches!(err, StoreError::Corrupt { .. }));
        assert!(
            err.to_string()
                .contains(&store.state_path().display().to_string())
        );
        assert_eq!(
            std::fs::read_to_string(store.state_path()).expect("read"),
            "{not json"
        );
    }
}
