//! The lock az takes around its MSAL files (msal-extensions' `CrossPlatLock`): `<file>.lockfile`
//! next to `msal_token_cache.json` and `service_principal_entries.json`. az's protocol, which
//! azrs follows so that az and azrs processes exclude each other:
//!
//! 1. create the lock file with exclusive create (`open(path, 'x')`), retrying for up to five
//!    seconds while it exists; after five seconds go on anyway (a holder killed with `-9` left
//!    it behind);
//! 2. take an OS lock (`flock`) on it and write `"<pid> <argv0>"` into it;
//! 3. read, merge and write the protected file;
//! 4. release the OS lock and remove the lock file.
//!
//! The exclusive create is what really serialises writers (az removes the file while another
//! process may hold it open); the OS lock only covers the five-second fallback. Readers take no
//! lock: az retries a read that does not parse, and so does azrs. Not here: what is written
//! (the callers, `config::secrets` and `auth::msal`).

use std::fs::{File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::platform::cleanup::Registered;

/// How long az waits for an existing lock file before going on without it.
pub const STALE_AFTER: Duration = Duration::from_secs(5);
/// How often azrs looks again (az looks every 0.25 s; azrs holds the lock for milliseconds).
const POLL: Duration = Duration::from_millis(5);

/// A held `CrossPlatLock`; released (and its file removed) on drop.
#[derive(Debug)]
pub struct MsalLock {
    path: PathBuf,
    file: File,
    registered: Option<Registered>,
}

impl MsalLock {
    /// Takes the lock that guards `protected` (the lock file is `<protected>.lockfile`).
    pub fn acquire(protected: &Path) -> io::Result<MsalLock> {
        let mut name = protected.as_os_str().to_owned();
        name.push(".lockfile");
        let path = PathBuf::from(name);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let deadline = Instant::now() + STALE_AFTER;
        let mut file = loop {
            let mut o = OpenOptions::new();
            o.write(true).create_new(true);
            match crate::platform::create_mode(&mut o, crate::platform::PRIVATE_FILE).open(&path) {
                Ok(f) => break f,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    if Instant::now() >= deadline {
                        // az's fallback: the OS lock alone, on the file that is there.
                        let mut o = OpenOptions::new();
                        o.write(true).create(true).truncate(false);
                        break crate::platform::create_mode(&mut o, crate::platform::PRIVATE_FILE)
                            .open(&path)?;
                    }
                    std::thread::sleep(POLL);
                }
                Err(e) => return Err(e),
            }
        };
        let registered = Registered::file(&path);
        file.lock()?;
        // What az writes into it; only a diagnostic for whoever finds the file.
        let argv0 = std::env::args().next().unwrap_or_default();
        let _ = write!(file, "{} {argv0}", std::process::id());
        Ok(MsalLock {
            path,
            file,
            registered: Some(registered),
        })
    }
}

impl Drop for MsalLock {
    fn drop(&mut self) {
        let path = &self.path;
        let _ = self.file.unlock();
        let remove = || {
            let _ = std::fs::remove_file(path);
        };
        match self.registered.take() {
            Some(r) => r.settle(remove),
            None => remove(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_file_exists_while_held_and_is_removed_after() {
        let dir = tempfile::tempdir().expect("dir");
        let protected = dir.path().join("msal_token_cache.json");
        let lockfile = dir.path().join("msal_token_cache.json.lockfile");
        {
            let _held = MsalLock::acquire(&protected).expect("lock");
            assert!(lockfile.exists());
        }
        assert!(!lockfile.exists());
    }

    #[test]
    fn holders_exclude_each_other() {
        let dir = tempfile::tempdir().expect("dir");
        let protected = dir.path().join("f.json");
        let counter = std::sync::Arc::new(std::sync::Mutex::new((0u32, 0u32)));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let protected = protected.clone();
                let counter = counter.clone();
                std::thread::spawn(move || {
                    for _ in 0..10 {
                        let _held = MsalLock::acquire(&protected).expect("lock");
                        {
                            let mut c = counter.lock().expect("mutex");
                            c.0 += 1;
                            c.1 = c.1.max(c.0);
                        }
                        std::thread::sleep(Duration::from_millis(1));
                        counter.lock().expect("mutex").0 -= 1;
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().expect("thread");
        }
        assert_eq!(counter.lock().expect("mutex").1, 1, "two holders at once");
    }
}
