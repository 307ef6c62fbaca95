//! `azure_core` errors (a failed token request, a dropped connection) turned into
//! [`ArmError`] with the texts az shows: Entra's `error_description` for a credential failure,
//! else the error chain with each message once. HTTP status errors are not here: the client
//! reads every status itself (`ArmResponse::to_error`).

use super::error::ArmError;
use serde_json::Value;

pub(super) fn map_core_error(e: azure_core::Error) -> ArmError {
    use azure_core::error::ErrorKind;
    match e.kind() {
        ErrorKind::Credential => ArmError::Credential(credential_message(&e)),
        _ => ArmError::Transport(chain_text(&e)),
    }
}

/// The text az shows for a failed token request: Entra's `error_description`
/// (`AADSTS7000215: Invalid client secret provided. ...`) when a token endpoint answered with
/// one, otherwise the error chain with each message once.
fn credential_message(e: &azure_core::Error) -> String {
    let mut src: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = src {
        if let Some(desc) = s
            .downcast_ref::<azure_core::Error>()
            .and_then(entra_error_description)
        {
            return desc;
        }
        src = s.source();
    }
    chain_text(e)
}

/// `error_description` of an Entra error body carried by an HTTP-response error.
fn entra_error_description(e: &azure_core::Error) -> Option<String> {
    let azure_core::error::ErrorKind::HttpResponse {
        raw_response: Some(raw),
        ..
    } = e.kind()
    else {
        return None;
    };
    let body: Value = serde_json::from_slice(raw.body()).ok()?;
    let desc = body.get("error_description")?.as_str()?.trim();
    (!desc.is_empty()).then(|| desc.to_owned())
}

/// The error and its sources joined by `": "`, leaving out a message already contained in an
/// outer one (azure_identity repeats the inner message at every level).
fn chain_text(e: &azure_core::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut src: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = src {
        let text = s.to_string();
        let text = text.trim();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(text)) {
            parts.push(text.to_owned());
        }
        src = s.source();
    }
    parts.join(": ")
}
