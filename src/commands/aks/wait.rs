//! `aks wait -g RG -n NAME (--created|--updated|--deleted|--exists|--custom Q)`: GET the
//! cluster every `--interval` seconds and judge it as `aks show` prints it
//! ([`crate::commands::wait`], az's generic wait).

use super::flatten::flatten_cluster;
use super::{CLUSTERS_API, cluster_path};
use crate::cli::AksWaitArgs;
use crate::commands::{Ctx, Outcome};

/// `aks wait`: GET the cluster every `--interval` seconds until the condition holds.
pub(crate) async fn run(ctx: &Ctx, args: AksWaitArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = cluster_path(
        &arm.subscription_id,
        &args.cluster.resource_group,
        &args.cluster.name,
    );
    crate::commands::wait::until(ctx, &args.wait, || async {
        arm.client
            .get(&path, CLUSTERS_API)
            .await
            .map(|c| flatten_cluster(&c))
    })
    .await
}
