//! YAML for kubeconfig files: reading with PyYAML's `safe_load` typing and writing with the
//! layout of PyYAML's `safe_dump(default_flow_style=False)`, which is what az writes.
//!
//! Reading uses `saphyr-parser` for the syntax and resolves plain scalars with the YAML 1.1
//! rules PyYAML applies (`yes`/`on` are booleans, `012` is octal, `1_000` is an integer), so a
//! file azrs rewrites carries the same values az would write back. Documents become
//! `serde_json::Value`s: mapping keys become strings and timestamps stay strings (PyYAML would
//! build date objects; both are noted in the module docs of `kubeconfig`).
//!
//! Writing follows PyYAML's emitter: keys sorted by code point, block style, indentless
//! sequences under mapping keys, `{}`/`[]` for empty collections, plain → single-quoted →
//! double-quoted scalar choice with the YAML 1.1 resolver check, 80-column folding, non-ASCII
//! escaped in double quotes (the kubeconfig dump does not set `allow_unicode`), `? key` for
//! empty, multi-line or long keys. It is not a general YAML library: no anchors are emitted.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use serde_json::{Map, Number, Value};

/// A document that could not be read as YAML; the text is the parser's own message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct YamlError(pub String);

/// Parses one YAML document. An empty stream (or one with only comments) is `Value::Null`,
/// like PyYAML's `safe_load` returning `None`.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    let mut builder = Builder::default();
    let mut documents = 0usize;
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| YamlError(e.to_string()))?;
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError(format!(
                        "expected a single document in the stream, but found another document at line {}",
                        span.start.line()
                    )));
                }
            }
            other => builder.event(other)?,
        }
    }
    Ok(builder.root.unwrap_or(Value::Null))
}

/// One open collection while building the tree.
enum Frame {
    Seq(Vec<Value>, usize),
    Map(Map<String, Value>, Option<String>, usize),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Value>,
    root: Option<Value>,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) -> Result<(), YamlError> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let value = resolve_scalar(&text, style, tag.as_deref())?;
                if anchor > 0 {
                    self.anchors.insert(anchor, value.clone());
                }
                self.push(value)
            }
            Event::Alias(id) => {
                let value = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| YamlError(format!("found undefined alias {id}")))?;
                self.push(value)
            }
            Event::SequenceStart(anchor, tag) => {
                check_collection_tag(tag.as_deref(), "seq")?;
                self.stack.push(Frame::Seq(Vec::new(), anchor));
                Ok(())
            }
            Event::MappingStart(anchor, tag) => {
                check_collection_tag(tag.as_deref(), "map")?;
                self.stack.push(Frame::Map(Map::new(), None, anchor));
                Ok(())
            }
            Event::SequenceEnd => match self.stack.pop() {
                Some(Frame::Seq(items, anchor)) => self.finish(Value::Array(items), anchor),
                _ => Err(YamlError("unbalanced sequence end".into())),
            },
            Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Map(map, None, anchor)) => self.finish(Value::Object(map), anchor),
                _ => Err(YamlError("unbalanced mapping end".into())),
            },
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => Ok(()),
            Event::DocumentStart(_) => Ok(()),
        }
    }

    fn finish(&mut self, value: Value, anchor: usize) -> Result<(), YamlError> {
        if anchor > 0 {
            self.anchors.insert(anchor, value.clone());
        }
        self.push(value)
    }

    fn push(&mut self, value: Value) -> Result<(), YamlError> {
        match self.stack.last_mut() {
            None => {
                self.root = Some(value);
                Ok(())
            }
            Some(Frame::Seq(items, _)) => {
                items.push(value);
                Ok(())
            }
            Some(Frame::Map(map, pending, _)) => match pending.take() {
                None => {
                    *pending = Some(key_text(value)?);
                    Ok(())
                }
                Some(key) => {
                    // PyYAML keeps the last of duplicate keys.
                    map.insert(key, value);
                    Ok(())
                }
            },
        }
    }
}

