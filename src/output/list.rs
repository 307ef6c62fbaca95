//! A long ARM list on its way to the screen, held as each item's JSON text rather than as a
//! tree. A parsed tree (order-preserving maps, arbitrary-precision numbers) costs about ten
//! times the bytes received, so `group list` over 10,000 groups kept 60-97 MiB alive for
//! about 3 MB of JSON. Here each item is parsed, shaped like az's model, given its
//! `resourceGroup` (the global injection) and rendered one at a time for `-o json`, `tsv` and
//! a row-wise table transformer; `--query` and the other formats need the whole value and
//! get it built item by item from the text, which is freed as it goes. The bytes printed are
//! the same as rendering the whole tree ([`super::render_owned_to`]) in every case.

use super::{Format, OutputError, RenderOptions, TableTransformer, inject_resource_group, json};
use super::{Query, into_py, render_py, table, tsv, write_result};
use crate::py::PyValue;
use serde_json::Value;
use serde_json::value::RawValue;
use std::io::Write;

/// A list result as JSON text per item, plus how a command turns a wire item into the item
/// it prints (az's model shaping).
#[derive(Debug)]
pub struct RawList {
    items: Vec<Box<RawValue>>,
    shape: fn(Value) -> Value,
}

impl RawList {
    /// `items` as read from the wire (each valid JSON, as the pager guarantees), printed as
    /// `shape` makes them.
    pub fn new(items: Vec<Box<RawValue>>, shape: fn(Value) -> Value) -> RawList {
        RawList { items, shape }
    }

    /// The printed items in order, each built only when asked for; each item's text is
    /// freed once it is parsed.
    fn values(self) -> impl Iterator<Item = Value> {
        let shape = self.shape;
        self.items.into_iter().map(move |raw| {
            let wire: Value = serde_json::from_str(raw.get())
                .expect("the pager keeps only items that parsed as JSON in their page");
            drop(raw);
            let mut item = shape(wire);
            inject_resource_group(&mut item);
            item
        })
    }

    /// The whole list as the one tree, for the paths that need it.
    pub fn into_value(self) -> Value {
        Value::Array(self.values().collect())
    }
}

/// [`super::render_owned_to`] for a [`RawList`]: the same bytes. A table transformer must be
/// row-wise (given a one-item list it returns that item's rows, as
/// [`super::transformers::rows`] does), which is what lets a table be built a row at a time.
pub fn render_list_to(
    out: &mut dyn Write,
    list: RawList,
    opts: &RenderOptions<'_>,
) -> Result<(), OutputError> {
    if let Some(q) = opts.query {
        let query = Query::compile(q)?;
        let result = query.search_items(list.values().map(into_py))?;
        return write_result(out, result, opts);
    }
    match (opts.format, opts.table_transformer) {
        (Format::None, _) => {}
        (Format::Json, _) => {
            json::write_list(out, list.values().map(into_py))?;
        }
        (Format::Tsv, _) => {
            tsv::write_rows(out, list.values().map(into_py))?;
        }
        (Format::Table, Some(transform)) => {
            // Each item becomes its table row at once; the first failing row fails the table
            // before anything is written, as the whole-list transform does.
            let mut rows = table::Rows::default();
            for item in list.values() {
                for shaped in table_rows(transform, item)? {
                    rows.push(table::row(&into_py(shaped), false));
                }
            }
            rows.render_to(out)?;
        }
        _ => render_py(
            out,
            PyValue::List(list.values().map(into_py).collect()),
            opts,
        )?,
    }
    Ok(())
}

/// The rows a row-wise transformer makes of one item.
fn table_rows(transform: TableTransformer, item: Value) -> Result<Vec<Value>, OutputError> {
    match transform(&Value::Array(vec![item])) {
        Ok(Value::Array(rows)) => Ok(rows),
        Ok(_) => Err(OutputError::TableUnavailable(super::TransformError(
            "a list transformer returned something other than rows".into(),
        ))),
        Err(e) => Err(OutputError::TableUnavailable(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::render_owned;
    use serde_json::json;

    /// A stand-in for a command's model shaping: a fixed key first, as az's models do.
    fn shape(v: Value) -> Value {
        let mut out = serde_json::Map::new();
        out.insert("kind".into(), Value::Null);
        if let Value::Object(o) = v {
            out.extend(o);
        }
        Value::Object(out)
    }

    fn row_table(v: &Value) -> Result<Value, crate::output::TransformError> {
        crate::output::transformers::rows(v, |r| {
            let mut m = serde_json::Map::new();
            m.insert(
                "Name".into(),
                crate::output::transformers::index(r, "name")?.clone(),
            );
            Ok(m)
        })
    }

    fn wire() -> Vec<Value> {
        vec![
            json!({"name": "a", "id": "/subscriptions/s/resourceGroups/rg/providers/P/t/a",
                   "n": 1.50, "tags": {"team": "bench"}}),
            json!({"name": "b\tc", "id": "/subscriptions/s/resourceGroups/b", "l": [1, "é"]}),
            json!({"name": "d", "tags": {"team": "other"}, "big": 100000000000000000000001u128}),
        ]
    }

    fn raw(items: &[Value]) -> RawList {
        RawList::new(
            items
                .iter()
                .map(|v| serde_json::value::to_raw_value(v).expect("encodes"))
                .collect(),
            shape,
        )
    }

    fn whole(items: &[Value]) -> Value {
        let mut v = Value::Array(items.iter().cloned().map(shape).collect());
        inject_resource_group(&mut v);
        v
    }

    #[test]
    fn every_format_prints_what_the_whole_tree_prints() {
        for items in [wire(), vec![]] {
            for format in Format::ALL {
                for query in [
                    None,
                    Some("[?tags.team=='bench'].name"),
                    Some("[0]"),
                    Some("[*].name | [1]"),
                    Some("[?contains(name, 'b')].{n: name}.n"),
                    Some("[].name"),
                    Some("length(@)"),
                    Some("[?abs(name) > `0`]"),
                    Some("[?"),
                ] {
                    for table_transformer in [None, Some(row_table as TableTransformer)] {
                        let opts = RenderOptions {
                            format,
                            query,
                            color: false,
                            table_transformer,
                        };
                        let want = render_owned(whole(&items), &opts).map_err(|e| e.to_string());
                        let mut got = Vec::new();
                        let got = render_list_to(&mut got, raw(&items), &opts)
                            .map(|()| String::from_utf8(got).expect("utf-8"))
                            .map_err(|e| e.to_string());
                        assert_eq!(got, want, "{format:?} {query:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_row_the_transformer_rejects_fails_the_table_and_prints_nothing() {
        let items = vec![json!({"name": "a"}), json!({"other": 1})];
        let opts = RenderOptions {
            format: Format::Table,
            query: None,
            color: false,
            table_transformer: Some(row_table),
        };
        let mut out = Vec::new();
        let err = render_list_to(&mut out, raw(&items), &opts).expect_err("row 2 has no name");
        assert!(matches!(err, OutputError::TableUnavailable(_)));
        assert!(out.is_empty());
        assert!(render_owned(whole(&items), &opts).is_err());
    }
}
