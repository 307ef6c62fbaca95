//! `role assignment create --role R --scope S (--assignee A | --assignee-object-id O
//! [--assignee-principal-type T]) [--name GUID] [--description D] [--condition C
//! [--condition-version V]]`: az's checks, the assignee through Graph, the role id, then one
//! PUT under a random GUID (or `--name`). An assignment that already exists (409
//! `RoleAssignmentExists`) is not an error: az prints the existing one as `list` shows it.

use serde_json::{Map, Value, json};

use super::{ASSIGNMENTS_API, Fill, build_role_scope, listed, model, resolve_role_id, search};
use crate::arm::{ArmPath, ArmRequest};
use crate::cli::RoleAssignmentCreateArgs;
use crate::commands::role::graph::{Graph, principal_type_of, resolve_object_id_and_type};
use crate::commands::{Ctx, Outcome, fail};

/// `role assignment create`.
pub(crate) async fn run(ctx: &Ctx, args: RoleAssignmentCreateArgs) -> anyhow::Result<Outcome> {
    let assignee = args.assignee.as_deref().filter(|s| !s.is_empty());
    let object_id = args.assignee_object_id.as_deref().filter(|s| !s.is_empty());
    if assignee.is_some() == object_id.is_some() {
        return fail("usage error: --assignee STRING | --assignee-object-id GUID");
    }
    let given_type = args
        .assignee_principal_type
        .as_deref()
        .filter(|s| !s.is_empty());
    if given_type.is_some() && object_id.is_none() {
        return fail("usage error: --assignee-object-id GUID --assignee-principal-type TYPE");
    }
    let condition = args.condition.as_deref().filter(|s| !s.is_empty());
    let mut condition_version = args.condition_version.clone().filter(|s| !s.is_empty());
    if condition.is_some() && condition_version.is_none() {
        condition_version = Some("2.0".into());
    }
    if condition_version.is_some() && condition.is_none() {
        return fail(
            "usage error: When --condition-version is set, --condition must be set as well.",
        );
    }

    let (object_id, principal_type) = match (assignee, object_id) {
        (Some(a), _) => resolve_object_id_and_type(ctx, a, true).await?,
        (None, Some(oid)) => match given_type {
            Some(t) => (oid.to_owned(), Some(t.to_owned())),
            None => {
                ctx.warn("RBAC service might reject creating role assignment without --assignee-principal-type in the future. Better to specify --assignee-principal-type manually.");
                (oid.to_owned(), principal_type_from_graph(ctx, oid).await?)
            }
        },
        (None, None) => unreachable!("checked above: exactly one of them is given"),
    };

    let arm = ctx.arm()?;
    let name = args
        .name
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let scope = build_role_scope(None, Some(&args.scope), &arm.subscription_id)?;
    let role_id = resolve_role_id(arm, &args.role, &scope).await?;
    let body = put_body(
        &role_id,
        &object_id,
        principal_type.as_deref(),
        args.description.as_deref(),
        condition,
        condition_version.as_deref(),
    );
    // The SDK formats the name into the path as it does the scope (`@` and the other
    // sub-delimiters stay as typed), so the whole id is one scope here.
    let path = ArmPath::scope(&format!(
        "{scope}/providers/Microsoft.Authorization/roleAssignments/{name}"
    ));
    match arm
        .client
        .send(&ArmRequest::put(&path, ASSIGNMENTS_API, body).api_version_first())
        .await
    {
        Ok(resp) => Ok(Outcome::value(model(&resp.json()?))),
        Err(e) if e.status() == Some(409) && e.code() == Some("RoleAssignmentExists") => {
            // az: `list_role_assignments(assignee_object_id=…, role=…, scope=…)[0]`.
            let found = search(
                arm,
                Some(&args.scope),
                Some(&object_id),
                Some(&args.role),
                false,
            )
            .await?;
            let shown = listed(ctx, arm, &found, Some(&args.scope), Fill::ALL).await?;
            match shown.into_iter().next() {
                Some(first) => Ok(Outcome::value(first)),
                None => Err(e.into()),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// az's `_get_principal_type_from_object_id`: the object's type from Graph, or none (with a
/// warning when Graph fails).
async fn principal_type_from_graph(ctx: &Ctx, oid: &str) -> anyhow::Result<Option<String>> {
    let graph = Graph::new(ctx)?;
    match graph.get_object_stubs(&[oid.to_owned()]).await {
        Ok(found) => Ok(found.first().and_then(principal_type_of)),
        Err(_) => {
            ctx.warn(&format!(
                "Failed to query --assignee-principal-type for --assignee-object-id {oid} by invoking Graph API."
            ));
            Ok(None)
        }
    }
}

/// RoleAssignmentCreateParameters as the SDK serialises them: absent values left out (a
/// missing `principalType` must stay absent, or ARM assumes `User`).
fn put_body(
    role_id: &str,
    object_id: &str,
    principal_type: Option<&str>,
    description: Option<&str>,
    condition: Option<&str>,
    condition_version: Option<&str>,
) -> Value {
    let mut p = Map::new();
    p.insert("roleDefinitionId".into(), json!(role_id));
    p.insert("principalId".into(), json!(object_id));
    for (k, v) in [
        ("principalType", principal_type),
        ("description", description),
        ("condition", condition),
        ("conditionVersion", condition_version),
    ] {
        if let Some(v) = v {
            p.insert(k.into(), json!(v));
        }
    }
    json!({"properties": p})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_body_leaves_out_what_is_unknown() {
        assert_eq!(
            put_body("/r", "o", None, None, None, None),
            json!({"properties": {"roleDefinitionId": "/r", "principalId": "o"}})
        );
        assert_eq!(
            put_body("/r", "o", Some("User"), Some("d"), Some("c"), Some("2.0")),
            json!({"properties": {"roleDefinitionId": "/r", "principalId": "o", "principalType": "User",
                "description": "d", "condition": "c", "conditionVersion": "2.0"}})
        );
    }
}