/// Mapping keys are strings in the model; scalar keys of other types keep their YAML text.
fn key_text(value: Value) -> Result<String, YamlError> {
    match value {
        Value::String(s) => Ok(s),
        Value::Null => Ok("null".into()),
        Value::Bool(b) => Ok(if b { "true" } else { "false" }.into()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Array(_) | Value::Object(_) => Err(YamlError(
            "while constructing a mapping found unhashable key".into(),
        )),
    }
}

fn check_collection_tag(tag: Option<&Tag>, kind: &str) -> Result<(), YamlError> {
    match tag {
        None => Ok(()),
        Some(t) if t.is_yaml_core_schema() && t.suffix == kind => Ok(()),
        Some(t) => Err(unknown_tag(t)),
    }
}

fn unknown_tag(tag: &Tag) -> YamlError {
    YamlError(format!(
        "could not determine a constructor for the tag '{}{}'",
        tag.handle, tag.suffix
    ))
}

fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<Value, YamlError> {
    if let Some(tag) = tag {
        if !tag.is_yaml_core_schema() {
            return Err(unknown_tag(tag));
        }
        return match tag.suffix.as_str() {
            "str" => Ok(Value::String(text.to_owned())),
            "null" => Ok(Value::Null),
            "bool" => parse_bool(text)
                .map(Value::Bool)
                .ok_or_else(|| bad(text, "bool")),
            "int" => parse_int(text).ok_or_else(|| bad(text, "int")),
            "float" => parse_float(text).ok_or_else(|| bad(text, "float")),
            _ => Err(unknown_tag(tag)),
        };
    }
    if style != ScalarStyle::Plain {
        return Ok(Value::String(text.to_owned()));
    }
    Ok(match resolve_plain(text) {
        Resolved::Null => Value::Null,
        Resolved::Bool => Value::Bool(parse_bool(text).unwrap_or(false)),
        Resolved::Int => parse_int(text).unwrap_or_else(|| Value::String(text.to_owned())),
        Resolved::Float => parse_float(text).unwrap_or_else(|| Value::String(text.to_owned())),
        Resolved::Str | Resolved::Timestamp | Resolved::Other => Value::String(text.to_owned()),
    })
}

fn bad(text: &str, kind: &str) -> YamlError {
    YamlError(format!("invalid {kind} value '{text}'"))
}

/// What a plain scalar means under PyYAML's YAML 1.1 implicit resolvers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resolved {
    Null,
    Bool,
    Int,
    Float,
    Timestamp,
    /// `<<` (merge) or `=` (value): not a string either.
    Other,
    Str,
}

