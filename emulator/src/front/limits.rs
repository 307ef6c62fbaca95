//! What one client may cost the HTTPS emulator, and how a request body is read within it.
//!
//! The server ([`super::server`]) takes a [`Limits`] and applies it at three points:
//! before a connection is served (a permit from a counting semaphore, waited for only
//! briefly, so a flood of connections is closed instead of queued without bound), while the
//! request head is read (hyper's header-read timer, which also runs while a keep-alive
//! connection sits idle between requests, so it is the idle limit too) and while the body is
//! read ([`read_body`]: a declared `Content-Length` over the cap is answered 413 before a byte
//! of it is read; a chunked body is counted as it streams and dropped at the cap; a body that
//! stalls is answered 408). Malformed request heads are hyper's: it answers 400 (or 431 for
//! oversized heads) and closes.
//!
//! The answers are ARM-shaped (`{"error": {"code", "message"}}`) and carry `connection:
//! close`, because the rest of the body is never read and the connection cannot be reused.
//! This module does not log or count anything: the server logs what it answered.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;

use crate::core::Response;

/// Bounds on connections, time and memory per client.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Connections served at once; further ones wait up to `connection_wait`, then are closed.
    pub max_connections: usize,
    /// How long a connection over the cap waits for a free slot before it is closed.
    pub connection_wait: Duration,
    /// How long a TLS handshake may take.
    pub handshake_timeout: Duration,
    /// How long a request head may take to arrive, counted from the moment the connection
    /// waits for it (so also how long a keep-alive connection may stay idle).
    pub header_read_timeout: Duration,
    /// How long the whole request body may take to arrive.
    pub body_read_timeout: Duration,
    /// Largest request body accepted, in bytes (ARM bodies are a few KiB).
    pub max_body: usize,
}

impl Default for Limits {
    /// Generous for any real client (az, azrs, kubectl-like tools on loopback), tight enough
    /// that slow or hostile clients cannot pin the emulator's memory or connections.
    fn default() -> Self {
        Self {
            max_connections: 512,
            connection_wait: Duration::from_secs(1),
            handshake_timeout: Duration::from_secs(10),
            header_read_timeout: Duration::from_secs(30),
            body_read_timeout: Duration::from_secs(30),
            max_body: 16 * 1024 * 1024,
        }
    }
}

/// Why a body was not read.
#[derive(Debug)]
pub enum BodyError {
    /// Answer this (413 or 408) and close the connection.
    Answer(Response),
    /// The client went away or sent a broken body: close without an answer.
    Broken(std::io::Error),
}

/// Reads the body of a request whose head is `parts`, within `limits`.
pub async fn read_body(
    parts: &hyper::http::request::Parts,
    body: Incoming,
    limits: &Limits,
) -> Result<Bytes, BodyError> {
    let declared = parts
        .headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.max_body as u64) {
        return Err(BodyError::Answer(too_large(limits.max_body)));
    }
    let collected = tokio::time::timeout(
        limits.body_read_timeout,
        Limited::new(body, limits.max_body).collect(),
    )
    .await;
    match collected {
        Ok(Ok(c)) => Ok(c.to_bytes()),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
            Err(BodyError::Answer(too_large(limits.max_body)))
        }
        Ok(Err(e)) => Err(BodyError::Broken(std::io::Error::other(format!(
            "reading request body: {e}"
        )))),
        Err(_) => Err(BodyError::Answer(arm_error(
            408,
            "RequestTimeout",
            &format!(
                "The request body did not arrive within {} seconds.",
                limits.body_read_timeout.as_secs()
            ),
        ))),
    }
}

fn too_large(max: usize) -> Response {
    arm_error(
        413,
        "RequestEntityTooLarge",
        &format!("The request body is larger than the limit of {max} bytes."),
    )
}

/// An ARM error envelope that also closes the connection.
pub fn arm_error(status: u16, code: &str, message: &str) -> Response {
    let body = serde_json::json!({"error": {"code": code, "message": message}});
    Response {
        status,
        headers: vec![
            (
                "content-type".to_owned(),
                "application/json; charset=utf-8".to_owned(),
            ),
            ("connection".to_owned(), "close".to_owned()),
        ],
        body: serde_json::to_vec(&body).unwrap_or_default(),
    }
}
