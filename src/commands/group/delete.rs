//! `group delete`: az's confirmation prompt, then the DELETE and its long-running operation;
//! prints nothing.

use super::group_path;
use crate::arm::{ArmRequest, api};
use crate::cli::GroupDeleteArgs;
use crate::commands::{CONFIRM_QUESTION, Ctx, Outcome, confirm, lro_options};

/// `group delete -n NAME [--yes] [--no-wait] [--force-deletion-types T]`.
pub(crate) async fn run(ctx: &Ctx, args: GroupDeleteArgs) -> anyhow::Result<Outcome> {
    confirm(ctx, CONFIRM_QUESTION, args.yes)?;
    let arm = ctx.arm()?;
    let path = group_path(&arm.subscription_id, &args.group.name);
    let mut req = ArmRequest::delete(&path, api::RESOURCE_GROUPS);
    if let Some(types) = args.force_deletion_types.as_deref() {
        req = req.query("forceDeletionTypes", types);
    }
    let (opts, spinner) = lro_options(ctx, args.no_wait);
    let result = arm.client.run_lro(req, None, &opts).await;
    spinner.finish();
    result?;
    Ok(Outcome::none())
}
