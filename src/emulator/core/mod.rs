//! The emulator core (being built): `handle` maps one request to one response over `State`.

use serde::{Deserialize, Serialize};

/// One HTTP request as the core sees it.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub method: String,
    /// Path and query string, e.g. `/subscriptions?api-version=2022-12-01`.
    pub path_and_query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// One HTTP response produced by the core.
#[derive(Debug, Clone, Default)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Fixed facts of one emulated cloud; see the module docs for defaults.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Origin the emulator is reached at, e.g. `https://127.0.0.1:8443`; used in
    /// `Location`, `Azure-AsyncOperation` and `nextLink` URLs.
    pub base_url: String,
    /// Number of polls after which a long-running operation finishes.
    pub lro_polls: u32,
    /// `Retry-After` seconds advertised on long-running operations.
    pub retry_after_secs: u32,
}

/// Everything the emulated cloud remembers; serialisable so the front ends can persist it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct State {}

/// Handles one request at time `now`, mutating `state`.
pub fn handle(
    _state: &mut State,
    _settings: &Settings,
    _now: std::time::SystemTime,
    _req: &Request,
) -> Response {
    Response {
        status: 501,
        ..Response::default()
    }
}
