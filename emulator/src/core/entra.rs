//! Person sign-in of the emulator's Entra look-alike (Microsoft identity platform v2): the
//! device-code flow (`/devicecode` and the `device_code` grant), the authorization-code flow
//! with PKCE (`/authorize` and the `authorization_code` grant) and the `refresh_token` grant,
//! for the one test user of `Settings::user`, as MSAL Python (the real az 2.91) drives them.
//! It owns what those flows remember between requests ([`EntraState`]: device codes waiting
//! for the person, authorization codes not yet redeemed, when the user's sessions were last
//! revoked) and the tokens they issue: v1 ARM-style access tokens with `idtyp: user` (accepted
//! by the ARM bearer check), v2 id tokens echoing MSAL's `nonce`, `client_info` and refresh
//! tokens. It does not own the `client_credentials` grant, OpenID discovery or the shape of
//! Entra's error bodies (`identity`), nor signing (`token`).
//!
//! # How closely Entra is followed
//!
//! - Authorities: the settings' tenant, `organizations` and `common` (both resolve to the
//!   settings' tenant, the user's home); any other tenant is AADSTS90002.
//! - Codes and refresh tokens are derived from the request counter and the signing key, so they
//!   are unguessable without the key and a replay gives the same bytes (the core's rule).
//!   State keeps only their SHA-256 hashes.
//! - Refresh tokens rotate as Entra's do: every redemption returns a new one and the old one
//!   stays valid until it has been unused for `refresh_token_lifetime_secs` (AADSTS700082) or
//!   the user's sessions are revoked ([`EntraState::revoke_sign_in_sessions`], AADSTS50173).
//! - `/authorize` never shows a page: the person is signed in at once and sent back to the
//!   loopback `redirect_uri` (`http` on `localhost`, `127.0.0.1` or `[::1]`, any port; anything
//!   else is AADSTS50011 on an error page, as Entra will not redirect to an unknown URI), with
//!   `response_mode=form_post` (what MSAL Python 1.39 asks for) as Entra's self-submitting
//!   form, else as a 302 with the answer in the query (or fragment).
//! - Device codes: `authorization_pending` for `DeviceCodePolicy::pending_polls` polls, then
//!   the policy's outcome. Entra does not answer `slow_down` to fast pollers, so neither does
//!   this. Error numbers marked UNVERIFIED below were not observed on the wire.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::Sha256;
use time::OffsetDateTime;

use super::identity::{aadsts_description, entra_error, tenant_not_found};
use super::settings::DeviceCodeOutcome;
use super::token;
use super::util::{self, Ctx, Fail, Outcome, ok};
use super::{Response, Settings, State};

/// Lifetime of an authorization code (Entra: about ten minutes).
const AUTH_CODE_SECS: i64 = 600;

/// What person sign-in remembers between requests. Keys are hashes of the codes, never the
/// codes themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EntraState {
    pub device_codes: BTreeMap<String, DeviceGrant>,
    pub auth_codes: BTreeMap<String, AuthCode>,
    /// Unix time before which the user's refresh tokens are refused (Entra's
    /// `TokensValidFrom`, moved by a password reset or `revokeSignInSessions`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens_valid_from: Option<i64>,
}

impl EntraState {
    /// Revokes every refresh token of the user issued before `now` (unix seconds), as
    /// Graph's `revokeSignInSessions` does.
    pub fn revoke_sign_in_sessions(&mut self, now: i64) {
        self.tokens_valid_from = Some(now);
    }
}

/// A device code handed out and not yet finished.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceGrant {
    pub client_id: String,
    pub scope: String,
    pub tenant: String,
    pub expires: i64,
    /// Token requests seen so far.
    pub polls: u32,
}

/// An authorization code and what it must be redeemed with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: String,
    pub tenant: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_challenge: Option<String>,
    /// `S256` or `plain`.
    pub challenge_method: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    pub expires: i64,
    pub redeemed: bool,
}

