//! az's `todict` over SDK models, for the plain ARM resources azrs prints (output.md §1.1):
//! every model attribute appears in the model's order, `null` when the wire lacked it, and
//! wire keys the model does not know follow, unchanged. Shared by `group`, `feature` and
//! `provider`; each noun keeps its own models' attribute lists.

use serde_json::{Map, Value};

/// Shapes `wire` like az prints a model with attributes `attrs` (in model order).
pub(crate) fn shape(wire: &Value, attrs: &[&str]) -> Value {
    let Some(obj) = wire.as_object() else {
        return wire.clone();
    };
    let mut out = Map::with_capacity(attrs.len() + obj.len());
    for attr in attrs {
        out.insert(
            (*attr).to_string(),
            obj.get(*attr).cloned().unwrap_or(Value::Null),
        );
    }
    for (k, v) in obj {
        if !out.contains_key(k) {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

/// Shapes each item of a list.
pub(crate) fn shape_all(items: Vec<Value>, attrs: &[&str]) -> Value {
    Value::Array(items.iter().map(|v| shape(v, attrs)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_attributes_are_null_and_unknown_keys_follow() {
        let wire = json!({"extra": 1, "name": "rg", "id": "/x", "location": "westus2"});
        let shaped = shape(&wire, crate::commands::group::RESOURCE_GROUP);
        let keys: Vec<&String> = shaped.as_object().expect("object").keys().collect();
        assert_eq!(
            keys,
            [
                "id",
                "name",
                "type",
                "properties",
                "location",
                "managedBy",
                "tags",
                "extra"
            ]
        );
        assert_eq!(shaped["managedBy"], Value::Null);
    }
}
