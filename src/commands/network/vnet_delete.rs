//! `network vnet delete -g RG -n NAME [--no-wait]`: the DELETE and its long-running operation
//! (no prompt, as in az); prints nothing, and a network that is not there is no error (204).

use super::{VNET_API, vnet_path};
use crate::arm::ArmRequest;
use crate::cli::VnetDeleteArgs;
use crate::commands::{Ctx, Outcome};

pub(crate) async fn run(ctx: &Ctx, args: VnetDeleteArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = vnet_path(
        &arm.subscription_id,
        &args.vnet.resource_group,
        &args.vnet.name,
    );
    let (opts, spinner) = crate::commands::lro_options(ctx, args.no_wait);
    let result = arm
        .client
        .run_lro(ArmRequest::delete(&path, VNET_API), None, &opts)
        .await;
    spinner.finish();
    result?;
    Ok(Outcome::none())
}
