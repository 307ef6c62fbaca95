//! `role assignment create|list|delete`, one file per verb, and what they share as az 2.91's
//! `role` module does it: the scope (`_build_role_scope` with azure-mgmt-core's resource-id
//! check), the role id (`_resolve_role_id`: a definition id as is, a GUID under the
//! subscription, else a `roleName eq` lookup at the scope), the search
//! (`_search_role_assignments`: `atScope()` at a scope, `principalId eq` for an assignee
//! without one, then client-side filters) and the printed shapes (the created model with every
//! attribute; listed assignments without null attributes, plus `roleDefinitionName` and
//! `principalName`). Authorization api-versions: assignments `2022-04-01`, definitions
//! `2022-05-01-preview`, `api-version` first in the query as that SDK sends it.

pub mod create;
pub mod delete;
pub mod list;

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::graph::{Graph, displayable_name};
use crate::arm::{ArmPath, ArmRequest};
use crate::cli::RoleAssignmentCommand;
use crate::commands::{ArmContext, Ctx, Outcome, fail};

/// `Microsoft.Authorization/roleAssignments` api-version.
pub(crate) const ASSIGNMENTS_API: &str = "2022-04-01";
/// `Microsoft.Authorization/roleDefinitions` api-version.
pub(crate) const DEFINITIONS_API: &str = "2022-05-01-preview";

/// Runs one `role assignment` verb.
pub(crate) async fn run(ctx: &Ctx, command: RoleAssignmentCommand) -> anyhow::Result<Outcome> {
    match command {
        RoleAssignmentCommand::Create(args) => create::run(ctx, args).await,
        RoleAssignmentCommand::Delete(args) => delete::run(ctx, args).await,
        RoleAssignmentCommand::List(args) => list::run(ctx, args).await,
    }
}

/// az's `_build_role_scope`: the scope given (checked when it claims to be under a
/// subscription), the group's, or the subscription's.
pub(crate) fn build_role_scope(
    group: Option<&str>,
    scope: Option<&str>,
    subscription: &str,
) -> anyhow::Result<String> {
    match (
        scope.filter(|s| !s.is_empty()),
        group.filter(|g| !g.is_empty()),
    ) {
        (Some(_), Some(g)) => fail(format!(
            "Resource group \"{g}\" is redundant because scope is supplied"
        )),
        (Some(s), None) => {
            if s.starts_with("/subscriptions/") && !is_valid_resource_id(s) {
                return fail("Invalid scope. Please use --help to view the valid format.");
            }
            Ok(s.to_owned())
        }
        (None, Some(g)) => Ok(format!("/subscriptions/{subscription}/resourceGroups/{g}")),
        (None, None) => Ok(format!("/subscriptions/{subscription}")),
    }
}

/// azure-mgmt-core's `is_valid_resource_id`: parsing the id and building it again gives the
/// same text (ignoring case). That holds for `/subscriptions/S`, an optional
/// `/resourceGroups/G`, then optionally `/providers/NS/TYPE/NAME` followed by any number of
/// `/TYPE/NAME` pairs (a type may be empty, a name may not).
pub(crate) fn is_valid_resource_id(rid: &str) -> bool {
    let Some(rest) = rid.strip_prefix('/') else {
        return false;
    };
    let parts: Vec<&str> = rest.split('/').collect();
    if parts.len() < 2 || !parts[0].eq_ignore_ascii_case("subscriptions") || parts[1].is_empty() {
        return false;
    }
    let mut i = 2;
    if parts.len() >= i + 2
        && parts[i].eq_ignore_ascii_case("resourcegroups")
        && !parts[i + 1].is_empty()
    {
        i += 2;
    }
    if i == parts.len() {
        return true;
    }
    let provider = parts.len() >= i + 4
        && parts[i].eq_ignore_ascii_case("providers")
        && !parts[i + 1].is_empty()
        && !parts[i + 3].is_empty();
    if !provider {
        return false;
    }
    let children = &parts[i + 4..];
    children.len().is_multiple_of(2) && children.chunks(2).all(|pair| !pair[1].is_empty())
}

/// `{scope}/providers/Microsoft.Authorization/{kind}`.
fn authz_path(scope: &str, kind: &'static str) -> ArmPath {
    ArmPath::scope(scope).lit(kind)
}

/// The role definitions at `scope`, optionally `roleName eq '…'` (all pages).
pub(crate) async fn list_definitions(
    arm: &ArmContext,
    scope: &str,
    role_name: Option<&str>,
) -> anyhow::Result<Vec<Value>> {
    let mut req = ArmRequest::get(
        &authz_path(scope, "providers/Microsoft.Authorization/roleDefinitions"),
        DEFINITIONS_API,
    )
    .api_version_first();
    if let Some(name) = role_name {
        req = req.query("$filter", &format!("roleName eq '{name}'"));
    }
    Ok(arm.client.list_all_request(req).await?)
}

