//! `aks list [-g RG]`: every cluster of the group (or of the subscription), and az's table
//! transformer.

use serde_json::Value;

use super::flatten::flatten_cluster;
use super::{CLUSTERS_API, TABLE_ROW, clusters_path};
use crate::arm::ArmPath;
use crate::cli::AksListArgs;
use crate::commands::{Ctx, Outcome};
use crate::output::TransformError;
use crate::output::transformers::by_query;

/// `aks list`: every cluster of the group (or of the subscription), all pages.
pub(crate) async fn run(ctx: &Ctx, args: AksListArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = match args.resource_group.as_deref().filter(|g| !g.is_empty()) {
        Some(rg) => clusters_path(&arm.subscription_id, rg),
        None => ArmPath::subscription(&arm.subscription_id)
            .lit("providers/Microsoft.ContainerService/managedClusters"),
    };
    let items = arm.client.list_all(&path, CLUSTERS_API).await?;
    let printed: Vec<Value> = items.iter().map(flatten_cluster).collect();
    Ok(Outcome::table(Value::Array(printed), table))
}

/// az's table transformer for `aks list`: the summary columns per cluster.
pub fn table(value: &Value) -> Result<Value, TransformError> {
    let items = value
        .as_array()
        .ok_or_else(|| TransformError("aks list result is not a list".into()))?;
    items
        .iter()
        .map(|item| by_query(TABLE_ROW, item))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}
