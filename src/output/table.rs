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
    render_rows(match value {
        PyValue::List(items) => items.iter().map(|i| row(i, sort_keys)).collect(),
        other => vec![row(other, sort_keys)],
    })
}

/// One item's cells by column name (`None` prints empty), before the table is laid out.
pub type Row = IndexMap<String, Option<String>>;

/// The table of rows made with [`row`].
pub fn render_rows(rows: Vec<Row>) -> String {
    let mut table = Rows::default();
    for row in rows {
        table.push(row);
    }
    table.render()
}

/// Rows gathered one at a time for a table, kept compact: every cell's text in one buffer,
/// each cell its column and its place there. A 10,000-item list held as [`Row`]s (a map and a
/// few strings apiece) took about five times the JSON it came from (`output::list`).
#[derive(Debug, Default)]
pub struct Rows {
    /// The columns in first-seen order.
    headers: Vec<String>,
    /// Every cell's text as the row gave it (unstripped).
    text: String,
    /// Each row's cells, one row after another.
    cells: Vec<Cell>,
    /// Where each row's cells end in `cells`.
    ends: Vec<usize>,
    /// Whether any cell so far contains `\r` or `\n` (tabulate's multi-line layout).
    multiline: bool,
    /// Whether any cell so far contains an ANSI code (widths without them).
    invisible: bool,
}

/// One cell of [`Rows`]: its column and its text's range in [`Rows::text`], 12 bytes (a
/// table's text stays far below 4 GiB: it is held in memory twice over on the way out).
#[derive(Debug, Clone, Copy)]
struct Cell {
    column: u32,
    start: u32,
    end: u32,
}

impl Cell {
    /// `start` of a cell whose value was `None` (prints empty).
    const NONE: u32 = u32::MAX;
}

/// `n` as a `u32` for a [`Cell`].
fn cell_index(n: usize) -> u32 {
    u32::try_from(n).expect("a table's text and columns stay below 4 GiB")
}

impl Rows {
    /// Adds one row (its cells by column name, as [`row`] makes them).
    pub fn push(&mut self, row: Row) {
        for (name, value) in row {
            let column = match self.headers.iter().position(|h| *h == name) {
                Some(at) => at,
                None => {
                    self.headers.push(name);
                    self.headers.len() - 1
                }
            };
            let (start, end) = match value {
                Some(v) => {
                    self.multiline |= v.contains(['\r', '\n']);
                    self.invisible |= has_ansi(&v);
                    let start = cell_index(self.text.len());
                    self.text.push_str(&v);
                    (start, cell_index(self.text.len()))
                }
                None => (Cell::NONE, Cell::NONE),
            };
            let column = cell_index(column);
            self.cells.push(Cell { column, start, end });
        }
        self.ends.push(self.cells.len());
    }

