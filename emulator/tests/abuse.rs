//! The HTTPS emulator under abuse (issue 10, item 8): a flood of 1,000 connections, most of
//! them slow (half a request head, or no TLS handshake at all, or a stalled body), a 100 MB
//! body, and malformed requests, while one well-behaved client keeps working.
//!
//! Everything runs on 127.0.0.1 with short [`Limits`] so the test ends by itself in a few
//! seconds. The server runs on its own two-worker runtime, as in the `azrs-emulator` binary,
//! so the flood's clients compete with it for the machine's cores but not for its executor.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use azrs_emulator::core;
use azrs_emulator::front::server::{self, RunningServer, ServerConfig};
use azrs_emulator::front::{EmulatorOptions, FaultConfig, Limits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

/// Connections in the flood.
const FLOOD: usize = 1000;
/// How long any abusive connection may live before the test calls it a leak.
const CLOSED_WITHIN: Duration = Duration::from_secs(10);

fn limits() -> Limits {
    Limits {
        max_connections: 128,
        connection_wait: Duration::from_millis(300),
        handshake_timeout: Duration::from_secs(2),
        header_read_timeout: Duration::from_secs(2),
        body_read_timeout: Duration::from_secs(2),
        ..Limits::default()
    }
}

fn bearer() -> String {
    let s = EmulatorOptions::default().core_settings("https://127.0.0.1:1");
    format!("Bearer {}", core::arm_token(&s, SystemTime::now()))
}

fn subscription() -> String {
    EmulatorOptions::default()
        .core_settings("https://127.0.0.1:1")
        .subscription_id
}

/// Two flood clients and the server each need a descriptor per connection.
#[cfg(unix)]
fn raise_fd_limit() {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).expect("getrlimit");
    let want = hard.min(8192);
    if soft < want {
        setrlimit(Resource::RLIMIT_NOFILE, want, hard).expect("setrlimit");
    }
}

#[cfg(not(unix))]
fn raise_fd_limit() {}

fn connector(ca_pem: &Path) -> TlsConnector {
    let pem = pem::parse(std::fs::read(ca_pem).expect("ca.pem")).expect("ca.pem is PEM");
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(rustls::pki_types::CertificateDer::from(
            pem.contents().to_vec(),
        ))
        .expect("CA certificate");
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let cfg = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    TlsConnector::from(Arc::new(cfg))
}

async fn tls(addr: SocketAddr, tls: &TlsConnector) -> std::io::Result<TlsStream<TcpStream>> {
    let tcp = TcpStream::connect(addr).await?;
    let name = rustls::pki_types::ServerName::try_from("127.0.0.1").expect("name");
    tls.connect(name, tcp).await
}

