//! Unpacking a wheel the way `pip install --target` lays it out: every archive entry is
//! checked before anything is written (no absolute paths, no `..`, no symlinks, no
//! duplicates, bounded size), files are written into a fresh directory with their sha256, and
//! `<dist>.data/` subtrees are mapped as pip's target scheme maps them. Finishing the
//! `.dist-info` afterwards is `dist_info`'s.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Component, Path};

use base64::Engine;
use sha2::{Digest, Sha256};

/// Upper bound on the total unpacked size of one wheel (aks-preview is a few MiB unpacked).
const MAX_UNPACKED_BYTES: u64 = 1 << 30;

/// Why a wheel was refused; shown to the user as az's "The extension is invalid." plus detail.
#[derive(Debug, thiserror::Error)]
pub enum WheelError {
    /// No end-of-central-directory record where Python's `zipfile` looks for one: az dies with
    /// `zipfile.BadZipFile: File is not a zip file`.
    #[error("File is not a zip file")]
    NotZip,
    #[error("not a readable zip archive: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("unsafe entry {0:?} (absolute path, '..', or not a plain relative path)")]
    UnsafePath(String),
    #[error("entry {0:?} is a symbolic link")]
    Symlink(String),
    #[error("entry {0:?} appears more than once")]
    Duplicate(String),
    #[error("unpacked size exceeds {MAX_UNPACKED_BYTES} bytes")]
    TooLarge,
    #[error("expected exactly one top-level '*.dist-info' directory for '{0}', found {1}")]
    DistInfo(String, usize),
    #[error("'{0}' has no METADATA")]
    NoMetadata(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// What unpacking produced.
#[derive(Debug)]
pub struct Unpacked {
    /// Name of the `*.dist-info` directory (relative to the target).
    pub dist_info: String,
    /// Every file written, target-relative with `/`, with its sha256 (RECORD form) and size.
    pub files: BTreeMap<String, (String, u64)>,
}

/// A checked archive entry: its index and where it goes below the target.
struct Planned {
    index: usize,
    dest: String,
    executable: bool,
}

/// Checks one entry name and returns its normalized relative path, or why it is unsafe.
pub(super) fn safe_relative(name: &str) -> Result<String, WheelError> {
    let unsafe_path = || WheelError::UnsafePath(name.to_string());
    if name.is_empty() || name.contains('\\') || name.contains('\0') {
        return Err(unsafe_path());
    }
    // A drive letter or UNC prefix is absolute on Windows even though it is not on Unix.
    if name.len() >= 2 && name.as_bytes()[1] == b':' {
        return Err(unsafe_path());
    }
    let mut parts = Vec::new();
    for c in Path::new(name).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str().ok_or_else(unsafe_path)?),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => {
                return Err(unsafe_path());
            }
        }
    }
    if parts.is_empty() {
        return Err(unsafe_path());
    }
    Ok(parts.join("/"))
}

/// Where pip's target scheme puts a file from `<dist>.data/<scheme>/...`.
fn map_data_dir(rel: &str, data_dir: &str, dist: &str) -> String {
    let Some(inner) = rel.strip_prefix(data_dir).and_then(|r| r.strip_prefix('/')) else {
        return rel.to_string();
    };
    let (scheme, rest) = inner.split_once('/').unwrap_or((inner, ""));
    match scheme {
        "purelib" | "platlib" | "data" => rest.to_string(),
        "scripts" => format!("bin/{rest}"),
        "headers" => format!("include/{dist}/{rest}"),
        _ => rel.to_string(),
    }
}

/// Whether the file has an end-of-central-directory signature (`PK\x05\x06`) in the place
/// Python's `zipfile._EndRecData` searches: the last 22 bytes plus a comment of at most 64 KiB.
fn has_end_record(file: &mut fs::File) -> std::io::Result<bool> {
    use std::io::{Seek, SeekFrom};
    const TAIL: u64 = 22 + 0xffff;
    let len = file.metadata()?.len();
    file.seek(SeekFrom::Start(len.saturating_sub(TAIL)))?;
    let mut tail = Vec::new();
    file.take(TAIL).read_to_end(&mut tail)?;
    file.seek(SeekFrom::Start(0))?;
    Ok(len >= 22 && tail.windows(4).any(|w| w == b"PK\x05\x06"))
}

