//! The long-running-operation clock: operations finish on their `lro_polls`-th status poll, or
//! once `lro_polls × max(retry_after_secs, 1)` seconds have passed since they started (checked on
//! every request, so clients that never poll still see progress). Completing an operation applies
//! its effect to the state: a cluster PUT gains what AKS fills in on success, a cluster delete
//! removes the cluster, a group delete removes the group and every cluster in it.

use serde_json::{Value, json};

use super::util::{Ctx, guid, hex};
use super::{OpKind, Operation, State};

/// Starts an operation and returns its id (derived from the request counter).
pub(crate) fn start(
    state: &mut State,
    ctx: &Ctx,
    kind: OpKind,
    target: &str,
    location: &str,
) -> String {
    let id = match kind {
        OpKind::GroupDelete => format!(
            "RESOURCEGROUPDELETIONJOB-{}-{}",
            target.to_ascii_uppercase(),
            hex(&["rg-delete", &state.counter.to_string()], 6).to_ascii_uppercase()
        ),
        _ => guid(&["operation", &state.counter.to_string()]),
    };
    state.operations.insert(
        id.clone(),
        Operation {
            kind,
            target: target.to_string(),
            location: location.to_string(),
            start: ctx.now_iso(),
            start_unix: ctx.now.unix_timestamp(),
            polls: 0,
            status: "InProgress".into(),
            end: None,
        },
    );
    id
}

/// Counts one status poll of `id`; completes the operation when enough polls were seen.
pub(crate) fn poll(state: &mut State, ctx: &Ctx, id: &str) {
    let Some(op) = state.operations.get_mut(id) else {
        return;
    };
    if op.status != "InProgress" {
        return;
    }
    op.polls += 1;
    if op.polls >= ctx.settings.lro_polls {
        complete(state, ctx, id);
    }
}

/// Completes every running operation whose time is up.
pub(crate) fn settle_due(state: &mut State, ctx: &Ctx) {
    let span = i64::from(ctx.settings.lro_polls) * i64::from(ctx.settings.retry_after_secs.max(1));
    let span = time::Duration::seconds(span);
    // Measured from the exact start (not whole seconds), so a client polling after
    // `Retry-After` seconds never finds the operation finished early.
    let started = |op: &Operation| {
        time::OffsetDateTime::parse(&op.start, &time::format_description::well_known::Rfc3339)
            .ok()
            .or_else(|| time::OffsetDateTime::from_unix_timestamp(op.start_unix).ok())
    };
    let due: Vec<String> = state
        .operations
        .iter()
        .filter(|(_, op)| {
            op.status == "InProgress" && started(op).is_some_and(|s| ctx.now - s >= span)
        })
        .map(|(id, _)| id.clone())
        .collect();
    for id in due {
        complete(state, ctx, &id);
    }
}

/// Marks a running operation `Canceled` without applying its effect (a later operation won).
pub(crate) fn cancel(state: &mut State, ctx: &Ctx, id: &str) {
    if let Some(op) = state.operations.get_mut(id)
        && op.status == "InProgress"
    {
        op.status = "Canceled".into();
        op.end = Some(ctx.now_iso());
    }
}

fn complete(state: &mut State, ctx: &Ctx, id: &str) {
    let Some(op) = state.operations.get_mut(id) else {
        return;
    };
    op.status = "Succeeded".into();
    op.end = Some(ctx.now_iso());
    let (kind, target) = (op.kind, op.target.clone());
    match kind {
        OpKind::ClusterPut => {
            if let Some(c) = state.clusters.get_mut(&target) {
                c.operation = None;
                succeed_cluster(&mut c.resource, ctx);
            }
        }
        OpKind::ClusterDelete => {
            state.clusters.remove(&target);
        }
        OpKind::GroupDelete => {
            state.groups.remove(&target);
            let prefix = format!("{target}/");
            let doomed: Vec<String> = state
                .clusters
                .keys()
                .filter(|k| k.starts_with(&prefix))
                .cloned()
                .collect();
            for k in doomed {
                if let Some(c) = state.clusters.remove(&k)
                    && let Some(op) = c.operation
                {
                    cancel(state, ctx, &op);
                }
            }
            // Identities and the role assignments scoped inside the group go with it.
            state.identities.retain(|k, _| !k.starts_with(&prefix));
            super::network::purge_group(state, &target);
            super::acr::purge_group(state, &target);
            let scope = format!(
                "/subscriptions/{}/resourcegroups/{target}",
                ctx.settings.subscription_id
            )
            .to_ascii_lowercase();
            state.role_assignments.retain(|_, a| {
                let s = a["properties"]["scope"]
                    .as_str()
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                s != scope && !s.starts_with(&format!("{scope}/"))
            });
        }
    }
}

/// What AKS fills in once provisioning succeeds (arm.md §8.3–8.4).
fn succeed_cluster(res: &mut Value, ctx: &Ctx) {
    let sub = ctx.settings.subscription_id.clone();
    let name = res["name"].as_str().unwrap_or_default().to_string();
    let props = &mut res["properties"];
    props["provisioningState"] = json!("Succeeded");
    if let Some(pools) = props["agentPoolProfiles"].as_array_mut() {
        for p in pools {
            p["provisioningState"] = json!("Succeeded");
        }
    }
    let mi = props.get("identityProfile").is_some_and(Value::is_object);
    let node_rg = props["nodeResourceGroup"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if !mi && !node_rg.is_empty() {
        let key = format!("{sub}/{node_rg}/{name}").to_ascii_lowercase();
        props["identityProfile"] = json!({"kubeletidentity": {
            "resourceId": format!("/subscriptions/{sub}/resourcegroups/{node_rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}-agentpool"),
            "clientId": guid(&["kubelet-client", &key]),
            "objectId": guid(&["kubelet-object", &key]),
        }});
    }
    res["eTag"] = json!(hex(&["etag", &ctx.request_id], 8));
}
