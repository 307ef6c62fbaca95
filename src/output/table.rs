//! `-o table`: knack's `_TableOutput` column rules feeding tabulate's `simple` layout.
//! Each row item becomes an ordered set of cells: objects give one column per printable
//! scalar key (`id`, `type`, `etag` skipped, header = key with its first letter upper-cased,
//! keys sorted only when neither `--query` nor a transformer shaped the data), arrays give
//! `Column1…`, scalars give `Result`. Columns are the union in first-seen order; width is
//! max(cell, header + 2); cells are left-aligned, joined by two spaces, lines right-stripped.
//! Applying the transformer is the caller's job (`mod.rs`).

use crate::py::repr::{number_str, py_repr};
use crate::py::value::PyValue;
use indexmap::IndexMap;

const SKIP_KEYS: [&str; 3] = ["id", "type", "etag"];

/// Renders the table text; `sort_keys` is true when no query and no transformer applied.
pub fn render(value: &PyValue, sort_keys: bool) -> String {
    let rows: Vec<IndexMap<String, Option<String>>> = match value {
        PyValue::List(items) => items.iter().map(|i| row(i, sort_keys)).collect(),
        other => vec![row(other, sort_keys)],
    };
    let mut headers: Vec<String> = Vec::new();
    for r in &rows {
        for k in r.keys() {
            if !headers.contains(k) {
                headers.push(k.clone());
            }
        }
    }
    if headers.is_empty() {
        return "\n".to_string();
    }
    // Cells: tabulate strips surrounding whitespace (per line) and shows `None` as empty.
    let cells: Vec<Vec<Vec<String>>> = rows
        .iter()
        .map(|r| {
            headers
                .iter()
                .map(|h| match r.get(h) {
                    Some(Some(text)) => split_lines(text),
                    _ => vec![String::new()],
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(c, h)| {
            let cell_max = cells
                .iter()
                .flat_map(|r| r[c].iter())
                .map(|l| l.chars().count())
                .max()
                .unwrap_or(0);
            cell_max.max(h.chars().count() + 2)
        })
        .collect();
    let mut out = String::new();
    let header_cells: Vec<&str> = headers.iter().map(String::as_str).collect();
    push_line(&mut out, &header_cells, &widths);
    let dashes: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    let dash_refs: Vec<&str> = dashes.iter().map(String::as_str).collect();
    push_line(&mut out, &dash_refs, &widths);
    for r in &cells {
        let height = r.iter().map(Vec::len).max().unwrap_or(1);
        for line in 0..height {
            let parts: Vec<&str> = r
                .iter()
                .map(|cell| cell.get(line).map_or("", String::as_str))
                .collect();
            push_line(&mut out, &parts, &widths);
        }
    }
    out
}

fn push_line(out: &mut String, cells: &[&str], widths: &[usize]) {
    let mut line = String::new();
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        if i > 0 {
            line.push_str("  ");
        }
        line.push_str(cell);
        let len = cell.chars().count();
        if len < *width {
            line.push_str(&" ".repeat(width - len));
        }
    }
    out.push_str(line.trim_end_matches(' '));
    out.push('\n');
}

/// Python `str.strip()` whitespace (Unicode whitespace plus the ASCII separators 0x1c–0x1f).
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn split_lines(text: &str) -> Vec<String> {
    let stripped = text.trim_matches(is_py_space);
    if stripped.contains(['\n', '\r']) {
        stripped
            .split('\n')
            .map(|l| l.trim_matches(is_py_space).to_string())
            .collect()
    } else {
        vec![stripped.to_string()]
    }
}

/// Capitalises only the first character (`resourceGroup` → `ResourceGroup`).
fn capitalize_first(key: &str) -> String {
    let mut chars = key.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Cell text: Python `str()`; `None` becomes an empty cell.
fn cell_text(v: &PyValue) -> Option<String> {
    match v {
        PyValue::Null => None,
        PyValue::Str(s) => Some(s.clone()),
        PyValue::Num(n) => Some(number_str(n)),
        other => Some(py_repr(other)),
    }
}

/// knack `_auto_table_item`.
fn row(item: &PyValue, sort_keys: bool) -> IndexMap<String, Option<String>> {
    let mut entry = IndexMap::new();
    match item {
        PyValue::Dict { map, .. } => {
            let mut keys: Vec<&String> = map.keys().collect();
            if sort_keys {
                keys.sort();
            }
            for k in keys {
                if SKIP_KEYS.contains(&k.as_str()) {
                    continue;
                }
                let v = &map[k.as_str()];
                if matches!(v, PyValue::Null | PyValue::List(_) | PyValue::Dict { .. }) {
                    continue;
                }
                entry.insert(capitalize_first(k), cell_text(v));
            }
        }
        PyValue::List(values) => {
            for (i, v) in values.iter().enumerate() {
                entry.insert(format!("Column{}", i + 1), cell_text(v));
            }
        }
        scalar => {
            entry.insert("Result".to_string(), cell_text(scalar));
        }
    }
    entry
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn table(v: serde_json::Value, sort: bool) -> String {
        render(&PyValue::from_json(&v), sort)
    }

    #[test]
    fn width_is_header_plus_two_at_least() {
        assert_eq!(
            table(json!([{"a": "x", "bb": "longer value"}]), true),
            "A    Bb\n---  ------------\nx    longer value\n"
        );
    }

    #[test]
    fn unicode_counts_code_points_and_multiline_cells_span_lines() {
        assert_eq!(
            table(
                json!([{"n": "Zoë – ✓", "m": "one\ntwo", "z": " pad "}]),
                false
            ),
            "N        M    Z\n-------  ---  ---\nZoë – ✓  one  pad\n         two\n"
        );
    }

    #[test]
    fn colliding_headers_keep_first_position_and_last_value() {
        assert_eq!(
            table(json!({"name": "a", "x": 1, "Name": "b"}), false),
            "Name    X\n------  ---\nb       1\n"
        );
    }

    #[test]
    fn nothing_printable_is_a_single_newline() {
        assert_eq!(table(json!([]), true), "\n");
        assert_eq!(table(json!([{"tags": {}}]), true), "\n");
    }
}
