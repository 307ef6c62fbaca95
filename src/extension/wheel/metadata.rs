//! A wheel's core metadata (`METADATA`, RFC 822 style) read the way pkginfo reads it, which is
//! what az shows in `extension show`/`list`: known headers in pkginfo's order, multiple-use
//! headers as lists, folded lines collapsed, the body as `description`. Finding the file is
//! the caller's; this module parses text.

use serde_json::{Map, Value};

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
