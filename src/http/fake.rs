//! A scripted transport for unit tests: answers each request with the next scripted reply (a
//! status with headers and body, or a dropped connection), records what was asked, and fails
//! the test when asked more often than scripted.

use azure_core::error::{Error, ErrorKind};
use azure_core::http::{AsyncRawResponse, HttpClient, Request, StatusCode, headers::Headers};
use std::collections::VecDeque;
use std::sync::Mutex;

/// One scripted reply.
#[derive(Debug, Clone)]
pub(crate) enum Reply {
    /// An answer: status, headers, body.
    Status(u16, Vec<(&'static str, String)>, Vec<u8>),
    /// The connection dropped before an answer.
    Drop,
}

impl Reply {
    pub(crate) fn status(code: u16) -> Self {
        Reply::Status(code, Vec::new(), Vec::new())
    }

    pub(crate) fn with_header(code: u16, name: &'static str, value: &str) -> Self {
        Reply::Status(code, vec![(name, value.to_owned())], Vec::new())
    }

    pub(crate) fn body(code: u16, body: &[u8]) -> Self {
        Reply::Status(code, Vec::new(), body.to_vec())
    }
}

#[derive(Debug, Default)]
pub(crate) struct FakeTransport {
    replies: Mutex<VecDeque<Reply>>,
    seen: Mutex<Vec<String>>,
}

impl FakeTransport {
    pub(crate) fn new(replies: impl IntoIterator<Item = Reply>) -> Self {
        Self {
            replies: Mutex::new(replies.into_iter().collect()),
            seen: Mutex::new(Vec::new()),
        }
    }

    /// The URLs asked for, in order.
    pub(crate) fn seen(&self) -> Vec<String> {
        self.seen.lock().expect("not poisoned").clone()
    }
}

#[async_trait::async_trait]
impl HttpClient for FakeTransport {
    async fn execute_request(&self, request: &Request) -> azure_core::Result<AsyncRawResponse> {
        self.seen
            .lock()
            .expect("not poisoned")
            .push(request.url().to_string());
        let reply = self
            .replies
            .lock()
            .expect("not poisoned")
            .pop_front()
            .expect("more requests than scripted replies");
        match reply {
            Reply::Drop => Err(Error::with_message(
                ErrorKind::Io,
                "connection closed before message completed",
            )),
            Reply::Status(code, headers, body) => {
                let mut h = Headers::new();
                for (k, v) in headers {
                    h.insert(k, v);
                }
                Ok(AsyncRawResponse::from_bytes(
                    StatusCode::from(code),
                    h,
                    body,
                ))
            }
        }
    }
}
