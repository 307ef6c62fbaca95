//! `-o yaml` / `-o yamlc`: a small emitter that reproduces PyYAML 6's
//! `safe_dump(result, default_flow_style=False, allow_unicode=True)` for JSON-shaped data:
//! sorted keys, block layout (sequences under a key are not indented), PyYAML's choice among
//! plain, single-quoted and double-quoted scalars (including the YAML 1.1 implicit-type
//! checks that force quoting of `yes`, `on`, `012`, dates, …), 80-column folding, `...` after
//! a plain root scalar, and PyYAML's float spelling. It deliberately does not read YAML.
//! `emit` is public so the kubeconfig writer can share the rules.

use super::pytext::float_repr;
use super::pyvalue::{PyNum, PyValue, is_int_text, py_num};
use super::tokens::{Kind, Tokens, yaml_colors};

const BEST_WIDTH: usize = 80;

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
        toks.colored(yaml_colors)
    } else {
        toks.plain()
    }
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_space_or_break(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => matches!(c, '\0' | ' ' | '\t' | '\r') || is_break(c),
    }
}

struct Analysis {
    empty: bool,
    multiline: bool,
    allow_block_plain: bool,
    allow_single_quoted: bool,
}

/// PyYAML `Emitter.analyze_scalar`, block context only.
fn analyze(s: &str, allow_unicode: bool) -> Analysis {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return Analysis {
            empty: true,
            multiline: false,
            allow_block_plain: true,
            allow_single_quoted: true,
        };
    }
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let mut line_breaks = false;
    let mut special = false;
    let (mut leading_space, mut leading_break) = (false, false);
    let (mut trailing_space, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_ws = true;
    let last = chars.len() - 1;
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_ws = is_space_or_break(chars.get(i + 1).copied());
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(c) {
                block_indicators = true;
            }
            if (c == '?' || c == ':' || c == '-') && followed_by_ws {
                block_indicators = true;
            }
        } else if (c == ':' && followed_by_ws) || (c == '#' && preceded_by_ws) {
            block_indicators = true;
        }
        if is_break(c) {
            line_breaks = true;
        }
        if !(c == '\n' || (' '..='~').contains(&c)) {
            let u = c as u32;
            let unicode_ok = (c == '\u{85}'
                || (0xA0..=0xD7FF).contains(&u)
                || (0xE000..=0xFFFD).contains(&u)
                || (0x10000..0x10FFFF).contains(&u))
                && c != '\u{FEFF}';
            if !unicode_ok || !allow_unicode {
                special = true;
            }
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= i == last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            leading_break |= i == 0;
            trailing_break |= i == last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_ws = is_space_or_break(Some(c));
    }
    let mut allow_block_plain = true;
    let mut allow_single_quoted = true;
    if leading_space || leading_break || trailing_space || trailing_break {
        allow_block_plain = false;
    }
    if break_space {
        allow_block_plain = false;
        allow_single_quoted = false;
    }
    if space_break || special {
        allow_block_plain = false;
        allow_single_quoted = false;
    }
    if line_breaks || block_indicators {
        allow_block_plain = false;
    }
    Analysis {
        empty: false,
        multiline: line_breaks,
        allow_block_plain,
        allow_single_quoted,
    }
}

/// PyYAML `choose_scalar_style` for a string in block context.
fn choose_style(s: &str, simple_key: bool, allow_unicode: bool) -> Style {
    let a = analyze(s, allow_unicode);
    let implicit_str = !resolves_to_other_type(s);
    if implicit_str && !(simple_key && (a.empty || a.multiline)) && a.allow_block_plain {
        return Style::Plain;
    }
    if a.allow_single_quoted && !(simple_key && a.multiline) {
        return Style::Single;
    }
    Style::Double
}

