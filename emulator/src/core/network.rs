//! `Microsoft.Network/virtualNetworks` and their `subnets`: create-or-update PUT, GET, DELETE
//! and the paged lists, as the network RP answers them. A virtual network is stored whole
//! (its subnets inside `properties.subnets`, one `etag` for both), so a subnet can only exist
//! inside its network and goes when the network or the group goes. Address prefixes are
//! checked as the RP words it: CIDR syntax (`InvalidAddressPrefixFormat`), host bits set
//! (`InvalidCIDRNotation`), a subnet outside its network (`NetcfgSubnetRangeOutsideVnet`) or
//! overlapping a sibling (`NetcfgSubnetRangesOverlap`); the last two texts are UNVERIFIED.
//!
//! Writes are long-running the network RP's way: PUT answers 201 (200 on update) with
//! `provisioningState: Updating` and an `Azure-AsyncOperation` status URL under
//! `/providers/Microsoft.Network/locations/{loc}/operations/{id}`; DELETE answers 202 with that
//! URL and a `Location` under `…/operationResults/{id}` (204 when absent). The operation
//! machinery here ([`start_op`], [`settle`], [`op_status`]) is shared with `acr`, whose RP
//! answers the same way; operations finish on the same clock as `lro` (the `lro_polls`-th
//! status poll, or the same time span), checked whenever a route of either module is called.

use std::net::IpAddr;

use serde_json::{Map, Value, json};

use super::State;
use super::groups;
use super::state::AsyncOp;
use super::util::{
    self, Ctx, Fail, Outcome, body_json, body_location, check_location_for_type, empty, guid,
    json_response, list_link, page,
};

const VNET_TYPE: &str = "Microsoft.Network/virtualNetworks";
const SUBNET_TYPE: &str = "Microsoft.Network/virtualNetworks/subnets";

/// State key of a virtual network: `rg/name`, lowercase.
fn key(rg: &str, name: &str) -> String {
    format!("{rg}/{name}").to_ascii_lowercase()
}

// ------------------------------------------------------------------ async operations

/// Starts an operation on `target` (`vnet:rg/name`, `registry:rg/name`, …) and returns its id.
pub(crate) fn start_op(state: &mut State, ctx: &Ctx, target: &str, delete: bool) -> String {
    let id = guid(&["async-op", &state.counter.to_string()]);
    state.async_ops.insert(
        id.clone(),
        AsyncOp {
            target: target.to_string(),
            delete,
            start: ctx.now_iso(),
            polls: 0,
            status: "InProgress".into(),
        },
    );
    id
}

/// Completes every running operation whose time is up (the span `lro` uses).
pub(crate) fn settle(state: &mut State, ctx: &Ctx) {
    let span = i64::from(ctx.settings.lro_polls) * i64::from(ctx.settings.retry_after_secs.max(1));
    let span = time::Duration::seconds(span);
    let due: Vec<String> = state
        .async_ops
        .iter()
        .filter(|(_, op)| {
            op.status == "InProgress"
                && time::OffsetDateTime::parse(
                    &op.start,
                    &time::format_description::well_known::Rfc3339,
                )
                .is_ok_and(|s| ctx.now - s >= span)
        })
        .map(|(id, _)| id.clone())
        .collect();
    for id in due {
        complete(state, &id);
    }
}

/// Counts one status poll of `id` and returns its status, or `None` for an unknown id.
pub(crate) fn op_status(state: &mut State, ctx: &Ctx, id: &str) -> Option<String> {
    let op = state.async_ops.get_mut(id)?;
    if op.status == "InProgress" {
        op.polls += 1;
        if op.polls >= ctx.settings.lro_polls {
            complete(state, id);
        }
    }
    state.async_ops.get(id).map(|o| o.status.clone())
}

