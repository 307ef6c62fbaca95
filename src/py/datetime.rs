//! Python's `datetime.isoformat()` of a timestamp as the Azure SDK deserialises it: the SDK
//! parses an ISO 8601 string into a `datetime` (microsecond precision) and knack's `todict`
//! prints it back with `isoformat()`. Works on characters, never on byte offsets, so any text
//! (non-ASCII included) is simply "not a timestamp".

/// `isoformat()` of `s` as the SDK parses it: fraction cut to microseconds (dropped when
/// zero), `Z` written `+00:00`. `None` if `s` is not a timestamp.
pub fn isoformat(s: &str) -> Option<String> {
    let (date, rest) = s.split_once(['T', 't', ' '])?;
    let date_ok = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !date_ok {
        return None;
    }
    // `get` rather than indexing: a non-ASCII character at byte 8 is "no timestamp", not a
    // panic.
    let hms = rest.get(..8)?;
    let after = rest.get(8..)?;
    let hms_ok = hms.bytes().enumerate().all(|(i, b)| {
        if i == 2 || i == 5 {
            b == b':'
        } else {
            b.is_ascii_digit()
        }
    });
    if !hms_ok {
        return None;
    }
    let (fraction, zone) = match after.strip_prefix('.') {
        Some(f) => f.split_at(f.find(|c: char| !c.is_ascii_digit()).unwrap_or(f.len())),
        None => ("", after),
    };
    let offset = match zone {
        "" => String::new(),
        "Z" | "z" => "+00:00".to_owned(),
        z if z.len() == 6
            && (z.starts_with('+') || z.starts_with('-'))
            && z.as_bytes()[3] == b':' =>
        {
            z.to_owned()
        }
        _ => return None,
    };
    let mut micros: String = fraction.chars().take(6).collect();
    while micros.len() < 6 {
        micros.push('0');
    }
    let frac_out = if micros.bytes().all(|b| b == b'0') {
        String::new()
    } else {
        format!(".{micros}")
    };
    Some(format!("{date}T{hms}{frac_out}{offset}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isoformat_matches_python() {
        assert_eq!(
            isoformat("2024-05-01T10:00:00.1234567Z").as_deref(),
            Some("2024-05-01T10:00:00.123456+00:00")
        );
        assert_eq!(
            isoformat("2024-05-01T10:00:00Z").as_deref(),
            Some("2024-05-01T10:00:00+00:00")
        );
        assert_eq!(
            isoformat("2024-05-01T10:00:00.5-05:00").as_deref(),
            Some("2024-05-01T10:00:00.500000-05:00")
        );
        assert_eq!(isoformat("yesterday"), None);
    }

    // Regression: byte slicing panicked on non-ASCII text after a date-like prefix.
    #[test]
    fn non_ascii_is_not_a_timestamp_and_does_not_panic() {
        assert_eq!(isoformat("2024-05-01T10:00:0é"), None);
        assert_eq!(isoformat("2024-05-01T開発クラスタ"), None);
        assert_eq!(isoformat("2024-05-01T10:00:00.5é"), None);
    }
}
