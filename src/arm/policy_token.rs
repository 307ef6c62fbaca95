//! Azure Policy tokens for `--acquire-policy-token` and `--change-reference`, as az 2.91's
//! `get_custom_hook_policy` gets them: before every request that is not a GET (PUT, PATCH,
//! DELETE, POST, HEAD alike, the provider auto-registration POST included), az POSTs the
//! operation to `/subscriptions/{sub}/providers/Microsoft.Authorization/acquirePolicyToken`
//! (api-version 2025-11-01) and sends the token it gets back on the operation as
//! `x-ms-policy-external-evaluations`. Both requests carry one `x-ms-correlation-request-id`.
//!
//! This module holds the pure parts: the settings, the acquire request (URL, headers and body
//! with az's bytes) and reading the answer into a token or az's error text. Sending both
//! requests is [`super::ArmClient::send_raw`]'s, through the one pipeline.
//!
//! One deliberate difference: az names the subscription of the command (`--subscription` or
//! the default) in the acquire URL, azrs the subscription of the operation's own URL. They are
//! the same for every write azrs sends, which all live below the command's subscription.

use super::error::ArmError;
use super::path::ArmPath;
use super::request::ArmRequest;
use super::response::ArmResponse;
use azure_core::http::Method;
use serde_json::{Value, json};

/// The api-version az 2.91 acquires policy tokens with.
pub const API_VERSION: &str = "2025-11-01";

/// The header that carries the token on the operation.
pub const TOKEN_HEADER: &str = "x-ms-policy-external-evaluations";

/// The header both requests share.
pub const CORRELATION_HEADER: &str = "x-ms-correlation-request-id";

/// What `--acquire-policy-token` / `--change-reference` ask of the client (az turns the hook
/// on when either is given).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicyTokenSettings {
    /// `--change-reference`: sent as the body's `changeReference` (else `null`).
    pub change_reference: Option<String>,
}

/// Whether az asks for a token before a request with this method (every method but GET).
pub fn needs_token(method: Method) -> bool {
    method != Method::Get
}

/// The acquire request for `operation_url` sent with `method` and `content` (its JSON body),
/// in the subscription `subscription` (`/subscriptions/{sub}`). The body is az's
/// `{"operation": {"uri", "httpMethod", "content"}, "changeReference"}`, key order included;
/// the headers are the ones az's `send_raw_request` adds (`Accept: */*` is requests').
pub fn acquire_request(
    subscription: &ArmPath,
    operation_url: &str,
    method: Method,
    content: Option<&Value>,
    settings: &PolicyTokenSettings,
    correlation_id: &str,
) -> ArmRequest {
    let path = subscription
        .clone()
        .lit("providers/Microsoft.Authorization/acquirePolicyToken");
    let body = json!({
        "operation": {
            "uri": operation_url,
            "httpMethod": method.as_ref(),
            "content": content.cloned().unwrap_or(Value::Null),
        },
        "changeReference": settings.change_reference,
    });
    ArmRequest::post(&path, API_VERSION, Some(body))
        .accept_any()
        .header("x-ms-force-sync", "true")
        .header(CORRELATION_HEADER, correlation_id)
}

/// The token in an acquire answer: `Some` from a 200 with a body holding `token`, `None` for
/// another success (az then sends the operation without the header), and az's
/// `Failed to acquire policy token, exception: ...` for a failure or a 200 without a token.
pub fn read_token(resp: &ArmResponse) -> Result<Option<String>, ArmError> {
    let text = String::from_utf8_lossy(&resp.body);
    if !resp.is_success() {
        // requests' `reason` then the body in parentheses, as az's HTTPError message.
        let reason = azure_core::http::StatusCode::from(resp.status)
            .canonical_reason()
            .into_owned();
        let detail = if text.is_empty() {
            reason
        } else {
            format!("{reason}({text})")
        };
        return Err(failed(&detail));
    }
    if resp.status != 200 || resp.body.is_empty() {
        return Ok(None);
    }
    let answer: Value = serde_json::from_slice(&resp.body).map_err(|e| failed(&e.to_string()))?;
    match answer.get("token") {
        Some(Value::String(t)) if !t.is_empty() => Ok(Some(t.clone())),
        // Python's repr of the raw bytes: `b'...'`.
        _ => Err(failed(&format!(
            "No token returned. Response:b{}",
            crate::py::repr::str_repr(&text)
        ))),
    }
}