    /// Each row's stripped cell texts, one per column (empty where the row has none).
    fn stripped_rows(&self) -> impl Iterator<Item = Vec<&str>> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let mut row = vec![""; self.headers.len()];
            for cell in &self.cells[start..end] {
                if cell.start != Cell::NONE {
                    let text = &self.text[cell.start as usize..cell.end as usize];
                    row[cell.column as usize] = text.trim_matches(is_py_space);
                }
            }
            start = end;
            row
        })
    }

    /// The table text, as tabulate's `simple` layout prints it.
    pub fn render(self) -> String {
        let mut out = Vec::new();
        self.render_to(&mut out)
            .expect("writing to memory does not fail");
        String::from_utf8(out).expect("the table is built from strings")
    }

    /// [`Rows::render`] written to `out` a row at a time (through a buffer), so a long table
    /// is never held whole.
    pub fn render_to(self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        use std::io::Write as _;
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
        if self.headers.is_empty() {
            out.write_all(b"\n")?;
            return out.flush();
        }
        // tabulate switches the whole table to its multi-line layout when any header or raw
        // (unstripped) cell contains `\r` or `\n`, and to visible widths (ANSI codes not
        // counted) when any contains an escape sequence.
        let layout = Layout {
            multiline: self.multiline || self.headers.iter().any(|h| h.contains(['\r', '\n'])),
            invisible: self.invisible || self.headers.iter().any(|h| has_ansi(h)),
        };
        let mut widths: Vec<usize> = self.headers.iter().map(|h| layout.width(h) + 2).collect();
        for row in self.stripped_rows() {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(layout.width(cell));
            }
        }
        let mut line = String::new();
        let header_lines: Vec<Vec<String>> = self
            .headers
            .iter()
            .zip(&widths)
            .map(|(h, w)| layout.header_lines(h, *w))
            .collect();
        push_row(&mut line, &header_lines, &widths);
        let dashes: Vec<Vec<String>> = widths.iter().map(|w| vec!["-".repeat(*w)]).collect();
        push_row(&mut line, &dashes, &widths);
        out.write_all(line.as_bytes())?;
        for row in self.stripped_rows() {
            let lines: Vec<Vec<String>> = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| layout.cell_lines(cell, *w))
                .collect();
            line.clear();
            push_row(&mut line, &lines, &widths);
            out.write_all(line.as_bytes())?;
        }
        out.flush()
    }
}

/// tabulate's CSI sequences and OSC 8 hyperlinks (its `_ansi_codes`); group 4 is a link's text.
static ANSI: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"\x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]|\x1b\]8;(\w+=\w+:?)*;([^\x1b]+)\x1b\\([^\x1b]+)\x1b\]8;;\x1b\\",
    )
    .expect("the ANSI pattern is valid")
});

/// Whether `text` holds an ANSI code. Every code starts with ESC, so text without one is
/// answered without the pattern, which is compiled (about 0.5 ms: `\w` is Unicode's word
/// class) only for a table that has an ESC somewhere.
fn has_ansi(text: &str) -> bool {
    text.contains('\x1b') && ANSI.is_match(text)
}

/// The two table-wide switches tabulate derives from the whole table's text.
struct Layout {
    multiline: bool,
    invisible: bool,
}

impl Layout {
    /// tabulate's width of one line: code points, without ANSI codes when any are present.
    fn line_width(&self, line: &str) -> usize {
        if self.invisible && line.contains('\x1b') {
            ANSI.replace_all(line, "$3").chars().count()
        } else {
            line.chars().count()
        }
    }

    /// A cell's or header's width: in the multi-line layout the widest piece between `\r`/`\n`.
    fn width(&self, text: &str) -> usize {
        if self.multiline {
            text.split(['\r', '\n'])
                .map(|l| self.line_width(l))
                .max()
                .unwrap_or(0)
        } else {
            self.line_width(text)
        }
    }

    /// Left-justifies by visible width (Python's `format(s, "<w")` plus tabulate's correction
    /// for invisible codes).
    fn pad(&self, line: &str, width: usize) -> String {
        let visible = self.line_width(line);
        format!("{line}{}", " ".repeat(width.saturating_sub(visible)))
    }

    /// A stripped cell's padded lines: Python's `str.splitlines()` in the multi-line layout
    /// (so U+2028, U+0085, form feeds also break there), the whole text otherwise.
    fn cell_lines(&self, cell: &str, width: usize) -> Vec<String> {
        if self.multiline && self.invisible {
            // tabulate's wide/invisible branch pairs `splitlines()` lines with the widths of
            // the `[\r\n]` pieces: extra lines (after U+0085, U+2028, ...) are dropped and
            // line i is padded by piece i's count of invisible characters.
            splitlines(cell)
                .zip(cell.split(['\r', '\n']))
                .map(|(line, piece)| {
                    let hidden = piece.chars().count() - self.line_width(piece);
                    let target = width + hidden;
                    let len = line.chars().count();
                    format!("{line}{}", " ".repeat(target.saturating_sub(len)))
                })
                .collect()
        } else if self.multiline {
            splitlines(cell).map(|l| self.pad(l, width)).collect()
        } else {
            vec![self.pad(cell, width)]
        }
    }