// ---- YAML 1.1 implicit resolvers (PyYAML `Resolver`) ----

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
fn resolves_to_other_type(s: &str) -> bool {
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

// ---- scalar writers (PyYAML `write_plain`, `write_single_quoted`, `write_double_quoted`) ----

/// Line break plus indentation used when folding.
fn fold(out: &mut String, column: &mut usize, indent: usize) {
    out.push('\n');
    out.push_str(&" ".repeat(indent));
    *column = indent;
}

fn plain(s: &str, indent: usize, start_column: usize, split: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut column = start_column;
    let mut start = 0;
    let mut spaces = false;
    for end in 0..=chars.len() {
        let ch = chars.get(end).copied();
        if spaces {
            if ch != Some(' ') {
                if start + 1 == end && column > BEST_WIDTH && split {
                    fold(&mut out, &mut column, indent);
                } else {
                    out.extend(&chars[start..end]);
                    column += end - start;
                }
                start = end;
            }
        } else if ch.is_none_or(|c| c == ' ') {
            out.extend(&chars[start..end]);
            column += end - start;
            start = end;
        }
        spaces = ch == Some(' ');
    }
    out
}

fn single_quoted(s: &str, indent: usize, start_column: usize, split: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::from("'");
    let mut column = start_column + 1;
    let (mut spaces, mut breaks) = (false, false);
    let mut start = 0;
    for end in 0..=chars.len() {
        let ch = chars.get(end).copied();
        if spaces {
            if ch != Some(' ') {
                if start + 1 == end
                    && column > BEST_WIDTH
                    && split
                    && start != 0
                    && end != chars.len()
                {
                    fold(&mut out, &mut column, indent);
                } else {
                    out.extend(&chars[start..end]);
                    column += end - start;
                }
                start = end;
            }
        } else if breaks {
            if ch.is_none_or(|c| !is_break(c)) {
                if chars[start] == '\n' {
                    out.push('\n');
                }
                for &br in &chars[start..end] {
                    // PyYAML writes `\n` for a newline and the break character itself otherwise.
                    out.push(if br == '\n' { '\n' } else { br });
                }
                out.push_str(&" ".repeat(indent));
                column = indent;
                start = end;
            }
        } else if ch.is_none_or(|c| c == ' ' || c == '\'' || is_break(c)) && start < end {
            out.extend(&chars[start..end]);
            column += end - start;
            start = end;
        }
        if ch == Some('\'') {
            out.push_str("''");
            column += 2;
            start = end + 1;
        }
        if let Some(c) = ch {
            spaces = c == ' ';
            breaks = is_break(c);
        }
    }
    out.push('\'');
    out
}

fn double_quoted(
    s: &str,
    indent: usize,
    start_column: usize,
    split: bool,
    opts: YamlOptions,
) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::from("\"");
    let mut column = start_column + 1;
    let mut start = 0;
    for end in 0..=chars.len() {
        let ch = chars.get(end).copied();
        let needs_escape = ch.is_none_or(|c| {
            let u = c as u32;
            "\"\\\u{85}\u{2028}\u{2029}\u{FEFF}".contains(c)
                || !((' '..='~').contains(&c)
                    || (opts.allow_unicode
                        && ((0xA0..=0xD7FF).contains(&u) || (0xE000..=0xFFFD).contains(&u))))
        });
        if needs_escape {
            if start < end {
                out.extend(&chars[start..end]);
                column += end - start;
                start = end;
            }
            if let Some(c) = ch {
                let esc = match c {
                    '\0' => "\\0".to_string(),
                    '\u{7}' => "\\a".to_string(),
                    '\u{8}' => "\\b".to_string(),
                    '\t' => "\\t".to_string(),
                    '\n' => "\\n".to_string(),
                    '\u{b}' => "\\v".to_string(),
                    '\u{c}' => "\\f".to_string(),
                    '\r' => "\\r".to_string(),
                    '\u{1b}' => "\\e".to_string(),
                    '"' => "\\\"".to_string(),
                    '\\' => "\\\\".to_string(),
                    '\u{85}' => "\\N".to_string(),
                    '\u{A0}' => "\\_".to_string(),
                    '\u{2028}' => "\\L".to_string(),
                    '\u{2029}' => "\\P".to_string(),
                    c if (c as u32) <= 0xFF => format!("\\x{:02X}", c as u32),
                    c if (c as u32) <= 0xFFFF => format!("\\u{:04X}", c as u32),
                    c => format!("\\U{:08X}", c as u32),
                };
                column += esc.chars().count();
                out.push_str(&esc);
                start = end + 1;
            }
        }
        if end > 0
            && end + 1 < chars.len()
            && (ch == Some(' ') || start >= end)
            && column + end.saturating_sub(start) > BEST_WIDTH
            && split
        {
            if start < end {
                out.extend(&chars[start..end]);
                start = end;
            }
            out.push('\\');
            fold(&mut out, &mut column, indent);
            if chars.get(start) == Some(&' ') {
                out.push('\\');
                column += 1;
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dump(v: serde_json::Value) -> String {
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
            let out = dump(json!({ "k": s }));
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
                dump(json!({ "k": s })),
                format!("k: {s}\n"),
                "{s:?} should be plain"
            );
        }
        assert_eq!(dump(json!({"k": "bell\u{7}"})), "k: \"bell\\a\"\n");
        assert_eq!(dump(json!({"k": "tab\there"})), "k: \"tab\\there\"\n");
        assert_eq!(dump(json!({"08": 1, "00": 2})), "'00': 2\n08: 1\n");
    }

    #[test]
    fn layout_of_nested_containers() {
        assert_eq!(
            dump(json!({"a": [[1, 2], {"x": {"y": [true]}}], "b": {}, "c": []})),
            "a:\n- - 1\n  - 2\n- x:\n    y:\n    - true\nb: {}\nc: []\n"
        );
        assert_eq!(dump(json!("just a string")), "just a string\n...\n");
        assert_eq!(dump(json!(42)), "42\n...\n");
        assert_eq!(dump(json!("yes")), "'yes'\n");
        assert_eq!(dump(json!({})), "{}\n");
        assert_eq!(dump(json!([])), "[]\n");
    }

    #[test]
    fn floats_use_pyyaml_spelling() {
        let v: serde_json::Value = serde_json::from_str("[1e-7, 1e16, 2.50, 1.0]").expect("json");
        assert_eq!(dump(v), "- 1.0e-07\n- 1.0e+16\n- 2.5\n- 1.0\n");
    }

    #[test]
    fn long_strings_fold_after_column_80() {
        let long = "word ".repeat(30).trim_end().to_string();
        let out = dump(json!({ "k": long.clone() }));
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 1);
        assert!(lines[1].starts_with("  word"));
        assert_eq!(out.replace("\n  ", " "), format!("k: {long}\n"));
        // Single-quoted strings fold too, and multi-line strings double their breaks.
        assert_eq!(dump(json!({"m": "a\nb"})), "m: 'a\n\n  b'\n");
    }
}
