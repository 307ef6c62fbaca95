//! Each kind of credential, built from a [`LoginChoice`]: service-principal secret,
//! federated assertion, certificate, managed identity (IMDS probed first, bounded) and a
//! person's login from az's token cache, all with the shared transport, the cloud's authority
//! and the redacting log.
//! Which choice applies (stored login, then the environment) is decided in `mod.rs`.

use super::{
    AuthError, CertificateAssertion, CredentialKind, CredentialRequest, IMDS_PROBE_TIMEOUT,
    IMDS_PROBE_TRIES, ImdsProbe, ImdsTransport, LoginChoice,
};
use azure_core::cloud::{CloudConfiguration, CustomConfiguration};
use azure_core::credentials::{Secret, TokenCredential};
use azure_core::http::{ClientOptions, HttpClient, Transport};
use azure_identity::{
    ClientAssertionCredential, ClientAssertionCredentialOptions, ClientSecretCredential,
    ClientSecretCredentialOptions, ManagedIdentityCredential, ManagedIdentityCredentialOptions,
    UserAssignedId,
};
use std::sync::Arc;

pub(super) fn from_choice(
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
        LoginChoice::User {
            tenant_id,
            username,
        } => {
            let Some(path) = &req.token_cache else {
                return Err(AuthError::NoCredential);
            };
            https_authority(req)?;
            let c = super::msal::UserCredential::new(
                req.transport.clone(),
                path.clone(),
                &req.authority_host,
                tenant_id,
                username,
            );
            Ok((CredentialKind::User, Arc::new(c)))
        }
    }
}

/// Client options for Entra credentials: the shared transport, the cloud's authority (https
/// only), and the redacting `--debug` logger.
pub(super) fn client_options(req: &CredentialRequest) -> Result<ClientOptions, AuthError> {
    https_authority(req)?;
    let mut custom = CustomConfiguration::default();
    custom.authority_host = req.authority_host.trim_end_matches('/').to_owned();
    let mut o = client_options_without_cloud(req);
    o.cloud = Some(Arc::new(CloudConfiguration::Custom(custom)));
    Ok(o)
}

/// The authority host, refused unless it is an https URL.
fn https_authority(req: &CredentialRequest) -> Result<url::Url, AuthError> {
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
    Ok(url)
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

pub(super) fn build_err(e: azure_core::Error) -> AuthError {
    AuthError::Build(e.to_string())
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
