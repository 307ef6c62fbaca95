//! `network vnet subnet list -g RG --vnet-name V`: every subnet of the network, all pages;
//! no table transformer (az registers none).

use serde_json::Value;

use super::{SUBNET_API, aaz_flatten, vnet_path};
use crate::cli::SubnetListArgs;
use crate::commands::{Ctx, Outcome};

/// A missing network is ARM's 404 (exit 3).
pub(crate) async fn run(ctx: &Ctx, args: SubnetListArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = vnet_path(
        &arm.subscription_id,
        &args.parent.resource_group,
        &args.parent.vnet_name,
    )
    .lit("subnets");
    let items = arm.client.list_all(&path, SUBNET_API).await?;
    Ok(Outcome::value(Value::Array(
        items.iter().map(aaz_flatten).collect(),
    )))
}