pub(crate) fn resolve_plain(s: &str) -> Resolved {
    if matches!(s, "" | "~" | "null" | "Null" | "NULL") {
        Resolved::Null
    } else if parse_bool(s).is_some() {
        Resolved::Bool
    } else if is_int(s) {
        Resolved::Int
    } else if is_float(s) {
        Resolved::Float
    } else if is_timestamp(s) {
        Resolved::Timestamp
    } else if s == "<<" || s == "=" {
        Resolved::Other
    } else {
        Resolved::Str
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Some(true),
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

fn strip_sign(s: &str) -> (bool, &str) {
    match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    }
}

fn all(s: &str, f: impl Fn(u8) -> bool) -> bool {
    s.bytes().all(f)
}

/// `[1-9][0-9_]*(:[0-5]?[0-9])+` after the sign.
fn is_sexagesimal_int(body: &str) -> bool {
    let mut parts = body.split(':');
    let head = parts.next().unwrap_or("");
    let mut rest = parts.peekable();
    if rest.peek().is_none() {
        return false;
    }
    let head_ok = head
        .as_bytes()
        .first()
        .is_some_and(|b| (b'1'..=b'9').contains(b))
        && all(head, |b| b.is_ascii_digit() || b == b'_');
    head_ok && rest.all(is_sexagesimal_part)
}

fn is_sexagesimal_part(p: &str) -> bool {
    let b = p.as_bytes();
    match b.len() {
        1 => b[0].is_ascii_digit(),
        2 => (b'0'..=b'5').contains(&b[0]) && b[1].is_ascii_digit(),
        _ => false,
    }
}

fn is_int(s: &str) -> bool {
    let (_, body) = strip_sign(s);
    if let Some(bin) = body.strip_prefix("0b") {
        return !bin.is_empty() && all(bin, |b| b == b'0' || b == b'1' || b == b'_');
    }
    if let Some(hex) = body.strip_prefix("0x") {
        return !hex.is_empty() && all(hex, |b| b.is_ascii_hexdigit() || b == b'_');
    }
    if body == "0" {
        return true;
    }
    if let Some(oct) = body.strip_prefix('0') {
        return !oct.is_empty() && all(oct, |b| (b'0'..=b'7').contains(&b) || b == b'_');
    }
    let starts_nonzero = body
        .as_bytes()
        .first()
        .is_some_and(|b| (b'1'..=b'9').contains(b));
    if starts_nonzero && all(body, |b| b.is_ascii_digit() || b == b'_') {
        return true;
    }
    is_sexagesimal_int(body)
}

fn is_float(s: &str) -> bool {
    let (_, body) = strip_sign(s);
    if matches!(body, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    // Sexagesimal float: [0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*
    if let Some((int_part, frac)) = body.rsplit_once('.')
        && int_part.contains(':')
    {
        let mut parts = int_part.split(':');
        let head = parts.next().unwrap_or("");
        let head_ok = head.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && all(head, |b| b.is_ascii_digit() || b == b'_');
        return head_ok
            && parts.all(is_sexagesimal_part)
            && all(frac, |b| b.is_ascii_digit() || b == b'_');
    }
    // Split off an exponent, which needs a sign: [eE][-+][0-9]+
    let (mantissa, exponent_ok) = match body.find(['e', 'E']) {
        Some(i) => {
            let exp = &body[i + 1..];
            let ok = matches!(exp.as_bytes().first(), Some(b'-' | b'+'))
                && exp.len() > 1
                && all(&exp[1..], |b| b.is_ascii_digit());
            (&body[..i], ok)
        }
        None => (body, true),
    };
    if !exponent_ok {
        return false;
    }
    let Some((int_part, frac)) = mantissa.split_once('.') else {
        return false;
    };
    let frac_ok = all(frac, |b| b.is_ascii_digit() || b == b'_');
    if int_part.is_empty() {
        // `\.[0-9][0-9_]*` has no sign in PyYAML's pattern.
        return s.len() == body.len()
            && frac.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && frac_ok;
    }
    int_part.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && all(int_part, |b| b.is_ascii_digit() || b == b'_')
        && frac_ok
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && all(s, |b| b.is_ascii_digit())
}

fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 8 || !digits(&s[..4], 4) || b[4] != b'-' {
        return false;
    }
    let rest = &s[5..];
    if s.len() == 10 && digits(&s[5..7], 2) && b[7] == b'-' && digits(&s[8..10], 2) {
        return true;
    }
    // YYYY-M(M)-D(D)([Tt]|[ \t]+)H(H):MM:SS(.frac)?([ \t]*(Z|[-+]H(H)(:MM)?))?
    let Some((month, rest)) = rest.split_once('-') else {
        return false;
    };
    if month.is_empty() || month.len() > 2 || !all(month, |b| b.is_ascii_digit()) {
        return false;
    }
    let day_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if day_len == 0 || day_len > 2 {
        return false;
    }
    let rest = &rest[day_len..];
    let rest = if let Some(r) = rest.strip_prefix(['T', 't']) {
        r
    } else {
        let trimmed = rest.trim_start_matches([' ', '\t']);
        if trimmed.len() == rest.len() {
            return false;
        }
        trimmed
    };
    let hour_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if hour_len == 0 || hour_len > 2 {
        return false;
    }
    let rest = &rest[hour_len..];
    let rb = rest.as_bytes();
    if rb.len() < 6
        || rb[0] != b':'
        || !digits(&rest[1..3], 2)
        || rb[3] != b':'
        || !digits(&rest[4..6], 2)
    {
        return false;
    }
    let mut rest = &rest[6..];
    if let Some(r) = rest.strip_prefix('.') {
        let n = r.bytes().take_while(u8::is_ascii_digit).count();
        rest = &r[n..];
    }
    let rest = rest.trim_start_matches([' ', '\t']);
    if rest.is_empty() || rest == "Z" {
        return true;
    }
    let Some(zone) = rest.strip_prefix(['+', '-']) else {
        return false;
    };
    let h = zone.bytes().take_while(u8::is_ascii_digit).count();
    if h == 0 || h > 2 {
        return false;
    }
    let zone = &zone[h..];
    zone.is_empty() || zone.strip_prefix(':').is_some_and(|m| digits(m, 2))
}

fn parse_int(text: &str) -> Option<Value> {
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    let (negative, body) = strip_sign(&cleaned);
    let magnitude: i128 = if let Some(bin) = body.strip_prefix("0b") {
        i128::from_str_radix(bin, 2).ok()?
    } else if let Some(hex) = body.strip_prefix("0x") {
        i128::from_str_radix(hex, 16).ok()?
    } else if body == "0" {
        0
    } else if let Some(oct) = body.strip_prefix('0') {
        i128::from_str_radix(oct, 8).ok()?
    } else if body.contains(':') {
        let mut total: i128 = 0;
        for part in body.split(':') {
            total = total
                .checked_mul(60)?
                .checked_add(part.parse::<i128>().ok()?)?;
        }
        total
    } else {
        // Decimal: keep every digit, however long (serde_json's arbitrary precision).
        let number: Number = format!("{}{}", if negative { "-" } else { "" }, body)
            .parse()
            .ok()?;
        return Some(Value::Number(number));
    };
    let signed = if negative { -magnitude } else { magnitude };
    signed.to_string().parse::<Number>().ok().map(Value::Number)
}

fn parse_float(text: &str) -> Option<Value> {
    let cleaned: String = text
        .chars()
        .filter(|&c| c != '_')
        .collect::<String>()
        .to_lowercase();
    let (negative, body) = strip_sign(&cleaned);
    let magnitude: f64 = if body == ".inf" || body == ".nan" {
        // serde_json numbers cannot hold these; keep the text (written back quoted).
        return Some(Value::String(text.to_owned()));
    } else if body.contains(':') {
        let mut total = 0.0f64;
        for part in body.split(':') {
            total = total * 60.0 + part.parse::<f64>().ok()?;
        }
        total
    } else {
        body.parse::<f64>().ok()?
    };
    Number::from_f64(if negative { -magnitude } else { magnitude }).map(Value::Number)
}

// ---------------------------------------------------------------------------------------------
// Emitter
// ---------------------------------------------------------------------------------------------

const BEST_WIDTH: usize = 80;
const BEST_INDENT: usize = 2;

/// Serialises a value like PyYAML `safe_dump(value, default_flow_style=False)`.
pub fn dump(value: &Value) -> String {
    let mut e = Emitter::default();
    e.node(value, Ctx::Root);
    // Document end: a line break, and `...` after an open-ended (plain) root scalar.
    e.write_indent();
    if e.open_ended {
        e.write_indicator("...", true, false, false);
        e.write_indent();
    }
    e.out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Root,
    Sequence,
    MappingKey,
    MappingValue,
}

struct Emitter {
    out: String,
    indent: Option<usize>,
    indents: Vec<Option<usize>>,
    column: usize,
    whitespace: bool,
    indention: bool,
    open_ended: bool,
}

impl Default for Emitter {
    fn default() -> Self {
        Emitter {
            out: String::new(),
            indent: None,
            indents: Vec::new(),
            column: 0,
            whitespace: true,
            indention: true,
            open_ended: false,
        }
    }
}

/// A scalar as PyYAML's representer produces it: its text and whether plain style would
/// read back as the same type.
struct ScalarText {
    text: String,
    implicit: bool,
}

fn scalar_text(value: &Value) -> ScalarText {
    match value {
        Value::Null => ScalarText {
            text: "null".into(),
            implicit: true,
        },
        Value::Bool(b) => ScalarText {
            text: if *b { "true" } else { "false" }.into(),
            implicit: true,
        },
        Value::Number(n) => ScalarText {
            text: number_text(n),
            implicit: true,
        },
        Value::String(s) => ScalarText {
            text: s.clone(),
            implicit: resolve_plain(s) == Resolved::Str,
        },
        Value::Array(_) | Value::Object(_) => ScalarText {
            text: String::new(),
            implicit: false,
        },
    }
}

/// Integers keep every digit; floats are spelled like PyYAML's `represent_float`.
fn number_text(n: &Number) -> String {
    let raw = n.to_string();
    if !raw.contains(['.', 'e', 'E']) {
        return raw;
    }
    match raw.parse::<f64>() {
        Ok(f) => python_float(f),
        Err(_) => raw,
    }
}

/// `repr(float).lower()`, plus `.0` before a bare exponent, as PyYAML writes floats.
pub(crate) fn python_float(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            ".inf".into()
        } else {
            "-.inf".into()
        };
    }
    let sci = format!("{f:e}"); // shortest round-trip digits: "-1.25e-7"
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let body = if (-4..16).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if (point as usize) >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
        } else {
            let (a, b) = digits.split_at(point as usize);
            format!("{a}.{b}")
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let m = if rest.is_empty() {
            format!("{first}.0")
        } else {
            format!("{first}.{rest}")
        };
        format!("{m}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
    };
    format!("{sign}{body}")
}

