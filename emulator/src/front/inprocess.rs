//! The in-process emulator: an `azure_core` transport ([`HttpClient`]) that hands every
//! request to the core through the state-dir store, without a socket. It is azrs's embedded
//! default when `AZRS_EMULATOR=<state dir>` is set: ARM, token and managed-identity calls all
//! come here, whatever their host, and the core routes them by path.
//!
//! The emulated cloud lives at [`IN_PROCESS_ORIGIN`] (`https://emulator.azrs.invalid`, a
//! reserved name that never resolves): the core writes that origin into `Location`,
//! `Azure-AsyncOperation` and `nextLink` URLs, so followed links come back here. Keeping
//! `https` lets azure_core's bearer policy and authority checks run exactly as against Azure.
//!
//! The request's host is passed to the core in the `host` header, as a listener would.
//! Requests are logged to `requests.jsonl` (front `in-process`) like the HTTPS server's, and
//! optional [`FaultConfig`] faults apply before the core; an injected drop surfaces as an
//! `Io` error, which azure_core's retry policy treats like a reset connection.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Instant, SystemTime};

use async_trait::async_trait;
use azure_core::error::ErrorKind;
use azure_core::http::headers::Headers;
use azure_core::http::{AsyncRawResponse, Body, HttpClient, StatusCode};

use crate::core::{Request, Response, Settings};

use super::faults::{FaultConfig, FaultCounts, FaultKind, Faults};
use super::log::RequestLog;
use super::settings::EmulatorOptions;
use super::store::{Store, StoreError};

/// The fixed origin of the in-process emulated cloud (ARM endpoint, authority host and
/// managed-identity endpoint all live here).
pub const IN_PROCESS_ORIGIN: &str = "https://emulator.azrs.invalid";

/// Options of the in-process emulator: no `Retry-After` wait by default, so runs are fast.
pub const IN_PROCESS_OPTIONS: EmulatorOptions = EmulatorOptions {
    lro_polls: 2,
    retry_after_secs: 0,
    ..EmulatorOptions::DEFAULT
};

/// Handles one request against the state in `state_dir` (load → handle → save under the
/// lock), for callers that do not speak azure_core. Logs it like the transport does.
pub fn handle_in_process(state_dir: &Path, req: &Request) -> Result<Response, StoreError> {
    let store = Store::open(state_dir)?;
    let settings = IN_PROCESS_OPTIONS.core_settings(IN_PROCESS_ORIGIN);
    let log = RequestLog::new(store.dir(), "in-process");
    let (at, started) = (SystemTime::now(), Instant::now());
    let resp = store.handle(&settings, at, req)?;
    if let Err(e) = log.append(at, req, Some(&resp), None, started.elapsed()) {
        tracing::warn!("cannot append to {}: {e}", log.path().display());
    }
    Ok(resp)
}

/// An `azure_core` transport that runs requests through the emulator core in process.
#[derive(Debug, Clone)]
pub struct InProcessTransport {
    store: Store,
    settings: Settings,
    log: RequestLog,
    faults: Arc<Mutex<Faults>>,
}

impl InProcessTransport {
    /// A transport over the state directory `state_dir` with [`IN_PROCESS_OPTIONS`].
    pub fn new(state_dir: &Path) -> Result<Self, StoreError> {
        Self::with_options(state_dir, IN_PROCESS_OPTIONS, FaultConfig::default())
    }

    /// A transport with explicit options and faults.
    pub fn with_options(
        state_dir: &Path,
        options: EmulatorOptions,
        faults: FaultConfig,
    ) -> Result<Self, StoreError> {
        let store = Store::open(state_dir)?;
        Ok(Self {
            log: RequestLog::new(store.dir(), "in-process"),
            settings: options.core_settings(IN_PROCESS_ORIGIN),
            store,
            faults: Arc::new(Mutex::new(Faults::new(faults))),
        })
    }

    /// Faults injected so far.
    pub fn fault_counts(&self) -> FaultCounts {
        self.faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .counts()
    }

    /// Converts an azure_core request to the core's shape.
    fn convert(req: &azure_core::http::Request) -> azure_core::Result<Request> {
        let url = req.url();
        let body = match req.body() {
            Body::Bytes(b) => b.to_vec(),
            Body::SeekableStream(_) => {
                return Err(azure_core::Error::with_message(
                    ErrorKind::Other,
                    "the in-process emulator does not accept streaming request bodies",
                ));
            }
        };
        let mut headers: Vec<(String, String)> = req
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.as_str().to_owned()))
            .collect();
        // A real listener sees the host in the request line; give the core the same fact.
        if let Some(host) = url.host_str() {
            let host = match url.port() {
                Some(p) => format!("{host}:{p}"),
                None => host.to_owned(),
            };
            headers.retain(|(k, _)| !k.eq_ignore_ascii_case("host"));
            headers.push(("host".to_owned(), host));
        }
        let path_and_query = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        };
        Ok(Request {
            method: req.method().as_ref().to_ascii_uppercase(),
            path_and_query,
            headers,
            body,
        })
    }

    /// Runs one converted request: faults, then store + core, then the log.
    fn run(&self, req: &Request) -> azure_core::Result<Response> {
        let (at, started) = (SystemTime::now(), Instant::now());
        let path = req.path_and_query.split('?').next().unwrap_or_default();
        let (fault, slow, retry_after) = {
            let mut f = self.faults.lock().unwrap_or_else(PoisonError::into_inner);
            let fault = f.decide(&req.method, path);
            (fault, f.config().slow, f.config().retry_after_secs)
        };
        let resp = match fault {
            Some(FaultKind::Drop) => None,
            Some(FaultKind::Slow) | None => {
                if fault.is_some() {
                    std::thread::sleep(slow);
                }
                // `Other`, not `Io`: a corrupt or locked-out state dir is not worth retrying.
                let r = self
                    .store
                    .handle(&self.settings, at, req)
                    .map_err(|e| azure_core::Error::new(ErrorKind::Other, e))?;
                Some(r)
            }
            Some(kind) => kind.response(retry_after),
        };
        if let Err(e) = self
            .log
            .append(at, req, resp.as_ref(), fault, started.elapsed())
        {
            tracing::warn!("cannot append to {}: {e}", self.log.path().display());
        }
        resp.ok_or_else(|| {
            azure_core::Error::new(
                ErrorKind::Io,
                std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "injected fault: connection dropped",
                ),
            )
        })
    }
}

#[async_trait]
impl HttpClient for InProcessTransport {
    async fn execute_request(
        &self,
        request: &azure_core::http::Request,
    ) -> azure_core::Result<AsyncRawResponse> {
        let req = Self::convert(request)?;
        // The store takes a file lock and does file I/O: keep it off the async workers.
        let resp = match tokio::runtime::Handle::try_current() {
            Ok(_) => {
                let this = self.clone();
                tokio::task::spawn_blocking(move || this.run(&req))
                    .await
                    .map_err(|e| azure_core::Error::new(ErrorKind::Other, e))??
            }
            Err(_) => self.run(&req)?,
        };
        let mut headers = Headers::new();
        for (k, v) in resp.headers {
            headers.insert(k, v);
        }
        Ok(AsyncRawResponse::from_bytes(
            StatusCode::from(resp.status),
            headers,
            resp.body,
        ))
    }
}