/// Applies a finished operation: a PUT's resource turns `Succeeded`, a DELETE's goes.
fn complete(state: &mut State, id: &str) {
    let Some(op) = state.async_ops.get_mut(id) else {
        return;
    };
    op.status = "Succeeded".into();
    let (target, delete) = (op.target.clone(), op.delete);
    let Some((kind, k)) = target.split_once(':') else {
        return;
    };
    match (kind, delete) {
        ("vnet", true) => {
            state.vnets.remove(k);
        }
        ("vnet", false) => {
            if let Some(v) = state.vnets.get_mut(k) {
                v["properties"]["provisioningState"] = json!("Succeeded");
                if let Some(subnets) = v["properties"]["subnets"].as_array_mut() {
                    for s in subnets {
                        s["properties"]["provisioningState"] = json!("Succeeded");
                    }
                }
            }
        }
        ("registry", true) => {
            state.registries.remove(k);
        }
        ("registry", false) => {
            if let Some(r) = state.registries.get_mut(k) {
                r["properties"]["provisioningState"] = json!("Succeeded");
            }
        }
        _ => {}
    }
}

/// Removes every network (and with it every subnet) of the group `rg` (lowercase).
pub(crate) fn purge_group(state: &mut State, rg: &str) {
    let prefix = format!("{rg}/");
    state.vnets.retain(|k, _| !k.starts_with(&prefix));
}

/// `GET /subscriptions/{sub}/providers/Microsoft.Network/locations/{loc}/operations/{id}`.
pub(crate) fn operation(state: &mut State, ctx: &Ctx) -> Outcome {
    settle(state, ctx);
    let id = ctx.segs[7].clone();
    let status = op_status(state, ctx, &id).ok_or_else(|| op_not_found(&id))?;
    let mut r = json_response(200, &json!({"status": status}));
    if status == "InProgress" {
        r.headers.push(groups::retry_after(ctx));
    }
    Ok(r)
}

/// `GET …/Microsoft.Network/locations/{loc}/operationResults/{id}`: 202 while running, 204 after.
pub(crate) fn operation_result(state: &mut State, ctx: &Ctx) -> Outcome {
    settle(state, ctx);
    let id = ctx.segs[7].clone();
    let status = op_status(state, ctx, &id).ok_or_else(|| op_not_found(&id))?;
    if status == "InProgress" {
        let mut r = empty(202);
        r.headers.push((
            "Location".into(),
            status_url_at(ctx, &ctx.segs[5], &id, true),
        ));
        r.headers.push(groups::retry_after(ctx));
        return Ok(r);
    }
    Ok(empty(204))
}

fn op_not_found(id: &str) -> Fail {
    Fail::new(
        404,
        "NotFound",
        format!("The operation '{id}' could not be found."),
    )
}

/// The network RP's status (or, `result`, operation-result) URL of operation `id` in `loc`.
fn status_url_at(ctx: &Ctx, loc: &str, id: &str, result: bool) -> String {
    format!(
        "{}/subscriptions/{}/providers/Microsoft.Network/locations/{loc}/{}/{id}?api-version={}",
        ctx.base(),
        ctx.settings.subscription_id,
        if result {
            "operationResults"
        } else {
            "operations"
        },
        ctx.q("api-version").unwrap_or_default()
    )
}

// ------------------------------------------------------------------ address prefixes

/// A parsed CIDR prefix: the network address as a number, its length and family width.
#[derive(Debug, Clone, Copy)]
struct Prefix {
    addr: u128,
    len: u32,
    bits: u32,
}

impl Prefix {
    fn first(self) -> u128 {
        self.addr
    }

    fn last(self) -> u128 {
        let host = self.bits - self.len;
        if host >= 128 {
            u128::MAX
        } else {
            self.addr | ((1u128 << host) - 1)
        }
    }

    fn contains(self, other: Prefix) -> bool {
        self.bits == other.bits && self.first() <= other.first() && other.last() <= self.last()
    }

    fn overlaps(self, other: Prefix) -> bool {
        self.bits == other.bits && self.first() <= other.last() && other.first() <= self.last()
    }
}

