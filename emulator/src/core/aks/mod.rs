//! `Microsoft.ContainerService/managedClusters` (arm.md §8): the routes of one cluster and the
//! lists. This file owns the namespace gate, the cluster key, GET, the paged lists, DELETE and
//! the PUT's order of work (name, location, update checks, kubelet identity, then the resource
//! and its operation); every route except the operation URLs first checks that the subscription
//! is registered for the namespace. It leaves to its children what each step knows:
//! `validate` (names and what an update may not change), `defaults` (the resource AKS answers
//! with: request fields plus server-filled ones), `pools` (agent pool profiles), `versions`
//! (`kubernetesVersions` and version errors), `operations` (the status and result URLs) and
//! `credentials` (`listCluster*Credential`).

mod agent_pools;
mod credentials;
mod defaults;
mod operations;
mod pools;
mod validate;
mod versions;

use serde_json::{Value, json};

pub(crate) use agent_pools::{get as get_agent_pool, list as list_agent_pools, upgrade_node_image};
pub(crate) use credentials::credentials;
pub(crate) use operations::{operation_result, operation_status};
pub(crate) use versions::versions;

use defaults::build;
use validate::{check_update, resolve_kubelet_identity, valid_cluster_name};

use crate::core::groups::{self, retry_after};
use crate::core::registry::provider_state;
use crate::core::util::{
    Ctx, Fail, Outcome, body_json, body_location, check_location_for_type, empty, json_response,
    list_link, norm_location, ok, page,
};
use crate::core::{Cluster, OpKind, State, lro};

const NS: &str = "Microsoft.ContainerService";
/// The resource type as ARM names it in location errors.
const TYPE: &str = "Microsoft.ContainerService/managedClusters";

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
    let link = list_link(ctx);
    ok(&page(ctx, items, &link, true))
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
    Ok(accepted(ctx, &loc, &id))
}

/// 202 with the operation's `Azure-AsyncOperation` and `Location` URLs and `Retry-After`, as
/// AKS answers a delete or an agent pool action.
fn accepted(ctx: &Ctx, loc: &str, id: &str) -> crate::core::Response {
    let mut r = empty(202);
    r.headers.push((
        "Azure-AsyncOperation".into(),
        async_url(ctx, loc, "operations", id),
    ));
    r.headers.push((
        "Location".into(),
        async_url(ctx, loc, "operationresults", id),
    ));
    r.headers.push(retry_after(ctx));
    r
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
    let loc = body_location(&body)?;
    check_location_for_type(&loc, TYPE)?;
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
