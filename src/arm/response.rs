//! One ARM answer held whole (status, headers, body) and the three questions every caller asks
//! of it: success, JSON body, and the [`ArmError`] for a failure. Sending is the client's;
//! reading `Retry-After` and polling headers is `lro.rs`'s.

use super::error::{ArmError, ArmErrorBody};
use azure_core::http::RawResponse;
use azure_core::http::headers::{HeaderName, Headers};
use serde_json::Value;

/// A response with status, headers and the whole body.
#[derive(Debug, Clone)]
pub struct ArmResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: Headers,
    /// Raw body bytes.
    pub body: Vec<u8>,
}

impl ArmResponse {
    pub(super) fn from_raw(raw: RawResponse) -> Self {
        let (status, headers, body) = raw.deconstruct();
        Self {
            status: u16::from(status),
            headers,
            body: body.to_vec(),
        }
    }

    /// A header value, case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get_optional_str(&HeaderName::from(name.to_ascii_lowercase()))
    }

    /// The body as JSON; empty body → `Null`.
    pub fn json(&self) -> Result<Value, ArmError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&self.body).map_err(|e| {
            ArmError::InvalidResponse(format!("invalid JSON in response ({}): {e}", self.status))
        })
    }

    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The error for a non-2xx response.
    pub fn to_error(&self) -> ArmError {
        ArmError::Http {
            status: self.status,
            reason: azure_core::http::StatusCode::from(self.status)
                .canonical_reason()
                .into_owned(),
            body: ArmErrorBody::from_envelope(&self.body).map(Box::new),
        }
    }
}
