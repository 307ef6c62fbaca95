//! A line-preserving INI file in Python `configparser` dialect (`key = value` or `key: value`,
//! `#`/`;` comments, case-insensitive option names, case-sensitive section names). Edits touch
//! only the lines they change, so comments, unknown sections and keys and their order survive.
//!
//! [`python_check`] reads a file as az's `configparser.ConfigParser()` does (strict, `=`/`:`
//! delimiters, indented continuation lines) and reports the exception az would die of, so a
//! corrupt `config` or `clouds.config` fails as it does in az instead of being half-read.

use super::{ConfigError, atomic_write, read_optional};
use crate::py::repr::str_repr;
use std::collections::HashSet;
use std::path::Path;

/// Why Python's `configparser` rejects a file. `Display` is the exception's final lines as az's
/// traceback ends (`configparser.ParsingError: ...`); the traceback above them is not printed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IniError {
    /// A non-comment line before the first `[section]`.
    #[error(
        "configparser.MissingSectionHeaderError: File contains no section headers.\nfile: {}, line: {line}\n{}",
        str_repr(path),
        str_repr(text)
    )]
    MissingSectionHeader {
        /// The file as az names it.
        path: String,
        /// 1-based line number.
        line: usize,
        /// The line as read, newline included.
        text: String,
    },
    /// Lines that are neither a header, an option nor a continuation (all of them, in order).
    #[error(
        "configparser.ParsingError: Source contains parsing errors: {}{}",
        str_repr(path),
        parsing_lines(errors)
    )]
    Parsing {
        /// The file as az names it.
        path: String,
        /// `(line number, line as read)`.
        errors: Vec<(usize, String)>,
    },
    /// A section header seen twice.
    #[error(
        "configparser.DuplicateSectionError: While reading from {} [line {line:2}]: section {} already exists",
        str_repr(path),
        str_repr(section)
    )]
    DuplicateSection {
        /// The file as az names it.
        path: String,
        /// 1-based line number of the second header.
        line: usize,
        /// The section.
        section: String,
    },
    /// An option given twice in one section.
    #[error(
        "configparser.DuplicateOptionError: While reading from {} [line {line:2}]: option {} in section {} already exists",
        str_repr(path),
        str_repr(option),
        str_repr(section)
    )]
    DuplicateOption {
        /// The file as az names it.
        path: String,
        /// 1-based line number of the second option.
        line: usize,
        /// The section.
        section: String,
        /// The option, lower-cased as `configparser` stores it.
        option: String,
    },
}

fn parsing_lines(errors: &[(usize, String)]) -> String {
    errors
        .iter()
        .map(|(n, l)| format!("\n\t[line {n:2}]: {}", str_repr(l)))
        .collect()
}

/// Lines as Python's text mode yields them: universal newlines (`\r\n` and `\r` read as
/// `\n`), each keeping its newline.
fn python_lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.split_inclusive('\n').map(str::to_owned).collect()
}

