//! `GET {arm}/metadata/endpoints` for `cloud register --endpoint-resource-manager`: sent without
//! a token straight through the `http` transport with its retry, never through the ARM
//! pipeline (no credential exists for an unknown cloud yet). Reading the answer into a cloud
//! is `config::Cloud::from_arm_metadata`'s.

use super::client::user_agent;
use super::core_error::map_core_error;
use super::error::ArmError;
use super::response::ArmResponse;
use crate::http::RetrySettings;
use azure_core::http::{HttpClient, Request, Url};
use serde_json::Value;
use std::sync::Arc;

/// The metadata URL exactly as az formats it: `'{}/metadata/endpoints?api-version=2022-09-01'`
/// on the endpoint as given, so `https://host/` yields the path `//metadata/endpoints`.
fn metadata_url(arm_endpoint: &str) -> Result<Url, ArmError> {
    let raw = format!(
        "{arm_endpoint}/metadata/endpoints?api-version={}",
        super::api::CLOUD_METADATA
    );
    Url::parse(&raw).map_err(|e| ArmError::Refused(format!("invalid metadata URL '{raw}': {e}")))
}

/// `GET {arm}/metadata/endpoints?api-version=2022-09-01` without a token, as `cloud register
/// --endpoint-resource-manager` does; feed the result to `config::Cloud::from_arm_metadata`.
/// Retried like every other call (429, 5xx, dropped connections); once the retries are spent
/// the last answer is judged as a single one would be.
pub async fn fetch_cloud_metadata(
    transport: &Arc<dyn HttpClient>,
    arm_endpoint: &str,
) -> Result<Value, ArmError> {
    let retry = RetrySettings::default().with_zero_delays(crate::http::zero_delays_from_env());
    fetch_cloud_metadata_with(transport, arm_endpoint, &retry).await
}

/// [`fetch_cloud_metadata`] with explicit retry settings.
pub async fn fetch_cloud_metadata_with(
    transport: &Arc<dyn HttpClient>,
    arm_endpoint: &str,
    retry: &RetrySettings,
) -> Result<Value, ArmError> {
    let ep = Url::parse(arm_endpoint).map_err(|e| {
        ArmError::Refused(format!(
            "invalid resource manager endpoint '{arm_endpoint}': {e}"
        ))
    })?;
    if ep.scheme() != "https" {
        return Err(ArmError::Refused(format!(
            "the resource manager endpoint '{arm_endpoint}' must use https://"
        )));
    }
    let mut request = Request::new(metadata_url(arm_endpoint)?, azure_core::http::Method::Get);
    request.insert_header("accept", "*/*");
    request.insert_header("user-agent", user_agent());
    let resp = crate::http::send(transport, &mut request, retry)
        .await
        .map_err(map_core_error)?;
    let (status, headers, body) = resp.deconstruct();
    let body = body.collect().await.map_err(map_core_error)?;
    let resp = ArmResponse {
        status: u16::from(status),
        headers,
        body: body.to_vec(),
    };
    if !resp.is_success() {
        return Err(resp.to_error());
    }
    resp.json()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn cloud_metadata_is_retried_and_exhaustion_keeps_the_status() {
        use crate::http::fake::{FakeTransport, Reply};
        let retry = RetrySettings::default().with_zero_delays(true);
        let replies = vec![
            Reply::status(503),
            Reply::Drop,
            Reply::with_header(429, "retry-after", "1"),
            Reply::body(200, br#"{"name":"x"}"#),
        ];
        let fake = Arc::new(FakeTransport::new(replies));
        let transport: Arc<dyn HttpClient> = fake.clone();
        let v = fetch_cloud_metadata_with(&transport, "https://arm.test", &retry)
            .await
            .expect("metadata after retries");
        assert_eq!(v["name"], "x");
        assert_eq!(fake.seen().len(), 4);

        // Spent retries: the last answer is judged as a single one was before (the caller
        // prints "Server returned status code 503 for …").
        let tries = 1 + retry.max_retries as usize;
        let fake = Arc::new(FakeTransport::new(vec![Reply::status(503); tries]));
        let transport: Arc<dyn HttpClient> = fake.clone();
        let err = fetch_cloud_metadata_with(&transport, "https://arm.test", &retry)
            .await
            .expect_err("503");
        assert!(matches!(err, ArmError::Http { status: 503, .. }), "{err:?}");
        assert_eq!(fake.seen().len(), tries);
    }
}
