//! Request bodies serialised the way az's Python SDK sends them: `json.dumps` with its
//! default separators (`", "` and `": "`) and `ensure_ascii=True` (non-ASCII as `\uXXXX`), so
//! a body azrs sends has the same bytes and `Content-Length` as az's for the same value. The
//! dump itself is [`crate::py::json`]; this module only picks the options.

use crate::py::json::Dumps;
use serde::Serialize;

/// `json.dumps(value)` bytes.
pub fn python_dumps(value: &impl Serialize) -> Result<Vec<u8>, serde_json::Error> {
    Ok(Dumps::DEFAULT
        .json(&serde_json::to_value(value)?)
        .into_bytes())
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
