//! `aks nodepool show -g RG --cluster-name C -n POOL`: one pool, as az prints it.

use super::{check_nodepool_name, pool_path, show_table};
use crate::cli::AksNodepoolShowArgs;
use crate::commands::aks::CLUSTERS_API;
use crate::commands::aks::flatten::flatten_agent_pool;
use crate::commands::{CliError, Ctx, Outcome};

/// `aks nodepool show`: az's name validator first (exit 1, nothing sent), then the GET.
pub(super) async fn run(ctx: &Ctx, args: AksNodepoolShowArgs) -> anyhow::Result<Outcome> {
    check_nodepool_name(&args.nodepool_name).map_err(|e| CliError::new(e.to_string()))?;
    let arm = ctx.arm()?;
    let path = pool_path(
        &arm.subscription_id,
        &args.cluster.resource_group,
        &args.cluster.cluster_name,
        &args.nodepool_name,
    );
    let wire = arm.client.get(&path, CLUSTERS_API).await?;
    Ok(Outcome::table(flatten_agent_pool(&wire), show_table))
}
