//! `-o json` and `-o jsonc`: the bytes of Python's `json.dumps(result, indent=2,
//! sort_keys=True, ensure_ascii=False)` plus a newline (the dump itself is [`crate::py::json`]);
//! colour for `jsonc` comes from the same token stream, with Pygments' JSON palette.

use crate::py::PyValue;
use crate::py::json::Dumps;
use crate::py::pygments::{Kind, json_colors};

/// `-o json` written to `out` as it is produced (the same bytes as `render(value, false)`).
pub fn write(out: &mut dyn std::io::Write, value: &PyValue) -> std::io::Result<()> {
    DUMPS.write_to(out, value)?;
    out.write_all(b"\n")
}

/// `-o json` of a list whose items are made one at a time: the bytes `write` gives for the
/// whole list.
pub fn write_list(
    out: &mut dyn std::io::Write,
    items: impl Iterator<Item = PyValue>,
) -> std::io::Result<()> {
    DUMPS.write_list_to(out, items)?;
    out.write_all(b"\n")
}

/// az's `json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False)`.
const DUMPS: Dumps = Dumps::indent(2).sort_keys().ensure_ascii(false);

/// The `-o json` text (or `jsonc` when `color` is set), ending in a newline.
pub fn render(value: &PyValue, color: bool) -> String {
    let mut toks = DUMPS.tokens(value);
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

    #[test]
    fn streamed_json_is_the_rendered_text() {
        // Long enough to cross the writer's chunk size several times.
        let items: Vec<serde_json::Value> = (0..2000)
            .map(|i| json!({"name": format!("g-{i}"), "tags": {"t": "é\u{1}"}, "n": i, "f": 0.5}))
            .collect();
        let v = PyValue::from_json(&serde_json::Value::Array(items));
        let mut out = Vec::new();
        write(&mut out, &v).expect("a Vec never fails");
        assert_eq!(String::from_utf8(out).expect("utf-8"), render(&v, false));
    }
}
