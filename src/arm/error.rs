//! `ArmError`: every way an ARM call can fail, rendered exactly like az prints it.
//!
//! The ARM error envelope (`arm.md` §2) is rendered as azure-core's ODataV4/ARM formatter does
//! (`output.md` §8.2): `(Code) Message`, `Code:`, `Message:`, optional `Target:`, `Exception
//! Details:` (no newline before the first detail, every detail line TAB-indented), `Inner
//! error:` and `Additional Information:`. The HTTP status travels with the error so the app can
//! map 404 to exit code 3. This module never prints.

use serde_json::Value;

/// One ARM error object (`{"error": {...}}` contents), tolerant of missing and null fields.
#[derive(Debug, Clone, PartialEq)]
pub struct ArmErrorBody {
    /// `code`, if present.
    pub code: Option<String>,
    /// `message`, if present.
    pub message: Option<String>,
    /// `target`, if present and non-empty.
    pub target: Option<String>,
    /// Nested `details[]`.
    pub details: Vec<ArmErrorBody>,
    /// `innererror` as sent.
    pub innererror: Option<Value>,
    /// `additionalInfo[]` entries as `(type, info)`.
    pub additional_info: Vec<(String, Value)>,
}

impl ArmErrorBody {
    /// Parse one error object (the value of the envelope's `error` key). `None` if not an object.
    pub fn from_value(v: &Value) -> Option<Self> {
        let o = v.as_object()?;
        let s = |k: &str| o.get(k).and_then(|x| x.as_str()).map(str::to_owned);
        let details = o
            .get("details")
            .and_then(|d| d.as_array())
            .map(|a| a.iter().filter_map(Self::from_value).collect())
            .unwrap_or_default();
        let additional_info = o
            .get("additionalInfo")
            .and_then(|d| d.as_array())
            .map(|a| {
                a.iter()
                    .map(|e| {
                        let t = e.get("type").and_then(|t| t.as_str()).unwrap_or("None");
                        (t.to_owned(), e.get("info").cloned().unwrap_or(Value::Null))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Self {
            code: s("code"),
            message: s("message"),
            target: s("target").filter(|t| !t.is_empty()),
            details,
            innererror: o.get("innererror").filter(|v| !is_empty_json(v)).cloned(),
            additional_info,
        })
    }

    /// Parse a response body holding the envelope `{"error": {...}}`.
    pub fn from_envelope(body: &[u8]) -> Option<Self> {
        let v: Value = serde_json::from_slice(body).ok()?;
        Self::from_value(v.get("error")?)
    }

    /// The text az prints after `ERROR: `.
    pub fn render(&self) -> String {
        let code = self.code.as_deref().unwrap_or("None");
        let message = self.message.as_deref().unwrap_or("None");
        let mut s = format!("({code}) {message}\nCode: {code}\nMessage: {message}");
        if let Some(t) = &self.target {
            s.push_str("\nTarget: ");
            s.push_str(t);
        }
        if !self.details.is_empty() {
            s.push_str("\nException Details:");
            for d in &self.details {
                let lines: Vec<String> = d.render().lines().map(|l| format!("\t{l}")).collect();
                s.push_str(&lines.join("\n"));
            }
        }
        if let Some(inner) = &self.innererror {
            s.push_str("\nInner error: ");
            s.push_str(&python_indent4(inner));
        }
        if !self.additional_info.is_empty() {
            s.push_str("\nAdditional Information:");
            for (t, info) in &self.additional_info {
                s.push_str(&format!("Type: {t}\nInfo: {}", python_indent4(info)));
            }
        }
        s
    }
}

fn is_empty_json(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// `json.dumps(v, indent=4)` as Python prints it (same layout as serde's pretty printer with a
/// four-space indent for the values ARM sends).
fn python_indent4(v: &Value) -> String {
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    match serde::Serialize::serialize(v, &mut ser) {
        Ok(()) => String::from_utf8_lossy(&out).into_owned(),
        Err(_) => v.to_string(),
    }
}

/// An error from the ARM client.
#[derive(Debug, thiserror::Error)]
pub enum ArmError {
    /// ARM answered with a non-success status.
    #[error("{}", render_http(.reason, .body))]
    Http {
        /// HTTP status code.
        status: u16,
        /// Reason phrase for the status (`Not Found`).
        reason: String,
        /// The parsed error envelope, if the body had one.
        body: Option<Box<ArmErrorBody>>,
    },
    /// A long-running operation ended `Failed` or `Canceled`.
    #[error("{}", render_lro(.status, .body))]
    OperationFailed {
        /// The terminal status as ARM spelled it.
        status: String,
        /// The status body's `error` object.
        body: Option<Box<ArmErrorBody>>,
    },
    /// The request never got a response (connection refused, reset, timeout), after retries.
    #[error("{0}")]
    Transport(String),
    /// No token could be obtained.
    #[error("{0}")]
    Credential(String),
    /// The response could not be understood (bad JSON, a status body without `status`, ...).
    #[error("{0}")]
    InvalidResponse(String),
    /// Refused before sending: plain `http://`, a foreign host in a poll or next link, a bad URL.
    #[error("{0}")]
    Refused(String),
}

fn render_http(reason: &str, body: &Option<Box<ArmErrorBody>>) -> String {
    match body {
        Some(b) => b.render(),
        None => {
            format!("Operation returned an invalid status '{reason}'")
        }
    }
}

fn render_lro(status: &str, body: &Option<Box<ArmErrorBody>>) -> String {
    match body {
        Some(b) => b.render(),
        None => format!("Long running operation failed with status '{status}'"),
    }
}

impl ArmError {
    /// The HTTP status behind the error, if ARM answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ArmError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// True for HTTP 404 (az exits 3).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// The ARM error code, if any.
    pub fn code(&self) -> Option<&str> {
        match self {
            ArmError::Http { body: Some(b), .. }
            | ArmError::OperationFailed { body: Some(b), .. } => b.code.as_deref(),
            _ => None,
        }
    }

    /// The exit code az uses for this error: 3 for 404, otherwise 1.
    pub fn exit_code(&self) -> i32 {
        if self.is_not_found() { 3 } else { 1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renders_simple_envelope_like_az() {
        let b = ArmErrorBody::from_envelope(
            br#"{"error":{"code":"ResourceGroupNotFound","message":"Resource group 'nope' could not be found."}}"#,
        )
        .unwrap();
        assert_eq!(
            b.render(),
            "(ResourceGroupNotFound) Resource group 'nope' could not be found.\nCode: ResourceGroupNotFound\nMessage: Resource group 'nope' could not be found."
        );
    }

    #[test]
    fn renders_target_and_details_with_tab_quirk() {
        let v = json!({"code":"InvalidParameter","message":"The value of parameter x is invalid.","target":"x",
            "details":[{"code":"Inner","message":"inner detail"}]});
        let b = ArmErrorBody::from_value(&v).unwrap();
        assert_eq!(
            b.render(),
            "(InvalidParameter) The value of parameter x is invalid.\nCode: InvalidParameter\nMessage: The value of parameter x is invalid.\nTarget: x\nException Details:\t(Inner) inner detail\n\tCode: Inner\n\tMessage: inner detail"
        );
    }

    #[test]
    fn tolerates_null_and_unknown_fields() {
        let v = json!({"code":"C","message":"m","subcode":"","details":null,"target":null,"innererror":null});
        let b = ArmErrorBody::from_value(&v).unwrap();
        assert_eq!(b.render(), "(C) m\nCode: C\nMessage: m");
    }

    #[test]
    fn non_arm_body_uses_reason_phrase() {
        let e = ArmError::Http {
            status: 502,
            reason: "Bad Gateway".into(),
            body: None,
        };
        assert_eq!(
            e.to_string(),
            "Operation returned an invalid status 'Bad Gateway'"
        );
        assert_eq!(e.exit_code(), 1);
        let nf = ArmError::Http {
            status: 404,
            reason: "Not Found".into(),
            body: None,
        };
        assert_eq!(nf.exit_code(), 3);
    }

    #[test]
    fn renders_inner_error_and_additional_info() {
        let v = json!({"code":"C","message":"m","innererror":{"a":1},
            "additionalInfo":[{"type":"PolicyViolation","info":{"p":"q"}}]});
        let b = ArmErrorBody::from_value(&v).unwrap();
        assert_eq!(
            b.render(),
            "(C) m\nCode: C\nMessage: m\nInner error: {\n    \"a\": 1\n}\nAdditional Information:Type: PolicyViolation\nInfo: {\n    \"p\": \"q\"\n}"
        );
    }
}
