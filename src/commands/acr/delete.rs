//! `acr delete -n NAME [-g RG] [--yes]`: az's prompt naming the registry, the group lookup when
//! `-g` is absent, then the DELETE and its long-running operation; prints nothing.

use super::{REGISTRY_API, registry_name, registry_path, resource_group_of};
use crate::arm::ArmRequest;
use crate::cli::AcrDeleteArgs;
use crate::commands::{Ctx, Outcome};

pub(crate) async fn run(ctx: &Ctx, args: AcrDeleteArgs) -> anyhow::Result<Outcome> {
    let name = registry_name(ctx, &args.registry.name)?;
    crate::commands::confirm(
        ctx,
        &format!("Are you sure you want to delete the registry '{name}'?"),
        args.yes,
    )?;
    let rg = resource_group_of(ctx, &name, args.group.resource_group.as_deref()).await?;
    let arm = ctx.arm()?;
    let path = registry_path(&arm.subscription_id, &rg, &name);
    let (opts, spinner) = crate::commands::lro_options(ctx, false);
    let result = arm
        .client
        .run_lro(ArmRequest::delete(&path, REGISTRY_API), None, &opts)
        .await;
    spinner.finish();
    result?;
    Ok(Outcome::none())
}
