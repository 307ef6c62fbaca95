//! Microsoft Graph on the emulator's origin, for the lookups az 2.91's `role assignment` verbs
//! make (captured from the real az): `GET /v1.0/users?$filter=userPrincipalName eq '…'`,
//! `GET /v1.0/servicePrincipals?$filter=servicePrincipalNames/any(c:c eq '…')` (or
//! `displayName eq '…'`, which `aks create/update` sends for a service principal) and
//! `POST /v1.0/directoryObjects/getByIds`. The cloud metadata names this origin as
//! `microsoftGraphResourceId`, so az asks the token endpoint for that audience and calls here.
//!
//! The directory is derived, never stored: the settings' service principal and managed identity,
//! the settings' test user (`Settings::user`), and the service principal of every user-assigned identity
//! in the state (its `principalId` is the object id, its `clientId` the app id, as Entra makes
//! them). It deliberately does not model applications, groups, paging or writes.
//! Errors use Graph's envelope (`error.code`, `error.message`, `error.innerError`), which is
//! what az reads the message from.

use serde_json::{Value, json};

use super::State;
use super::token::{self, TokenError};
use super::util::{Ctx, Fail, Outcome, body_json, ok};

/// One directory object and its Graph type (`user`, `servicePrincipal`).
struct Object {
    kind: &'static str,
    body: Value,
}

impl Object {
    fn id(&self) -> &str {
        self.body["id"].as_str().unwrap_or_default()
    }

    /// The object as `getByIds` answers it: typed by `@odata.type`.
    fn typed(&self) -> Value {
        let mut v = json!({"@odata.type": format!("#microsoft.graph.{}", self.kind)});
        if let (Some(out), Some(body)) = (v.as_object_mut(), self.body.as_object()) {
            out.extend(body.clone());
        }
        v
    }
}

fn service_principal(
    id: &str,
    app_id: &str,
    name: &str,
    kind: &str,
    extra_names: &[String],
) -> Object {
    let mut names = vec![app_id.to_string()];
    names.extend(extra_names.iter().cloned());
    Object {
        kind: "servicePrincipal",
        body: json!({
            "id": id,
            "accountEnabled": true,
            "appDisplayName": name,
            "appId": app_id,
            "displayName": name,
            "servicePrincipalNames": names,
            "servicePrincipalType": kind,
        }),
    }
}

/// Every object of the directory, in a fixed order.
fn directory(state: &State, ctx: &Ctx) -> Vec<Object> {
    let s = ctx.settings;
    let mut out = vec![
        Object {
            kind: "user",
            body: json!({
                "businessPhones": [],
                "displayName": s.user.display_name,
                "givenName": s.user.given_name,
                "jobTitle": null,
                "mail": null,
                "mobilePhone": null,
                "officeLocation": null,
                "preferredLanguage": null,
                "surname": s.user.family_name,
                "userPrincipalName": s.user.user_principal_name,
                "id": s.user.object_id,
            }),
        },
        service_principal(
            &token::sp_object_id(s, &s.sp_client_id),
            &s.sp_client_id,
            "azrs-emulator-sp",
            "Application",
            &[],
        ),
        service_principal(
            &s.mi_object_id,
            &s.mi_client_id,
            "azrs-emulator-mi",
            "ManagedIdentity",
            &[],
        ),
    ];
    for uami in state.identities.values() {
        let p = &uami["properties"];
        let (Some(id), Some(app)) = (p["principalId"].as_str(), p["clientId"].as_str()) else {
            continue;
        };
        let resource_id = uami["id"].as_str().unwrap_or_default();
        out.push(service_principal(
            id,
            app,
            uami["name"].as_str().unwrap_or_default(),
            "ManagedIdentity",
            &[format!("https://identity.azure.net/{resource_id}")],
        ));
    }
    out
}

/// Graph's error envelope.
fn graph_error(ctx: &Ctx, status: u16, code: &str, message: &str) -> Fail {
    Fail::raw(
        status,
        json!({"error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": ctx.now_iso(),
                "request-id": ctx.request_id,
                "client-request-id": ctx.request_id,
            }
        }}),
    )
}

/// Graph needs a bearer token this emulator issued for its own origin (the cloud's
/// `microsoftGraphResourceId`); an ARM token is the wrong audience, as in Azure.
fn check_bearer(ctx: &Ctx) -> Result<(), Fail> {
    let token = ctx
        .header("authorization")
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, t)| scheme.eq_ignore_ascii_case("bearer") && !t.trim().is_empty())
        .map(|(_, t)| t.trim());
    let Some(token) = token else {
        return Err(graph_error(
            ctx,
            401,
            "InvalidAuthenticationToken",
            "Access token is empty.",
        ));
    };
    if !ctx.settings.verify_tokens {
        return Ok(());
    }
    let claims = match token::verify_token(ctx.settings, token) {
        Ok(c) => c,
        Err(TokenError::Malformed | TokenError::BadSignature) => {
            return Err(graph_error(
                ctx,
                401,
                "InvalidAuthenticationToken",
                "Access token validation failure.",
            ));
        }
    };
    if claims["exp"].as_i64().unwrap_or(0) <= ctx.now.unix_timestamp() {
        return Err(graph_error(
            ctx,
            401,
            "InvalidAuthenticationToken",
            "Lifetime validation failed, the token is expired.",
        ));
    }
    let aud = claims["aud"].as_str().unwrap_or_default();
    if aud.trim_end_matches('/') != ctx.base() {
        return Err(graph_error(
            ctx,
            401,
            "InvalidAuthenticationToken",
            "Access token validation failure. Invalid audience.",
        ));
    }
    Ok(())
}

