//! Time bounds around token acquisition, so no credential can keep a command waiting for
//! minutes (`auth.md` §9.1: `azure_identity`'s IMDS retry alone runs ≈ 100 s off Azure).
//!
//! [`BoundedCredential`] puts an overall deadline on every `get_token` call of any credential.
//! [`ImdsProbe`] guards the IMDS managed identity: before the first token request it asks the
//! IMDS endpoint for any HTTP answer, at most [`IMDS_PROBE_TRIES`] times with a short timeout
//! each, and fails with az's "Failed to connect to MSI" text when nothing answers — the case of
//! `login --identity` on a machine that is not an Azure VM. [`ImdsTransport`] carries IMDS
//! requests to `AZURE_POD_IDENTITY_AUTHORITY_HOST` when that is set (the override az's MSAL
//! and the other Azure SDKs honour; tests point it at a loopback port). Nothing here retries.

use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use azure_core::error::{Error, ErrorKind};
use azure_core::http::{AsyncRawResponse, HttpClient, Method, Request, Url};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The longest any one token acquisition may take, retries included.
pub const TOKEN_DEADLINE: Duration = Duration::from_secs(30);
/// How long one IMDS probe attempt may wait for an answer (connect included).
pub const IMDS_PROBE_TIMEOUT: Duration = Duration::from_millis(1500);
/// IMDS probe attempts before giving up.
pub const IMDS_PROBE_TRIES: u32 = 3;
/// The fixed IMDS origin `azure_identity` uses.
pub const IMDS_ORIGIN: &str = "http://169.254.169.254";
/// The text az prints when the managed-identity endpoint does not answer.
pub const MSI_UNREACHABLE: &str =
    "Failed to connect to MSI. Please make sure MSI is configured correctly.";

/// Fails a `get_token` call that has not finished within the deadline.
#[derive(Debug)]
pub struct BoundedCredential {
    inner: Arc<dyn TokenCredential>,
    deadline: Duration,
}

impl BoundedCredential {
    /// Wrap `inner` with an overall `deadline` per token request.
    pub fn new(inner: Arc<dyn TokenCredential>, deadline: Duration) -> Self {
        Self { inner, deadline }
    }
}

#[async_trait::async_trait]
impl TokenCredential for BoundedCredential {
    async fn get_token(
        &self,
        scopes: &[&str],
        options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        match tokio::time::timeout(self.deadline, self.inner.get_token(scopes, options)).await {
            Ok(r) => r,
            Err(_) => Err(Error::with_message(
                ErrorKind::Credential,
                format!(
                    "No access token within {:?}; the token endpoint did not answer in time.",
                    self.deadline
                ),
            )),
        }
    }
}

/// Sends IMDS requests to an override origin (`AZURE_POD_IDENTITY_AUTHORITY_HOST`), everything
/// else unchanged, through the shared transport.
#[derive(Debug)]
pub struct ImdsTransport {
    inner: Arc<dyn HttpClient>,
    origin: Option<Url>,
}

impl ImdsTransport {
    /// `origin`: where IMDS requests go instead of 169.254.169.254 (`None`: nowhere else).
    pub fn new(inner: Arc<dyn HttpClient>, origin: Option<Url>) -> Self {
        Self { inner, origin }
    }
}

#[async_trait::async_trait]
impl HttpClient for ImdsTransport {
    async fn execute_request(&self, request: &Request) -> azure_core::Result<AsyncRawResponse> {
        let Some(origin) = &self.origin else {
            return self.inner.execute_request(request).await;
        };
        let url = request.url();
        if url.host_str() != Some("169.254.169.254") {
            return self.inner.execute_request(request).await;
        }
        let mut target = origin.clone();
        target.set_path(url.path());
        target.set_query(url.query());
        let mut moved = request.clone();
        *moved.url_mut() = target;
        self.inner.execute_request(&moved).await
    }
}

/// Probes IMDS once per process before handing token requests to the managed identity.
#[derive(Debug)]
pub struct ImdsProbe {
    inner: Arc<dyn TokenCredential>,
    transport: Arc<dyn HttpClient>,
    timeout: Duration,
    tries: u32,
    reachable: AtomicBool,
}

impl ImdsProbe {
    /// Guard `inner` (an IMDS managed identity) with a probe sent through `transport`.
    pub fn new(
        inner: Arc<dyn TokenCredential>,
        transport: Arc<dyn HttpClient>,
        timeout: Duration,
        tries: u32,
    ) -> Self {
        Self {
            inner,
            transport,
            timeout,
            tries,
            reachable: AtomicBool::new(false),
        }
    }

    /// Any HTTP answer proves IMDS is there: without the `Metadata` header it answers 400.
    async fn probe(&self) -> azure_core::Result<()> {
        let url = Url::parse(&format!(
            "{IMDS_ORIGIN}/metadata/identity/oauth2/token?api-version=2018-02-01"
        ))
        .map_err(|e| Error::new(ErrorKind::Other, e))?;
        let request = Request::new(url, Method::Get);
        for attempt in 1..=self.tries {
            match tokio::time::timeout(self.timeout, self.transport.execute_request(&request)).await
            {
                Ok(Ok(_)) => return Ok(()),
                Ok(Err(e)) => {
                    tracing::debug!(target: crate::http::HTTP_TARGET, "IMDS probe {attempt} of {}: {e}", self.tries);
                }
                Err(_) => {
                    tracing::debug!(target: crate::http::HTTP_TARGET, "IMDS probe {attempt} of {}: no answer within {:?}", self.tries, self.timeout);
                }
            }
        }
        Err(Error::with_message(ErrorKind::Credential, MSI_UNREACHABLE))
    }
}

#[async_trait::async_trait]
impl TokenCredential for ImdsProbe {
    async fn get_token(
        &self,
        scopes: &[&str],
        options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        if !self.reachable.load(Ordering::Acquire) {
            self.probe().await?;
            self.reachable.store(true, Ordering::Release);
        }
        self.inner.get_token(scopes, options).await
    }
}