/// Reads until the server closes; returns what it sent, or `None` if it kept the connection
/// open past `CLOSED_WITHIN`.
async fn until_closed<S: AsyncReadExt + Unpin>(s: &mut S) -> Option<Vec<u8>> {
    let mut got = Vec::new();
    let read = tokio::time::timeout(CLOSED_WITHIN, async {
        let mut buf = [0u8; 4096];
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    read.ok().map(|()| got)
}

/// One abusive connection; `true` when the server answered 4xx or closed it in time.
async fn abuse(kind: usize, addr: SocketAddr, tls_cfg: TlsConnector) -> bool {
    let bounded =
        |got: Option<Vec<u8>>| got.is_some_and(|g| g.is_empty() || g.starts_with(b"HTTP/1.1 4"));
    match kind % 10 {
        // No TLS handshake at all: a TCP connection that never speaks.
        0..=2 => match TcpStream::connect(addr).await {
            Ok(mut tcp) => bounded(until_closed(&mut tcp).await),
            Err(_) => true,
        },
        // Half a request head, then silence.
        3..=8 => match tls(addr, &tls_cfg).await {
            Ok(mut s) => {
                if s.write_all(
                    b"GET /subscriptions?api-version=2022-12-01 HTTP/1.1\r\nHost: x\r\nX-Sl",
                )
                .await
                .is_err()
                {
                    return true;
                }
                bounded(until_closed(&mut s).await)
            }
            // Over the cap the server closes before or during the handshake.
            Err(_) => true,
        },
        // A body that promises 1000 bytes and stalls after 10.
        _ => match tls(addr, &tls_cfg).await {
            Ok(mut s) => {
                let head = format!(
                    "PUT /subscriptions/{}/resourcegroups/stall?api-version=2024-11-01 HTTP/1.1\r\n\
                     Host: x\r\nAuthorization: {}\r\nContent-Type: application/json\r\n\
                     Content-Length: 1000\r\n\r\n{{\"location",
                    subscription(),
                    bearer()
                );
                if s.write_all(head.as_bytes()).await.is_err() {
                    return true;
                }
                bounded(until_closed(&mut s).await)
            }
            Err(_) => true,
        },
    }
}

/// Sends `raw` on a fresh TLS connection and returns everything the server sent back.
async fn raw_exchange(addr: SocketAddr, tls_cfg: &TlsConnector, raw: &[u8]) -> Vec<u8> {
    let mut s = tls(addr, tls_cfg).await.expect("TLS to an idle server");
    s.write_all(raw).await.expect("write");
    until_closed(&mut s).await.expect("server closes in time")
}

fn status_of(answer: &[u8]) -> String {
    String::from_utf8_lossy(answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// A 100 MB body, streamed: the server must answer 413 (or cut the connection) without
/// reading it all, and without its memory growing by the body's size.
async fn hundred_mb_body(addr: SocketAddr, tls_cfg: &TlsConnector) {
    // Declared up front: answered 413 before a byte of the body is sent.
    let head = format!(
        "PUT /subscriptions/{}/resourcegroups/big?api-version=2024-11-01 HTTP/1.1\r\n\
         Host: x\r\nAuthorization: {}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        subscription(),
        bearer(),
        100 * 1024 * 1024
    );
    let answer = raw_exchange(addr, tls_cfg, head.as_bytes()).await;
    assert!(
        status_of(&answer).starts_with("HTTP/1.1 413"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    let text = String::from_utf8_lossy(&answer);
    let body = &text[text.find("\r\n\r\n").expect("head ends") + 4..];
    let v: serde_json::Value = serde_json::from_str(body).expect("ARM error body");
    assert_eq!(v["error"]["code"], "RequestEntityTooLarge", "{v}");

    // Chunked, so nothing is declared: the cap is found while streaming.
    let rss_before = rss_kib();
    let mut s = tls(addr, tls_cfg).await.expect("TLS");
    let head = format!(
        "PUT /subscriptions/{}/resourcegroups/big?api-version=2024-11-01 HTTP/1.1\r\n\
         Host: x\r\nAuthorization: {}\r\nTransfer-Encoding: chunked\r\n\r\n",
        subscription(),
        bearer()
    );
    s.write_all(head.as_bytes()).await.expect("head");
    let chunk = vec![b'x'; 1024 * 1024];
    let (mut rd, mut wr) = tokio::io::split(s);
    let writer = tokio::spawn(async move {
        for _ in 0..100 {
            let framed = wr
                .write_all(b"100000\r\n")
                .await
                .and(wr.write_all(&chunk).await);
            if framed.and(wr.write_all(b"\r\n").await).is_err() {
                return;
            }
        }
        let _ = wr.write_all(b"0\r\n\r\n").await;
    });
    let answer = until_closed(&mut rd)
        .await
        .expect("server ends the exchange in time");
    let _ = writer.await;
    assert!(
        answer.is_empty() || status_of(&answer).starts_with("HTTP/1.1 413"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    if let (Some(before), Some(after)) = (rss_before, rss_kib()) {
        assert!(
            after.saturating_sub(before) < 64 * 1024,
            "memory grew from {before} KiB to {after} KiB"
        );
    }
}

/// Resident memory of this process (server included), where the platform tells.
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

async fn start(dir: &Path) -> (tokio::runtime::Runtime, RunningServer) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("server runtime");
    let config = ServerConfig {
        state_dir: dir.to_path_buf(),
        bind: server::DEFAULT_BIND,
        port: 0,
        options: EmulatorOptions {
            lro_polls: 1,
            retry_after_secs: 0,
            ..EmulatorOptions::DEFAULT
        },
        faults: FaultConfig::default(),
    };
    let srv = rt
        .spawn(server::start_with_limits(config, limits()))
        .await
        .expect("start task")
        .expect("server starts");
    (rt, srv)
}

fn https_client(ca: &Path) -> reqwest::Client {
    let pem = std::fs::read(ca).expect("ca.pem");
    reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(&pem).expect("pem")])
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flood_slow_clients_big_body_and_garbage_leave_others_served() {
    raise_fd_limit();
    let dir = tempfile::tempdir().expect("tempdir");
    let (rt, srv) = start(dir.path()).await;
    let (addr, ca) = (srv.addr(), srv.ca_pem_path().to_path_buf());
    let tls_cfg = connector(&ca);
    let group = format!(
        "{}/subscriptions/{}/resourcegroups/steady?api-version=2024-11-01",
        srv.url(),
        subscription()
    );

    // The well-behaved client connects before the flood and keeps its connection.
    let steady = https_client(&ca);
    let put = steady
        .put(&group)
        .header("authorization", bearer())
        .header("content-type", "application/json")
        .body(r#"{"location":"westus2"}"#)
        .send()
        .await
        .expect("create the group");
    assert_eq!(put.status(), 201);
    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
    let steady_loop = tokio::spawn({
        let group = group.clone();
        async move {
            let mut worst = Duration::ZERO;
            let mut served = 0;
            loop {
                let t = Instant::now();
                let r = steady
                    .get(&group)
                    .header("authorization", bearer())
                    .send()
                    .await
                    .expect("the steady client is served during the flood");
                assert_eq!(r.status(), 200);
                worst = worst.max(t.elapsed());
                served += 1;
                tokio::select! {
                    _ = stop_rx.changed() => return (served, worst),
                    _ = tokio::time::sleep(Duration::from_millis(100)) => {}
                }
            }
        }
    });

    let started = Instant::now();
    let flood: Vec<_> = (0..FLOOD)
        .map(|i| tokio::spawn(abuse(i, addr, tls_cfg.clone())))
        .collect();
    let mut unbounded = Vec::new();
    for (i, f) in flood.into_iter().enumerate() {
        if !f.await.expect("flood task") {
            unbounded.push(i % 10);
        }
    }
    assert!(
        unbounded.is_empty(),
        "connections neither answered 4xx nor closed in time (kinds {unbounded:?})"
    );
    // The big body and the garbage come once the flood is cut down: during it they would be
    // closed at the connection cap like the flood, which would prove nothing about them.
    hundred_mb_body(addr, &tls_cfg).await;

    for raw in [
        &b"NOT HTTP AT ALL\r\n\r\n"[..],
        b"GET / HTTP/1.1\r\nBad Header Without Colon\r\n\r\n",
        b"GET /\x01\x02 HTTP/1.1\r\nHost: x\r\n\r\n",
    ] {
        let answer = raw_exchange(addr, &tls_cfg, raw).await;
        assert!(
            answer.is_empty() || status_of(&answer).starts_with("HTTP/1.1 400"),
            "{:?} -> {}",
            String::from_utf8_lossy(raw),
            String::from_utf8_lossy(&answer)
        );
    }
    let huge_header = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(1 << 20));
    let answer = raw_exchange(addr, &tls_cfg, huge_header.as_bytes()).await;
    assert!(
        answer.is_empty() || status_of(&answer).starts_with("HTTP/1.1 4"),
        "{}",
        status_of(&answer)
    );
    // Plain HTTP to the TLS port is closed.
    let mut plain = TcpStream::connect(addr).await.expect("connect");
    plain
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("write");
    assert!(until_closed(&mut plain).await.is_some());

    let _ = stop_tx.send(true);
    let (served, worst) = steady_loop.await.expect("steady client");
    assert!(
        served >= 5,
        "the steady client was served only {served} times"
    );
    assert!(
        worst < Duration::from_secs(3),
        "a steady request took {worst:?}"
    );

    // Afterwards a brand-new client is served at once.
    let fresh = https_client(&ca);
    let r = fresh
        .get(&group)
        .header("authorization", bearer())
        .send()
        .await
        .expect("a new client after the abuse");
    assert_eq!(r.status(), 200);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    rt.spawn(srv.shutdown()).await.expect("shutdown");
    rt.shutdown_background();
}
