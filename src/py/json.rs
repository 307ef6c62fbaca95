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
        let mut out = String::new();
        self.write(&mut out, value, 0);
        out
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

    /// The dump written to `out` as it is produced: `-o json` of a large list never holds its
    /// whole text (or a token per piece of it) in memory. The first write error ends the dump.
    pub fn write_to(&self, out: &mut dyn std::io::Write, value: &PyValue) -> std::io::Result<()> {
        let mut sink = WriteSink {
            out,
            scratch: String::new(),
            error: None,
        };
        self.write(&mut sink, value, 0);
        sink.finish()
    }

    /// Pushes a separator: its punctuation and its whitespace as separate tokens, as
    /// Pygments lexes them.
    fn separator(&self, toks: &mut impl Sink, sep: &str) {
        let punct = sep.trim_end_matches(' ');
        if !punct.is_empty() {
            toks.put(Kind::Punct, punct);
        }
        if punct.len() < sep.len() {
            toks.put(Kind::Space, &sep[punct.len()..]);
        }
    }

    /// Before each item (and before the closing bracket): a newline and the indentation.
    fn newline(&self, toks: &mut impl Sink, depth: usize) {
        if let Some(n) = self.indent {
            toks.put_indent(depth * n);
        }
    }

    /// A list whose items are made one at a time (`-o json` of a long ARM list): the same
    /// bytes as [`Self::write_to`] of the whole list, with only one item alive at a time.
    pub fn write_list_to(
        &self,
        out: &mut dyn std::io::Write,
        items: impl Iterator<Item = PyValue>,
    ) -> std::io::Result<()> {
        let mut sink = WriteSink {
            out,
            scratch: String::new(),
            error: None,
        };
        self.write_list(&mut sink, items, 0);
        sink.finish()
    }

    fn write_list<V: std::borrow::Borrow<PyValue>>(
        &self,
        toks: &mut impl Sink,
        items: impl Iterator<Item = V>,
        depth: usize,
    ) {
        let mut empty = true;
        for item in items {
            if empty {
                toks.put(Kind::Punct, "[");
                empty = false;
            } else {
                self.separator(toks, self.item_separator);
            }
            self.newline(toks, depth + 1);
            self.write(toks, item.borrow(), depth + 1);
        }
        if empty {
            toks.put(Kind::Punct, "[]");
        } else {
            self.newline(toks, depth);
            toks.put(Kind::Punct, "]");
        }
    }

    fn write(&self, toks: &mut impl Sink, value: &PyValue, depth: usize) {
        match value {
            PyValue::List(items) => self.write_list(toks, items.iter(), depth),
            PyValue::Dict { map, .. } => {
                if map.is_empty() {
                    toks.put(Kind::Punct, "{}");
                    return;
                }
                let mut entries: Vec<_> = map.iter().collect();
                if self.sort_keys {
                    entries.sort_by(|a, b| a.0.cmp(b.0));
                }
                toks.put(Kind::Punct, "{");
                for (i, (k, v)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        self.separator(toks, self.item_separator);
                    }
                    self.newline(toks, depth + 1);
                    toks.put_quoted(Kind::Key, k, self.ensure_ascii);
                    self.separator(toks, self.key_separator);
                    self.write(toks, v, depth + 1);
                }
                self.newline(toks, depth);
                toks.put(Kind::Punct, "}");
            }
            PyValue::Str(s) => toks.put_quoted(Kind::Str, s, self.ensure_ascii),
            PyValue::Null => toks.put(Kind::Literal, "null"),
            PyValue::Bool(b) => toks.put(Kind::Literal, if *b { "true" } else { "false" }),
            PyValue::Num(n) => toks.put(Kind::Literal, &number(n)),
        }
    }
}

/// Where a dump goes: classified tokens (for colour), a `String`, or a writer. The dump is
/// written once, generically, so the three cannot drift apart.
trait Sink {
    fn put(&mut self, kind: Kind, text: &str);

    /// A string literal, quoted as Python's json does.
    fn put_quoted(&mut self, kind: Kind, s: &str, ascii: bool) {
        self.put(kind, &quote(s, ascii));
    }

    /// A line end followed by `width` spaces of indentation.
    fn put_indent(&mut self, width: usize) {
        self.put(Kind::Space, &format!("\n{}", " ".repeat(width)));
    }
}

impl Sink for Tokens {
    fn put(&mut self, kind: Kind, text: &str) {
        self.push(kind, text);
    }
}

impl Sink for String {
    fn put(&mut self, _: Kind, text: &str) {
        self.push_str(text);
    }

    fn put_quoted(&mut self, _: Kind, s: &str, ascii: bool) {
        quote_into(self, s, ascii);
    }

    fn put_indent(&mut self, width: usize) {
        self.push('\n');
        self.extend(std::iter::repeat_n(' ', width));
    }
}

/// A writer as a sink: pieces are gathered in a small scratch string and handed over in
/// chunks, and the first error is kept (later pieces are dropped).
struct WriteSink<'a> {
    out: &'a mut dyn std::io::Write,
    scratch: String,
    error: Option<std::io::Error>,
}

impl WriteSink<'_> {
    /// Chunk size: large enough that a write per chunk costs nothing, small enough to stay
    /// in cache.
    const CHUNK: usize = 32 * 1024;

    fn spill(&mut self) {
        if self.error.is_none()
            && let Err(e) = self.out.write_all(self.scratch.as_bytes())
        {
            self.error = Some(e);
        }
        self.scratch.clear();
    }

    fn after_put(&mut self) {
        if self.scratch.len() >= Self::CHUNK {
            self.spill();
        }
    }

    fn finish(mut self) -> std::io::Result<()> {
        self.spill();
        match self.error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

impl Sink for WriteSink<'_> {
    fn put(&mut self, kind: Kind, text: &str) {
        self.scratch.put(kind, text);
        self.after_put();
    }

    fn put_quoted(&mut self, kind: Kind, s: &str, ascii: bool) {
        self.scratch.put_quoted(kind, s, ascii);
        self.after_put();
    }

    fn put_indent(&mut self, width: usize) {
        self.scratch.put_indent(width);
        self.after_put();
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
    quote_into(&mut out, s, ascii);
    out
}

/// [`quote`] appended to `out`.
fn quote_into(out: &mut String, s: &str, ascii: bool) {
    use std::fmt::Write as _;
    out.reserve(s.len() + 2);
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
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if ascii && !(' '..='~').contains(&c) => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
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
