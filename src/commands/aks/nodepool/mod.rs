//! `azrs aks nodepool list|show|upgrade`: a cluster's `agentPools` child resources, one file
//! per verb. Every verb prints az's `todict` of the SDK's AgentPool model
//! ([`super::flatten::flatten_agent_pool`]); `list` and `show` register az's table transformer
//! (one row per pool). This file holds what they share: the dispatcher, the pools' typed
//! paths, az's node pool name validator and the table row.

mod list;
mod show;
mod upgrade;

use serde_json::Value;

use super::{AksError, cluster_path};
use crate::arm::ArmPath;
use crate::cli::AksNodepoolCommand;
use crate::commands::{Ctx, Outcome};
use crate::output::TransformError;
use crate::output::transformers::by_query;

/// Runs one `aks nodepool` verb.
pub(super) async fn run(ctx: &Ctx, command: AksNodepoolCommand) -> anyhow::Result<Outcome> {
    match command {
        AksNodepoolCommand::List(args) => list::run(ctx, args).await,
        AksNodepoolCommand::Show(args) => show::run(ctx, args).await,
        AksNodepoolCommand::Upgrade(args) => upgrade::run(ctx, args).await,
    }
}

/// `…/managedClusters/{cluster}/agentPools`.
fn pools_path(subscription_id: &str, resource_group: &str, cluster: &str) -> ArmPath {
    cluster_path(subscription_id, resource_group, cluster).lit("agentPools")
}

/// `…/managedClusters/{cluster}/agentPools/{pool}`, the pool one encoded segment.
fn pool_path(subscription_id: &str, resource_group: &str, cluster: &str, pool: &str) -> ArmPath {
    pools_path(subscription_id, resource_group, cluster).seg(pool)
}

/// az's `validate_nodepool_name` (`_validate_nodepool_name`): at most 12 characters, all
/// alphanumeric (Python's `str.isalnum`); an empty name passes.
pub(in crate::commands::aks) fn check_nodepool_name(name: &str) -> Result<(), AksError> {
    if name.is_empty() {
        return Ok(());
    }
    if name.chars().count() > 12 {
        return Err(AksError::InvalidArgument(
            "--nodepool-name can contain at most 12 characters".to_owned(),
        ));
    }
    if !name.chars().all(char::is_alphanumeric) {
        return Err(AksError::InvalidArgument(
            "--nodepool-name should contain only alphanumeric characters".to_owned(),
        ));
    }
    Ok(())
}

/// The row az's `_aks_agentpool_table_format` makes of one printed pool.
const TABLE_ROW: &str = "{name: name, osType: osType, kubernetesVersion: orchestratorVersion, \
    vmSize: vmSize, osDiskSizeGB: osDiskSizeGB, count: count, maxPods: maxPods, \
    provisioningState: provisioningState, mode: mode}";

/// az's `aks_agentpool_show_table_format`: one row, as a list.
fn show_table(value: &Value) -> Result<Value, TransformError> {
    Ok(Value::Array(vec![by_query(TABLE_ROW, value)?]))
}

/// az's `aks_agentpool_list_table_format`: one row per pool.
fn list_table(value: &Value) -> Result<Value, TransformError> {
    let items = value
        .as_array()
        .ok_or_else(|| TransformError("aks nodepool list result is not a list".into()))?;
    items
        .iter()
        .map(|item| by_query(TABLE_ROW, item))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_paths_encode_every_name() {
        assert_eq!(
            pool_path("s", "rg", "c#1", "np 1").as_str(),
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c%231/agentPools/np%201"
        );
    }

    #[test]
    fn nodepool_names_as_az_validates_them() {
        assert!(check_nodepool_name("nodepool1").is_ok());
        assert!(check_nodepool_name("").is_ok());
        assert_eq!(
            check_nodepool_name("abcdefghijklm")
                .unwrap_err()
                .to_string(),
            "--nodepool-name can contain at most 12 characters"
        );
        assert_eq!(
            check_nodepool_name("no-pe").unwrap_err().to_string(),
            "--nodepool-name should contain only alphanumeric characters"
        );
    }

    #[test]
    fn table_rows_take_az_columns_in_order() {
        let pool = serde_json::json!({"name": "np", "osType": "Linux", "orchestratorVersion": "1.32.7",
            "vmSize": "v", "osDiskSizeGb": 128, "count": 3, "maxPods": 250,
            "provisioningState": "Succeeded", "mode": "System"});
        let rows = list_table(&Value::Array(vec![pool])).unwrap();
        let keys: Vec<&String> = rows[0].as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "name",
                "osType",
                "kubernetesVersion",
                "vmSize",
                "osDiskSizeGB",
                "count",
                "maxPods",
                "provisioningState",
                "mode"
            ]
        );
        // az's query reads `osDiskSizeGB`, which the printed pool spells `osDiskSizeGb`.
        assert_eq!(rows[0]["osDiskSizeGB"], Value::Null);
    }
}
