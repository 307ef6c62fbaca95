//! The one transport seam: every outbound HTTP call of azrs (ARM, Entra token requests, cloud
//! metadata discovery, the extension index and wheel downloads) is carried by an
//! `Arc<dyn HttpClient>` built here or supplied by the app (the in-process emulator), and is
//! retried by the one bounded policy in [`retry`] and logged for `--debug`/`--verbose` by the
//! redacting policy in [`log`].
//!
//! What lives here: the reqwest client builder (rustls, bounded timeouts, the extra CA roots of
//! `REQUESTS_CA_BUNDLE` with az's acceptance of a self-signed server certificate found in that
//! bundle ([`tls`]), redirects only where no credential can follow them), the retry policy,
//! the request/response log and its redaction, and [`send`] for callers that need retries but
//! no azure_core pipeline (a bare GET adds no headers, so requests keep their bytes).
//!
//! What does not: which URL to call and what an answer means (`arm`, `auth`, `extension`),
//! credentials (`auth`), and installing the log subscriber (`app::init_logging`, which filters
//! on [`HTTP_TARGET`]). This module imports nothing else from the crate.

#[cfg(test)]
pub(crate) mod fake;
pub mod log;
pub mod retry;
pub mod tls;

pub use log::{HTTP_TARGET, HttpLogPolicy, REDACTED};
pub use retry::{RetryPolicy, RetrySettings, retry_after, send};

use azure_core::http::HttpClient;
use rustls::pki_types::CertificateDer;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Environment variable that turns every retry and poll delay into zero (tests only).
pub const NO_DELAY_ENV: &str = "AZRS_TEST_NO_DELAY";

/// Whether [`NO_DELAY_ENV`] is set to `1`/`true` in the process environment.
pub fn zero_delays_from_env() -> bool {
    std::env::var(NO_DELAY_ENV).is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
}

/// How long a connection may take to open.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);
/// How long the peer may stay silent while we read.
const READ_TIMEOUT: Duration = Duration::from_secs(60);

/// What went wrong building a client.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// The CA bundle could not be used; callers word this their own way.
    #[error("{problem}")]
    CaBundle {
        /// The bundle's path as given.
        path: String,
        /// Why it was refused.
        problem: CaBundleProblem,
    },
    /// reqwest refused the configuration.
    #[error("cannot build the HTTP client: {0}")]
    Build(String),
}

/// Why a CA bundle was refused.
#[derive(Debug, thiserror::Error)]
pub enum CaBundleProblem {
    /// The file could not be read.
    #[error("{0}")]
    Unreadable(std::io::Error),
    /// The file is not a PEM bundle.
    #[error("{0}")]
    Invalid(String),
    /// The file holds no certificate.
    #[error("no certificates found")]
    Empty,
}

/// Parse a PEM bundle into certificates (at least one), as DER.
pub fn load_ca_bundle(path: &Path) -> Result<Vec<CertificateDer<'static>>, HttpError> {
    use rustls::pki_types::pem::PemObject;
    let refuse = |problem| HttpError::CaBundle {
        path: path.display().to_string(),
        problem,
    };
    let pem = std::fs::read(path).map_err(|e| refuse(CaBundleProblem::Unreadable(e)))?;
    // reqwest's parser first, for its wording of a bad bundle (the text users have seen);
    // then the same PEM reader (rustls-pki-types, which reqwest uses) for the DER itself.
    reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|e| refuse(CaBundleProblem::Invalid(e.to_string())))?;
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| refuse(CaBundleProblem::Invalid(e.to_string())))?;
    if certs.is_empty() {
        return Err(refuse(CaBundleProblem::Empty));
    }
    Ok(certs)
}

/// How a reqwest client is built.
#[derive(Debug, Clone, Default)]
pub struct ClientConfig<'a> {
    /// Extra PEM roots trusted besides Mozilla's (usually `REQUESTS_CA_BUNDLE`).
    pub ca_bundle: Option<&'a Path>,
    /// Follow redirects (https only). Never for clients that carry credentials: a bearer token
    /// must not follow a redirect to another host. Extension downloads need it (release hosts
    /// redirect to their storage).
    pub follow_redirects: bool,
    /// A default `User-Agent` for requests that set none.
    pub user_agent: Option<&'static str>,
}

/// Build the reqwest client every production call goes through.
pub fn reqwest_client(config: &ClientConfig<'_>) -> Result<reqwest::Client, HttpError> {
    let mut b = reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT);
    b = if config.follow_redirects {
        b.https_only(true)
    } else {
        b.redirect(reqwest::redirect::Policy::none())
    };
    if let Some(ua) = config.user_agent {
        b = b.user_agent(ua);
    }
    // Always our own rustls configuration (ring, Mozilla's roots, the bundle's, and a bundle
    // certificate accepted as the server's own, as az accepts it: see [`tls`]).
    let extra = match config.ca_bundle {
        Some(p) => load_ca_bundle(p)?,
        None => Vec::new(),
    };
    let tls = tls::client_config(extra).map_err(|e| HttpError::Build(e.to_string()))?;
    b = b.tls_backend_preconfigured(tls);
    b.build().map_err(|e| HttpError::Build(e.to_string()))
}

/// The transport for ARM and token calls: no redirects, extra roots from `ca_bundle`.
pub fn build_transport(ca_bundle: Option<&Path>) -> Result<Arc<dyn HttpClient>, HttpError> {
    let client = reqwest_client(&ClientConfig {
        ca_bundle,
        ..ClientConfig::default()
    })?;
    Ok(Arc::new(client))
}

/// azure_core client options for a pipeline over `transport`: the retry policy per call
/// (azure_core's own retry switched off, so there is exactly one), the redacting log per try.
/// Callers add their own policies around these: a per-call policy inserted at the front runs
/// before the retry (headers), per-try policies handed to `Pipeline::new` run before the log
/// (the bearer token, so each try is authorised and logged as sent).
pub fn client_options(
    transport: Arc<dyn HttpClient>,
    retry: &RetrySettings,
) -> azure_core::http::ClientOptions {
    azure_core::http::ClientOptions {
        transport: Some(azure_core::http::Transport::new(transport)),
        retry: azure_core::http::RetryOptions::none(),
        per_call_policies: vec![Arc::new(RetryPolicy(retry.clone()))],
        per_try_policies: vec![Arc::new(HttpLogPolicy)],
        ..azure_core::http::ClientOptions::default()
    }
}
