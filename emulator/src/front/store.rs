//! The state directory: persists the core's `State` so that several processes (an HTTPS
//! emulator, in-process azrs runs, tests) share one emulated cloud, and keeps it in memory so
//! a request costs the same whatever the state holds.
//!
//! The state on disk is `state.json` (a snapshot, pretty-printed, replaced atomically) plus
//! `state.journal` (the requests handled since, see `journal`). A [`Store`] keeps the state it
//! last saw in memory with its position in the journal. [`Store::handle`] is one transaction:
//! take the exclusive lock on `state.lock`; catch up with what other processes appended since
//! (a `stat` when nobody did; a reload when the journal file was replaced by a compaction);
//! run the core; append one journal line; release the lock; then, for writes, wait until the
//! journal is fsync'd up to that line, so an acknowledged write survives a power cut (reads are
//! written but not synced, and the file order keeps them before any later synced write).
//! The fsync happens outside the lock and is shared: while one thread syncs, the writes that
//! arrive queue their lines, and the next fsync covers all of them (group commit). A write is
//! thus visible to other requests a few milliseconds before it is durable, never acknowledged
//! before; a power cut in between loses only writes no client was told had succeeded, along
//! with what later requests saw of them. When the journal outgrows the snapshot
//! (and at least [`COMPACT_MIN`]), the writer folds it: a new `state.json` (temporary file,
//! fsync, rename, fsync of the directory), then an empty journal swapped in the same way. A
//! crash between the two leaves journal records the new snapshot already holds; replay skips
//! them by their request counter. The cost of a compaction is linear in the state but happens
//! once per journal of at least the snapshot's size, so it stays a constant per request.
//!
//! Why a journal and not an embedded database: the core's `State` is one serde value whose
//! snapshot format tests and people read; the core is deterministic, so the request is the
//! smallest description of a change, and appending it needs no schema of the state.
//!
//! [`Store::transact`] and [`Store::load`] work on the snapshot of any serialisable value (the
//! old whole-file transaction, for tools and tests); they first fold a non-empty journal into
//! `state.json` and swap in an empty journal, so live stores notice and reload.
//!
//! A `state.json` or journal that does not parse is reported as [`StoreError::Corrupt`] naming
//! the file and is never replaced: the user decides what to do with it. A torn last journal
//! line (a writer killed mid-append) is not corruption: it was never acknowledged, and the next
//! writer cuts it off.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::core::{self, Request, Response, Settings, State};

use super::journal::{self, Catalog, JOURNAL_FILE};

/// File name of the persisted state inside a state directory.
pub const STATE_FILE: &str = "state.json";
/// File name of the lock file inside a state directory.
pub const LOCK_FILE: &str = "state.lock";
/// The journal is folded into `state.json` once it is larger than this and than the snapshot
/// (small, so a process opening the directory replays little: about 150 requests at most
/// over a small state).
pub const COMPACT_MIN: u64 = 64 * 1024;

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
    #[error(
        "emulator state journal {path} is corrupt ({source}); it was left untouched: \
         fix or remove it (and state.json) to start from an empty cloud"
    )]
    CorruptJournal {
        path: PathBuf,
        source: journal::ReplayError,
    },
    #[error("cannot serialise emulator state: {0}")]
    Serialize(serde_json::Error),
    #[error("cannot write emulator state {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A state directory. Clones share one in-memory state; separate [`Store::open`]s of one
/// directory (like separate processes) each keep their own and see each other's changes.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    live: Arc<Mutex<Option<Live>>>,
    /// The journal as written so far: which file and how far. Updated under `live`, read by
    /// the syncing thread, never held across I/O.
    written: Arc<Mutex<Option<JournalEnd>>>,
    /// How far the journal is known to be on disk; held across the fsync, so writers that find
    /// it taken wait for that fsync and then usually find their line already covered.
    synced: Arc<Mutex<Option<(FileId, u64)>>>,
}

/// Identity of a journal file (device and inode on Unix), to tell a file replaced by a
/// compaction from the one a line was appended to.
type FileId = (u64, u64);

/// The end of the journal as last written by this store.
#[derive(Debug, Clone)]
struct JournalEnd {
    id: FileId,
    offset: u64,
    file: Arc<File>,
}

/// What a write must wait for before it is acknowledged: its line in journal `id`, ending at
/// `offset`, on disk.
#[derive(Debug, Clone, Copy)]
struct SyncTicket {
    id: FileId,
    offset: u64,
}

/// The state as of `offset` bytes into the journal file `journal` (kept open, so its inode
/// cannot be reused while we compare it with whatever the path names now).
#[derive(Debug)]
struct Live {
    state: State,
    journal: File,
    /// `journal`'s identity.
    id: FileId,
    offset: u64,
    catalog: Catalog,
    snapshot_len: u64,
}

