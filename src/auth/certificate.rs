//! Service-principal certificate login without OpenSSL: a `ClientAssertion` that signs its own
//! JWT (`PS256`, header `x5t#S256` = SHA-256 thumbprint of the certificate) with the private key
//! from the PEM file `login --certificate` names, using rustls' ring signer (the client's TLS
//! provider; see `http::tls`). Entra's certificate-credential format: `aud` = the token
//! endpoint, `iss` = `sub` = the client id, a fresh `jti`, ten minutes of validity. A new
//! assertion is signed on every token request.

use super::AuthError;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use rustls::SignatureScheme;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject};
use rustls::sign::SigningKey;
use sha2::Digest as _;
use std::path::Path;
use std::sync::Arc;

/// A signing client assertion built from a PEM certificate and private key.
#[derive(Clone)]
pub struct CertificateAssertion {
    client_id: String,
    audience: String,
    thumbprint_s256: String,
    key: Arc<dyn SigningKey>,
}

impl std::fmt::Debug for CertificateAssertion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CertificateAssertion")
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

impl CertificateAssertion {
    /// Parse `pem` (one `CERTIFICATE` block and one private key block, as az accepts) for
    /// `client_id`, targeting the token endpoint of `authority_host` and `tenant_id`.
    pub fn from_pem(
        pem: &[u8],
        client_id: &str,
        tenant_id: &str,
        authority_host: &str,
    ) -> Result<Self, AuthError> {
        let cert = CertificateDer::pem_slice_iter(pem)
            .next()
            .ok_or_else(|| {
                AuthError::Build("the certificate file has no CERTIFICATE block".into())
            })?
            .map_err(|e| AuthError::Build(format!("invalid certificate PEM: {e}")))?;
        let key = PrivateKeyDer::from_pem_slice(pem).map_err(|e| {
            AuthError::Build(format!(
                "the certificate file has no usable private key: {e}"
            ))
        })?;
        let key = rustls::crypto::ring::sign::any_supported_type(&key)
            .map_err(|e| AuthError::Build(format!("unsupported private key: {e}")))?;
        if key
            .choose_scheme(&[SignatureScheme::RSA_PSS_SHA256])
            .is_none()
        {
            return Err(AuthError::Build(
                "the certificate's private key must be an RSA key".into(),
            ));
        }
        Ok(Self {
            client_id: client_id.to_owned(),
            audience: format!(
                "{}/{tenant_id}/oauth2/v2.0/token",
                authority_host.trim_end_matches('/')
            ),
            thumbprint_s256: B64.encode(sha2::Sha256::digest(cert.as_ref())),
            key,
        })
    }

    /// Read the PEM file.
    pub fn from_file(
        path: &Path,
        client_id: &str,
        tenant_id: &str,
        authority_host: &str,
    ) -> Result<Self, AuthError> {
        let pem = std::fs::read(path).map_err(|e| {
            AuthError::Build(format!("cannot read certificate '{}': {e}", path.display()))
        })?;
        Self::from_pem(&pem, client_id, tenant_id, authority_host)
    }

    /// A freshly signed JWT.
    pub fn sign_jwt(&self) -> Result<String, AuthError> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let header =
            serde_json::json!({"alg": "PS256", "typ": "JWT", "x5t#S256": self.thumbprint_s256});
        let claims = serde_json::json!({
            "aud": self.audience, "iss": self.client_id, "sub": self.client_id,
            "jti": uuid::Uuid::new_v4().to_string(), "nbf": now, "iat": now, "exp": now + 600,
        });
        let input = format!(
            "{}.{}",
            B64.encode(header.to_string()),
            B64.encode(claims.to_string())
        );
        let signer = self
            .key
            .choose_scheme(&[SignatureScheme::RSA_PSS_SHA256])
            .ok_or_else(|| AuthError::Build("the private key cannot sign PS256".into()))?;
        let sig = signer
            .sign(input.as_bytes())
            .map_err(|e| AuthError::Build(format!("signing failed: {e}")))?;
        Ok(format!("{input}.{}", B64.encode(sig)))
    }
}

#[async_trait::async_trait]
impl azure_identity::ClientAssertion for CertificateAssertion {
    async fn secret(
        &self,
        _: Option<azure_core::http::ClientMethodOptions<'_>>,
    ) -> azure_core::Result<String> {
        self.sign_jwt().map_err(|e| {
            azure_core::Error::with_message(azure_core::error::ErrorKind::Credential, e.to_string())
        })
    }
}