/// Unpacks `wheel` into `target` (which must exist and be empty). Every entry is checked before
/// the first byte is written, so a refused wheel leaves `target` empty. `dist_name` is the
/// distribution name from the file name (`aks_preview`).
pub fn unpack(wheel: &Path, target: &Path, dist_name: &str) -> Result<Unpacked, WheelError> {
    let mut file = fs::File::open(wheel)?;
    if !has_end_record(&mut file)? {
        return Err(WheelError::NotZip);
    }
    let mut archive = zip::ZipArchive::new(file)?;
    let mut plan: Vec<Planned> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut total: u64 = 0;
    let mut dist_infos = std::collections::BTreeSet::new();
    let normalized = normalize_dist(dist_name);
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index)?;
        let name = entry.name()?.into_owned();
        if entry.is_symlink() || entry.unix_mode().is_some_and(|m| m & 0o170000 == 0o120000) {
            return Err(WheelError::Symlink(name));
        }
        let rel = safe_relative(&name)?;
        if entry.is_dir() {
            continue;
        }
        total = total.saturating_add(entry.size());
        if total > MAX_UNPACKED_BYTES {
            return Err(WheelError::TooLarge);
        }
        if let Some((top, _)) = rel.split_once('/')
            && let Some(stem) = top.strip_suffix(".dist-info")
        {
            let dist = stem.split('-').next().unwrap_or(stem);
            if normalize_dist(dist) == normalized {
                dist_infos.insert(top.to_string());
            }
        }
        let executable = entry.unix_mode().is_some_and(|m| m & 0o111 != 0);
        plan.push(Planned {
            index,
            dest: rel,
            executable,
        });
    }
    if dist_infos.len() != 1 {
        return Err(WheelError::DistInfo(
            dist_name.to_string(),
            dist_infos.len(),
        ));
    }
    let dist_info = dist_infos.into_iter().next().unwrap_or_default();
    if !plan
        .iter()
        .any(|p| p.dest == format!("{dist_info}/METADATA"))
    {
        return Err(WheelError::NoMetadata(dist_info));
    }
    let data_dir = format!("{}.data", dist_info.trim_end_matches(".dist-info"));
    for p in &mut plan {
        p.dest = map_data_dir(&p.dest, &data_dir, dist_name);
        if !seen.insert(p.dest.clone()) {
            return Err(WheelError::Duplicate(p.dest.clone()));
        }
    }

    let mut files = BTreeMap::new();
    for p in &plan {
        if p.dest == format!("{dist_info}/RECORD") {
            continue; // rewritten below, as pip does
        }
        let mut entry = archive.by_index(p.index)?;
        let path = target.join(&p.dest);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut out = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        let mut hasher = Sha256::new();
        let mut buf = [0u8; 64 * 1024];
        let mut size: u64 = 0;
        loop {
            let n = entry.read(&mut buf)?;
            if n == 0 {
                break;
            }
            size += n as u64;
            if size > MAX_UNPACKED_BYTES {
                return Err(WheelError::TooLarge);
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n])?;
        }
        set_mode(&path, p.executable)?;
        files.insert(p.dest.clone(), (record_hash(&hasher.finalize()), size));
    }
    Ok(Unpacked { dist_info, files })
}

fn set_mode(path: &Path, executable: bool) -> std::io::Result<()> {
    let mode = if executable { 0o755 } else { 0o644 };
    crate::platform::set_path_mode(path, mode)
}

/// PEP 503 normalization, used to match the dist-info directory to the wheel name.
pub(super) fn normalize_dist(name: &str) -> String {
    let mut out = String::new();
    let mut last_sep = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !last_sep {
                out.push('-');
            }
            last_sep = true;
        } else {
            out.push(c.to_ascii_lowercase());
            last_sep = false;
        }
    }
    out
}

/// `sha256=<urlsafe base64 without padding>`, the RECORD hash form.
pub(super) fn record_hash(digest: &[u8]) -> String {
    format!(
        "sha256={}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
    )
}
