//! The HTTP side of extension management: one reqwest client, the index GET and wheel downloads.
//!
//! Requests go to the index and wheel hosts only, with no ARM headers and no credentials, like
//! az's plain `requests.get`. TLS uses the platform roots plus any extra PEM roots the caller
//! names (for example `REQUESTS_CA_BUNDLE`). Only `https` URLs are fetched; timeouts bound every
//! request. Nothing here prints: download progress goes to the caller's callback.

use std::path::Path;
use std::time::Duration;

use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::{ExtensionError, Progress};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
const READ_TIMEOUT: Duration = Duration::from_secs(60);

/// Builds the client: platform roots plus the PEM bundle at `ca_bundle`, https only.
pub fn client(ca_bundle: Option<&Path>) -> Result<reqwest::Client, ExtensionError> {
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

/// One GET of the index URL.
pub async fn get_index(
    client: &reqwest::Client,
    url: &reqwest::Url,
) -> Result<IndexResponse, reqwest::Error> {
    let resp = client.get(url.clone()).send().await?;
    if resp.status() != reqwest::StatusCode::OK {
        return Ok(IndexResponse::Status(resp.status().as_u16()));
    }
    Ok(IndexResponse::Body(resp.bytes().await?.to_vec()))
}

/// Downloads `url` into the new file `dest`, reporting progress, and returns the lowercase hex
/// sha256 of the bytes. A non-200 status or a connection dropped mid-body is an error; the
/// caller discards `dest` (it lives in a staging directory).
pub async fn download(
    client: &reqwest::Client,
    url: &reqwest::Url,
    dest: &Path,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<String, ExtensionError> {
    let network = |e: reqwest::Error| ExtensionError::Network(error_chain(&e));
    let mut resp = client.get(url.clone()).send().await.map_err(network)?;
    if resp.status() != reqwest::StatusCode::OK {
        return Err(ExtensionError::DownloadStatus {
            url: url.to_string(),
            status: resp.status().as_u16(),
        });
    }
    let total = resp.content_length();
    let io = |e: std::io::Error| ExtensionError::io("writing the downloaded wheel", e);
    let mut file = tokio::fs::File::create_new(dest).await.map_err(io)?;
    let mut hasher = Sha256::new();
    let mut received: u64 = 0;
    progress(Progress::Downloading { received, total });
    while let Some(chunk) = resp.chunk().await.map_err(network)? {
        hasher.update(&chunk);
        file.write_all(&chunk).await.map_err(io)?;
        received += chunk.len() as u64;
        progress(Progress::Downloading { received, total });
    }
    if let Some(expected) = total
        && expected != received
    {
        return Err(ExtensionError::Network(format!(
            "connection closed after {received} of {expected} bytes of {url}"
        )));
    }
    file.flush().await.map_err(io)?;
    file.sync_all().await.map_err(io)?;
    Ok(hex(&hasher.finalize()))
}

/// Lowercase hex, the form of the index's `sha256Digest`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
