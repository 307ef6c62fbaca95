//! Agent pool profiles of a cluster PUT: the pool name rule, the count range (a system pool needs
//! at least one node), the pool's Kubernetes version and the defaults AKS fills in for a pool.

use serde_json::{Value, json};

use super::invalid;
use super::versions::unsupported_version;
use crate::core::catalog;
use crate::core::util::{Fail, overlay};

/// AKS's pool name rule: 1-12 lowercase letters and digits, starting with a letter.
pub(super) fn valid_pool_name(n: &str) -> bool {
    let b = n.as_bytes();
    !b.is_empty()
        && b.len() <= 12
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// The agent pool profiles as AKS answers them: each requested pool checked (name, count) and
/// laid over AKS's pool defaults, its version resolved (the cluster's unless it names one), in
/// `state_word` (`Creating`/`Updating`). At least one pool must be a system pool.
pub(super) fn agent_pools(
    p: &Value,
    k8s: &str,
    k8s_full: &str,
    state_word: &str,
) -> Result<Vec<Value>, Fail> {
    let pools_in = p["agentPoolProfiles"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if !pools_in.iter().any(|x| {
        x["mode"]
            .as_str()
            .is_some_and(|m| m.eq_ignore_ascii_case("System"))
    }) {
        return Err(Fail::new(
            400,
            "MustDefineAtLeastOneSystemPool",
            "Must define at least one system pool.",
        ));
    }
    let mut pools = Vec::new();
    for pool in &pools_in {
        let pname = pool["name"].as_str().unwrap_or_default();
        if !valid_pool_name(pname) {
            return Err(invalid(
                "agentPoolProfile.name",
                format!(
                    "The value of parameter agentPoolProfile.name is invalid. Error details: Agent pool name '{pname}' is invalid. The name must start with a lowercase letter, contain only lowercase letters and numbers, and be 1-12 characters long. Please see https://aka.ms/aks-naming-rules for more details."
                ),
            ));
        }
        let system = pool["mode"]
            .as_str()
            .is_some_and(|m| m.eq_ignore_ascii_case("System"));
        let count = pool["count"].as_i64().unwrap_or(1);
        let min = if system { 1 } else { 0 };
        if !(min..=1000).contains(&count) {
            return Err(invalid(
                "agentPoolProfile.count",
                format!(
                    "The value of parameter agentPoolProfile.count is invalid. Error details: count must be between {min} and 1000. Please see https://aka.ms/aks-naming-rules for more details."
                ),
            ));
        }
        let ov = pool["orchestratorVersion"].as_str().unwrap_or("");
        let (orch, orch_full) = if ov.is_empty() {
            (k8s.to_string(), k8s_full.to_string())
        } else {
            catalog::resolve_k8s(ov, "").ok_or_else(|| unsupported_version(ov))?
        };
        let mut d = json!({
            "name": pname, "count": count, "vmSize": "Standard_D8ds_v5", "osDiskSizeGB": 128,
            "osDiskType": "Ephemeral", "kubeletDiskType": "OS", "maxPods": 250,
            "type": "VirtualMachineScaleSets", "enableAutoScaling": false, "scaleDownMode": "Delete",
            "powerState": {"code": "Running"}, "mode": "System", "osType": "Linux", "osSKU": "Ubuntu",
            "enableFIPS": false, "securityProfile": {"enableVTPM": false, "enableSecureBoot": false},
            "nodeImageVersion": "AKSUbuntu-2204gen2containerd-202510.03.0",
            "upgradeSettings": {"maxSurge": "10%", "maxUnavailable": "0"}
        });
        if let Some(m) = d.as_object_mut() {
            for (k, v) in pool.as_object().into_iter().flatten() {
                if v.is_null()
                    || matches!(
                        k.as_str(),
                        "provisioningState" | "currentOrchestratorVersion" | "powerState"
                    )
                {
                    continue;
                }
                if v.as_str() == Some("") {
                    continue;
                }
                let merged = if k == "upgradeSettings" || k == "securityProfile" {
                    overlay(m.get(k).cloned().unwrap_or(Value::Null), Some(v))
                } else {
                    v.clone()
                };
                m.insert(k.clone(), merged);
            }
            m.insert("orchestratorVersion".into(), json!(orch));
            m.insert("currentOrchestratorVersion".into(), json!(orch_full));
            m.insert("provisioningState".into(), json!(state_word));
        }
        pools.push(d);
    }
    Ok(pools)
}