/// az's `_resolve_role_id`.
pub(crate) async fn resolve_role_id(
    arm: &ArmContext,
    role: &str,
    scope: &str,
) -> anyhow::Result<String> {
    let lower = role.to_ascii_lowercase();
    // re.match(r'/subscriptions/.+/providers/Microsoft.Authorization/roleDefinitions/', re.I)
    if let Some(rest) = lower.strip_prefix("/subscriptions/")
        && let Some(at) = rest.find("/providers/microsoft.authorization/roledefinitions/")
        && at > 0
    {
        return Ok(role.to_owned());
    }
    if super::graph::is_guid(role) {
        return Ok(format!(
            "/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/{role}",
            arm.subscription_id
        ));
    }
    let defs = list_definitions(arm, scope, Some(role)).await?;
    let ids: Vec<&str> = defs
        .iter()
        .map(|d| d.get("id").and_then(Value::as_str).unwrap_or_default())
        .collect();
    match ids.as_slice() {
        [] => fail(format!("Role '{role}' doesn't exist.")),
        [one] => Ok((*one).to_owned()),
        many => {
            let listed: Vec<String> = many.iter().map(|i| format!("'{i}'")).collect();
            fail(format!(
                "More than one role matches the given name '{role}'. Please pick a value from '[{}]'",
                listed.join(", ")
            ))
        }
    }
}

/// A string attribute of an assignment (`properties` or top level).
pub(crate) fn prop<'a>(ra: &'a Value, key: &str) -> Option<&'a str> {
    ra.pointer(&format!("/properties/{key}"))
        .or_else(|| ra.get(key))
        .and_then(Value::as_str)
}

/// az's `_search_role_assignments` (never with `--include-groups`).
pub(crate) async fn search(
    arm: &ArmContext,
    scope: Option<&str>,
    object_id: Option<&str>,
    role: Option<&str>,
    include_inherited: bool,
) -> anyhow::Result<Vec<Value>> {
    let sub_scope = format!("/subscriptions/{}", arm.subscription_id);
    let path_scope = scope.unwrap_or(&sub_scope);
    let mut req = ArmRequest::get(
        &authz_path(
            path_scope,
            "providers/Microsoft.Authorization/roleAssignments",
        ),
        ASSIGNMENTS_API,
    )
    .api_version_first();
    if scope.is_some() {
        req = req.query("$filter", "atScope()");
    } else if let Some(oid) = object_id {
        req = req.query("$filter", &format!("principalId eq '{oid}'"));
    }
    let mut found = arm.client.list_all_request(req).await?;
    if found.is_empty() {
        return Ok(found);
    }
    if let Some(s) = scope
        && !include_inherited
    {
        found.retain(|ra| prop(ra, "scope").is_some_and(|x| x.to_lowercase() == s.to_lowercase()));
    }
    if let Some(role) = role {
        let role_id = resolve_role_id(arm, role, path_scope).await?;
        found.retain(|ra| prop(ra, "roleDefinitionId") == Some(role_id.as_str()));
    }
    if let Some(oid) = object_id {
        found.retain(|ra| prop(ra, "principalId") == Some(oid));
    }
    Ok(found)
}

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
    fn resource_ids_valid_as_azure_mgmt_core_sees_them() {
        let s = "/subscriptions/00000000-0000-4000-8000-0000000005ab";
        assert!(is_valid_resource_id(s));
        assert!(is_valid_resource_id(&format!("{s}/resourceGroups/rg")));
        assert!(is_valid_resource_id(&format!(
            "{s}/resourcegroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/x"
        )));
        assert!(is_valid_resource_id(&format!(
            "{s}/providers/Microsoft.Foo/bars/b"
        )));
        assert!(!is_valid_resource_id(&format!("{s}/resourceGroups")));
        assert!(!is_valid_resource_id(&format!("{s}/")));
        assert!(!is_valid_resource_id(&format!(
            "{s}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks"
        )));
        assert!(!is_valid_resource_id(&format!(
            "{s}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets"
        )));
        assert!(!is_valid_resource_id("/subscriptions/"));
    }

    #[test]
    fn scopes_as_az_builds_them() {
        assert_eq!(
            build_role_scope(None, None, "S").expect("sub"),
            "/subscriptions/S"
        );
        assert_eq!(
            build_role_scope(Some("rg"), None, "S").expect("rg"),
            "/subscriptions/S/resourceGroups/rg"
        );
        let e = build_role_scope(Some("rg"), Some("/subscriptions/S"), "S").expect_err("both");
        assert_eq!(
            e.to_string(),
            "Resource group \"rg\" is redundant because scope is supplied"
        );
        let e =
            build_role_scope(None, Some("/subscriptions/S/resourceGroups"), "S").expect_err("bad");
        assert_eq!(
            e.to_string(),
            "Invalid scope. Please use --help to view the valid format."
        );
        // Scopes outside a subscription (management groups, `/`) are ARM's to judge.
        assert_eq!(build_role_scope(None, Some("/"), "S").expect("root"), "/");
    }

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
