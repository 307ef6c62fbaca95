//! `Microsoft.ContainerService/managedClusters` (arm.md §8): create/update PUT with validation
//! and server-filled fields, GET, paged lists, DELETE, the operation status/result endpoints,
//! credentials and `kubernetesVersions`. Every route except the operation URLs first checks that
//! the subscription is registered for the namespace.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use super::catalog::{self, K8S_VERSIONS};
use super::groups::{self, retry_after};
use super::kubeconfig::{self, UserAuth};
use super::registry::provider_state;
use super::util::{
    Ctx, Fail, Outcome, body_json, empty, guid, hex, json_response, norm_location, ok, page,
};
use super::{Cluster, OpKind, State, lro, msi};

const NS: &str = "Microsoft.ContainerService";

fn key(rg: &str, name: &str) -> String {
    format!("{rg}/{name}").to_ascii_lowercase()
}

/// The location to name in `NoRegisteredProviderFound`: the cluster's, the body's, or none.
pub(crate) fn location_hint(state: &State, ctx: &Ctx) -> String {
    if ctx.lower.len() >= 8
        && ctx.lower[2] == "resourcegroups"
        && let Some(c) = state.clusters.get(&key(&ctx.segs[3], &ctx.segs[7]))
    {
        {
            return c.resource["location"]
                .as_str()
                .unwrap_or_default()
                .to_string();
        }
    }
    if ctx.lower.get(4).map(String::as_str) == Some("locations") {
        return ctx.segs[5].clone();
    }
    serde_json::from_slice::<Value>(&ctx.req.body)
        .ok()
        .and_then(|b| b["location"].as_str().map(norm_location))
        .unwrap_or_default()
}

/// 409 `MissingSubscriptionRegistration` unless the namespace is registered (arm.md §3.4).
fn gate(state: &State, ctx: &Ctx) -> Result<(), Fail> {
    let st = provider_state(state, NS).unwrap_or_default();
    let open = st == "Registered" || (st == "Registering" && ctx.settings.registering_is_enough);
    if open {
        return Ok(());
    }
    let msg = format!(
        "The subscription is not registered to use namespace '{NS}'. See https://aka.ms/rps-not-found for how to register subscriptions."
    );
    let details =
        json!([{"code": "MissingSubscriptionRegistration", "message": msg, "target": NS}]);
    Err(Fail::new(409, "MissingSubscriptionRegistration", msg).details(details))
}

fn not_found(rg: &str, name: &str) -> Fail {
    Fail::new(
        404,
        "ResourceNotFound",
        format!(
            "The Resource '{NS}/managedClusters/{name}' under resource group '{rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"
        ),
    )
    .gateway()
}

fn invalid(target: &str, message: String) -> Fail {
    Fail::new(400, "InvalidParameter", message).target(target)
}

fn async_url(ctx: &Ctx, loc: &str, kind: &str, id: &str) -> String {
    format!(
        "{}/subscriptions/{}/providers/{NS}/locations/{loc}/{kind}/{id}?api-version=2016-03-30",
        ctx.base(),
        ctx.settings.subscription_id
    )
}

pub(crate) fn list(state: &mut State, ctx: &Ctx, rg: Option<&str>) -> Outcome {
    gate(state, ctx)?;
    if let Some(rg) = rg {
        groups::require(state, rg)?;
    }
    let prefix = rg.map(|r| format!("{}/", r.to_ascii_lowercase()));
    let items: Vec<Value> = state
        .clusters
        .iter()
        .filter(|(k, _)| prefix.as_ref().is_none_or(|p| k.starts_with(p)))
        .map(|(_, c)| c.resource.clone())
        .collect();
    let link = format!(
        "{}{}?api-version={}",
        ctx.base(),
        ctx.path,
        ctx.q("api-version").unwrap_or_default()
    );
    ok(&page(ctx, items, &link, true))
}

