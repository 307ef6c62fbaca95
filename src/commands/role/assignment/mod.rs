//! `role assignment create|list|delete`, one file per verb, and what they share as az 2.91's
//! `role` module does it: the scope (`_build_role_scope` with azure-mgmt-core's resource-id
//! check), the role id (`_resolve_role_id`: a definition id as is, a GUID under the
//! subscription, else a `roleName eq` lookup at the scope) and the search
//! (`_search_role_assignments`: `atScope()` at a scope, `principalId eq` for an assignee
//! without one, then client-side filters). The printed shapes are `shape.rs`'s.
//! Authorization api-versions: assignments `2022-04-01`, definitions `2022-05-01-preview`,
//! `api-version` first in the query as that SDK sends it.

pub mod create;
pub mod delete;
pub mod list;
mod shape;

pub(crate) use shape::{Fill, listed, model};

use serde_json::Value;

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
}
