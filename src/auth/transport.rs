//! The transport `auth` hands to its credentials when the app supplies none of its own: the one
//! built by `crate::http` (reqwest, rustls, no redirects so a token never follows one), with
//! the extra CA roots of `REQUESTS_CA_BUNDLE`, the variable az honours. Only the wording of a
//! refused bundle is decided here.

use super::AuthError;
use crate::http::{CaBundleProblem, HttpError};
use azure_core::http::HttpClient;
use std::path::Path;
use std::sync::Arc;

/// Build the reqwest transport; `ca_bundle` (usually `REQUESTS_CA_BUNDLE`) adds trusted roots.
pub fn build_transport(ca_bundle: Option<&Path>) -> Result<Arc<dyn HttpClient>, AuthError> {
    crate::http::build_transport(ca_bundle).map_err(auth_error)
}

/// [`build_transport`] with `REQUESTS_CA_BUNDLE` from the environment snapshot.
pub fn transport_from_env(env: &super::EnvVars) -> Result<Arc<dyn HttpClient>, AuthError> {
    build_transport(env.get("REQUESTS_CA_BUNDLE").map(Path::new))
}

fn auth_error(e: HttpError) -> AuthError {
    match e {
        HttpError::CaBundle { path, problem } => AuthError::CaBundle(match problem {
            CaBundleProblem::Unreadable(e) => format!("cannot read CA bundle '{path}': {e}"),
            CaBundleProblem::Invalid(e) => format!("invalid CA bundle '{path}': {e}"),
            CaBundleProblem::Empty => format!("CA bundle '{path}' holds no certificate"),
        }),
        HttpError::Build(e) => AuthError::Build(format!("cannot build the HTTP client: {e}")),
    }
}