/// Answers a request under `/v1.0`.
pub(crate) fn route(state: &mut State, ctx: &Ctx) -> Outcome {
    check_bearer(ctx)?;
    let l: Vec<&str> = ctx.lower.iter().map(String::as_str).collect();
    match (ctx.method.as_str(), l.as_slice()) {
        ("GET", ["v1.0", "users"]) => list(state, ctx, "user", "users"),
        ("GET", ["v1.0", "serviceprincipals"]) => {
            list(state, ctx, "servicePrincipal", "servicePrincipals")
        }
        ("POST", ["v1.0", "directoryobjects", "getbyids"]) => get_by_ids(state, ctx),
        _ => Err(graph_error(
            ctx,
            400,
            "BadRequest",
            &format!(
                "Resource not found for the segment '{}'.",
                ctx.segs.last().map(String::as_str).unwrap_or_default()
            ),
        )),
    }
}

/// What a list's `$filter` selects: the forms az sends, or everything without one.
fn filter_matches(ctx: &Ctx, f: &str, obj: &Object) -> Result<bool, Fail> {
    let quoted = |prefix: &str, suffix: &str| -> Option<String> {
        let t = f.trim();
        let rest = t
            .get(..prefix.len())
            .filter(|p| p.eq_ignore_ascii_case(prefix))
            .map(|_| &t[prefix.len()..])?;
        rest.strip_suffix(suffix).map(|v| v.replace("''", "'"))
    };
    if let Some(upn) = quoted("userPrincipalName eq '", "'") {
        return Ok(obj.body["userPrincipalName"]
            .as_str()
            .is_some_and(|u| u.eq_ignore_ascii_case(&upn)));
    }
    if let Some(name) = quoted("servicePrincipalNames/any(c:c eq '", "')") {
        return Ok(obj.body["servicePrincipalNames"]
            .as_array()
            .is_some_and(|names| {
                names
                    .iter()
                    .filter_map(Value::as_str)
                    .any(|n| n.eq_ignore_ascii_case(&name))
            }));
    }
    // az's acs module (`aks create/update` for a service-principal cluster) also looks a
    // service principal up by display name; Graph compares it case-insensitively.
    if let Some(name) = quoted("displayName eq '", "'") {
        return Ok(obj.body["displayName"]
            .as_str()
            .is_some_and(|d| d.eq_ignore_ascii_case(&name)));
    }
    Err(graph_error(
        ctx,
        400,
        "Request_UnsupportedQuery",
        "Unsupported or invalid query filter clause specified for property or navigation property.",
    ))
}

fn list(state: &State, ctx: &Ctx, kind: &str, set: &str) -> Outcome {
    let mut value = Vec::new();
    for obj in directory(state, ctx).into_iter().filter(|o| o.kind == kind) {
        let keep = match ctx.q("$filter") {
            Some(f) => filter_matches(ctx, f, &obj)?,
            None => true,
        };
        if keep {
            value.push(obj.body);
        }
    }
    ok(&json!({
        "@odata.context": format!("{}/v1.0/$metadata#{set}", ctx.base()),
        "value": value,
    }))
}

/// `POST /v1.0/directoryObjects/getByIds` with `{"ids": [...], "types": [...]}`: the known
/// objects among `ids`, in the order asked, limited to `types` when given.
fn get_by_ids(state: &State, ctx: &Ctx) -> Outcome {
    let body = body_json(ctx)?.unwrap_or(Value::Null);
    let Some(ids) = body["ids"].as_array() else {
        return Err(graph_error(
            ctx,
            400,
            "Request_BadRequest",
            "Invalid value specified for property 'ids' of resource 'DirectoryObject'.",
        ));
    };
    let types: Vec<String> = body["types"]
        .as_array()
        .map(|t| {
            t.iter()
                .filter_map(Value::as_str)
                .map(str::to_ascii_lowercase)
                .collect()
        })
        .unwrap_or_default();
    let dir = directory(state, ctx);
    let mut value = Vec::new();
    for id in ids {
        let Some(id) = id.as_str() else { continue };
        if uuid::Uuid::try_parse(id).is_err() {
            return Err(graph_error(
                ctx,
                400,
                "Request_BadRequest",
                &format!("Invalid object identifier '{id}'."),
            ));
        }
        if let Some(obj) = dir.iter().find(|o| {
            o.id().eq_ignore_ascii_case(id)
                && (types.is_empty() || types.contains(&o.kind.to_ascii_lowercase()))
        }) {
            value.push(obj.typed());
        }
    }
    ok(&json!({
        "@odata.context": format!("{}/v1.0/$metadata#directoryObjects", ctx.base()),
        "value": value,
    }))
}
