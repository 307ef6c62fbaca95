//! Picks the credential (`Arc<dyn TokenCredential>`) for this invocation (`auth.md` §10).
//!
//! Order: an explicit `login` choice stored in the config dir (handed in by the app as a
//! [`LoginChoice`]); `AZURE_CLIENT_ID` + `AZURE_TENANT_ID` + `AZURE_CLIENT_SECRET`
//! (client secret); `AZURE_FEDERATED_TOKEN_FILE` (workload identity); GitHub Actions OIDC
//! (`ACTIONS_ID_TOKEN_REQUEST_URL`/`_TOKEN`, our own [`GitHubAssertion`]); then the developer
//! tools `az` and `azd` when one of them is on `PATH`. Managed identity is used only when the
//! login choice asks for it — IMDS is never probed implicitly (it can hang for minutes off Azure).
//!
//! Every credential talks through the same transport seam as the ARM client (so the in-process
//! emulator serves tokens too), uses the cloud's authority host, logs through the redacting
//! `--debug` policy, and is wrapped in [`CachedCredential`] so each token is fetched once per
//! process. Every token request is time-bounded ([`BoundedCredential`], with a shorter retry
//! policy for Entra), and an IMDS managed identity is probed first ([`ImdsProbe`]) so
//! `login --identity` off Azure fails in seconds. This module reads no files besides the
//! federated token file and the CA bundle.

mod bounded;
mod certificate;
mod github;
mod transport;

pub use bounded::{BoundedCredential, MSI_UNREACHABLE, TOKEN_DEADLINE};
use bounded::{IMDS_PROBE_TIMEOUT, IMDS_PROBE_TRIES, ImdsProbe, ImdsTransport};
pub use certificate::CertificateAssertion;
pub use github::GitHubAssertion;
pub use transport::{build_transport, load_ca_bundle, transport_from_env};

use azure_core::cloud::{CloudConfiguration, CustomConfiguration};
use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
use azure_core::http::{ClientOptions, HttpClient, Transport};
use azure_identity::{
    AzureCliCredential, ClientAssertionCredential, ClientAssertionCredentialOptions,
    ClientSecretCredential, ClientSecretCredentialOptions, DeveloperToolsCredential,
    ManagedIdentityCredential, ManagedIdentityCredentialOptions, UserAssignedId,
    WorkloadIdentityCredential, WorkloadIdentityCredentialOptions,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The exact text when no credential source exists (the app prints `ERROR: ` before it).
pub const NO_CREDENTIAL_MESSAGE: &str = "Please run 'azrs login' to setup account.";

/// Environment variables this module reads.
pub const ENV_VARS: &[&str] = &[
    "AZURE_CLIENT_ID",
    "AZURE_TENANT_ID",
    "AZURE_CLIENT_SECRET",
    "AZURE_FEDERATED_TOKEN_FILE",
    "ACTIONS_ID_TOKEN_REQUEST_URL",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    "REQUESTS_CA_BUNDLE",
    "PATH",
    "IDENTITY_ENDPOINT",
    "MSI_ENDPOINT",
    "AZURE_POD_IDENTITY_AUTHORITY_HOST",
];

/// Errors choosing or building a credential.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Nothing to authenticate with.
    #[error("{}", NO_CREDENTIAL_MESSAGE)]
    NoCredential,
    /// An endpoint that would carry secrets is not https.
    #[error("{0}")]
    Insecure(String),
    /// The credential could not be built (bad tenant id, missing token file, ...).
    #[error("{0}")]
    Build(String),
    /// The CA bundle could not be read or parsed.
    #[error("{0}")]
    CaBundle(String),
}

/// A snapshot of the environment variables that matter, so selection is testable without
/// touching the process environment.
#[derive(Debug, Clone, Default)]
pub struct EnvVars(HashMap<String, String>);

impl EnvVars {
    /// Read [`ENV_VARS`] from the process environment (empty values count as unset).
    pub fn from_process() -> Self {
        Self(
            ENV_VARS
                .iter()
                .filter_map(|k| {
                    std::env::var(k)
                        .ok()
                        .filter(|v| !v.is_empty())
                        .map(|v| ((*k).to_owned(), v))
                })
                .collect(),
        )
    }

    /// Build from explicit pairs (tests).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self(
            pairs
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        )
    }

    /// A variable's value.
    pub fn get(&self, k: &str) -> Option<&str> {
        self.0.get(k).map(String::as_str)
    }
}

