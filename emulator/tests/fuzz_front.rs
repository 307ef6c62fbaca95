//! Fuzz target for the emulator's HTTPS front (issue 10, acceptance): arbitrary bytes and
//! mutated requests over TLS must never panic the server, every answer is a well-formed
//! HTTP/1.1 status line that is not a 5xx (or the connection is closed), and the emulator
//! serves a good request afterwards.
//!
//! The corpus is checked in (`tests/fuzz-corpus/front/*.http`, one raw request each, with
//! placeholders for the subscription, tenant and token). From a fixed seed, [`CASES`] inputs
//! are made by mutating corpus entries (byte flips, cuts, splices, inserted framing tokens)
//! plus some plain random bytes, so a run costs a few seconds and a failure reproduces: the
//! failing input's case number and bytes are printed. The server runs in this process, so a
//! panic in any of its tasks is caught by a counting panic hook rather than lost with a
//! dropped connection.
#![allow(clippy::print_stdout)] // the run's tally, for `--nocapture`

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use azrs_emulator::core;
use azrs_emulator::front::server::{self, RunningServer, ServerConfig};
use azrs_emulator::front::{EmulatorOptions, FaultConfig, Limits};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

/// Inputs per run: the fixed budget.
const CASES: usize = 400;
/// Inputs in flight at once.
const PARALLEL: usize = 32;
/// The seed every run starts from (change it to explore; failures print their case).
const SEED: u64 = 0x00f0_22ed;
/// How long the server may stay silent on a connection before it is said to hold it open
/// (its handshake, header and body read timeouts are 0.5 s here, so cut inputs end fast).
const EXCHANGE: Duration = Duration::from_secs(10);
/// Silence after an answer that ends an exchange (the server keeps connections alive).
const IDLE: Duration = Duration::from_millis(150);

/// Fragments that mean something to an HTTP/1.1 parser or a router.
const TOKENS: &[&[u8]] = &[
    b"\r\n",
    b"\r\n\r\n",
    b"\n",
    b"\r",
    b":",
    b" ",
    b"\t",
    b"\0",
    b"\xff\xfe",
    b"%",
    b"%00",
    b"%2F..%2F",
    b"/../",
    b"//",
    b"?",
    b"#",
    b"Content-Length: 99999999999999999999999\r\n",
    b"Content-Length: -1\r\n",
    b"Content-Length: 5\r\nContent-Length: 6\r\n",
    b"Transfer-Encoding: chunked\r\n",
    b"ffffffffffffffff\r\n",
    b"HTTP/1.0",
    b"HTTP/2.0",
    b"Connection: close\r\n",
    b"Authorization: Bearer x.y.z\r\n",
    b"{\"location\":",
    b"\xe9\x96\x8b\xe7\x99\xba",
];

fn corpus(sub: &str, tenant: &str, auth: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus/front");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "http"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "corpus too small: {files:?}");
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("corpus file");
            let text = text
                .replace("{SUB}", sub)
                .replace("{TENANT}", tenant)
                .replace("{AUTH}", auth);
            (p.display().to_string(), text.into_bytes())
        })
        .collect()
}

/// One mutation of `input`, chosen by `rng`.
fn mutate(rng: &mut StdRng, input: &mut Vec<u8>, others: &[(String, Vec<u8>)]) {
    let at = |rng: &mut StdRng, v: &Vec<u8>| rng.random_range(0..=v.len());
    match rng.random_range(0..7) {
        0 if !input.is_empty() => {
            let i = rng.random_range(0..input.len());
            input[i] ^= 1 << rng.random_range(0..8);
        }
        1 if !input.is_empty() => {
            let i = rng.random_range(0..input.len());
            input[i] = rng.random();
        }
        2 => {
            let i = at(rng, input);
            let j = (i + rng.random_range(0..32)).min(input.len());
            input.drain(i..j);
        }
        3 => {
            let i = at(rng, input);
            let t = TOKENS[rng.random_range(0..TOKENS.len())];
            input.splice(i..i, t.iter().copied());
        }
        4 => {
            let i = at(rng, input);
            input.truncate(i);
        }
        5 => {
            // Splice a piece of another seed in.
            let other = &others[rng.random_range(0..others.len())].1;
            let from = rng.random_range(0..other.len());
            let to = (from + rng.random_range(1..64)).min(other.len());
            let i = at(rng, input);
            input.splice(i..i, other[from..to].iter().copied());
        }
        _ => {
            let i = at(rng, input);
            let n = rng.random_range(1..16);
            let bytes: Vec<u8> = (0..n).map(|_| rng.random()).collect();
            input.splice(i..i, bytes);
        }
    }
}

