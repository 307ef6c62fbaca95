//! `ArmError`: every way an ARM call can fail, rendered exactly like az prints it. This is the
//! one home of that text: the binary prints an ARM failure with this `Display`, and the output
//! goldens check the same code.
//!
//! The ARM error envelope (`arm.md` §2) is read and rendered as azure-mgmt-core's
//! `ARMErrorFormat` (over azure-core's `ODataV4Format`) does (`output.md` §8.2): `(Code)
//! Message`, `Code:`, `Message:`, optional `Target:`, `Exception Details:` (no newline before
//! the first detail, every detail line TAB-indented), `Inner error:` and `Additional
//! Information:`, with Python's `str()` of each value and `json.dumps(..., indent=4)` of the
//! nested objects. A body azure-core cannot read (no truthy `code` or `message`, an
//! `additionalInfo` entry without `type`/`info`, ...) is no envelope: the caller then prints
//! `Operation returned an invalid status`. The HTTP status travels with the error so the app
//! can map 404 to exit code 3. This module never prints.

use crate::py::json::Dumps;
use crate::py::repr::py_str;
use crate::py::{PyValue, truthy};
use serde_json::Value;

/// One ARM error object (`{"error": {...}}` contents), as azure-core keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArmErrorBody {
    /// Python `str()` of `code`; `None` when absent or null (printed `None`).
    pub code: Option<String>,
    /// Python `str()` of `message`; `None` when absent or null.
    pub message: Option<String>,
    /// `target`, when truthy.
    pub target: Option<String>,
    /// Nested `details[]` (entries azure-core cannot read are skipped, as it does).
    pub details: Vec<ArmErrorBody>,
    /// `innererror`, when truthy.
    pub innererror: Option<Value>,
    /// `additionalInfo[]` entries as `(str(type), info)`.
    pub additional_info: Vec<(String, Value)>,
}

/// Python `str()` of a JSON value; `None` for null (the caller prints `None`).
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(py_str(&PyValue::from_json(other))),
    }
}

impl ArmErrorBody {
    /// `ARMErrorFormat(v)`: the object itself or its `error` member. `None` where azure-core's
    /// constructor raises.
    pub fn from_value(v: &Value) -> Option<Self> {
        let mut o = v.as_object()?;
        if let Some(inner) = o.get("error") {
            o = inner.as_object()?;
        }
        let (code, message) = (o.get("code"), o.get("message"));
        if !(code.is_some_and(truthy) || message.is_some_and(truthy)) {
            return None;
        }
        // `for d in json_object.get("details") or []`, each constructed under `except: pass`;
        // iterating a number or `true` raises outside that `try`.
        let details = match o.get("details") {
            Some(Value::Array(a)) => a.iter().filter_map(Self::from_value).collect(),
            Some(Value::Number(_) | Value::Bool(true)) if o.get("details").is_some_and(truthy) => {
                return None;
            }
            _ => Vec::new(),
        };
        // `[TypedErrorInfo(a["type"], a["info"]) for a in json_object.get("additionalInfo", [])]`:
        // any entry without both keys (or a value that is not a list) fails the whole parse.
        let additional_info = match o.get("additionalInfo") {
            None => Vec::new(),
            Some(Value::Array(a)) => a
                .iter()
                .map(|e| {
                    let e = e.as_object()?;
                    let kind = e.get("type")?;
                    Some((
                        text(Some(kind)).unwrap_or_else(|| "None".to_owned()),
                        e.get("info")?.clone(),
                    ))
                })
                .collect::<Option<Vec<_>>>()?,
            Some(Value::String(s)) if s.is_empty() => Vec::new(),
            Some(Value::Object(m)) if m.is_empty() => Vec::new(),
            Some(_) => return None,
        };
        Some(Self {
            code: text(code),
            message: text(message),
            target: o
                .get("target")
                .filter(|t| truthy(t))
                .and_then(|t| text(Some(t))),
            details,
            innererror: o.get("innererror").filter(|v| truthy(v)).cloned(),
            additional_info,
        })
    }

    /// Parse a response body holding the envelope `{"error": {...}}`.
    pub fn from_envelope(body: &[u8]) -> Option<Self> {
        let v: Value = serde_json::from_slice(body).ok()?;
        Self::from_value(&v)
    }