pub(crate) fn versions(state: &mut State, ctx: &Ctx) -> Outcome {
    gate(state, ctx)?;
    let loc = norm_location(&ctx.segs[5]);
    if !catalog::location_known(&loc) {
        return Err(location_unavailable(&loc));
    }
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

fn location_unavailable(loc: &str) -> Fail {
    Fail::new(
        400,
        "LocationNotAvailableForResourceType",
        format!(
            "The provided location '{loc}' is not available for resource type '{NS}/managedClusters'. List of available regions for the resource type is '{}'.",
            catalog::location_list()
        ),
    )
}

fn find_op<'s>(state: &'s State, ctx: &Ctx) -> Result<&'s super::Operation, Fail> {
    let id = &ctx.segs[7];
    state
        .operations
        .get(id.as_str())
        .filter(|o| o.kind != OpKind::GroupDelete)
        .ok_or_else(|| {
            Fail::new(
                404,
                "OperationNotFound",
                format!("The operation '{id}' could not be found."),
            )
        })
}

pub(crate) fn operation_status(state: &mut State, ctx: &Ctx) -> Outcome {
    find_op(state, ctx)?;
    let id = ctx.segs[7].clone();
    lro::poll(state, ctx, &id);
    let op = find_op(state, ctx)?;
    let mut body = json!({"name": id, "status": op.status, "startTime": op.start});
    if let Some(end) = &op.end {
        body["endTime"] = json!(end);
    }
    if op.status == "Canceled" {
        body["error"] = json!({"code": "Canceled", "message": "The operation was canceled by a later operation."});
    }
    let running = op.status == "InProgress";
    let mut r = json_response(200, &body);
    if running {
        r.headers.push(retry_after(ctx));
    }
    Ok(r)
}

pub(crate) fn operation_result(state: &mut State, ctx: &Ctx) -> Outcome {
    find_op(state, ctx)?;
    let id = ctx.segs[7].clone();
    lro::poll(state, ctx, &id);
    let op = find_op(state, ctx)?;
    if op.status == "InProgress" {
        let mut r = empty(202);
        r.headers.push((
            "Location".into(),
            async_url(ctx, &op.location, "operationresults", &id),
        ));
        r.headers.push(retry_after(ctx));
        return Ok(r);
    }
    Ok(empty(204))
}

pub(crate) fn dispatch(state: &mut State, ctx: &Ctx) -> Outcome {
    gate(state, ctx)?;
    let (rg, name) = (ctx.segs[3].clone(), ctx.segs[7].clone());
    let group = groups::require(state, &rg)?;
    let deleting = group.deleting.is_some();
    match ctx.method.as_str() {
        "GET" => state
            .clusters
            .get(&key(&rg, &name))
            .map(|c| json_response(200, &c.resource))
            .ok_or_else(|| not_found(&rg, &name)),
        "PUT" => {
            if deleting {
                return Err(Fail::new(
                    409,
                    "ResourceGroupBeingDeleted",
                    format!(
                        "The resource group '{rg}' is in deprovisioning state and cannot perform this operation."
                    ),
                ));
            }
            put(state, ctx, &rg, &name)
        }
        _ => delete(state, ctx, &rg, &name),
    }
}

