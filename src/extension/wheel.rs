//! Wheels: file names, core metadata, and unpacking the way `pip install --target` lays them out.
//!
//! az installs an extension by running `pip install --target <dir>/<name> <wheel>`. azrs runs no
//! Python, so this module does pip's part for the pure-Python universal wheels az accepts: it
//! checks every archive entry before writing anything (no absolute paths, no `..`, no symlinks,
//! no duplicates, bounded size), unpacks into a fresh directory, maps `<dist>.data/` subtrees the
//! way pip's target scheme does, and finishes the `.dist-info` as pip does (`INSTALLER`,
//! `REQUESTED`, `direct_url.json`, a rewritten and sorted `RECORD`). It does not compile `.pyc`
//! files, generate console scripts or install dependencies (`Requires-Dist`).

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

use crate::py::json::Dumps;
use base64::Engine;
use regex::Regex;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// Upper bound on the total unpacked size of one wheel (aks-preview is a few MiB unpacked).
const MAX_UNPACKED_BYTES: u64 = 1 << 30;

/// az's `WHEEL_INFO_RE` (`azure/cli/core/extension/__init__.py`), verbatim but for the end
/// anchor. Python's `re` and the `regex` crate choose the same match and the same groups for it
/// (leftmost-first, lazy `+?` preferring the shortest name), so no backtracking needs emulating.
/// Python's `$` also matches before a final newline; `\n?\z` says that in `regex`'s terms.
const WHEEL_INFO_PATTERN: &str = r"(?x)
    ^(?P<namever>(?P<name>.+?)(-(?P<ver>\d.+?))?)
    ((-(?P<build>\d.*?))?-(?P<pyver>.+?)-(?P<abi>.+?)-(?P<plat>.+?)
    \.whl|\.dist-info|\.egg-info)\n?\z";

static WHEEL_INFO_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(WHEEL_INFO_PATTERN).expect("az's wheel pattern compiles"));

/// The parts of a wheel file name, split the way az's `WHEEL_INFO_RE` splits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WheelName {
    pub name: String,
    pub version: Option<String>,
    pub build: Option<String>,
    pub python: String,
    pub abi: String,
    pub platform: String,
}

impl WheelName {
    /// Parses `<name>[-<ver>][-<build>]-<pyver>-<abi>-<plat>.whl` with az's pattern. The
    /// pattern's other two alternatives (`<name>.dist-info`, `<name>.egg-info`) carry no wheel
    /// tags, so they give `None` here like any name that is not a wheel's.
    pub fn parse(file_name: &str) -> Option<WheelName> {
        let caps = WHEEL_INFO_RE.captures(file_name)?;
        let text = |group: &str| caps.name(group).map(|m| m.as_str().to_string());
        Some(WheelName {
            name: text("name")?,
            version: text("ver"),
            build: text("build"),
            python: text("pyver")?,
            abi: text("abi")?,
            platform: text("plat")?,
        })
    }

    /// The extension name az derives from the file name (`aks_preview` → `aks-preview`).
    pub fn extension_name(&self) -> String {
        self.name.replace('_', "-")
    }

    /// A universal wheel (ABI `none`, platform `any`), the only kind az resolves from an index.
    pub fn is_universal(&self) -> bool {
        self.abi == "none" && self.platform == "any"
    }
}

/// Python truthiness of a metadata value (`bool(x)` after `json.load`); absent is false.
pub fn truthy(v: Option<&Value>) -> bool {
    v.is_some_and(crate::py::truthy)
}

/// Core metadata fields in the order pkginfo (which az uses) knows them:
/// (header, attribute, multiple-use).
const HEADER_ATTRS: &[(&str, &str, bool)] = &[
    ("Name", "name", false),
    ("Version", "version", false),
    ("Platform", "platforms", true),
    ("Supported-Platform", "supported_platforms", true),
    ("Summary", "summary", false),
    ("Description", "description", false),
    ("Keywords", "keywords", false),
    ("Home-Page", "home_page", false),
    ("Author", "author", false),
    ("Author-email", "author_email", false),
    ("License", "license", false),
    ("Classifier", "classifiers", true),
    ("Download-URL", "download_url", false),
    ("Requires", "requires", true),
    ("Provides", "provides", true),
    ("Obsoletes", "obsoletes", true),
    ("Maintainer", "maintainer", false),
    ("Maintainer-email", "maintainer_email", false),
    ("Requires-Python", "requires_python", false),
    ("Requires-External", "requires_external", true),
    ("Requires-Dist", "requires_dist", true),
    ("Provides-Dist", "provides_dist", true),
    ("Obsoletes-Dist", "obsoletes_dist", true),
    ("Project-URL", "project_urls", true),
    ("Provides-Extra", "provides_extras", true),
    (
        "Description-Content-Type",
        "description_content_type",
        false,
    ),
    ("Dynamic", "dynamic", true),
    ("License-Expression", "license_expression", false),
    ("License-File", "license_file", true),
    ("Import-Name", "import_names", true),
    ("Import-Namespace", "import_namespaces", true),
];