/// Parses `prefix` of resource `id` with the RP's two errors for a bad one.
fn parse_prefix(prefix: &str, id: &str) -> Result<Prefix, Fail> {
    let bad_format = || {
        Fail::new(
            400,
            "InvalidAddressPrefixFormat",
            format!(
                "Address prefix {prefix} of resource {id} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24."
            ),
        )
    };
    let (ip, len) = prefix.split_once('/').ok_or_else(bad_format)?;
    let ip: IpAddr = ip.parse().map_err(|_| bad_format())?;
    let len: u32 = len
        .parse()
        .ok()
        .filter(|l: &u32| len.bytes().all(|b| b.is_ascii_digit()) && !len.is_empty() && *l <= 128)
        .ok_or_else(bad_format)?;
    let (addr, bits) = match ip {
        IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
        IpAddr::V6(v6) => (u128::from(v6), 128),
    };
    if len > bits {
        return Err(bad_format());
    }
    let host = bits - len;
    let mask = if host >= 128 {
        0
    } else {
        !((1u128 << host) - 1)
    };
    if addr & mask != addr {
        let net = addr & mask;
        let shown = match ip {
            IpAddr::V4(_) => {
                std::net::Ipv4Addr::from(u32::try_from(net).unwrap_or_default()).to_string()
            }
            IpAddr::V6(_) => std::net::Ipv6Addr::from(net).to_string(),
        };
        return Err(Fail::new(
            400,
            "InvalidCIDRNotation",
            format!(
                "The address prefix {prefix} in resource {id} has an invalid CIDR notation. For the given prefix length, the address prefix should be {shown}/{len}."
            ),
        ));
    }
    Ok(Prefix { addr, len, bits })
}

/// The prefixes a subnet's properties name (`addressPrefix` or `addressPrefixes`).
fn subnet_prefixes(props: &Value) -> Vec<String> {
    if let Some(p) = props["addressPrefix"].as_str() {
        return vec![p.to_string()];
    }
    props["addressPrefixes"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

// ------------------------------------------------------------------ names and errors

/// Network resource names: 1–80 characters of word characters, `.`, `-` and `_`, starting
/// with a word character and ending with a word character or `_`.
fn check_name(name: &str) -> Result<(), Fail> {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let ok = (1..=80).contains(&name.chars().count())
        && name.chars().next().is_some_and(word)
        && name.chars().last().is_some_and(word)
        && name.chars().all(|c| word(c) || c == '.' || c == '-');
    if ok {
        return Ok(());
    }
    Err(Fail::new(
        400,
        "InvalidResourceName",
        format!(
            "Resource name {name} is invalid. The name can be up to 80 characters long. It must begin with a word character, and it must end with a word character or with '_'. The name may contain word characters or '.', '-', '_'."
        ),
    ))
}

/// ARM's 404 for a missing virtual network.
fn vnet_not_found(rg: &str, name: &str) -> Fail {
    Fail::new(
        404,
        "ResourceNotFound",
        format!(
            "The Resource '{VNET_TYPE}/{name}' under resource group '{rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"
        ),
    )
    .gateway()
}

/// The network RP's 404 for a missing subnet of an existing network.
fn subnet_not_found(ctx: &Ctx) -> Fail {
    Fail::new(404, "NotFound", format!("Resource {} not found.", ctx.path))
        .details(Value::Array(Vec::new()))
}

fn vnet_id(ctx: &Ctx, rg: &str, name: &str) -> String {
    format!(
        "/subscriptions/{}/resourceGroups/{rg}/providers/{VNET_TYPE}/{name}",
        ctx.settings.subscription_id
    )
}

fn etag(ctx: &Ctx) -> String {
    format!("W/\"{}\"", guid(&["vnet-etag", &ctx.request_id]))
}

/// 201/200 with the resource and the operation's `Azure-AsyncOperation` header.
fn accepted_put(ctx: &Ctx, created: bool, body: &Value, loc: &str, op: &str) -> Outcome {
    let mut r = json_response(if created { 201 } else { 200 }, body);
    r.headers.push((
        "Azure-AsyncOperation".into(),
        status_url_at(ctx, loc, op, false),
    ));
    r.headers.push(groups::retry_after(ctx));
    Ok(r)
}

// ------------------------------------------------------------------ virtual networks

/// `GET …/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks` (`rg` given) or the
/// subscription-wide list.
pub(crate) fn list(state: &mut State, ctx: &Ctx, rg: Option<&str>) -> Outcome {
    settle(state, ctx);
    if let Some(rg) = rg {
        groups::require(state, rg)?;
    }
    Ok(json_response(
        200,
        &util::page_in_group(ctx, &state.vnets, rg),
    ))
}

/// `GET`, `PUT`, `DELETE …/virtualNetworks/{name}`.
pub(crate) fn dispatch(state: &mut State, ctx: &Ctx) -> Outcome {
    settle(state, ctx);
    let rg = ctx.segs[3].clone();
    let name = ctx.segs[7].clone();
    let k = key(&rg, &name);
    match ctx.method.as_str() {
        "GET" => {
            groups::require(state, &rg)?;
            let v = state
                .vnets
                .get(&k)
                .ok_or_else(|| vnet_not_found(&rg, &name))?;
            Ok(json_response(200, v))
        }
        "PUT" => put_vnet(state, ctx, &rg, &name),
        _ => {
            groups::require(state, &rg)?;
            let Some(v) = state.vnets.get(&k) else {
                return Ok(empty(204));
            };
            let loc = v["location"].as_str().unwrap_or("westus2").to_string();
            let op = start_op(state, ctx, &format!("vnet:{k}"), true);
            if let Some(v) = state.vnets.get_mut(&k) {
                v["properties"]["provisioningState"] = json!("Deleting");
            }
            let mut r = empty(202);
            r.headers.push((
                "Azure-AsyncOperation".into(),
                status_url_at(ctx, &loc, &op, false),
            ));
            r.headers
                .push(("Location".into(), status_url_at(ctx, &loc, &op, true)));
            r.headers.push(groups::retry_after(ctx));
            Ok(r)
        }
    }
}

fn tags_of(body: &Value) -> Result<Option<Value>, Fail> {
    match body.get("tags") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) if m.values().all(Value::is_string) => {
            Ok(Some(Value::Object(m.clone())))
        }
        Some(_) => Err(Fail::new(
            400,
            "InvalidRequestContent",
            "The request content was invalid and could not be deserialized: 'tags must map strings to strings'.",
        )),
    }
}

