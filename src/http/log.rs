//! HTTP tracing for `--debug`: one `tracing` DEBUG event per line of every request and response
//! (target [`HTTP_TARGET`]), in the order and wording of azure-core's Python logging policy, plus
//! the time each try took. The app installs the subscriber; this module only emits events.
//!
//! Everything passes through the redaction functions here first: `Authorization` and other
//! credential headers, token/secret/password fields of JSON and form bodies (including the
//! `value` of credential results, which holds a whole kubeconfig) and anything that looks like a
//! JWT are replaced by `REDACTED`.

use azure_core::http::{
    AsyncRawResponse, Context, Request,
    policies::{Policy, PolicyResult},
};
use std::sync::Arc;
use std::time::Instant;

/// The `tracing` target of HTTP events.
pub const HTTP_TARGET: &str = "azrs::http";

/// Replacement text for redacted material.
pub const REDACTED: &str = "REDACTED";

const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-identity-header",
    "x-ms-authorization-auxiliary",
    "x-ms-token-aad-access-token",
];

/// Header value as it may be logged.
pub fn redact_header(name: &str, value: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if SECRET_HEADERS.contains(&lower.as_str()) {
        REDACTED.to_owned()
    } else {
        redact_jwts(value)
    }
}

fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    matches!(
        k.as_str(),
        "access_token"
            | "accesstoken"
            | "refresh_token"
            | "refreshtoken"
            | "id_token"
            | "client_secret"
            | "clientsecret"
            | "client_assertion"
            | "assertion"
            | "secret"
            | "token"
            | "oidctoken"
            | "kubeconfig"
            | "sig"
    ) || k.contains("password")
}

/// Body text as it may be logged. JSON bodies are walked (string fields with secret names and
/// string `value` fields are replaced), form bodies lose secret parameters, anything else keeps
/// only non-JWT text.
pub fn redact_body(body: &[u8]) -> String {
    if body.is_empty() {
        return String::new();
    }
    let Ok(text) = std::str::from_utf8(body) else {
        return format!("<{} bytes of binary data>", body.len());
    };
    if let Ok(mut v) = serde_json::from_str::<serde_json::Value>(text) {
        redact_json(&mut v);
        return redact_jwts(&v.to_string());
    }
    if text.contains('=') && !text.contains(char::is_whitespace) {
        let pairs: Vec<String> = url::form_urlencoded::parse(text.as_bytes())
            .map(|(k, v)| {
                if is_secret_key(&k) {
                    format!("{k}={REDACTED}")
                } else {
                    let enc: String = url::form_urlencoded::byte_serialize(v.as_bytes()).collect();
                    format!("{k}={enc}")
                }
            })
            .collect();
        return redact_jwts(&pairs.join("&"));
    }
    redact_jwts(text)
}

