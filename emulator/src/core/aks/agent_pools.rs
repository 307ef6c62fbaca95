//! The `agentPools` child resources of a cluster (`…/managedClusters/{name}/agentPools[/{pool}]`)
//! as AKS serves them: the cluster's `agentPoolProfiles`, each as its own resource (`id`,
//! `name`, `type`, the profile without its name under `properties`), and the node-image upgrade
//! (`POST …/agentPools/{pool}/upgradeNodeImageVersion`) as a long-running operation. The pools
//! live inside the cluster resource (one source of truth); this file only reshapes them and
//! starts the upgrade. The operation itself is the cluster's (its completion marks the cluster
//! and its pools `Succeeded`, see `lro`), so a later cluster PUT or delete supersedes it as in
//! AKS.

use serde_json::{Value, json};

use super::pools::valid_pool_name;
use super::{NS, accepted, gate, key, not_found};
use crate::core::groups;
use crate::core::util::{Ctx, Fail, Outcome, json_response, ok};
use crate::core::{Cluster, OpKind, State, lro};

/// The node image AKS moves a pool to on `upgradeNodeImageVersion` (the newest it knows).
const LATEST_NODE_IMAGE: &str = "AKSUbuntu-2204gen2containerd-202511.07.0";

/// One profile of `cluster` as an `agentPools` resource.
fn as_resource(cluster: &Value, profile: &Value) -> Value {
    let name = profile["name"].as_str().unwrap_or_default();
    let mut props = profile.clone();
    if let Some(m) = props.as_object_mut() {
        m.remove("name");
    }
    json!({
        "id": format!("{}/agentPools/{name}", cluster["id"].as_str().unwrap_or_default()),
        "name": name,
        "type": format!("{NS}/managedClusters/agentPools"),
        "properties": props,
    })
}

/// The 404 AKS answers for a pool the cluster does not have (wording UNVERIFIED: ARM's generic
/// not-found text for a nested resource).
fn pool_not_found(rg: &str, cluster: &str, pool: &str) -> Fail {
    Fail::new(
        404,
        "NotFound",
        format!(
            "The Resource '{NS}/managedClusters/{cluster}/agentPools/{pool}' under resource group '{rg}' was not found."
        ),
    )
}

/// The cluster the path names, after the namespace gate and the group check (ARM's 404s).
fn cluster_of<'s>(state: &'s State, ctx: &Ctx) -> Result<&'s Cluster, Fail> {
    gate(state, ctx)?;
    let (rg, name) = (&ctx.segs[3], &ctx.segs[7]);
    groups::require(state, rg)?;
    state
        .clusters
        .get(&key(rg, name))
        .ok_or_else(|| not_found(rg, name))
}

/// `GET …/agentPools`: every pool of the cluster, one page.
pub(crate) fn list(state: &mut State, ctx: &Ctx) -> Outcome {
    let cluster = cluster_of(state, ctx)?;
    let items: Vec<Value> = cluster.resource["properties"]["agentPoolProfiles"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| as_resource(&cluster.resource, p))
        .collect();
    ok(&json!({ "value": items }))
}

/// `GET …/agentPools/{pool}`.
pub(crate) fn get(state: &mut State, ctx: &Ctx) -> Outcome {
    let cluster = cluster_of(state, ctx)?;
    let pool = &ctx.segs[9];
    find(&cluster.resource, pool)
        .map(|p| json_response(200, &as_resource(&cluster.resource, p)))
        .ok_or_else(|| pool_not_found(&ctx.segs[3], &ctx.segs[7], pool))
}

fn find<'c>(cluster: &'c Value, pool: &str) -> Option<&'c Value> {
    cluster["properties"]["agentPoolProfiles"]
        .as_array()?
        .iter()
        .find(|p| p["name"].as_str() == Some(pool))
}

/// `POST …/agentPools/{pool}/upgradeNodeImageVersion`: 202 with `Azure-AsyncOperation` and
/// `Location`; the pool is `UpgradingNodeImageVersion` (and the cluster `Updating`) until the
/// operation completes. A cluster that is still being provisioned answers 409, as AKS refuses
/// one operation on top of another.
pub(crate) fn upgrade_node_image(state: &mut State, ctx: &Ctx) -> Outcome {
    gate(state, ctx)?;
    let (rg, name, pool) = (
        ctx.segs[3].clone(),
        ctx.segs[7].clone(),
        ctx.segs[9].clone(),
    );
    groups::require(state, &rg)?;
    if !valid_pool_name(&pool) {
        return Err(pool_not_found(&rg, &name, &pool));
    }
    let k = key(&rg, &name);
    let cluster = state
        .clusters
        .get(&k)
        .ok_or_else(|| not_found(&rg, &name))?;
    if find(&cluster.resource, &pool).is_none() {
        return Err(pool_not_found(&rg, &name, &pool));
    }
    let busy = cluster.operation.as_ref().is_some_and(|id| {
        state
            .operations
            .get(id.as_str())
            .is_some_and(|o| o.status == "InProgress")
    });
    let current = cluster.resource["properties"]["provisioningState"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    if busy {
        return Err(Fail::new(
            409,
            "OperationNotAllowed",
            format!(
                "Operation is not allowed because there's an in progress operation on the managed cluster: the cluster is in {current} state."
            ),
        ));
    }
    let loc = cluster.resource["location"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let id = lro::start(state, ctx, OpKind::ClusterPut, &k, &loc);
    if let Some(c) = state.clusters.get_mut(&k) {
        c.operation = Some(id.clone());
        c.resource["properties"]["provisioningState"] = json!("Updating");
        if let Some(pools) = c.resource["properties"]["agentPoolProfiles"].as_array_mut() {
            for p in pools
                .iter_mut()
                .filter(|p| p["name"].as_str() == Some(&pool))
            {
                p["provisioningState"] = json!("UpgradingNodeImageVersion");
                p["nodeImageVersion"] = json!(LATEST_NODE_IMAGE);
            }
        }
    }
    Ok(accepted(ctx, &loc, &id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_resource_has_id_name_type_and_properties_without_name() {
        let cluster = json!({"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c"});
        let r = as_resource(&cluster, &json!({"name": "np1", "count": 3}));
        assert_eq!(
            r,
            json!({
                "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c/agentPools/np1",
                "name": "np1",
                "type": "Microsoft.ContainerService/managedClusters/agentPools",
                "properties": {"count": 3},
            })
        );
    }
}
