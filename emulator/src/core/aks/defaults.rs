//! The resource AKS answers a cluster PUT with: the request's fields laid over the server-filled
//! ones (versions, FQDNs, identity, node resource group, network, storage and security profile
//! defaults, `resourceUID`, `eTag`), keeping what an existing cluster already had (uid, FQDN
//! suffix, kubelet identity). It validates only what needs these values at hand; the checks that
//! come first are in `validate`, the pools in `pools`.

use serde_json::{Map, Value, json};

use super::pools::agent_pools;
use super::validate::valid_dns_prefix;
use super::versions::unsupported_version;
use super::{NS, invalid, key};
use crate::core::util::{Ctx, Fail, guid, hex, overlay};
use crate::core::{catalog, msi};

/// The resource as AKS answers the PUT: request fields plus server-filled ones.
pub(super) fn build(
    ctx: &Ctx,
    body: &Value,
    loc: &str,
    rg: &str,
    name: &str,
    old: Option<&Value>,
) -> Result<Value, Fail> {
    let s = ctx.settings;
    let sub = &s.subscription_id;
    let req_props = body["properties"].as_object().cloned().unwrap_or_default();
    let p = Value::Object(req_props.clone());
    let old_p = old.map(|o| &o["properties"]);

    // dnsPrefix / fqdnSubdomain
    let dns = p["dnsPrefix"].as_str();
    let sub_domain = p["fqdnSubdomain"].as_str();
    if dns.is_some() && sub_domain.is_some() {
        return Err(invalid(
            "dnsPrefix",
            "The value of parameter dnsPrefix is invalid. Error details: dnsPrefix and fqdnSubdomain cannot be used together.".into(),
        ));
    }
    let label = match (dns, sub_domain) {
        (Some(d), _) | (None, Some(d)) if valid_dns_prefix(d) => d.to_string(),
        (Some(d), _) | (None, Some(d)) => {
            return Err(invalid(
                "dnsPrefix",
                format!(
                    "The value of parameter dnsPrefix is invalid. Error details: DNS prefix '{d}' is invalid. DNS prefix must contain between 1 and 54 characters. Please see https://aka.ms/aks-naming-rules for more details.."
                ),
            ));
        }
        (None, None) => {
            return Err(invalid(
                "dnsPrefix",
                "The value of parameter dnsPrefix is invalid. Error details: DNS prefix '' is invalid. DNS prefix must contain between 1 and 54 characters. Please see https://aka.ms/aks-naming-rules for more details..".into(),
            ));
        }
    };

    // versions
    let requested = p["kubernetesVersion"].as_str().unwrap_or("");
    let (k8s, k8s_full) = catalog::resolve_k8s(requested, &s.default_kubernetes_version)
        .ok_or_else(|| unsupported_version(requested))?;

    // pools
    let state_word = if old.is_some() {
        "Updating"
    } else {
        "Creating"
    };
    let pools = agent_pools(&p, &k8s, &k8s_full, state_word)?;

    // identity
    let ckey = key(rg, name);
    let uid = old
        .and_then(|o| o["properties"]["resourceUID"].as_str())
        .map(str::to_string)
        .unwrap_or_else(|| hex(&["uid", sub, &ckey, &ctx.request_id], 12));
    let id_in = &body["identity"];
    let sp_in = &p["servicePrincipalProfile"];
    let sp_client = sp_in["clientId"]
        .as_str()
        .filter(|c| !c.eq_ignore_ascii_case("msi"));
    let id_type = id_in["type"].as_str().unwrap_or(if sp_client.is_some() {
        "None"
    } else {
        "SystemAssigned"
    });
    let identity = match id_type {
        t if t.eq_ignore_ascii_case("SystemAssigned") => json!({
            "type": "SystemAssigned",
            "principalId": guid(&["cluster-principal", &ckey, &uid]),
            "tenantId": s.tenant_id,
        }),
        t if t.eq_ignore_ascii_case("UserAssigned") => {
            let mut uai = Map::new();
            for (rid, _) in id_in["userAssignedIdentities"]
                .as_object()
                .into_iter()
                .flatten()
            {
                let (principal, client) = msi::ids_for(rid);
                uai.insert(
                    rid.clone(),
                    json!({"principalId": principal, "clientId": client}),
                );
            }
            if uai.len() != 1 {
                return Err(invalid("identity", "The value of parameter identity is invalid. Error details: exactly one user assigned identity is required for the control plane.".into()));
            }
            json!({"type": "UserAssigned", "userAssignedIdentities": Value::Object(uai)})
        }
        _ => Value::Null,
    };
    if identity.is_null() && sp_client.is_none() {
        return Err(invalid("servicePrincipalProfile", "The value of parameter servicePrincipalProfile.clientId is invalid. Either a managed identity or a service principal is required.".into()));
    }

    let node_rg = match p["nodeResourceGroup"].as_str().filter(|s| !s.is_empty()) {
        Some(n) => n.to_string(),
        None => format!("MC_{rg}_{name}_{loc}"),
    };
    if node_rg.chars().count() > 80 {
        return Err(invalid(
            "nodeResourceGroup",
            format!(
                "The value of parameter nodeResourceGroup is invalid. Error details: node resource group name '{node_rg}' must be at most 80 characters."
            ),
        ));
    }
    let suffix = old
        .and_then(|o| o["properties"]["fqdn"].as_str())
        .and_then(|f| f.split('.').next())
        .and_then(|h| h.rsplit('-').next())
        .map(str::to_string)
        .unwrap_or_else(|| hex(&["fqdn", &ckey, &uid], 4));
    let host = format!("{}-{suffix}", label.to_ascii_lowercase());

    let mut props = Map::new();
    let put = |m: &mut Map<String, Value>, k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    put(&mut props, "provisioningState", json!(state_word));
    put(&mut props, "powerState", json!({"code": "Running"}));
    put(&mut props, "kubernetesVersion", json!(k8s));
    put(&mut props, "currentKubernetesVersion", json!(k8s_full));
    if let Some(d) = dns {
        put(&mut props, "dnsPrefix", json!(d));
    } else {
        put(&mut props, "fqdnSubdomain", json!(label));
    }
    let private = p["apiServerAccessProfile"]["enablePrivateCluster"].as_bool() == Some(true);
    if dns.is_some() || !private {
        put(
            &mut props,
            "fqdn",
            json!(format!("{host}.hcp.{loc}.azmk8s.io")),
        );
    }
    if private {
        put(
            &mut props,
            "privateFQDN",
            json!(format!("{host}.privatelink.{loc}.azmk8s.io")),
        );
    }
    put(
        &mut props,
        "azurePortalFQDN",
        json!(format!("{host}.portal.hcp.{loc}.azmk8s.io")),
    );
    put(
        &mut props,
        "servicePrincipalProfile",
        json!({"clientId": sp_client.unwrap_or("msi")}),
    );
    put(&mut props, "nodeResourceGroup", json!(node_rg));
    put(
        &mut props,
        "enableRBAC",
        p.get("enableRBAC").cloned().unwrap_or(json!(true)),
    );
    put(&mut props, "supportPlan", json!("KubernetesOfficial"));
    let outbound_ip = format!(
        "/subscriptions/{sub}/resourcegroups/{node_rg}/providers/Microsoft.Network/publicIPAddresses/{}",
        guid(&["outbound-ip", &ckey, &uid])
    );
    let net_defaults = json!({
        "networkPlugin": "azure", "networkPluginMode": "overlay", "networkPolicy": "none",
        "networkDataplane": "azure", "loadBalancerSku": "standard",
        "loadBalancerProfile": {"managedOutboundIPs": {"count": 1},
            "effectiveOutboundIPs": [{"id": outbound_ip}], "backendPoolType": "nodeIPConfiguration"},
        "podCidr": "10.244.0.0/16", "serviceCidr": "10.0.0.0/16", "dnsServiceIP": "10.0.0.10",
        "outboundType": "loadBalancer", "podCidrs": ["10.244.0.0/16"], "serviceCidrs": ["10.0.0.0/16"],
        "ipFamilies": ["IPv4"]
    });
    put(
        &mut props,
        "networkProfile",
        overlay(net_defaults, p.get("networkProfile")),
    );
    put(&mut props, "maxAgentPools", json!(100));
    // Only a finished cluster (or a caller-provided kubelet identity) has an identityProfile.
    if let Some(ip) = p.get("identityProfile").filter(|v| v.is_object()) {
        put(&mut props, "identityProfile", ip.clone());
    } else if let Some(ip) = old_p
        .and_then(|o| o.get("identityProfile"))
        .filter(|v| v.is_object())
    {
        put(&mut props, "identityProfile", ip.clone());
    }
    put(
        &mut props,
        "autoUpgradeProfile",
        overlay(
            json!({"nodeOSUpgradeChannel": "NodeImage"}),
            p.get("autoUpgradeProfile"),
        ),
    );
    put(
        &mut props,
        "disableLocalAccounts",
        p.get("disableLocalAccounts")
            .cloned()
            .unwrap_or(json!(false)),
    );
    put(
        &mut props,
        "securityProfile",
        overlay(json!({}), p.get("securityProfile")),
    );
    put(
        &mut props,
        "storageProfile",
        overlay(
            json!({"diskCSIDriver": {"enabled": true}, "fileCSIDriver": {"enabled": true}, "snapshotController": {"enabled": true}}),
            p.get("storageProfile"),
        ),
    );
    put(
        &mut props,
        "oidcIssuerProfile",
        overlay(json!({"enabled": false}), p.get("oidcIssuerProfile")),
    );
    put(
        &mut props,
        "workloadAutoScalerProfile",
        overlay(json!({}), p.get("workloadAutoScalerProfile")),
    );
    put(&mut props, "resourceUID", json!(uid));
    put(
        &mut props,
        "metricsProfile",
        overlay(
            json!({"costAnalysis": {"enabled": false}}),
            p.get("metricsProfile"),
        ),
    );
    for (k, v) in &req_props {
        if props.contains_key(k)
            || v.is_null()
            || matches!(
                k.as_str(),
                "agentPoolProfiles"
                    | "fqdn"
                    | "azurePortalFQDN"
                    | "privateFQDN"
                    | "currentKubernetesVersion"
            )
        {
            continue;
        }
        props.insert(k.clone(), v.clone());
    }
    props.insert("agentPoolProfiles".into(), Value::Array(pools));
    // Keep request order for the remaining known blocks (linuxProfile, addonProfiles, …) after pools.
    for k in ["linuxProfile", "addonProfiles"] {
        if let Some(v) = props.remove(k) {
            props.insert(k.into(), v);
        }
    }

    let mut res = Map::new();
    res.insert(
        "id".into(),
        json!(format!(
            "/subscriptions/{sub}/resourcegroups/{rg}/providers/{NS}/managedClusters/{name}"
        )),
    );
    res.insert("location".into(), json!(loc));
    res.insert("name".into(), json!(name));
    if let Some(t) = body.get("tags").filter(|t| t.is_object()) {
        res.insert("tags".into(), t.clone());
    }
    res.insert(
        "type".into(),
        json!("Microsoft.ContainerService/ManagedClusters"),
    );
    res.insert(
        "kind".into(),
        body.get("kind")
            .cloned()
            .filter(|k| k.is_string())
            .unwrap_or(json!("Base")),
    );
    res.insert("properties".into(), Value::Object(props));
    if !identity.is_null() {
        res.insert("identity".into(), identity);
    }
    res.insert(
        "sku".into(),
        overlay(json!({"name": "Base", "tier": "Free"}), body.get("sku")),
    );
    res.insert("eTag".into(), json!(hex(&["etag", &ctx.request_id], 8)));
    Ok(Value::Object(res))
}
