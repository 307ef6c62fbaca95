//! Resource groups (`Microsoft.Resources/resourceGroups`): existence check, create-or-update,
//! get, patch, tag-filtered paged list, and the `Location`-polled delete that cascades to the
//! clusters inside (arm.md §6, §5.2).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use super::util::{Ctx, Fail, Outcome, body_json, body_location, empty, enc, ok, page_of};
use super::{Group, OpKind, State, catalog, lro};

pub(crate) fn not_found(rg: &str) -> Fail {
    Fail::new(
        404,
        "ResourceGroupNotFound",
        format!("Resource group '{rg}' could not be found."),
    )
}

/// The group named `rg` (case-insensitive) or 404 `ResourceGroupNotFound`.
pub(crate) fn require<'s>(state: &'s State, rg: &str) -> Result<&'s Group, Fail> {
    state
        .groups
        .get(&rg.to_ascii_lowercase())
        .ok_or_else(|| not_found(rg))
}

fn render(ctx: &Ctx, g: &Group) -> Value {
    let mut o = serde_json::Map::new();
    o.insert(
        "id".into(),
        json!(format!(
            "/subscriptions/{}/resourceGroups/{}",
            ctx.settings.subscription_id, g.name
        )),
    );
    o.insert("name".into(), json!(g.name));
    o.insert("type".into(), json!("Microsoft.Resources/resourceGroups"));
    o.insert("location".into(), json!(g.location));
    if let Some(m) = &g.managed_by {
        o.insert("managedBy".into(), json!(m));
    }
    if let Some(t) = &g.tags {
        o.insert("tags".into(), t.clone());
    }
    let state = if g.deleting.is_some() {
        "Deleting"
    } else {
        "Succeeded"
    };
    o.insert("properties".into(), json!({"provisioningState": state}));
    Value::Object(o)
}

/// Resource-group name rules (arm.md §4).
fn validate_name(name: &str) -> Result<(), Fail> {
    let bad: String = name
        .chars()
        .filter(|c| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '(' | ')')))
        .collect();
    let fail = |m: String| Err(Fail::new(400, "InvalidResourceGroup", m));
    if !bad.is_empty() {
        return fail(format!(
            "The provided resource group name '{name}' has these invalid characters: '{bad}'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'. See https://aka.ms/resourcegroupnaming for more details."
        ));
    }
    if name.chars().count() > 90 || name.ends_with('.') {
        return fail(format!(
            "The provided resource group name '{name}' is invalid. The name must be 1 to 90 characters long and must not end with a period. See https://aka.ms/resourcegroupnaming for more details."
        ));
    }
    Ok(())
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

pub(crate) fn dispatch(state: &mut State, ctx: &Ctx) -> Outcome {
    let rg = ctx.segs[3].clone();
    let key = rg.to_ascii_lowercase();
    match ctx.method.as_str() {
        "HEAD" => Ok(match state.groups.get(&key) {
            Some(_) => empty(204),
            None => not_found(&rg).gateway().into_response(),
        }),
        "GET" => ok(&render(ctx, require(state, &rg)?)),
        "PUT" => put(state, ctx, &rg),
        "PATCH" => patch(state, ctx, &rg),
        _ => delete(state, ctx, &rg),
    }
}

fn put(state: &mut State, ctx: &Ctx, rg: &str) -> Outcome {
    validate_name(rg)?;
    let body = body_json(ctx)?.unwrap_or(Value::Null);
    let loc = body_location(&body)?;
    let tags = tags_of(&body)?;
    let managed_by = body["managedBy"].as_str().map(str::to_string);
    let key = rg.to_ascii_lowercase();
    if let Some(g) = state.groups.get_mut(&key) {
        if g.deleting.is_some() {
            return Err(Fail::new(
                409,
                "ResourceGroupBeingDeleted",
                format!(
                    "The resource group '{}' is in deprovisioning state and cannot perform this operation.",
                    g.name
                ),
            ));
        }
        if g.location != loc {
            return Err(Fail::new(
                409,
                "InvalidResourceGroupLocation",
                format!(
                    "Invalid resource group location '{loc}'. The Resource group already exists in location '{}'.",
                    g.location
                ),
            ));
        }
        g.tags = tags;
        g.managed_by = managed_by;
        return ok(&render(ctx, g));
    }
    if !catalog::location_known(&loc) {
        return Err(Fail::new(
            400,
            "LocationNotAvailableForResourceGroup",
            format!(
                "The provided location '{loc}' is not available for resource group. List of available regions is '{}'.",
                catalog::location_list()
            ),
        ));
    }
    let g = Group {
        name: rg.to_string(),
        location: loc,
        tags,
        managed_by,
        deleting: None,
    };
    let resp = render(ctx, &g);
    state.groups.insert(key, g);
    Ok(super::util::json_response(201, &resp))
}

fn patch(state: &mut State, ctx: &Ctx, rg: &str) -> Outcome {
    let body = body_json(ctx)?.unwrap_or(Value::Null);
    let tags = tags_of(&body)?;
    let g = state
        .groups
        .get_mut(&rg.to_ascii_lowercase())
        .ok_or_else(|| not_found(rg))?;
    if body.get("tags").is_some() {
        g.tags = tags;
    }
    if let Some(m) = body["managedBy"].as_str() {
        g.managed_by = Some(m.to_string());
    }
    ok(&render(ctx, g))
}