    /// The text az prints after `ERROR: ` (`str(ARMErrorFormat)`).
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
                // azure-core joins each detail's lines with "\n" and appends without a
                // separator.
                let lines: Vec<String> = d.render().lines().map(|l| format!("\t{l}")).collect();
                s.push_str(&lines.join("\n"));
            }
        }
        if let Some(inner) = &self.innererror {
            s.push_str("\nInner error: ");
            s.push_str(&Dumps::indent(4).json(inner));
        }
        if !self.additional_info.is_empty() {
            s.push_str("\nAdditional Information:");
            for (t, info) in &self.additional_info {
                s.push_str(&format!("Type: {t}\nInfo: {}", Dumps::indent(4).json(info)));
            }
        }
        s
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
    /// `--acquire-policy-token`/`--change-reference`: no Azure Policy token for a write (az's
    /// `ServiceError`, exit 1 whatever the status).
    #[error("{0}")]
    PolicyToken(String),
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

    // Moved from output/errors.rs, whose copy of this renderer the goldens used to test.
    #[test]
    fn nested_details_are_tab_indented_and_concatenated() {
        let body = json!({"error": {"code": "A", "message": "top", "details": [
            {"code": "B", "message": "one", "target": "t"},
            {"code": "C", "message": "two"}
        ], "innererror": {"x": "é"}}});
        assert_eq!(
            ArmErrorBody::from_value(&body).expect("envelope").render(),
            "(A) top\nCode: A\nMessage: top\nException Details:\t(B) one\n\tCode: B\n\tMessage: one\n\tTarget: t\t(C) two\n\tCode: C\n\tMessage: two\nInner error: {\n    \"x\": \"\\u00e9\"\n}"
        );
        assert_eq!(ArmErrorBody::from_value(&json!("oops")), None);
    }

    // Regression: the binary's copy printed `innererror` with serde's pretty printer (raw
    // non-ASCII, `1e-7`), where azure-core's `json.dumps(indent=4)` escapes and spells
    // floats as Python does.
    #[test]
    fn inner_error_is_python_json_dumps_indent_4() {
        let v: Value =
            serde_json::from_str(r#"{"code":"C","message":"m","innererror":{"é":[1e-7,2.50]}}"#)
                .expect("json");
        assert_eq!(
            ArmErrorBody::from_value(&v).expect("envelope").render(),
            "(C) m\nCode: C\nMessage: m\nInner error: {\n    \"\\u00e9\": [\n        1e-07,\n        2.5\n    ]\n}"
        );
    }

    #[test]
    fn reads_bodies_as_azure_core_does() {
        // str(ARMErrorFormat(json.loads(body))) in azure-mgmt-core, or the exception it raises
        // (then az prints "Operation returned an invalid status").
        let render = |v: Value| ArmErrorBody::from_value(&v).map(|b| b.render());
        // Only one of code/message is needed; the other prints as None.
        assert_eq!(
            render(json!({"error": {"code": "C"}})).as_deref(),
            Some("(C) None\nCode: C\nMessage: None")
        );
        assert_eq!(
            render(json!({"error": {"code": "", "message": null}})),
            None
        );
        // Without the envelope the object itself is read.
        assert_eq!(
            render(json!({"code": "C", "message": "m"})).as_deref(),
            Some("(C) m\nCode: C\nMessage: m")
        );
        // Non-string values print with Python's str().
        assert_eq!(
            render(json!({"error": {"code": 42, "message": true, "target": ["a"]}})).as_deref(),
            Some("(42) True\nCode: 42\nMessage: True\nTarget: ['a']")
        );
        // Falsy innererror/target are left out; `0` is falsy in Python.
        assert_eq!(
            render(json!({"error": {"code": "C", "message": "m", "innererror": 0, "target": ""}}))
                .as_deref(),
            Some("(C) m\nCode: C\nMessage: m")
        );
        // Unreadable details are skipped; an unreadable additionalInfo fails the whole body.
        assert_eq!(
            render(json!({"error": {"code": "C", "message": "m", "details": [{"x": 1}, "s"]}}))
                .as_deref(),
            Some("(C) m\nCode: C\nMessage: m")
        );
        assert_eq!(
            render(
                json!({"error": {"code": "C", "message": "m", "additionalInfo": [{"type": "T"}]}})
            ),
            None
        );
        assert_eq!(
            render(json!({"error": {"code": "C", "message": "m", "additionalInfo": null}})),
            None
        );
        assert_eq!(
            render(json!({"error": {"code": "C", "message": "m", "details": 3}})),
            None
        );
        assert_eq!(render(json!({"error": "flat"})), None);
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
