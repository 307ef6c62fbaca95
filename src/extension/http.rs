//! The HTTP side of extension management: the client, the index GET and wheel downloads.
//!
//! Requests go to the index and wheel hosts only, with no ARM headers and no credentials, like
//! az's plain `requests.get`. They are carried by `crate::http`: its reqwest client (platform
//! roots plus any extra PEM roots the caller names, for example `REQUESTS_CA_BUNDLE`; https
//! only, redirects followed since release hosts redirect to storage) or a caller-supplied
//! azure_core transport (the in-process emulator), and retried by its one policy (429, 5xx,
//! dropped connections, `Retry-After`), with no other policy, so no headers or credentials are
//! added. On top of that this module bounds what a server can make us take: the index and a
//! wheel are capped in size ([`MAX_INDEX_BYTES`], [`MAX_WHEEL_BYTES`]) and in overall time
//! ([`INDEX_DEADLINE`], [`DOWNLOAD_DEADLINE`]). Only `https` URLs are fetched. Nothing here
//! prints: download progress goes to the caller's callback.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use azure_core::http::{AsyncRawResponse, HttpClient, Method, Request, StatusCode};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::{ExtensionError, Progress};
use crate::http::RetrySettings;

/// The largest index accepted (az's index is a few MB).
pub const MAX_INDEX_BYTES: u64 = 64 << 20;
/// The largest wheel accepted (the unpacked size has its own cap in `wheel`).
pub const MAX_WHEEL_BYTES: u64 = 512 << 20;
/// The longest one index fetch may take, retries included.
pub const INDEX_DEADLINE: Duration = Duration::from_secs(120);
/// The longest one wheel download may take, retries included.
pub const DOWNLOAD_DEADLINE: Duration = Duration::from_secs(600);

/// What carries the requests, and how they are retried.
#[derive(Debug, Clone)]
pub struct Client {
    carrier: Arc<dyn HttpClient>,
    retry: RetrySettings,
}

impl Client {
    /// Requests through `carrier` (`crate::http`'s reqwest client or the in-process emulator);
    /// `zero_delays` is the test knob that turns retry waits into zero.
    pub fn new(carrier: Arc<dyn HttpClient>, zero_delays: bool) -> Self {
        Self {
            carrier,
            retry: RetrySettings::default().with_zero_delays(zero_delays),
        }
    }

    /// One GET under the retry policy; the body is left unread.
    async fn get(&self, url: &reqwest::Url) -> azure_core::Result<AsyncRawResponse> {
        // A bare GET: no headers, no body (az sends nothing beyond what `requests` adds).
        let mut request = Request::new(url.clone(), Method::Get);
        crate::http::send(&self.carrier, &mut request, &self.retry).await
    }
}

/// Builds the reqwest client: platform roots plus the PEM bundle at `ca_bundle`, https only.
pub fn reqwest_client(ca_bundle: Option<&Path>) -> Result<reqwest::Client, ExtensionError> {
    let config = crate::http::ClientConfig {
        ca_bundle,
        follow_redirects: true,
        user_agent: Some(concat!("azrs/", env!("CARGO_PKG_VERSION"))),
    };
    crate::http::reqwest_client(&config).map_err(|e| match e {
        crate::http::HttpError::CaBundle { path, problem } => ExtensionError::CaBundle {
            path,
            detail: problem.to_string(),
        },
        other => ExtensionError::Network(error_chain(&other)),
    })
}

/// Refuses anything but `https`, before any connection is made. The URL is first quoted as
/// `requests` quotes it ([`requote`]), so a name in an index's `downloadUrl` or a `--source`
/// reaches the server as the bytes az sends.
pub fn require_https(url: &str) -> Result<reqwest::Url, ExtensionError> {
    let quoted = requote(url);
    let parsed = reqwest::Url::parse(&quoted).map_err(|e| ExtensionError::BadUrl {
        url: url.to_string(),
        detail: e.to_string(),
    })?;
    if parsed.scheme() != "https" {
        return Err(ExtensionError::InsecureUrl(url.to_string()));
    }
    Ok(parsed)
}

