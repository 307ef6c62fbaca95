//! `ArmClient`: sends [`ArmRequest`]s through an `azure_core` 1.1 `Pipeline` and turns responses
//! into `serde_json::Value`s or [`ArmError`]s.
//!
//! Pipeline order (STYLE.md): command headers and user agent → retry → bearer token on every
//! try → `--debug` logging → the one transport seam, an `Arc<dyn HttpClient>` supplied by the
//! app (reqwest with extra CA roots, or the emulator's in-process transport). The retry policy,
//! the log and the transport builder belong to `crate::http`; this module adds the ARM parts. On top of the pipeline the client adds what az's SDK does: automatic
//! resource-provider registration on 409 `MissingSubscriptionRegistration`, `nextLink` paging
//! and the ARM long-running-operation poller (`lro.rs`).

use super::error::{ArmError, ArmErrorBody};
use super::path::ArmPath;
use super::request::{ArmRequest, CommandHeaders};
use crate::http::{HTTP_TARGET, RetrySettings};
use azure_core::credentials::TokenCredential;
use azure_core::http::{
    Context, HttpClient, Pipeline, PipelineSendOptions, RawResponse, Request, Url,
    headers::{HeaderName, Headers},
    policies::{Policy, PolicyResult, auth::BearerTokenAuthorizationPolicy},
};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

/// The `User-Agent` azrs sends.
pub fn user_agent() -> String {
    format!(
        "azrs/{} ({}; {})",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// Client settings.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Retry policy settings.
    pub retry: RetrySettings,
    /// Poll interval when a response has no `Retry-After` (az: 30 s).
    pub default_poll_interval: Duration,
    /// Zero every retry and poll delay (tests). Also set by `AZRS_TEST_NO_DELAY=1`.
    pub zero_delays: bool,
    /// Register a missing resource provider on 409 `MissingSubscriptionRegistration` and retry.
    pub auto_register_providers: bool,
    /// How long provider auto-registration waits for `Registered`.
    pub registration_timeout: Duration,
    /// Poll interval while waiting for provider registration.
    pub registration_poll_interval: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            retry: RetrySettings::default(),
            default_poll_interval: Duration::from_secs(30),
            zero_delays: false,
            auto_register_providers: true,
            registration_timeout: Duration::from_secs(300),
            registration_poll_interval: Duration::from_secs(10),
        }
    }
}

impl ClientOptions {
    /// Defaults, with `zero_delays` taken from `AZRS_TEST_NO_DELAY` (`1`/`true`).
    pub fn from_env() -> Self {
        Self {
            zero_delays: crate::http::zero_delays_from_env(),
            ..Self::default()
        }
    }
}

/// Everything needed to build an [`ArmClient`].
#[derive(Clone)]
pub struct ArmClientConfig {
    /// The one transport seam.
    pub transport: Arc<dyn HttpClient>,
    /// The credential (already selected and cached by `auth`).
    pub credential: Arc<dyn TokenCredential>,
    /// The cloud's resource-manager endpoint, e.g. `https://management.azure.com/`.
    pub endpoint: String,
    /// Token scope, e.g. `https://management.azure.com/.default`.
    pub scope: String,
    /// Per-command headers.
    pub command: CommandHeaders,
    /// Client settings.
    pub options: ClientOptions,
}

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
    fn from_raw(raw: RawResponse) -> Self {
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

/// Overwrites `User-Agent` after `azure_core`'s own policy set it.
#[derive(Debug)]
struct UserAgentPolicy(String);

#[async_trait::async_trait]
impl Policy for UserAgentPolicy {
    async fn send(
        &self,
        ctx: &Context,
        request: &mut Request,
        next: &[Arc<dyn Policy>],
    ) -> PolicyResult {
        request.insert_header("user-agent", self.0.clone());
        next[0].send(ctx, request, &next[1..]).await
    }
}

/// The ARM client used by every command.
#[derive(Clone)]
pub struct ArmClient {
    pipeline: Pipeline,
    endpoint: Url,
    command: CommandHeaders,
    pub(crate) options: ClientOptions,
}

impl std::fmt::Debug for ArmClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArmClient")
            .field("endpoint", &self.endpoint.as_str())
            .finish_non_exhaustive()
    }
}

