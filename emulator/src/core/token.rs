//! Tokens the emulator issues and checks: compact JWTs (`HS256`, keyed by
//! `Settings::signing_key`) for ARM access tokens, GitHub-Actions-style OIDC tokens and
//! workload-identity (projected service account) tokens, plus the ARM bearer check that turns a
//! missing, malformed, badly signed, expired or misaddressed token into ARM's 401 answers.
//! The tokens of a signed-in person (access, id and refresh tokens) are `entra`'s.

use std::time::SystemTime;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use time::OffsetDateTime;

use super::Settings;
use super::util::{Ctx, Fail, guid};

/// The audience federated credentials use (`api://AzureADTokenExchange`).
pub const AUDIENCE_EXCHANGE: &str = "api://AzureADTokenExchange";

/// ARM audiences accepted on ARM routes (compared without a trailing slash).
const ARM_AUDIENCES: &[&str] = &[
    "https://management.core.windows.net/",
    "https://management.core.windows.net",
    "https://management.azure.com/",
    "https://management.azure.com",
];

fn unix(now: SystemTime) -> i64 {
    OffsetDateTime::from(now).unix_timestamp()
}

/// Signs `claims` as an HS256 JWT with the settings' key.
pub(crate) fn sign(settings: &Settings, claims: &Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).unwrap_or_default());
    let input = format!("{header}.{payload}");
    let sig = mac(settings, input.as_bytes()).finalize().into_bytes();
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig))
}

fn mac(settings: &Settings, data: &[u8]) -> Hmac<Sha256> {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(settings.signing_key.as_bytes())
        .expect("HMAC accepts keys of any length");
    m.update(data);
    m
}

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token is not a well-formed JWT")]
    Malformed,
    #[error("the token's signature does not verify")]
    BadSignature,
}

/// Checks the signature of an emulator-issued JWT and returns its claims.
pub fn verify_token(settings: &Settings, token: &str) -> Result<Value, TokenError> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed);
    };
    let header: Value = URL_SAFE_NO_PAD
        .decode(h)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(TokenError::Malformed)?;
    let claims: Value = URL_SAFE_NO_PAD
        .decode(p)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .filter(Value::is_object)
        .ok_or(TokenError::Malformed)?;
    let sig = URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|_| TokenError::Malformed)?;
    if header["alg"] != "HS256" {
        return Err(TokenError::BadSignature);
    }
    mac(settings, format!("{h}.{p}").as_bytes())
        .verify_slice(&sig)
        .map_err(|_| TokenError::BadSignature)?;
    Ok(claims)
}

/// An access token for `audience` issued by this emulator's Entra look-alike to the app
/// `client_id` whose object id is `object_id`, valid for `Settings::token_lifetime_secs` (by
/// default 3599 s) from `now`.
pub fn issue_token(
    settings: &Settings,
    now: SystemTime,
    audience: &str,
    client_id: &str,
    object_id: &str,
) -> String {
    let t = unix(now);
    sign(
        settings,
        &json!({
            "aud": audience,
            "iss": format!("https://sts.windows.net/{}/", settings.tenant_id),
            "iat": t, "nbf": t, "exp": t + settings.token_lifetime_secs,
            "appid": client_id,
            "appidacr": "1",
            "idtyp": "app",
            "oid": object_id,
            "sub": object_id,
            "tid": settings.tenant_id,
            "ver": "1.0",
            "uti": guid(&["uti", client_id, &t.to_string()]),
        }),
    )
}

/// An ARM access token (audience `https://management.azure.com/`) for the settings' service
/// principal: what tests put in `Authorization` headers.
pub fn arm_token(settings: &Settings, now: SystemTime) -> String {
    let oid = sp_object_id(settings, &settings.sp_client_id);
    issue_token(
        settings,
        now,
        "https://management.azure.com/",
        &settings.sp_client_id,
        &oid,
    )
}

/// Object id of an app's service principal (derived from its client id).
pub(crate) fn sp_object_id(settings: &Settings, client_id: &str) -> String {
    if client_id.eq_ignore_ascii_case(&settings.mi_client_id) {
        return settings.mi_object_id.clone();
    }
    guid(&["sp-object", &client_id.to_ascii_lowercase()])
}

/// A GitHub Actions OIDC token for `audience` (issuer/subject from the settings), valid 10
/// minutes: what the emulator's `ACTIONS_ID_TOKEN_REQUEST_URL` endpoint hands out.
pub fn github_oidc_token(settings: &Settings, now: SystemTime, audience: &str) -> String {
    let t = unix(now);
    sign(
        settings,
        &json!({
            "jti": guid(&["github", audience, &t.to_string()]),
            "sub": settings.github_subject,
            "aud": audience,
            "ref": "refs/heads/main",
            "repository": "azrs/azrs",
            "iss": settings.github_issuer,
            "nbf": t, "iat": t, "exp": t + 600,
        }),
    )
}

