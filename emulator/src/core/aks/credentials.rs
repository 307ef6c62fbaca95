//! `POST …/managedClusters/{name}/listClusterUserCredential` and `listClusterAdminCredential`:
//! a kubeconfig (base64) for the cluster's public or private FQDN, with certificate, `exec`
//! or `azure` auth-provider users as AKS chooses them. The YAML itself is `core::kubeconfig`'s.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;

use super::{gate, invalid, key, not_found};
use crate::core::State;
use crate::core::groups;
use crate::core::kubeconfig::{self, UserAuth};
use crate::core::util::{Ctx, Fail, Outcome, hex, ok};

pub(crate) fn credentials(state: &mut State, ctx: &Ctx, admin: bool) -> Outcome {
    gate(state, ctx)?;
    let (rg, name) = (ctx.segs[3].clone(), ctx.segs[7].clone());
    groups::require(state, &rg)?;
    let c = state
        .clusters
        .get(&key(&rg, &name))
        .ok_or_else(|| not_found(&rg, &name))?;
    let p = &c.resource["properties"];
    if admin && p["disableLocalAccounts"].as_bool() == Some(true) {
        return Err(Fail::new(
            400,
            "BadRequest",
            "Getting static credential is not allowed because this cluster is set to disable local accounts.",
        ));
    }
    let format = ctx.q("format");
    if let Some(f) = format
        && !matches!(f.to_ascii_lowercase().as_str(), "azure" | "exec")
    {
        return Err(invalid(
            "format",
            format!(
                "The value of parameter format is invalid. Error details: format '{f}' is not supported; use 'azure' or 'exec'."
            ),
        ));
    }
    let private = ctx
        .q("server-fqdn")
        .is_some_and(|v| v.eq_ignore_ascii_case("private"));
    let host = if private {
        p["privateFQDN"].as_str().or(p["fqdn"].as_str())
    } else {
        p["fqdn"].as_str().or(p["privateFQDN"].as_str())
    }
    .unwrap_or_default();
    let server = format!("https://{host}:443");
    let (cred_name, user) = if admin {
        ("clusterAdmin", format!("clusterAdmin_{rg}_{name}"))
    } else {
        ("clusterUser", format!("clusterUser_{rg}_{name}"))
    };
    let token = format!(
        "fake-token-{}",
        hex(&["kube-token", &key(&rg, &name), cred_name], 8)
    );
    let tenant = ctx.settings.tenant_id.clone();
    let aad = p["aadProfile"].is_object();
    let auth = if aad && !admin {
        if format.is_some_and(|f| f.eq_ignore_ascii_case("azure")) {
            UserAuth::AuthProvider { tenant: &tenant }
        } else {
            UserAuth::Exec { tenant: &tenant }
        }
    } else {
        UserAuth::Certificate { token: &token }
    };
    let yaml = kubeconfig::render(&name, &user, &server, &auth);
    ok(&json!({"kubeconfigs": [{"name": cred_name, "value": STANDARD.encode(yaml.as_bytes())}]}))
}
