//! TLS trust for every client azrs builds: what az trusts, checked by webpki with rustls'
//! `ring` provider. az (Python's `requests`) trusts certifi's copy of Mozilla's root store, or
//! only `REQUESTS_CA_BUNDLE` when that names a file; azrs trusts Mozilla's roots as compiled
//! into `webpki-roots` (the same set, already parsed, so no certificate directory or file is
//! read on each run) plus the bundle's certificates when one is given, as before.
//!
//! One addition so that azrs accepts what az accepts: a server whose certificate is
//! **byte-identical to a certificate in the bundle** is trusted even when that certificate is
//! a CA (`basicConstraints CA:TRUE`, the default of `openssl req -x509`). OpenSSL, under
//! Python's `requests`, trusts such a certificate as its own trust anchor; webpki refuses a CA
//! certificate as the end entity (`CaUsedAsEndEntity`), which azrs used to report as "Please
//! ensure you have network connection".
//!
//! The pinned case still checks what OpenSSL checks of a trust anchor presented as the leaf:
//! its validity period and that it names the host (`subjectAltName`, as webpki reads it); the
//! handshake signature is verified with the certificate's key as usual. Everything else — an
//! unknown issuer, a chain, a hostname mismatch of a CA-issued leaf — is webpki's decision.
//!
//! Why `ring` and not aws-lc (rustls' default): aws-lc seeds its random generator from a
//! CPU-jitter entropy source on first use, which cost about 78% of the CPU of a one-request
//! command (issue 12); ring reads the kernel's generator.
//!
//! What does not live here: reading the PEM bundle (`super::load_ca_bundle`) and the rest of
//! the client's settings (`super::reqwest_client`).

use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, Error, RootCertStore, SignatureScheme};

/// A rustls client configuration trusting Mozilla's roots plus `extra` (the CA bundle, may be
/// empty), and a certificate of `extra` presented as the server's own. HTTP/1.1 only (reqwest
/// is built without HTTP/2).
pub fn client_config(extra: Vec<CertificateDer<'static>>) -> Result<rustls::ClientConfig, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    // As the platform verifier did with its extra roots: a bundle certificate webpki cannot
    // use as a trust anchor is skipped here (it may still be trusted as pinned below).
    roots.add_parsable_certificates(extra.iter().cloned());
    let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| Error::General(e.to_string()))?;
    let verifier = BundleVerifier {
        webpki,
        pinned: extra,
    };
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// webpki over the roots, plus bundle certificates trusted as the server's own certificate.
#[derive(Debug)]
struct BundleVerifier {
    webpki: Arc<WebPkiServerVerifier>,
    pinned: Vec<CertificateDer<'static>>,
}

impl ServerCertVerifier for BundleVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        let refused = match self.webpki.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Ok(ok) => return Ok(ok),
            Err(e) => e,
        };
        if !self
            .pinned
            .iter()
            .any(|c| c.as_ref() == end_entity.as_ref())
        {
            return Err(refused);
        }
        verify_pinned(end_entity, server_name, now)?;
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.webpki.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.webpki.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.webpki.supported_verify_schemes()
    }
}

/// What OpenSSL checks of a trust anchor presented as the leaf: in its validity period, and
/// valid for the host.
fn verify_pinned(
    cert: &CertificateDer<'_>,
    server_name: &ServerName<'_>,
    now: UnixTime,
) -> Result<(), Error> {
    let (not_before, not_after) = validity(cert.as_ref()).ok_or(CertificateError::BadEncoding)?;
    let now = now.as_secs();
    if now < not_before {
        return Err(CertificateError::NotValidYet.into());
    }
    if now > not_after {
        return Err(CertificateError::Expired.into());
    }
    let parsed = rustls::server::ParsedCertificate::try_from(cert)?;
    rustls::client::verify_server_name(&parsed, server_name)
}

/// A certificate's `notBefore` and `notAfter`, in seconds since the Unix epoch.
fn validity(der: &[u8]) -> Option<(u64, u64)> {
    yasna::parse_der(der, |r| {
        r.read_sequence(|r| {
            let times = r.next().read_sequence(|r| {
                // version [0] EXPLICIT (optional), serialNumber, signature, issuer, validity.
                r.read_optional(|r| r.read_tagged(yasna::Tag::context(0), |r| r.read_der()))?;
                for _ in 0..3 {
                    r.next().read_der()?;
                }
                let times = r
                    .next()
                    .read_sequence(|r| Ok((r.next().read_der()?, r.next().read_der()?)))?;
                // subject, subjectPublicKeyInfo, then optional unique ids and extensions.
                while r.read_optional(|r| r.read_der())?.is_some() {}
                Ok(times)
            })?;
            r.next().read_der()?;
            r.next().read_der()?;
            Ok(times)
        })
    })
    .ok()
    .and_then(|(a, b)| Some((asn1_time(&a)?, asn1_time(&b)?)))
}

/// A DER `UTCTime` (tag 23, `YYMMDDHHMMSSZ`, years 1950-2049) or `GeneralizedTime` (tag 24,
/// `YYYYMMDDHHMMSSZ`) as seconds since the Unix epoch; `None` for anything else or a time
/// before 1970.
fn asn1_time(tlv: &[u8]) -> Option<u64> {
    let (&tag, rest) = tlv.split_first()?;
    let (&len, text) = rest.split_first()?;
    let text = std::str::from_utf8(text.get(..usize::from(len))?).ok()?;
    let digits = text.strip_suffix('Z')?;
    let (year, rest) = match (tag, digits.len()) {
        (23, 12) => {
            let yy: i32 = digits.get(..2)?.parse().ok()?;
            (
                if yy < 50 { 2000 + yy } else { 1900 + yy },
                digits.get(2..)?,
            )
        }
        (24, 14) => (digits.get(..4)?.parse().ok()?, digits.get(4..)?),
        _ => return None,
    };
    let field = |i: usize| -> Option<u8> { rest.get(i..i + 2)?.parse().ok() };
    let month = time::Month::try_from(field(0)?).ok()?;
    let date = time::Date::from_calendar_date(year, month, field(2)?).ok()?;
    let at = date
        .with_hms(field(4)?, field(6)?, field(8)?)
        .ok()?
        .assume_utc();
    u64::try_from(at.unix_timestamp()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asn1_times() {
        // UTCTime 2024-01-02 03:04:05Z and GeneralizedTime 2051-01-01 00:00:00Z.
        let utc = [b"\x17\x0d".as_slice(), b"240102030405Z"].concat();
        assert_eq!(asn1_time(&utc), Some(1_704_164_645));
        let gen_time = [b"\x18\x0f".as_slice(), b"20510101000000Z"].concat();
        assert_eq!(asn1_time(&gen_time), Some(2_556_144_000));
        assert_eq!(asn1_time(b"\x17\x03abc"), None);
        assert_eq!(asn1_time(b""), None);
    }
}
