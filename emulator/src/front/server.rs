//! The HTTPS emulator: hyper 1 over tokio-rustls on `127.0.0.1` by default, or on the address
//! [`ServerConfig::bind`] names (IPv4 or IPv6; port 0 = any free port). Each request is read whole (within [`Limits`]: connection cap, handshake,
//! header and body timeouts, body size cap; see `limits`), offered to the fault injector,
//! then handled by the core through the state-dir store (the state stays in memory; each
//! request is one journaled transaction, see `store`) on a blocking thread, and logged
//! redacted to `requests.jsonl`.
//!
//! On start it checks that `state.json` loads (a corrupt file stops the start with an error
//! naming it), makes the TLS material (the certificate names the bound address) and writes
//! `emulator.json` describing how to reach it.
//!
//! Every URL the core hands out (metadata endpoints, `nextLink`, `Location`,
//! `Azure-AsyncOperation`, Graph and login endpoints) is built from the origin the client
//! reached: the request's `Host` header when it is a well-formed `host[:port]`, the listening
//! address otherwise. One listener on a private network or on `0.0.0.0` thus answers each
//! client with links it can follow.
//! [`RunningServer::shutdown`] stops accepting, lets in-flight requests finish (bounded)
//! and returns.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use crate::core::{Request, Response, Settings, State};

use super::faults::{FaultConfig, FaultCounts, FaultKind, Faults};
use super::limits::{self, BodyError, Limits};
use super::log::RequestLog;
use super::settings::{EmulatorInfo, EmulatorOptions};
use super::store::{Store, StoreError};
use super::tls::{self, TlsError};

/// File name of the description of a running emulator inside the state directory.
pub const INFO_FILE: &str = "emulator.json";

