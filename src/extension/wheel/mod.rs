//! Wheels: file names, core metadata, and unpacking the way `pip install --target` lays them out.
//!
//! az installs an extension by running `pip install --target <dir>/<name> <wheel>`. azrs runs no
//! Python, so this module does pip's part for the pure-Python universal wheels az accepts: it
//! checks every archive entry before writing anything (no absolute paths, no `..`, no symlinks,
//! no duplicates, bounded size), unpacks into a fresh directory, maps `<dist>.data/` subtrees the
//! way pip's target scheme does, and finishes the `.dist-info` as pip does (`INSTALLER`,
//! `REQUESTED`, `direct_url.json`, a rewritten and sorted `RECORD`). It does not compile `.pyc`
//! files, generate console scripts or install dependencies (`Requires-Dist`).
//!
//! The parts: this file reads wheel file names; `metadata` reads core metadata (`METADATA`)
//! as pkginfo does; `unpack` checks and writes the archive; `dist_info` finishes the
//! `.dist-info` directory after unpacking.

mod dist_info;
mod metadata;
mod unpack;

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

pub use dist_info::{dir_entries, finish_dist_info};
pub use metadata::CoreMetadata;
pub use unpack::{WheelError, unpack};

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

#[cfg(test)]
mod tests {
    use super::unpack::safe_relative;
    use super::*;
    use crate::py::json::Dumps;
    use serde_json::Map;

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
