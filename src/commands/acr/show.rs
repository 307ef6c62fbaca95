//! `acr show -n NAME [-g RG]`: the registry (its group looked up when not given), printed as
//! the SDK model with az's registry table.

use super::{REGISTRY_API, registry_model, registry_name, registry_path, resource_group_of, table};
use crate::cli::AcrShowArgs;
use crate::commands::{Ctx, Outcome};

pub(crate) async fn run(ctx: &Ctx, args: AcrShowArgs) -> anyhow::Result<Outcome> {
    let name = registry_name(ctx, &args.registry.name)?;
    let rg = resource_group_of(ctx, &name, args.group.resource_group.as_deref()).await?;
    let arm = ctx.arm()?;
    let reg = arm
        .client
        .get(
            &registry_path(&arm.subscription_id, &rg, &name),
            REGISTRY_API,
        )
        .await?;
    Ok(Outcome::table(registry_model(&reg), table))
}
