//! `Microsoft.Authorization` at any scope under the subscription: role assignments (PUT, GET,
//! DELETE, and the list with ARM's `$filter` forms `atScope()`, `assignedTo('…')` and
//! `principalId eq '…'`, joined by `and`) and the built-in role definitions (list with
//! `roleName eq '…'`, get by GUID). Assignment names must be GUIDs; a second assignment of the
//! same role to the same principal at the same scope is 409 `RoleAssignmentExists`. Scopes
//! inside a resource group need the group; the emulator does not check that the resource
//! named by a deeper scope exists. Principals are not looked up in a directory (a PUT with
//! `principalType` is exactly the case in which ARM skips that check).

use serde_json::{Value, json};

use super::State;
use super::groups;
use super::util::{Ctx, Fail, Outcome, body_json, empty, json_response, ok};

const RA_TYPE: &str = "Microsoft.Authorization/roleAssignments";
const RD_TYPE: &str = "Microsoft.Authorization/roleDefinitions";

/// Built-in roles: (GUID, name, description).
const ROLES: &[(&str, &str, &str)] = &[
    (
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
        "Owner",
        "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
    ),
    (
        "b24988ac-6180-42a0-ab88-20f7382dd24c",
        "Contributor",
        "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.",
    ),
    (
        "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        "Reader",
        "View all resources, but does not allow you to make any changes.",
    ),
    (
        "f1a07417-d97a-45cb-824c-7a7467783830",
        "Managed Identity Operator",
        "Read and Assign User Assigned Identity",
    ),
    (
        "4d97b98b-1d4f-4787-a291-c67834d212e7",
        "Network Contributor",
        "Lets you manage networks, but not access to them.",
    ),
    (
        "7f951dda-4ed3-4680-a7ca-43fe172d538d",
        "AcrPull",
        "acr pull",
    ),
];

/// The scope of an Authorization request: everything before `/providers/Microsoft.Authorization`.
fn scope_of(ctx: &Ctx) -> (String, usize) {
    let i = ctx
        .lower
        .iter()
        .rposition(|s| s == "microsoft.authorization")
        .unwrap_or(1)
        .saturating_sub(1);
    (format!("/{}", ctx.segs[..i].join("/")), i)
}

/// 404 `ResourceGroupNotFound` when the scope lies inside a missing group.
fn check_scope(state: &State, ctx: &Ctx, upto: usize) -> Result<(), Fail> {
    if upto >= 4 && ctx.lower[2] == "resourcegroups" {
        groups::require(state, &ctx.segs[3])?;
    }
    Ok(())
}

fn role_definition(ctx: &Ctx, role: &(&str, &str, &str)) -> Value {
    let (id, name, description) = role;
    json!({
        "properties": {
            "roleName": name,
            "type": "BuiltInRole",
            "description": description,
            "assignableScopes": ["/"],
            "permissions": [{"actions": ["*/read"], "notActions": [], "dataActions": [], "notDataActions": []}],
            "createdOn": "2017-12-14T19:53:42.8804692Z",
            "updatedOn": "2021-11-11T20:13:38.9417815Z",
            "createdBy": null,
            "updatedBy": null
        },
        "id": format!("/subscriptions/{}/providers/{RD_TYPE}/{id}", ctx.settings.subscription_id),
        "type": RD_TYPE,
        "name": id,
    })
}

/// The GUID at the end of a role definition id (tenant or subscription form), if built in.
fn builtin_role(
    definition_id: &str,
) -> Option<&'static (&'static str, &'static str, &'static str)> {
    let l = definition_id.to_ascii_lowercase();
    let guid = l.strip_prefix('/').unwrap_or(&l);
    let guid = guid.rsplit('/').next().unwrap_or_default();
    let prefix_ok = l.ends_with(&format!(
        "/providers/microsoft.authorization/roledefinitions/{guid}"
    ));
    ROLES
        .iter()
        .find(|(g, _, _)| *g == guid)
        .filter(|_| prefix_ok)
}

