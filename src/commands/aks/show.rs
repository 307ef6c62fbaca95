//! `aks show -g RG -n NAME`: the printed cluster, and az's table transformer (one row).

use serde_json::Value;

use super::flatten::flatten_cluster;
use super::{CLUSTERS_API, TABLE_ROW, cluster_path};
use crate::cli::AksShowArgs;
use crate::commands::{Ctx, Outcome};
use crate::output::TransformError;
use crate::output::transformers::by_query;

/// `aks show`: the flattened cluster; 404 → ARM's error, exit 3.
pub(crate) async fn run(ctx: &Ctx, args: AksShowArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = cluster_path(
        &arm.subscription_id,
        &args.cluster.resource_group,
        &args.cluster.name,
    );
    let wire = arm.client.get(&path, CLUSTERS_API).await?;
    Ok(Outcome::table(flatten_cluster(&wire), table))
}

/// az's table transformer for `aks show`: the summary columns of one cluster, as a one-row
/// list.
pub fn table(value: &Value) -> Result<Value, TransformError> {
    Ok(Value::Array(vec![by_query(TABLE_ROW, value)?]))
}