fn delete(state: &mut State, ctx: &Ctx, rg: &str, name: &str) -> Outcome {
    let k = key(rg, name);
    let Some(c) = state.clusters.get(&k) else {
        return Ok(empty(204));
    };
    let loc = c.resource["location"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let running = c.operation.clone();
    let existing_delete = running.as_ref().filter(|id| {
        state
            .operations
            .get(id.as_str())
            .is_some_and(|o| o.kind == OpKind::ClusterDelete && o.status == "InProgress")
    });
    let id = match existing_delete {
        Some(id) => id.clone(),
        None => {
            if let Some(prev) = &running {
                lro::cancel(state, ctx, prev);
            }
            let id = lro::start(state, ctx, OpKind::ClusterDelete, &k, &loc);
            if let Some(c) = state.clusters.get_mut(&k) {
                c.operation = Some(id.clone());
                c.resource["properties"]["provisioningState"] = json!("Deleting");
            }
            id
        }
    };
    let mut r = empty(202);
    r.headers.push((
        "Azure-AsyncOperation".into(),
        async_url(ctx, &loc, "operations", &id),
    ));
    r.headers.push((
        "Location".into(),
        async_url(ctx, &loc, "operationresults", &id),
    ));
    r.headers.push(retry_after(ctx));
    Ok(r)
}

/// `^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$`
fn valid_cluster_name(n: &str) -> bool {
    let b = n.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')
}

fn valid_dns_prefix(p: &str) -> bool {
    let b = p.as_bytes();
    !b.is_empty()
        && b.len() <= 54
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
}

fn valid_pool_name(n: &str) -> bool {
    let b = n.as_bytes();
    !b.is_empty()
        && b.len() <= 12
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

fn unsupported_version(v: &str) -> Fail {
    Fail::new(
        400,
        "AgentPoolK8sVersionNotSupported",
        format!(
            "Version {v} is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list"
        ),
    )
}

/// `defaults` with every non-null field of `given` laid over it (objects merged one level).
fn overlay(defaults: Value, given: Option<&Value>) -> Value {
    let mut out = match defaults {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    if let Some(Value::Object(g)) = given {
        for (k, v) in g {
            if !v.is_null() {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(out)
}

fn put(state: &mut State, ctx: &Ctx, rg: &str, name: &str) -> Outcome {
    if !valid_cluster_name(name) {
        return Err(Fail::new(
            400,
            "InvalidResourceName",
            format!(
                "Resource name '{name}' is invalid. The name can be between 1 and 63 characters long and can contain only letters, numbers, underscores and hyphens. The name must start and end with a letter or number."
            ),
        ));
    }
    let body = body_json(ctx)?.unwrap_or(Value::Null);
    let Some(loc) = body["location"].as_str().filter(|l| !l.is_empty()) else {
        return Err(Fail::new(
            400,
            "LocationRequired",
            "The location property is required for this definition.",
        ));
    };
    let loc = norm_location(loc);
    if !catalog::location_known(&loc) {
        return Err(location_unavailable(&loc));
    }
    let k = key(rg, name);
    let existing = state.clusters.get(&k).cloned();
    if let Some(old) = &existing {
        check_update(state, old, &body, &loc, rg, name)?;
    }
    let body = resolve_kubelet_identity(state, ctx, body, existing.as_ref())?;
    let res = build(
        ctx,
        &body,
        &loc,
        rg,
        name,
        existing.as_ref().map(|c| &c.resource),
    )?;
    let kind_status = if existing.is_some() { 200 } else { 201 };
    let id = lro::start(state, ctx, OpKind::ClusterPut, &k, &loc);
    state.clusters.insert(
        k,
        Cluster {
            resource: res.clone(),
            operation: Some(id.clone()),
        },
    );
    let mut r = json_response(kind_status, &res);
    r.headers.push((
        "Azure-AsyncOperation".into(),
        async_url(ctx, &loc, "operations", &id),
    ));
    r.headers.push(retry_after(ctx));
    Ok(r)
}

/// A caller-provided kubelet identity must exist; the cluster then reports that identity's own
/// `clientId`/`objectId`, whatever the body claimed. (Real AKS rejects a missing one; code and
/// text here are UNVERIFIED.) An update that sends back the cluster's current kubelet identity
/// (e.g. AKS's own `<name>-agentpool`) is left alone.
fn resolve_kubelet_identity(
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

fn check_update(
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

/// The resource as AKS answers the PUT: request fields plus server-filled ones.
fn build(
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
    let state_word = if old.is_some() {
        "Updating"
    } else {
        "Creating"
    };
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
            (k8s.clone(), k8s_full.clone())
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
