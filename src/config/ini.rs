//! A line-preserving INI file in Python `configparser` dialect (`key = value` or `key: value`,
//! `#`/`;` comments, case-insensitive option names, case-sensitive section names). Edits touch
//! only the lines they change, so comments, unknown sections and keys and their order survive.

use super::{ConfigError, atomic_write, read_optional};
use std::path::Path;

/// An INI document kept as its lines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IniFile {
    lines: Vec<String>,
}

fn section_name(line: &str) -> Option<&str> {
    let t = line.trim();
    (t.starts_with('[') && t.ends_with(']') && t.len() >= 2).then(|| t[1..t.len() - 1].trim())
}

fn key_value(line: &str) -> Option<(String, String)> {
    let t = line.trim_start();
    if t.is_empty() || t.starts_with('#') || t.starts_with(';') || line.starts_with([' ', '\t']) {
        return None;
    }
    let i = t.find(['=', ':'])?;
    Some((
        t[..i].trim().to_ascii_lowercase(),
        t[i + 1..].trim().to_owned(),
    ))
}

impl IniFile {
    /// Parse text (a leading UTF-8 BOM is ignored).
    pub fn parse(text: &str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Self {
            lines: text.lines().map(str::to_owned).collect(),
        }
    }

    /// Load a file; a missing file is empty.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        match read_optional(path)? {
            None => Ok(Self::default()),
            Some(b) => Ok(Self::parse(&String::from_utf8_lossy(&b))),
        }
    }

    /// Write atomically.
    pub fn save(&self, path: &Path) -> Result<(), ConfigError> {
        atomic_write(path, self.to_string().as_bytes(), None)
    }

    /// Line range `[header, end)` of a section.
    fn section_range(&self, section: &str) -> Option<(usize, usize)> {
        let start = self
            .lines
            .iter()
            .position(|l| section_name(l) == Some(section))?;
        let end = self.lines[start + 1..]
            .iter()
            .position(|l| section_name(l).is_some())
            .map_or(self.lines.len(), |p| start + 1 + p);
        Some((start, end))
    }

    /// Section names in file order.
    pub fn sections(&self) -> Vec<String> {
        self.lines
            .iter()
            .filter_map(|l| section_name(l).map(str::to_owned))
            .collect()
    }

    /// True if the section exists.
    pub fn has_section(&self, section: &str) -> bool {
        self.section_range(section).is_some()
    }

    /// `(option, value)` pairs of a section, in order (options lower-cased).
    pub fn items(&self, section: &str) -> Vec<(String, String)> {
        let Some((s, e)) = self.section_range(section) else {
            return vec![];
        };
        self.lines[s + 1..e]
            .iter()
            .filter_map(|l| key_value(l))
            .collect()
    }

    /// One value.
    pub fn get(&self, section: &str, option: &str) -> Option<String> {
        let o = option.to_ascii_lowercase();
        self.items(section)
            .into_iter()
            .rev()
            .find(|(k, _)| *k == o)
            .map(|(_, v)| v)
    }

    /// Set a value, replacing the existing line or appending to the section (created if needed).
    pub fn set(&mut self, section: &str, option: &str, value: &str) {
        let o = option.to_ascii_lowercase();
        let line = format!("{o} = {value}");
        match self.section_range(section) {
            Some((s, e)) => {
                if let Some(i) =
                    (s + 1..e).find(|&i| key_value(&self.lines[i]).is_some_and(|(k, _)| k == o))
                {
                    self.lines[i] = line;
                } else {
                    let mut at = e;
                    while at > s + 1 && self.lines[at - 1].trim().is_empty() {
                        at -= 1;
                    }
                    self.lines.insert(at, line);
                }
            }
            None => {
                if self.lines.last().is_some_and(|l| !l.trim().is_empty()) {
                    self.lines.push(String::new());
                }
                self.lines.push(format!("[{section}]"));
                self.lines.push(line);
            }
        }
    }

    /// Remove an option; true if it existed.
    pub fn remove(&mut self, section: &str, option: &str) -> bool {
        let o = option.to_ascii_lowercase();
        let Some((s, e)) = self.section_range(section) else {
            return false;
        };
        let before = self.lines.len();
        let mut i = s + 1;
        let mut end = e;
        while i < end {
            if key_value(&self.lines[i]).is_some_and(|(k, _)| k == o) {
                self.lines.remove(i);
                end -= 1;
            } else {
                i += 1;
            }
        }
        before != self.lines.len()
    }

    /// Remove a whole section; true if it existed.
    pub fn remove_section(&mut self, section: &str) -> bool {
        let Some((s, e)) = self.section_range(section) else {
            return false;
        };
        self.lines.drain(s..e);
        true
    }
}

impl std::fmt::Display for IniFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for l in &self.lines {
            writeln!(f, "{l}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_keep_comments_and_unknown_keys() {
        let mut f = IniFile::parse(
            "# top comment\n[core]\noutput = table\nfoo: bar\n\n[extension]\nindex_url = x\n",
        );
        assert_eq!(f.get("core", "OUTPUT").as_deref(), Some("table"));
        assert_eq!(f.get("core", "foo").as_deref(), Some("bar"));
        f.set("core", "output", "json");
        f.set("core", "only_show_errors", "true");
        f.set("cloud", "name", "AzureChinaCloud");
        assert!(f.remove("extension", "index_url"));
        let text = f.to_string();
        assert_eq!(
            text,
            "# top comment\n[core]\noutput = json\nfoo: bar\nonly_show_errors = true\n\n[extension]\n\n[cloud]\nname = AzureChinaCloud\n"
        );
    }

    #[test]
    fn sections_and_remove_section() {
        let mut f = IniFile::parse("[A]\nx = 1\n[B]\ny = 2\n");
        assert_eq!(f.sections(), vec!["A", "B"]);
        assert!(f.remove_section("A"));
        assert_eq!(f.to_string(), "[B]\ny = 2\n");
        assert!(!f.has_section("A"));
    }
}
