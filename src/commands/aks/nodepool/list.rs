//! `aks nodepool list -g RG --cluster-name C`: every pool of the cluster, as az prints them.

use serde_json::Value;

use super::{list_table, pools_path};
use crate::cli::AksNodepoolListArgs;
use crate::commands::aks::CLUSTERS_API;
use crate::commands::aks::flatten::flatten_agent_pool;
use crate::commands::{Ctx, Outcome};

/// `aks nodepool list`: all pages of the cluster's pools; a missing cluster is ARM's 404.
pub(super) async fn run(ctx: &Ctx, args: AksNodepoolListArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = pools_path(
        &arm.subscription_id,
        &args.cluster.resource_group,
        &args.cluster.cluster_name,
    );
    let items = arm.client.list_all(&path, CLUSTERS_API).await?;
    let printed: Vec<Value> = items.iter().map(flatten_agent_pool).collect();
    Ok(Outcome::table(Value::Array(printed), list_table))
}
