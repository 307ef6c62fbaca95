//! What the table transformers have in common. az registers a transformer per command; each
//! lives beside its verb (`commands::<noun>::<verb>::table`) and reshapes the result for
//! `-o table` only, and only when no `--query` is given. This module holds the pieces several
//! of them share: the error, the JMESPath runner for those az writes as JMESPath (feature,
//! aks), and Python's `r[key]` and row-mapping for those az writes as Python functions (group
//! list, account list), which fail exactly where the Python would raise (a missing key); the
//! renderer turns that into `Table output unavailable`.

use super::query::Query;
use serde_json::{Map, Value};

/// A transformer could not shape the data (az: `KeyError`/`TypeError` inside it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("table transformer failed: {0}")]
pub struct TransformError(pub String);

/// Runs a JMESPath transformer through the one query engine (the `--query` one).
pub(crate) fn by_query(expr: &str, value: &Value) -> Result<Value, TransformError> {
    Query::compile(expr)
        .and_then(|q| q.search_json(value))
        .map_err(|e| TransformError(e.to_string()))
}

/// Python `r[key]`: a missing key (or a non-object) raises.
pub(crate) fn index<'a>(r: &'a Value, key: &str) -> Result<&'a Value, TransformError> {
    r.as_object()
        .and_then(|o| o.get(key))
        .ok_or_else(|| TransformError(format!("missing key '{key}'")))
}

/// Python `[row(r) for r in result]`: a result that is not a list raises.
pub(crate) fn rows(
    value: &Value,
    row: impl Fn(&Value) -> Result<Map<String, Value>, TransformError>,
) -> Result<Value, TransformError> {
    let items = value
        .as_array()
        .ok_or_else(|| TransformError("result is not a list".into()))?;
    items
        .iter()
        .map(|r| row(r).map(Value::Object))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}