/// A login stored by `azrs login` / `az login` in the config dir (the app maps
/// `config::StoredLogin` to this).
#[derive(Clone)]
pub enum LoginChoice {
    /// `login --service-principal --password SECRET`.
    ServicePrincipalSecret {
        /// Tenant id.
        tenant_id: String,
        /// Application (client) id.
        client_id: String,
        /// The client secret.
        secret: Secret,
    },
    /// `login --service-principal --federated-token JWT`.
    FederatedToken {
        /// Tenant id.
        tenant_id: String,
        /// Application (client) id.
        client_id: String,
        /// The federated token (client assertion).
        token: Secret,
    },
    /// `login --service-principal --certificate PEM` (PEM with an RSA key and its certificate).
    ServicePrincipalCertificate {
        /// Tenant id.
        tenant_id: String,
        /// Application (client) id.
        client_id: String,
        /// Path of the PEM file.
        certificate_path: PathBuf,
    },
    /// `login --identity [--client-id ID]`.
    ManagedIdentity {
        /// User-assigned identity client id; `None` for system-assigned.
        client_id: Option<String>,
    },
    /// A user login made with `az login`: reuse it through `az account get-access-token`.
    AzureCli {
        /// Tenant to ask `az` for, if known.
        tenant_id: Option<String>,
    },
}

impl std::fmt::Debug for LoginChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LoginChoice::ServicePrincipalSecret { .. } => "ServicePrincipalSecret",
            LoginChoice::FederatedToken { .. } => "FederatedToken",
            LoginChoice::ServicePrincipalCertificate { .. } => "ServicePrincipalCertificate",
            LoginChoice::ManagedIdentity { .. } => "ManagedIdentity",
            LoginChoice::AzureCli { .. } => "AzureCli",
        })
    }
}

/// Which source was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    /// Stored service-principal secret, or the `AZURE_CLIENT_SECRET` environment.
    ClientSecret,
    /// A client assertion: stored federated token.
    ClientAssertion,
    /// A stored service-principal certificate (self-signed assertion).
    ClientCertificate,
    /// Workload identity (`AZURE_FEDERATED_TOKEN_FILE`).
    WorkloadIdentity,
    /// GitHub Actions OIDC.
    GitHubActions,
    /// Managed identity (explicit only).
    ManagedIdentity,
    /// `az` (stored user login).
    AzureCli,
    /// `az`, then `azd`, whichever works.
    DeveloperTools,
}

/// Inputs of [`select_credential`].
#[derive(Clone)]
pub struct CredentialRequest {
    /// The environment snapshot.
    pub env: EnvVars,
    /// The stored login choice, if any.
    pub login: Option<LoginChoice>,
    /// The cloud's Entra authority (`activeDirectory` endpoint), e.g. `https://login.microsoftonline.com`.
    pub authority_host: String,
    /// The transport seam shared with the ARM client.
    pub transport: Arc<dyn HttpClient>,
}

/// The chosen credential.
#[derive(Debug, Clone)]
pub struct SelectedCredential {
    /// Which source.
    pub kind: CredentialKind,
    /// The credential, cached per process.
    pub credential: Arc<dyn TokenCredential>,
}

/// Choose and build the credential for this invocation.
pub fn select_credential(req: &CredentialRequest) -> Result<SelectedCredential, AuthError> {
    let (kind, cred) = select_inner(req)?;
    let bounded = Arc::new(BoundedCredential::new(cred, TOKEN_DEADLINE));
    Ok(SelectedCredential {
        kind,
        credential: Arc::new(CachedCredential::new(bounded)),
    })
}