/// The inputs of one run: seeds as they are, then mutants, then plain random bytes.
fn inputs(seeds: &[(String, Vec<u8>)]) -> Vec<Vec<u8>> {
    let mut rng = StdRng::seed_from_u64(SEED);
    let mut out: Vec<Vec<u8>> = seeds.iter().map(|(_, b)| b.clone()).collect();
    while out.len() < CASES {
        if rng.random_range(0..10) == 0 {
            let n = rng.random_range(0..512);
            out.push((0..n).map(|_| rng.random()).collect());
            continue;
        }
        let mut input = seeds[rng.random_range(0..seeds.len())].1.clone();
        for _ in 0..rng.random_range(1..5) {
            mutate(&mut rng, &mut input, seeds);
        }
        out.push(input);
    }
    out
}

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

/// Sends `raw` on a fresh TLS connection and returns what came back: everything up to the
/// server closing, or up to [`IDLE`] of silence after it answered (it keeps a connection open
/// for the next request); `None` when nothing came and the connection stayed open past
/// [`EXCHANGE`]. The client never half-closes: hyper drops a request whose client did.
async fn exchange(addr: std::net::SocketAddr, tls: TlsConnector, raw: Vec<u8>) -> Option<Vec<u8>> {
    let Ok(tcp) = TcpStream::connect(addr).await else {
        return Some(Vec::new());
    };
    let name = rustls::pki_types::ServerName::try_from("127.0.0.1").expect("name");
    let Ok(Ok(mut s)) = tokio::time::timeout(EXCHANGE, tls.connect(name, tcp)).await else {
        // Refused or cut during the handshake: closed, which is allowed.
        return Some(Vec::new());
    };
    // A write may fail when the server has already answered and closed: that is allowed.
    let _ = s.write_all(&raw).await;
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let wait = if got.is_empty() { EXCHANGE } else { IDLE };
        match tokio::time::timeout(wait, s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return Some(got),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) if got.is_empty() => return None,
            Err(_) => return Some(got),
        }
    }
}

/// What is wrong with an answer, if anything: it must be empty (closed) or start with an
/// HTTP/1.x status line whose code is not 5xx.
fn judge(answer: &[u8]) -> Option<String> {
    if answer.is_empty() {
        return None;
    }
    let line = answer.split(|&b| b == b'\n').next().unwrap_or_default();
    let line = String::from_utf8_lossy(line);
    let code = line
        .strip_prefix("HTTP/1.1 ")
        .or_else(|| line.strip_prefix("HTTP/1.0 "))
        .and_then(|rest| rest.get(..3))
        .and_then(|c| c.parse::<u16>().ok());
    match code {
        Some(c) if (100..500).contains(&c) => None,
        Some(c) => Some(format!("status {c}: {line:?}")),
        None => Some(format!("not an HTTP status line: {line:?}")),
    }
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
            lro_polls: 0,
            retry_after_secs: 0,
            ..EmulatorOptions::DEFAULT
        },
        faults: FaultConfig::default(),
    };
    let limits = Limits {
        handshake_timeout: Duration::from_millis(500),
        header_read_timeout: Duration::from_millis(500),
        body_read_timeout: Duration::from_millis(500),
        ..Limits::default()
    };
    let srv = rt
        .spawn(server::start_with_limits(config, limits))
        .await
        .expect("start task")
        .expect("server starts");
    (rt, srv)
}

