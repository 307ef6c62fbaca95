//! `-o json` and `-o jsonc`: the bytes of Python's `json.dumps(result, indent=2,
//! sort_keys=True, ensure_ascii=False)` plus a newline, with Python's number spelling (all
//! integer digits, floats per `repr`). The same writer, compact and ASCII-only, backs
//! JMESPath's `to_string()`. Colour for `jsonc` comes from the token stream (`tokens`).

use super::pytext::float_repr;
use super::pyvalue::{PyNum, PyValue, is_int_text, py_num};
use super::tokens::{Kind, Tokens, json_colors};

/// The `-o json` text (or `jsonc` when `color` is set), ending in a newline.
pub fn render(value: &PyValue, color: bool) -> String {
    let mut toks = Tokens::default();
    let style = Pretty {
        indent: 2,
        sort: true,
        ascii: false,
    };
    write_pretty(&mut toks, value, 0, style);
    toks.push(Kind::Space, "\n");
    if color {
        toks.colored(json_colors)
    } else {
        toks.plain()
    }
}

/// Layout of an indented dump.
#[derive(Clone, Copy)]
struct Pretty {
    indent: usize,
    sort: bool,
    ascii: bool,
}

/// Python `json.dumps(value, indent=4)` (insertion order, ASCII only), as azure-core prints
/// an ARM `innererror`.
pub fn indent4_ascii(value: &PyValue) -> String {
    let mut toks = Tokens::default();
    let style = Pretty {
        indent: 4,
        sort: false,
        ascii: true,
    };
    write_pretty(&mut toks, value, 0, style);
    toks.plain()
}

fn write_pretty(toks: &mut Tokens, value: &PyValue, depth: usize, style: Pretty) {
    let pad = |d: usize| format!("\n{}", " ".repeat(d * style.indent));
    match value {
        PyValue::List(items) => {
            if items.is_empty() {
                toks.push(Kind::Punct, "[]");
                return;
            }
            toks.push(Kind::Punct, "[");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    toks.push(Kind::Punct, ",");
                }
                toks.push(Kind::Space, pad(depth + 1));
                write_pretty(toks, item, depth + 1, style);
            }
            toks.push(Kind::Space, pad(depth));
            toks.push(Kind::Punct, "]");
        }
        PyValue::Dict { map, .. } => {
            if map.is_empty() {
                toks.push(Kind::Punct, "{}");
                return;
            }
            let mut entries: Vec<_> = map.iter().collect();
            if style.sort {
                entries.sort_by(|a, b| a.0.cmp(b.0));
            }
            toks.push(Kind::Punct, "{");
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    toks.push(Kind::Punct, ",");
                }
                toks.push(Kind::Space, pad(depth + 1));
                toks.push(Kind::Key, quote(k, style.ascii));
                toks.push(Kind::Punct, ":");
                toks.push(Kind::Space, " ");
                write_pretty(toks, v, depth + 1, style);
            }
            toks.push(Kind::Space, pad(depth));
            toks.push(Kind::Punct, "}");
        }
        PyValue::Str(s) => toks.push(Kind::Str, quote(s, style.ascii)),
        scalar => toks.push(Kind::Literal, scalar_text(scalar)),
    }
}

/// Python json's spelling of a non-container value.
fn scalar_text(value: &PyValue) -> String {
    match value {
        PyValue::Null => "null".to_string(),
        PyValue::Bool(b) => b.to_string(),
        PyValue::Num(n) => {
            if is_int_text(n) {
                let text = n.to_string();
                if text == "-0" { "0".to_string() } else { text }
            } else {
                match py_num(n) {
                    PyNum::Float(f) if f.is_nan() => "NaN".to_string(),
                    PyNum::Float(f) if f.is_infinite() => {
                        if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
                    }
                    PyNum::Float(f) => float_repr(f),
                    PyNum::Int(i) => i.to_string(),
                }
            }
        }
        PyValue::Str(s) => quote(s, false),
        PyValue::List(_) | PyValue::Dict { .. } => String::new(),
    }
}

/// A JSON string literal as Python writes it; `ascii` escapes everything outside
/// printable ASCII (`ensure_ascii=True`).
pub fn quote(s: &str, ascii: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if ascii && !(' '..='~').contains(&c) => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Python `json.dumps(value, separators=(',', ':'))`: compact, insertion order, ASCII only
/// (JMESPath `to_string()`).
pub fn compact(value: &PyValue) -> String {
    let mut out = String::new();
    write_compact(&mut out, value);
    out
}

fn write_compact(out: &mut String, value: &PyValue) {
    match value {
        PyValue::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_compact(out, item);
            }
            out.push(']');
        }
        PyValue::Dict { map, .. } => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&quote(k, true));
                out.push(':');
                write_compact(out, v);
            }
            out.push('}');
        }
        PyValue::Str(s) => out.push_str(&quote(s, true)),
        scalar => out.push_str(&scalar_text(scalar)),
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
        assert_eq!(
            compact(&PyValue::from_json(&json!({"b": 1, "a": [1, "é"]}))),
            "{\"b\":1,\"a\":[1,\"\\u00e9\"]}"
        );
    }
}
