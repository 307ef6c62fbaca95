//! The ARM long-running-operation poller (`arm.md` §5, `commands.md` §0.7), as azure-mgmt-core's
//! `ARMPolling` does it: status from `Azure-AsyncOperation`, else `Operation-Location`, else
//! `Location`, else the resource body's `properties.provisioningState`. The first poll goes out
//! immediately; later polls wait the latest `Retry-After`, else the default interval (30 s).
//! Terminal states are decided by `status` alone (AKS puts an `error` on `Succeeded` bodies too).
//! PUT/PATCH end with a GET of the original URL; a POST with a `Location` ends with a GET of
//! it (ARMPolling's final-state rule); DELETE ends without one; `no_wait` sends only
//! the first request. There is no overall timeout, as in az.

use super::client::ArmClient;
use super::error::{ArmError, ArmErrorBody};
use super::path::ArmPath;
use super::request::ArmRequest;
use super::response::ArmResponse;
use azure_core::http::Method;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

/// What the progress hook is told after every poll (for a spinner; nothing here prints).
#[derive(Debug, Clone, PartialEq)]
pub struct LroProgress {
    /// Polls answered so far.
    pub polls: u32,
    /// The status ARM reported (`InProgress`, `Creating`, …).
    pub status: String,
}

/// Progress hook type.
pub type ProgressHook = Arc<dyn Fn(&LroProgress) + Send + Sync>;

/// Options for one long-running operation.
#[derive(Clone, Default)]
pub struct LroOptions {
    /// Send the initial request only (`--no-wait`).
    pub no_wait: bool,
    /// Called after each poll.
    pub progress: Option<ProgressHook>,
}

impl std::fmt::Debug for LroOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LroOptions")
            .field("no_wait", &self.no_wait)
            .finish_non_exhaustive()
    }
}

/// How the operation reports its state.
#[derive(Debug, Clone, PartialEq)]
pub enum PollSource {
    /// `Azure-AsyncOperation` or `Operation-Location`: a status resource with `status`.
    StatusUrl(String),
    /// `Location`: 202 while running, another 2xx when done.
    Location(String),
    /// The resource's own `properties.provisioningState`.
    Body,
    /// Already finished with the initial response.
    Done,
}

/// Terminal-state classification of a status string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    /// `Succeeded`.
    Succeeded,
    /// `Failed`, `Canceled`, `Cancelled`.
    Failed,
    /// Anything else.
    InProgress,
}

/// Classify a status case-insensitively.
pub fn classify(status: &str) -> StatusKind {
    match status.to_ascii_lowercase().as_str() {
        "succeeded" => StatusKind::Succeeded,
        "failed" | "canceled" | "cancelled" => StatusKind::Failed,
        _ => StatusKind::InProgress,
    }
}

/// Choose the poll source from the initial response (pure; see module doc).
pub fn poll_source(resp: &ArmResponse) -> Result<PollSource, ArmError> {
    if let Some(u) = resp
        .header("azure-asyncoperation")
        .or_else(|| resp.header("operation-location"))
    {
        return Ok(PollSource::StatusUrl(u.to_owned()));
    }
    if let Some(u) = resp.header("location") {
        return Ok(PollSource::Location(u.to_owned()));
    }
    if resp.status == 204 {
        return Ok(PollSource::Done);
    }
    let body = resp.json()?;
    let state = body
        .pointer("/properties/provisioningState")
        .and_then(Value::as_str);
    match (state.map(classify), resp.status) {
        (Some(StatusKind::Succeeded), _) => Ok(PollSource::Done),
        (Some(StatusKind::Failed), _) => Err(failed(state.unwrap_or("Failed"), &body)),
        (Some(StatusKind::InProgress), _) => Ok(PollSource::Body),
        (None, 201 | 202) => Ok(PollSource::Body),
        (None, _) => Ok(PollSource::Done),
    }
}