/// A workload-identity (projected service account) token for `api://AzureADTokenExchange`,
/// valid one hour: the content of an `AZURE_FEDERATED_TOKEN_FILE` (write it without a newline).
pub fn workload_token(settings: &Settings, now: SystemTime) -> String {
    let t = unix(now);
    sign(
        settings,
        &json!({
            "aud": [AUDIENCE_EXCHANGE],
            "iss": settings.workload_issuer,
            "sub": settings.workload_subject,
            "iat": t, "nbf": t, "exp": t + 3600,
        }),
    )
}

/// .NET-style `M/d/yyyy h:mm:ss tt` as ARM prints times in its expiry message.
fn dotnet_time(t: OffsetDateTime) -> String {
    let h = t.hour();
    let (h12, ampm) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    format!(
        "{}/{}/{} {}:{:02}:{:02} {}",
        u8::from(t.month()),
        t.day(),
        t.year(),
        h12,
        t.minute(),
        t.second(),
        ampm
    )
}

fn unauthorized(ctx: &Ctx, code: &str, message: &str, description: &str) -> Fail {
    Fail::new(401, code, message).header(
        "WWW-Authenticate",
        format!(
            "Bearer authorization_uri=\"https://login.windows.net/{}\", error=\"invalid_token\", error_description=\"{}\"",
            ctx.settings.tenant_id, description
        ),
    )
}

/// The ARM bearer check (arm.md §3.2).
pub(crate) fn check_bearer(ctx: &Ctx) -> Result<(), Fail> {
    let Some(value) = ctx.header("authorization") else {
        return Err(unauthorized(
            ctx,
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is missing.",
            "The authentication failed because of missing 'Authorization' header.",
        ));
    };
    let malformed = || {
        unauthorized(
            ctx,
            "AuthenticationFailedInvalidHeader",
            "Authentication failed. The 'Authorization' header is provided in an invalid format.",
            "The authentication failed because of invalid format of 'Authorization' header.",
        )
    };
    let token = match value.split_once(' ') {
        Some((scheme, t)) if scheme.eq_ignore_ascii_case("bearer") && !t.trim().is_empty() => {
            t.trim()
        }
        _ => return Err(malformed()),
    };
    if !ctx.settings.verify_tokens {
        return Ok(());
    }
    let claims = match verify_token(ctx.settings, token) {
        Ok(c) => c,
        Err(TokenError::Malformed) => {
            let m = "The access token is invalid.";
            return Err(unauthorized(ctx, "InvalidAuthenticationToken", m, m));
        }
        Err(TokenError::BadSignature) => {
            let m = "The access token has invalid signature.";
            return Err(unauthorized(ctx, "InvalidAuthenticationToken", m, m));
        }
    };
    let now = ctx.now.unix_timestamp();
    let exp = claims["exp"].as_i64().unwrap_or(0);
    if exp <= now {
        let exp_t = OffsetDateTime::from_unix_timestamp(exp).unwrap_or(ctx.now);
        let m = format!(
            "The access token expiry UTC time '{}' is earlier than current UTC time '{}'.",
            dotnet_time(exp_t),
            dotnet_time(ctx.now)
        );
        return Err(unauthorized(ctx, "ExpiredAuthenticationToken", &m, &m));
    }
    if claims["nbf"].as_i64().is_some_and(|nbf| nbf > now + 300) {
        let m = "The access token is not yet valid.";
        return Err(unauthorized(ctx, "InvalidAuthenticationToken", m, m));
    }
    let aud = claims["aud"].as_str().unwrap_or("");
    if !ARM_AUDIENCES.contains(&aud) {
        let allowed = ARM_AUDIENCES
            .iter()
            .map(|a| format!("'{a}'"))
            .collect::<Vec<_>>()
            .join(",");
        let m = format!(
            "The access token has been obtained for wrong audience or resource '{aud}'. It should exactly match with one of the allowed audiences {allowed}."
        );
        return Err(unauthorized(
            ctx,
            "InvalidAuthenticationTokenAudience",
            &m,
            "The access token has been obtained from wrong audience or resource.",
        ));
    }
    let tid = claims["tid"].as_str().unwrap_or("");
    if !tid.eq_ignore_ascii_case(&ctx.settings.tenant_id) {
        let iss = claims["iss"].as_str().unwrap_or("");
        let t = &ctx.settings.tenant_id;
        let m = format!(
            "The access token is from the wrong issuer '{iss}'. It must match the tenant 'https://sts.windows.net/{t}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/{t}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later."
        );
        return Err(unauthorized(
            ctx,
            "InvalidAuthenticationTokenTenant",
            &m,
            "The access token is from the wrong issuer.",
        ));
    }
    Ok(())
}
