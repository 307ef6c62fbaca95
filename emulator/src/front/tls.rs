//! TLS material for the HTTPS emulator: a test CA kept in the state directory
//! (`ca.pem` for clients to trust, `ca-key.pem` private to the emulator) and a fresh server
//! certificate for `127.0.0.1`, `::1` and `localhost` signed by it on every start.
//!
//! The CA survives restarts: when `ca-key.pem` exists its key is reused and `ca.pem` is
//! left byte-for-byte as it is, so a client configured with `REQUESTS_CA_BUNDLE` or a
//! custom root keeps trusting the emulator. The CA's subject and key-identifier method are
//! fixed here, so server certificates issued after a restart chain to the old `ca.pem`.
//!
//! rustls uses the ring provider (as the client, so that embedding the emulator links no aws-lc
//! into azrs), passed explicitly to the config builder: no
//! process-wide default provider is installed or required, so nothing can panic over an
//! ambiguous provider choice.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use super::store::{StoreError, write_atomically};

/// File name of the CA certificate clients trust.
pub const CA_CERT_FILE: &str = "ca.pem";
/// File name of the CA private key (never leaves the state directory).
pub const CA_KEY_FILE: &str = "ca-key.pem";

/// Why TLS material could not be made or loaded.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("CA key {path} is not a usable private key: {source}")]
    BadKey { path: PathBuf, source: rcgen::Error },
    #[error("cannot generate certificate: {0}")]
    Generate(#[from] rcgen::Error),
    #[error(transparent)]
    Write(#[from] StoreError),
    #[error("cannot configure TLS: {0}")]
    Rustls(#[from] rustls::Error),
}

/// The CA of one state directory and a server certificate issued by it.
#[derive(Debug)]
pub struct TlsMaterial {
    /// Path of `ca.pem`.
    pub ca_pem_path: PathBuf,
    /// Server certificate chain (leaf only; clients hold the CA).
    pub cert_chain: Vec<CertificateDer<'static>>,
    /// Server private key.
    pub key: PrivateKeyDer<'static>,
}

fn ca_params() -> Result<CertificateParams, rcgen::Error> {
    let mut p = CertificateParams::new(Vec::<String>::new())?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::OrganizationName, "azrs");
    dn.push(DnType::CommonName, "azrs ARM emulator test CA");
    p.distinguished_name = dn;
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    Ok(p)
}

fn read_if_exists(path: &Path) -> Result<Option<String>, TlsError> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(TlsError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Loads or creates the CA in `dir` and issues a fresh server certificate.
pub fn load_or_create(dir: &Path) -> Result<TlsMaterial, TlsError> {
    let ca_pem_path = dir.join(CA_CERT_FILE);
    let key_path = dir.join(CA_KEY_FILE);
    let ca_key = match read_if_exists(&key_path)? {
        Some(pem) => KeyPair::from_pem(&pem).map_err(|source| TlsError::BadKey {
            path: key_path.clone(),
            source,
        })?,
        None => {
            let key = KeyPair::generate()?;
            write_atomically(dir, &key_path, key.serialize_pem().as_bytes())?;
            // A CA certificate without its key cannot be reused: replace it below.
            let _ = std::fs::remove_file(&ca_pem_path);
            key
        }
    };
    let params = ca_params()?;
    if read_if_exists(&ca_pem_path)?.is_none() {
        let ca_cert = params.self_signed(&ca_key)?;
        write_atomically(dir, &ca_pem_path, ca_cert.pem().as_bytes())?;
    }
    let issuer = Issuer::new(params, ca_key);

    let mut leaf = CertificateParams::new(vec![
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
        "localhost".to_owned(),
    ])?;
    leaf.distinguished_name = DistinguishedName::new();
    leaf.distinguished_name
        .push(DnType::CommonName, "azrs ARM emulator");
    leaf.use_authority_key_identifier_extension = true;
    leaf.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let leaf_key = KeyPair::generate()?;
    let cert = leaf.signed_by(&leaf_key, &issuer)?;
    Ok(TlsMaterial {
        ca_pem_path,
        cert_chain: vec![cert.der().clone()],
        key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
    })
}

/// A rustls server config (ring provider, HTTP/1.1 via ALPN) for `material`.
pub fn server_config(material: &TlsMaterial) -> Result<Arc<rustls::ServerConfig>, TlsError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut cfg = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(material.cert_chain.clone(), material.key.clone_key())?;
    cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(cfg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ca_is_kept_across_restarts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = load_or_create(dir.path()).expect("first");
        let ca1 = std::fs::read(&first.ca_pem_path).expect("ca");
        let second = load_or_create(dir.path()).expect("second");
        assert_eq!(ca1, std::fs::read(&second.ca_pem_path).expect("ca"));
        assert_ne!(
            first.cert_chain, second.cert_chain,
            "leaf is fresh per start"
        );
        server_config(&second).expect("config");
    }

    #[test]
    fn garbage_ca_key_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(CA_KEY_FILE), "nope").expect("seed");
        let err = load_or_create(dir.path()).expect_err("bad key");
        assert!(err.to_string().contains(CA_KEY_FILE), "{err}");
    }
}