/// `GET {scope}/providers/Microsoft.Authorization/roleDefinitions[?$filter=roleName eq '…']`.
pub(crate) fn list_definitions(state: &mut State, ctx: &Ctx) -> Outcome {
    let (_, upto) = scope_of(ctx);
    check_scope(state, ctx, upto)?;
    let wanted = match ctx.q("$filter") {
        None => None,
        Some(f) => Some(quoted_after(f, "rolename eq ").ok_or_else(|| unsupported_filter(f))?),
    };
    let items: Vec<Value> = ROLES
        .iter()
        .filter(|(_, n, _)| wanted.as_deref().is_none_or(|w| n.eq_ignore_ascii_case(w)))
        .map(|r| role_definition(ctx, r))
        .collect();
    ok(&json!({ "value": items }))
}

/// `GET {scope}/providers/Microsoft.Authorization/roleDefinitions/{guid}`.
pub(crate) fn get_definition(state: &mut State, ctx: &Ctx) -> Outcome {
    let (_, upto) = scope_of(ctx);
    check_scope(state, ctx, upto)?;
    let wanted = ctx.lower[upto + 3].as_str();
    match ROLES.iter().find(|(g, _, _)| *g == wanted) {
        Some(r) => ok(&role_definition(ctx, r)),
        None => Err(Fail::new(
            404,
            "RoleDefinitionDoesNotExist",
            format!(
                "The specified role definition with ID '{}' does not exist.",
                ctx.segs[upto + 3]
            ),
        )),
    }
}

/// The single-quoted value after `prefix` (matched case-insensitively) in a filter term.
fn quoted_after(term: &str, prefix: &str) -> Option<String> {
    let t = term.trim();
    if !t.to_ascii_lowercase().starts_with(prefix) {
        return None;
    }
    let rest = t[prefix.len()..].trim();
    let inner = rest.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(inner.to_string())
}

fn unsupported_filter(f: &str) -> Fail {
    // Code and text UNVERIFIED.
    Fail::new(
        400,
        "UnsupportedQuery",
        format!("The filter '{f}' is not supported."),
    )
}

/// What a role-assignment list filter asks for.
#[derive(Default)]
struct Filter {
    at_scope: bool,
    principal: Option<String>,
}

fn parse_filter(f: &str) -> Result<Filter, Fail> {
    let mut out = Filter::default();
    let lower = f.to_ascii_lowercase();
    let mut rest = f;
    let mut rest_lower = lower.as_str();
    loop {
        let (term, tail, tail_lower) = match rest_lower.find(" and ") {
            Some(i) => (&rest[..i], &rest[i + 5..], &rest_lower[i + 5..]),
            None => (rest, "", ""),
        };
        let t = term.trim();
        if t.eq_ignore_ascii_case("atscope()") {
            out.at_scope = true;
        } else if let Some(p) = t
            .to_ascii_lowercase()
            .starts_with("assignedto(")
            .then(|| t[11..].strip_suffix(')'))
            .flatten()
            .and_then(|v| v.trim().strip_prefix('\'')?.strip_suffix('\''))
        {
            out.principal = Some(p.to_string());
        } else if let Some(p) = quoted_after(t, "principalid eq ") {
            out.principal = Some(p);
        } else {
            return Err(unsupported_filter(f));
        }
        if tail.is_empty() {
            return Ok(out);
        }
        rest = tail;
        rest_lower = tail_lower;
    }
}

/// Whether `a` is `s` or an ancestor scope of it.
fn at_or_above(a: &str, s: &str) -> bool {
    let (a, s) = (a.to_ascii_lowercase(), s.to_ascii_lowercase());
    s == a || s.starts_with(&format!("{}/", a.trim_end_matches('/')))
}

/// `GET {scope}/providers/Microsoft.Authorization/roleAssignments[?$filter=…]`: assignments at,
/// above and below the scope; `atScope()` drops those below.
pub(crate) fn list_assignments(state: &mut State, ctx: &Ctx) -> Outcome {
    let (scope, upto) = scope_of(ctx);
    check_scope(state, ctx, upto)?;
    let filter = match ctx.q("$filter") {
        Some(f) if !f.trim().is_empty() => parse_filter(f)?,
        _ => Filter::default(),
    };
    let items: Vec<Value> = state
        .role_assignments
        .values()
        .filter(|a| {
            let s = a["properties"]["scope"].as_str().unwrap_or_default();
            let related = at_or_above(s, &scope) || (!filter.at_scope && at_or_above(&scope, s));
            let principal_ok = filter.principal.as_deref().is_none_or(|p| {
                a["properties"]["principalId"]
                    .as_str()
                    .is_some_and(|x| x.eq_ignore_ascii_case(p))
            });
            related && principal_ok
        })
        .cloned()
        .collect();
    ok(&json!({ "value": items }))
}

