//! The emitter: reproduces PyYAML 6's
//! `safe_dump(result, default_flow_style=False, allow_unicode=True)` for JSON-shaped data:
//! sorted keys, block layout (sequences under a key are not indented), PyYAML's choice among
//! plain, single-quoted and double-quoted scalars (including the YAML 1.1 implicit-type
//! checks that force quoting of `yes`, `on`, `012`, dates, …), 80-column folding, `...` after
//! a plain root scalar, and PyYAML's float spelling. `-o yaml`/`yamlc` ([`render`]) and the
//! kubeconfig writer ([`dump`]) both go through [`emit`]; reading is [`super::load`].

use crate::py::pygments::{Kind, Tokens, highlight_yaml};
use crate::py::repr::float_repr;
use crate::py::value::{PyNum, PyValue, is_int_text, py_num};

use super::scalar::{Style, choose_style, double_quoted, plain, single_quoted};

/// Options of one dump.
#[derive(Clone, Copy, Debug)]
pub struct YamlOptions {
    /// PyYAML `allow_unicode`: write printable non-ASCII raw (az output) or escape it in
    /// double quotes (kubeconfig files).
    pub allow_unicode: bool,
}

/// The `-o yaml` text (or `yamlc` when `color` is set).
pub fn render(value: &PyValue, color: bool) -> String {
    let toks = emit(
        value,
        YamlOptions {
            allow_unicode: true,
        },
    );
    if color {
        highlight_yaml(&toks.plain())
    } else {
        toks.plain()
    }
}

/// PyYAML `safe_dump(value, default_flow_style=False)` of plain JSON data, with
/// `allow_unicode` as given (the kubeconfig writer passes `false`, as az does).
pub fn dump(value: &serde_json::Value, allow_unicode: bool) -> String {
    emit(&PyValue::from_json(value), YamlOptions { allow_unicode }).plain()
}

/// Emits a whole document as tokens.
pub fn emit(value: &PyValue, opts: YamlOptions) -> Tokens {
    let mut w = Writer {
        toks: Tokens::default(),
        column: 0,
        opts,
    };
    match value {
        PyValue::Dict { map, .. } if !map.is_empty() => w.mapping(value, 0, false),
        PyValue::List(items) if !items.is_empty() => w.sequence(items, 0, false),
        scalar => {
            let plain = w.scalar(scalar, 2, false);
            w.newline();
            if plain {
                w.put(Kind::Punct, "...");
                w.newline();
            }
        }
    }
    w.toks
}

struct Writer {
    toks: Tokens,
    column: usize,
    opts: YamlOptions,
}

impl Writer {
    fn put(&mut self, kind: Kind, text: &str) {
        match text.rfind('\n') {
            Some(i) => self.column = text[i + 1..].chars().count(),
            None => self.column += text.chars().count(),
        }
        self.toks.push(kind, text);
    }

    fn newline(&mut self) {
        self.put(Kind::Space, "\n");
    }

    fn indent_to(&mut self, indent: usize) {
        if indent > self.column {
            let pad = " ".repeat(indent - self.column);
            self.put(Kind::Space, &pad);
        }
    }

    /// A block mapping whose keys sit at column `indent`; `inline_first` when the first key
    /// follows a `- ` on the current line.
    fn mapping(&mut self, value: &PyValue, indent: usize, inline_first: bool) {
        let PyValue::Dict { map, .. } = value else {
            return;
        };
        let mut entries: Vec<_> = map.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (i, (key, val)) in entries.into_iter().enumerate() {
            if i > 0 || !inline_first {
                self.indent_to(indent);
            }
            if !is_simple_key(key) {
                self.complex_entry(key, val, indent);
                continue;
            }
            self.key(key, indent + 2);
            self.put(Kind::Punct, ":");
            match val {
                PyValue::Dict { map, .. } if !map.is_empty() => {
                    self.newline();
                    self.mapping(val, indent + 2, false);
                }
                PyValue::List(items) if !items.is_empty() => {
                    self.newline();
                    self.sequence(items, indent, false);
                }
                scalar => {
                    self.put(Kind::Space, " ");
                    self.scalar(scalar, indent + 2, false);
                    self.newline();
                }
            }
        }
    }

