//! The HTTP side of extension management: the client, the index GET and wheel downloads.
//!
//! Requests go to the index and wheel hosts only, with no ARM headers and no credentials, like
//! az's plain `requests.get`. By default they go through reqwest: TLS uses the platform roots
//! plus any extra PEM roots the caller names (for example `REQUESTS_CA_BUNDLE`) and timeouts
//! bound every request. When the caller supplies an azure_core transport (the in-process
//! emulator), requests go through it instead — a bare `execute_request`, no pipeline, so no
//! policies add headers or credentials. Either way only `https` URLs are fetched and the answers
//! are judged the same. Nothing here prints: download progress goes to the caller's callback.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use azure_core::http::{HttpClient, Method, Request, StatusCode};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::{ExtensionError, Progress};

/// What carries the requests: reqwest (the default) or a caller-supplied azure_core transport.
#[derive(Debug, Clone)]
pub enum Client {
    Reqwest(reqwest::Client),
    Transport(Arc<dyn HttpClient>),
}

const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
const READ_TIMEOUT: Duration = Duration::from_secs(60);

/// Builds the reqwest client: platform roots plus the PEM bundle at `ca_bundle`, https only.
pub fn reqwest_client(ca_bundle: Option<&Path>) -> Result<reqwest::Client, ExtensionError> {
    let mut builder = reqwest::Client::builder()
        .https_only(true)
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT)
        .user_agent(concat!("azrs/", env!("CARGO_PKG_VERSION")));
    if let Some(path) = ca_bundle {
        let bad = |detail: String| ExtensionError::CaBundle {
            path: path.display().to_string(),
            detail,
        };
        let pem = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| bad(e.to_string()))?;
        if certs.is_empty() {
            return Err(bad("no certificates found".into()));
        }
        builder = builder.tls_certs_merge(certs);
    }
    builder
        .build()
        .map_err(|e| ExtensionError::Network(error_chain(&e)))
}

/// Refuses anything but `https`, before any connection is made.
pub fn require_https(url: &str) -> Result<reqwest::Url, ExtensionError> {
    let parsed = reqwest::Url::parse(url).map_err(|e| ExtensionError::BadUrl {
        url: url.to_string(),
        detail: e.to_string(),
    })?;
    if parsed.scheme() != "https" {
        return Err(ExtensionError::InsecureUrl(url.to_string()));
    }
    Ok(parsed)
}

/// The error and its causes on one line, the way users need to see a TLS or DNS failure.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

/// Outcome of one index GET attempt.
pub enum IndexResponse {
    Body(Vec<u8>),
    Status(u16),
}

/// One GET of the index URL; a connection failure is returned as its one-line text.
pub async fn get_index(client: &Client, url: &reqwest::Url) -> Result<IndexResponse, String> {
    match client {
        Client::Reqwest(c) => {
            let text = |e: reqwest::Error| error_chain(&e);
            let resp = c.get(url.clone()).send().await.map_err(text)?;
            if resp.status() != reqwest::StatusCode::OK {
                return Ok(IndexResponse::Status(resp.status().as_u16()));
            }
            Ok(IndexResponse::Body(
                resp.bytes().await.map_err(text)?.to_vec(),
            ))
        }
        Client::Transport(t) => {
            let text = |e: azure_core::Error| error_chain(&e);
            let resp = t.execute_request(&get(url)).await.map_err(text)?;
            if resp.status() != StatusCode::Ok {
                return Ok(IndexResponse::Status(u16::from(resp.status())));
            }
            Ok(IndexResponse::Body(
                resp.into_body().collect().await.map_err(text)?.to_vec(),
            ))
        }
    }
}

/// A bare GET: no headers, no body (az sends nothing beyond what `requests` adds).
fn get(url: &reqwest::Url) -> Request {
    Request::new(url.clone(), Method::Get)
}

/// Downloads `url` into the new file `dest`, reporting progress, and returns the lowercase hex
/// sha256 of the bytes. A non-200 status or a connection dropped mid-body is an error; the
/// caller discards `dest` (it lives in a staging directory). reqwest streams chunk by chunk; a
/// transport's body is read whole (the in-process emulator has it in memory anyway).
pub async fn download(
    client: &Client,
    url: &reqwest::Url,
    dest: &Path,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<String, ExtensionError> {
    let status = |status: u16| ExtensionError::DownloadStatus {
        url: url.to_string(),
        status,
    };
    let io = |e: std::io::Error| ExtensionError::io("writing the downloaded wheel", e);
    let mut file = None;
    let mut hasher = Sha256::new();
    let mut received: u64 = 0;
    let total = match client {
        Client::Reqwest(c) => {
            let network = |e: reqwest::Error| ExtensionError::Network(error_chain(&e));
            let mut resp = c.get(url.clone()).send().await.map_err(network)?;
            if resp.status() != reqwest::StatusCode::OK {
                return Err(status(resp.status().as_u16()));
            }
            let total = resp.content_length();
            let f = file.insert(tokio::fs::File::create_new(dest).await.map_err(io)?);
            progress(Progress::Downloading { received, total });
            while let Some(chunk) = resp.chunk().await.map_err(network)? {
                hasher.update(&chunk);
                f.write_all(&chunk).await.map_err(io)?;
                received += chunk.len() as u64;
                progress(Progress::Downloading { received, total });
            }
            total
        }
        Client::Transport(t) => {
            let network = |e: azure_core::Error| ExtensionError::Network(error_chain(&e));
            let resp = t.execute_request(&get(url)).await.map_err(network)?;
            if resp.status() != StatusCode::Ok {
                return Err(status(u16::from(resp.status())));
            }
            let total = resp
                .headers()
                .get_optional_str(&azure_core::http::headers::CONTENT_LENGTH)
                .and_then(|v| v.trim().parse::<u64>().ok());
            let f = file.insert(tokio::fs::File::create_new(dest).await.map_err(io)?);
            progress(Progress::Downloading { received, total });
            let body = resp.into_body().collect().await.map_err(network)?;
            hasher.update(&body);
            f.write_all(&body).await.map_err(io)?;
            received = body.len() as u64;
            progress(Progress::Downloading { received, total });
            total
        }
    };
    if let Some(expected) = total
        && expected != received
    {
        return Err(ExtensionError::Network(format!(
            "connection closed after {received} of {expected} bytes of {url}"
        )));
    }
    if let Some(mut f) = file {
        f.flush().await.map_err(io)?;
        f.sync_all().await.map_err(io)?;
    }
    Ok(hex(&hasher.finalize()))
}

/// Lowercase hex, the form of the index's `sha256Digest`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
