//! `role assignment list [--all | -g G | --scope S] [--assignee A | --assignee-object-id O]
//! [--role R] [--include-inherited]` and az's table transformer (`Principal`, `Role`, `Scope`).

use serde_json::{Map, Value};

use super::{Fill, build_role_scope, listed, search};
use crate::cli::RoleAssignmentListArgs;
use crate::commands::role::graph::resolve_object_id_and_type;
use crate::commands::{Ctx, Outcome, fail};
use crate::output::TransformError;
use crate::output::transformers::{index, rows};

/// `role assignment list`.
pub(crate) async fn run(ctx: &Ctx, args: RoleAssignmentListArgs) -> anyhow::Result<Outcome> {
    let assignee = args.assignee.as_deref().filter(|s| !s.is_empty());
    let mut object_id = args.assignee_object_id.clone().filter(|s| !s.is_empty());
    if assignee.is_some() && object_id.is_some() {
        return fail("Usage error: Provide only one of --assignee or --assignee-object-id.");
    }
    let arm = ctx.arm()?;
    let scope = if args.all {
        if args.resource_group.is_some() || args.scope.is_some() {
            return fail("group or scope are not required when --all is used");
        }
        None
    } else {
        Some(build_role_scope(
            args.resource_group.as_deref(),
            args.scope.as_deref(),
            &arm.subscription_id,
        )?)
    };
    if let Some(a) = assignee {
        object_id = Some(resolve_object_id_and_type(ctx, a, true).await?.0);
    }
    let found = search(
        arm,
        scope.as_deref(),
        object_id.as_deref(),
        args.role.as_deref(),
        args.include_inherited,
    )
    .await?;
    let fill = Fill {
        role_definition_name: args.fill_role_definition_name == "true",
        principal_name: args.fill_principal_name == "true",
    };
    let shown = listed(ctx, arm, &found, scope.as_deref(), fill).await?;
    Ok(Outcome::table(Value::Array(shown), table))
}

/// az's `transform_assignment_list` (a Python function: a missing key raises).
pub fn table(value: &Value) -> Result<Value, TransformError> {
    rows(value, |r| {
        let mut m = Map::new();
        m.insert("Principal".into(), index(r, "principalName")?.clone());
        m.insert("Role".into(), index(r, "roleDefinitionName")?.clone());
        m.insert("Scope".into(), index(r, "scope")?.clone());
        Ok(m)
    })
}