impl ArmClient {
    /// Build the client. Refuses a non-https endpoint with a clear error.
    pub fn new(config: ArmClientConfig) -> Result<Self, ArmError> {
        let endpoint = Url::parse(&config.endpoint).map_err(|e| {
            ArmError::Refused(format!(
                "invalid resource manager endpoint '{}': {e}",
                config.endpoint
            ))
        })?;
        if endpoint.scheme() != "https" {
            return Err(ArmError::Refused(format!(
                "the resource manager endpoint '{}' must use https:// (tokens are never sent over plain http)",
                config.endpoint
            )));
        }
        let mut options = config.options;
        if options.zero_delays {
            options.retry.zero_delays = true;
        }
        let mut core = crate::http::client_options(config.transport, &options.retry);
        core.per_call_policies
            .insert(0, Arc::new(UserAgentPolicy(user_agent())));
        let bearer = BearerTokenAuthorizationPolicy::new(config.credential, [config.scope]);
        let per_try: Vec<Arc<dyn Policy>> = vec![Arc::new(bearer)];
        // crate name and version are static strings without '/', which Pipeline::new requires.
        let pipeline = Pipeline::new(
            Some("azrs"),
            Some(env!("CARGO_PKG_VERSION")),
            core,
            Vec::new(),
            per_try,
            None,
        );
        Ok(Self {
            pipeline,
            endpoint,
            command: config.command,
            options,
        })
    }

    /// The resource-manager endpoint.
    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    /// The per-command headers (request id shared by every request of this client).
    pub fn command(&self) -> &CommandHeaders {
        &self.command
    }

    /// Send one request through the pipeline and return whatever status came back.
    pub async fn send_raw(&self, req: &ArmRequest) -> Result<ArmResponse, ArmError> {
        let mut request = req.to_request(&self.endpoint, &self.command)?;
        let opts = PipelineSendOptions {
            skip_checks: true,
            ..Default::default()
        };
        match self
            .pipeline
            .send(&Context::new(), &mut request, Some(opts))
            .await
        {
            Ok(raw) => Ok(ArmResponse::from_raw(raw)),
            Err(e) => Err(map_core_error(e)),
        }
    }

    /// Send, registering a missing resource provider once if ARM asks for it; non-2xx → error.
    pub async fn send(&self, req: &ArmRequest) -> Result<ArmResponse, ArmError> {
        let resp = self.send_raw(req).await?;
        if resp.is_success() {
            return Ok(resp);
        }
        let err = resp.to_error();
        if self.options.auto_register_providers
            && resp.status == 409
            && err.code() == Some("MissingSubscriptionRegistration")
        {
            let url = req.url(&self.endpoint)?;
            if let (Some(sub), Some(ns)) = (
                ArmPath::subscription_of_url_path(url.path()),
                missing_namespace(&err),
            ) && self.register_provider_and_wait(sub, &ns).await?
            {
                let again = self.send_raw(req).await?;
                return if again.is_success() {
                    Ok(again)
                } else {
                    Err(again.to_error())
                };
            }
        }
        Err(err)
    }

    /// `GET path` → body.
    pub async fn get(&self, path: &ArmPath, api_version: &str) -> Result<Value, ArmError> {
        self.send(&ArmRequest::get(path, api_version)).await?.json()
    }

    /// `HEAD path`: 204/2xx → true, 404 → false, anything else → error.
    pub async fn head_exists(&self, path: &ArmPath, api_version: &str) -> Result<bool, ArmError> {
        let resp = self.send_raw(&ArmRequest::head(path, api_version)).await?;
        match resp.status {
            404 => Ok(false),
            s if (200..300).contains(&s) => Ok(true),
            _ => Err(resp.to_error()),
        }
    }

    /// Synchronous `PUT path` (e.g. resource groups) → body.
    pub async fn put(
        &self,
        path: &ArmPath,
        api_version: &str,
        body: Value,
    ) -> Result<Value, ArmError> {
        self.send(&ArmRequest::put(path, api_version, body))
            .await?
            .json()
    }

    /// `POST path` with an optional body → body (`Null` when empty).
    pub async fn post(
        &self,
        path: &ArmPath,
        api_version: &str,
        body: Option<Value>,
    ) -> Result<Value, ArmError> {
        self.send(&ArmRequest::post(path, api_version, body))
            .await?
            .json()
    }

    /// Every item of a paged list: `value[]` of each page, following `nextLink` verbatim.
    pub async fn list_all(
        &self,
        path: &ArmPath,
        api_version: &str,
    ) -> Result<Vec<Value>, ArmError> {
        self.list_all_request(ArmRequest::get(path, api_version))
            .await
    }