fn is_guid(s: &str) -> bool {
    uuid::Uuid::try_parse(s).is_ok() && s.len() == 36
}

/// `GET`, `PUT`, `DELETE {scope}/providers/Microsoft.Authorization/roleAssignments/{name}`.
pub(crate) fn assignment(state: &mut State, ctx: &Ctx) -> Outcome {
    let (scope, upto) = scope_of(ctx);
    check_scope(state, ctx, upto)?;
    let name = ctx.segs[upto + 3].clone();
    let k = name.to_ascii_lowercase();
    match ctx.method.as_str() {
        "GET" => match state.role_assignments.get(&k) {
            Some(a) => ok(a),
            None => Err(Fail::new(
                404,
                "RoleAssignmentNotFound",
                format!("The role assignment '{name}' is not found."),
            )),
        },
        "DELETE" => match state.role_assignments.remove(&k) {
            Some(a) => ok(&a),
            None => Ok(empty(204)),
        },
        _ => put_assignment(state, ctx, &scope, &name),
    }
}

fn put_assignment(state: &mut State, ctx: &Ctx, scope: &str, name: &str) -> Outcome {
    if !is_guid(name) {
        return Err(Fail::new(
            400,
            "InvalidRoleAssignmentId",
            format!(
                "The role assignment ID '{name}' is not valid. The role assignment ID must be a GUID."
            ),
        ));
    }
    let body = body_json(ctx)?.unwrap_or(Value::Null);
    let p = &body["properties"];
    let (Some(def), Some(principal)) = (
        p["roleDefinitionId"].as_str().filter(|s| !s.is_empty()),
        p["principalId"].as_str().filter(|s| !s.is_empty()),
    ) else {
        return Err(Fail::new(
            400,
            "InvalidRequestContent",
            "The request content was invalid and could not be deserialized: 'roleDefinitionId and principalId are required'.",
        ));
    };
    let Some((role_guid, _, _)) = builtin_role(def) else {
        return Err(Fail::new(
            400,
            "RoleDefinitionDoesNotExist",
            format!("The specified role definition with ID '{def}' does not exist."),
        ));
    };
    let definition_id = format!(
        "/subscriptions/{}/providers/{RD_TYPE}/{role_guid}",
        ctx.settings.subscription_id
    );
    let same = |a: &Value| {
        let ap = &a["properties"];
        ap["scope"]
            .as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case(scope))
            && ap["principalId"]
                .as_str()
                .is_some_and(|x| x.eq_ignore_ascii_case(principal))
            && ap["roleDefinitionId"]
                .as_str()
                .is_some_and(|x| x.eq_ignore_ascii_case(&definition_id))
    };
    let k = name.to_ascii_lowercase();
    if let Some(old) = state.role_assignments.get(&k)
        && !same(old)
    {
        return Err(Fail::new(
            400,
            "RoleAssignmentUpdateNotPermitted",
            "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.",
        ));
    }
    if state.role_assignments.values().any(same) {
        return Err(Fail::new(
            409,
            "RoleAssignmentExists",
            "The role assignment already exists.",
        ));
    }
    let now = ctx.now_iso();
    let res = json!({
        "properties": {
            "roleDefinitionId": definition_id,
            "principalId": principal,
            "principalType": p["principalType"].as_str().unwrap_or("User"),
            "scope": scope,
            "condition": null,
            "conditionVersion": null,
            "createdOn": now,
            "updatedOn": now,
            "createdBy": null,
            "updatedBy": null,
            "delegatedManagedIdentityResourceId": null,
            "description": p["description"].as_str(),
        },
        "id": format!("{scope}/providers/{RA_TYPE}/{name}"),
        "type": RA_TYPE,
        "name": name,
    });
    state.role_assignments.insert(k, res.clone());
    Ok(json_response(201, &res))
}
