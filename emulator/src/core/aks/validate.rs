//! What a cluster PUT must satisfy before anything is built: the cluster name and DNS prefix
//! syntax, the kubelet identity a caller names, and what an update may not change (location,
//! DNS names, node resource group, a pool's VM size and OS, or anything while an operation
//! runs). Checks that need the defaults at hand (pools, identity, node group length) stay
//! beside them in `defaults` and `pools`.

use serde_json::Value;

use super::invalid;
use crate::core::util::{Ctx, Fail};
use crate::core::{Cluster, OpKind, State, msi};

/// `^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$`
pub(super) fn valid_cluster_name(n: &str) -> bool {
    let b = n.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')
}

pub(super) fn valid_dns_prefix(p: &str) -> bool {
    let b = p.as_bytes();
    !b.is_empty()
        && b.len() <= 54
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
}

/// A caller-provided kubelet identity must exist; the cluster then reports that identity's own
/// `clientId`/`objectId`, whatever the body claimed. (Real AKS rejects a missing one; code and
/// text here are UNVERIFIED.) An update that sends back the cluster's current kubelet identity
/// (e.g. AKS's own `<name>-agentpool`) is left alone.
pub(super) fn resolve_kubelet_identity(
    state: &State,
    ctx: &Ctx,
    mut body: Value,
    existing: Option<&Cluster>,
) -> Result<Value, Fail> {
    const RID: &str = "/properties/identityProfile/kubeletidentity/resourceId";
    let Some(rid) = body
        .pointer(RID)
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        return Ok(body);
    };
    let current = existing
        .and_then(|c| c.resource.pointer(RID))
        .and_then(Value::as_str);
    if current.is_some_and(|c| c.eq_ignore_ascii_case(&rid)) {
        return Ok(body);
    }
    let Some(found) = msi::lookup(state, ctx, &rid) else {
        return Err(invalid(
            "identityProfile.kubeletidentity.resourceId",
            format!(
                "The value of parameter identityProfile.kubeletidentity.resourceId is invalid. Error details: user assigned identity '{rid}' was not found."
            ),
        ));
    };
    let (client, object) = (
        found["properties"]["clientId"].clone(),
        found["properties"]["principalId"].clone(),
    );
    if let Some(k) = body.pointer_mut("/properties/identityProfile/kubeletidentity") {
        k["clientId"] = client;
        k["objectId"] = object;
    }
    Ok(body)
}

pub(super) fn check_update(
    state: &State,
    old: &Cluster,
    body: &Value,
    loc: &str,
    rg: &str,
    name: &str,
) -> Result<(), Fail> {
    if let Some(op) = old
        .operation
        .as_ref()
        .and_then(|id| state.operations.get(id))
        && op.status == "InProgress"
    {
        let what = match op.kind {
            OpKind::ClusterDelete => "delete managed cluster",
            _ => "create or update managed cluster",
        };
        return Err(Fail::new(
            409,
            "OperationNotAllowed",
            format!(
                "Operation is not allowed because there's an in progress {what} operation on the managed cluster '{name}'. Please wait for the operation to complete and try again."
            ),
        ));
    }
    let r = &old.resource;
    let old_loc = r["location"].as_str().unwrap_or_default();
    if old_loc != loc {
        return Err(Fail::new(
            409,
            "InvalidResourceLocation",
            format!(
                "The resource '{name}' already exists in location '{old_loc}' in resource group '{rg}'. A resource with the same name cannot be created in location '{loc}'. Please select a new resource name."
            ),
        ));
    }
    let change = |field: &str| {
        Fail::new(
            400,
            "PropertyChangeNotAllowed",
            format!("Changing property '{field}' is not allowed."),
        )
        .target(field)
    };
    let p = &body["properties"];
    for field in ["dnsPrefix", "fqdnSubdomain", "nodeResourceGroup"] {
        if let Some(new) = p[field].as_str()
            && r["properties"][field].as_str() != Some(new)
            && !(field == "nodeResourceGroup" && new.is_empty())
        {
            return Err(change(field));
        }
    }
    if p["dnsPrefix"].is_null()
        && p["fqdnSubdomain"].is_null()
        && r["properties"]["dnsPrefix"].is_string()
    {
        return Err(change("dnsPrefix"));
    }
    let old_pools = r["properties"]["agentPoolProfiles"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for pool in p["agentPoolProfiles"].as_array().into_iter().flatten() {
        let pname = pool["name"].as_str().unwrap_or_default();
        if let Some(old_pool) = old_pools.iter().find(|o| o["name"] == pname) {
            for field in ["vmSize", "osType"] {
                if let Some(new) = pool[field].as_str().filter(|s| !s.is_empty())
                    && old_pool[field].as_str() != Some(new)
                {
                    return Err(change(&format!("agentPoolProfile.{field}")));
                }
            }
        }
    }
    Ok(())
}
