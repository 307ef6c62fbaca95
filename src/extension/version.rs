//! PEP 440 versions, as az's extension code compares them.
//!
//! az orders extension versions with `packaging.version.parse` (packaging 26 in az 2.91). The
//! grammar and the ordering are `pep440_rs`'s, which implements the same PEP 440 rules: epochs,
//! release segments compared without trailing zeros, `a`/`b`/`rc` pre-releases with their
//! spelling variants (`alpha`, `preview`, `c`, ...), post releases (`.post1`, `-1`), dev
//! releases, and local labels (numbers above text). This module adds only what differs from
//! that crate at az's edge: packaging strips Python's whitespace (`\s`, which also counts
//! U+001C..U+001F) where the crate strips ASCII whitespace only, and az's notion of a
//! "preview" version (alpha or beta, not rc). Version specifiers (`>=1.0,<2`) and the legacy
//! non-PEP 440 fallback are not needed: a string that is not a version is rejected, as
//! packaging 22 and later do.
//!
//! One known gap: packaging reads numbers of any size while `pep440_rs` stops at `u64`, so a
//! version with a 20-digit segment is valid for az and invalid here (the hand-written parser
//! this replaced had the same limit).

use std::fmt;
use std::str::FromStr;

use pep440_rs::PrereleaseKind;

/// A parsed PEP 440 version, ordered as `packaging.version.Version` orders it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pep440_rs::Version);

/// The text given is not a PEP 440 version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Invalid version: '{0}'")]
pub struct InvalidVersion(pub String);

/// Python's `str.isspace()`, which is what `\s` matches in packaging's pattern: Rust's
/// `White_Space` plus the four ASCII separators U+001C..U+001F.
fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

impl Version {
    /// Parses `text` the way `packaging.version.Version` does (case-insensitive, surrounding
    /// whitespace and a leading `v` allowed).
    pub fn parse(text: &str) -> Result<Version, InvalidVersion> {
        pep440_rs::Version::from_str(text.trim_matches(is_python_space))
            .map(Version)
            .map_err(|_| InvalidVersion(text.to_string()))
    }

    /// True for an alpha or beta pre-release (`1.0.0b2`); az calls these "preview". `rc` is not.
    pub fn is_alpha_or_beta(&self) -> bool {
        self.0
            .pre()
            .is_some_and(|p| matches!(p.kind, PrereleaseKind::Alpha | PrereleaseKind::Beta))
    }
}