/// The fields each `Metadata-Version` defines (how many leading entries of `HEADER_ATTRS`).
fn known_fields(metadata_version: Option<&str>) -> usize {
    match metadata_version {
        Some("1.0") => 11,
        Some("1.1") => 16,
        Some("1.2" | "2.0") => 24,
        Some("2.1") => 26,
        Some("2.2" | "2.3") => 27,
        Some("2.4") => 29,
        Some(v) => {
            // Newer than pkginfo knows: parsed as the newest; unknown/older: nothing.
            let newer = v
                .split_once('.')
                .and_then(|(a, b)| Some((a.parse::<u32>().ok()?, b.parse::<u32>().ok()?)))
                .is_some_and(|t| t > (2, 4));
            if newer { HEADER_ATTRS.len() } else { 0 }
        }
        None => 0,
    }
}

/// Email-style headers and body of a `METADATA`/`PKG-INFO` file.
pub struct CoreMetadata {
    headers: Vec<(String, String)>,
    body: String,
}

impl CoreMetadata {
    pub fn parse(text: &str) -> CoreMetadata {
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut lines = text.split_inclusive('\n');
        let mut body = String::new();
        for line in lines.by_ref() {
            let bare = line.trim_end_matches(['\n', '\r']);
            if bare.is_empty() {
                break;
            }
            if bare.starts_with([' ', '\t']) {
                if let Some((_, v)) = headers.last_mut() {
                    v.push('\n');
                    v.push_str(bare);
                }
                continue;
            }
            match bare.split_once(':') {
                Some((k, v)) => headers.push((k.to_string(), v.trim_start().to_string())),
                // Not a header: the email parser treats the rest as body.
                None => {
                    body.push_str(line);
                    break;
                }
            }
        }
        for line in lines {
            body.push_str(line);
        }
        CoreMetadata { headers, body }
    }

    /// The first value of `header` (case-insensitive), folded lines joined.
    pub fn get(&self, header: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(header))
            .map(|(_, v)| collapse(header, v))
    }

    pub fn get_all(&self, header: &str) -> Vec<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(header))
            .map(|(_, v)| collapse(header, v))
            .collect()
    }

    /// The attributes pkginfo sets from this file, in its order, merged into `out`.
    pub fn merge_pkginfo_fields(&self, out: &mut Map<String, Value>) {
        let metadata_version = self.get("Metadata-Version");
        if let Some(mv) = &metadata_version {
            out.insert("metadata_version".into(), Value::String(mv.clone()));
        }
        for (header, attr, multiple) in &HEADER_ATTRS[..known_fields(metadata_version.as_deref())] {
            if *multiple {
                let all = self.get_all(header);
                if !all.is_empty() {
                    let list = all.into_iter().map(Value::String).collect();
                    out.insert((*attr).into(), Value::Array(list));
                }
            } else if let Some(v) = self.get(header)
                && v != "UNKNOWN"
            {
                out.insert((*attr).into(), Value::String(v));
            }
        }
        if !self.body.is_empty() {
            out.insert("description".into(), Value::String(self.body.clone()));
        }
    }
}

