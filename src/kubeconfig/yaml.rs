//! YAML for kubeconfig files: reading with PyYAML's `safe_load` typing. Writing uses the one
//! PyYAML-compatible emitter of the crate, [`crate::output::yaml::dump`] (without
//! `allow_unicode`, as az's `safe_dump(default_flow_style=False)`).
//!
//! Reading uses `saphyr-parser` for the syntax and resolves plain scalars with the YAML 1.1
//! rules PyYAML applies (`yes`/`on` are booleans, `012` is octal, `1_000` is an integer), so a
//! file azrs rewrites carries the same values az would write back. Documents become
//! `serde_json::Value`s: mapping keys become strings and timestamps stay strings (PyYAML would
//! build date objects; both are noted in the module docs of `kubeconfig`).

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
