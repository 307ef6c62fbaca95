//! az's `is_guid`: whether Python 3's `uuid.UUID(text)` accepts a string. It is looser than a
//! GUID's usual spelling: `urn:`/`uuid:` anywhere and `-` anywhere are dropped, braces are
//! trimmed from both ends, and the 32 characters left are read by Python's `int(text, 16)`
//! (surrounding whitespace, a `+`, a `0x` prefix and `_` between digits allowed).

/// Python's `uuid.UUID(text)` succeeds (az's `azure.cli.core.util.is_guid`).
pub fn is_guid(text: &str) -> bool {
    let dropped = text.replace("urn:", "").replace("uuid:", "");
    let hex: String = dropped
        .trim_matches(|c| c == '{' || c == '}')
        .chars()
        .filter(|&c| c != '-')
        .collect();
    if hex.chars().count() != 32 {
        return false;
    }
    // Every `-` is gone, so the value is never negative, and 32 characters cannot reach
    // 2**128: `int()` accepting the text is all `UUID()` asks.
    python_int_base16(&hex)
}

/// Python's `str.isspace()` for the characters `int()` strips.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Whether Python's `int(text, 16)` accepts `text` (which holds no `-`).
fn python_int_base16(text: &str) -> bool {
    let s = text.trim_matches(is_py_space);
    let s = s.strip_prefix('+').unwrap_or(s);
    // After a `0x` prefix an underscore may come first (PEP 515).
    let (s, underscore_first_ok) = match s.get(..2) {
        Some(p) if p.eq_ignore_ascii_case("0x") => (&s[2..], true),
        _ => (s, false),
    };
    let (mut digits, mut last_underscore) = (0usize, false);
    for (i, c) in s.chars().enumerate() {
        if c == '_' {
            if last_underscore || (i == 0 && !underscore_first_ok) {
                return false;
            }
            last_underscore = true;
        } else if c.is_ascii_hexdigit() {
            digits += 1;
            last_underscore = false;
        } else {
            return false;
        }
    }
    digits > 0 && !last_underscore
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_python_uuid_accepts() {
        // Each checked against CPython 3.11's `uuid.UUID(s)`.
        for ok in [
            "00000000-0000-4000-8000-0000000005ab",
            "00000000-0000-4000-8000-0000000005AB",
            "{00000000-0000-4000-8000-0000000005ab}",
            "urn:uuid:00000000-0000-4000-8000-0000000005ab",
            "000000000000400080000000000005ab",
            "uuid:{0000000000004000-8000-0000000005ab}}",
            "0x00000000000040008000000000005a",
            "0x_0000000000040008000000000005a",
            "0x000000000000000000000000000000",
            "\u{2003}00000000000040008000000000005a\n",
            " 00000000000040008000000000005a ",
            "+00000000000040008000000000005ab",
            "-00000000000000000000000000000000",
            "00_0000000000040008000000000005a",
            "0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0",
        ] {
            assert!(is_guid(ok), "{ok}");
        }
        for bad in [
            "",
            "Fake Subscription",
            "00000000-0000-4000-8000-0000000005a",
            "00000000-0000-4000-8000-0000000005abc",
            "00000000-0000-4000-8000-0000000005ag",
            "-0000000000004000800000000005ab",
            "_0000000000040008000000000005ab",
            "0000000000040008000000000005ab_",
            "00__000000000400080000000005ab",
            "0x__00000000040008000000000005a",
            "   0000000000000000000000000000",
            "00000000 0000 4000 8000 0000005ab",
        ] {
            assert!(!is_guid(bad), "{bad}");
        }
    }
}
