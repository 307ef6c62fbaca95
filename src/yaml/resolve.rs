//! PyYAML's YAML 1.1 implicit resolvers, as hand-written matchers over bytes (no slicing of
//! text, so any input is safe): what a plain scalar with this text reads back as (null, bool,
//! int, float, timestamp, merge, value or string). The one resolver of the crate: the loader
//! types plain scalars with it and the emitter quotes any string it would misread.

fn digits_us(b: &[u8], i: &mut usize, pred: fn(u8) -> bool) -> usize {
    let start = *i;
    while *i < b.len() && (pred(b[*i]) || b[*i] == b'_') {
        *i += 1;
    }
    *i - start
}

fn sign(b: &[u8], i: &mut usize) {
    if *i < b.len() && (b[*i] == b'-' || b[*i] == b'+') {
        *i += 1;
    }
}

/// `(:[0-5]?[0-9])+` from `i`; true when at least one group matched.
fn sexagesimal(b: &[u8], i: &mut usize) -> bool {
    let mut groups = 0;
    while *i < b.len() && b[*i] == b':' {
        let j = *i + 1;
        if j + 1 < b.len() && (b'0'..=b'5').contains(&b[j]) && b[j + 1].is_ascii_digit() {
            *i = j + 2;
        } else if j < b.len() && b[j].is_ascii_digit() {
            *i = j + 1;
        } else {
            return false;
        }
        groups += 1;
    }
    groups > 0
}

fn is_yaml_int(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    sign(b, &mut i);
    let rest = &b[i..];
    if let Some(bin) = rest.strip_prefix(b"0b") {
        return !bin.is_empty() && bin.iter().all(|c| matches!(c, b'0' | b'1' | b'_'));
    }
    if let Some(hex) = rest.strip_prefix(b"0x") {
        return !hex.is_empty() && hex.iter().all(|c| c.is_ascii_hexdigit() || *c == b'_');
    }
    if rest == b"0" {
        return true;
    }
    if let Some(oct) = rest.strip_prefix(b"0") {
        return !oct.is_empty() && oct.iter().all(|c| matches!(c, b'0'..=b'7' | b'_'));
    }
    if rest.first().is_some_and(|c| (b'1'..=b'9').contains(c)) {
        let mut j = 1;
        digits_us(rest, &mut j, |c| c.is_ascii_digit());
        if j == rest.len() {
            return true;
        }
        return sexagesimal(rest, &mut j) && j == rest.len();
    }
    false
}

fn exponent(b: &[u8], i: &mut usize) -> bool {
    if *i < b.len() && (b[*i] == b'e' || b[*i] == b'E') {
        let mut j = *i + 1;
        if j < b.len() && (b[j] == b'-' || b[j] == b'+') {
            j += 1;
            let start = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j > start {
                *i = j;
                return true;
            }
        }
        return false;
    }
    true
}

fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    // `\.[0-9][0-9_]*([eE][-+][0-9]+)?` (no sign)
    if b.first() == Some(&b'.') && b.get(1).is_some_and(u8::is_ascii_digit) {
        let mut i = 1;
        digits_us(b, &mut i, |c| c.is_ascii_digit());
        return exponent(b, &mut i) && i == b.len();
    }
    let mut i = 0;
    sign(b, &mut i);
    let rest = &s[i..];
    if matches!(rest, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    digits_us(b, &mut i, |c| c.is_ascii_digit());
    // Sexagesimal float: digits (:[0-5]?[0-9])+ \. [0-9_]*
    let mut j = i;
    if sexagesimal(b, &mut j) && j < b.len() && b[j] == b'.' {
        j += 1;
        digits_us(b, &mut j, |c| c.is_ascii_digit());
        if j == b.len() {
            return true;
        }
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        digits_us(b, &mut i, |c| c.is_ascii_digit());
        return exponent(b, &mut i) && i == b.len();
    }
    false
}

fn is_yaml_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if b.len() == 10 && (0..4).all(digit) && b[4] == b'-' && digit(5) && digit(6) && b[7] == b'-' {
        return digit(8) && digit(9);
    }
    // YYYY-M(M)-D(D) (T|t|[ \t]+) H(H):MM:SS(.f*)? ([ \t]*(Z|[-+]H(H)?(:MM)?))?
    let mut i = 0;
    if !(0..4).all(digit) {
        return false;
    }
    i += 4;
    let one_or_two = |i: &mut usize| -> bool {
        if !digit(*i) {
            return false;
        }
        *i += 1;
        if digit(*i) {
            *i += 1;
        }
        true
    };
    for _ in 0..2 {
        if b.get(i) != Some(&b'-') {
            return false;
        }
        i += 1;
        if !one_or_two(&mut i) {
            return false;
        }
    }
    match b.get(i) {
        Some(b'T' | b't') => i += 1,
        Some(b' ' | b'\t') => {
            while matches!(b.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
        }
        _ => return false,
    }
    if !one_or_two(&mut i) {
        return false;
    }
    for _ in 0..2 {
        if !(b.get(i) == Some(&b':') && digit(i + 1) && digit(i + 2)) {
            return false;
        }
        i += 3;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while digit(i) {
            i += 1;
        }
    }
    if i == b.len() {
        return true;
    }
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'-' | b'+') => {
            i += 1;
            if !one_or_two(&mut i) {
                return false;
            }
            if b.get(i) == Some(&b':') {
                if !(digit(i + 1) && digit(i + 2)) {
                    return false;
                }
                i += 3;
            }
            i == b.len()
        }
        _ => false,
    }
}

