//! `aks nodepool upgrade -g RG --cluster-name C -n POOL --node-image-only [--no-wait]`: az's
//! `aks_agentpool_upgrade` for the node-image upgrade. Its checks, in az's order: the name
//! validator, then `--kubernetes-version` with `--node-image-only` (exclusive), then the POST
//! `…/agentPools/{pool}/upgradeNodeImageVersion` (no body) and its long-running operation
//! (status URL, then the `Location` result). The operation's result is empty, so nothing
//! prints, as in az. A Kubernetes-version upgrade of a pool (az's GET-then-PUT of the pool) is
//! not modelled: without `--node-image-only` azrs says so and sends nothing.

use super::{check_nodepool_name, pool_path};
use crate::arm::ArmRequest;
use crate::cli::AksNodepoolUpgradeArgs;
use crate::commands::aks::{CLUSTERS_API, extra_headers, with_headers};
use crate::commands::{CliError, Ctx, Outcome, fail};

/// `aks nodepool upgrade`.
pub(super) async fn run(ctx: &Ctx, args: AksNodepoolUpgradeArgs) -> anyhow::Result<Outcome> {
    check_nodepool_name(&args.nodepool_name).map_err(|e| CliError::new(e.to_string()))?;
    let version = args.kubernetes_version.as_deref().unwrap_or_default();
    if !version.is_empty() && args.node_image_only {
        return fail(
            "Conflicting flags. Upgrading the Kubernetes version will also upgrade node image version. If you only want to upgrade the node version please use the \"--node-image-only\" option only.",
        );
    }
    if !args.node_image_only {
        return fail(
            "azrs upgrades node pools with --node-image-only only; a Kubernetes version upgrade of a node pool is not supported.",
        );
    }
    let arm = ctx.arm()?;
    let path = pool_path(
        &arm.subscription_id,
        &args.cluster.resource_group,
        &args.cluster.cluster_name,
        &args.nodepool_name,
    )
    .lit("upgradeNodeImageVersion");
    let headers = extra_headers(None, None, args.aks_custom_headers.as_deref());
    let post = with_headers(ArmRequest::post(&path, CLUSTERS_API, None), &headers);
    let (opts, spinner) = crate::commands::lro_options(ctx, args.no_wait);
    let result = arm.client.run_lro(post, None, &opts).await;
    spinner.finish();
    // az's poller result type is None: whatever the operation returns, nothing prints.
    result?;
    Ok(Outcome::none())
}