fn delete(state: &mut State, ctx: &Ctx, rg: &str) -> Outcome {
    let key = rg.to_ascii_lowercase();
    let g = require(state, rg)?;
    let id = match &g.deleting {
        Some(id) => id.clone(),
        None => {
            let loc = g.location.clone();
            let id = lro::start(state, ctx, OpKind::GroupDelete, &key, &loc);
            if let Some(g) = state.groups.get_mut(&key) {
                g.deleting = Some(id.clone());
            }
            let prefix = format!("{key}/");
            for (k, c) in state.clusters.iter_mut() {
                if k.starts_with(&prefix) {
                    c.resource["properties"]["provisioningState"] = json!("Deleting");
                }
            }
            id
        }
    };
    let loc = state
        .operations
        .get(&id)
        .map(|o| o.location.clone())
        .unwrap_or_default();
    let mut r = empty(202);
    r.headers
        .push(("Location".into(), result_url(ctx, &id, &loc)));
    r.headers.push(retry_after(ctx));
    Ok(r)
}

fn result_url(ctx: &Ctx, job: &str, loc: &str) -> String {
    let token = URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(&json!({"jobId": job, "jobLocation": loc})).unwrap_or_default());
    format!(
        "{}/subscriptions/{}/operationresults/{token}?api-version={}",
        ctx.base(),
        ctx.settings.subscription_id,
        ctx.q("api-version").unwrap_or("2024-11-01")
    )
}

pub(crate) fn retry_after(ctx: &Ctx) -> (String, String) {
    (
        "Retry-After".into(),
        ctx.settings.retry_after_secs.to_string(),
    )
}

pub(crate) fn operation_result(state: &mut State, ctx: &Ctx) -> Outcome {
    let token = &ctx.segs[3];
    let job = URL_SAFE_NO_PAD
        .decode(token.trim_end_matches('='))
        .ok()
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .and_then(|v| v["jobId"].as_str().map(str::to_string))
        .filter(|j| state.operations.contains_key(j));
    let Some(job) = job else {
        return Err(Fail::new(
            404,
            "NotFound",
            format!("The operation result '{token}' was not found."),
        ));
    };
    lro::poll(state, ctx, &job);
    let op = &state.operations[&job];
    match op.status.as_str() {
        "InProgress" => {
            let mut r = empty(202);
            r.headers
                .push(("Location".into(), result_url(ctx, &job, &op.location)));
            r.headers.push(retry_after(ctx));
            Ok(r)
        }
        "Succeeded" => Ok(empty(200)),
        other => Err(Fail::new(
            409,
            "ResourceGroupDeletionFailed",
            format!("The resource group deletion finished with status '{other}'."),
        )),
    }
}

/// One `tagName eq '…' [and tagValue eq '…']` filter.
fn parse_filter(f: &str) -> Result<(String, Option<String>), Fail> {
    let bad = || {
        Fail::new(
            400,
            "InvalidFilterInQueryString",
            format!("Invalid $filter '{f}' specified in the query string."),
        )
    };
    let mut name = None;
    let mut value = None;
    let lower = f.to_ascii_lowercase();
    let mut rest = f;
    let mut rest_lower = lower.as_str();
    loop {
        let (clause, clause_lower, next, next_lower) = match rest_lower.find(" and ") {
            Some(i) => (
                &rest[..i],
                &rest_lower[..i],
                &rest[i + 5..],
                &rest_lower[i + 5..],
            ),
            None => (rest, rest_lower, "", ""),
        };
        let eq = clause_lower.find(" eq ").ok_or_else(bad)?;
        let key = clause_lower[..eq].trim();
        let v = clause[eq + 4..].trim();
        let v = v
            .strip_prefix('\'')
            .and_then(|v| v.strip_suffix('\''))
            .ok_or_else(bad)?
            .replace("''", "'");
        match key {
            "tagname" => name = Some(v),
            "tagvalue" => value = Some(v),
            _ => return Err(bad()),
        }
        if next.is_empty() {
            break;
        }
        rest = next;
        rest_lower = next_lower;
    }
    Ok((name.ok_or_else(bad)?, value))
}

pub(crate) fn list(state: &mut State, ctx: &Ctx) -> Outcome {
    let filter = ctx.q("$filter").map(parse_filter).transpose()?;
    let top: Option<usize> = ctx.q("$top").and_then(|t| t.parse().ok());
    // Filter lazily and render only the page's slice (`page_of`); `$top` cuts the list first.
    let items = state
        .groups
        .values()
        .filter(move |g| match &filter {
            None => true,
            Some((name, value)) => g
                .tags
                .as_ref()
                .and_then(Value::as_object)
                .is_some_and(|tags| {
                    tags.iter().any(|(k, v)| {
                        k.eq_ignore_ascii_case(name)
                            && value.as_ref().is_none_or(|want| {
                                v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(want))
                            })
                    })
                }),
        })
        .take(top.unwrap_or(usize::MAX));
    let mut link = format!(
        "{}/subscriptions/{}/resourcegroups?api-version={}",
        ctx.base(),
        ctx.settings.subscription_id,
        ctx.q("api-version").unwrap_or_default()
    );
    if let Some(f) = ctx.q("$filter") {
        link.push_str(&format!("&$filter={}", enc(f)));
    }
    if let Some(t) = top {
        link.push_str(&format!("&$top={t}"));
    }
    let size = ctx.settings.group_page_size;
    ok(&page_of(ctx, items, |g| render(ctx, g), &link, false, size))
}