/// What a plain scalar means under PyYAML's YAML 1.1 implicit resolvers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int,
    Float,
    Timestamp,
    /// `<<` (merge).
    Merge,
    /// `=` (value).
    Value,
    Str,
}

/// The type PyYAML's `Resolver.resolve` gives a plain scalar with this text.
pub fn resolve_plain(s: &str) -> Resolved {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => Resolved::Null,
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Resolved::Bool(true)
        }
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Resolved::Bool(false)
        }
        "<<" => Resolved::Merge,
        "=" => Resolved::Value,
        s if is_yaml_int(s) => Resolved::Int,
        s if is_yaml_float(s) => Resolved::Float,
        s if is_yaml_timestamp(s) => Resolved::Timestamp,
        _ => Resolved::Str,
    }
}

/// Whether a plain scalar with this text would be read back as something other than a string.
pub(super) fn resolves_to_other_type(s: &str) -> bool {
    resolve_plain(s) != Resolved::Str
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_pyyaml_resolver() {
        // `Resolver().resolve(ScalarNode, text, (True, False))` of PyYAML 6 for each text.
        use Resolved::*;
        let cases: &[(&str, Resolved)] = &[
            ("", Null),
            ("~", Null),
            ("null", Null),
            ("Null", Null),
            ("NULL", Null),
            ("nULL", Str),
            ("yes", Bool(true)),
            ("Yes", Bool(true)),
            ("YES", Bool(true)),
            ("yEs", Str),
            ("y", Str),
            ("n", Str),
            ("on", Bool(true)),
            ("OFF", Bool(false)),
            ("true", Bool(true)),
            ("False", Bool(false)),
            ("<<", Merge),
            ("=", Value),
            ("0", Int),
            ("-0", Int),
            ("+0", Int),
            ("00", Int),
            ("012", Int),
            ("019", Str),
            ("0_7", Int),
            ("0b", Str),
            ("0b101", Int),
            ("-0b1_0", Int),
            ("0x", Str),
            ("0xfF_", Int),
            ("1_000", Int),
            ("1:20", Int),
            ("1:60", Str),
            ("1:5:9", Int),
            ("190:20:30", Int),
            ("-1:20", Int),
            ("0:20", Str),
            ("1.5", Float),
            ("-1.5", Float),
            ("+.5", Str),
            (".5", Float),
            ("-.5", Str),
            ("._5", Str),
            ("1.", Float),
            ("1._", Float),
            ("1e5", Str),
            ("1.0e5", Str),
            ("1.0e+5", Float),
            ("1.0E-5", Float),
            (".5e+3", Float),
            ("1:20.5", Float),
            ("1:20.", Float),
            ("0:20.5", Float),
            (".inf", Float),
            ("-.Inf", Float),
            ("+.INF", Float),
            (".nan", Float),
            ("-.nan", Str),
            (".NaN", Float),
            ("2001-12-14", Timestamp),
            ("2001-1-4", Str),
            ("2001-12-14t21:59:43.10-05:00", Timestamp),
            ("2001-12-14 21:59:43.10 -5", Timestamp),
            ("2001-12-14  21:59:43.10 Z", Timestamp),
            ("2001-12-14T21:59:43", Timestamp),
            ("2001-12-14T21:59:43+05:3", Str),
            ("2001-12-1421:59:43", Str),
            ("2002-12-14 1:59:43.", Timestamp),
            ("abc", Str),
            ("1_", Int),
            ("_1", Str),
            ("1__2", Int),
            ("+", Str),
            ("-", Str),
            ("1e", Str),
            ("12e3", Str),
            ("0.", Float),
            ("0o17", Str),
            ("1,000", Str),
            ("開発クラスタ", Str),
            ("2024-05-0開", Str),
            ("2024-05-01T開発", Str),
        ];
        for (text, want) in cases {
            assert_eq!(resolve_plain(text), *want, "{text:?}");
        }
    }
}