    /// A block sequence whose `-` sit at column `indent`.
    fn sequence(&mut self, items: &[PyValue], indent: usize, inline_first: bool) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 || !inline_first {
                self.indent_to(indent);
            }
            self.put(Kind::Punct, "-");
            self.put(Kind::Space, " ");
            match item {
                PyValue::Dict { map, .. } if !map.is_empty() => {
                    self.mapping(item, indent + 2, true);
                }
                PyValue::List(inner) if !inner.is_empty() => {
                    self.sequence(inner, indent + 2, true);
                }
                scalar => {
                    self.scalar(scalar, indent + 2, false);
                    self.newline();
                }
            }
        }
    }

    /// PyYAML's `? key` / `: value` form for keys that cannot be simple keys (empty,
    /// multi-line, or too long); the value's containers start on the `:` line.
    fn complex_entry(&mut self, key: &str, val: &PyValue, indent: usize) {
        self.put(Kind::Punct, "?");
        self.put(Kind::Space, " ");
        self.scalar(&PyValue::Str(key.to_string()), indent + 2, false);
        self.newline();
        self.indent_to(indent);
        self.put(Kind::Punct, ":");
        self.put(Kind::Space, " ");
        match val {
            PyValue::Dict { map, .. } if !map.is_empty() => self.mapping(val, indent + 2, true),
            PyValue::List(items) if !items.is_empty() => self.sequence(items, indent + 2, true),
            scalar => {
                self.scalar(scalar, indent + 2, false);
                self.newline();
            }
        }
    }

    fn key(&mut self, key: &str, indent: usize) {
        let style = choose_style(key, true, self.opts.allow_unicode);
        let text = match style {
            Style::Plain => key.to_string(),
            Style::Single => single_quoted(key, indent, self.column, false),
            Style::Double => double_quoted(key, indent, self.column, false, self.opts),
        };
        self.put(Kind::Key, &text);
    }

    /// Writes a scalar (or an empty container in flow form); returns whether it was a plain
    /// scalar. `indent` is the continuation indent for folded lines.
    fn scalar(&mut self, value: &PyValue, indent: usize, simple_key: bool) -> bool {
        let text = match value {
            PyValue::Null => "null".to_string(),
            PyValue::Bool(b) => b.to_string(),
            PyValue::Num(n) => yaml_number(n),
            PyValue::List(_) => {
                self.put(Kind::Punct, "[]");
                return false;
            }
            PyValue::Dict { .. } => {
                self.put(Kind::Punct, "{}");
                return false;
            }
            PyValue::Str(s) => {
                let style = choose_style(s, simple_key, self.opts.allow_unicode);
                let split = !simple_key;
                let text = match style {
                    Style::Plain => plain(s, indent, self.column, split),
                    Style::Single => single_quoted(s, indent, self.column, split),
                    Style::Double => double_quoted(s, indent, self.column, split, self.opts),
                };
                self.put(Kind::Scalar, &text);
                return style == Style::Plain;
            }
        };
        self.put(Kind::Scalar, &text);
        true
    }
}

