//! `Microsoft.ContainerRegistry/registries` (registry resources only: no images, tokens or
//! webhooks): create-or-update PUT, GET, DELETE, the paged lists by group and subscription,
//! `checkNameAvailability`, and the slice of the subscription's generic resource list
//! (`/subscriptions/{sub}/resources`) that `az acr show/delete` without `-g` reads to find a
//! registry's group. Registry names are global (they are DNS names under `azurecr.io`), so a
//! name taken in any group is refused; the RP's texts for that and for a bad name are
//! UNVERIFIED. Writes run as operations the way `network.rs` runs them (`Azure-AsyncOperation`
//! under `…/registries/{name}/operationStatuses/{id}`); registries die with their group.

use serde_json::{Map, Value, json};

use super::State;
use super::groups;
use super::network::{op_status, settle, start_op};
use super::util::{
    self, Ctx, Fail, Outcome, body_json, body_location, check_location_for_type, empty,
    json_response, list_link, page,
};

const TYPE: &str = "Microsoft.ContainerRegistry/registries";
const LOGIN_SUFFIX: &str = "azurecr.io";

fn key(rg: &str, name: &str) -> String {
    format!("{rg}/{name}").to_ascii_lowercase()
}

/// Removes every registry of the group `rg` (lowercase).
pub(crate) fn purge_group(state: &mut State, rg: &str) {
    let prefix = format!("{rg}/");
    state.registries.retain(|k, _| !k.starts_with(&prefix));
}

/// The stored registry named `name` in any group (names are global).
fn by_name<'s>(state: &'s State, name: &str) -> Option<(&'s String, &'s Value)> {
    state.registries.iter().find(|(_, v)| {
        v["name"]
            .as_str()
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    })
}

/// Registry names: 5–50 letters and digits.
fn name_problem(name: &str) -> Option<(&'static str, String)> {
    let ok = (5..=50).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric());
    (!ok).then(|| {
        (
            "Invalid",
            "The specified resource name is disallowed".to_string(),
        )
    })
}

fn not_found(rg: &str, name: &str) -> Fail {
    Fail::new(
        404,
        "ResourceNotFound",
        format!(
            "The Resource '{TYPE}/{name}' under resource group '{rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"
        ),
    )
    .gateway()
}

fn status_url(ctx: &Ctx, rg: &str, name: &str, id: &str) -> String {
    format!(
        "{}/subscriptions/{}/resourceGroups/{rg}/providers/{TYPE}/{name}/operationStatuses/registries-{id}?api-version={}",
        ctx.base(),
        ctx.settings.subscription_id,
        ctx.q("api-version").unwrap_or_default()
    )
}

/// `POST /subscriptions/{sub}/providers/Microsoft.ContainerRegistry/checkNameAvailability`.
pub(crate) fn check_name(state: &mut State, ctx: &Ctx) -> Outcome {
    let body = body_json(ctx)?.unwrap_or(Value::Null);
    let name = body["name"].as_str().unwrap_or_default();
    if body["type"].as_str() != Some(TYPE) {
        return Err(Fail::new(
            400,
            "InvalidResourceType",
            format!(
                "The resource type '{}' is not supported; expected '{TYPE}'.",
                body["type"].as_str().unwrap_or_default()
            ),
        ));
    }
    let answer = if let Some((reason, message)) = name_problem(name) {
        json!({"nameAvailable": false, "reason": reason, "message": message})
    } else if by_name(state, name).is_some() {
        json!({
            "nameAvailable": false,
            "reason": "AlreadyExists",
            "message": "The registry DNS name is already in use. You can check if the name is already claimed using following API: https://learn.microsoft.com/en-us/rest/api/containerregistry/registries/check-name-availability",
        })
    } else {
        json!({"nameAvailable": true})
    };
    Ok(json_response(200, &answer))
}

