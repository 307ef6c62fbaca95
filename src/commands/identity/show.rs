//! `identity show -g RG -n NAME`: GET one identity; a missing one is ARM's 404 (exit 3).

use super::{API, flatten, identity_path};
use crate::cli::IdentityShowArgs;
use crate::commands::{Ctx, Outcome};

/// `identity show`.
pub(crate) async fn run(ctx: &Ctx, args: IdentityShowArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let id = &args.identity;
    let path = identity_path(&arm.subscription_id, &id.resource_group, &id.name);
    let v = arm.client.get(&path, API).await?;
    Ok(Outcome::value(flatten(v)))
}
