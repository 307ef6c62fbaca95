//! The Entra v2 protocol as az's MSAL speaks it for people: form posts to
//! `{authority}/{tenant}/oauth2/v2.0/token` (refresh-token, device-code and authorization-code
//! grants) and `/devicecode`, the `/authorize` URL with PKCE, and reading the answers
//! (`client_info`, id-token claims, errors). Requests go through the shared transport seam and
//! are logged under `--debug` as every other request is (`http::log`'s lines, target
//! `azrs::http`; az 2.91 logs these round trips too, through urllib3 and MSAL), after the
//! protocol's own secrets are taken out: the authorization `code`, the `device_code` and the
//! PKCE `code_verifier`, besides the tokens and secrets `http::log` already redacts.

use std::sync::Arc;

use azure_core::error::{Error, ErrorKind};
use azure_core::http::{HttpClient, Method, Request, Url};
use base64::Engine as _;
use serde_json::Value;

use super::cache::TokenResponse;
use crate::http::{HTTP_TARGET, REDACTED, log as http_log};

/// The scopes MSAL adds to every person's request.
pub const RESERVED_SCOPES: [&str; 3] = ["offline_access", "openid", "profile"];
/// The client-capabilities claim az asks for (CP1: it can handle claims challenges).
pub const CP1_CLAIMS: &str = r#"{"access_token": {"xms_cc": {"values": ["CP1"]}}}"#;

/// An error answer of the token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    /// `error` (`invalid_grant`, `authorization_pending`, ...).
    pub error: String,
    /// `error_description`.
    pub description: String,
}

/// What a token request gave.
pub enum TokenOutcome {
    /// Tokens.
    Tokens(Box<TokenResponse>, Value),
    /// An OAuth error.
    Refused(OAuthError),
}

/// `{authority}/{tenant}/oauth2/v2.0/{what}`.
pub fn endpoint(authority_host: &str, tenant: &str, what: &str) -> String {
    format!(
        "{}/{tenant}/oauth2/v2.0/{what}",
        authority_host.trim_end_matches('/')
    )
}

/// The scope parameter MSAL sends: the requested scopes, then the reserved ones.
pub fn decorated_scope(scopes: &[&str]) -> String {
    let mut all: Vec<&str> = scopes.to_vec();
    for r in RESERVED_SCOPES {
        if !all.contains(&r) {
            all.push(r);
        }
    }
    all.join(" ")
}

/// Form-encode pairs.
pub fn form_body(form: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish()
}

/// POST a form; the JSON answer and its status.
pub async fn post_form(
    transport: &Arc<dyn HttpClient>,
    url: &str,
    form: &[(&str, &str)],
    headers: &[(&'static str, String)],
) -> azure_core::Result<(u16, Value)> {
    let url = Url::parse(url).map_err(|e| Error::new(ErrorKind::Other, e))?;
    if url.scheme() != "https" {
        return Err(Error::with_message(
            ErrorKind::Credential,
            format!(
                "The authority '{url}' must use https:// (secrets are never sent over plain http)."
            ),
        ));
    }
    let mut req = Request::new(url, Method::Post);
    req.insert_header("content-type", "application/x-www-form-urlencoded");
    req.insert_header("accept", "application/json");
    req.insert_header("x-client-sku", "azrs");
    req.insert_header("client-request-id", uuid::Uuid::new_v4().to_string());
    for (k, v) in headers {
        req.insert_header(*k, v.clone());
    }
    req.set_body(form_body(form));
    let logging = tracing::enabled!(target: HTTP_TARGET, tracing::Level::DEBUG);
    if logging {
        log_request(&req, form);
    }
    let started = std::time::Instant::now();
    let sent = tokio::time::timeout(
        super::super::TOKEN_DEADLINE,
        transport.execute_request(&req),
    )
    .await
    .map_err(|_| {
        Error::with_message(
            ErrorKind::Credential,
            "No answer from the token endpoint in time.",
        )
    })
    .and_then(|r| r);
    let resp = match sent {
        Ok(resp) => resp,
        Err(e) => {
            if logging {
                let ms = started.elapsed().as_millis();
                tracing::debug!(target: HTTP_TARGET, "Request failed after {ms} ms: {}", http_log::redact_jwts(&e.to_string()));
            }
            return Err(e);
        }
    };
    let status = u16::from(resp.status());
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await?;
    if logging {
        log_response(status, &headers, &body, started.elapsed().as_millis());
    }
    let v: Value = serde_json::from_slice(&body).map_err(|e| {
        Error::with_message(
            ErrorKind::Credential,
            format!("The token endpoint answered {status} with no JSON: {e}"),
        )
    })?;
    Ok((status, v))
}

/// Fields of this protocol that grant tokens but that `http::log` does not know as secrets.
const PROTOCOL_SECRETS: [&str; 3] = ["code", "device_code", "code_verifier"];

/// The request lines of `http::log`, with the form's protocol secrets redacted first.
fn log_request(req: &Request, form: &[(&str, &str)]) {
    tracing::debug!(target: HTTP_TARGET, "Request URL: '{}'", http_log::redact_jwts(req.url().as_str()));
    tracing::debug!(target: HTTP_TARGET, "Request method: '{}'", req.method());
    tracing::debug!(target: HTTP_TARGET, "Request headers:");
    for (k, v) in req.headers().iter() {
        tracing::debug!(target: HTTP_TARGET, "    '{}': '{}'", k.as_str(), http_log::redact_header(k.as_str(), v.as_str()));
    }
    let shown: Vec<(&str, &str)> = form
        .iter()
        .map(|&(k, v)| {
            if PROTOCOL_SECRETS.contains(&k) {
                (k, REDACTED)
            } else {
                (k, v)
            }
        })
        .collect();
    tracing::debug!(target: HTTP_TARGET, "Request body:");
    tracing::debug!(target: HTTP_TARGET, "{}", http_log::redact_body(form_body(&shown).as_bytes()));
}

/// The response lines of `http::log`, with the answer's protocol secrets redacted first.
fn log_response(status: u16, headers: &azure_core::http::headers::Headers, body: &[u8], ms: u128) {
    tracing::debug!(target: HTTP_TARGET, "Response status: {status}");
    tracing::debug!(target: HTTP_TARGET, "Response headers:");
    for (k, v) in headers.iter() {
        tracing::debug!(target: HTTP_TARGET, "    '{}': '{}'", k.as_str(), http_log::redact_header(k.as_str(), v.as_str()));
    }
    let shown = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(mut o)) => {
            for key in PROTOCOL_SECRETS {
                if let Some(v) = o.get_mut(key).filter(|v| v.is_string()) {
                    *v = Value::String(REDACTED.to_owned());
                }
            }
            http_log::redact_body(Value::Object(o).to_string().as_bytes())
        }
        _ => http_log::redact_body(body),
    };
    tracing::debug!(target: HTTP_TARGET, "Response content:");
    tracing::debug!(target: HTTP_TARGET, "{shown}");
    tracing::debug!(target: HTTP_TARGET, "Response time: {ms} ms");
}

