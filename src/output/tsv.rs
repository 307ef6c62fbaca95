//! `-o tsv`: knack's `TsvOutput`. One line per top-level item, no header, no transformer,
//! nothing skipped. An object row lists its values sorted by key, except objects built by a
//! `--query` multi-select hash, which keep expression order; an array row lists its
//! elements. Fields: array → its length, object → empty, string raw (TAB/newline not
//! escaped), others Python `str()`. A bare boolean row prints lower-case.

use crate::py::repr::py_str;
use crate::py::value::PyValue;
use std::borrow::Borrow;
use std::io::Write as _;

/// Writes the tsv text to `out` a row at a time (a large list's text is never held whole).
pub fn write(out: &mut dyn std::io::Write, value: &PyValue) -> std::io::Result<()> {
    write_rows(out, rows_of(value))
}

/// Writes one line per row item: the tsv text of a list of these items, made one at a time.
pub fn write_rows<V: Borrow<PyValue>>(
    out: &mut dyn std::io::Write,
    items: impl Iterator<Item = V>,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(32 * 1024, out);
    let mut line = String::new();
    for item in items {
        line.clear();
        row(&mut line, item.borrow());
        out.write_all(line.as_bytes())?;
    }
    out.flush()
}

/// The row items: a list's elements, or the value itself.
fn rows_of(value: &PyValue) -> Box<dyn Iterator<Item = &PyValue> + '_> {
    match value {
        PyValue::List(items) => Box::new(items.iter()),
        other => Box::new(std::iter::once(other)),
    }
}

fn field(v: &PyValue) -> String {
    match v {
        PyValue::List(items) => items.len().to_string(),
        PyValue::Dict { .. } => String::new(),
        other => py_str(other),
    }
}

fn row(out: &mut String, item: &PyValue) {
    match item {
        PyValue::Dict { map, built } => {
            let mut entries: Vec<(&String, &PyValue)> = map.iter().collect();
            if !built {
                entries.sort_by(|a, b| a.0.cmp(b.0));
            }
            let fields: Vec<String> = entries.into_iter().map(|(_, v)| field(v)).collect();
            out.push_str(&fields.join("\t"));
        }
        PyValue::List(values) => {
            let fields: Vec<String> = values.iter().map(field).collect();
            out.push_str(&fields.join("\t"));
        }
        PyValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        other => out.push_str(&py_str(other)),
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(v: &PyValue) -> String {
        let mut out = Vec::new();
        write(&mut out, v).expect("a Vec never fails");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn rows_fields_and_ordering() {
        let v = PyValue::from_json(&json!([
            {"b": 1, "a": [1, 2], "c": {"x": 1}, "d": null, "e": false},
            [true, "x\ty", 1.5],
            false,
            null
        ]));
        assert_eq!(
            render(&v),
            "2\t1\t\tNone\tFalse\nTrue\tx\ty\t1.5\nfalse\nNone\n"
        );
        assert_eq!(render(&PyValue::from_json(&json!([]))), "");
        assert_eq!(render(&PyValue::from_json(&json!({}))), "\n");
    }

    #[test]
    fn query_built_objects_keep_expression_order() {
        let mut v = PyValue::from_json(&json!({"z": 1, "a": 2}));
        if let PyValue::Dict { built, .. } = &mut v {
            *built = true;
        }
        assert_eq!(render(&v), "1\t2\n");
    }
}
