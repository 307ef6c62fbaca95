//! Finishing the `.dist-info` directory as pip does after unpacking: `INSTALLER`,
//! `REQUESTED`, `direct_url.json` (json.dumps with sorted keys) and a rewritten, sorted
//! `RECORD` with urlsafe sha256 hashes. It writes only inside the unpacked target; the files
//! themselves were written by `unpack`.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::unpack::{Unpacked, record_hash};
use crate::py::json::Dumps;

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Finishes the dist-info as pip does: `INSTALLER`, `REQUESTED`, `direct_url.json` (pointing at
/// `source_url`, with the wheel's sha256) and a sorted `RECORD` listing every file.
pub fn finish_dist_info(
    target: &Path,
    unpacked: &mut Unpacked,
    source_url: &str,
    wheel_sha256: &str,
) -> std::io::Result<()> {
    let direct_url = serde_json::json!({
        "archive_info": {
            "hash": format!("sha256={wheel_sha256}"),
            "hashes": {"sha256": wheel_sha256},
        },
        "url": source_url,
    });
    let extra: [(&str, Vec<u8>); 3] = [
        ("INSTALLER", b"azrs\n".to_vec()),
        ("REQUESTED", Vec::new()),
        (
            "direct_url.json",
            // pip's `DirectUrl.to_json`: `json.dumps(self._to_dict(), sort_keys=True)`.
            Dumps::DEFAULT.sort_keys().json(&direct_url).into_bytes(),
        ),
    ];
    for (file, bytes) in extra {
        let rel = format!("{}/{file}", unpacked.dist_info);
        fs::write(target.join(&rel), &bytes)?;
        let digest = Sha256::digest(&bytes);
        unpacked
            .files
            .insert(rel, (record_hash(&digest), bytes.len() as u64));
    }
    let record_rel = format!("{}/RECORD", unpacked.dist_info);
    let mut rows: Vec<String> = unpacked
        .files
        .iter()
        .map(|(path, (hash, size))| format!("{},{hash},{size}", csv_field(path)))
        .collect();
    rows.push(format!("{},,", csv_field(&record_rel)));
    rows.sort();
    let mut text = rows.join("\n");
    text.push('\n');
    fs::write(target.join(&record_rel), text)
}

/// Lists `dir`'s entries whose names satisfy `keep`, sorted, as full paths.
pub fn dir_entries(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_str().is_some_and(&keep))
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}
