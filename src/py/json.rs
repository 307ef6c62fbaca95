//! Python's `json.dumps`, with the options az's call sites use: [`Dumps::DEFAULT`] (request
//! bodies, az's `config` file, pip's `direct_url.json`: `", "`/`": "`, ASCII only),
//! [`Dumps::indent`] (`indent=n`, which switches the item separator to `","`; azure-core's
//! ARM error texts), [`Dumps::COMPACT`] (`separators=(',', ':')`, JMESPath `to_string()`),
//! `sort_keys` and `ensure_ascii` (`-o json` is `indent=2, sort_keys=True,
//! ensure_ascii=False`). Numbers are spelled as Python prints them after `json.loads`
//! (integers with every digit, floats per `repr`, `NaN`/`Infinity`). The output is a
//! Pygments token stream so `-o jsonc` can colour the same pass; callers wanting text call
//! [`Dumps::to_string`].

use super::pygments::{Kind, Tokens};
use super::repr::number_str;
use super::value::{PyNum, PyValue, is_int_text, py_num};

/// The options of one `json.dumps` call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dumps {
    /// `indent=n`: one item per line, nested `n` spaces deeper.
    pub indent: Option<usize>,
    /// `separators=(item, key)`.
    pub item_separator: &'static str,
    pub key_separator: &'static str,
    /// `sort_keys=True`.
    pub sort_keys: bool,
    /// `ensure_ascii=True` (Python's default): everything outside printable ASCII as `\uXXXX`.
    pub ensure_ascii: bool,
}

impl Dumps {
    /// `json.dumps(v)`.
    pub const DEFAULT: Dumps = Dumps {
        indent: None,
        item_separator: ", ",
        key_separator: ": ",
        sort_keys: false,
        ensure_ascii: true,
    };

    /// `json.dumps(v, separators=(',', ':'))`.
    pub const COMPACT: Dumps = Dumps {
        indent: None,
        item_separator: ",",
        key_separator: ":",
        sort_keys: false,
        ensure_ascii: true,
    };

    /// `json.dumps(v, indent=n)`: with an indent Python's default item separator is `","`.
    pub const fn indent(n: usize) -> Dumps {
        Dumps {
            indent: Some(n),
            item_separator: ",",
            key_separator: ": ",
            sort_keys: false,
            ensure_ascii: true,
        }
    }

    /// The same options with `sort_keys=True`.
    pub const fn sort_keys(self) -> Dumps {
        Dumps {
            sort_keys: true,
            ..self
        }
    }

    /// The same options with `ensure_ascii` as given.
    pub const fn ensure_ascii(self, ensure_ascii: bool) -> Dumps {
        Dumps {
            ensure_ascii,
            ..self
        }
    }

    /// The dump as text.
    pub fn to_string(&self, value: &PyValue) -> String {
        self.tokens(value).plain()
    }

    /// The dump of plain JSON data as text.
    pub fn json(&self, value: &serde_json::Value) -> String {
        self.to_string(&PyValue::from_json(value))
    }

    /// The dump as Pygments-classified tokens (for `-o jsonc`).
    pub fn tokens(&self, value: &PyValue) -> Tokens {
        let mut toks = Tokens::default();
        self.write(&mut toks, value, 0);
        toks
    }

    /// Pushes a separator: its punctuation and its whitespace as separate tokens, as
    /// Pygments lexes them.
    fn separator(&self, toks: &mut Tokens, sep: &str) {
        let punct = sep.trim_end_matches(' ');
        if !punct.is_empty() {
            toks.push(Kind::Punct, punct);
        }
        if punct.len() < sep.len() {
            toks.push(Kind::Space, &sep[punct.len()..]);
        }
    }

    /// Before each item (and before the closing bracket): a newline and the indentation.
    fn newline(&self, toks: &mut Tokens, depth: usize) {
        if let Some(n) = self.indent {
            toks.push(Kind::Space, format!("\n{}", " ".repeat(depth * n)));
        }
    }

