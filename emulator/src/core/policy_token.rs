//! `POST /subscriptions/{sub}/providers/Microsoft.Authorization/acquirePolicyToken`: the Azure
//! Policy token az 2.91 asks for before every write when `--acquire-policy-token` or
//! `--change-reference` is given (it then sends the token on the write as
//! `x-ms-policy-external-evaluations`).
//!
//! The emulator has no policy assignments, so every operation passes: the answer is the
//! `PolicyTokenResponse` of azure-rest-api-specs (`result: Succeeded`, no per-assignment
//! `results`) with a token derived from the operation, so the same operation always gets the
//! same token and a test can recompute it. Nothing is stored, and writes are not checked for
//! the header (ARM accepts a write without one when no assignment asks for external
//! evaluation). Errors for a body without `operation.uri`/`operation.httpMethod` are
//! UNVERIFIED against ARM; their shape follows the other request-content errors here.

use serde_json::{Value, json};

use super::util::{self, Ctx, Fail, Outcome, ok};

/// The api-versions ARM serves `acquirePolicyToken` with (2025-11-01 is the one az 2.91 uses).
const API_VERSIONS: &[&str] = &["2025-11-01", "2025-03-01"];

/// How long a token is valid; the spec's example token expires two hours after issue.
const LIFETIME: time::Duration = time::Duration::hours(2);

pub(crate) fn acquire(ctx: &Ctx) -> Outcome {
    let version = ctx.q("api-version").ok_or_else(util::missing_api_version)?;
    if !API_VERSIONS.contains(&version) {
        return Err(Fail::new(
            400,
            "InvalidApiVersionParameter",
            format!(
                "The api-version '{version}' is invalid. The supported versions are '{}'.",
                API_VERSIONS.join(", ")
            ),
        ));
    }
    let body = util::body_json(ctx)?.unwrap_or(Value::Null);
    let operation = &body["operation"];
    let (Some(uri), Some(method)) = (
        operation.get("uri").and_then(Value::as_str),
        operation.get("httpMethod").and_then(Value::as_str),
    ) else {
        return Err(Fail::new(
            400,
            "InvalidRequestContent",
            "The request content was invalid and could not be deserialized: 'operation.uri and operation.httpMethod are required'.",
        ));
    };
    let content = operation.get("content").map(Value::to_string);
    let change_reference = body.get("changeReference").cloned().unwrap_or(Value::Null);
    let parts = [
        "policy-token",
        &method.to_ascii_uppercase(),
        uri,
        content.as_deref().unwrap_or(""),
    ];
    ok(&json!({
        "result": "Succeeded",
        "results": [],
        "changeReference": change_reference,
        "token": token_for(&parts),
        "tokenId": util::guid(&parts),
        "expiration": util::iso(ctx.now + LIFETIME),
    }))
}

/// The token for an operation: `PoP ` and a hash of it, the shape of ARM's opaque tokens.
fn token_for(parts: &[&str]) -> String {
    format!("PoP {}", util::hex(parts, 32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_operation_gets_the_same_token() {
        let a = token_for(&["policy-token", "PUT", "https://x/y", "{}"]);
        assert_eq!(a, token_for(&["policy-token", "PUT", "https://x/y", "{}"]));
        assert_ne!(
            a,
            token_for(&["policy-token", "DELETE", "https://x/y", "{}"])
        );
        assert!(a.starts_with("PoP ") && a.len() == 4 + 64, "{a}");
    }
}