fn select_inner(
    req: &CredentialRequest,
) -> Result<(CredentialKind, Arc<dyn TokenCredential>), AuthError> {
    let env = &req.env;
    if let Some(choice) = &req.login {
        return from_choice(req, choice);
    }
    if let (Some(client), Some(tenant), Some(secret)) = (
        env.get("AZURE_CLIENT_ID"),
        env.get("AZURE_TENANT_ID"),
        env.get("AZURE_CLIENT_SECRET"),
    ) {
        let choice = LoginChoice::ServicePrincipalSecret {
            tenant_id: tenant.to_owned(),
            client_id: client.to_owned(),
            secret: Secret::new(secret.to_owned()),
        };
        return from_choice(req, &choice);
    }
    if let Some(file) = env.get("AZURE_FEDERATED_TOKEN_FILE") {
        let (Some(client), Some(tenant)) = (env.get("AZURE_CLIENT_ID"), env.get("AZURE_TENANT_ID"))
        else {
            return Err(AuthError::Build(
                "AZURE_FEDERATED_TOKEN_FILE is set but AZURE_CLIENT_ID or AZURE_TENANT_ID is missing".into(),
            ));
        };
        let o = WorkloadIdentityCredentialOptions {
            credential_options: ClientAssertionCredentialOptions {
                client_options: client_options(req)?,
            },
            client_id: Some(client.to_owned()),
            tenant_id: Some(tenant.to_owned()),
            token_file_path: Some(PathBuf::from(file)),
        };
        let c = WorkloadIdentityCredential::new(Some(o)).map_err(build_err)?;
        return Ok((CredentialKind::WorkloadIdentity, c));
    }
    if let (Some(url), Some(token)) = (
        env.get("ACTIONS_ID_TOKEN_REQUEST_URL"),
        env.get("ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
    ) {
        let (Some(client), Some(tenant)) = (env.get("AZURE_CLIENT_ID"), env.get("AZURE_TENANT_ID"))
        else {
            return Err(AuthError::Build(
                "GitHub Actions OIDC needs AZURE_CLIENT_ID and AZURE_TENANT_ID".into(),
            ));
        };
        let assertion =
            GitHubAssertion::new(url, Secret::new(token.to_owned()), req.transport.clone())?;
        let o = ClientAssertionCredentialOptions {
            client_options: client_options(req)?,
        };
        let c = ClientAssertionCredential::new(
            tenant.to_owned(),
            client.to_owned(),
            assertion,
            Some(o),
        )
        .map_err(build_err)?;
        return Ok((CredentialKind::GitHubActions, c));
    }
    if let Some(path) = env.get("PATH")
        && (on_path(path, "az") || on_path(path, "azd"))
    {
        let c = DeveloperToolsCredential::new(None).map_err(build_err)?;
        return Ok((CredentialKind::DeveloperTools, c));
    }
    Err(AuthError::NoCredential)
}

fn from_choice(
    req: &CredentialRequest,
    choice: &LoginChoice,
) -> Result<(CredentialKind, Arc<dyn TokenCredential>), AuthError> {
    match choice {
        LoginChoice::ServicePrincipalSecret {
            tenant_id,
            client_id,
            secret,
        } => {
            let o = ClientSecretCredentialOptions {
                client_options: client_options(req)?,
            };
            let c =
                ClientSecretCredential::new(tenant_id, client_id.clone(), secret.clone(), Some(o))
                    .map_err(build_err)?;
            Ok((CredentialKind::ClientSecret, c))
        }
        LoginChoice::FederatedToken {
            tenant_id,
            client_id,
            token,
        } => {
            let o = ClientAssertionCredentialOptions {
                client_options: client_options(req)?,
            };
            let c = ClientAssertionCredential::new(
                tenant_id.clone(),
                client_id.clone(),
                StaticAssertion(token.clone()),
                Some(o),
            )
            .map_err(build_err)?;
            Ok((CredentialKind::ClientAssertion, c))
        }
        LoginChoice::ServicePrincipalCertificate {
            tenant_id,
            client_id,
            certificate_path,
        } => {
            let o = ClientAssertionCredentialOptions {
                client_options: client_options(req)?,
            };
            let assertion = CertificateAssertion::from_file(
                certificate_path,
                client_id,
                tenant_id,
                &req.authority_host,
            )?;
            let c = ClientAssertionCredential::new(
                tenant_id.clone(),
                client_id.clone(),
                assertion,
                Some(o),
            )
            .map_err(build_err)?;
            Ok((CredentialKind::ClientCertificate, c))
        }
        LoginChoice::ManagedIdentity { client_id } => {
            // azure_identity picks App Service (or refuses the unsupported sources) from these
            // variables; otherwise it talks to IMDS, which is probed first.
            let imds =
                req.env.get("IDENTITY_ENDPOINT").is_none() && req.env.get("MSI_ENDPOINT").is_none();
            let transport: Arc<dyn HttpClient> = if imds {
                Arc::new(ImdsTransport::new(
                    req.transport.clone(),
                    imds_override(req)?,
                ))
            } else {
                req.transport.clone()
            };
            let o = ManagedIdentityCredentialOptions {
                user_assigned_id: client_id.clone().map(UserAssignedId::ClientId),
                client_options: managed_identity_options(transport.clone()),
            };
            let c: Arc<dyn TokenCredential> =
                ManagedIdentityCredential::new(Some(o)).map_err(build_err)?;
            let c: Arc<dyn TokenCredential> = if imds {
                Arc::new(ImdsProbe::new(
                    c,
                    transport,
                    IMDS_PROBE_TIMEOUT,
                    IMDS_PROBE_TRIES,
                ))
            } else {
                c
            };
            Ok((CredentialKind::ManagedIdentity, c))
        }
        LoginChoice::AzureCli { tenant_id } => {
            let o = azure_identity::AzureCliCredentialOptions {
                tenant_id: tenant_id.clone(),
                ..Default::default()
            };
            let c = AzureCliCredential::new(Some(o)).map_err(build_err)?;
            Ok((CredentialKind::AzureCli, c))
        }
    }
}

/// Client options for Entra credentials: the shared transport, the cloud's authority (https
/// only), and the redacting `--debug` logger.
fn client_options(req: &CredentialRequest) -> Result<ClientOptions, AuthError> {
    let url = url::Url::parse(&req.authority_host).map_err(|e| {
        AuthError::Build(format!(
            "invalid authority host '{}': {e}",
            req.authority_host
        ))
    })?;
    if url.scheme() != "https" {
        return Err(AuthError::Insecure(format!(
            "The authority host '{}' must use https:// (secrets are never sent over plain http).",
            req.authority_host
        )));
    }
    let mut custom = CustomConfiguration::default();
    custom.authority_host = req.authority_host.trim_end_matches('/').to_owned();
    let mut o = client_options_without_cloud(req);
    o.cloud = Some(Arc::new(CloudConfiguration::Custom(custom)));
    Ok(o)
}

/// Client options for token requests: the shared transport, the redacting `--debug` log and the
/// one retry policy with [`crate::http::RetrySettings::tokens`]; [`TOKEN_DEADLINE`] bounds the
/// whole request on top of that.
fn client_options_without_cloud(req: &CredentialRequest) -> ClientOptions {
    let zero = req
        .env
        .get(crate::http::NO_DELAY_ENV)
        .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
    crate::http::client_options(
        req.transport.clone(),
        &crate::http::RetrySettings::tokens().with_zero_delays(zero),
    )
}

/// Client options for a managed identity over `transport`: the redacting log only. azure_identity
/// replaces the retry of IMDS requests with the IMDS guidance (404 and 410 retried too, over
/// about 70 s), so adding ours would retry twice; App Service keeps azure_core's default.
/// [`TOKEN_DEADLINE`] bounds either.
fn managed_identity_options(transport: Arc<dyn HttpClient>) -> ClientOptions {
    ClientOptions {
        transport: Some(Transport::new(transport)),
        per_try_policies: vec![Arc::new(crate::http::HttpLogPolicy)],
        ..ClientOptions::default()
    }
}

/// `AZURE_POD_IDENTITY_AUTHORITY_HOST`: where IMDS requests go instead of 169.254.169.254.
fn imds_override(req: &CredentialRequest) -> Result<Option<url::Url>, AuthError> {
    let Some(host) = req.env.get("AZURE_POD_IDENTITY_AUTHORITY_HOST") else {
        return Ok(None);
    };
    let url = url::Url::parse(host).map_err(|e| {
        AuthError::Build(format!(
            "invalid AZURE_POD_IDENTITY_AUTHORITY_HOST '{host}': {e}"
        ))
    })?;
    Ok(Some(url))
}

fn build_err(e: azure_core::Error) -> AuthError {
    AuthError::Build(e.to_string())
}

/// True if `name` is an executable file in one of the absolute directories of `path`.
fn on_path(path: &str, name: &str) -> bool {
    std::env::split_paths(path)
        .filter(|d| d.is_absolute())
        .any(|d| is_file(&d.join(name)))
}

fn is_file(p: &Path) -> bool {
    p.metadata().is_ok_and(|m| m.is_file())
}

/// A fixed client assertion (a stored federated token).
#[derive(Clone)]
struct StaticAssertion(Secret);

impl std::fmt::Debug for StaticAssertion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StaticAssertion")
    }
}

