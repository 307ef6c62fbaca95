//! Kubernetes versions: the `kubernetesVersions` list of a location (from the catalog's
//! version table, the settings' default minor marked `isDefault`) and the errors for an
//! unsupported version or location. Resolving a requested version is `catalog::resolve_k8s`.

use serde_json::{Map, Value, json};

use super::{TYPE, gate};
use crate::core::State;
use crate::core::catalog::K8S_VERSIONS;
use crate::core::util::{Ctx, Fail, Outcome, check_location_for_type, norm_location, ok};

pub(crate) fn versions(state: &mut State, ctx: &Ctx) -> Outcome {
    gate(state, ctx)?;
    let loc = norm_location(&ctx.segs[5]);
    check_location_for_type(&loc, TYPE)?;
    let default_minor = ctx
        .settings
        .default_kubernetes_version
        .rsplit_once('.')
        .map(|(m, _)| m.to_string())
        .unwrap_or_default();
    let all: Vec<&str> = K8S_VERSIONS
        .iter()
        .flat_map(|(_, p)| p.iter().copied())
        .collect();
    let values: Vec<Value> = K8S_VERSIONS
        .iter()
        .map(|(minor, patches)| {
            let mut pv = Map::new();
            for p in *patches {
                let pos = all.iter().position(|x| x == p).unwrap_or(0);
                pv.insert((*p).into(), json!({"upgrades": all[pos + 1..].to_vec()}));
            }
            let mut o = json!({
                "version": minor,
                "capabilities": {"supportPlan": ["KubernetesOfficial"]},
                "patchVersions": Value::Object(pv)
            });
            if *minor == default_minor {
                o["isDefault"] = json!(true);
            }
            o
        })
        .collect();
    ok(&json!({ "values": values }))
}

pub(super) fn unsupported_version(v: &str) -> Fail {
    Fail::new(
        400,
        "AgentPoolK8sVersionNotSupported",
        format!(
            "Version {v} is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list"
        ),
    )
}