/// How long shutdown waits for in-flight requests.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// The address the emulator listens on unless told otherwise: loopback only, because it
/// hands tokens to anyone who asks with its public test credentials.
pub const DEFAULT_BIND: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// What to start.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub state_dir: PathBuf,
    /// The address to listen on ([`DEFAULT_BIND`]: 127.0.0.1).
    pub bind: IpAddr,
    /// 0 picks any free port.
    pub port: u16,
    pub options: EmulatorOptions,
    pub faults: FaultConfig,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Tls(#[from] TlsError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// Shared by every connection of one server.
#[derive(Debug)]
struct Ctx {
    store: Store,
    settings: Settings,
    faults: Mutex<Faults>,
    log: RequestLog,
    limits: Limits,
}

/// A started server; dropping it without [`shutdown`](Self::shutdown) aborts it.
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    info: EmulatorInfo,
    ctx: Arc<Ctx>,
    shutdown: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl RunningServer {
    /// `https://ADDRESS:PORT` (`https://[ADDRESS]:PORT` for IPv6).
    pub fn url(&self) -> &str {
        &self.info.url
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// What was written to `emulator.json`.
    pub fn info(&self) -> &EmulatorInfo {
        &self.info
    }

    /// Path of the CA certificate clients must trust.
    pub fn ca_pem_path(&self) -> &Path {
        Path::new(&self.info.ca_certificate)
    }

    /// Faults injected so far.
    pub fn fault_counts(&self) -> FaultCounts {
        lock(&self.ctx.faults).counts()
    }

    /// Replaces the fault configuration (counts restart at zero).
    pub fn set_faults(&self, config: FaultConfig) {
        *lock(&self.ctx.faults) = Faults::new(config);
    }

    /// Stops accepting, waits (bounded) for in-flight requests, and returns.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // The fault injector stays consistent even if a holder panicked mid-decision.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Starts the HTTPS emulator with the default [`Limits`]; must run inside a tokio runtime.
pub async fn start(config: ServerConfig) -> Result<RunningServer, ServerError> {
    start_with_limits(config, Limits::default()).await
}

/// Starts the HTTPS emulator with explicit [`Limits`]; must run inside a tokio runtime.
pub async fn start_with_limits(
    config: ServerConfig,
    limits: Limits,
) -> Result<RunningServer, ServerError> {
    let store = Store::open(&config.state_dir)?;
    // Refuse to start over a corrupt state file rather than failing every request.
    let _: State = store.load()?;
    let material = tls::load_or_create(store.dir(), config.bind)?;
    let tls_config = tls::server_config(&material)?;

    let addr = SocketAddr::new(config.bind, config.port);
    let listener = listen(addr).map_err(|source| ServerError::Bind { addr, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| ServerError::Bind { addr, source })?;

    let settings = config.options.core_settings(&announced_url(addr));
    let info = EmulatorInfo::new(&settings, addr.port(), &material.ca_pem_path);
    let mut info_json = serde_json::to_vec_pretty(&info).map_err(StoreError::Serialize)?;
    info_json.push(b'\n');
    store.write_atomically(&store.dir().join(INFO_FILE), &info_json)?;

    let ctx = Arc::new(Ctx {
        log: RequestLog::new(store.dir(), "https"),
        store,
        settings,
        faults: Mutex::new(Faults::new(config.faults)),
        limits,
    });
    let (tx, rx) = watch::channel(false);
    let acceptor = tokio_rustls::TlsAcceptor::from(tls_config);
    let task = tokio::spawn(accept_loop(listener, acceptor, Arc::clone(&ctx), rx));
    Ok(RunningServer {
        addr,
        info,
        ctx,
        shutdown: tx,
        task: Some(task),
    })
}

/// Pending connections the kernel may queue before the accept loop takes them. The default
/// (1,024) overflows under a burst of connections; an overflowing queue silently drops the
/// client's final ACK, leaving clients that think they are connected and a server that never
/// saw them. Linux caps it at `net.core.somaxconn`.
const BACKLOG: u32 = 4096;

/// The origin announced for a listener on `addr`. An unspecified address (`0.0.0.0`, `::`)
/// is not one a client can name, so the loopback address of its family stands in for it;
/// clients elsewhere get their own origin back through `Host` (see [`origin_of`]).
pub fn announced_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    // `SocketAddr`'s display brackets IPv6 addresses, as a URL needs.
    format!("https://{}", SocketAddr::new(ip, addr.port()))
}

/// The origin (`https://host[:port]`) a client reached, from its `Host` header, when that is a
/// plain `host[:port]` (no user info, path or other URL syntax); `None` otherwise, and the
/// listener's own origin is used. The check keeps a hostile `Host` out of the links.
pub fn origin_of(host: &str) -> Option<String> {
    let plain = !host.is_empty()
        && host.len() <= 261
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    if !plain {
        return None;
    }
    let url = url::Url::parse(&format!("https://{host}")).ok()?;
    url.host_str()?;
    // `Url` normalises (lower case, default port dropped, IPv6 compressed), so equal origins
    // compare equal.
    Some(url.origin().ascii_serialization())
}

fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv6() {
        tokio::net::TcpSocket::new_v6()?
    } else {
        tokio::net::TcpSocket::new_v4()?
    };
    // As `TcpListener::bind` does: a restarted emulator can take its port back at once.
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

async fn accept_loop(
    listener: TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
    ctx: Arc<Ctx>,
    mut stop: watch::Receiver<bool>,
) {
    let mut conns = JoinSet::new();
    let slots = Arc::new(Semaphore::new(ctx.limits.max_connections));
    loop {
        while conns.try_join_next().is_some() {}
        let (tcp, peer) = tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Usually EMFILE; back off briefly instead of spinning.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        // Answers go out at once: with Nagle's algorithm a response written as two TLS records
        // waits for the client's delayed ACK of the first (about 40 ms on Linux per request).
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!("TCP_NODELAY on {peer}: {e}");
        }
        let acceptor = acceptor.clone();
        let ctx = Arc::clone(&ctx);
        let mut stop = stop.clone();
        let slots = Arc::clone(&slots);
        conns.spawn(async move {
            // Over the cap a connection waits briefly for a slot, then is closed: connections
            // already being served keep their slots, so a flood cannot starve them.
            let wait = ctx.limits.connection_wait;
            let _slot = match tokio::time::timeout(wait, slots.acquire_owned()).await {
                Ok(Ok(permit)) => permit,
                _ => {
                    tracing::debug!("connection cap reached; closing {peer}");
                    return;
                }
            };
            let handshake = ctx.limits.handshake_timeout;
            let tls = match tokio::time::timeout(handshake, acceptor.accept(tcp)).await {
                Ok(Ok(tls)) => tls,
                Ok(Err(e)) => {
                    tracing::debug!("TLS handshake with {peer} failed: {e}");
                    return;
                }
                Err(_) => return,
            };
            let header_timeout = ctx.limits.header_read_timeout;
            let service = service_fn(move |req| serve(Arc::clone(&ctx), req));
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(tls), service);
            tokio::pin!(conn);
            tokio::select! {
                res = conn.as_mut() => {
                    if let Err(e) = res { tracing::debug!("connection from {peer}: {e}"); }
                }
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    drop(listener);
    let drained = tokio::time::timeout(DRAIN_TIMEOUT, async {
        while conns.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        conns.abort_all();
    }
}

/// Converts hyper's request head to the core's (headers as received, names lower-case),
/// with an empty body.
fn request_head(parts: &hyper::http::request::Parts) -> Request {
    Request {
        method: parts.method.as_str().to_owned(),
        path_and_query: parts
            .uri
            .path_and_query()
            .map(|pq| pq.as_str().to_owned())
            .unwrap_or_else(|| "/".to_owned()),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: Vec::new(),
    }
}

async fn serve(
    ctx: Arc<Ctx>,
    req: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, std::io::Error> {
    let started = Instant::now();
    let at = SystemTime::now();
    let (parts, body) = req.into_parts();
    let mut req = request_head(&parts);
    match limits::read_body(&parts, body, &ctx.limits).await {
        Ok(body) => req.body = body.to_vec(),
        Err(BodyError::Broken(e)) => return Err(e),
        Err(BodyError::Answer(resp)) => {
            if let Err(e) = ctx
                .log
                .append(at, &req, Some(&resp), None, started.elapsed())
            {
                tracing::warn!("cannot append to {}: {e}", ctx.log.path().display());
            }
            return Ok(to_hyper(resp));
        }
    }
    let path = req.path_and_query.split('?').next().unwrap_or_default();
    let (fault, slow, retry_after) = {
        let mut f = lock(&ctx.faults);
        let fault = f.decide(&req.method, path);
        (fault, f.config().slow, f.config().retry_after_secs)
    };
    if fault == Some(FaultKind::Slow) {
        tokio::time::sleep(slow).await;
    }
    let settings = settings_for(&ctx.settings, &req);
    let ctx2 = Arc::clone(&ctx);
    let resp = tokio::task::spawn_blocking(move || {
        let resp = match fault {
            Some(FaultKind::Drop) => None,
            Some(
                kind @ (FaultKind::TooManyRequests
                | FaultKind::InternalError
                | FaultKind::ServiceUnavailable),
            ) => kind.response(retry_after),
            Some(FaultKind::Slow) | None => Some(
                match ctx2.store.handle(
                    settings.as_deref().unwrap_or(&ctx2.settings),
                    SystemTime::now(),
                    &req,
                ) {
                    Ok(r) => r,
                    Err(e) => store_failure(&e),
                },
            ),
        };
        if let Err(e) = ctx2
            .log
            .append(at, &req, resp.as_ref(), fault, started.elapsed())
        {
            tracing::warn!("cannot append to {}: {e}", ctx2.log.path().display());
        }
        resp
    })
    .await
    .map_err(|e| std::io::Error::other(format!("request handler failed: {e}")))?;
    match resp {
        Some(r) => Ok(to_hyper(r)),
        // Returning an error makes hyper close the connection without an answer.
        None => Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "injected fault: connection dropped",
        )),
    }
}

/// The settings for a request that reached the emulator at another origin than the one it
/// announced (another name or address of this host, or through a forwarded port); `None` when
/// it is the announced one, the common case, which then costs no copy.
fn settings_for(settings: &Settings, req: &Request) -> Option<Box<Settings>> {
    let host = req
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.as_str())?;
    let origin = origin_of(host)?;
    if origin == settings.base_url {
        return None;
    }
    let mut s = Box::new(settings.clone());
    // The workload-identity issuer is derived from the origin unless it was set on purpose.
    let default_issuer = format!("{}/oidc/workload/", settings.base_url);
    if s.workload_issuer == default_issuer {
        s.workload_issuer = format!("{origin}/oidc/workload/");
    }
    s.base_url = origin;
    Some(s)
}

/// The answer when the state directory cannot be used (e.g. `state.json` became corrupt).
fn store_failure(e: &StoreError) -> Response {
    tracing::error!("{e}");
    let body =
        serde_json::json!({"error": {"code": "EmulatorStateError", "message": e.to_string()}});
    Response {
        status: 500,
        headers: vec![(
            "content-type".to_owned(),
            "application/json; charset=utf-8".to_owned(),
        )],
        body: serde_json::to_vec(&body).unwrap_or_default(),
    }
}

fn to_hyper(r: Response) -> hyper::Response<Full<Bytes>> {
    let mut out = hyper::Response::new(Full::new(Bytes::from(r.body)));
    *out.status_mut() =
        hyper::StatusCode::from_u16(r.status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    for (k, v) in r.headers {
        match (
            hyper::header::HeaderName::from_bytes(k.as_bytes()),
            hyper::header::HeaderValue::from_str(&v),
        ) {
            (Ok(k), Ok(v)) => {
                out.headers_mut().append(k, v);
            }
            _ => tracing::warn!("dropping invalid response header {k:?}"),
        }
    }
    out
}
