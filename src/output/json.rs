//! `-o json` and `-o jsonc`: the bytes of Python's `json.dumps(result, indent=2,
//! sort_keys=True, ensure_ascii=False)` plus a newline (the dump itself is [`crate::py::json`]);
//! colour for `jsonc` comes from the same token stream, with Pygments' JSON palette.

use crate::py::PyValue;
use crate::py::json::Dumps;
use crate::py::pygments::{Kind, json_colors};

/// The `-o json` text (or `jsonc` when `color` is set), ending in a newline.
pub fn render(value: &PyValue, color: bool) -> String {
    let mut toks = Dumps::indent(2)
        .sort_keys()
        .ensure_ascii(false)
        .tokens(value);
    toks.push(Kind::Space, "\n");
    if color {
        toks.colored(json_colors)
    } else {
        toks.plain()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn jsonc_matches_pygments_bytes() {
        let v: serde_json::Value = serde_json::from_str(
            r#"{"name":"solo","n":7,"ok":true,"none":null,"tags":["a"],"f":1.5}"#,
        )
        .expect("valid json");
        // The exact bytes from output.md §3.
        let want = "{\u{1b}[37m\u{1b}[39;49;00m\n\u{1b}[37m  \u{1b}[39;49;00m\u{1b}[94m\"f\"\u{1b}[39;49;00m:\u{1b}[37m \u{1b}[39;49;00m\u{1b}[34m1.5\u{1b}[39;49;00m,\u{1b}[37m\u{1b}[39;49;00m\n\u{1b}[37m  \u{1b}[39;49;00m\u{1b}[94m\"n\"\u{1b}[39;49;00m:\u{1b}[37m \u{1b}[39;49;00m\u{1b}[34m7\u{1b}[39;49;00m,\u{1b}[37m\u{1b}[39;49;00m\n\u{1b}[37m  \u{1b}[39;49;00m\u{1b}[94m\"name\"\u{1b}[39;49;00m:\u{1b}[37m \u{1b}[39;49;00m\u{1b}[33m\"solo\"\u{1b}[39;49;00m,\u{1b}[37m\u{1b}[39;49;00m\n\u{1b}[37m  \u{1b}[39;49;00m\u{1b}[94m\"none\"\u{1b}[39;49;00m:\u{1b}[37m \u{1b}[39;49;00m\u{1b}[34mnull\u{1b}[39;49;00m,\u{1b}[37m\u{1b}[39;49;00m\n\u{1b}[37m  \u{1b}[39;49;00m\u{1b}[94m\"ok\"\u{1b}[39;49;00m:\u{1b}[37m \u{1b}[39;49;00m\u{1b}[34mtrue\u{1b}[39;49;00m,\u{1b}[37m\u{1b}[39;49;00m\n\u{1b}[37m  \u{1b}[39;49;00m\u{1b}[94m\"tags\"\u{1b}[39;49;00m:\u{1b}[37m \u{1b}[39;49;00m[\u{1b}[37m\u{1b}[39;49;00m\n\u{1b}[37m    \u{1b}[39;49;00m\u{1b}[33m\"a\"\u{1b}[39;49;00m\u{1b}[37m\u{1b}[39;49;00m\n\u{1b}[37m  \u{1b}[39;49;00m]\u{1b}[37m\u{1b}[39;49;00m\n}\u{1b}[37m\u{1b}[39;49;00m\n";
        assert_eq!(render(&PyValue::from_json(&v), true), want);
    }

    #[test]
    fn json_escapes_and_numbers_like_python() {
        let v: serde_json::Value = serde_json::from_str(
            r#"{"b":1e-7,"a":"x\u0007\u2028/\u007f","c":1.50,"d":10000000000000000000000}"#,
        )
        .expect("valid json");
        assert_eq!(
            render(&PyValue::from_json(&v), false),
            "{\n  \"a\": \"x\\u0007\u{2028}/\u{7f}\",\n  \"b\": 1e-07,\n  \"c\": 1.5,\n  \"d\": 10000000000000000000000\n}\n"
        );
        assert_eq!(render(&PyValue::from_json(&json!([])), false), "[]\n");
    }
}
