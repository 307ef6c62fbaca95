//! `identity delete -g RG -n NAME`: one DELETE, no prompt; prints nothing, also when the
//! identity was already gone (ARM's 204), as az does.

use super::{API, identity_path};
use crate::arm::ArmRequest;
use crate::cli::IdentityDeleteArgs;
use crate::commands::{Ctx, Outcome};

/// `identity delete`.
pub(crate) async fn run(ctx: &Ctx, args: IdentityDeleteArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let id = &args.identity;
    let path = identity_path(&arm.subscription_id, &id.resource_group, &id.name);
    arm.client.send(&ArmRequest::delete(&path, API)).await?;
    Ok(Outcome::none())
}