#[async_trait::async_trait]
impl azure_identity::ClientAssertion for StaticAssertion {
    async fn secret(
        &self,
        _: Option<azure_core::http::ClientMethodOptions<'_>>,
    ) -> azure_core::Result<String> {
        Ok(self.0.secret().to_owned())
    }
}

/// Caches tokens per scope set for the life of the process (refreshing 5 minutes before expiry),
/// so `az`-backed credentials are spawned once and Entra is asked once per scope.
#[derive(Debug)]
pub struct CachedCredential {
    inner: Arc<dyn TokenCredential>,
    cache: Mutex<HashMap<Vec<String>, AccessToken>>,
}

impl CachedCredential {
    /// Wrap a credential.
    pub fn new(inner: Arc<dyn TokenCredential>) -> Self {
        Self {
            inner,
            cache: Mutex::new(HashMap::new()),
        }
    }
}

#[async_trait::async_trait]
impl TokenCredential for CachedCredential {
    async fn get_token(
        &self,
        scopes: &[&str],
        options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        let key: Vec<String> = scopes.iter().map(|s| (*s).to_owned()).collect();
        let fresh = |t: &AccessToken| {
            t.expires_on
                > azure_core::time::OffsetDateTime::now_utc()
                    + azure_core::time::Duration::minutes(5)
        };
        if let Ok(cache) = self.cache.lock()
            && let Some(t) = cache.get(&key).filter(|t| fresh(t))
        {
            return Ok(t.clone());
        }
        let token = self.inner.get_token(scopes, options).await?;
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(key, token.clone());
        }
        Ok(token)
    }
}
