//! A managedCluster as az prints it (spec `commands.md` §9): the ARM body deserialised into the
//! SDK's models and turned back into plain data by az's `todict`.
//!
//! What that does, and therefore what this file reproduces:
//! * `properties` is flattened into the top level;
//! * each printed key is the camelCase of the SDK's Python attribute name (`enable_rbac` →
//!   `enableRbac`, `effective_outbound_i_ps` → `effectiveOutboundIPs`), computed here from the
//!   attribute name with az's own rule ([`crate::py::camel_case`]) instead of a hand-kept rename list;
//! * every attribute of a model object that is present prints, `null` when the wire lacked it;
//!   a nested object absent on the wire prints `null` without expanding;
//! * wire keys the model does not know are kept, raw, after the known ones;
//! * datetimes print in Python `isoformat()`; floats print as floats.
//!
//! The attribute tables below are az 2.91 / azure-mgmt-containerservice 41.6.0's models. The
//! top level, agent pool, identity, network, load balancer, storage, security, linux, sku,
//! bootstrap, metrics, OIDC, auto-upgrade and power-state lists match az's observed output
//! exactly; the AAD, API-server-access, add-on, user-assigned-identity and AI-toolchain lists
//! come from the SDK source; the rest (system data, private link resources, windows profile,
//! KEDA/VPA, extended location, user-assigned identity values) are standard ARM / SDK shapes not
//! confirmed by a run. Nested models whose attribute lists are not captured at all
//! (`autoScalerProfile`, `azureMonitorProfile`, `kubeletConfig`, …) are passed through as
//! received — marked `OPAQUE` in [`models`].
//!
//! The tables live in [`models`] (data only); this file holds the walk over them.

mod models;

use crate::py::{camel_case, isoformat};
use serde_json::{Map, Number, Value};

use models::{AGENT_POOL, AGENT_POOL_TOP, CLUSTER_PROPERTIES, CLUSTER_TOP};

/// How one attribute prints.
#[derive(Clone, Copy)]
enum Kind {
    /// A scalar, list of scalars, string map, or a model whose attributes are not captured.
    Plain,
    /// A float attribute: integral wire numbers print with `.0`.
    Float,
    /// A datetime attribute: printed with Python's `isoformat()`.
    DateTime,
    Model(&'static [Field]),
    List(&'static [Field]),
    Map(&'static [Field]),
}

/// One attribute of an SDK model.
struct Field {
    /// The SDK's Python attribute name; the printed key is its camelCase.
    py: &'static str,
    /// The key on the wire.
    wire: &'static str,
    kind: Kind,
}

/// A [`Field`], short enough for the tables to stay readable.
const fn f(py: &'static str, wire: &'static str, kind: Kind) -> Field {
    Field { py, wire, kind }
}

use Kind::{DateTime, Float, List, Map as MapOf, Model};

/// Converts an ARM managedCluster body (wire JSON) into what az prints for it. Anything that
/// is not a JSON object is returned unchanged.
pub fn flatten_cluster(wire: &Value) -> Value {
    flatten_resource(
        wire,
        CLUSTER_TOP,
        CLUSTER_PROPERTIES.iter().map(|f| (f, f.py)),
    )
}

/// Converts an ARM `agentPools` resource into what az prints for it (`aks nodepool show`): the
/// AgentPool model flattens the pool profile's attributes, except `name` (the resource's own),
/// and the profile's `type` prints as `typePropertiesType` beside the resource `type`.
pub fn flatten_agent_pool(wire: &Value) -> Value {
    let props = AGENT_POOL
        .iter()
        .filter(|f| f.py != "name")
        .map(|f| match f.py {
            "type" => (f, "type_properties_type"),
            py => (f, py),
        });
    flatten_resource(wire, AGENT_POOL_TOP, props)
}

/// The walk shared by the flattened resources: `top` read from the body's top level, `props`
/// (each field with the Python attribute name it prints under) from `properties`, then the wire
/// keys neither knows.
fn flatten_resource<'f>(
    wire: &Value,
    top_fields: &[Field],
    props_fields: impl Iterator<Item = (&'f Field, &'static str)> + Clone,
) -> Value {
    let Value::Object(top) = wire else {
        return wire.clone();
    };
    let empty = Map::new();
    let props = match top.get("properties") {
        Some(Value::Object(p)) => p,
        _ => &empty,
    };
    let mut out = Map::new();
    for field in top_fields {
        out.insert(
            camel_case(field.py),
            convert(field.kind, top.get(field.wire)),
        );
    }
    for (field, py) in props_fields.clone() {
        out.insert(camel_case(py), convert(field.kind, props.get(field.wire)));
    }
    let known_top = |k: &str| k == "properties" || top_fields.iter().any(|f| f.wire == k);
    let known_prop = |k: &str| props_fields.clone().any(|(f, _)| f.wire == k);
    let extras = top
        .iter()
        .filter(|(k, _)| !known_top(k))
        .chain(props.iter().filter(|(k, _)| !known_prop(k)));
    for (k, v) in extras {
        if !out.contains_key(k) {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

fn convert(kind: Kind, value: Option<&Value>) -> Value {
    let Some(value) = value else {
        return Value::Null;
    };
    match (kind, value) {
        (Model(fields), Value::Object(obj)) => convert_model(fields, obj),
        (List(fields), Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|item| match item {
                    Value::Object(obj) => convert_model(fields, obj),
                    other => other.clone(),
                })
                .collect(),
        ),
        (MapOf(fields), Value::Object(map)) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let converted = match v {
                        Value::Object(obj) => convert_model(fields, obj),
                        other => other.clone(),
                    };
                    (k.clone(), converted)
                })
                .collect(),
        ),
        (DateTime, Value::String(s)) => isoformat(s).map_or_else(|| value.clone(), Value::String),
        (Float, Value::Number(n)) => as_python_float(n).unwrap_or_else(|| value.clone()),
        _ => value.clone(),
    }
}

fn convert_model(fields: &[Field], obj: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    for field in fields {
        out.insert(
            camel_case(field.py),
            convert(field.kind, obj.get(field.wire)),
        );
    }
    for (k, v) in obj {
        if !fields.iter().any(|f| f.wire == k) && !out.contains_key(k) {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

/// An integral JSON number as Python prints the equivalent float (`-1` → `-1.0`).
fn as_python_float(n: &Number) -> Option<Value> {
    let text = n.to_string();
    if text.contains(['.', 'e', 'E']) {
        return None;
    }
    serde_json::from_str(&format!("{text}.0")).ok()
}