    /// [`Self::list_all`] for a prepared request (extra query parameters such as `$filter`).
    pub async fn list_all_request(&self, first: ArmRequest) -> Result<Vec<Value>, ArmError> {
        let mut items = Vec::new();
        let mut req = first;
        let mut pages = 0usize;
        loop {
            let page = self.send(&req).await?.json()?;
            pages += 1;
            match page.get("value") {
                Some(Value::Array(a)) => items.extend(a.iter().cloned()),
                Some(Value::Null) | None => {}
                Some(_) => {
                    return Err(ArmError::InvalidResponse(
                        "list response 'value' is not an array".into(),
                    ));
                }
            }
            match page.get("nextLink").and_then(Value::as_str) {
                Some(next) if !next.is_empty() => {
                    if pages >= 10_000 {
                        return Err(ArmError::InvalidResponse("too many nextLink pages".into()));
                    }
                    req = ArmRequest::get_absolute(next);
                }
                _ => return Ok(items),
            }
        }
    }

    /// `GET /subscriptions` (all pages), as `login` needs it.
    pub async fn list_subscriptions(&self) -> Result<Vec<Value>, ArmError> {
        self.list_all(&ArmPath::subscriptions(), super::api::SUBSCRIPTIONS)
            .await
    }

    /// POST register, then poll the provider until `Registered`. Returns false on timeout.
    /// `subscription` is `/subscriptions/{sub}` as the failed request sent it.
    async fn register_provider_and_wait(
        &self,
        subscription: ArmPath,
        ns: &str,
    ) -> Result<bool, ArmError> {
        let path = subscription.lit("providers").seg(ns);
        tracing::debug!(target: HTTP_TARGET, "Resource provider '{ns}' used by this operation is not registered. We are registering for you.");
        let reg = self
            .send_raw(&ArmRequest::post(
                &path.clone().lit("register"),
                super::api::PROVIDERS,
                None,
            ))
            .await?;
        if !reg.is_success() {
            return Ok(false);
        }
        let interval = if self.options.zero_delays {
            Duration::ZERO
        } else {
            self.options.registration_poll_interval
        };
        let start = std::time::Instant::now();
        let mut polls = 0u32;
        loop {
            let p = self
                .send_raw(&ArmRequest::get(&path, super::api::PROVIDERS))
                .await?;
            if !p.is_success() {
                return Ok(false);
            }
            let state = p
                .json()?
                .get("registrationState")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            if state.eq_ignore_ascii_case("Registered") {
                tracing::debug!(target: HTTP_TARGET, "Registration succeeded.");
                return Ok(true);
            }
            polls += 1;
            if start.elapsed() + interval > self.options.registration_timeout || polls > 1000 {
                return Ok(false);
            }
            if !interval.is_zero() {
                tokio::time::sleep(interval).await;
            }
        }
    }
}

/// The namespace named by a `MissingSubscriptionRegistration` error: the detail's `target`, else
/// the quoted name in the message (`… use namespace 'Microsoft.ContainerService'.`).
fn missing_namespace(err: &ArmError) -> Option<String> {
    let ArmError::Http { body: Some(b), .. } = err else {
        return None;
    };
    if let Some(t) = b.details.iter().find_map(|d| d.target.clone()) {
        return Some(t);
    }
    let m = b.message.as_deref()?;
    let after = &m[m.find("namespace '")? + "namespace '".len()..];
    Some(after[..after.find('\'')?].to_owned())
}

fn map_core_error(e: azure_core::Error) -> ArmError {
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

    #[test]
    fn namespace_from_detail_target_or_message() {
        let body = ArmErrorBody::from_envelope(br#"{"error":{"code":"MissingSubscriptionRegistration","message":"The subscription is not registered to use namespace 'Microsoft.ContainerService'. See https://aka.ms/rps-not-found for how to register subscriptions."}}"#);
        let e = ArmError::Http {
            status: 409,
            reason: "Conflict".into(),
            body: body.map(Box::new),
        };
        assert_eq!(
            missing_namespace(&e).as_deref(),
            Some("Microsoft.ContainerService")
        );
    }

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

    #[test]
    fn user_agent_names_azrs_and_version() {
        assert!(user_agent().starts_with(&format!("azrs/{} (", env!("CARGO_PKG_VERSION"))));
    }
}