/// A subnet as the RP returns it: the request's properties with the RP's defaults filled in.
fn render_subnet(vnet_id: &str, name: &str, props: &Value, etag: &str, state: &str) -> Value {
    let mut p = Map::new();
    p.insert("provisioningState".into(), json!(state));
    if let Some(given) = props.as_object() {
        for (k, v) in given {
            if !v.is_null() && k != "provisioningState" {
                p.insert(k.clone(), v.clone());
            }
        }
    }
    p.entry("delegations").or_insert_with(|| json!([]));
    p.entry("privateEndpointNetworkPolicies")
        .or_insert_with(|| json!("Disabled"));
    p.entry("privateLinkServiceNetworkPolicies")
        .or_insert_with(|| json!("Enabled"));
    json!({
        "name": name,
        "id": format!("{vnet_id}/subnets/{name}"),
        "etag": etag,
        "properties": Value::Object(p),
        "type": SUBNET_TYPE,
    })
}

/// Checks the subnets' prefixes: well formed, inside the network, not overlapping.
fn check_subnets(
    space: &[Prefix],
    vnet_name: &str,
    subnets: &[(String, Vec<String>)],
    vnet_id: &str,
) -> Result<(), Fail> {
    let mut seen: Vec<(String, Prefix)> = Vec::new();
    for (name, prefixes) in subnets {
        let sid = format!("{vnet_id}/subnets/{name}");
        if prefixes.is_empty() {
            return Err(Fail::new(
                400,
                "NoAddressPrefixOrPoolProvided",
                format!("No address prefix or pool is provided for subnet {sid}."),
            ));
        }
        for p in prefixes {
            let parsed = parse_prefix(p, &sid)?;
            if !space.iter().any(|s| s.contains(parsed)) {
                return Err(Fail::new(
                    400,
                    "NetcfgSubnetRangeOutsideVnet",
                    format!(
                        "Subnet '{name}' is not valid because its IP address range is outside the IP address range of virtual network '{vnet_name}'."
                    ),
                ));
            }
            if let Some((other, _)) = seen.iter().find(|(_, q)| q.overlaps(parsed)) {
                return Err(Fail::new(
                    400,
                    "NetcfgSubnetRangesOverlap",
                    format!(
                        "Subnet '{name}' is not valid because its IP address range overlaps with that of an existing subnet '{other}' in virtual network '{vnet_name}'."
                    ),
                ));
            }
            seen.push((name.clone(), parsed));
        }
    }
    Ok(())
}

