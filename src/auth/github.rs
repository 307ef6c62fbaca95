//! The GitHub Actions OIDC client assertion (`auth.md` §3.8): `GET
//! {ACTIONS_ID_TOKEN_REQUEST_URL}&audience=api://AzureADTokenExchange` with the runner's bearer
//! token; the JSON `value` is the JWT handed to Entra. Fetched again on every token-cache miss
//! because GitHub's token is short-lived. Goes through the shared transport seam.

use super::AuthError;
use azure_core::credentials::Secret;
use azure_core::http::{ClientMethodOptions, HttpClient, Method, Request, Url};
use std::sync::Arc;

/// Audience Entra expects in federated GitHub tokens.
pub const GITHUB_AUDIENCE: &str = "api://AzureADTokenExchange";

/// A `ClientAssertion` backed by GitHub Actions' OIDC endpoint.
#[derive(Clone)]
pub struct GitHubAssertion {
    url: Url,
    token: Secret,
    transport: Arc<dyn HttpClient>,
}

impl std::fmt::Debug for GitHubAssertion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitHubAssertion")
            .field("url", &self.url.as_str())
            .finish_non_exhaustive()
    }
}

impl GitHubAssertion {
    /// `request_url` is `ACTIONS_ID_TOKEN_REQUEST_URL` (https only), `token` its bearer token.
    pub fn new(
        request_url: &str,
        token: Secret,
        transport: Arc<dyn HttpClient>,
    ) -> Result<Self, AuthError> {
        let mut url = Url::parse(request_url)
            .map_err(|e| AuthError::Build(format!("invalid ACTIONS_ID_TOKEN_REQUEST_URL: {e}")))?;
        if url.scheme() != "https" {
            return Err(AuthError::Insecure(format!(
                "ACTIONS_ID_TOKEN_REQUEST_URL must use https:// (got '{request_url}')"
            )));
        }
        url.query_pairs_mut()
            .append_pair("audience", GITHUB_AUDIENCE);
        Ok(Self {
            url,
            token,
            transport,
        })
    }
}

#[async_trait::async_trait]
impl azure_identity::ClientAssertion for GitHubAssertion {
    async fn secret(&self, _: Option<ClientMethodOptions<'_>>) -> azure_core::Result<String> {
        use azure_core::error::{Error, ErrorKind};
        let mut req = Request::new(self.url.clone(), Method::Get);
        req.insert_header("authorization", format!("Bearer {}", self.token.secret()));
        req.insert_header("accept", "application/json");
        let resp = self.transport.execute_request(&req).await?;
        let status = resp.status();
        let body = resp.into_body().collect().await?;
        if !status.is_success() {
            return Err(Error::with_message(
                ErrorKind::Credential,
                format!(
                    "GitHub Actions OIDC token request failed with status {}",
                    u16::from(status)
                ),
            ));
        }
        let v: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
            Error::with_message(
                ErrorKind::Credential,
                format!("GitHub Actions OIDC response is not JSON: {e}"),
            )
        })?;
        v.get("value")
            .and_then(|x| x.as_str())
            .map(str::to_owned)
            .ok_or_else(|| {
                Error::with_message(
                    ErrorKind::Credential,
                    "GitHub Actions OIDC response has no 'value'",
                )
            })
    }
}
