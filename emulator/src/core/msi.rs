//! `Microsoft.ManagedIdentity/userAssignedIdentities`: create-or-update PUT, GET, DELETE and
//! the paged lists by resource group and by subscription. An identity's `principalId` and
//! `clientId` are derived from its lowercase resource id, the same derivation the AKS route uses
//! for a control-plane identity it has not seen, so a cluster reports the identity's own values.
//! Identities die with their resource group. Role assignments are `authz.rs`'s business.

use serde_json::{Map, Value, json};

use super::State;
use super::groups;
use super::registry::provider_state;
use super::util::{
    self, Ctx, Fail, Outcome, body_json, body_location, check_location_for_type, empty, guid,
    json_response,
};

const NS: &str = "Microsoft.ManagedIdentity";
const TYPE: &str = "Microsoft.ManagedIdentity/userAssignedIdentities";

/// State key of an identity: `rg/name`, lowercase.
pub(crate) fn key(rg: &str, name: &str) -> String {
    format!("{rg}/{name}").to_ascii_lowercase()
}

/// `(principalId, clientId)` of the user-assigned identity with this resource id.
pub(crate) fn ids_for(resource_id: &str) -> (String, String) {
    let lower = resource_id.to_ascii_lowercase();
    (
        guid(&["uami-principal", &lower]),
        guid(&["uami-client", &lower]),
    )
}

/// Splits `/subscriptions/{sub}/resourcegroups/{rg}/providers/Microsoft.ManagedIdentity/
/// userAssignedIdentities/{name}` (any casing) into `(sub, rg, name)`.
pub(crate) fn parse_id(id: &str) -> Option<(String, String, String)> {
    let segs: Vec<&str> = id.split('/').filter(|s| !s.is_empty()).collect();
    let l: Vec<String> = segs.iter().map(|s| s.to_ascii_lowercase()).collect();
    let shape = l.len() == 8
        && l[0] == "subscriptions"
        && l[2] == "resourcegroups"
        && l[4] == "providers"
        && l[5] == "microsoft.managedidentity"
        && l[6] == "userassignedidentities";
    shape.then(|| {
        (
            segs[1].to_string(),
            segs[3].to_string(),
            segs[7].to_string(),
        )
    })
}

/// The stored identity with this resource id, if it exists in this subscription.
pub(crate) fn lookup<'s>(state: &'s State, ctx: &Ctx, id: &str) -> Option<&'s Value> {
    let (sub, rg, name) = parse_id(id)?;
    if !sub.eq_ignore_ascii_case(&ctx.settings.subscription_id) {
        return None;
    }
    state.identities.get(&key(&rg, &name))
}

/// ARM's 404 for a missing identity (the text az's `"was not found"` test looks for).
pub(crate) fn not_found(rg: &str, name: &str) -> Fail {
    Fail::new(
        404,
        "ResourceNotFound",
        format!(
            "The Resource '{TYPE}/{name}' under resource group '{rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"
        ),
    )
    .gateway()
}

/// 409 `MissingSubscriptionRegistration` unless the namespace is registered (seeded so).
fn gate(state: &State) -> Result<(), Fail> {
    if provider_state(state, NS).as_deref() == Some("Registered") {
        return Ok(());
    }
    let msg = format!(
        "The subscription is not registered to use namespace '{NS}'. See https://aka.ms/rps-not-found for how to register subscriptions."
    );
    let details =
        json!([{"code": "MissingSubscriptionRegistration", "message": msg, "target": NS}]);
    Err(Fail::new(409, "MissingSubscriptionRegistration", msg).details(details))
}

/// Identity names: 3–128 characters, letters, digits, `-` and `_`, starting alphanumeric.
fn valid_name(n: &str) -> bool {
    let len = n.chars().count();
    (3..=128).contains(&len)
        && n.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `GET …/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`
/// (`rg` given) or the subscription-wide list.
pub(crate) fn list(state: &mut State, ctx: &Ctx, rg: Option<&str>) -> Outcome {
    gate(state)?;
    if let Some(rg) = rg {
        groups::require(state, rg)?;
    }
    Ok(json_response(
        200,
        &util::page_in_group(ctx, &state.identities, rg),
    ))
}

/// `GET`, `PUT`, `DELETE …/userAssignedIdentities/{name}`.
pub(crate) fn dispatch(state: &mut State, ctx: &Ctx) -> Outcome {
    gate(state)?;
    let rg = ctx.segs[3].clone();
    let name = ctx.segs[7].clone();
    let k = key(&rg, &name);
    match ctx.method.as_str() {
        "GET" => {
            groups::require(state, &rg)?;
            let v = state
                .identities
                .get(&k)
                .ok_or_else(|| not_found(&rg, &name))?;
            Ok(json_response(200, v))
        }
        "PUT" => put(state, ctx, &rg, &name),
        _ => {
            groups::require(state, &rg)?;
            match state.identities.remove(&k) {
                Some(_) => Ok(empty(200)),
                None => Ok(empty(204)),
            }
        }
    }
}

fn put(state: &mut State, ctx: &Ctx, rg: &str, name: &str) -> Outcome {
    let group = groups::require(state, rg)?.name.clone();
    if !valid_name(name) {
        return Err(Fail::new(
            400,
            "InvalidResourceName",
            format!(
                "Resource name '{name}' is invalid. The name can be between 3 and 128 characters long and can contain only letters, numbers, hyphens and underscores, starting with a letter or number."
            ),
        ));
    }
    let body = body_json(ctx)?.unwrap_or(Value::Null);
    let loc = body_location(&body)?;
    check_location_for_type(&loc, TYPE)?;
    let tags = match body.get("tags") {
        None | Some(Value::Null) => json!({}),
        Some(Value::Object(m)) if m.values().all(Value::is_string) => Value::Object(m.clone()),
        Some(_) => {
            return Err(Fail::new(
                400,
                "InvalidRequestContent",
                "The request content was invalid and could not be deserialized: 'tags must map strings to strings'.",
            ));
        }
    };
    let k = key(rg, name);
    let existing = state.identities.get(&k).cloned();
    if let Some(old) = &existing
        && old["location"].as_str() != Some(loc.as_str())
    {
        return Err(Fail::new(
            400,
            "InvalidResourceLocation",
            format!(
                "The resource '{name}' already exists in location '{}' in resource group '{group}'. A resource with the same name cannot be created in location '{loc}'. Please select a new resource name.",
                old["location"].as_str().unwrap_or_default()
            ),
        ));
    }
    // The first casing of the name is kept, like every ARM resource.
    let shown = existing
        .as_ref()
        .and_then(|o| o["name"].as_str())
        .unwrap_or(name)
        .to_string();
    let id = format!(
        "/subscriptions/{}/resourcegroups/{group}/providers/{TYPE}/{shown}",
        ctx.settings.subscription_id
    );
    let (principal, client) = ids_for(&id);
    let isolation = body
        .pointer("/properties/isolationScope")
        .and_then(Value::as_str)
        .unwrap_or("None");
    let mut res = Map::new();
    res.insert("location".into(), json!(loc));
    res.insert("tags".into(), tags);
    res.insert("id".into(), json!(id));
    res.insert("name".into(), json!(shown));
    res.insert("type".into(), json!(TYPE));
    res.insert(
        "properties".into(),
        json!({
            "isolationScope": isolation,
            "tenantId": ctx.settings.tenant_id,
            "principalId": principal,
            "clientId": client,
        }),
    );
    let res = Value::Object(res);
    state.identities.insert(k, res.clone());
    Ok(json_response(
        if existing.is_some() { 200 } else { 201 },
        &res,
    ))
}