fn put_vnet(state: &mut State, ctx: &Ctx, rg: &str, name: &str) -> Outcome {
    let group = groups::require(state, rg)?.name.clone();
    check_name(name)?;
    let body = body_json(ctx)?.unwrap_or(Value::Null);
    let loc = body_location(&body)?;
    check_location_for_type(&loc, VNET_TYPE)?;
    let tags = tags_of(&body)?;
    let k = key(rg, name);
    let existing = state.vnets.get(&k).cloned();
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
    let id = vnet_id(ctx, &group, &shown);
    let props = &body["properties"];
    let prefixes: Vec<String> = props["addressSpace"]["addressPrefixes"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let space = prefixes
        .iter()
        .map(|p| parse_prefix(p, &id))
        .collect::<Result<Vec<_>, _>>()?;
    let given: Vec<(String, Value)> = props["subnets"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| {
                    (
                        s["name"].as_str().unwrap_or_default().to_string(),
                        s["properties"].clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    for (n, _) in &given {
        check_name(n)?;
    }
    let ranges: Vec<(String, Vec<String>)> = given
        .iter()
        .map(|(n, p)| (n.clone(), subnet_prefixes(p)))
        .collect();
    check_subnets(&space, &shown, &ranges, &id)?;
    let tag = etag(ctx);
    let subnets: Vec<Value> = given
        .iter()
        .map(|(n, p)| render_subnet(&id, n, p, &tag, "Updating"))
        .collect();
    let resource_guid = existing
        .as_ref()
        .and_then(|o| o["properties"]["resourceGuid"].as_str().map(str::to_string))
        .unwrap_or_else(|| guid(&["vnet-guid", &id.to_ascii_lowercase()]));
    let mut p = Map::new();
    p.insert("provisioningState".into(), json!("Updating"));
    p.insert("resourceGuid".into(), json!(resource_guid));
    p.insert("addressSpace".into(), json!({"addressPrefixes": prefixes}));
    if let Some(d) = props.get("dhcpOptions").filter(|d| !d.is_null()) {
        p.insert("dhcpOptions".into(), d.clone());
    }
    p.insert(
        "privateEndpointVNetPolicies".into(),
        props
            .get("privateEndpointVNetPolicies")
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or(json!("Disabled")),
    );
    p.insert("subnets".into(), Value::Array(subnets));
    p.insert("virtualNetworkPeerings".into(), json!([]));
    p.insert(
        "enableDdosProtection".into(),
        props
            .get("enableDdosProtection")
            .filter(|v| v.is_boolean())
            .cloned()
            .unwrap_or(json!(false)),
    );
    let mut res = Map::new();
    res.insert("name".into(), json!(shown));
    res.insert("id".into(), json!(id));
    res.insert("etag".into(), json!(tag));
    res.insert("type".into(), json!(VNET_TYPE));
    res.insert("location".into(), json!(loc));
    if let Some(t) = tags {
        res.insert("tags".into(), t);
    }
    res.insert("properties".into(), Value::Object(p));
    let res = Value::Object(res);
    let op = start_op(state, ctx, &format!("vnet:{k}"), false);
    state.vnets.insert(k, res.clone());
    accepted_put(ctx, existing.is_none(), &res, &loc, &op)
}

// ------------------------------------------------------------------ subnets

/// `GET …/virtualNetworks/{vnet}/subnets`: the network's subnets, paged.
pub(crate) fn list_subnets(state: &mut State, ctx: &Ctx) -> Outcome {
    settle(state, ctx);
    let (rg, vnet) = (ctx.segs[3].clone(), ctx.segs[7].clone());
    groups::require(state, &rg)?;
    let v = state
        .vnets
        .get(&key(&rg, &vnet))
        .ok_or_else(|| vnet_not_found(&rg, &vnet))?;
    let items = v["properties"]["subnets"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    Ok(json_response(
        200,
        &page(ctx, items, &list_link(ctx), false),
    ))
}

/// `GET`, `PUT …/virtualNetworks/{vnet}/subnets/{name}`.
pub(crate) fn subnet(state: &mut State, ctx: &Ctx) -> Outcome {
    settle(state, ctx);
    let (rg, vnet, name) = (
        ctx.segs[3].clone(),
        ctx.segs[7].clone(),
        ctx.segs[9].clone(),
    );
    groups::require(state, &rg)?;
    let k = key(&rg, &vnet);
    let Some(v) = state.vnets.get(&k) else {
        return Err(vnet_not_found(&rg, &vnet));
    };
    let position = v["properties"]["subnets"].as_array().and_then(|a| {
        a.iter().position(|s| {
            s["name"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(&name))
        })
    });
    if ctx.method != "PUT" {
        let found = position.map(|i| v["properties"]["subnets"][i].clone());
        return found
            .map(|s| json_response(200, &s))
            .ok_or_else(|| subnet_not_found(ctx));
    }
    check_name(&name)?;
    let body = body_json(ctx)?.unwrap_or(Value::Null);
    let id = v["id"].as_str().unwrap_or_default().to_string();
    let vnet_name = v["name"].as_str().unwrap_or_default().to_string();
    let loc = v["location"].as_str().unwrap_or("westus2").to_string();
    let shown = position
        .and_then(|i| v["properties"]["subnets"][i]["name"].as_str())
        .unwrap_or(&name)
        .to_string();
    let space = v["properties"]["addressSpace"]["addressPrefixes"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .filter_map(|p| parse_prefix(p, &id).ok())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    // The sibling subnets first, then this one, so an overlap names the one already there.
    let mut ranges: Vec<(String, Vec<String>)> = v["properties"]["subnets"]
        .as_array()
        .map(|a| {
            a.iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != position)
                .map(|(_, s)| {
                    (
                        s["name"].as_str().unwrap_or_default().to_string(),
                        subnet_prefixes(&s["properties"]),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    ranges.push((shown.clone(), subnet_prefixes(&body["properties"])));
    check_subnets(&space, &vnet_name, &ranges, &id)?;
    let tag = etag(ctx);
    let rendered = render_subnet(&id, &shown, &body["properties"], &tag, "Updating");
    let op = start_op(state, ctx, &format!("vnet:{k}"), false);
    if let Some(v) = state.vnets.get_mut(&k) {
        v["etag"] = json!(tag);
        if let Some(subnets) = v["properties"]["subnets"].as_array_mut() {
            for s in subnets.iter_mut() {
                s["etag"] = json!(tag);
            }
            match position {
                Some(i) => subnets[i] = rendered.clone(),
                None => subnets.push(rendered.clone()),
            }
        }
    }
    accepted_put(ctx, position.is_none(), &rendered, &loc, &op)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_parse_and_compare_like_the_rp() {
        let p = |s: &str| parse_prefix(s, "/x").expect("valid");
        assert!(p("10.0.0.0/16").contains(p("10.0.1.0/24")));
        assert!(!p("10.0.0.0/16").contains(p("10.1.0.0/24")));
        assert!(p("10.0.0.0/24").overlaps(p("10.0.0.128/25")));
        assert!(!p("10.0.0.0/25").overlaps(p("10.0.0.128/25")));
        assert!(p("0.0.0.0/0").contains(p("192.168.0.0/16")));
        assert!(p("fd00::/8").contains(p("fd00:1::/64")));
        let e = parse_prefix("10.0.0.1/16", "/x").expect_err("host bits");
        assert_eq!(e.code, "InvalidCIDRNotation");
        assert!(
            e.message.ends_with("should be 10.0.0.0/16."),
            "{}",
            e.message
        );
        for bad in [
            "10.0.0.0",
            "10.0.0.0/33",
            "10.0.0/8",
            "x/8",
            "10.0.0.0/+8",
            "10.0.0.0/",
        ] {
            let e = parse_prefix(bad, "/x").expect_err(bad);
            assert_eq!(e.code, "InvalidAddressPrefixFormat", "{bad}");
        }
    }

    #[test]
    fn names_follow_the_network_rules() {
        for good in ["v", "my-vnet.1", "a_", "Ünï"] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        for bad in ["-a", "a-", "a.", "a b", &"a".repeat(81)] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }
}
