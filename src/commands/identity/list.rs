//! `identity list [-g RG]`: every identity of the group, or of the subscription, all pages.

use super::{API, flatten, group_collection};
use crate::arm::ArmPath;
use crate::cli::IdentityListArgs;
use crate::commands::{Ctx, Outcome};
use serde_json::Value;

/// `identity list`.
pub(crate) async fn run(ctx: &Ctx, args: IdentityListArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = match args.resource_group.as_deref() {
        Some(rg) => group_collection(&arm.subscription_id, rg),
        None => ArmPath::subscription(&arm.subscription_id)
            .lit("providers/Microsoft.ManagedIdentity/userAssignedIdentities"),
    };
    let items = arm.client.list_all(&path, API).await?;
    Ok(Outcome::value(Value::Array(
        items.into_iter().map(flatten).collect(),
    )))
}
