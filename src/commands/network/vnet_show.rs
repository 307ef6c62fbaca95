//! `network vnet show -g RG -n NAME`: GET the network, printed client-flattened; no table
//! transformer (az registers none).

use super::{VNET_API, aaz_flatten, vnet_path};
use crate::cli::VnetShowArgs;
use crate::commands::{Ctx, Outcome};

/// A missing network is ARM's 404 (exit 3).
pub(crate) async fn run(ctx: &Ctx, args: VnetShowArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = vnet_path(
        &arm.subscription_id,
        &args.vnet.resource_group,
        &args.vnet.name,
    );
    let vnet = arm.client.get(&path, VNET_API).await?;
    Ok(Outcome::value(aaz_flatten(&vnet)))
}