impl fmt::Display for Version {
    /// The normalized form, as `str(packaging.version.Version(...))` prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
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
            "1.0a1.dev0",
            "1.0a1",
            "1.0a2.dev1",
            "1.0a2",
            "1.0a2.post1.dev0",
            "1.0a2.post1",
            "1.0b1",
            "1.0rc1",
            "1.0",
            "1.0+abc",
            "1.0+abc.5",
            "1.0+local.1",
            "1.0+5",
            "1.0+5.abc",
            "1.0.post1.dev0",
            "1.0.post1",
            "1.0.1",
            "1.1",
            "2.73.0",
            "2.91.0",
            "19.0.0b1",
            "19.0.0b2",
            "19.0.0",
            "1!0.1",
            "2!0.0.dev0",
        ];
        for pair in ascending.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn emulator_index_versions_order_and_preview() {
        // The emulator's stand-in index serves 19.0.0b1 and 19.0.0b2 with a minimum CLI core of
        // 2.73.0; az picks 19.0.0b2 and accepts 2.73.0 <= 2.91.0.
        assert!(v("19.0.0b1") < v("19.0.0b2"));
        assert!(v("19.0.0b2").is_alpha_or_beta());
        assert!(v("2.73.0") <= v("2.91.0"));
    }

    #[test]
    fn trailing_zeros_and_spellings_are_equal() {
        assert_eq!(v("1.0"), v("1.0.0"));
        assert_eq!(v("1.0alpha1"), v("1.0a1"));
        assert_eq!(v("1.0-beta.2"), v("1.0b2"));
        assert_eq!(v("1.0c1"), v("1.0rc1"));
        assert_eq!(v("1.0-1"), v("1.0.post1"));
        assert_eq!(v("V2.91.0"), v("2.91.0"));
        assert_eq!(v("1!1.0"), v("1!1.0.0"));
        assert_ne!(v("1!1.0"), v("1.0"));
        assert_ne!(v("1.0+local"), v("1.0"));
        assert_eq!(v("1.0rc").to_string(), "1.0rc0");
        assert_eq!(v("1.0.0-preview.3").to_string(), "1.0.0rc3");
    }

    #[test]
    fn parses_and_normalizes_like_packaging() {
        // Expected values computed with packaging 26.4 from az 2.91's venv:
        // `str(packaging.version.parse(text))`, or None for InvalidVersion.
        let cases: [(&str, Option<&str>); 34] = [
            // A separator after a label with no number (the hand-written parser rejected these).
            ("1.0a-", Some("1.0a0")),
            ("0r-", Some("0.post0")),
            ("1.0post_", Some("1.0.post0")),
            ("01rc. ", Some("1rc0")),
            // Python's `\s`, which includes U+001C..U+001F and Unicode spaces.
            ("\u{1c}1.0\u{1f}", Some("1.0")),
            ("\u{3000}1.0\u{2000}", Some("1.0")),
            ("\u{b}2.91.0", Some("2.91.0")),
            ("1.0\n", Some("1.0")),
            ("1.0+ABC.01", Some("1.0+abc.1")),
            ("1.0+a-b_c.d", Some("1.0+a.b.c.d")),
            ("1.0a.dev1", Some("1.0a0.dev1")),
            ("1.0rc-1", Some("1.0rc1")),
            ("1.0-r", Some("1.0.post0")),
            ("1.0.post", Some("1.0.post0")),
            ("1.0-post-1", Some("1.0.post1")),
            ("1.0_a_1", Some("1.0a1")),
            ("1.0a1.post2.dev3", Some("1.0a1.post2.dev3")),
            ("1.0-dev-1", Some("1.0.dev1")),
            ("1!2.0RC1", Some("1!2.0rc1")),
            ("v1.0", Some("1.0")),
            ("V1.0-Preview2", Some("1.0rc2")),
            ("01.02.003", Some("1.2.3")),
            ("1.0.*", None),
            ("1.0+", None),
            ("1.0-", None),
            ("1.0+-a", None),
            ("1.0++a", None),
            ("1..0", None),
            (".1", None),
            ("1.", None),
            ("1.0 x", None),
            ("1.0b2b3", None),
            ("\u{661}.0", None),
            ("1.0\u{e9}", None),
        ];
        for (text, want) in cases {
            let got = Version::parse(text).ok().map(|v| v.to_string());
            assert_eq!(got.as_deref(), want, "{text:?}");
        }
    }

    #[test]
    fn alpha_beta_is_preview_but_rc_is_not() {
        assert!(v("19.0.0b2").is_alpha_or_beta());
        assert!(v("1.0a1").is_alpha_or_beta());
        assert!(v("1.0alpha1.post1").is_alpha_or_beta());
        assert!(!v("1.0rc1").is_alpha_or_beta());
        assert!(!v("1.0c1").is_alpha_or_beta());
        assert!(!v("1.0.0-preview.3").is_alpha_or_beta());
        assert!(!v("1.0").is_alpha_or_beta());
        assert!(!v("1.0.dev1").is_alpha_or_beta());
        assert!(!v("1.0.post1").is_alpha_or_beta());
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "", "abc", "1.0-", "1..0", "1.0+", "1.0+a..b", "1.0 x", "1.0b2b3",
        ] {
            let err = Version::parse(bad).expect_err(bad);
            assert_eq!(err.to_string(), format!("Invalid version: '{bad}'"));
        }
    }
}
