//! `aks delete -g RG -n NAME [--yes] [--no-wait] [--if-match E] [--if-none-match E]`: the
//! same prompt as `group delete`, then the DELETE and its long-running operation; prints
//! nothing.

use super::{CLUSTERS_API, cluster_path, extra_headers, with_headers};
use crate::arm::ArmRequest;
use crate::cli::AksDeleteArgs;
use crate::commands::{Ctx, Outcome};

/// `aks delete`: prompt, `DELETE`, poll unless `--no-wait`; prints nothing.
pub(crate) async fn run(ctx: &Ctx, args: AksDeleteArgs) -> anyhow::Result<Outcome> {
    // The same prompt as `group delete` (commands.md §0.6).
    crate::commands::confirm(ctx, crate::commands::CONFIRM_QUESTION, args.yes)?;
    let headers = extra_headers(
        args.if_match.as_deref(),
        args.if_none_match.as_deref(),
        None,
    );
    let arm = ctx.arm()?;
    let path = cluster_path(
        &arm.subscription_id,
        &args.cluster.resource_group,
        &args.cluster.name,
    );
    let (opts, spinner) = crate::commands::lro_options(ctx, args.no_wait);
    let result = arm
        .client
        .run_lro(
            with_headers(ArmRequest::delete(&path, CLUSTERS_API), &headers),
            None,
            &opts,
        )
        .await;
    spinner.finish();
    result?;
    Ok(Outcome::none())
}
