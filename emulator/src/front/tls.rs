//! TLS material for the HTTPS emulator: a test CA kept in the state directory
//! (`ca.pem` for clients to trust, `ca-key.pem` private to the emulator) and a fresh server
//! certificate for `127.0.0.1`, `::1`, `localhost` and the address the emulator is bound to
//! (`--bind`) signed by it on every start. An unspecified bind (`0.0.0.0`, `::`) adds no name:
//! it is no address a client can connect to, so clients elsewhere need a specific bind.
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

use std::net::IpAddr;
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

/// The names the server certificate carries for an emulator bound to `bind`.
pub fn server_names(bind: IpAddr) -> Vec<String> {
    let mut names = vec![
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
        "localhost".to_owned(),
    ];
    let bound = bind.to_string();
    if !bind.is_unspecified() && !names.contains(&bound) {
        names.push(bound);
    }
    names
}

/// Loads or creates the CA in `dir` and issues a fresh server certificate for an emulator
/// bound to `bind`.
pub fn load_or_create(dir: &Path, bind: IpAddr) -> Result<TlsMaterial, TlsError> {
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

    // rcgen makes an IP-address SAN of every name that parses as an address.
    let mut leaf = CertificateParams::new(server_names(bind))?;
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

    const LOOPBACK: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

    #[test]
    fn ca_is_kept_across_restarts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = load_or_create(dir.path(), LOOPBACK).expect("first");
        let ca1 = std::fs::read(&first.ca_pem_path).expect("ca");
        let second = load_or_create(dir.path(), LOOPBACK).expect("second");
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
        let err = load_or_create(dir.path(), LOOPBACK).expect_err("bad key");
        assert!(err.to_string().contains(CA_KEY_FILE), "{err}");
    }

    #[test]
    fn the_bound_address_is_named_once_and_unspecified_ones_not_at_all() {
        let ip = |s: &str| s.parse::<IpAddr>().expect("address");
        assert_eq!(server_names(LOOPBACK), ["127.0.0.1", "::1", "localhost"]);
        assert_eq!(server_names(ip("::1")).len(), 3);
        assert_eq!(server_names(ip("0.0.0.0")).len(), 3);
        assert_eq!(server_names(ip("::")).len(), 3);
        assert_eq!(server_names(ip("10.1.2.3"))[3], "10.1.2.3");
        assert_eq!(server_names(ip("fd00::7"))[3], "fd00::7");
    }

    #[test]
    fn the_certificate_carries_the_bound_address_as_an_ip_san() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bound = "127.0.0.2".parse().expect("address");
        let m = load_or_create(dir.path(), bound).expect("material");
        let der = m.cert_chain[0].as_ref();
        // An iPAddress SAN is the context tag [7] with the address's 4 bytes.
        assert!(
            der.windows(6).any(|w| w == [0x87, 4, 127, 0, 0, 2]),
            "no IP SAN 127.0.0.2 in the certificate"
        );
        assert!(der.windows(6).any(|w| w == [0x87, 4, 127, 0, 0, 1]));
    }
}
