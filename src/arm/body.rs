//! Request bodies serialised the way az's Python SDK sends them: `json.dumps` with its
//! default separators (`", "` and `": "`) and `ensure_ascii=True` (non-ASCII as `\uXXXX`), so
//! a body azrs sends has the same bytes and `Content-Length` as az's for the same value.

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};
use std::io::{self, Write};

/// `json.dumps(value)` bytes.
pub fn python_dumps(value: &impl Serialize) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::new();
    let mut ser = Serializer::with_formatter(&mut out, PythonFormatter);
    value.serialize(&mut ser)?;
    Ok(out)
}

struct PythonFormatter;

impl Formatter for PythonFormatter {
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        for c in fragment.chars() {
            if c.is_ascii() {
                w.write_all(&[c as u8])?;
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(w, "\\u{unit:04x}")?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matches_python_json_dumps() {
        // `json.dumps({"location": "westus2"})` is 23 bytes (commands.md §0.2).
        assert_eq!(
            python_dumps(&json!({"location": "westus2"})).expect("json"),
            br#"{"location": "westus2"}"#
        );
        assert_eq!(
            String::from_utf8(
                python_dumps(&json!({"a": [1, {"b": "é"}], "c": "x\"y", "d": []})).expect("json")
            )
            .expect("utf8"),
            r#"{"a": [1, {"b": "\u00e9"}], "c": "x\"y", "d": []}"#
        );
        assert_eq!(
            python_dumps(&json!("\u{1F600}")).expect("json"),
            br#""\ud83d\ude00""#
        );
    }
}
