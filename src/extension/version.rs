//! PEP 440 versions, as far as az's extension code needs them.
//!
//! az compares extension versions with `packaging.version.parse`. This module parses the same
//! public grammar (epoch, release, `a`/`b`/`rc` pre-releases with their spelling variants, post
//! and dev releases, local labels) and orders versions by packaging's comparison key. It does not
//! implement specifiers (`>=1.0,<2`) or the legacy non-PEP 440 fallback: a string that is not a
//! valid version is rejected, as current `packaging` does.

use std::cmp::Ordering;
use std::fmt;

/// The kind of a pre-release segment; the order of the variants is the PEP 440 order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PreKind {
    Alpha,
    Beta,
    ReleaseCandidate,
}

/// One dot-separated part of a local version label (`+ubuntu.1`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum LocalPart {
    Number(u64),
    Text(String),
}

/// A parsed PEP 440 version.
#[derive(Debug, Clone)]
pub struct Version {
    epoch: u64,
    release: Vec<u64>,
    pre: Option<(PreKind, u64)>,
    post: Option<u64>,
    dev: Option<u64>,
    local: Vec<LocalPart>,
}

/// The text given is not a PEP 440 version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Invalid version: '{0}'")]
pub struct InvalidVersion(pub String);

impl Version {
    /// Parses `text` the way `packaging.version.Version` does (case-insensitive, surrounding
    /// whitespace and a leading `v` allowed).
    pub fn parse(text: &str) -> Result<Version, InvalidVersion> {
        let invalid = || InvalidVersion(text.to_string());
        let lower = text.trim().to_ascii_lowercase();
        let (public, local) = match lower.split_once('+') {
            Some((p, l)) => (p, Some(l)),
            None => (lower.as_str(), None),
        };
        let mut s = Scanner {
            rest: public.strip_prefix('v').unwrap_or(public),
        };
        let (epoch, release) = {
            let first = s.number().ok_or_else(invalid)?;
            if s.eat("!") {
                (first, vec![s.number().ok_or_else(invalid)?])
            } else {
                (0, vec![first])
            }
        };
        let mut release = release;
        while s.rest.starts_with('.') && s.rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
            s.eat(".");
            release.push(s.number().ok_or_else(invalid)?);
        }
        let pre = s.pre();
        let post = s.post();
        let dev = s.dev();
        if !s.rest.is_empty() {
            return Err(invalid());
        }
        let local = match local {
            None => Vec::new(),
            Some(l) => parse_local(l).ok_or_else(invalid)?,
        };
        Ok(Version {
            epoch,
            release,
            pre,
            post,
            dev,
            local,
        })
    }

    /// True for an alpha or beta pre-release (`1.0.0b2`); az calls these "preview". `rc` is not.
    pub fn is_alpha_or_beta(&self) -> bool {
        matches!(self.pre, Some((PreKind::Alpha | PreKind::Beta, _)))
    }

    /// The release segment without trailing zeros, which is how packaging compares it.
    fn trimmed_release(&self) -> &[u64] {
        let mut end = self.release.len();
        while end > 0 && self.release[end - 1] == 0 {
            end -= 1;
        }
        &self.release[..end]
    }
}

struct Scanner<'a> {
    rest: &'a str,
}

impl Scanner<'_> {
    fn eat(&mut self, token: &str) -> bool {
        match self.rest.strip_prefix(token) {
            Some(r) => {
                self.rest = r;
                true
            }
            None => false,
        }
    }

    fn number(&mut self) -> Option<u64> {
        let end = self
            .rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(self.rest.len());
        if end == 0 {
            return None;
        }
        let n = self.rest[..end].parse().ok()?;
        self.rest = &self.rest[end..];
        Some(n)
    }

    fn separator(&mut self) {
        if !(self.eat(".") || self.eat("-")) {
            self.eat("_");
        }
    }

    /// Tries `[sep] word [sep] [number]`; restores the position when no word matches.
    fn labelled(&mut self, words: &[&str]) -> Option<(usize, Option<u64>)> {
        let saved = self.rest;
        self.separator();
        for (i, word) in words.iter().enumerate() {
            if self.eat(word) {
                let before_number = self.rest;
                self.separator();
                let n = self.number();
                if n.is_none() {
                    self.rest = before_number;
                }
                return Some((i, n));
            }
        }
        self.rest = saved;
        None
    }

    fn pre(&mut self) -> Option<(PreKind, u64)> {
        // Longer spellings first so "alpha" is not read as "a" + garbage.
        const WORDS: [&str; 8] = ["alpha", "beta", "preview", "pre", "rc", "a", "b", "c"];
        let (i, n) = self.labelled(&WORDS)?;
        let kind = match WORDS[i] {
            "alpha" | "a" => PreKind::Alpha,
            "beta" | "b" => PreKind::Beta,
            _ => PreKind::ReleaseCandidate,
        };
        Some((kind, n.unwrap_or(0)))
    }

    fn post(&mut self) -> Option<u64> {
        if let Some(rest) = self.rest.strip_prefix('-')
            && rest.starts_with(|c: char| c.is_ascii_digit())
        {
            self.rest = rest;
            return self.number();
        }
        let (_, n) = self.labelled(&["post", "rev", "r"])?;
        Some(n.unwrap_or(0))
    }

    fn dev(&mut self) -> Option<u64> {
        let (_, n) = self.labelled(&["dev"])?;
        Some(n.unwrap_or(0))
    }
}

