//! `network vnet subnet show -g RG --vnet-name V -n NAME`: GET the subnet, printed
//! client-flattened.

use super::{SUBNET_API, aaz_flatten, subnet_path};
use crate::cli::SubnetShowArgs;
use crate::commands::{Ctx, Outcome};

/// A missing subnet is the network RP's 404 `NotFound` (exit 3).
pub(crate) async fn run(ctx: &Ctx, args: SubnetShowArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = subnet_path(
        &arm.subscription_id,
        &args.parent.resource_group,
        &args.parent.vnet_name,
        &args.name,
    );
    let subnet = arm.client.get(&path, SUBNET_API).await?;
    Ok(Outcome::value(aaz_flatten(&subnet)))
}
