//! The table transformers az registers for the commands azrs mirrors. They reshape a command
//! result for `-o table` only, and only when no `--query` is given. Those az writes as
//! JMESPath (feature, aks) run through our query engine; those az writes as Python functions
//! (group list, account list) fail exactly where the Python would raise (a missing key),
//! which the renderer turns into `Table output unavailable`. `group show`, `extension list`,
//! `provider *` and `account show` have no transformer.

use super::query::Query;
use serde_json::{Map, Value};

/// A transformer could not shape the data (az: `KeyError`/`TypeError` inside it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("table transformer failed: {0}")]
pub struct TransformError(pub String);

fn by_query(expr: &str, value: &Value) -> Result<Value, TransformError> {
    Query::compile(expr)
        .and_then(|q| q.search_json(value))
        .map_err(|e| TransformError(e.to_string()))
}

const FEATURE: &str = "{Name:name, RegistrationState:properties.state}";
const AKS: &str = "{name: name, location: location, resourceGroup: resourceGroup, \
    kubernetesVersion: kubernetesVersion, currentKubernetesVersion: currentKubernetesVersion, \
    provisioningState: provisioningState, fqdn: fqdn || privateFqdn}";

/// `feature list`: `[].{Name:name, RegistrationState:properties.state}`.
pub fn feature_list(value: &Value) -> Result<Value, TransformError> {
    by_query(&format!("[].{FEATURE}"), value)
}

/// `feature show`: `{Name:name, RegistrationState:properties.state}`.
pub fn feature_show(value: &Value) -> Result<Value, TransformError> {
    by_query(FEATURE, value)
}

/// `aks list`: the seven summary columns per cluster.
pub fn aks_list(value: &Value) -> Result<Value, TransformError> {
    let items = value
        .as_array()
        .ok_or_else(|| TransformError("aks list result is not a list".into()))?;
    items
        .iter()
        .map(|item| by_query(AKS, item))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// `aks show`: the same columns for one cluster, as a one-row list.
pub fn aks_show(value: &Value) -> Result<Value, TransformError> {
    Ok(Value::Array(vec![by_query(AKS, value)?]))
}

/// Python `r[key]`: a missing key (or a non-object) raises.
fn index<'a>(r: &'a Value, key: &str) -> Result<&'a Value, TransformError> {
    r.as_object()
        .and_then(|o| o.get(key))
        .ok_or_else(|| TransformError(format!("missing key '{key}'")))
}

fn rows(
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

/// `group list`: `Name`, `Location`, `Status = properties.provisioningState`.
pub fn group_list(value: &Value) -> Result<Value, TransformError> {
    rows(value, |r| {
        let mut m = Map::new();
        m.insert("Name".into(), index(r, "name")?.clone());
        m.insert("Location".into(), index(r, "location")?.clone());
        let state = index(index(r, "properties")?, "provisioningState")?;
        m.insert("Status".into(), state.clone());
        Ok(m)
    })
}

/// `account list`: `Name CloudName SubscriptionId TenantId State IsDefault`.
pub fn account_list(value: &Value) -> Result<Value, TransformError> {
    rows(value, |r| {
        let mut m = Map::new();
        m.insert("Name".into(), index(r, "name")?.clone());
        m.insert("CloudName".into(), index(r, "cloudName")?.clone());
        m.insert("SubscriptionId".into(), index(r, "id")?.clone());
        m.insert("TenantId".into(), index(r, "tenantId")?.clone());
        // az uses `r.get('state')` here: a missing state is an empty cell.
        m.insert(
            "State".into(),
            r.get("state").cloned().unwrap_or(Value::Null),
        );
        m.insert("IsDefault".into(), index(r, "isDefault")?.clone());
        Ok(m)
    })
}

/// `extension list-available`: the `--show-details` object becomes one `Name` row per key;
/// a list passes unchanged (its presence still disables key sorting).
pub fn extension_list_available(value: &Value) -> Result<Value, TransformError> {
    match value {
        Value::Object(o) => Ok(Value::Array(
            o.keys()
                .map(|k| {
                    let mut m = Map::new();
                    m.insert("Name".into(), Value::String(k.clone()));
                    Value::Object(m)
                })
                .collect(),
        )),
        other => Ok(other.clone()),
    }
}