impl Emitter {
    fn write(&mut self, data: &str) {
        self.column += data.chars().count();
        self.out.push_str(data);
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        match self.indent {
            None => self.indent = Some(if flow { BEST_INDENT } else { 0 }),
            Some(i) if !indentless => self.indent = Some(i + BEST_INDENT),
            Some(_) => {}
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().flatten();
    }

    fn write_indent(&mut self) {
        let indent = self.indent.unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.write_line_break();
        }
        if self.column < indent {
            self.whitespace = true;
            let pad = " ".repeat(indent - self.column);
            self.write(&pad);
        }
    }

    fn write_line_break(&mut self) {
        self.whitespace = true;
        self.indention = true;
        self.column = 0;
        self.out.push('\n');
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        whitespace: bool,
        indention: bool,
    ) {
        if self.whitespace || !need_whitespace {
            self.write(indicator);
        } else {
            self.write(" ");
            self.write(indicator);
        }
        self.whitespace = whitespace;
        self.indention = self.indention && indention;
        self.open_ended = false;
    }

    fn node(&mut self, value: &Value, ctx: Ctx) {
        match value {
            Value::Object(map) if map.is_empty() => self.empty_collection("{", "}"),
            Value::Array(items) if items.is_empty() => self.empty_collection("[", "]"),
            Value::Object(map) => self.block_mapping(map),
            Value::Array(items) => self.block_sequence(items, ctx),
            scalar => self.scalar(scalar, ctx),
        }
    }

