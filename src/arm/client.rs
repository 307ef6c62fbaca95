//! `ArmClient`: sends [`ArmRequest`]s through an `azure_core` 1.1 `Pipeline` and returns
//! whatever came back as an [`ArmResponse`] or an [`ArmError`].
//!
//! Pipeline order (STYLE.md): command headers and user agent → retry → bearer token on every
//! try → `--debug` logging → the one transport seam, an `Arc<dyn HttpClient>` supplied by the
//! app (reqwest with extra CA roots, or the emulator's in-process transport). The retry policy,
//! the log and the transport builder belong to `crate::http`; this module adds the ARM parts.
//! What is built on top of [`ArmClient::send`] lives beside it: the typed request methods and
//! `nextLink` paging (`methods.rs`), provider auto-registration (`register.rs`), the
//! long-running-operation poller (`lro.rs`); turning `azure_core` errors into [`ArmError`] is
//! `core_error.rs`'s.

use super::core_error::map_core_error;
use super::error::ArmError;
use super::path::ArmPath;
use super::policy_token::{self, PolicyTokenSettings};
use super::request::{ArmRequest, CommandHeaders};
use super::response::ArmResponse;
use crate::http::RetrySettings;
use azure_core::credentials::TokenCredential;
use azure_core::http::{
    Context, HttpClient, Pipeline, PipelineSendOptions, Request, Url,
    policies::{Policy, PolicyResult, auth::BearerTokenAuthorizationPolicy},
};
use std::sync::Arc;
use std::time::Duration;

/// The `User-Agent` azrs sends.
pub(super) fn user_agent() -> String {
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
    /// `AZURE_HTTP_USER_AGENT`: appended to the `User-Agent` after a space, as azure-core's
    /// user-agent policy does for az.
    pub user_agent_suffix: Option<String>,
    /// `--acquire-policy-token`/`--change-reference`: acquire an Azure Policy token before
    /// every request that is not a GET (`policy_token.rs`).
    pub policy_token: Option<PolicyTokenSettings>,
    /// Where the client's own warnings go (provider auto-registration's, which az's SDK logs
    /// as `WARNING:` lines); the client never prints. `None` drops them.
    pub warn: Option<WarnHook>,
}

/// A sink for the client's warnings (the command's terminal, in practice).
#[derive(Clone)]
pub struct WarnHook(pub Arc<dyn Fn(&str) + Send + Sync>);

impl std::fmt::Debug for WarnHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WarnHook")
    }
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
            user_agent_suffix: None,
            policy_token: None,
            warn: None,
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
    pub(super) options: ClientOptions,
    /// What this client was built from, so [`ArmClient::rebased`] can point the same
    /// credential and transport at another service of the cloud (Microsoft Graph).
    config: ArmClientConfig,
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
        let kept = config.clone();
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
        let agent = match options.user_agent_suffix.as_deref() {
            Some(extra) => format!("{} {extra}", user_agent()),
            None => user_agent(),
        };
        core.per_call_policies
            .insert(0, Arc::new(UserAgentPolicy(agent)));
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
            config: kept,
        })
    }

    /// The same credential, transport, headers and options for another service of the cloud
    /// (`endpoint`, tokens for `scope`): az's Graph calls go through the pipeline its ARM
    /// calls use, with a token for Graph's audience.
    pub fn rebased(&self, endpoint: &str, scope: &str) -> Result<Self, ArmError> {
        let mut config = self.config.clone();
        config.endpoint = endpoint.to_owned();
        config.scope = scope.to_owned();
        // az's policy hook is on its ARM clients only; Graph requests never carry a token.
        config.options.policy_token = None;
        Self::new(config)
    }

    /// The same credential, transport, endpoint and headers with `change` applied to the
    /// options (shell completion lists names with no retries and no provider registration).
    pub fn reconfigured(&self, change: impl FnOnce(&mut ClientOptions)) -> Result<Self, ArmError> {
        let mut config = self.config.clone();
        change(&mut config.options);
        Self::new(config)
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
        if let Some(settings) = &self.options.policy_token
            && policy_token::needs_token(req.method)
        {
            self.attach_policy_token(settings, req, &mut request)
                .await?;
        }
        self.send_request(&mut request).await
    }

    /// The pipeline part of [`ArmClient::send_raw`], for a request already built.
    async fn send_request(&self, request: &mut Request) -> Result<ArmResponse, ArmError> {
        let opts = PipelineSendOptions {
            skip_checks: true,
            ..Default::default()
        };
        match self
            .pipeline
            .send(&Context::new(), request, Some(opts))
            .await
        {
            Ok(raw) => Ok(ArmResponse::from_raw(raw)),
            Err(e) => Err(map_core_error(e)),
        }
    }

    /// az's policy hook: POST the operation to `acquirePolicyToken` (its own client request
    /// id, the operation's correlation id) and put the token on the operation. Before the
    /// pipeline, so the acquire request is built and sent like any other.
    async fn attach_policy_token(
        &self,
        settings: &PolicyTokenSettings,
        req: &ArmRequest,
        request: &mut Request,
    ) -> Result<(), ArmError> {
        let url = req.url(&self.endpoint)?;
        let Some(subscription) = ArmPath::subscription_of_url_path(url.path()) else {
            return Err(ArmError::PolicyToken(format!(
                "Failed to acquire policy token, exception: no subscription in '{url}'"
            )));
        };
        let correlation = req
            .headers
            .iter()
            .find(|(n, _)| n == policy_token::CORRELATION_HEADER)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let acquire = policy_token::acquire_request(
            &subscription,
            url.as_str(),
            req.method,
            req.body.as_ref(),
            settings,
            &correlation,
        );
        let mut headers = self.command.clone();
        headers.client_request_id = uuid::Uuid::new_v4().to_string();
        let mut acquire = acquire.to_request(&self.endpoint, &headers)?;
        let answer = self.send_request(&mut acquire).await.map_err(|e| {
            ArmError::PolicyToken(format!("Failed to acquire policy token, exception: {e}"))
        })?;
        request.insert_header(policy_token::CORRELATION_HEADER, correlation);
        if let Some(token) = policy_token::read_token(&answer)? {
            request.insert_header(policy_token::TOKEN_HEADER, token);
        }
        Ok(())
    }

    /// Hands `msg` to the warning sink, if any.
    pub(super) fn warn(&self, msg: &str) {
        if let Some(WarnHook(hook)) = &self.options.warn {
            hook(msg);
        }
    }

    /// Obtains a token for this client's scope without calling ARM, as its first request
    /// would (`login --skip-subscription-discovery` proves the credential this way); the
    /// failure is the one that request would have met.
    pub async fn sign_in(&self) -> Result<(), ArmError> {
        self.config
            .credential
            .get_token(&[self.config.scope.as_str()], None)
            .await
            .map(drop)
            .map_err(super::core_error::map_core_error)
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
            && self.register_missing_provider(req, &err).await?
        {
            let again = self.send_raw(req).await?;
            return if again.is_success() {
                Ok(again)
            } else {
                Err(again.to_error())
            };
        }
        Err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_names_azrs_and_version() {
        assert!(user_agent().starts_with(&format!("azrs/{} (", env!("CARGO_PKG_VERSION"))));
    }
}
