//! The `-o table` transformers of `aks show` and `aks list` (az's `acs/_format.py`
//! `aks_show_table_format` / `aks_list_table_format`).
//!
//! Each cluster becomes the row `{name, location, resourceGroup, kubernetesVersion,
//! currentKubernetesVersion, provisioningState, fqdn: fqdn || privateFqdn}`, keys in that
//! order. Input is the printed (flattened, `resourceGroup`-injected) cluster; `show` yields a
//! one-row list, as az's transformer does.

use serde_json::{Map, Value};

const COLUMNS: [&str; 6] = [
    "name",
    "location",
    "resourceGroup",
    "kubernetesVersion",
    "currentKubernetesVersion",
    "provisioningState",
];

/// JMESPath truthiness (used by `||`): null, false, "", [] and {} are false; numbers are true.
fn jmespath_truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(_) => true,
    }
}

fn row(cluster: &Value) -> Value {
    let get = |key: &str| cluster.get(key).cloned().unwrap_or(Value::Null);
    let mut out = Map::new();
    for column in COLUMNS {
        out.insert(column.to_owned(), get(column));
    }
    let fqdn = get("fqdn");
    let fqdn = if jmespath_truthy(&fqdn) {
        fqdn
    } else {
        get("privateFqdn")
    };
    out.insert("fqdn".to_owned(), fqdn);
    Value::Object(out)
}

/// `aks list -o table`: one row per cluster. A non-array input yields an empty list.
pub fn list_table(clusters: &Value) -> Value {
    match clusters {
        Value::Array(items) => Value::Array(items.iter().map(row).collect()),
        _ => Value::Array(Vec::new()),
    }
}

/// `aks show -o table`: the cluster's single row, wrapped in a list.
pub fn show_table(cluster: &Value) -> Value {
    Value::Array(vec![row(cluster)])
}
