//! A scripted fake `HttpClient` (gh style): each stub matches one request by method and URL
//! path (optionally a query substring), answers once, and the test fails on any unmatched
//! request or unused stub. Every request is recorded for assertions.

use azure_core::http::{AsyncRawResponse, HttpClient, Request, StatusCode, headers::Headers};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

#[derive(Debug)]
enum Reply {
    Response {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    ConnectionDropped,
}

#[derive(Debug)]
struct Stub {
    method: String,
    path: String,
    query_contains: Option<String>,
    reply: Reply,
}

#[derive(Debug, Default)]
pub struct FakeHttp {
    stubs: Mutex<VecDeque<Stub>>,
    pub log: Mutex<Vec<Recorded>>,
}

impl FakeHttp {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Stub a response for `METHOD path`.
    pub fn on(
        &self,
        method: &str,
        path: &str,
        status: u16,
        headers: &[(&str, &str)],
        body: &str,
    ) -> &Self {
        self.push(
            method,
            path,
            None,
            Reply::Response {
                status,
                headers: headers
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                body: body.as_bytes().to_vec(),
            },
        );
        self
    }

    /// Like [`Self::on`] but the URL query must contain `q`.
    pub fn on_query(
        &self,
        method: &str,
        path: &str,
        q: &str,
        status: u16,
        headers: &[(&str, &str)],
        body: &str,
    ) -> &Self {
        self.push(
            method,
            path,
            Some(q.to_string()),
            Reply::Response {
                status,
                headers: headers
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                body: body.as_bytes().to_vec(),
            },
        );
        self
    }

    /// The connection drops (an I/O error) for `METHOD path`.
    pub fn drop_connection(&self, method: &str, path: &str) -> &Self {
        self.push(method, path, None, Reply::ConnectionDropped);
        self
    }

    fn push(&self, method: &str, path: &str, q: Option<String>, reply: Reply) {
        self.stubs.lock().unwrap().push_back(Stub {
            method: method.to_string(),
            path: path.to_string(),
            query_contains: q,
            reply,
        });
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.log.lock().unwrap().clone()
    }

    /// Panics if a stub was never used.
    pub fn verify(&self) {
        let left = self.stubs.lock().unwrap();
        assert!(
            left.is_empty(),
            "unused stubs: {:?}",
            left.iter()
                .map(|s| format!("{} {}", s.method, s.path))
                .collect::<Vec<_>>()
        );
    }
}

#[async_trait::async_trait]
impl HttpClient for FakeHttp {
    async fn execute_request(&self, request: &Request) -> azure_core::Result<AsyncRawResponse> {
        let body = match request.body() {
            azure_core::http::Body::Bytes(b) => b.to_vec(),
            _ => Vec::new(),
        };
        let method = request.method().to_string().to_ascii_uppercase();
        let url = request.url().clone();
        self.log.lock().unwrap().push(Recorded {
            method: method.clone(),
            url: url.to_string(),
            headers: request
                .headers()
                .iter()
                .map(|(k, v)| (k.as_str().to_string(), v.as_str().to_string()))
                .collect(),
            body,
        });
        let stub = {
            let mut stubs = self.stubs.lock().unwrap();
            let pos = stubs.iter().position(|s| {
                s.method == method
                    && s.path.eq_ignore_ascii_case(url.path())
                    && s.query_contains
                        .as_ref()
                        .is_none_or(|q| url.query().unwrap_or("").contains(q.as_str()))
            });
            match pos {
                Some(p) => stubs.remove(p).expect("position is valid"),
                None => panic!("unmatched request: {method} {url}"),
            }
        };
        match stub.reply {
            Reply::Response {
                status,
                headers,
                body,
            } => {
                let mut h = Headers::new();
                for (k, v) in headers {
                    h.insert(k.to_ascii_lowercase(), v);
                }
                Ok(AsyncRawResponse::from_bytes(
                    StatusCode::from(status),
                    h,
                    body,
                ))
            }
            Reply::ConnectionDropped => Err(azure_core::Error::with_message(
                azure_core::error::ErrorKind::Io,
                "connection reset by peer",
            )),
        }
    }
}

/// A credential with a fixed token that counts its calls.
#[derive(Debug, Default)]
pub struct StaticCredential {
    pub token: String,
    pub calls: Mutex<u32>,
}

#[async_trait::async_trait]
impl azure_core::credentials::TokenCredential for StaticCredential {
    async fn get_token(
        &self,
        _scopes: &[&str],
        _options: Option<azure_core::credentials::TokenRequestOptions<'_>>,
    ) -> azure_core::Result<azure_core::credentials::AccessToken> {
        *self.calls.lock().unwrap() += 1;
        Ok(azure_core::credentials::AccessToken::new(
            self.token.clone(),
            azure_core::time::OffsetDateTime::now_utc() + azure_core::time::Duration::hours(1),
        ))
    }
}