fn redact_json(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(o) => {
            for (k, val) in o.iter_mut() {
                let secret_string = val.is_string() && (is_secret_key(k) || k == "value");
                if secret_string {
                    *val = serde_json::Value::String(REDACTED.to_owned());
                } else {
                    redact_json(val);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(redact_json),
        _ => {}
    }
}

/// Replace JWT-shaped substrings (`eyJ…`.`…`.`…`) by `REDACTED`.
pub fn redact_jwts(text: &str) -> String {
    let is_b64 = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("eyJ") {
        out.push_str(&rest[..pos]);
        let cand = &rest[pos..];
        let mut end = 0;
        let mut dots = 0;
        for (i, c) in cand.char_indices() {
            if is_b64(c) {
                end = i + c.len_utf8();
            } else if c == '.' && dots < 2 {
                dots += 1;
                end = i + 1;
            } else {
                break;
            }
        }
        if dots == 2 {
            out.push_str(REDACTED);
            rest = &cand[end..];
        } else {
            out.push_str("eyJ");
            rest = &cand[3..];
        }
    }
    out.push_str(rest);
    out
}

/// Per-try policy that logs the request as sent (after the bearer policy) and the response.
#[derive(Debug, Default)]
pub struct HttpLogPolicy;

#[async_trait::async_trait]
impl Policy for HttpLogPolicy {
    async fn send(
        &self,
        ctx: &Context,
        request: &mut Request,
        next: &[Arc<dyn Policy>],
    ) -> PolicyResult {
        if !tracing::enabled!(target: HTTP_TARGET, tracing::Level::DEBUG) {
            return next[0].send(ctx, request, &next[1..]).await;
        }
        log_request(request);
        let start = Instant::now();
        let result = next[0].send(ctx, request, &next[1..]).await;
        let ms = start.elapsed().as_millis();
        match result {
            Ok(resp) => {
                let (status, headers, body) = resp.deconstruct();
                let bytes = body.collect().await?;
                tracing::debug!(target: HTTP_TARGET, "Response status: {}", u16::from(status));
                tracing::debug!(target: HTTP_TARGET, "Response headers:");
                for (k, v) in headers.iter() {
                    tracing::debug!(target: HTTP_TARGET, "    '{}': '{}'", k.as_str(), redact_header(k.as_str(), v.as_str()));
                }
                tracing::debug!(target: HTTP_TARGET, "Response content:");
                tracing::debug!(target: HTTP_TARGET, "{}", redact_body(&bytes));
                tracing::debug!(target: HTTP_TARGET, "Response time: {ms} ms");
                Ok(AsyncRawResponse::from_bytes(status, headers, bytes))
            }
            Err(e) => {
                tracing::debug!(target: HTTP_TARGET, "Request failed after {ms} ms: {}", redact_jwts(&e.to_string()));
                Err(e)
            }
        }
    }
}

fn log_request(request: &Request) {
    tracing::debug!(target: HTTP_TARGET, "Request URL: '{}'", redact_jwts(request.url().as_str()));
    tracing::debug!(target: HTTP_TARGET, "Request method: '{}'", request.method());
    tracing::debug!(target: HTTP_TARGET, "Request headers:");
    for (k, v) in request.headers().iter() {
        tracing::debug!(target: HTTP_TARGET, "    '{}': '{}'", k.as_str(), redact_header(k.as_str(), v.as_str()));
    }
    match request.body() {
        azure_core::http::Body::Bytes(b) if !b.is_empty() => {
            tracing::debug!(target: HTTP_TARGET, "Request body:");
            tracing::debug!(target: HTTP_TARGET, "{}", redact_body(b));
        }
        azure_core::http::Body::Bytes(_) => {
            tracing::debug!(target: HTTP_TARGET, "Request body:");
            tracing::debug!(target: HTTP_TARGET, "This request has no body");
        }
        _ => tracing::debug!(target: HTTP_TARGET, "Request body: <stream>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_header_is_redacted_in_any_case() {
        assert_eq!(redact_header("Authorization", "Bearer abc"), REDACTED);
        assert_eq!(redact_header("x-identity-header", "s"), REDACTED);
        assert_eq!(
            redact_header("Accept", "application/json"),
            "application/json"
        );
    }

    #[test]
    fn credential_result_value_is_redacted() {
        let body = br#"{"kubeconfigs":[{"name":"clusterUser","value":"YXBpVmVyc2lvbjogdjE="}]}"#;
        let out = redact_body(body);
        assert!(!out.contains("YXBpVmVyc2lvbjogdjE="), "{out}");
        assert!(out.contains("clusterUser"));
    }

    #[test]
    fn list_values_are_kept_but_nested_secrets_are_not() {
        let body = br#"{"value":[{"name":"a","properties":{"servicePrincipalProfile":{"secret":"s3"},"windowsProfile":{"adminPassword":"p"}}}]}"#;
        let out = redact_body(body);
        assert!(out.contains("\"name\":\"a\""));
        assert!(!out.contains("s3") && !out.contains("\"p\""), "{out}");
    }

    #[test]
    fn form_secrets_and_tokens_are_redacted() {
        let out = redact_body(b"client_id=abc&client_secret=hunter2&grant_type=client_credentials&client_assertion=xyz");
        assert!(out.contains("client_id=abc"));
        assert!(!out.contains("hunter2") && !out.contains("xyz"), "{out}");
        let t = redact_body(br#"{"access_token":"tok","token_type":"Bearer","expires_in":3599}"#);
        assert!(!t.contains("tok\""), "{t}");
        assert!(t.contains("Bearer"));
    }

    #[test]
    fn jwt_shapes_are_redacted_anywhere() {
        let s = redact_jwts("x eyJhbGciOi.eyJzdWIiOi.sig-_1 y eyJnot");
        assert_eq!(s, "x REDACTED y eyJnot");
    }
}