impl Store {
    /// Opens (creating if needed) the state directory `dir`.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Self, StoreError> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir).map_err(|source| StoreError::Dir {
            path: dir.clone(),
            source,
        })?;
        Ok(Self {
            dir,
            live: Arc::new(Mutex::new(None)),
            written: Arc::new(Mutex::new(None)),
            synced: Arc::new(Mutex::new(None)),
        })
    }

    /// The directory this store lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Path of `state.json`.
    pub fn state_path(&self) -> PathBuf {
        self.dir.join(STATE_FILE)
    }

    /// Path of `state.journal`.
    pub fn journal_path(&self) -> PathBuf {
        self.dir.join(JOURNAL_FILE)
    }

    /// Reads the current state under the lock without changing it (the journal is folded
    /// into `state.json` first).
    pub fn load<S: DeserializeOwned + Default>(&self) -> Result<S, StoreError> {
        let _lock = self.lock()?;
        self.fold_journal()?;
        Ok(self.read::<S>()?.1)
    }

    /// Runs `f` on the snapshot under the exclusive lock and saves the result atomically if
    /// it changed. The lock blocks until other processes and threads are done.
    pub fn transact<S, T>(&self, f: impl FnOnce(&mut S) -> T) -> Result<T, StoreError>
    where
        S: Serialize + DeserializeOwned + Default,
    {
        let _lock = self.lock()?;
        self.fold_journal()?;
        let (before, mut state) = self.read::<S>()?;
        let out = f(&mut state);
        let after = pretty(&state)?;
        if before.as_deref() != Some(after.as_slice()) {
            self.write_atomically(&self.state_path(), &after)?;
            // Live stores hold the old state in memory: a new journal file tells them to
            // reload.
            if self.journal_path().exists() {
                self.reset_journal()?;
            }
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

    /// Folds a non-empty journal into `state.json`; the caller holds the lock.
    fn fold_journal(&self) -> Result<(), StoreError> {
        let len = match std::fs::metadata(self.journal_path()) {
            Ok(m) => m.len(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(source) => {
                return Err(StoreError::Read {
                    path: self.journal_path(),
                    source,
                });
            }
        };
        if len == 0 {
            return Ok(());
        }
        let mut live = self.load_live()?;
        self.compact(&mut live)
    }

    /// Handles one request with the core as one journaled transaction.
    pub fn handle(
        &self,
        settings: &Settings,
        now: SystemTime,
        req: &Request,
    ) -> Result<Response, StoreError> {
        let mut slot = self.live.lock().unwrap_or_else(PoisonError::into_inner);
        let _lock = self.lock()?;
        let mut live = match slot.take() {
            Some(live) => self.catch_up(live)?,
            None => self.load_live()?,
        };
        let counter = live.state.counter;
        // Person sign-in is the one non-ARM route that changes the state (see journal).
        let entra_before =
            (!journal::is_arm(&req.path_and_query)).then(|| live.state.entra.clone());
        let resp = core::handle(&mut live.state, settings, now, req);
        let entra = entra_before
            .filter(|before| *before != live.state.entra)
            .map(|_| &live.state.entra);
        let (n, def) = live.catalog.settings_line(settings);
        let mut bytes = def.unwrap_or_default();
        bytes.extend(journal::record_line(counter, n, now, req, &resp, entra));
        let durable = !matches!(req.method.as_str(), "GET" | "HEAD");
        // On failure `slot` stays empty: the next request reloads what is on disk.
        self.append(&mut live, &bytes)?;
        let mut ticket = durable.then_some(SyncTicket {
            id: live.id,
            offset: live.offset,
        });
        if live.offset > COMPACT_MIN.max(live.snapshot_len) {
            match self.compact(&mut live) {
                // The fsync'd snapshot holds this request: nothing left to wait for.
                Ok(()) => ticket = None,
                // The line is written: its fsync below makes it durable, and a failed
                // compaction is retried next time.
                Err(e) => tracing::warn!("cannot compact the emulator state: {e}"),
            }
        }
        self.note_written(&live)?;
        *slot = Some(live);
        drop(_lock);
        drop(slot);
        if let Some(ticket) = ticket {
            self.sync_to(ticket)?;
        }
        Ok(resp)
    }

    /// Publishes how far `live`'s journal is written, for [`Self::sync_to`].
    fn note_written(&self, live: &Live) -> Result<(), StoreError> {
        let mut written = self.written.lock().unwrap_or_else(PoisonError::into_inner);
        match written.as_mut() {
            Some(end) if end.id == live.id => end.offset = live.offset,
            _ => {
                let file = live
                    .journal
                    .try_clone()
                    .map_err(|source| StoreError::Write {
                        path: self.journal_path(),
                        source,
                    })?;
                *written = Some(JournalEnd {
                    id: live.id,
                    offset: live.offset,
                    file: Arc::new(file),
                });
            }
        }
        Ok(())
    }

    /// Returns once the journal is on disk up to `ticket`, syncing it if no other thread has
    /// (one fsync covers every line written before it starts).
    fn sync_to(&self, ticket: SyncTicket) -> Result<(), StoreError> {
        let mut synced = self.synced.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((id, offset)) = *synced
            && id == ticket.id
            && offset >= ticket.offset
        {
            return Ok(());
        }
        let end = self
            .written
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        match end {
            Some(end) if end.id == ticket.id => {
                end.file.sync_data().map_err(|source| StoreError::Write {
                    path: self.journal_path(),
                    source,
                })?;
                *synced = Some((end.id, end.offset));
            }
            // The journal was replaced since (a live store switches files only when the path
            // names another one): only a compaction does that, after an fsync'd snapshot
            // holding every line of the old file (a store reads all complete lines before it
            // compacts).
            _ => {}
        }
        Ok(())
    }

    /// Brings `live` up to date with the directory; the caller holds the lock.
    fn catch_up(&self, mut live: Live) -> Result<Live, StoreError> {
        let path = self.journal_path();
        let on_disk = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return self.load_live(),
            Err(source) => return Err(StoreError::Read { path, source }),
        };
        if file_id(&on_disk) != live.id || on_disk.len() < live.offset {
            return self.load_live();
        }
        if on_disk.len() > live.offset {
            let mut tail = Vec::new();
            let read = live
                .journal
                .seek(SeekFrom::Start(live.offset))
                .and_then(|_| live.journal.read_to_end(&mut tail));
            read.map_err(|source| StoreError::Read {
                path: path.clone(),
                source,
            })?;
            let used = journal::replay(&mut live.state, &mut live.catalog, &tail)
                .map_err(|source| StoreError::CorruptJournal { path, source })?;
            live.offset += used as u64;
        }
        Ok(live)
    }

    /// Reads `state.json` and replays the whole journal; the caller holds the lock.
    fn load_live(&self) -> Result<Live, StoreError> {
        let (snapshot, mut state) = self.read::<State>()?;
        let path = self.journal_path();
        let err = |source| StoreError::Read {
            path: path.clone(),
            source,
        };
        let mut journal = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .append(true)
            .open(&path)
            .map_err(err)?;
        let mut bytes = Vec::new();
        journal.read_to_end(&mut bytes).map_err(err)?;
        let mut catalog = Catalog::default();
        let used = journal::replay(&mut state, &mut catalog, &bytes).map_err(|source| {
            StoreError::CorruptJournal {
                path: path.clone(),
                source,
            }
        })?;
        let id = journal.metadata().map(|m| file_id(&m)).map_err(err)?;
        Ok(Live {
            state,
            id,
            journal,
            offset: used as u64,
            catalog,
            snapshot_len: snapshot.map_or(0, |s| s.len() as u64),
        })
    }

    /// Appends `bytes` at `live.offset`, cutting off a torn line left by a killed writer.
    fn append(&self, live: &mut Live, bytes: &[u8]) -> Result<(), StoreError> {
        let err = |source| StoreError::Write {
            path: self.journal_path(),
            source,
        };
        let len = live.journal.metadata().map_err(err)?.len();
        if len > live.offset {
            live.journal.set_len(live.offset).map_err(err)?;
        }
        // One write in append mode: concurrent readers see whole lines or a torn tail.
        live.journal.write_all(bytes).map_err(err)?;
        live.offset += bytes.len() as u64;
        Ok(())
    }

    /// Writes `live.state` as the new `state.json` and swaps in an empty journal.
    fn compact(&self, live: &mut Live) -> Result<(), StoreError> {
        let snapshot = pretty(&live.state)?;
        self.write_atomically(&self.state_path(), &snapshot)?;
        live.snapshot_len = snapshot.len() as u64;
        // Until the swap below, the old journal's records are all older than the snapshot,
        // so a reload skips them.
        live.journal = self.reset_journal()?;
        live.id = live
            .journal
            .metadata()
            .map(|m| file_id(&m))
            .map_err(|source| StoreError::Write {
                path: self.journal_path(),
                source,
            })?;
        live.offset = 0;
        live.catalog.clear();
        Ok(())
    }

    /// Replaces the journal with an empty file (a new inode, so live stores reload).
    fn reset_journal(&self) -> Result<File, StoreError> {
        let path = self.journal_path();
        let err = |source| StoreError::Write {
            path: path.clone(),
            source,
        };
        let tmp = tempfile::NamedTempFile::new_in(&self.dir).map_err(err)?;
        let file = tmp.persist(&path).map_err(|e| err(e.error))?;
        sync_dir(&self.dir).map_err(err)?;
        // Reopened in append mode; the handle from the temporary file is not.
        drop(file);
        OpenOptions::new()
            .read(true)
            .append(true)
            .open(&path)
            .map_err(err)
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

fn pretty<S: Serialize>(state: &S) -> Result<Vec<u8>, StoreError> {
    let mut bytes = serde_json::to_vec_pretty(state).map_err(StoreError::Serialize)?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(unix)]
fn file_id(m: &std::fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino())
}

#[cfg(not(unix))]
fn file_id(m: &std::fs::Metadata) -> FileId {
    // As `same_file`: the creation time stands in for the inode.
    let created = m
        .created()
        .ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .unwrap_or_default();
    (created.as_secs(), u64::from(created.subsec_nanos()))
}

/// Makes a rename inside `dir` durable.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    // Windows has no directory handles to sync; its renames are journaled by NTFS.
    Ok(())
}

/// Writes `bytes` to `path` via a temporary file in `dir` (same file system), rename and a
/// sync of the directory.
pub(crate) fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let err = |source| StoreError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    sync_dir(dir).map_err(err)?;
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

    fn put_group(name: &str) -> Request {
        let s = settings();
        Request {
            method: "PUT".into(),
            path_and_query: format!(
                "/subscriptions/{}/resourcegroups/{name}?api-version=2024-11-01",
                s.subscription_id
            ),
            headers: vec![
                (
                    "authorization".into(),
                    format!("Bearer {}", core::arm_token(&s, SystemTime::now())),
                ),
                ("content-type".into(), "application/json".into()),
            ],
            body: br#"{"location":"westus2"}"#.to_vec(),
        }
    }

    fn settings() -> Settings {
        Settings::new("https://127.0.0.1:1")
    }

    #[test]
    fn two_stores_share_changes_across_compactions() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b) = (
            Store::open(dir.path()).expect("a"),
            Store::open(dir.path()).expect("b"),
        );
        let s = settings();
        let mut compactions = 0;
        let mut last_len = 0;
        for i in 0..400 {
            let store = if i % 3 == 0 { &b } else { &a };
            let resp = store
                .handle(&s, SystemTime::now(), &put_group(&format!("g{i}")))
                .expect("handle");
            assert_eq!(resp.status, 201, "g{i}");
            let len = std::fs::metadata(a.journal_path()).expect("journal").len();
            if len < last_len {
                compactions += 1;
            }
            last_len = len;
        }
        assert!(compactions > 0, "the journal was never compacted");
        // Each store sees the other's groups, and a fresh one sees all of them.
        for store in [&a, &b, &Store::open(dir.path()).expect("c")] {
            let resp = store
                .handle(
                    &s,
                    SystemTime::now(),
                    &Request {
                        method: "HEAD".into(),
                        ..put_group("g398")
                    },
                )
                .expect("head");
            assert_eq!(resp.status, 204);
        }
        let state: State = a.load().expect("load folds the journal");
        assert_eq!(state.groups.len(), 400);
        assert_eq!(
            std::fs::metadata(a.journal_path()).expect("journal").len(),
            0
        );
        // The snapshot on its own holds everything once folded.
        let text = std::fs::read(a.state_path()).expect("state.json");
        let snapshot: State = serde_json::from_slice(&text).expect("parses");
        assert_eq!(snapshot.groups.len(), 400);
        assert_eq!(snapshot.counter, state.counter);
    }

    #[test]
    fn a_torn_journal_tail_is_cut_off_by_the_next_writer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = settings();
        let a = Store::open(dir.path()).expect("a");
        a.handle(&s, SystemTime::now(), &put_group("first"))
            .expect("first");
        // A writer killed mid-append leaves half a line.
        let mut f = OpenOptions::new()
            .append(true)
            .open(a.journal_path())
            .expect("journal");
        f.write_all(b"{\"c\": 1, \"s\": 0, \"t\"").expect("torn");
        let b = Store::open(dir.path()).expect("b");
        b.handle(&s, SystemTime::now(), &put_group("second"))
            .expect("second");
        let state: State = Store::open(dir.path()).expect("c").load().expect("load");
        assert!(state.groups.contains_key("first") && state.groups.contains_key("second"));
    }
}