fn parse_local(label: &str) -> Option<Vec<LocalPart>> {
    label
        .split(['.', '-', '_'])
        .map(|part| {
            if part.is_empty() || !part.chars().all(|c| c.is_ascii_alphanumeric()) {
                None
            } else if part.chars().all(|c| c.is_ascii_digit()) {
                part.parse().ok().map(LocalPart::Number)
            } else {
                Some(LocalPart::Text(part.to_string()))
            }
        })
        .collect()
}

/// Sort key of the pre-release slot: dev-only releases sort before any pre-release, and final
/// releases after all of them.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum PreKey {
    DevOnly,
    Pre(PreKind, u64),
    Final,
}

impl Version {
    fn pre_key(&self) -> PreKey {
        match (self.pre, self.post, self.dev) {
            (None, None, Some(_)) => PreKey::DevOnly,
            (Some((k, n)), _, _) => PreKey::Pre(k, n),
            (None, _, _) => PreKey::Final,
        }
    }
}

fn cmp_local(a: &[LocalPart], b: &[LocalPart]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let o = match (x, y) {
            (LocalPart::Number(m), LocalPart::Number(n)) => m.cmp(n),
            (LocalPart::Number(_), LocalPart::Text(_)) => Ordering::Greater,
            (LocalPart::Text(_), LocalPart::Number(_)) => Ordering::Less,
            (LocalPart::Text(s), LocalPart::Text(t)) => s.cmp(t),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.epoch
            .cmp(&other.epoch)
            .then_with(|| self.trimmed_release().cmp(other.trimmed_release()))
            .then_with(|| self.pre_key().cmp(&other.pre_key()))
            // No post release sorts before any post release.
            .then_with(|| self.post.cmp(&other.post))
            // No dev release sorts after any dev release.
            .then_with(|| match (self.dev, other.dev) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(a), Some(b)) => a.cmp(&b),
            })
            .then_with(|| cmp_local(&self.local, &other.local))
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Version {}

impl fmt::Display for Version {
    /// The normalized form, as `str(packaging.version.Version(...))` prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.epoch != 0 {
            write!(f, "{}!", self.epoch)?;
        }
        let release: Vec<String> = self.release.iter().map(u64::to_string).collect();
        f.write_str(&release.join("."))?;
        if let Some((kind, n)) = self.pre {
            let tag = match kind {
                PreKind::Alpha => "a",
                PreKind::Beta => "b",
                PreKind::ReleaseCandidate => "rc",
            };
            write!(f, "{tag}{n}")?;
        }
        if let Some(n) = self.post {
            write!(f, ".post{n}")?;
        }
        if let Some(n) = self.dev {
            write!(f, ".dev{n}")?;
        }
        if !self.local.is_empty() {
            let parts: Vec<String> = self
                .local
                .iter()
                .map(|p| match p {
                    LocalPart::Number(n) => n.to_string(),
                    LocalPart::Text(t) => t.clone(),
                })
                .collect();
            write!(f, "+{}", parts.join("."))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).expect(s)
    }

    #[test]
    fn orders_like_packaging() {
        let ascending = [
            "1.0.dev0",
            "1.0a1",
            "1.0a2.dev1",
            "1.0a2",
            "1.0b1",
            "1.0rc1",
            "1.0",
            "1.0+local.1",
            "1.0.post1.dev0",
            "1.0.post1",
            "1.0.1",
            "1.1",
            "19.0.0b1",
            "19.0.0b2",
            "19.0.0",
            "1!0.1",
        ];
        for pair in ascending.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn trailing_zeros_and_spellings_are_equal() {
        assert_eq!(v("1.0"), v("1.0.0"));
        assert_eq!(v("1.0alpha1"), v("1.0a1"));
        assert_eq!(v("1.0-beta.2"), v("1.0b2"));
        assert_eq!(v("1.0c1"), v("1.0rc1"));
        assert_eq!(v("1.0-1"), v("1.0.post1"));
        assert_eq!(v("V2.91.0"), v("2.91.0"));
        assert_eq!(v("1.0rc").to_string(), "1.0rc0");
        assert_eq!(v("1.0.0-preview.3").to_string(), "1.0.0rc3");
    }

    #[test]
    fn alpha_beta_is_preview_but_rc_is_not() {
        assert!(v("19.0.0b2").is_alpha_or_beta());
        assert!(v("1.0a1").is_alpha_or_beta());
        assert!(!v("1.0rc1").is_alpha_or_beta());
        assert!(!v("1.0").is_alpha_or_beta());
        assert!(!v("1.0.dev1").is_alpha_or_beta());
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "", "abc", "1.0-", "1..0", "1.0+", "1.0+a..b", "1.0 x", "1.0b2b3",
        ] {
            assert!(Version::parse(bad).is_err(), "{bad:?} should be invalid");
        }
    }
}