/// `GET …/providers/Microsoft.ContainerRegistry/registries` by group (`rg`) or subscription.
pub(crate) fn list(state: &mut State, ctx: &Ctx, rg: Option<&str>) -> Outcome {
    settle(state, ctx);
    if let Some(rg) = rg {
        groups::require(state, rg)?;
    }
    Ok(json_response(
        200,
        &util::page_in_group(ctx, &state.registries, rg),
    ))
}

/// `GET /subscriptions/{sub}/resources[?$filter=resourceType eq 'T']`: the registries and
/// virtual networks of the subscription in the generic resource shape. Other resource types
/// are not listed (az's registry lookup is the only caller this emulator serves).
pub(crate) fn resources(state: &mut State, ctx: &Ctx) -> Outcome {
    settle(state, ctx);
    let wanted = match ctx.q("$filter") {
        None => None,
        Some(f) => {
            let t = f
                .strip_prefix("resourceType eq '")
                .and_then(|t| t.strip_suffix('\''))
                .ok_or_else(|| {
                    Fail::new(
                        400,
                        "InvalidFilterInQueryString",
                        format!("Invalid $filter '{f}' specified in the query string."),
                    )
                })?;
            Some(t.to_ascii_lowercase())
        }
    };
    let generic = |v: &Value| {
        let mut o = Map::new();
        for k in ["id", "name", "type", "sku", "location", "tags"] {
            if let Some(x) = v.get(k).filter(|x| !x.is_null()) {
                o.insert(k.to_string(), x.clone());
            }
        }
        Value::Object(o)
    };
    let items: Vec<Value> = state
        .registries
        .values()
        .chain(state.vnets.values())
        .filter(|v| {
            wanted.as_deref().is_none_or(|t| {
                v["type"]
                    .as_str()
                    .is_some_and(|ty| ty.eq_ignore_ascii_case(t))
            })
        })
        .map(generic)
        .collect();
    Ok(json_response(
        200,
        &page(ctx, items, &list_link(ctx), false),
    ))
}

/// `GET …/registries/{name}/operationStatuses/{id}`.
pub(crate) fn operation(state: &mut State, ctx: &Ctx) -> Outcome {
    settle(state, ctx);
    let raw = ctx.segs[9].clone();
    let id = raw.strip_prefix("registries-").unwrap_or(&raw).to_string();
    let status = op_status(state, ctx, &id).ok_or_else(|| {
        Fail::new(
            404,
            "NotFound",
            format!("The operation '{raw}' could not be found."),
        )
    })?;
    let mut r = json_response(200, &json!({"status": status}));
    if status == "InProgress" {
        r.headers.push(groups::retry_after(ctx));
    }
    Ok(r)
}

/// `GET`, `PUT`, `DELETE …/registries/{name}`.
pub(crate) fn dispatch(state: &mut State, ctx: &Ctx) -> Outcome {
    settle(state, ctx);
    let rg = ctx.segs[3].clone();
    let name = ctx.segs[7].clone();
    let k = key(&rg, &name);
    match ctx.method.as_str() {
        "GET" => {
            groups::require(state, &rg)?;
            let v = state
                .registries
                .get(&k)
                .ok_or_else(|| not_found(&rg, &name))?;
            Ok(json_response(200, v))
        }
        "PUT" => put(state, ctx, &rg, &name),
        _ => {
            groups::require(state, &rg)?;
            if !state.registries.contains_key(&k) {
                return Ok(empty(204));
            }
            let op = start_op(state, ctx, &format!("registry:{k}"), true);
            if let Some(v) = state.registries.get_mut(&k) {
                v["properties"]["provisioningState"] = json!("Deleting");
            }
            let url = status_url(ctx, &rg, &name, &op);
            let mut r = empty(202);
            r.headers.push(("Azure-AsyncOperation".into(), url.clone()));
            r.headers.push(("Location".into(), url));
            r.headers.push(groups::retry_after(ctx));
            Ok(r)
        }
    }
}