/// Check `text` as `configparser.ConfigParser().read(path)` reads it (Python 3.11, az's
/// defaults: strict, comment prefixes `#` and `;` on whole lines only, empty lines allowed in
/// values). `path` is the name az puts in the message. Duplicate sections and options and a
/// missing header stop at once, as in Python; other bad lines are collected and reported together.
pub fn python_check(text: &str, path: &str) -> Result<(), IniError> {
    let mut section: Option<String> = None;
    let mut option: Option<String> = None;
    let mut indent_level = 0usize;
    let mut sections = HashSet::new();
    let mut options = HashSet::new();
    let mut errors = Vec::new();
    for (i, line) in python_lines(text).into_iter().enumerate() {
        let lineno = i + 1;
        let stripped = line.trim();
        // A comment line, like a blank one, neither ends a value nor resets the indent.
        if stripped.is_empty() || stripped.starts_with('#') || stripped.starts_with(';') {
            continue;
        }
        let indent = line.chars().take_while(|c| c.is_whitespace()).count();
        if section.is_some() && option.is_some() && indent > indent_level {
            continue;
        }
        indent_level = indent;
        // `\[(?P<header>.+)\]` matched at the start: greedy, so up to the last `]`.
        let header = stripped
            .strip_prefix('[')
            .and_then(|rest| rest.rfind(']').filter(|&k| k > 0).map(|k| &rest[..k]));
        if let Some(name) = header {
            if name != "DEFAULT" && !sections.insert(name.to_owned()) {
                return Err(IniError::DuplicateSection {
                    path: path.to_owned(),
                    line: lineno,
                    section: name.to_owned(),
                });
            }
            section = Some(name.to_owned());
            option = None;
            continue;
        }
        let Some(current) = section.as_deref() else {
            return Err(IniError::MissingSectionHeader {
                path: path.to_owned(),
                line: lineno,
                text: line,
            });
        };
        match stripped.find(['=', ':']) {
            Some(at) => {
                let name = stripped[..at].trim_end().to_lowercase();
                if name.is_empty() {
                    errors.push((lineno, line.clone()));
                }
                if !options.insert((current.to_owned(), name.clone())) {
                    return Err(IniError::DuplicateOption {
                        path: path.to_owned(),
                        line: lineno,
                        section: current.to_owned(),
                        option: name,
                    });
                }
                // Python tests `optname` for truth: an empty name takes no continuation.
                option = (!name.is_empty()).then_some(name);
            }
            None => errors.push((lineno, line)),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(IniError::Parsing {
            path: path.to_owned(),
            errors,
        })
    }
}

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

    /// Load a file as az's `configparser` would: a missing file is empty, a file Python
    /// rejects is [`ConfigError::Python`] with the exception az prints.
    pub fn load_checked(path: &Path) -> Result<Self, ConfigError> {
        match read_optional(path)? {
            None => Ok(Self::default()),
            Some(b) => {
                let text = String::from_utf8_lossy(&b);
                python_check(&text, &path.to_string_lossy())?;
                Ok(Self::parse(&text))
            }
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

    /// Python's `ConfigParser.write` layout: `[section]`, `key = value` (continuation lines
    /// tab-indented), a blank line after every section; comments and spacing are not kept.
    /// This is how knack rewrites az's `config` whenever it sets a value.
    pub fn configparser_text(&self) -> String {
        let mut out = String::new();
        for section in self.sections() {
            out.push_str(&format!("[{section}]\n"));
            for (key, value) in self.items(&section) {
                out.push_str(&format!("{key} = {}\n", value.replace('\n', "\n\t")));
            }
            out.push('\n');
        }
        out
    }

    /// Write atomically in [`IniFile::configparser_text`]'s layout with mode 0600, as knack's
    /// `set_value` writes az's `config`.
    pub fn save_as_knack(&self, path: &Path) -> Result<(), ConfigError> {
        atomic_write(path, self.configparser_text().as_bytes(), Some(0o600))
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

    // The expected texts are what az 2.91 (Python 3.11's configparser) printed for these files.
    #[test]
    fn python_check_reports_what_configparser_raises() {
        let p = "/c/config";
        assert_eq!(
            python_check("# c\n[core]\n  # i\nx = 1\n  more\n\n", p),
            Ok(())
        );
        assert_eq!(
            python_check("[core]\noutput = json\nbroken line here\n", p)
                .unwrap_err()
                .to_string(),
            "configparser.ParsingError: Source contains parsing errors: '/c/config'\n\t[line  3]: 'broken line here\\n'"
        );
        assert_eq!(
            python_check("[core\noutput = json\n", p)
                .unwrap_err()
                .to_string(),
            "configparser.MissingSectionHeaderError: File contains no section headers.\nfile: '/c/config', line: 1\n'[core\\n'"
        );
        assert_eq!(
            python_check("[core]\noutput = json\n[core]\nx=1\n", p)
                .unwrap_err()
                .to_string(),
            "configparser.DuplicateSectionError: While reading from '/c/config' [line  3]: section 'core' already exists"
        );
        assert_eq!(
            python_check("[core]\noutput = json\nOUTPUT : table\n", p)
                .unwrap_err()
                .to_string(),
            "configparser.DuplicateOptionError: While reading from '/c/config' [line  3]: option 'output' in section 'core' already exists"
        );
        // Every bad line is listed; a continuation after an option is not bad, one after an
        // empty option name is; a BOM is not whitespace to Python.
        assert_eq!(
            python_check("[core]\n= x\n  y\nz\r\n", p)
                .unwrap_err()
                .to_string(),
            "configparser.ParsingError: Source contains parsing errors: '/c/config'\n\t[line  2]: '= x\\n'\n\t[line  3]: '  y\\n'\n\t[line  4]: 'z\\n'"
        );
        assert!(matches!(
            python_check("\u{feff}[core]\n", p),
            Err(IniError::MissingSectionHeader { line: 1, .. })
        ));
        assert_eq!(python_check("[DEFAULT]\n[DEFAULT]\n[a]b]\n", p), Ok(()));
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
