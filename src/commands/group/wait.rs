//! `group wait -n NAME (--created|--updated|--deleted|--exists|--custom Q)`: GET the group every
//! `--interval` seconds and judge it as `group show` prints it ([`crate::commands::wait`],
//! az's generic wait, which finds a group's state under `properties.provisioningState`).

use super::{RESOURCE_GROUP, group_path};
use crate::arm::api;
use crate::cli::GroupWaitArgs;
use crate::commands::model;
use crate::commands::{Ctx, Outcome};

/// `group wait`: GET the group every `--interval` seconds until the condition holds.
pub(crate) async fn run(ctx: &Ctx, args: GroupWaitArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = group_path(&arm.subscription_id, &args.group.name);
    crate::commands::wait::until(ctx, &args.wait, || async {
        arm.client
            .get(&path, api::RESOURCE_GROUPS)
            .await
            .map(|rg| model::shape(&rg, RESOURCE_GROUP))
    })
    .await
}
