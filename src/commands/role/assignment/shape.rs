//! The shapes az prints for role assignments: the model after a PUT (every attribute, nulls
//! included) and the listed dicts (`_role_assignment_to_dict`: no nulls), with the names
//! `list` fills in (`roleDefinitionName` from the definitions at the scope, `principalName`
//! from Graph). Times are Python's `isoformat()` of the service's, as az's SDK parses them.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::list_definitions;
use crate::commands::role::graph::{Graph, displayable_name};
use crate::commands::{ArmContext, Ctx};

/// Keys of the flattened RoleAssignment model, as az's adapter projects them.
const FLAT_KEYS: &[&str] = &[
    "scope",
    "roleDefinitionId",
    "principalId",
    "principalType",
    "description",
    "condition",
    "conditionVersion",
    "createdOn",
    "updatedOn",
    "createdBy",
    "updatedBy",
    "delegatedManagedIdentityResourceId",
];

/// ARM's time text as Python's `datetime.isoformat()` of the parsed value.
fn time_value(key: &str, v: &Value) -> Value {
    match (key, v.as_str()) {
        ("createdOn" | "updatedOn", Some(s)) => crate::py::isoformat(s)
            .map(Value::String)
            .unwrap_or_else(|| v.clone()),
        _ => v.clone(),
    }
}

/// One assignment as az's model serialises it after a PUT: every attribute, nulls included.
pub(crate) fn model(ra: &Value) -> Value {
    let mut m = Map::new();
    for key in ["id", "name", "type"] {
        m.insert(key.into(), ra.get(key).cloned().unwrap_or(Value::Null));
    }
    for key in FLAT_KEYS {
        let v = ra
            .pointer(&format!("/properties/{key}"))
            .cloned()
            .unwrap_or(Value::Null);
        m.insert((*key).into(), time_value(key, &v));
    }
    m.insert(
        "systemData".into(),
        ra.get("systemData").cloned().unwrap_or(Value::Null),
    );
    Value::Object(m)
}

/// az's `_role_assignment_to_dict`: the flat shape without null attributes.
fn to_dict(ra: &Value) -> Map<String, Value> {
    let mut m = Map::new();
    for key in ["id", "name", "type"] {
        if let Some(v) = ra.get(key).filter(|v| !v.is_null()) {
            m.insert(key.into(), v.clone());
        }
    }
    for key in FLAT_KEYS {
        if let Some(v) = ra
            .pointer(&format!("/properties/{key}"))
            .filter(|v| !v.is_null())
        {
            m.insert((*key).into(), time_value(key, v));
        }
    }
    m
}

/// The listed shape of `assignments` (az's `list_role_assignments` after the search): the
/// flat dicts, `roleDefinitionName` from the definitions at the scope, `principalName` from
/// Graph (a Graph failure leaves it out, as az only logs it).
pub(crate) async fn listed(
    ctx: &Ctx,
    arm: &ArmContext,
    assignments: &[Value],
    scope: Option<&str>,
    fill: Fill,
) -> anyhow::Result<Vec<Value>> {
    let mut results: Vec<Map<String, Value>> = assignments.iter().map(to_dict).collect();
    if results.is_empty() {
        return Ok(Vec::new());
    }
    if fill.role_definition_name {
        fill_role_names(arm, &mut results, scope).await?;
    }
    if fill.principal_name {
        fill_principal_names(ctx, &mut results).await?;
    }
    Ok(results.into_iter().map(Value::Object).collect())
}

/// Which names `list` fills in (`--fill-role-definition-name`, `--fill-principal-name`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fill {
    pub role_definition_name: bool,
    pub principal_name: bool,
}

impl Fill {
    /// az's defaults: both.
    pub const ALL: Fill = Fill {
        role_definition_name: true,
        principal_name: true,
    };
}

/// `roleDefinitionName` from every definition at the scope (null when none matches).
async fn fill_role_names(
    arm: &ArmContext,
    results: &mut [Map<String, Value>],
    scope: Option<&str>,
) -> anyhow::Result<()> {
    let sub_scope = format!("/subscriptions/{}", arm.subscription_id);
    let defs = list_definitions(arm, scope.unwrap_or(&sub_scope), None).await?;
    let names: HashMap<&str, &Value> = defs
        .iter()
        .filter_map(|d| {
            let id = d.get("id")?.as_str()?;
            Some((
                id,
                d.pointer("/properties/roleName").unwrap_or(&Value::Null),
            ))
        })
        .collect();
    for ra in results.iter_mut() {
        let name = ra
            .get("roleDefinitionId")
            .and_then(Value::as_str)
            .and_then(|id| names.get(id))
            .map_or(Value::Null, |v| (*v).clone());
        ra.insert("roleDefinitionName".into(), name);
    }
    Ok(())
}

/// `principalName` from Graph's objects (`""` for an unknown principal); a Graph failure
/// leaves the key out, as az only logs it.
async fn fill_principal_names(ctx: &Ctx, results: &mut [Map<String, Value>]) -> anyhow::Result<()> {
    let mut ids: Vec<String> = Vec::new();
    for ra in results.iter() {
        if let Some(p) = ra.get("principalId").and_then(Value::as_str)
            && !ids.iter().any(|i| i == p)
        {
            ids.push(p.to_owned());
        }
    }
    if !ids.is_empty() {
        let graph = Graph::new(ctx)?;
        // az logs a Graph failure at info level and prints the list without names.
        if let Ok(objects) = graph.get_object_stubs(&ids).await {
            let by_id: HashMap<String, String> = objects
                .iter()
                .filter_map(|o| Some((o.get("id")?.as_str()?.to_owned(), displayable_name(o))))
                .collect();
            for ra in results.iter_mut() {
                let name = ra
                    .get("principalId")
                    .and_then(Value::as_str)
                    .and_then(|p| by_id.get(p))
                    .cloned()
                    .unwrap_or_default();
                ra.insert("principalName".into(), Value::String(name));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_dicts_drop_nulls_and_the_model_keeps_them() {
        let ra = serde_json::json!({
            "id": "/x", "name": "n", "type": "t",
            "properties": {"scope": "/s", "description": null, "principalId": "p"}
        });
        let d = to_dict(&ra);
        assert!(!d.contains_key("description"));
        assert_eq!(d["principalId"], "p");
        let m = model(&ra);
        assert_eq!(m["description"], Value::Null);
        assert_eq!(m["systemData"], Value::Null);
    }
}
