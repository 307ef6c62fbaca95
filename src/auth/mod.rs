//! Picks the credential (`Arc<dyn TokenCredential>`) for this invocation (`auth.md` §10).
//!
//! Order: an explicit `login` choice stored in the config dir (handed in by the app as a
//! [`LoginChoice`]: a service principal, a managed identity, or a person whose tokens are in
//! az's MSAL cache); `AZURE_CLIENT_ID` + `AZURE_TENANT_ID` + `AZURE_CLIENT_SECRET`
//! (client secret); `AZURE_FEDERATED_TOKEN_FILE` (workload identity); GitHub Actions OIDC
//! (`ACTIONS_ID_TOKEN_REQUEST_URL`/`_TOKEN`, our own [`GitHubAssertion`]); then, as a last
//! resort, `azd` when it is on `PATH`. `az` is never spawned: its logins are read from its files.
//! Managed identity is used only when the login choice asks for it — IMDS is never probed
//! implicitly (it can hang for minutes off Azure).
//!
//! Every credential talks through the same transport seam as the ARM client (so the in-process
//! emulator serves tokens too), uses the cloud's authority host, logs through the redacting
//! `--debug` policy, and is wrapped in [`CachedCredential`] so each token is fetched once per
//! process; given the config dir's token cache ([`CredentialRequest::token_cache`]), app
//! credentials also keep their tokens in az's MSAL cache ([`msal::PersistentCredential`]) so
//! later processes, azrs or az, reuse them. Every token request is time-bounded
//! ([`BoundedCredential`], with a shorter retry policy for Entra), and an IMDS managed identity
//! is probed first ([`ImdsProbe`]) so `login --identity` off Azure fails in seconds.
//!
//! This file holds the choice (environment order, the stored login choice); building each
//! kind of credential from a choice is `kinds.rs`'s, the per-process cache `cache.rs`'s, az's
//! token cache and the person flows `msal`'s.

mod bounded;
mod cache;
mod certificate;
mod github;
mod kinds;
pub mod msal;
mod transport;

pub use bounded::{BoundedCredential, TOKEN_DEADLINE};
use bounded::{IMDS_PROBE_TIMEOUT, IMDS_PROBE_TRIES, ImdsProbe, ImdsTransport};
pub use cache::{CachedCredential, OnceCredential};
pub use certificate::CertificateAssertion;
pub use github::GitHubAssertion;
use kinds::{build_err, client_options, from_choice};
pub use transport::{build_transport, transport_from_env};

use azure_core::credentials::{Secret, TokenCredential};
use azure_core::http::HttpClient;
use azure_identity::{
    AzureDeveloperCliCredential, ClientAssertionCredential, ClientAssertionCredentialOptions,
    WorkloadIdentityCredential, WorkloadIdentityCredentialOptions,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The exact text when no credential source exists (the app prints `ERROR: ` before it).
pub const NO_CREDENTIAL_MESSAGE: &str = "Please run 'azrs login' to setup account.";

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
    /// A person signed in with `az login` or `azrs login`: tokens from az's MSAL cache,
    /// renewed with the refresh token.
    User {
        /// Tenant of the subscription (the token's realm).
        tenant_id: String,
        /// The account's user name (`user.name` in `azureProfile.json`).
        username: String,
    },
}

impl std::fmt::Debug for LoginChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LoginChoice::ServicePrincipalSecret { .. } => "ServicePrincipalSecret",
            LoginChoice::FederatedToken { .. } => "FederatedToken",
            LoginChoice::ServicePrincipalCertificate { .. } => "ServicePrincipalCertificate",
            LoginChoice::ManagedIdentity { .. } => "ManagedIdentity",
            LoginChoice::User { .. } => "User",
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
    /// A person's login from az's token cache.
    User,
    /// `azd`, the last resort.
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
    /// az's token cache file (`msal_token_cache.json` in the config dir); `None` keeps tokens
    /// in this process only (and a person's login cannot be used).
    pub token_cache: Option<PathBuf>,
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
    let bounded: Arc<dyn TokenCredential> = Arc::new(BoundedCredential::new(cred, TOKEN_DEADLINE));
    let persisted = match (&req.token_cache, persisted_as(req, kind)) {
        (Some(path), Some(Persist::App { client_id, tenant })) => {
            Arc::new(msal::PersistentCredential::new(
                bounded,
                path.clone(),
                msal::CacheIdentity {
                    home_account_id: None,
                    environment: msal::environment_of(&req.authority_host),
                    client_id,
                    realm: tenant,
                },
            )) as Arc<dyn TokenCredential>
        }
        (Some(path), Some(Persist::ManagedIdentity { client_id })) => {
            Arc::new(msal::PersistentCredential::managed_identity(
                bounded,
                path.clone(),
                client_id.as_deref(),
            ))
        }
        _ => bounded,
    };
    Ok(SelectedCredential {
        kind,
        credential: Arc::new(CachedCredential::new(persisted)),
    })
}

/// How a kind's tokens are keyed in az's cache.
enum Persist {
    App { client_id: String, tenant: String },
    ManagedIdentity { client_id: Option<String> },
}

/// The app identity whose tokens `kind` fetches (people and `azd` keep their own caches).
fn persisted_as(req: &CredentialRequest, kind: CredentialKind) -> Option<Persist> {
    let env_app = || {
        Some(Persist::App {
            client_id: req.env.get("AZURE_CLIENT_ID")?.to_owned(),
            tenant: req.env.get("AZURE_TENANT_ID")?.to_owned(),
        })
    };
    match &req.login {
        Some(
            LoginChoice::ServicePrincipalSecret {
                tenant_id,
                client_id,
                ..
            }
            | LoginChoice::FederatedToken {
                tenant_id,
                client_id,
                ..
            }
            | LoginChoice::ServicePrincipalCertificate {
                tenant_id,
                client_id,
                ..
            },
        ) => Some(Persist::App {
            client_id: client_id.clone(),
            tenant: tenant_id.clone(),
        }),
        Some(LoginChoice::ManagedIdentity { client_id }) => Some(Persist::ManagedIdentity {
            client_id: client_id.clone(),
        }),
        Some(LoginChoice::User { .. }) => None,
        None => match kind {
            CredentialKind::ClientSecret
            | CredentialKind::WorkloadIdentity
            | CredentialKind::GitHubActions => env_app(),
            _ => None,
        },
    }
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
        && on_path(path, "azd")
    {
        // Spawned at most once per command: the first answer, token or error, is kept.
        let c = AzureDeveloperCliCredential::new(None).map_err(build_err)?;
        return Ok((
            CredentialKind::DeveloperTools,
            Arc::new(OnceCredential::new(c)),
        ));
    }
    Err(AuthError::NoCredential)
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
