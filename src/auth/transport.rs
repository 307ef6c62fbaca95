//! The production transport: reqwest 0.13 with rustls, bounded timeouts, no redirects (so a
//! bearer token never follows a redirect), plus extra CA roots from `REQUESTS_CA_BUNDLE` (the
//! variable az honours) for both ARM and token calls.

use super::AuthError;
use azure_core::http::HttpClient;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Parse a PEM bundle into certificates (at least one).
pub fn load_ca_bundle(path: &Path) -> Result<Vec<reqwest::Certificate>, AuthError> {
    let pem = std::fs::read(path).map_err(|e| {
        AuthError::CaBundle(format!("cannot read CA bundle '{}': {e}", path.display()))
    })?;
    let certs = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|e| AuthError::CaBundle(format!("invalid CA bundle '{}': {e}", path.display())))?;
    if certs.is_empty() {
        return Err(AuthError::CaBundle(format!(
            "CA bundle '{}' holds no certificate",
            path.display()
        )));
    }
    Ok(certs)
}

/// Build the reqwest transport; `ca_bundle` (usually `REQUESTS_CA_BUNDLE`) adds trusted roots.
pub fn build_transport(ca_bundle: Option<&Path>) -> Result<Arc<dyn HttpClient>, AuthError> {
    let mut b = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(20))
        .read_timeout(Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none());
    if let Some(p) = ca_bundle {
        b = b.tls_certs_merge(load_ca_bundle(p)?);
    }
    let client = b
        .build()
        .map_err(|e| AuthError::Build(format!("cannot build the HTTP client: {e}")))?;
    Ok(Arc::new(client))
}

/// [`build_transport`] with `REQUESTS_CA_BUNDLE` from the environment snapshot.
pub fn transport_from_env(env: &super::EnvVars) -> Result<Arc<dyn HttpClient>, AuthError> {
    build_transport(env.get("REQUESTS_CA_BUNDLE").map(Path::new))
}
