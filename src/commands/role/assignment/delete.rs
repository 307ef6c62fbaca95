//! `role assignment delete (--ids ID... | [--assignee A | --assignee-object-id O] [--role R]
//! [-g G | --scope S] [--include-inherited]) [--yes]`: the matching assignments, each deleted by
//! its id; prints nothing. `--yes` is a no-op in az 2.91 (there is no prompt).

use super::{ASSIGNMENTS_API, build_role_scope, prop, search};
use crate::arm::{ArmPath, ArmRequest};
use crate::cli::RoleAssignmentDeleteArgs;
use crate::commands::role::graph::resolve_object_id_and_type;
use crate::commands::{Ctx, Outcome, fail};

/// `role assignment delete`.
pub(crate) async fn run(ctx: &Ctx, args: RoleAssignmentDeleteArgs) -> anyhow::Result<Outcome> {
    let some = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
    let assignee = args.assignee.as_deref().filter(|s| !s.is_empty());
    if args.ids.is_empty()
        && !some(&args.assignee)
        && !some(&args.assignee_object_id)
        && !some(&args.role)
        && !some(&args.resource_group)
        && !some(&args.scope)
    {
        return fail(
            "Please provide at least one of these arguments: --ids, --assignee, --assignee-object-id, --role, --resource-group, --scope",
        );
    }
    if assignee.is_some() && some(&args.assignee_object_id) {
        return fail("Usage error: Provide only one of --assignee or --assignee-object-id.");
    }
    let arm = ctx.arm()?;
    if !args.ids.is_empty() {
        for (given, option) in [
            (some(&args.assignee), "--assignee"),
            (some(&args.role), "--role"),
            (some(&args.resource_group), "--resource-group"),
            (some(&args.scope), "--scope"),
            (args.include_inherited, "--include-inherited"),
        ] {
            if given {
                ctx.warn(&format!(
                    "option '{option}' will be ignored due to use of '--ids'."
                ));
            }
        }
        for id in &args.ids {
            delete_by_id(arm, id).await?;
        }
        return Ok(Outcome::none());
    }
    let scope = build_role_scope(
        args.resource_group.as_deref(),
        args.scope.as_deref(),
        &arm.subscription_id,
    )?;
    let mut object_id = args.assignee_object_id.clone().filter(|s| !s.is_empty());
    if let Some(a) = assignee {
        object_id = Some(resolve_object_id_and_type(ctx, a, true).await?.0);
    }
    let found = search(
        arm,
        Some(&scope),
        object_id.as_deref(),
        args.role.as_deref(),
        args.include_inherited,
    )
    .await?;
    if found.is_empty() {
        return fail("No matched assignments were found to delete");
    }
    for ra in &found {
        delete_by_id(arm, prop(ra, "id").unwrap_or_default()).await?;
    }
    Ok(Outcome::none())
}

/// The SDK's `delete_by_id`: `DELETE {id}?api-version=…`, the id taken as a path as is.
async fn delete_by_id(arm: &crate::commands::ArmContext, id: &str) -> anyhow::Result<()> {
    let path = ArmPath::scope(id);
    arm.client
        .send(&ArmRequest::delete(&path, ASSIGNMENTS_API).api_version_first())
        .await?;
    Ok(())
}