fn collapse(header: &str, value: &str) -> String {
    if header.eq_ignore_ascii_case("description") {
        value
            .trim()
            .lines()
            .map(|l| l.strip_prefix("        ").unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        value.lines().map(str::trim).collect::<Vec<_>>().join(" ")
    }
}

/// Why a wheel was refused; shown to the user as az's "The extension is invalid." plus detail.
#[derive(Debug, thiserror::Error)]
pub enum WheelError {
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
fn safe_relative(name: &str) -> Result<String, WheelError> {
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

/// Unpacks `wheel` into `target` (which must exist and be empty). Every entry is checked before
/// the first byte is written, so a refused wheel leaves `target` empty. `dist_name` is the
/// distribution name from the file name (`aks_preview`).
pub fn unpack(wheel: &Path, target: &Path, dist_name: &str) -> Result<Unpacked, WheelError> {
    let mut archive = zip::ZipArchive::new(fs::File::open(wheel)?)?;
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
fn normalize_dist(name: &str) -> String {
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
fn record_hash(digest: &[u8]) -> String {
    format!(
        "sha256={}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
    )
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_wheel_names_like_az() {
        let w = WheelName::parse("aks_preview-19.0.0b2-py2.py3-none-any.whl").expect("parses");
        assert_eq!(w.name, "aks_preview");
        assert_eq!(w.version.as_deref(), Some("19.0.0b2"));
        assert_eq!((w.python.as_str(), w.abi.as_str()), ("py2.py3", "none"));
        assert!(w.is_universal());
        assert_eq!(w.extension_name(), "aks-preview");

        let b = WheelName::parse("ext-1.0-1-cp311-cp311-manylinux_x86_64.whl").expect("parses");
        assert_eq!(b.build.as_deref(), Some("1"));
        assert!(!b.is_universal());

        // Expected splits computed with az's WHEEL_INFO_RE in Python.
        let cases = [
            (
                "my-ext-1.0-py3-none-any.whl",
                ("my", None, None, "ext", "1.0", "py3-none-any"),
            ),
            (
                "ext-1-py3-none-any.whl",
                ("ext", None, Some("1"), "py3", "none", "any"),
            ),
            (
                "a-1.0-py3-none-linux-x86.whl",
                ("a", Some("1.0"), None, "py3", "none", "linux-x86"),
            ),
            (
                "ext-py3-none-any.whl",
                ("ext", None, None, "py3", "none", "any"),
            ),
            (
                "x-1.0-2a-py3-none-any.whl",
                ("x", Some("1.0"), Some("2a"), "py3", "none", "any"),
            ),
        ];
        for (file, (name, ver, build, py, abi, plat)) in cases {
            let w = WheelName::parse(file).expect(file);
            assert_eq!(
                (w.name.as_str(), w.version.as_deref(), w.build.as_deref()),
                (name, ver, build),
                "{file}"
            );
            assert_eq!(
                (w.python.as_str(), w.abi.as_str(), w.platform.as_str()),
                (py, abi, plat),
                "{file}"
            );
        }
        assert!(WheelName::parse("ext-1.0.tar.gz").is_none());
        assert!(WheelName::parse("ext.whl").is_none());
        assert!(WheelName::parse("-py3-none-any.whl").is_none());
        let empty_python = WheelName::parse("a--b-c-d.whl").expect("parses");
        assert_eq!(
            (empty_python.name.as_str(), empty_python.python.as_str()),
            ("a", "-b")
        );
    }

    // Regression: the hand-written matcher took only ASCII digits for `\d` and refused the
    // final newline Python's `$` allows, so these split differently from az.
    #[test]
    fn wheel_names_follow_python_re_at_the_edges() {
        let w = WheelName::parse("ext-\u{661}.0-py3-none-any.whl").expect("Unicode digit");
        assert_eq!(w.version.as_deref(), Some("\u{661}.0"));
        let w = WheelName::parse("ext-1.0-py3-none-any.whl\n").expect("final newline");
        assert_eq!(
            (w.name.as_str(), w.version.as_deref(), w.platform.as_str()),
            ("ext", Some("1.0"), "any")
        );
        assert!(WheelName::parse("ext-1.0-py3-none-any.whl\n\n").is_none());
        // az's pattern also matches these, but without wheel tags.
        assert!(WheelName::parse("aks_preview-19.0.0b2.dist-info").is_none());
        assert!(WheelName::parse("ext-1.0.egg-info").is_none());
    }

    #[test]
    fn refuses_unsafe_names() {
        for bad in ["../x", "a/../../x", "/etc/passwd", "C:/x", "a\\b", ""] {
            assert!(safe_relative(bad).is_err(), "{bad:?}");
        }
        assert_eq!(safe_relative("./a/b.py").expect("ok"), "a/b.py");
    }

    #[test]
    fn metadata_fields_follow_pkginfo() {
        let m = CoreMetadata::parse(
            "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nSummary: A\n  folded\n\
             License: UNKNOWN\nClassifier: X\nClassifier: Y\n\nBody text\n",
        );
        let mut out = Map::new();
        m.merge_pkginfo_fields(&mut out);
        assert_eq!(out["summary"], "A folded");
        assert!(!out.contains_key("license"));
        assert_eq!(out["classifiers"], serde_json::json!(["X", "Y"]));
        assert_eq!(out["description"], "Body text\n");
        assert_eq!(out["metadata_version"], "2.1");
    }

    #[test]
    fn direct_url_uses_python_separators() {
        let v = serde_json::json!({"c": "d", "a": {"b": 1}});
        assert_eq!(
            Dumps::DEFAULT.sort_keys().json(&v),
            r#"{"a": {"b": 1}, "c": "d"}"#
        );
        // Regression: non-ASCII in the URL was written raw; pip's json.dumps escapes it.
        let v = serde_json::json!({"url": "file:///tmp/é.whl"});
        assert_eq!(
            Dumps::DEFAULT.sort_keys().json(&v),
            r#"{"url": "file:///tmp/\u00e9.whl"}"#
        );
    }
}