    fn write(&self, toks: &mut Tokens, value: &PyValue, depth: usize) {
        match value {
            PyValue::List(items) => {
                if items.is_empty() {
                    toks.push(Kind::Punct, "[]");
                    return;
                }
                toks.push(Kind::Punct, "[");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.separator(toks, self.item_separator);
                    }
                    self.newline(toks, depth + 1);
                    self.write(toks, item, depth + 1);
                }
                self.newline(toks, depth);
                toks.push(Kind::Punct, "]");
            }
            PyValue::Dict { map, .. } => {
                if map.is_empty() {
                    toks.push(Kind::Punct, "{}");
                    return;
                }
                let mut entries: Vec<_> = map.iter().collect();
                if self.sort_keys {
                    entries.sort_by(|a, b| a.0.cmp(b.0));
                }
                toks.push(Kind::Punct, "{");
                for (i, (k, v)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        self.separator(toks, self.item_separator);
                    }
                    self.newline(toks, depth + 1);
                    toks.push(Kind::Key, quote(k, self.ensure_ascii));
                    self.separator(toks, self.key_separator);
                    self.write(toks, v, depth + 1);
                }
                self.newline(toks, depth);
                toks.push(Kind::Punct, "}");
            }
            PyValue::Str(s) => toks.push(Kind::Str, quote(s, self.ensure_ascii)),
            PyValue::Null => toks.push(Kind::Literal, "null"),
            PyValue::Bool(b) => toks.push(Kind::Literal, if *b { "true" } else { "false" }),
            PyValue::Num(n) => toks.push(Kind::Literal, number(n)),
        }
    }
}

/// Python json's spelling of a number: `str()` for ints and finite floats, `NaN` and
/// `Infinity` for the others (JSON has no spelling; Python writes these).
fn number(n: &serde_json::Number) -> String {
    if !is_int_text(n)
        && let PyNum::Float(f) = py_num(n)
    {
        if f.is_nan() {
            return "NaN".to_string();
        }
        if f.is_infinite() {
            return if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
        }
    }
    number_str(n)
}

/// A JSON string literal as Python writes it; `ascii` escapes everything outside printable
/// ASCII (`ensure_ascii=True`, DEL included), astral characters as surrogate pairs.
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn py(v: &serde_json::Value) -> PyValue {
        PyValue::from_json(v)
    }

    #[test]
    fn default_matches_python_json_dumps() {
        // `json.dumps({"location": "westus2"})` is 23 bytes (commands.md §0.2).
        assert_eq!(
            Dumps::DEFAULT.json(&json!({"location": "westus2"})),
            r#"{"location": "westus2"}"#
        );
        assert_eq!(
            Dumps::DEFAULT.json(&json!({"a": [1, {"b": "é"}], "c": "x\"y", "d": [], "e": {}})),
            r#"{"a": [1, {"b": "\u00e9"}], "c": "x\"y", "d": [], "e": {}}"#
        );
        assert_eq!(
            Dumps::DEFAULT.json(&json!("\u{1F600}")),
            r#""\ud83d\ude00""#
        );
        // json.dumps("\x7f\x1f\b\f") and json.dumps({"b": None, "a": True}, sort_keys=True)
        assert_eq!(
            Dumps::DEFAULT.json(&json!("\u{7f}\u{1f}\u{8}\u{c}")),
            r#""\u007f\u001f\b\f""#
        );
        assert_eq!(
            Dumps::DEFAULT
                .sort_keys()
                .json(&json!({"b": null, "a": true})),
            r#"{"a": true, "b": null}"#
        );
    }

    #[test]
    fn indent_uses_comma_without_space_and_stays_ascii() {
        // json.dumps({"x": "é", "l": [1, 2.50], "e": []}, indent=4)
        assert_eq!(
            Dumps::indent(4).to_string(&py(&serde_json::from_str(
                r#"{"x": "é", "l": [1, 2.50], "e": []}"#
            )
            .expect("json"))),
            "{\n    \"x\": \"\\u00e9\",\n    \"l\": [\n        1,\n        2.5\n    ],\n    \"e\": []\n}"
        );
    }

    #[test]
    fn pretty_escapes_and_numbers_like_python() {
        let v: serde_json::Value = serde_json::from_str(
            r#"{"b":1e-7,"a":"x\u0007\u2028/\u007f","c":1.50,"d":10000000000000000000000,"z":-0}"#,
        )
        .expect("valid json");
        // json.dumps(json.loads(v), indent=2, sort_keys=True, ensure_ascii=False)
        assert_eq!(
            Dumps::indent(2)
                .sort_keys()
                .ensure_ascii(false)
                .to_string(&py(&v)),
            "{\n  \"a\": \"x\\u0007\u{2028}/\u{7f}\",\n  \"b\": 1e-07,\n  \"c\": 1.5,\n  \"d\": 10000000000000000000000,\n  \"z\": 0\n}"
        );
        let inf: serde_json::Value = serde_json::from_str("[1e400, -1e400]").expect("json");
        assert_eq!(Dumps::DEFAULT.json(&inf), "[Infinity, -Infinity]");
    }

    #[test]
    fn compact_is_insertion_ordered_ascii() {
        // json.dumps({"b": 1, "a": [1, "é"]}, separators=(',', ':'))
        assert_eq!(
            Dumps::COMPACT.json(&json!({"b": 1, "a": [1, "é"]})),
            "{\"b\":1,\"a\":[1,\"\\u00e9\"]}"
        );
    }
}