    fn empty_collection(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.pop_indent();
        self.write_indicator(close, false, false, false);
    }

    fn block_sequence(&mut self, items: &[Value], ctx: Ctx) {
        let indentless = ctx == Ctx::MappingValue && !self.indention;
        self.increase_indent(false, indentless);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, Ctx::Sequence);
        }
        self.pop_indent();
    }

    fn block_mapping(&mut self, map: &Map<String, Value>) {
        self.increase_indent(false, false);
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort();
        for key in keys {
            self.write_indent();
            // PyYAML's check_simple_key: non-empty, single-line keys shorter than 128 characters
            // *including their `!!str` tag* (5) are simple; others take the `? key` form.
            let simple =
                !key.is_empty() && key.chars().count() + 5 < 128 && !key.chars().any(is_break);
            let key_value = Value::String(key.clone());
            if simple {
                self.scalar(&key_value, Ctx::MappingKey);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.scalar(&key_value, Ctx::MappingValue);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            if let Some(value) = map.get(key.as_str()) {
                self.node(value, Ctx::MappingValue);
            }
        }
        self.pop_indent();
    }

    fn scalar(&mut self, value: &Value, ctx: Ctx) {
        let ScalarText { text, implicit } = scalar_text(value);
        let analysis = analyze(&text);
        let simple_key = ctx == Ctx::MappingKey;
        self.increase_indent(true, false);
        let plain = implicit
            && !(simple_key && (analysis.empty || analysis.multiline))
            && analysis.allow_block_plain;
        let split = !simple_key;
        if plain {
            if ctx == Ctx::Root {
                self.open_ended = true;
            }
            self.write_plain(&text, split);
        } else if analysis.allow_single_quoted && !(simple_key && analysis.multiline) {
            self.write_single_quoted(&text, split);
        } else {
            self.write_double_quoted(&text, split);
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, text: &str, split: bool) {
        if text.is_empty() {
            return;
        }
        if !self.whitespace {
            self.write(" ");
        }
        self.whitespace = false;
        self.indention = false;
        let chars: Vec<char> = text.chars().collect();
        let mut spaces = false;
        let mut start = 0;
        for end in 0..=chars.len() {
            let ch = chars.get(end).copied();
            if spaces {
                if ch != Some(' ') {
                    if start + 1 == end && self.column > BEST_WIDTH && split {
                        self.write_indent();
                        self.whitespace = false;
                        self.indention = false;
                    } else {
                        let s: String = chars[start..end].iter().collect();
                        self.write(&s);
                    }
                    start = end;
                }
            } else if ch.is_none_or(|c| c == ' ') {
                let s: String = chars[start..end].iter().collect();
                self.write(&s);
                start = end;
            }
            spaces = ch == Some(' ');
        }
    }

    fn write_single_quoted(&mut self, text: &str, split: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let (mut spaces, mut breaks) = (false, false);
        let mut start = 0;
        for end in 0..=chars.len() {
            let ch = chars.get(end).copied();
            if spaces {
                if ch != Some(' ') {
                    if start + 1 == end
                        && self.column > BEST_WIDTH
                        && split
                        && start != 0
                        && end != chars.len()
                    {
                        self.write_indent();
                    } else {
                        let s: String = chars[start..end].iter().collect();
                        self.write(&s);
                    }
                    start = end;
                }
            } else if breaks {
                if !ch.is_some_and(is_break) {
                    if chars[start] == '\n' {
                        self.write_line_break();
                    }
                    for &br in &chars[start..end] {
                        if br == '\n' {
                            self.write_line_break();
                        } else {
                            self.write_line_break();
                            self.out.pop();
                            self.out.push(br);
                        }
                    }
                    self.write_indent();
                    start = end;
                }
            } else if (ch.is_none_or(|c| c == ' ' || is_break(c) || c == '\'')) && start < end {
                let s: String = chars[start..end].iter().collect();
                self.write(&s);
                start = end;
            }
            if ch == Some('\'') {
                self.write("''");
                start = end + 1;
            }
            if let Some(c) = ch {
                spaces = c == ' ';
                breaks = is_break(c);
            }
        }
        self.write_indicator("'", false, false, false);
    }

    fn write_double_quoted(&mut self, text: &str, split: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let mut start = 0;
        for end in 0..=chars.len() {
            let ch = chars.get(end).copied();
            let needs_escape = match ch {
                None => true,
                Some(c) => {
                    matches!(
                        c,
                        '"' | '\\' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}'
                    ) || !(' '..='~').contains(&c)
                }
            };
            if needs_escape {
                if start < end {
                    let s: String = chars[start..end].iter().collect();
                    self.write(&s);
                    start = end;
                }
                if let Some(c) = ch {
                    let escaped = match c {
                        '\0' => "\\0".to_owned(),
                        '\x07' => "\\a".to_owned(),
                        '\x08' => "\\b".to_owned(),
                        '\t' => "\\t".to_owned(),
                        '\n' => "\\n".to_owned(),
                        '\x0B' => "\\v".to_owned(),
                        '\x0C' => "\\f".to_owned(),
                        '\r' => "\\r".to_owned(),
                        '\x1B' => "\\e".to_owned(),
                        '"' => "\\\"".to_owned(),
                        '\\' => "\\\\".to_owned(),
                        '\u{85}' => "\\N".to_owned(),
                        '\u{A0}' => "\\_".to_owned(),
                        '\u{2028}' => "\\L".to_owned(),
                        '\u{2029}' => "\\P".to_owned(),
                        c if (c as u32) <= 0xFF => format!("\\x{:02X}", c as u32),
                        c if (c as u32) <= 0xFFFF => format!("\\u{:04X}", c as u32),
                        c => format!("\\U{:08X}", c as u32),
                    };
                    self.write(&escaped);
                    start = end + 1;
                }
            }
            if 0 < end
                && end + 1 < chars.len()
                && (ch == Some(' ') || start >= end)
                && self.column as isize + end as isize - start as isize > BEST_WIDTH as isize
                && split
            {
                let mut data: String = chars[start.min(end)..end].iter().collect();
                data.push('\\');
                if start < end {
                    start = end;
                }
                self.write(&data);
                self.write_indent();
                self.whitespace = false;
                self.indention = false;
                if chars.get(start) == Some(&' ') {
                    self.write("\\");
                }
            }
        }
        self.write_indicator("\"", false, false, false);
    }
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_space_or_break(c: char) -> bool {
    matches!(
        c,
        '\0' | ' ' | '\t' | '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

struct Analysis {
    empty: bool,
    multiline: bool,
    allow_block_plain: bool,
    allow_single_quoted: bool,
}

/// PyYAML's `Emitter.analyze_scalar`, reduced to the block-context answers (with
/// `allow_unicode` off, as in the kubeconfig dump).
fn analyze(text: &str) -> Analysis {
    if text.is_empty() {
        return Analysis {
            empty: true,
            multiline: false,
            allow_block_plain: true,
            allow_single_quoted: true,
        };
    }
    let chars: Vec<char> = text.chars().collect();
    let mut block_indicators = text.starts_with("---") || text.starts_with("...");
    let (mut line_breaks, mut special) = (false, false);
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    let mut followed_by_whitespace = chars.len() == 1 || is_space_or_break(chars[1]);
    for (index, &ch) in chars.iter().enumerate() {
        if index == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(ch) {
                block_indicators = true;
            }
            if (ch == '?' || ch == ':' || ch == '-') && followed_by_whitespace {
                block_indicators = true;
            }
        } else {
            if ch == ':' && followed_by_whitespace {
                block_indicators = true;
            }
            if ch == '#' && preceded_by_whitespace {
                block_indicators = true;
            }
        }
        if is_break(ch) {
            line_breaks = true;
        }
        if !(ch == '\n' || (' '..='~').contains(&ch)) {
            // Without allow_unicode every non-ASCII character is "special".
            special = true;
        }
        if ch == ' ' {
            if index == 0 {
                leading_space = true;
            }
            if index == chars.len() - 1 {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(ch) {
            if index == 0 {
                leading_break = true;
            }
            if index == chars.len() - 1 {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_space_or_break(ch);
        followed_by_whitespace = index + 2 >= chars.len() || is_space_or_break(chars[index + 2]);
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
