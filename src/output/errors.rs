//! The stderr texts az prints, as pure strings for the `term` module to write: log-record
//! lines (`ERROR: ` / `WARNING: ` on the first line only), the `--query` recommendation, and
//! azure-core's rendering of an ARM error envelope (`(Code) Message`, `Code:`, `Message:`,
//! `Target:`, `Exception Details:` with TAB-indented nested details, `Inner error:`,
//! `Additional Information:`).

use super::json::indent4_ascii;
use super::pyvalue::PyValue;
use serde_json::Value;

/// The line az prints after any `--query` error.
pub const QUERY_HELP_LINE: &str = "To learn more about --query, please visit: 'https://learn.microsoft.com/cli/azure/query-azure-cli'";

/// `ERROR: <msg>\n` (prefix on the first line only, as knack's log formatter does).
pub fn error_line(message: &str) -> String {
    format!("ERROR: {message}\n")
}

/// `WARNING: <msg>\n`.
pub fn warning_line(message: &str) -> String {
    format!("WARNING: {message}\n")
}

/// The message for an HTTP error whose body is not an ARM error envelope.
pub fn invalid_status_text(reason_phrase: &str) -> String {
    format!("Operation returned an invalid status '{reason_phrase}'")
}

/// azure-core's `ARMErrorFormat` text for an error body (`{"error": {...}}` or the bare
/// inner object). `None` when the body has no string `code` and `message`; the caller then
/// uses [`invalid_status_text`].
pub fn arm_error_text(body: &Value) -> Option<String> {
    let inner = match body.get("error") {
        Some(e) if e.is_object() => e,
        _ => body,
    };
    format_error(inner)
}

fn text_field<'a>(obj: &'a Value, key: &str) -> Option<&'a str> {
    obj.get(key).and_then(Value::as_str)
}

fn format_error(obj: &Value) -> Option<String> {
    let code = text_field(obj, "code")?;
    let message = text_field(obj, "message")?;
    let mut out = format!("({code}) {message}\nCode: {code}\nMessage: {message}");
    if let Some(target) = text_field(obj, "target").filter(|t| !t.is_empty()) {
        out.push_str("\nTarget: ");
        out.push_str(target);
    }
    let details: Vec<String> = obj
        .get("details")
        .and_then(Value::as_array)
        .map(|d| d.iter().filter_map(format_error).collect())
        .unwrap_or_default();
    if !details.is_empty() {
        out.push_str("\nException Details:");
        for detail in details {
            // azure-core joins each detail's lines with "\n" and appends without a separator.
            let lines: Vec<String> = detail.lines().map(|l| format!("\t{l}")).collect();
            out.push_str(&lines.join("\n"));
        }
    }
    if let Some(inner) = obj.get("innererror").filter(|v| is_truthy(v)) {
        out.push_str("\nInner error: ");
        out.push_str(&indent4_ascii(&PyValue::from_json(inner)));
    }
    let infos: Vec<&Value> = obj
        .get("additionalInfo")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    if !infos.is_empty() {
        out.push_str("\nAdditional Information:");
        for info in infos {
            let kind = text_field(info, "type").unwrap_or("None");
            let data = info.get("info").cloned().unwrap_or(Value::Null);
            out.push_str(&format!(
                "Type: {kind}\nInfo: {}",
                indent4_ascii(&PyValue::from_json(&data))
            ));
        }
    }
    Some(out)
}

fn is_truthy(v: &Value) -> bool {
    PyValue::from_json(v).is_truthy()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_details_are_tab_indented_and_concatenated() {
        let body = json!({"error": {"code": "A", "message": "top", "details": [
            {"code": "B", "message": "one", "target": "t"},
            {"code": "C", "message": "two"}
        ], "innererror": {"x": "é"}}});
        assert_eq!(
            arm_error_text(&body).expect("envelope"),
            "(A) top\nCode: A\nMessage: top\nException Details:\t(B) one\n\tCode: B\n\tMessage: one\n\tTarget: t\t(C) two\n\tCode: C\n\tMessage: two\nInner error: {\n    \"x\": \"\\u00e9\"\n}"
        );
    }

    #[test]
    fn tolerates_null_fields_and_rejects_non_envelopes() {
        let body = json!({"error": {"code": "X", "message": "m", "details": null, "subcode": ""}});
        assert_eq!(
            arm_error_text(&body).as_deref(),
            Some("(X) m\nCode: X\nMessage: m")
        );
        assert_eq!(arm_error_text(&json!("oops")), None);
        assert_eq!(error_line("a\nb"), "ERROR: a\nb\n");
    }
}