/// PyYAML's `check_simple_key`: a non-empty, single-line key shorter than 128 characters,
/// counting the `!!str` tag (5) PyYAML prepares for it.
fn is_simple_key(key: &str) -> bool {
    !key.is_empty()
        && key.chars().count() + 5 < 128
        && !key
            .chars()
            .any(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'))
}

/// PyYAML's number spelling: integers with all digits; floats per `repr`, lower-cased, with
/// `.0` added before a bare exponent; `.inf`, `-.inf`, `.nan`.
pub fn yaml_number(n: &serde_json::Number) -> String {
    if is_int_text(n) {
        let text = n.to_string();
        return if text == "-0" { "0".to_string() } else { text };
    }
    match py_num(n) {
        PyNum::Int(i) => i.to_string(),
        PyNum::Float(f) if f.is_nan() => ".nan".to_string(),
        PyNum::Float(f) if f.is_infinite() => if f > 0.0 { ".inf" } else { "-.inf" }.to_string(),
        PyNum::Float(f) => {
            let text = float_repr(f).to_lowercase();
            if !text.contains('.') && text.contains('e') {
                text.replacen('e', ".0e", 1)
            } else {
                text
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn yaml_of(v: serde_json::Value) -> String {
        render(&PyValue::from_json(&v), false)
    }

    #[test]
    fn quoting_decisions_match_pyyaml() {
        let quoted = [
            "true",
            "yes",
            "on",
            "123",
            "1.5",
            "null",
            "~",
            "",
            "2024-01-01",
            "2024-01-01T00:00:00Z",
            "2024-01-01 10:00:00",
            "a: b",
            "a #b",
            " x",
            "*x",
            "1_000",
            "0x1F",
            "+1",
            ".5",
            "012",
            "1:20",
            ".inf",
            ".NaN",
            "Yes",
            "NO",
            "Off",
            "Null",
            "NULL",
            "null ",
            "=",
            "<<",
            "-",
            "- x",
            "@x",
            "%x",
            "!x",
            "&x",
            "|x",
            ">x",
            "x:",
            "[x]",
            "{x}",
            "`x",
            ",x",
            "00",
        ];
        for s in quoted {
            let out = yaml_of(json!({ "k": s }));
            assert!(
                out.starts_with("k: '"),
                "{s:?} should be single-quoted, got {out:?}"
            );
        }
        let plain = [
            "-x",
            "it's",
            "say \"hi\"",
            "Zoë – ✓",
            "1e3",
            "1.0e3",
            "0o17",
            "y",
            "n",
            "?x",
            "x#y",
            "a,b",
            "~x",
            "1.2.3",
            "v1.2",
            "08",
            "/subscriptions/x/resourceGroups/rg",
            "6f1c2b0e-0000-4000-8000-000000000000",
        ];
        for s in plain {
            assert_eq!(
                yaml_of(json!({ "k": s })),
                format!("k: {s}\n"),
                "{s:?} should be plain"
            );
        }
        assert_eq!(yaml_of(json!({"k": "bell\u{7}"})), "k: \"bell\\a\"\n");
        assert_eq!(yaml_of(json!({"k": "tab\there"})), "k: \"tab\\there\"\n");
        assert_eq!(yaml_of(json!({"08": 1, "00": 2})), "'00': 2\n08: 1\n");
    }

    #[test]
    fn layout_of_nested_containers() {
        assert_eq!(
            yaml_of(json!({"a": [[1, 2], {"x": {"y": [true]}}], "b": {}, "c": []})),
            "a:\n- - 1\n  - 2\n- x:\n    y:\n    - true\nb: {}\nc: []\n"
        );
        assert_eq!(yaml_of(json!("just a string")), "just a string\n...\n");
        assert_eq!(yaml_of(json!(42)), "42\n...\n");
        assert_eq!(yaml_of(json!("yes")), "'yes'\n");
        assert_eq!(yaml_of(json!({})), "{}\n");
        assert_eq!(yaml_of(json!([])), "[]\n");
    }

    #[test]
    fn yamlc_matches_pygments_bytes() {
        let v: serde_json::Value = serde_json::from_str(
            r#"{"name":"solo","n":7,"ok":true,"none":null,"tags":["a"],"f":1.5}"#,
        )
        .expect("valid json");
        // The exact bytes from output.md §5.
        let want = "\u{1b}[94mf\u{1b}[39;49;00m:\u{1b}[37m \u{1b}[39;49;00m1.5\u{1b}[37m\u{1b}[39;49;00m\n\u{1b}[94mn\u{1b}[39;49;00m:\u{1b}[37m \u{1b}[39;49;00m7\u{1b}[37m\u{1b}[39;49;00m\n\u{1b}[94mname\u{1b}[39;49;00m:\u{1b}[37m \u{1b}[39;49;00msolo\u{1b}[37m\u{1b}[39;49;00m\n\u{1b}[94mnone\u{1b}[39;49;00m:\u{1b}[37m \u{1b}[39;49;00mnull\u{1b}[37m\u{1b}[39;49;00m\n\u{1b}[94mok\u{1b}[39;49;00m:\u{1b}[37m \u{1b}[39;49;00mtrue\u{1b}[37m\u{1b}[39;49;00m\n\u{1b}[94mtags\u{1b}[39;49;00m:\u{1b}[37m\u{1b}[39;49;00m\n-\u{1b}[37m \u{1b}[39;49;00ma\u{1b}[37m\u{1b}[39;49;00m\n";
        assert_eq!(render(&PyValue::from_json(&v), true), want);
    }

    #[test]
    fn kubeconfig_dump_escapes_non_ascii_without_allow_unicode() {
        assert_eq!(dump(&json!({"user": "Zoë"}), false), "user: \"Zo\\xEB\"\n");
        assert_eq!(dump(&json!({"user": "Zoë"}), true), "user: Zoë\n");
    }

    #[test]
    fn floats_use_pyyaml_spelling() {
        let v: serde_json::Value = serde_json::from_str("[1e-7, 1e16, 2.50, 1.0]").expect("json");
        assert_eq!(yaml_of(v), "- 1.0e-07\n- 1.0e+16\n- 2.5\n- 1.0\n");
    }

    #[test]
    fn long_strings_fold_after_column_80() {
        let long = "word ".repeat(30).trim_end().to_string();
        let out = yaml_of(json!({ "k": long.clone() }));
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 1);
        assert!(lines[1].starts_with("  word"));
        assert_eq!(out.replace("\n  ", " "), format!("k: {long}\n"));
        // Single-quoted strings fold too, and multi-line strings double their breaks.
        assert_eq!(yaml_of(json!({"m": "a\nb"})), "m: 'a\n\n  b'\n");
    }
}
