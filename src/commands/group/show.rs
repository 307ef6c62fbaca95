//! `group show`: GET one group; no table transformer (az registers none).

use super::{RESOURCE_GROUP, group_path};
use crate::arm::api;
use crate::cli::GroupShowArgs;
use crate::commands::model;
use crate::commands::{Ctx, Outcome};

/// `group show -n NAME`: a missing group is ARM's 404 (exit 3).
pub(crate) async fn run(ctx: &Ctx, args: GroupShowArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = group_path(&arm.subscription_id, &args.group.name);
    let rg = arm.client.get(&path, api::RESOURCE_GROUPS).await?;
    Ok(Outcome::value(model::shape(&rg, RESOURCE_GROUP)))
}