static PANICS: AtomicUsize = AtomicUsize::new(0);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn front_survives_mutated_and_random_requests() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.fetch_add(1, Ordering::SeqCst);
        default_hook(info);
    }));
    let dir = tempfile::tempdir().expect("tempdir");
    let (rt, srv) = start(dir.path()).await;
    let settings = EmulatorOptions::default().core_settings(srv.url());
    let auth = format!("Bearer {}", core::arm_token(&settings, SystemTime::now()));
    let seeds = corpus(&settings.subscription_id, &settings.tenant_id, &auth);
    let tls = connector(srv.ca_pem_path());
    let addr = srv.addr();

    // The seeds are requests the emulator serves (the GET reads the group made here): a
    // corpus that rots fails here first.
    let steady = seeds
        .iter()
        .find(|(name, _)| name.ends_with("get-group.http"))
        .expect("get-group seed")
        .1
        .clone();
    let put = b"PUT /subscriptions/SUB/resourcegroups/steady?api-version=2024-11-01 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: AUTH\r\nContent-Type: application/json\r\nContent-Length: 22\r\n\r\n{\"location\":\"westus2\"}";
    let put = String::from_utf8_lossy(put)
        .replace("SUB", &settings.subscription_id)
        .replace("AUTH", &auth);
    let created = exchange(addr, tls.clone(), put.into_bytes()).await;
    assert!(
        created
            .as_deref()
            .is_some_and(|a| a.starts_with(b"HTTP/1.1 20")),
        "{:?}",
        created.map(|a| String::from_utf8_lossy(&a).into_owned())
    );
    // AKS routes need the provider registered: register, then read until it is.
    let provider = format!(
        "/subscriptions/{}/providers/Microsoft.ContainerService",
        settings.subscription_id
    );
    let request = |method: &str, path: &str| {
        format!(
            "{method} {path}?api-version=2022-09-01 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nContent-Length: 0\r\n\r\n"
        )
        .into_bytes()
    };
    let registered = exchange(
        addr,
        tls.clone(),
        request("POST", &format!("{provider}/register")),
    )
    .await;
    assert!(registered.is_some_and(|a| a.starts_with(b"HTTP/1.1 200")));
    let mut reads = 0;
    while !exchange(addr, tls.clone(), request("GET", &provider))
        .await
        .is_some_and(|a| {
            String::from_utf8_lossy(&a).contains("\"registrationState\":\"Registered\"")
        })
    {
        reads += 1;
        assert!(reads < 20, "the provider never registered");
    }
    for (name, bytes) in &seeds {
        let answer = exchange(addr, tls.clone(), bytes.clone()).await;
        let answer = answer.unwrap_or_else(|| panic!("seed {name} held open"));
        // HTTP/1.0 is answered in kind; a seed named `*missing*` asks for what is not there.
        let want = if name.contains("missing") { "404" } else { "2" };
        let status = String::from_utf8_lossy(answer.get(9..12).unwrap_or_default()).into_owned();
        assert!(
            answer.starts_with(b"HTTP/1.") && status.starts_with(want),
            "seed {name} is not served: {}",
            String::from_utf8_lossy(&answer)
        );
    }

    let all = inputs(&seeds);
    let mut failures = Vec::new();
    let (mut answered_4xx, mut closed) = (0, 0);
    for (batch_no, batch) in all.chunks(PARALLEL).enumerate() {
        let tasks: Vec<_> = batch
            .iter()
            .map(|raw| tokio::spawn(exchange(addr, tls.clone(), raw.clone())))
            .collect();
        for (k, t) in tasks.into_iter().enumerate() {
            let case = batch_no * PARALLEL + k;
            let problem = match t.await.expect("exchange task") {
                None => Some("held open".to_owned()),
                Some(answer) => {
                    closed += usize::from(answer.is_empty());
                    answered_4xx += usize::from(answer.get(9..10) == Some(b"4"));
                    judge(&answer)
                }
            };
            if let Some(problem) = problem {
                failures.push(format!(
                    "case {case}: {problem}\n  input: {:?}",
                    String::from_utf8_lossy(&all[case])
                ));
            }
        }
    }
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "the server panicked");
    // The inputs reach the parser and the routes, not only the TLS layer.
    println!(
        "{answered_4xx} answered 4xx, {closed} closed, of {}",
        all.len()
    );
    assert!(
        answered_4xx >= CASES / 10,
        "only {answered_4xx} 4xx answers"
    );
    assert!(
        failures.is_empty(),
        "{} of {} inputs:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );

    // Still serving: the group made before the campaign is read back.
    let answer = exchange(addr, tls.clone(), steady).await.expect("served");
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    rt.spawn(srv.shutdown()).await.expect("shutdown");
    rt.shutdown_background();
}

#[test]
fn judge_accepts_closed_and_below_500_only() {
    assert_eq!(judge(b""), None);
    assert_eq!(judge(b"HTTP/1.1 400 Bad Request\r\n\r\n"), None);
    assert_eq!(judge(b"HTTP/1.0 200 OK\r\n"), None);
    assert!(judge(b"HTTP/1.1 500 Internal Server Error\r\n").is_some());
    assert!(judge(b"HTTP/1.1 503 Service Unavailable\r\n").is_some());
    assert!(judge(b"garbage").is_some());
}