    /// A header's padded lines: in the multi-line layout tabulate splits it on `\r|\n` (a
    /// `\r\n` gives an empty line between), pads each piece, joins them with `\n` and splits
    /// the result again with `splitlines()` when laying out the row.
    fn header_lines(&self, header: &str, width: usize) -> Vec<String> {
        if self.multiline {
            let padded: Vec<String> = header
                .split(['\r', '\n'])
                .map(|piece| self.pad(piece, width))
                .collect();
            splitlines(&padded.join("\n")).map(str::to_string).collect()
        } else {
            vec![self.pad(header, width)]
        }
    }
}

/// Python's `str.splitlines()` without the ends (`\r\n` is one break; an empty text has no
/// lines).
fn splitlines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match rest.char_indices().find(|(_, c)| is_line_break(*c)) {
            Some((i, c)) => {
                let line = &rest[..i];
                let mut next = i + c.len_utf8();
                if c == '\r' && rest[next..].starts_with('\n') {
                    next += 1;
                }
                rest = &rest[next..];
                Some(line)
            }
            None => {
                let line = rest;
                rest = "";
                Some(line)
            }
        }
    })
}

/// The characters `str.splitlines()` breaks at.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{b}'
            | '\u{c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// One table row of already padded cell lines: cells with fewer lines get blank lines of
/// their width below; each line's cells joined by two spaces and right-stripped as Python's
/// `rstrip()` does.
fn push_row(out: &mut String, cells: &[Vec<String>], widths: &[usize]) {
    let height = cells.iter().map(Vec::len).max().unwrap_or(0);
    for i in 0..height {
        let parts: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(lines, w)| lines.get(i).cloned().unwrap_or_else(|| " ".repeat(*w)))
            .collect();
        out.push_str(parts.join("  ").trim_end_matches(is_py_space));
        out.push('\n');
    }
}

/// Python `str.strip()` whitespace (Unicode whitespace plus the ASCII separators 0x1c–0x1f).
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
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
pub fn row(item: &PyValue, sort_keys: bool) -> Row {
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
    fn rows_with_different_columns_fill_the_missing_cells_with_blanks() {
        // The second row brings a column the first lacks, a null cell and, last, a line break
        // that switches the whole table to the multi-line layout.
        assert_eq!(
            table(
                json!([{"a": "1"}, {"b": null, "c": "x", "a": "2"}, {"c": "y\nz"}]),
                false
            ),
            "A    C\n---  ---\n1\n2    x\n     y\n     z\n"
        );
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

    // Expected texts below are knack 2.91 + tabulate 0.10's output for the same rows.
    #[test]
    fn multiline_layout_keeps_inner_spaces_and_splits_headers() {
        // Regression: each line of a multi-line cell was stripped, and headers never split.
        assert_eq!(
            table(json!([{"a": " one \n two ", "b": "\r\nwin"}]), true),
            "A     B\n----  ---\none   win\n two\n"
        );
        assert_eq!(table(json!([{"n\nl": "v"}]), true), "N\nl\n---\nv\n");
        assert_eq!(
            table(json!([{"a": "line\n\nblank"}]), true),
            "A\n-----\nline\n\nblank\n"
        );
    }

    #[test]
    fn unicode_line_separators_split_only_in_the_multiline_layout() {
        assert_eq!(
            table(json!([{"a": "x\u{2028}y"}]), true),
            "A\n---\nx\u{2028}y\n"
        );
        assert_eq!(
            table(json!([{"a": "x\u{2028}y", "b": "1\n2"}]), true),
            "A    B\n---  ---\nx    1\ny    2\n"
        );
    }

    #[test]
    fn ansi_codes_do_not_count_towards_width() {
        assert_eq!(
            table(json!([{"a": "\u{1b}[31mred\u{1b}[0m", "b": "x"}]), true),
            "A    B\n---  ---\n\u{1b}[31mred\u{1b}[0m  x\n"
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
