//! Installed extensions as az sees them on disk.
//!
//! A wheel extension is a directory `<dir>/<name>/` holding at least one `*.*-info` directory.
//! Its metadata is az's merge of `azext_<mod>/azext_metadata.json` with the fields pkginfo reads
//! from `<name with _>*.dist-info/METADATA` (or `*.egg-info/PKG-INFO`). Where az's lazy
//! properties swallow an exception (no or several `azext_*` packages, broken JSON) the metadata,
//! and with it version and preview, is `None`, shown as `null`. Dev extensions are found below
//! the configured dev sources by their `*.egg-info`.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::version::Version;
use super::wheel::{CoreMetadata, dir_entries, truthy};

/// Wheel (`whl`) or development (`dev`) extension, az's `extensionType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Wheel,
    Dev,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Wheel => "whl",
            Kind::Dev => "dev",
        }
    }
}

/// One installed extension.
#[derive(Debug, Clone)]
pub struct Installed {
    pub name: String,
    pub kind: Kind,
    pub path: PathBuf,
    /// az's merged metadata, `None` where az's would be.
    pub metadata: Option<Map<String, Value>>,
}

impl Installed {
    pub fn version(&self) -> Option<String> {
        self.metadata
            .as_ref()?
            .get("version")?
            .as_str()
            .map(str::to_string)
    }

    /// `None` when az's `preview` property would fail (no metadata).
    /// az evaluates `isPreview or isExperimental or parse(version)`, so a missing or invalid
    /// version only matters when neither flag is set.
    pub fn preview(&self) -> Option<bool> {
        let meta = self.metadata.as_ref()?;
        if truthy(meta.get("azext.isPreview")) || truthy(meta.get("azext.isExperimental")) {
            return Some(true);
        }
        let version = Version::parse(meta.get("version")?.as_str()?).ok()?;
        Some(version.is_alpha_or_beta())
    }

    /// The `extension list` object (keys in az's printed, sorted order).
    pub fn list_entry(&self) -> Value {
        let mut m = Map::new();
        m.insert("experimental".into(), Value::Bool(false));
        m.insert("extensionType".into(), self.kind.as_str().into());
        m.insert("name".into(), self.name.clone().into());
        m.insert("path".into(), path_value(&self.path));
        m.insert(
            "preview".into(),
            self.preview().map_or(Value::Null, Value::Bool),
        );
        m.insert(
            "version".into(),
            self.version().map_or(Value::Null, Value::String),
        );
        Value::Object(m)
    }

    /// The `extension show` object, in az's key order.
    pub fn show_entry(&self) -> Value {
        let mut m = Map::new();
        m.insert("name".into(), self.name.clone().into());
        m.insert(
            "version".into(),
            self.version().map_or(Value::Null, Value::String),
        );
        m.insert("extensionType".into(), self.kind.as_str().into());
        m.insert(
            "metadata".into(),
            self.metadata.clone().map_or(Value::Null, Value::Object),
        );
        m.insert("path".into(), path_value(&self.path));
        Value::Object(m)
    }
}

fn path_value(p: &Path) -> Value {
    Value::String(p.to_string_lossy().into_owned())
}

/// True if `dir` directly holds a `*.*-info` directory entry (Python's glob skips dot files).
fn has_info_dir(dir: &Path) -> bool {
    !dir_entries(dir, |n| !n.starts_with('.') && is_info_name(n)).is_empty()
}

fn is_info_name(n: &str) -> bool {
    n.strip_suffix("-info")
        .is_some_and(|stem| stem.contains('.'))
}