/// `requests.utils.requote_uri`, which az's downloads go through: escapes of unreserved
/// characters are decoded, then every byte that is neither unreserved nor one of
/// ``!#$%&'()*+,/:;=?@[]~`` is percent-encoded (UTF-8 first). An escape that is not hex makes
/// `%` itself unsafe. This is what keeps `\\` a byte of the name (`%5C`) where a WHATWG parser
/// would read it as `/`, and `|`, `^`, `"`, `<`, `>`, `{`, `}`, spaces and non-ASCII encoded.
pub fn requote(url: &str) -> String {
    const SAFE: &str = "!#$%&'()*+,/:;=?@[]~";
    let unreserved = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
    let quote = |text: &[u8], safe: &str| {
        let mut out = String::with_capacity(text.len());
        for &b in text {
            if unreserved(b) || safe.as_bytes().contains(&b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    };
    // unquote_unreserved: `Err` on an escape of two alphanumerics that is not hex.
    let unquoted = (|| {
        let bytes = url.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let pair = bytes.get(i + 1..i + 3);
            match pair {
                Some(h) if bytes[i] == b'%' && h.iter().all(u8::is_ascii_alphanumeric) => {
                    let text = std::str::from_utf8(h).map_err(|_| ())?;
                    let c = u8::from_str_radix(text, 16).map_err(|_| ())?;
                    if unreserved(c) {
                        out.push(c);
                    } else {
                        out.extend_from_slice(&bytes[i..i + 3]);
                    }
                    i += 3;
                }
                _ => {
                    out.push(bytes[i]);
                    i += 1;
                }
            }
        }
        Ok::<_, ()>(out)
    })();
    match unquoted {
        Ok(text) => quote(&text, SAFE),
        Err(()) => quote(url.as_bytes(), &SAFE.replace('%', "")),
    }
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

/// One GET of the index URL (retried on 429, 5xx and dropped connections); a connection
/// failure, an oversized body or a fetch past [`INDEX_DEADLINE`] is returned as its one-line
/// text.
pub async fn get_index(client: &Client, url: &reqwest::Url) -> Result<IndexResponse, String> {
    get_index_limited(client, url, MAX_INDEX_BYTES, INDEX_DEADLINE).await
}

async fn get_index_limited(
    client: &Client,
    url: &reqwest::Url,
    max_bytes: u64,
    deadline: Duration,
) -> Result<IndexResponse, String> {
    let fetch = async {
        let text = |e: azure_core::Error| error_chain(&e);
        let resp = client.get(url).await.map_err(text)?;
        if resp.status() != StatusCode::Ok {
            return Ok(IndexResponse::Status(u16::from(resp.status())));
        }
        let mut body = resp.into_body();
        let mut bytes = Vec::new();
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(text)?;
            if (bytes.len() + chunk.len()) as u64 > max_bytes {
                return Err(too_large(url, max_bytes));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(IndexResponse::Body(bytes))
    };
    tokio::time::timeout(deadline, fetch)
        .await
        .unwrap_or_else(|_| Err(too_slow(url, deadline)))
}

fn too_large(url: &reqwest::Url, max_bytes: u64) -> String {
    format!("{url} is larger than the {max_bytes} bytes azrs accepts")
}

fn too_slow(url: &reqwest::Url, deadline: Duration) -> String {
    format!("{url} did not arrive within {} s", deadline.as_secs())
}

/// Downloads `url` into the new file `dest`, reporting progress, and returns the lowercase hex
/// sha256 of the bytes. A non-200 status (after retries), a connection dropped mid-body, a body
/// over [`MAX_WHEEL_BYTES`] or a download past [`DOWNLOAD_DEADLINE`] is an error; the caller
/// discards `dest` (it lives in a staging directory). The body is streamed chunk by chunk.
pub async fn download(
    client: &Client,
    url: &reqwest::Url,
    dest: &Path,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<String, ExtensionError> {
    download_limited(
        client,
        url,
        dest,
        progress,
        MAX_WHEEL_BYTES,
        DOWNLOAD_DEADLINE,
    )
    .await
}

async fn download_limited(
    client: &Client,
    url: &reqwest::Url,
    dest: &Path,
    progress: &(dyn Fn(Progress) + Send + Sync),
    max_bytes: u64,
    deadline: Duration,
) -> Result<String, ExtensionError> {
    let fetch = download_within(client, url, dest, progress, max_bytes);
    tokio::time::timeout(deadline, fetch)
        .await
        .unwrap_or_else(|_| Err(ExtensionError::Network(too_slow(url, deadline))))
}

async fn download_within(
    client: &Client,
    url: &reqwest::Url,
    dest: &Path,
    progress: &(dyn Fn(Progress) + Send + Sync),
    max_bytes: u64,
) -> Result<String, ExtensionError> {
    let io = |e: std::io::Error| ExtensionError::io("writing the downloaded wheel", e);
    let network = |e: azure_core::Error| ExtensionError::Network(error_chain(&e));
    let resp = client.get(url).await.map_err(network)?;
    if resp.status() != StatusCode::Ok {
        return Err(ExtensionError::DownloadStatus {
            url: url.to_string(),
            status: u16::from(resp.status()),
        });
    }
    let total = resp
        .headers()
        .get_optional_str(&azure_core::http::headers::CONTENT_LENGTH)
        .and_then(|v| v.trim().parse::<u64>().ok());
    // Refuse an announced oversize before creating anything.
    if total.is_some_and(|t| t > max_bytes) {
        return Err(ExtensionError::Network(too_large(url, max_bytes)));
    }
    let mut file = tokio::fs::File::create_new(dest).await.map_err(io)?;
    let mut hasher = Sha256::new();
    let mut received: u64 = 0;
    progress(Progress::Downloading { received, total });
    let mut body = resp.into_body();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(network)?;
        received += chunk.len() as u64;
        if received > max_bytes {
            return Err(ExtensionError::Network(too_large(url, max_bytes)));
        }
        hasher.update(&chunk);
        file.write_all(&chunk).await.map_err(io)?;
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

#[cfg(test)]
mod tests {
    // Expected values are what `requests.utils.requote_uri` returns in az 2.91's venv.
    #[test]
    fn requote_is_requests_requote_uri() {
        let base = "https://h/ext/";
        for (name, want) in [
            (
                "aks_preview-1.0.0-py2.py3-none-any.whl",
                "aks_preview-1.0.0-py2.py3-none-any.whl",
            ),
            ("a b.whl", "a%20b.whl"),
            ("a\\..\\b.whl", "a%5C..%5Cb.whl"),
            ("a|b^c\"d<e>{f}`.whl", "a%7Cb%5Ec%22d%3Ce%3E%7Bf%7D%60.whl"),
            ("開発.whl", "%E9%96%8B%E7%99%BA.whl"),
            ("a%41%2Fb.whl", "aA%2Fb.whl"),
            ("a%2.whl", "a%2.whl"),
            ("a%zz b.whl", "a%25zz%20b.whl"),
            ("a?x=1#f", "a?x=1#f"),
        ] {
            assert_eq!(
                requote(&format!("{base}{name}")),
                format!("{base}{want}"),
                "{name}"
            );
        }
        // The parsed URL keeps those bytes: no `\\` read as `/`.
        let url = require_https("https://h/ext/a\\..\\b.whl").expect("https");
        assert_eq!(url.path(), "/ext/a%5C..%5Cb.whl");
    }

    use super::*;
    use crate::http::fake::{FakeTransport, Reply};

    fn client(replies: Vec<Reply>) -> (Client, Arc<FakeTransport>) {
        let fake = Arc::new(FakeTransport::new(replies));
        (Client::new(fake.clone(), true), fake)
    }

    fn url() -> reqwest::Url {
        reqwest::Url::parse("https://example.test/demo-1.0.0-py3-none-any.whl").expect("url")
    }

    #[tokio::test]
    async fn download_over_the_size_cap_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dest = dir.path().join("demo.whl");
        let (c, _) = client(vec![Reply::body(200, &[7u8; 4096])]);
        let err = download_limited(&c, &url(), &dest, &|_| {}, 1024, DOWNLOAD_DEADLINE)
            .await
            .expect_err("too large");
        assert!(
            err.to_string()
                .contains("is larger than the 1024 bytes azrs accepts"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn index_over_the_size_cap_is_refused() {
        let (c, _) = client(vec![Reply::body(200, &[b' '; 4096])]);
        let Err(err) = get_index_limited(&c, &url(), 1024, INDEX_DEADLINE).await else {
            panic!("an oversized index was accepted");
        };
        assert!(err.contains("is larger than the 1024 bytes"), "{err}");
    }

    #[tokio::test]
    async fn download_retries_then_hashes_the_body() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dest = dir.path().join("demo.whl");
        let replies = vec![
            Reply::with_header(429, "retry-after", "1"),
            Reply::Drop,
            Reply::body(200, b"abc"),
        ];
        let (c, fake) = client(replies);
        let sha = download(&c, &url(), &dest, &|_| {})
            .await
            .expect("download");
        assert_eq!(
            sha,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(fake.seen().len(), 3);
        assert_eq!(std::fs::read(&dest).expect("read"), b"abc");
    }

    #[tokio::test]
    async fn exhausted_download_retries_give_az_status_text() {
        let dir = tempfile::tempdir().expect("tempdir");
        let tries = 1 + RetrySettings::default().max_retries as usize;
        let (c, fake) = client(vec![Reply::status(503); tries]);
        let err = download(&c, &url(), &dir.path().join("w.whl"), &|_| {})
            .await
            .expect_err("503");
        assert_eq!(
            err.to_string(),
            format!("Request to {} failed with 503", url())
        );
        assert_eq!(fake.seen().len(), tries);
    }

    /// A transport that never answers.
    #[derive(Debug)]
    struct Silent;

    #[async_trait::async_trait]
    impl HttpClient for Silent {
        async fn execute_request(&self, _: &Request) -> azure_core::Result<AsyncRawResponse> {
            std::future::pending().await
        }
    }

    #[tokio::test]
    async fn download_past_its_deadline_fails() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = Client::new(Arc::new(Silent), true);
        let dest = dir.path().join("w.whl");
        let deadline = Duration::from_millis(50);
        let err = download_limited(&c, &url(), &dest, &|_| {}, MAX_WHEEL_BYTES, deadline)
            .await
            .expect_err("deadline");
        assert!(err.to_string().contains("did not arrive within"), "{err}");
        assert!(!dest.exists());
    }
}
