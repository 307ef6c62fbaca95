//! `completion_cache.json` in the config dir: the names the last completions listed, so that
//! pressing Tab again within [`TTL`] sends no request. Keyed by subscription, kind and group
//! (`<sub>/<kind>/<group or *>`), each entry with the time it was listed. Written atomically
//! (readers see the old file or the new one), owner-only like az's other files there;
//! expired entries are dropped on each write so the file stays small. A missing, unreadable
//! or malformed file is an empty cache, never an error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::NameQuery;

/// How long listed names are offered again without asking ARM.
pub const TTL: Duration = Duration::from_secs(30);

/// The file's name in the config dir.
pub const FILE: &str = "completion_cache.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    #[serde(default)]
    entries: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// Seconds since the Unix epoch when the names were listed.
    listed_at: u64,
    names: Vec<String>,
}

/// Where the cache lives for a config dir.
pub fn path(config_dir: &Path) -> PathBuf {
    config_dir.join(FILE)
}

/// The key for `query` in `subscription` (groups compared as ARM does, case-insensitively).
pub fn key(subscription: &str, query: &NameQuery) -> String {
    let group = query
        .resource_group
        .as_deref()
        .map(str::to_lowercase)
        .unwrap_or_else(|| "*".to_owned());
    format!(
        "{}/{}/{group}",
        subscription.to_lowercase(),
        query.kind.key()
    )
}

fn secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn fresh(entry: &Entry, now: u64) -> bool {
    // A time in the future (a clock set back) is not trusted.
    entry.listed_at <= now && now - entry.listed_at < TTL.as_secs()
}

fn read(file: &Path) -> CacheFile {
    std::fs::read(file)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// The names stored under `key`, if listed less than [`TTL`] before `now`.
pub fn lookup(file: &Path, key: &str, now: SystemTime) -> Option<Vec<String>> {
    let now = secs(now);
    read(file)
        .entries
        .get(key)
        .filter(|e| fresh(e, now))
        .map(|e| e.names.clone())
}

/// Stores `names` under `key` as listed at `now`, dropping expired entries.
pub fn store(file: &Path, key: &str, names: &[String], now: SystemTime) -> std::io::Result<()> {
    let now = secs(now);
    let mut cache = read(file);
    cache.entries.retain(|_, e| fresh(e, now));
    cache.entries.insert(
        key.to_owned(),
        Entry {
            listed_at: now,
            names: names.to_vec(),
        },
    );
    let bytes = serde_json::to_vec(&cache).map_err(std::io::Error::other)?;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::platform::write_atomic(
        file,
        &bytes,
        crate::platform::AtomicWrite {
            mode: Some(0o600),
            follow_symlink: false,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::complete::NameKind;

    fn query(rg: Option<&str>) -> NameQuery {
        NameQuery {
            kind: NameKind::Cluster,
            resource_group: rg.map(str::to_owned),
            prefix: String::new(),
        }
    }

    #[test]
    fn entries_expire_after_the_ttl_and_keys_separate_what_was_listed() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = path(dir.path());
        let t0 = UNIX_EPOCH + Duration::from_secs(1_000_000);
        let k = key("SUB", &query(Some("RG")));
        assert_eq!(k, "sub/clusters/rg");
        assert_ne!(k, key("sub", &query(None)));
        assert_eq!(lookup(&file, &k, t0), None);
        store(&file, &k, &["c1".to_owned()], t0).expect("store");
        assert_eq!(lookup(&file, &k, t0 + TTL / 2), Some(vec!["c1".to_owned()]));
        assert_eq!(lookup(&file, &k, t0 + TTL), None);
        assert_eq!(lookup(&file, &k, t0 - Duration::from_secs(5)), None);
        // An expired entry is dropped by the next write.
        let other = key("sub", &query(None));
        store(&file, &other, &[], t0 + TTL).expect("store");
        let text = std::fs::read_to_string(&file).expect("read");
        assert!(!text.contains("sub/clusters/rg"), "{text}");
    }

    #[test]
    fn a_malformed_file_is_an_empty_cache() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = path(dir.path());
        std::fs::write(&file, "{not json").expect("write");
        assert_eq!(lookup(&file, "k", SystemTime::now()), None);
        store(&file, "k", &["x".to_owned()], SystemTime::now()).expect("store");
        assert_eq!(
            lookup(&file, "k", SystemTime::now()),
            Some(vec!["x".to_owned()])
        );
    }
}
