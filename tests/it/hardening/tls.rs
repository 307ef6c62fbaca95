//! A server certificate that is its own CA (`openssl req -x509`'s default: `CA:TRUE`, used as
//! the server's leaf), trusted through `REQUESTS_CA_BUNDLE`: az accepts it (OpenSSL takes a
//! trust anchor presented as the leaf) and so does azrs (`crate::http::tls`). It is still
//! refused when it names another host, has expired, or is not the certificate in the bundle.
//! Regression: azrs printed "Please ensure you have network connection" for such a server.
//!
//! The server is a tiny TLS front written here (tokio-rustls, one request per connection)
//! over the emulator's core and store, so the whole `cloud register` → `login` → ARM path
//! runs over the self-signed certificate.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use crate::common::Azrs;
use azrs_emulator::core::{Request, Settings};
use azrs_emulator::front::Store;
use azrs_test_support::sandbox::Run;
use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

/// A self-signed certificate as `openssl req -x509` makes it: `CA:TRUE`, subject = issuer.
struct SelfSigned {
    der: CertificateDer<'static>,
    pem: String,
    key: PrivateKeyDer<'static>,
}

fn self_signed(names: &[&str], expired: bool) -> SelfSigned {
    let mut params =
        CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .expect("params");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    if expired {
        params.not_before = rcgen::date_time_ymd(2001, 1, 1);
        params.not_after = rcgen::date_time_ymd(2002, 1, 1);
    }
    let key = KeyPair::generate().expect("key");
    let cert = params.self_signed(&key).expect("self-signed");
    SelfSigned {
        der: cert.der().clone(),
        pem: cert.pem(),
        key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
    }
}

/// Serves the emulator core over TLS with `cert` on 127.0.0.1 until the test process ends.
fn serve(cert: &SelfSigned, state: &Path) -> String {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert.der.clone()], cert.key.clone_key())
        .expect("server config");
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr: SocketAddr = listener.local_addr().expect("addr");
    let url = format!("https://{addr}");
    let settings = Settings::new(&url);
    let store = Store::open(state).expect("store");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    continue;
                };
                // A handshake the client refuses just ends this connection.
                let Ok(tls) = acceptor.accept(tcp).await else {
                    continue;
                };
                let _ = answer(tls, &store, &settings).await;
            }
        });
    });
    url
}

/// Reads one HTTP/1.1 request, answers it through the emulator core and closes.
async fn answer(
    stream: tokio_rustls::server::TlsStream<tokio::net::TcpStream>,
    store: &Store,
    settings: &Settings,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).await?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    let mut req = Request::new(&method, &target);
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).await?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
            req = req.header(name.trim(), value.trim());
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await?;
    req.body = body;
    let resp = store
        .handle(settings, SystemTime::now(), &req)
        .expect("emulator store");
    let mut head = format!("HTTP/1.1 {} X\r\n", resp.status);
    for (k, v) in &resp.headers {
        if !k.eq_ignore_ascii_case("content-length") && !k.eq_ignore_ascii_case("connection") {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        resp.body.len()
    ));
    let mut stream = reader.into_inner();
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(&resp.body).await?;
    stream.shutdown().await
}

/// `cloud register` against `url` with `bundle` as `REQUESTS_CA_BUNDLE`.
fn register(az: &Azrs, url: &str) -> Run {
    az.run(&[
        "cloud",
        "register",
        "--name",
        "SelfSigned",
        "--endpoint-resource-manager",
        &format!("{url}/"),
    ])
}

fn sandbox(bundle_pem: &str) -> Azrs {
    let mut az = Azrs::spawn();
    az.remove_env("AZRS_EMULATOR");
    let bundle = az.path("bundle.pem");
    std::fs::write(&bundle, bundle_pem).expect("bundle");
    az.set_env("REQUESTS_CA_BUNDLE", &bundle.display().to_string());
    az
}

#[test]
fn self_signed_ca_certificate_in_the_bundle_is_accepted_as_az_does() {
    let cert = self_signed(&["127.0.0.1", "localhost"], false);
    let az = sandbox(&cert.pem);
    let url = serve(&cert, &az.path("state"));
    register(&az, &url).ok();
    az.run(&["cloud", "set", "--name", "SelfSigned"]).ok();
    crate::login::login_sp(&az, &[]).ok();
    let run = az
        .run(&["group", "create", "-n", "rg-self-signed", "-l", "westus2"])
        .ok();
    assert_eq!(run.json()["properties"]["provisioningState"], "Succeeded");
}

#[test]
fn self_signed_certificate_among_other_bundle_certificates_is_accepted() {
    let other = self_signed(&["example.test"], false);
    let cert = self_signed(&["127.0.0.1"], false);
    let az = sandbox(&format!("{}{}", other.pem, cert.pem));
    let url = serve(&cert, &az.path("state"));
    register(&az, &url).ok();
}

/// A refused certificate fails `cloud register` (exit 1, one `ERROR:`), as az does.
#[track_caller]
fn refused(run: Run) {
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(run.stderr.starts_with("ERROR: "), "{run:#?}");
    assert!(run.stdout.is_empty(), "{run:#?}");
}

#[test]
fn self_signed_certificate_for_another_host_is_refused() {
    let cert = self_signed(&["example.test"], false);
    let az = sandbox(&cert.pem);
    let url = serve(&cert, &az.path("state"));
    refused(register(&az, &url));
}

#[test]
fn expired_self_signed_certificate_is_refused() {
    let cert = self_signed(&["127.0.0.1"], true);
    let az = sandbox(&cert.pem);
    let url = serve(&cert, &az.path("state"));
    refused(register(&az, &url));
}

#[test]
fn self_signed_certificate_not_in_the_bundle_is_refused() {
    let served = self_signed(&["127.0.0.1"], false);
    let trusted = self_signed(&["127.0.0.1"], false);
    let az = sandbox(&trusted.pem);
    let url = serve(&served, &az.path("state"));
    refused(register(&az, &url));
}