/// Wheel extensions in `dir` then in `sys_dir` (names not already seen), sorted by name.
pub fn wheel_extensions(dir: &Path, sys_dir: Option<&Path>) -> Vec<Installed> {
    let mut out: Vec<Installed> = Vec::new();
    for root in std::iter::once(dir).chain(sys_dir) {
        for path in dir_entries(root, |_| true) {
            let Some(name) = path
                .file_name()
                .and_then(|n| n.to_str())
                .map(str::to_string)
            else {
                continue;
            };
            if !path.is_dir() || !has_info_dir(&path) || out.iter().any(|e| e.name == name) {
                continue;
            }
            let metadata = wheel_metadata(&path, &name);
            out.push(Installed {
                name,
                kind: Kind::Wheel,
                path,
                metadata,
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Dev extensions below `sources` (az looks up to three levels deep for `*.egg-info`).
pub fn dev_extensions(sources: &[PathBuf]) -> Vec<Installed> {
    fn collect(path: &Path, depth: usize, out: &mut Vec<Installed>) {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if !path.is_dir() || depth == 3 || hidden {
            return;
        }
        let eggs = dir_entries(path, |n| !n.starts_with('.') && n.ends_with(".egg-info"));
        if eggs.is_empty() {
            for child in dir_entries(path, |_| true) {
                collect(&child, depth + 1, out);
            }
            return;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let metadata = merged_metadata(path, &name, &eggs);
        out.push(Installed {
            name,
            kind: Kind::Dev,
            path: path.to_path_buf(),
            metadata,
        });
    }
    let mut out = Vec::new();
    for s in sources {
        collect(s, 0, &mut out);
    }
    out
}

fn wheel_metadata(ext_dir: &Path, name: &str) -> Option<Map<String, Value>> {
    let prefix = name.replace('-', "_");
    let infos = dir_entries(ext_dir, |n| n.starts_with(&prefix) && is_info_name(n));
    if infos.is_empty() {
        return None;
    }
    merged_metadata(ext_dir, name, &infos)
}

/// azext_metadata.json merged with pkginfo's fields of each info dir whose `Name` is `name`.
fn merged_metadata(ext_dir: &Path, name: &str, infos: &[PathBuf]) -> Option<Map<String, Value>> {
    let mut metadata = azext_metadata(ext_dir)?;
    for info in infos {
        let file = if info.extension().is_some_and(|e| e == "egg-info") {
            "PKG-INFO"
        } else {
            "METADATA"
        };
        let Some(text) = read_lossy(&info.join(file)) else {
            tracing::debug!(path = %info.display(), "no readable core metadata");
            continue;
        };
        let core = CoreMetadata::parse(&text);
        if core.get("Name").as_deref() != Some(name) {
            continue;
        }
        let mut fields = Map::new();
        fields.insert(
            "filename".into(),
            Value::String(info.to_string_lossy().into_owned()),
        );
        fields.insert("metadata_version".into(), Value::Null);
        if file == "METADATA" {
            for tag in ["build_tag", "python_tag", "abi_tag", "platform_tag"] {
                fields.insert(tag.into(), Value::Null);
            }
            fields.insert("purelib".into(), purelib(&info.join("WHEEL")));
        }
        core.merge_pkginfo_fields(&mut fields);
        metadata.extend(fields);
    }
    Some(metadata)
}

/// `Root-Is-Purelib` of the WHEEL file as pkginfo reports it.
fn purelib(wheel_file: &Path) -> Value {
    let Some(text) = read_lossy(wheel_file) else {
        return Value::Null;
    };
    match CoreMetadata::parse(&text)
        .get("Root-Is-Purelib")
        .map(|v| v.trim().to_ascii_lowercase())
        .as_deref()
    {
        Some("true") => Value::Bool(true),
        Some("false") => Value::Bool(false),
        _ => Value::Null,
    }
}

fn read_lossy(path: &Path) -> Option<String> {
    fs::read(path)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// The extension's `azext_metadata.json` (empty when absent); `None` when az's lookup would
/// raise: not exactly one `azext_*` package directory, or unparsable JSON.
pub fn azext_metadata(ext_dir: &Path) -> Option<Map<String, Value>> {
    let mods: Vec<PathBuf> = dir_entries(ext_dir, |n| n.starts_with("azext_"))
        .into_iter()
        .filter(|p| p.is_dir())
        .collect();
    if mods.len() != 1 {
        tracing::debug!(dir = %ext_dir.display(), count = mods.len(), "expected one azext_ module");
        return None;
    }
    let file = mods[0].join("azext_metadata.json");
    if !file.is_file() {
        return Some(Map::new());
    }
    let text = fs::read(&file).ok()?;
    match serde_json::from_slice::<Value>(&text) {
        Ok(Value::Object(m)) => Some(m),
        Ok(_) => Some(Map::new()),
        Err(e) => {
            tracing::debug!(file = %file.display(), error = %e, "bad azext_metadata.json");
            None
        }
    }
}
