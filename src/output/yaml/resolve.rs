//! PyYAML's YAML 1.1 implicit resolvers, as hand-written matchers: whether a plain scalar
//! with this text would read back as null, bool, int, float, timestamp, merge or value
//! rather than a string (then the emitter must quote it).

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

/// Whether a plain scalar with this text would be read back as something other than a string.
pub(super) fn resolves_to_other_type(s: &str) -> bool {
    matches!(
        s,
        "" | "~"
            | "null"
            | "Null"
            | "NULL"
            | "yes"
            | "Yes"
            | "YES"
            | "no"
            | "No"
            | "NO"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
            | "<<"
            | "="
    ) || is_yaml_int(s)
        || is_yaml_float(s)
        || is_yaml_timestamp(s)
}