/// The form fields of a token request, looked up by name.
pub(crate) struct Form(pub Vec<(String, String)>);

impl Form {
    pub(crate) fn parse(bytes: &[u8]) -> Self {
        Form(
            url::form_urlencoded::parse(bytes)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Whether `grant` is one of the person grants this module answers.
pub(crate) fn is_person_grant(grant: &str) -> bool {
    matches!(
        grant,
        DEVICE_CODE_GRANT | "authorization_code" | "refresh_token"
    )
}

const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// The settings' tenant for `organizations`, `common` and itself; else AADSTS90002.
fn resolve_tenant(ctx: &Ctx, tenant: &str) -> Result<String, Fail> {
    let s = ctx.settings;
    if tenant.eq_ignore_ascii_case(&s.tenant_id)
        || tenant.eq_ignore_ascii_case("organizations")
        || tenant.eq_ignore_ascii_case("common")
    {
        Ok(s.tenant_id.clone())
    } else {
        Err(tenant_not_found(ctx, tenant))
    }
}

fn public_client(ctx: &Ctx, client_id: &str) -> bool {
    ctx.settings
        .public_client_ids
        .iter()
        .any(|c| c.eq_ignore_ascii_case(client_id))
}

fn unknown_client(client_id: &str, tenant: &str) -> String {
    format!(
        "Application with identifier '{client_id}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."
    )
}

/// A secret derived from the signing key and this request (its id comes from the counter).
fn secret(settings: &Settings, kind: &str, request_id: &str) -> [u8; 32] {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(settings.signing_key.as_bytes())
        .expect("HMAC accepts keys of any length");
    m.update(kind.as_bytes());
    m.update(&[0]);
    m.update(request_id.as_bytes());
    m.finalize().into_bytes().into()
}

/// The state key of a code: its hash, so `state.json` holds no usable code.
fn key(code: &str) -> String {
    util::hex(&["entra-code", code], 16)
}

/// Drops device and authorization codes that can no longer be used.
fn prune(state: &mut State, now: i64) {
    state.entra.device_codes.retain(|_, g| g.expires > now);
    state.entra.auth_codes.retain(|_, c| c.expires > now);
}

// ---------------------------------------------------------------- /devicecode

/// `POST /{tenant}/oauth2/v2.0/devicecode`.
pub(crate) fn device_code(state: &mut State, ctx: &Ctx) -> Outcome {
    let tenant = resolve_tenant(ctx, &ctx.segs[0])?;
    let form = Form::parse(&ctx.req.body);
    let client_id = form.get("client_id").unwrap_or("");
    if !public_client(ctx, client_id) {
        return Err(entra_error(
            ctx,
            400,
            "unauthorized_client",
            700016,
            &unknown_client(client_id, &tenant),
        ));
    }
    let Some(scope) = form.get("scope").filter(|s| !s.trim().is_empty()) else {
        return Err(entra_error(
            ctx,
            400,
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'scope'.",
        ));
    };
    let now = ctx.now.unix_timestamp();
    prune(state, now);
    let policy = ctx.settings.device_code;
    let raw = secret(ctx.settings, "device-code", &ctx.request_id);
    let device_code = format!("DAQABIQEAAAD{}", URL_SAFE_NO_PAD.encode(raw));
    // Nine characters from A-Z and 0-9, as Entra's user codes look.
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let user_code: String = secret(ctx.settings, "user-code", &ctx.request_id)[..9]
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    let verification_uri = format!("{}/devicelogin", ctx.base());
    state.entra.device_codes.insert(
        key(&device_code),
        DeviceGrant {
            client_id: client_id.to_string(),
            scope: scope.to_string(),
            tenant,
            expires: now + i64::from(policy.expires_in_secs),
            polls: 0,
        },
    );
    ok(&json!({
        "user_code": user_code,
        "device_code": device_code,
        "verification_uri": verification_uri,
        "expires_in": policy.expires_in_secs,
        "interval": policy.interval_secs,
        "message": format!("To sign in, use a web browser to open the page {verification_uri} and enter the code {user_code} to authenticate."),
    }))
}

/// `GET /devicelogin`: where the device-code message sends people. The emulated person has
/// already answered (see `DeviceCodePolicy`), so the page only says so.
pub(crate) fn device_login_page() -> Outcome {
    Ok(html(
        200,
        "<html><head><title>Enter code</title></head><body><p>The azrs emulator signs its test user in by itself; there is nothing to enter here.</p></body></html>",
    ))
}

fn device_code_grant(state: &mut State, ctx: &Ctx, form: &Form) -> Outcome {
    let now = ctx.now.unix_timestamp();
    let code = form.get("device_code").unwrap_or("");
    let k = key(code);
    let Some(grant) = state.entra.device_codes.get_mut(&k) else {
        // UNVERIFIED: the number Entra gives an unknown device code.
        return Err(entra_error(
            ctx,
            400,
            "bad_verification_code",
            70018,
            "Invalid verification code. The device_code sent to the token endpoint was not recognized.",
        ));
    };
    let client_id = form.get("client_id").unwrap_or("");
    if !grant.client_id.eq_ignore_ascii_case(client_id) {
        return Err(entra_error(
            ctx,
            400,
            "invalid_grant",
            70000,
            "Provided grant is invalid or malformed.",
        ));
    }
    let policy = ctx.settings.device_code;
    if grant.expires <= now {
        state.entra.device_codes.remove(&k);
        return Err(expired_device_code(ctx));
    }
    grant.polls += 1;
    if grant.polls <= policy.pending_polls {
        return Err(entra_error(
            ctx,
            400,
            "authorization_pending",
            70016,
            "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
        ));
    }
    let grant = state
        .entra
        .device_codes
        .remove(&k)
        .expect("the grant was found above");
    match policy.outcome {
        DeviceCodeOutcome::Decline => Err(entra_error(
            ctx,
            400,
            "authorization_declined",
            // UNVERIFIED: the number Entra gives a declined device code.
            70000,
            "The end user declined the authorization request.",
        )),
        DeviceCodeOutcome::Expire => Err(expired_device_code(ctx)),
        DeviceCodeOutcome::Approve => {
            let session = Session::new(ctx, now);
            tokens(
                ctx,
                form,
                &grant.client_id,
                &grant.tenant,
                &grant.scope,
                None,
                &session,
            )
        }
    }
}

fn expired_device_code(ctx: &Ctx) -> Fail {
    entra_error(
        ctx,
        400,
        "expired_token",
        70019,
        "Verification code expired.",
    )
}

// ---------------------------------------------------------------- /authorize

/// `GET /{tenant}/oauth2/v2.0/authorize`: signs the test user in at once and answers the
/// loopback `redirect_uri` with a code.
pub(crate) fn authorize(state: &mut State, ctx: &Ctx) -> Outcome {
    let tenant = match resolve_tenant(ctx, &ctx.segs[0]) {
        Ok(t) => t,
        Err(_) => {
            return Ok(error_page(
                ctx,
                90002,
                &format!(
                    "Tenant '{}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.",
                    ctx.segs[0]
                ),
            ));
        }
    };
    let client_id = ctx.q("client_id").unwrap_or("");
    if !public_client(ctx, client_id) {
        return Ok(error_page(ctx, 700016, &unknown_client(client_id, &tenant)));
    }
    let redirect_uri = ctx.q("redirect_uri").unwrap_or("");
    if !is_loopback(redirect_uri) {
        return Ok(error_page(
            ctx,
            50011,
            &format!(
                "The redirect URI '{redirect_uri}' specified in the request does not match the redirect URIs configured for the application '{client_id}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this."
            ),
        ));
    }
    let mode = ctx.q("response_mode").unwrap_or("query");
    let mut answer: Vec<(&str, String)> = Vec::new();
    let response_type = ctx.q("response_type").unwrap_or("");
    let method = ctx.q("code_challenge_method").unwrap_or("plain");
    let scope = ctx.q("scope").unwrap_or("").to_string();
    if response_type != "code" {
        answer.push(("error", "unsupported_response_type".into()));
        answer.push((
            "error_description",
            aadsts_description(
                ctx,
                700054,
                &format!("response_type '{response_type}' is not enabled for the application."),
            ),
        ));
    } else if method != "S256" && method != "plain" {
        answer.push(("error", "invalid_request".into()));
        answer.push((
            "error_description",
            aadsts_description(
                ctx,
                501491,
                &format!("Invalid size of Code_Challenge parameter. code_challenge_method '{method}' is not supported."),
            ),
        ));
    } else if scope.trim().is_empty() {
        answer.push(("error", "invalid_request".into()));
        answer.push((
            "error_description",
            aadsts_description(
                ctx,
                900144,
                "The request body must contain the following parameter: 'scope'.",
            ),
        ));
    } else {
        let now = ctx.now.unix_timestamp();
        prune(state, now);
        let raw = secret(ctx.settings, "auth-code", &ctx.request_id);
        let code = format!("1.AQ{}", URL_SAFE_NO_PAD.encode(raw));
        state.entra.auth_codes.insert(
            key(&code),
            AuthCode {
                client_id: client_id.to_string(),
                redirect_uri: redirect_uri.to_string(),
                scope,
                tenant: tenant.clone(),
                code_challenge: ctx.q("code_challenge").map(str::to_string),
                challenge_method: method.to_string(),
                nonce: ctx.q("nonce").map(str::to_string),
                expires: now + AUTH_CODE_SECS,
                redeemed: false,
            },
        );
        answer.push(("code", code));
        if ctx.q("client_info") == Some("1") {
            answer.push(("client_info", client_info(ctx.settings, &tenant)));
        }
    }
    if let Some(st) = ctx.q("state") {
        answer.push(("state", st.to_string()));
    }
    answer.push((
        "session_state",
        util::guid(&["session-state", &ctx.request_id]),
    ));
    Ok(match mode {
        "form_post" => html(200, &form_post_page(redirect_uri, &answer)),
        _ => {
            let sep = if mode == "fragment" {
                '#'
            } else if redirect_uri.contains('?') {
                '&'
            } else {
                '?'
            };
            let mut q = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in &answer {
                q.append_pair(k, v);
            }
            let mut r = util::empty(302);
            r.headers.push((
                "Location".into(),
                format!("{redirect_uri}{sep}{}", q.finish()),
            ));
            r
        }
    })
}

/// `http` on a loopback host (any port, any path): what Entra accepts for native apps.
fn is_loopback(uri: &str) -> bool {
    let Ok(u) = url::Url::parse(uri) else {
        return false;
    };
    u.scheme() == "http"
        && matches!(
            u.host(),
            Some(url::Host::Domain("localhost"))
                | Some(url::Host::Ipv4(std::net::Ipv4Addr::LOCALHOST))
                | Some(url::Host::Ipv6(std::net::Ipv6Addr::LOCALHOST))
        )
        && u.fragment().is_none()
}

fn html(status: u16, body: &str) -> Response {
    Response {
        status,
        headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
        body: body.as_bytes().to_vec(),
    }
}

/// Entra's sign-in error page for a request it will not redirect (bad client, tenant or
/// redirect URI).
fn error_page(ctx: &Ctx, n: u32, text: &str) -> Response {
    html(
        400,
        &format!(
            "<html><head><title>Sign in to your account</title></head><body><p>{}</p></body></html>",
            escape(&aadsts_description(ctx, n, text))
        ),
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Entra's `response_mode=form_post` answer: a form that posts itself to the redirect URI.
fn form_post_page(redirect_uri: &str, fields: &[(&str, String)]) -> String {
    let inputs: String = fields
        .iter()
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\" />",
                escape(k),
                escape(v)
            )
        })
        .collect();
    format!(
        "<html><head><title>Working...</title></head><body><form method=\"POST\" name=\"hiddenform\" action=\"{}\">{inputs}<noscript><p>Script is disabled. Click Submit to continue.</p><input type=\"submit\" value=\"Submit\" /></noscript></form><script language=\"javascript\">window.setTimeout(function() {{document.forms[0].submit();}}, 0);</script></body></html>",
        escape(redirect_uri)
    )
}

fn authorization_code_grant(state: &mut State, ctx: &Ctx, form: &Form) -> Outcome {
    let now = ctx.now.unix_timestamp();
    let code = form.get("code").unwrap_or("");
    let invalid = |n: u32, text: &str| entra_error(ctx, 400, "invalid_grant", n, text);
    let Some(entry) = state.entra.auth_codes.get_mut(&key(code)) else {
        return Err(invalid(
            9002313,
            "Invalid request. Request is malformed or invalid.",
        ));
    };
    if entry.expires <= now {
        return Err(invalid(
            70008,
            "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
        ));
    }
    if entry.redeemed {
        return Err(invalid(
            54005,
            "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
        ));
    }
    let client_id = form.get("client_id").unwrap_or("");
    if !entry.client_id.eq_ignore_ascii_case(client_id) {
        return Err(invalid(70000, "Provided grant is invalid or malformed."));
    }
    let redirect_uri = form.get("redirect_uri").unwrap_or("");
    if redirect_uri != entry.redirect_uri {
        return Err(invalid(
            500112,
            &format!(
                "The reply address '{redirect_uri}' does not match the reply address '{}' provided when requesting Authorization code.",
                entry.redirect_uri
            ),
        ));
    }
    if let Some(challenge) = &entry.code_challenge {
        let verifier = form.get("code_verifier").unwrap_or("");
        let derived = if entry.challenge_method == "S256" {
            use sha2::Digest;
            URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
        } else {
            verifier.to_string()
        };
        if verifier.is_empty() || derived != *challenge {
            return Err(invalid(
                501481,
                "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
            ));
        }
    }
    // A code is good for one redemption; a second try is AADSTS54005 until it expires.
    entry.redeemed = true;
    let entry = entry.clone();
    let session = Session::new(ctx, now);
    tokens(
        ctx,
        form,
        &entry.client_id,
        &entry.tenant,
        &entry.scope,
        entry.nonce.as_deref(),
        &session,
    )
}

// ---------------------------------------------------------------- refresh tokens

fn refresh_token_grant(state: &State, ctx: &Ctx, form: &Form, tenant: &str) -> Outcome {
    let s = ctx.settings;
    let now = ctx.now.unix_timestamp();
    let invalid = |n: u32, text: &str| entra_error(ctx, 400, "invalid_grant", n, text);
    let malformed = || invalid(9002313, "Invalid request. Request is malformed or invalid.");
    let rt = form.get("refresh_token").unwrap_or("");
    let claims = token::verify_token(s, rt).map_err(|_| malformed())?;
    if claims["typ"] != "refresh" {
        return Err(malformed());
    }
    let client_id = form.get("client_id").unwrap_or("");
    let issued_to = claims["azp"].as_str().unwrap_or("");
    // Refresh tokens of one FOCI family redeem for any member (all public clients here).
    let same_family = public_client(ctx, issued_to) && public_client(ctx, client_id);
    if !(issued_to.eq_ignore_ascii_case(client_id) || same_family) {
        return Err(invalid(70000, "Provided grant is invalid or malformed."));
    }
    let iat = claims["iat"].as_i64().unwrap_or(0);
    if let Some(from) = state.entra.tokens_valid_from
        && iat < from
    {
        return Err(invalid(
            50173,
            &format!(
                "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '{}' and the TokensValidFrom date (before which tokens are not valid) for this user is '{}'.",
                iso_at(iat),
                iso_at(from)
            ),
        ));
    }
    if now >= iat + s.refresh_token_lifetime_secs {
        let idle = now - iat;
        return Err(invalid(
            700082,
            &format!(
                "The refresh token has expired due to inactivity. The token was issued on {} and was inactive for {}.{:02}:{:02}:{:02}.",
                iso_at(iat),
                idle / 86400,
                idle % 86400 / 3600,
                idle % 3600 / 60,
                idle % 60
            ),
        ));
    }
    let session = Session {
        sid: claims["sid"].as_str().unwrap_or("").to_string(),
        auth_time: claims["auth_time"].as_i64().unwrap_or(iat),
    };
    let scope = form.get("scope").unwrap_or("");
    tokens(ctx, form, client_id, tenant, scope, None, &session)
}

fn iso_at(unix: i64) -> String {
    util::iso(OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH))
}

// ---------------------------------------------------------------- the token endpoint

/// The person grants of `POST /{tenant}/oauth2/v2.0/token`.
pub(crate) fn token(state: &mut State, ctx: &Ctx, form: &Form, grant: &str) -> Outcome {
    let tenant = resolve_tenant(ctx, &ctx.segs[0])?;
    let client_id = form.get("client_id").unwrap_or("");
    if !public_client(ctx, client_id) {
        return Err(entra_error(
            ctx,
            400,
            "unauthorized_client",
            700016,
            &unknown_client(client_id, &tenant),
        ));
    }
    match grant {
        DEVICE_CODE_GRANT => device_code_grant(state, ctx, form),
        "authorization_code" => authorization_code_grant(state, ctx, form),
        _ => refresh_token_grant(state, ctx, form, &tenant),
    }
}

/// A sign-in session: what every token of one sign-in shares.
struct Session {
    sid: String,
    auth_time: i64,
}

impl Session {
    fn new(ctx: &Ctx, now: i64) -> Self {
        Session {
            sid: util::guid(&["sid", &ctx.request_id]),
            auth_time: now,
        }
    }
}

/// What a scope list asks for: the resource of the access token and the `scope` Entra grants.
struct Grant {
    audience: String,
    granted: String,
    openid: bool,
    offline: bool,
}

const GRAPH: &str = "https://graph.microsoft.com";

fn parse_scopes(ctx: &Ctx, scope: &str) -> Result<Grant, Fail> {
    let mut openid = false;
    let mut offline = false;
    let mut resource: Option<String> = None;
    let mut granted: Vec<String> = Vec::new();
    for sc in scope.split(' ').filter(|s| !s.is_empty()) {
        match sc {
            "openid" => openid = true,
            "offline_access" => offline = true,
            "profile" | "email" => {}
            _ => {
                let (res, perm) = match sc.rsplit_once('/') {
                    Some((r, p)) if !r.is_empty() => (r.to_string(), p),
                    _ => (GRAPH.to_string(), sc),
                };
                // `https://management.core.windows.net//.default` names the resource with
                // its trailing slash: the audience keeps it, as Entra's v1 tokens do.
                if resource.as_ref().is_some_and(|r| *r != res) {
                    return Err(entra_error(
                        ctx,
                        400,
                        "invalid_scope",
                        28000,
                        &format!(
                            "Provided value for the input parameter scope is not valid because it contains more than one resource. Scope {scope} is not valid."
                        ),
                    ));
                }
                if perm == ".default" {
                    granted.push(format!("{res}/user_impersonation"));
                }
                granted.push(sc.to_string());
                resource = Some(res);
            }
        }
    }
    let audience = resource.unwrap_or_else(|| {
        granted.push("User.Read".into());
        "00000003-0000-0000-c000-000000000000".into()
    });
    Ok(Grant {
        audience,
        granted: granted.join(" "),
        openid,
        offline,
    })
}

/// `client_info` (base64url JSON of the user's object id and home tenant), from which MSAL
/// builds the account's `home_account_id`.
fn client_info(settings: &Settings, tenant: &str) -> String {
    URL_SAFE_NO_PAD.encode(
        json!({"uid": settings.user.object_id, "utid": tenant})
            .to_string()
            .as_bytes(),
    )
}

/// The token response of a successful person grant.
fn tokens(
    ctx: &Ctx,
    form: &Form,
    client_id: &str,
    tenant: &str,
    scope: &str,
    nonce: Option<&str>,
    session: &Session,
) -> Outcome {
    let s = ctx.settings;
    let grant = parse_scopes(ctx, scope)?;
    let t = ctx.now.unix_timestamp();
    let exp = t + s.token_lifetime_secs;
    let u = &s.user;
    let uti = util::guid(&["uti", &ctx.request_id]);
    // Entra's `sub` is pairwise (per app), unlike `oid`.
    let sub = URL_SAFE_NO_PAD.encode(util::sha(&["sub", &u.object_id, client_id]));
    let access = token::sign(
        s,
        &json!({
            "aud": grant.audience,
            "iss": format!("https://sts.windows.net/{tenant}/"),
            "iat": t, "nbf": t, "exp": exp,
            "acr": "1",
            "amr": ["pwd"],
            "appid": client_id,
            "appidacr": "0",
            "family_name": u.family_name,
            "given_name": u.given_name,
            "idtyp": "user",
            "ipaddr": "127.0.0.1",
            "name": u.display_name,
            "oid": u.object_id,
            "scp": "user_impersonation",
            "sid": session.sid,
            "sub": sub,
            "tid": tenant,
            "unique_name": u.user_principal_name,
            "upn": u.user_principal_name,
            "uti": uti,
            "ver": "1.0",
        }),
    );
    let mut body = serde_json::Map::new();
    body.insert("token_type".into(), json!("Bearer"));
    body.insert("scope".into(), json!(grant.granted));
    body.insert("expires_in".into(), json!(s.token_lifetime_secs));
    body.insert("ext_expires_in".into(), json!(s.token_lifetime_secs));
    body.insert("access_token".into(), json!(access));
    if grant.offline {
        let refresh = token::sign(
            s,
            &json!({
                "typ": "refresh",
                "azp": client_id,
                "oid": u.object_id,
                "tid": tenant,
                "sid": session.sid,
                "auth_time": session.auth_time,
                "iat": t,
                "uti": uti,
            }),
        );
        body.insert("refresh_token".into(), json!(refresh));
        body.insert("foci".into(), json!("1"));
    }
    if grant.openid {
        let mut id = json!({
            "aud": client_id,
            "iss": format!("{}/{tenant}/v2.0", ctx.base()),
            "iat": t, "nbf": t, "exp": exp,
            "auth_time": session.auth_time,
            "name": u.display_name,
            "oid": u.object_id,
            "preferred_username": u.user_principal_name,
            "sid": session.sid,
            "sub": sub,
            "tid": tenant,
            "uti": uti,
            "ver": "2.0",
        });
        if let Some(n) = nonce {
            id["nonce"] = json!(n);
        }
        body.insert("id_token".into(), json!(token::sign(s, &id)));
    }
    if form.get("client_info") == Some("1") {
        body.insert("client_info".into(), json!(client_info(s, tenant)));
    }
    ok(&Value::Object(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_redirects_only() {
        for ok in [
            "http://localhost:1234",
            "http://localhost:1234/",
            "http://127.0.0.1:5/cb?x=1",
            "http://[::1]:80/",
            "http://localhost",
        ] {
            assert!(is_loopback(ok), "{ok}");
        }
        for bad in [
            "https://localhost:1234",
            "http://example.com:1234",
            "http://localhost.example.com/",
            "http://127.0.0.2/",
            "http://localhost:1/#f",
            "localhost:1234",
            "",
        ] {
            assert!(!is_loopback(bad), "{bad}");
        }
    }

    #[test]
    fn form_post_page_escapes_what_it_echoes() {
        let page = form_post_page("http://localhost:1/", &[("state", "a\"<b>".into())]);
        assert!(page.contains("value=\"a&quot;&lt;b&gt;\""), "{page}");
        assert!(page.contains("action=\"http://localhost:1/\""));
    }
}
