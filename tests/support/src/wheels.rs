//! Test helpers shared by the extension tests: a builder for real (pure-Python, universal)
//! extension wheels and a loopback HTTPS server with a throw-away CA that serves fixed routes
//! (an index, wheels, error statuses, truncated bodies) and records the paths requested.

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use base64::Engine;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

// ---------------------------------------------------------------------------------------------
// Wheels

/// Files of a wheel for extension `name` (e.g. `aks-preview`) at `version`.
pub struct WheelSpec {
    pub name: String,
    pub version: String,
    pub azext: Value,
    pub requires: Vec<String>,
    pub extra: Vec<(String, Vec<u8>)>,
    pub symlink: Option<(String, String)>,
}

impl WheelSpec {
    pub fn new(name: &str, version: &str) -> Self {
        WheelSpec {
            name: name.into(),
            version: version.into(),
            azext: json!({"azext.minCliCoreVersion": "2.73.0"}),
            requires: Vec::new(),
            extra: Vec::new(),
            symlink: None,
        }
    }
    pub fn azext(mut self, v: Value) -> Self {
        self.azext = v;
        self
    }
    pub fn entry(mut self, path: &str, bytes: &[u8]) -> Self {
        self.extra.push((path.into(), bytes.to_vec()));
        self
    }
    pub fn dist(&self) -> String {
        self.name.replace('-', "_")
    }
    pub fn filename(&self) -> String {
        format!("{}-{}-py2.py3-none-any.whl", self.dist(), self.version)
    }
    pub fn build(&self) -> Vec<u8> {
        let dist = self.dist();
        let info = format!("{dist}-{}.dist-info", self.version);
        let mut metadata = format!(
            "Metadata-Version: 2.1\nName: {}\nVersion: {}\nSummary: Test extension {}\n\
             Home-page: https://example.invalid/{}\nAuthor: azrs tests\nLicense: MIT\n\
             Classifier: Development Status :: 4 - Beta\n\
             Classifier: License :: OSI Approved :: MIT License\n",
            self.name, self.version, self.name, self.name
        );
        for r in &self.requires {
            metadata.push_str(&format!("Requires-Dist: {r}\n"));
        }
        metadata.push_str("\nLong description.\n");
        let mut files: Vec<(String, Vec<u8>)> = vec![
            (
                format!("azext_{dist}/__init__.py"),
                b"# test extension\n".to_vec(),
            ),
            (
                format!("azext_{dist}/azext_metadata.json"),
                serde_json::to_vec(&self.azext).expect("json"),
            ),
            (format!("{info}/METADATA"), metadata.into_bytes()),
            (
                format!("{info}/WHEEL"),
                b"Wheel-Version: 1.0\nGenerator: bdist_wheel (0.30.0)\nRoot-Is-Purelib: true\n\
                  Tag: py2-none-any\nTag: py3-none-any\n\n"
                    .to_vec(),
            ),
            (
                format!("{info}/top_level.txt"),
                format!("azext_{dist}\n").into_bytes(),
            ),
        ];
        files.extend(self.extra.iter().cloned());
        let mut record = String::new();
        for (p, b) in &files {
            let h = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(b));
            record.push_str(&format!("{p},sha256={h},{}\n", b.len()));
        }
        record.push_str(&format!("{info}/RECORD,,\n"));
        files.push((format!("{info}/RECORD"), record.into_bytes()));

        let mut out = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut out);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (p, b) in &files {
                zip.start_file(p.as_str(), opts).expect("start file");
                zip.write_all(b).expect("write");
            }
            if let Some((link, target)) = &self.symlink {
                zip.add_symlink(link.as_str(), target.as_str(), opts)
                    .expect("symlink");
            }
            zip.finish().expect("finish");
        }
        out.into_inner()
    }
}

pub fn sha256_hex(b: &[u8]) -> String {
    Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Loopback HTTPS server

#[derive(Clone)]
pub enum Route {
    Body(Vec<u8>),
    Status(u16),
    /// Declares the full length, sends half, then drops the connection.
    Truncate(Vec<u8>),
}

#[derive(Default)]
pub struct State {
    pub routes: HashMap<String, Route>,
    pub requests: Vec<String>,
}

pub struct Server {
    pub addr: SocketAddr,
    pub state: Arc<Mutex<State>>,
    pub ca_pem: String,
}

impl Server {
    pub async fn start() -> Server {
        let ca_key = rcgen::KeyPair::generate().expect("ca key");
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "azrs test CA");
        let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).expect("ca");
        let leaf_key = rcgen::KeyPair::generate().expect("leaf key");
        let leaf = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()])
            .expect("leaf params")
            .signed_by(&leaf_key, &ca)
            .expect("leaf");

        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_no_client_auth()
            .with_single_cert(
                vec![leaf.der().clone()],
                rustls::pki_types::PrivateKeyDer::Pkcs8(leaf_key.serialize_der().into()),
            )
            .expect("server config");
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let state = Arc::new(Mutex::new(State::default()));
        let st = state.clone();
        tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    return;
                };
                let acceptor = acceptor.clone();
                let st = st.clone();
                tokio::spawn(async move {
                    if let Ok(tls) = acceptor.accept(tcp).await {
                        serve(tls, st).await;
                    }
                });
            }
        });
        Server {
            addr,
            state,
            ca_pem: ca.pem(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("https://{}/{}", self.addr, path.trim_start_matches('/'))
    }

    pub fn route(&self, path: &str, route: Route) {
        let mut st = self.state.lock().expect("lock");
        st.routes
            .insert(format!("/{}", path.trim_start_matches('/')), route);
    }

    pub fn requests(&self) -> Vec<String> {
        self.state.lock().expect("lock").requests.clone()
    }
}

async fn serve(
    mut tls: tokio_rustls::server::TlsStream<tokio::net::TcpStream>,
    st: Arc<Mutex<State>>,
) {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match tls.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
        if head.len() > 64 * 1024 {
            return;
        }
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let path = text.split_whitespace().nth(1).unwrap_or("/").to_string();
    let route = {
        let mut s = st.lock().expect("lock");
        s.requests.push(path.clone());
        s.routes.get(&path).cloned()
    };
    let (status, body, truncate) = match route {
        Some(Route::Body(b)) => (200, b, false),
        Some(Route::Status(code)) => (code, b"{}".to_vec(), false),
        Some(Route::Truncate(b)) => (200, b, true),
        None => (404, b"not found".to_vec(), false),
    };
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nContent-Type: application/octet-stream\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    if tls.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let sent = if truncate {
        &body[..body.len() / 2]
    } else {
        &body[..]
    };
    let _ = tls.write_all(sent).await;
    let _ = tls.flush().await;
    if truncate {
        // Drop the TCP connection without a TLS close_notify: the client sees an abrupt end.
        let (tcp, _) = tls.into_inner();
        drop(tcp);
        return;
    }
    let _ = tls.shutdown().await;
}

/// Every path below `dir`, relative to `root`, appended to `out` in directory order (callers
/// sort): proves what an install wrote and nothing else.
pub fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        out.push(
            p.strip_prefix(root)
                .expect("prefix")
                .to_string_lossy()
                .into_owned(),
        );
        if p.is_dir() {
            walk(root, &p, out);
        }
    }
}