fn failed(status: &str, body: &Value) -> ArmError {
    ArmError::OperationFailed {
        status: status.to_owned(),
        body: body
            .get("error")
            .and_then(ArmErrorBody::from_value)
            .map(Box::new),
    }
}

impl ArmClient {
    /// `PUT` with LRO handling; `Ok(None)` only with `no_wait`.
    pub async fn put_lro(
        &self,
        path: &ArmPath,
        api_version: &str,
        body: Value,
        opts: &LroOptions,
    ) -> Result<Option<Value>, ArmError> {
        self.run_lro(
            ArmRequest::put(path, api_version, body),
            Some(ArmRequest::get(path, api_version).accept_any()),
            opts,
        )
        .await
    }

    /// `PATCH` with LRO handling; `Ok(None)` only with `no_wait`.
    pub async fn patch_lro(
        &self,
        path: &ArmPath,
        api_version: &str,
        body: Value,
        opts: &LroOptions,
    ) -> Result<Option<Value>, ArmError> {
        self.run_lro(
            ArmRequest::patch(path, api_version, body),
            Some(ArmRequest::get(path, api_version).accept_any()),
            opts,
        )
        .await
    }

    /// `DELETE` with LRO handling; no final GET, the result is always `None`.
    pub async fn delete_lro(
        &self,
        path: &ArmPath,
        api_version: &str,
        opts: &LroOptions,
    ) -> Result<Option<Value>, ArmError> {
        self.run_lro(ArmRequest::delete(path, api_version), None, opts)
            .await
    }

    /// Run an LRO: send `initial`, poll, then send `final_get` (if any) and return its body.
    /// Without `final_get`, returns the body of a finished `Location` poll when it has one.
    pub async fn run_lro(
        &self,
        initial: ArmRequest,
        final_get: Option<ArmRequest>,
        opts: &LroOptions,
    ) -> Result<Option<Value>, ArmError> {
        let first = self.send(&initial).await?;
        if opts.no_wait {
            return Ok(None);
        }
        let mut source = poll_source(&first)?;
        let via_status_url = matches!(source, PollSource::StatusUrl(_));
        let mut last_body: Option<Value> = None;
        let mut resource_body: Option<Value> = None;
        let mut latest = first.clone();
        let mut polls = 0u32;
        let is_delete = initial.method == Method::Delete;
        let resource_get = ArmRequest {
            method: Method::Get,
            body: None,
            headers: Vec::new(),
            ..initial.clone()
        }
        .accept_any();
        loop {
            let url = match &source {
                PollSource::Done => break,
                PollSource::StatusUrl(u) | PollSource::Location(u) => ArmRequest::get_absolute(u),
                PollSource::Body => resource_get.clone(),
            };
            if polls > 0 {
                self.poll_delay(&latest).await;
            }
            let resp = self.send_raw(&url).await?;
            polls += 1;
            if is_delete && source == PollSource::Body && resp.status == 404 {
                // Polling a resource that is being deleted: gone means done.
                break;
            }
            if !resp.is_success() {
                return Err(resp.to_error());
            }
            let status = match &source {
                PollSource::StatusUrl(_) => {
                    let body = resp.json()?;
                    let Some(s) = body.get("status").and_then(Value::as_str) else {
                        return Err(ArmError::InvalidResponse(
                            "the operation status response has no 'status' field".into(),
                        ));
                    };
                    let s = s.to_owned();
                    match classify(&s) {
                        StatusKind::Succeeded => source = PollSource::Done,
                        StatusKind::Failed => return Err(failed(&s, &body)),
                        StatusKind::InProgress => {}
                    }
                    s
                }
                PollSource::Location(_) => {
                    if resp.status == 202 {
                        if let Some(u) = resp.header("location") {
                            source = PollSource::Location(u.to_owned());
                        }
                        "InProgress".to_owned()
                    } else {
                        let body = resp.json()?;
                        last_body = (!body.is_null()).then_some(body);
                        source = PollSource::Done;
                        "Succeeded".to_owned()
                    }
                }
                PollSource::Body => {
                    let body = resp.json()?;
                    let s = body
                        .pointer("/properties/provisioningState")
                        .and_then(Value::as_str)
                        .unwrap_or("Succeeded")
                        .to_owned();
                    match classify(&s) {
                        StatusKind::Succeeded => {
                            resource_body = Some(body);
                            source = PollSource::Done;
                        }
                        StatusKind::Failed => return Err(failed(&s, &body)),
                        StatusKind::InProgress => {}
                    }
                    s
                }
                // The loop breaks on `Done` before sending, so this arm only ends the loop.
                PollSource::Done => break,
            };
            if let Some(hook) = &opts.progress {
                hook(&LroProgress { polls, status });
            }
            latest = resp;
        }
        if is_delete {
            return Ok(None);
        }
        if polls == 0 {
            // Finished with the initial response: its body is the result.
            let body = first.json()?;
            return Ok(Some(body));
        }
        if let Some(body) = resource_body {
            // Polled the resource itself: the last body is the result, no extra GET.
            return Ok(Some(body));
        }
        match final_get {
            Some(g) => Ok(Some(self.send(&g).await?.json()?)),
            // ARMPolling's final GET for a POST polled through a status URL: the initial
            // response's `Location`, whose body (if any) is the result.
            None if initial.method == Method::Post && via_status_url => {
                match first.header("location") {
                    Some(u) => {
                        let body = self.send(&ArmRequest::get_absolute(u)).await?.json()?;
                        Ok((!body.is_null()).then_some(body))
                    }
                    None => Ok(None),
                }
            }
            None => Ok(last_body),
        }
    }