/// Read a token endpoint answer.
pub fn outcome(v: Value) -> TokenOutcome {
    if let Some(e) = v.get("error").and_then(Value::as_str) {
        return TokenOutcome::Refused(OAuthError {
            error: e.to_owned(),
            description: v
                .get("error_description")
                .and_then(Value::as_str)
                .unwrap_or(e)
                .to_owned(),
        });
    }
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let n = |k: &str| match v.get(k) {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    };
    let r = TokenResponse {
        access_token: s("access_token").unwrap_or_default(),
        expires_in: n("expires_in").unwrap_or(600),
        ext_expires_in: n("ext_expires_in"),
        refresh_in: n("refresh_in"),
        token_type: s("token_type"),
        refresh_token: s("refresh_token"),
        id_token: s("id_token"),
        foci: s("foci"),
        scope: s("scope"),
    };
    TokenOutcome::Tokens(Box::new(r), v)
}

/// Base64url (padding optional) JSON.
fn decode_json(part: &str) -> Option<Value> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The claims of an id token (not validated, as MSAL does not).
pub fn id_token_claims(id_token: &str) -> Value {
    id_token
        .split('.')
        .nth(1)
        .and_then(decode_json)
        .unwrap_or(Value::Null)
}

/// Who signed in, from a token answer: `(home_account_id, local_account_id, username, tenant)`.
pub fn account_of(
    answer: &Value,
    response: &TokenResponse,
) -> Option<(String, String, String, String)> {
    let claims = response
        .id_token
        .as_deref()
        .map(id_token_claims)
        .unwrap_or(Value::Null);
    let c = |k: &str| {
        claims
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let info = answer
        .get("client_info")
        .and_then(Value::as_str)
        .and_then(decode_json);
    let home = match &info {
        Some(i) => format!(
            "{}.{}",
            i.get("uid").and_then(Value::as_str)?,
            i.get("utid").and_then(Value::as_str)?
        ),
        None => c("sub"),
    };
    if home.is_empty() {
        return None;
    }
    let local = if claims.get("oid").is_some() {
        c("oid")
    } else {
        c("sub")
    };
    let username = if claims.get("preferred_username").is_some() {
        c("preferred_username")
    } else {
        c("upn")
    };
    let tenant = c("tid");
    Some((home, local, username, tenant))
}

/// The device-code flow's first answer.
#[derive(Debug, Clone)]
pub struct DeviceFlow {
    /// The code polled with (secret).
    pub device_code: String,
    /// What the person types.
    pub user_code: String,
    /// The message az prints.
    pub message: String,
    /// Seconds between polls.
    pub interval: u64,
    /// Seconds the code lives.
    pub expires_in: u64,
}

/// Start a device-code flow.
pub async fn initiate_device_flow(
    transport: &Arc<dyn HttpClient>,
    authority_host: &str,
    tenant: &str,
    scopes: &[&str],
) -> azure_core::Result<Result<DeviceFlow, OAuthError>> {
    let scope = decorated_scope(scopes);
    let (_, v) = post_form(
        transport,
        &endpoint(authority_host, tenant, "devicecode"),
        &[
            ("client_id", super::AZURE_CLI_CLIENT_ID),
            ("scope", &scope),
            ("claims", CP1_CLAIMS),
        ],
        &[],
    )
    .await?;
    if let TokenOutcome::Refused(e) = outcome(v.clone()) {
        return Ok(Err(e));
    }
    let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let n = |k: &str, d: u64| match v.get(k) {
        Some(Value::Number(n)) => n.as_u64().unwrap_or(d),
        Some(Value::String(s)) => s.parse().unwrap_or(d),
        _ => d,
    };
    let flow = DeviceFlow {
        device_code: s("device_code"),
        user_code: s("user_code"),
        message: s("message"),
        interval: n("interval", 5),
        expires_in: n("expires_in", 1800),
    };
    if flow.device_code.is_empty() || flow.user_code.is_empty() {
        return Ok(Err(OAuthError {
            error: "invalid_response".into(),
            description: "Fail to create device flow.".into(),
        }));
    }
    Ok(Ok(flow))
}

/// The device-code grant's type.
pub const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// One poll of the device-code flow.
pub async fn poll_device_flow(
    transport: &Arc<dyn HttpClient>,
    authority_host: &str,
    tenant: &str,
    scopes: &[&str],
    flow: &DeviceFlow,
) -> azure_core::Result<TokenOutcome> {
    // MSAL's poll: no scope (the device code carries it), the code under both names.
    let _ = scopes;
    let (_, v) = post_form(
        transport,
        &endpoint(authority_host, tenant, "token"),
        &[
            ("client_id", super::AZURE_CLI_CLIENT_ID),
            ("grant_type", DEVICE_CODE_GRANT),
            ("client_info", "1"),
            ("code", &flow.device_code),
            ("claims", CP1_CLAIMS),
            ("device_code", &flow.device_code),
        ],
        &[],
    )
    .await?;
    Ok(outcome(v))
}

/// Redeem an authorization code (with its PKCE verifier).
pub async fn redeem_code(
    transport: &Arc<dyn HttpClient>,
    authority_host: &str,
    tenant: &str,
    scopes: &[&str],
    code: &str,
    redirect_uri: &str,
    verifier: &str,
) -> azure_core::Result<TokenOutcome> {
    let scope = decorated_scope(scopes);
    let (_, v) = post_form(
        transport,
        &endpoint(authority_host, tenant, "token"),
        &[
            ("client_id", super::AZURE_CLI_CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
            ("scope", &scope),
            ("client_info", "1"),
            ("claims", CP1_CLAIMS),
        ],
        &[],
    )
    .await?;
    Ok(outcome(v))
}

/// Redeem a refresh token.
pub async fn redeem_refresh_token(
    transport: &Arc<dyn HttpClient>,
    authority_host: &str,
    tenant: &str,
    scopes: &[&str],
    refresh_token: &str,
    home_account_id: &str,
) -> azure_core::Result<TokenOutcome> {
    let scope = decorated_scope(scopes);
    let (_, v) = post_form(
        transport,
        &endpoint(authority_host, tenant, "token"),
        &[
            ("client_id", super::AZURE_CLI_CLIENT_ID),
            ("grant_type", "refresh_token"),
            ("client_info", "1"),
            ("claims", CP1_CLAIMS),
            ("refresh_token", refresh_token),
            ("scope", &scope),
        ],
        // MSAL's routing hint: the home account with `@` for `.`.
        &[(
            "x-anchormailbox",
            format!("Oid:{}", home_account_id.replace('.', "@")),
        )],
    )
    .await?;
    Ok(outcome(v))
}

/// A PKCE pair: `(verifier, S256 challenge)`.
pub fn pkce_pair() -> (String, String) {
    use sha2::Digest as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    // Two v4 UUIDs: 244 random bits from the OS, 64 characters of RFC 7636's alphabet.
    let verifier = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let challenge = b64.encode(sha2::Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

/// The `/authorize` URL az opens (auth code with PKCE, `prompt=select_account`).
pub fn authorize_url(
    authority_host: &str,
    tenant: &str,
    scopes: &[&str],
    redirect_uri: &str,
    state: &str,
    challenge: &str,
) -> String {
    let q = form_body(&[
        ("client_id", super::AZURE_CLI_CLIENT_ID),
        ("response_type", "code"),
        ("redirect_uri", redirect_uri),
        ("scope", &decorated_scope(scopes)),
        ("state", state),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
        ("prompt", "select_account"),
        ("claims", CP1_CLAIMS),
    ]);
    format!("{}?{q}", endpoint(authority_host, tenant, "authorize"))
}
