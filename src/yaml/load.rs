//! Reading YAML with PyYAML's `safe_load` typing (kubeconfig files and the kubeconfig ARM
//! returns). Writing is [`super::emit`].
//!
//! Reading uses `saphyr-parser` for the syntax and resolves plain scalars with the YAML 1.1
//! rules PyYAML applies ([`super::resolve`]: `yes`/`on` are booleans, `012` is octal, `1_000`
//! is an integer), so a file azrs rewrites carries the same values az would write back. Documents become
//! `serde_json::Value`s: mapping keys become strings and timestamps stay strings (PyYAML would
//! build date objects; both are noted in the module docs of `kubeconfig`).

use super::resolve::{Resolved, resolve_plain};

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use serde_json::{Map, Number, Value};

/// The most a document may grow through aliases, in [`cost`] units (about bytes of the tree
/// built). PyYAML shares an aliased node instead of copying it, so a "billion laughs" file
/// loads in az in a few kilobytes; azrs's documents are plain `Value` trees and copy them, so
/// the copies are capped instead and such a file is a clear error in bounded memory. Real
/// kubeconfigs use few anchors, if any: 16 MiB of copies is far beyond them.
pub const MAX_ALIAS_COST: usize = 16 << 20;

/// The deepest nesting of collections accepted. PyYAML's recursive composer stops a little
/// deeper than 300 levels (Python's recursion limit); a tree over this depth would overflow the
/// stack of azrs's recursive walkers (emitter, merge, drop), so it is refused here.
pub const MAX_DEPTH: usize = 1000;

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
    /// Each anchored value with its [`cost`], so an alias is charged without walking it.
    anchors: HashMap<usize, (Value, usize)>,
    /// What aliases have copied so far.
    alias_cost: usize,
    root: Option<Value>,
}

/// Roughly the bytes a value occupies: a fixed charge per node plus its text. Computed once
/// per anchor, with an explicit stack (an anchored tree may be as deep as [`MAX_DEPTH`]).
fn cost(value: &Value) -> usize {
    const NODE: usize = 64;
    let mut total = 0usize;
    let mut todo = vec![value];
    while let Some(v) = todo.pop() {
        total = total.saturating_add(NODE);
        match v {
            Value::String(s) => total = total.saturating_add(s.len()),
            Value::Array(items) => todo.extend(items),
            Value::Object(map) => {
                for (k, v) in map {
                    total = total.saturating_add(k.len());
                    todo.push(v);
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
    total
}

impl Builder {
    fn event(&mut self, event: Event<'_>) -> Result<(), YamlError> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let value = resolve_scalar(&text, style, tag.as_deref())?;
                self.finish(value, anchor)
            }
            Event::Alias(id) => {
                let (value, cost) = self
                    .anchors
                    .get(&id)
                    .ok_or_else(|| YamlError(format!("found undefined alias {id}")))?;
                // Charged before the copy is made, so the copy that would pass the cap is
                // never built.
                self.alias_cost = self.alias_cost.saturating_add(*cost);
                if self.alias_cost > MAX_ALIAS_COST {
                    return Err(YamlError(format!(
                        "the document expands to more than {} MiB through aliases",
                        MAX_ALIAS_COST >> 20
                    )));
                }
                let value = value.clone();
                self.push(value)
            }
            Event::SequenceStart(anchor, tag) => {
                check_collection_tag(tag.as_deref(), "seq")?;
                self.open(Frame::Seq(Vec::new(), anchor))
            }
            Event::MappingStart(anchor, tag) => {
                check_collection_tag(tag.as_deref(), "map")?;
                self.open(Frame::Map(Map::new(), None, anchor))
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

    fn open(&mut self, frame: Frame) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError(format!(
                "the document nests collections more than {MAX_DEPTH} levels deep"
            )));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn finish(&mut self, value: Value, anchor: usize) -> Result<(), YamlError> {
        if anchor > 0 {
            self.anchors.insert(anchor, (value.clone(), cost(&value)));
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
        Resolved::Bool(b) => Value::Bool(b),
        Resolved::Int => parse_int(text).unwrap_or_else(|| Value::String(text.to_owned())),
        Resolved::Float => parse_float(text).unwrap_or_else(|| Value::String(text.to_owned())),
        Resolved::Str | Resolved::Timestamp | Resolved::Merge | Resolved::Value => {
            Value::String(text.to_owned())
        }
    })
}

fn bad(text: &str, kind: &str) -> YamlError {
    YamlError(format!("invalid {kind} value '{text}'"))
}

fn parse_bool(s: &str) -> Option<bool> {
    match resolve_plain(s) {
        Resolved::Bool(b) => Some(b),
        _ => None,
    }
}

fn strip_sign(s: &str) -> (bool, &str) {
    match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The 582-byte "billion laughs" kubeconfig of issue 10: nine levels of nine aliases.
    fn billion_laughs() -> String {
        let mut text = String::from(
            "apiVersion: v1\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for pair in names.windows(2) {
            let (prev, next) = (pair[0], pair[1]);
            let refs = vec![format!("*{prev}"); 9].join(",");
            text.push_str(&format!("{next}: &{next} [{refs}]\n"));
        }
        text
    }

    // Regression: aliases were copied without limit; this file needed gigabytes.
    #[test]
    fn billion_laughs_is_a_clear_error() {
        let text = billion_laughs();
        assert!(text.len() < 600, "{}", text.len());
        let err = parse(&text).expect_err("refused");
        assert_eq!(
            err.0,
            "the document expands to more than 16 MiB through aliases"
        );
    }

    #[test]
    fn modest_aliases_still_expand() {
        let doc = parse("base: &b {server: s, ca: c}\nx: *b\ny: [*b, *b]\n").expect("parses");
        assert_eq!(doc["x"], doc["base"]);
        assert_eq!(doc["y"][1]["server"], "s");
    }

    #[test]
    fn nesting_is_capped_without_overflowing_the_stack() {
        // `- - - x` nests one block sequence per `- ` (two bytes a level).
        let ok = format!("{}x", "- ".repeat(MAX_DEPTH));
        let doc = parse(&ok).expect("at the cap");
        assert!(super::super::dump(&doc, false).starts_with("- - - "));
        for deep in [MAX_DEPTH + 1, 100_000] {
            let err = parse(&format!("{}x", "- ".repeat(deep))).expect_err("too deep");
            assert_eq!(
                err.0,
                "the document nests collections more than 1000 levels deep"
            );
        }
        // Flow collections stop earlier, in the parser itself.
        let flow = format!("{}x{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(&flow).is_err());
    }
}