    async fn poll_delay(&self, latest: &ArmResponse) {
        if self.options.zero_delays {
            return;
        }
        let d =
            crate::http::retry_after(&latest.headers).unwrap_or(self.options.default_poll_interval);
        if !d.is_zero() {
            tokio::time::sleep(d.min(Duration::from_secs(3600))).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use azure_core::http::headers::Headers;

    fn resp(status: u16, headers: &[(&'static str, &str)], body: &str) -> ArmResponse {
        let mut h = Headers::new();
        for (k, v) in headers {
            h.insert(*k, v.to_string());
        }
        ArmResponse {
            status,
            headers: h,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn header_precedence() {
        let r = resp(
            201,
            &[
                ("location", "L"),
                ("operation-location", "O"),
                ("azure-asyncoperation", "A"),
            ],
            "{}",
        );
        assert_eq!(poll_source(&r).unwrap(), PollSource::StatusUrl("A".into()));
        let r = resp(202, &[("location", "L"), ("operation-location", "O")], "");
        assert_eq!(poll_source(&r).unwrap(), PollSource::StatusUrl("O".into()));
        let r = resp(202, &[("location", "L")], "");
        assert_eq!(poll_source(&r).unwrap(), PollSource::Location("L".into()));
    }

    #[test]
    fn body_provisioning_state_rules() {
        assert_eq!(poll_source(&resp(204, &[], "")).unwrap(), PollSource::Done);
        assert_eq!(
            poll_source(&resp(201, &[], "{}")).unwrap(),
            PollSource::Body
        );
        assert_eq!(
            poll_source(&resp(200, &[], "{}")).unwrap(),
            PollSource::Done
        );
        let creating = r#"{"properties":{"provisioningState":"Creating"}}"#;
        assert_eq!(
            poll_source(&resp(200, &[], creating)).unwrap(),
            PollSource::Body
        );
        let failed = r#"{"properties":{"provisioningState":"Failed"}}"#;
        assert!(poll_source(&resp(200, &[], failed)).is_err());
    }

    #[test]
    fn classify_is_case_insensitive() {
        assert_eq!(classify("succeeded"), StatusKind::Succeeded);
        assert_eq!(classify("Cancelled"), StatusKind::Failed);
        assert_eq!(classify("CANCELED"), StatusKind::Failed);
        assert_eq!(classify("Updating"), StatusKind::InProgress);
    }
}