fn put(state: &mut State, ctx: &Ctx, rg: &str, name: &str) -> Outcome {
    let group = groups::require(state, rg)?.name.clone();
    if name_problem(name).is_some() {
        return Err(Fail::new(
            400,
            "InvalidResourceName",
            format!(
                "The resource name '{name}' is invalid. The name must contain only alphanumeric characters, be globally unique, and between 5 and 50 characters in length."
            ),
        ));
    }
    let k = key(rg, name);
    if let Some((other, _)) = by_name(state, name)
        && *other != k
    {
        return Err(Fail::new(
            409,
            "AlreadyInUse",
            format!(
                "The registry DNS name {}.{LOGIN_SUFFIX} is already in use. You can check if the name is already claimed using following API: https://learn.microsoft.com/en-us/rest/api/containerregistry/registries/check-name-availability",
                name.to_ascii_lowercase()
            ),
        ));
    }
    let body = body_json(ctx)?.unwrap_or(Value::Null);
    let loc = body_location(&body)?;
    check_location_for_type(&loc, TYPE)?;
    let sku = body["sku"]["name"].as_str().unwrap_or_default().to_string();
    if !matches!(sku.as_str(), "Basic" | "Standard" | "Premium") {
        return Err(Fail::new(
            400,
            "InvalidSku",
            format!("The sku '{sku}' is invalid. Valid values are Basic, Standard and Premium."),
        ));
    }
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
    let existing = state.registries.get(&k).cloned();
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
    let shown = existing
        .as_ref()
        .and_then(|o| o["name"].as_str())
        .unwrap_or(name)
        .to_string();
    let now = ctx.now_iso();
    let created = existing
        .as_ref()
        .and_then(|o| o["properties"]["creationDate"].as_str())
        .unwrap_or(&now)
        .to_string();
    let id = format!(
        "/subscriptions/{}/resourceGroups/{group}/providers/{TYPE}/{shown}",
        ctx.settings.subscription_id
    );
    let given = &body["properties"];
    let flag = |k: &str, default: bool| given[k].as_bool().unwrap_or(default);
    let text = |k: &str, default: &str| given[k].as_str().unwrap_or(default).to_string();
    let creator = ctx.settings.sp_client_id.clone();
    let res = json!({
        "sku": {"name": sku, "tier": sku},
        "type": TYPE,
        "id": id,
        "name": shown,
        "location": loc,
        "tags": tags,
        "systemData": {
            "createdBy": creator,
            "createdByType": "Application",
            "createdAt": created,
            "lastModifiedBy": creator,
            "lastModifiedByType": "Application",
            "lastModifiedAt": now,
        },
        "properties": {
            "loginServer": format!("{}.{LOGIN_SUFFIX}", shown.to_ascii_lowercase()),
            "creationDate": created,
            "provisioningState": "Creating",
            "adminUserEnabled": flag("adminUserEnabled", false),
            "policies": {
                "quarantinePolicy": {"status": "disabled"},
                "trustPolicy": {"type": "Notary", "status": "disabled"},
                "retentionPolicy": {"days": 7, "lastUpdatedTime": created, "status": "disabled"},
                "exportPolicy": {"status": "enabled"},
                "azureADAuthenticationAsArmPolicy": {"status": "enabled"},
            },
            "encryption": {"status": "disabled"},
            "dataEndpointEnabled": false,
            "dataEndpointHostNames": [],
            "privateEndpointConnections": [],
            "publicNetworkAccess": text("publicNetworkAccess", "Enabled"),
            "networkRuleBypassOptions": text("networkRuleBypassOptions", "AzureServices"),
            "zoneRedundancy": text("zoneRedundancy", "Disabled"),
            "anonymousPullEnabled": false,
            "metadataSearch": text("metadataSearch", "Disabled"),
        },
    });
    let op = start_op(state, ctx, &format!("registry:{k}"), false);
    state.registries.insert(k, res.clone());
    let mut r = json_response(if existing.is_none() { 201 } else { 200 }, &res);
    r.headers.push((
        "Azure-AsyncOperation".into(),
        status_url(ctx, &group, &shown, &op),
    ));
    r.headers.push(groups::retry_after(ctx));
    Ok(r)
}