fn failed(detail: &str) -> ArmError {
    ArmError::PolicyToken(format!(
        "Failed to acquire policy token, exception: {detail}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::CommandHeaders;
    use azure_core::http::Url;
    use azure_core::http::headers::{HeaderName, Headers};

    fn answer(status: u16, body: &str) -> ArmResponse {
        ArmResponse {
            status,
            headers: Headers::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn acquire_request_has_azs_url_headers_and_body_bytes() {
        let ep = Url::parse("https://management.azure.com/").expect("url");
        let op = "https://management.azure.com/subscriptions/s/resourcegroups/rg1?api-version=2024-11-01";
        let req = acquire_request(
            &ArmPath::subscription("s"),
            op,
            Method::Put,
            Some(&json!({"location": "westus2"})),
            &PolicyTokenSettings::default(),
            "corr-1",
        );
        let cmd = CommandHeaders::new(Some("group create"), Some("-n -l --acquire-policy-token"));
        let r = req.to_request(&ep, &cmd).expect("request");
        assert_eq!(
            r.url().as_str(),
            "https://management.azure.com/subscriptions/s/providers/Microsoft.Authorization/acquirePolicyToken?api-version=2025-11-01"
        );
        assert_eq!(r.method(), Method::Post);
        let h = |n: &'static str| r.headers().get_optional_string(&HeaderName::from_static(n));
        assert_eq!(h("x-ms-force-sync").as_deref(), Some("true"));
        assert_eq!(h("x-ms-correlation-request-id").as_deref(), Some("corr-1"));
        assert_eq!(h("content-type").as_deref(), Some("application/json"));
        assert_eq!(h("accept").as_deref(), Some("*/*"));
        assert_eq!(h("commandname").as_deref(), Some("group create"));
        // The body az sent for `group create -n rg1 -l westus2 --acquire-policy-token`
        // (224 bytes on the wire, captured from az 2.91 against the emulator).
        let body =
            super::super::body::python_dumps(req.body.as_ref().expect("body")).expect("json");
        let expected = r#"{"operation": {"uri": "https://management.azure.com/subscriptions/s/resourcegroups/rg1?api-version=2024-11-01", "httpMethod": "PUT", "content": {"location": "westus2"}}, "changeReference": null}"#;
        assert_eq!(String::from_utf8(body).expect("utf8"), expected);
    }

    #[test]
    fn change_reference_and_a_bodyless_delete() {
        let req = acquire_request(
            &ArmPath::subscription("s"),
            "https://x/subscriptions/s/resourcegroups/rg?api-version=1",
            Method::Delete,
            None,
            &PolicyTokenSettings {
                change_reference: Some("/changes/abc".into()),
            },
            "c",
        );
        let body = req.body.expect("body");
        assert_eq!(body["operation"]["httpMethod"], "DELETE");
        assert_eq!(body["operation"]["content"], Value::Null);
        assert_eq!(body["changeReference"], "/changes/abc");
    }

    #[test]
    fn only_gets_go_without_a_token() {
        assert!(!needs_token(Method::Get));
        for m in [
            Method::Put,
            Method::Post,
            Method::Delete,
            Method::Patch,
            Method::Head,
        ] {
            assert!(needs_token(m), "{m:?}");
        }
    }

    #[test]
    fn answers_read_as_az_reads_them() {
        assert_eq!(
            read_token(&answer(200, r#"{"result":"Succeeded","token":"PoP abc"}"#)).expect("ok"),
            Some("PoP abc".into())
        );
        assert_eq!(read_token(&answer(200, "")).expect("ok"), None);
        assert_eq!(
            read_token(&answer(202, r#"{"token":"x"}"#)).expect("ok"),
            None
        );
        let bad =
            read_token(&answer(400, r#"{"error":{"code":"X","message":"m"}}"#)).expect_err("400");
        assert_eq!(
            bad.to_string(),
            r#"Failed to acquire policy token, exception: Bad Request({"error":{"code":"X","message":"m"}})"#
        );
        assert_eq!(bad.exit_code(), 1);
        // A 404 is still az's ServiceError (exit 1), not a missing resource (exit 3).
        assert_eq!(
            read_token(&answer(404, "")).expect_err("404").exit_code(),
            1
        );
        assert_eq!(
            read_token(&answer(200, r#"{"result":"Failed"}"#))
                .expect_err("no token")
                .to_string(),
            r#"Failed to acquire policy token, exception: No token returned. Response:b'{"result":"Failed"}'"#
        );
    }
}
