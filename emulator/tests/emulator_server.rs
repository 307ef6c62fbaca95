//! The emulator's front ends end to end: the HTTPS server (library and `azrs-emulator`
//! binary), the state-dir store shared by processes, the request log, fault injection and
//! the in-process transport.
//!
//! ARM requests carry real bearer tokens signed with the core's default key
//! ([`core::arm_token`]), so every test checks both what the front ends own (status
//! pass-through, TLS, logging, redaction, locking, fault counts) and that the ARM state they
//! carry stays consistent (groups persist, are shared, and exist iff their PUT succeeded).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, SystemTime};

use azrs_emulator::core::{self, Request, State};
use azrs_emulator::front::server::{self, RunningServer, ServerConfig};
use azrs_emulator::front::{
    EmulatorOptions, FaultConfig, FaultKind, InProcessTransport, Store, StoreError,
    handle_in_process,
};
use serde_json::{Value, json};

/// The core's settings as every front end builds them (the signing key and subscription do
/// not depend on the URL).
fn core_settings() -> core::Settings {
    EmulatorOptions::default().core_settings("https://127.0.0.1:1")
}

/// `Authorization` value with an ARM token the emulator issued (valid for an hour).
static BEARER: LazyLock<String> = LazyLock::new(|| {
    format!(
        "Bearer {}",
        core::arm_token(&core_settings(), SystemTime::now())
    )
});

/// The one subscription of the default settings.
static SUBSCRIPTION: LazyLock<String> = LazyLock::new(|| core_settings().subscription_id);

fn config(dir: &Path) -> ServerConfig {
    ServerConfig {
        state_dir: dir.to_path_buf(),
        port: 0,
        options: EmulatorOptions {
            lro_polls: 1,
            retry_after_secs: 0,
        },
        faults: FaultConfig::default(),
    }
}

fn client_trusting(ca_pem: &Path) -> reqwest::Client {
    let pem = std::fs::read(ca_pem).expect("ca.pem readable");
    reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(&pem).expect("ca.pem is PEM")])
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

async fn send(
    client: &reqwest::Client,
    method: &str,
    url: &str,
    body: Option<Value>,
) -> reqwest::Result<Answer> {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut rb = client
        .request(method, url)
        .header("authorization", BEARER.as_str());
    if let Some(b) = body {
        rb = rb
            .header("content-type", "application/json")
            .body(b.to_string());
    }
    let resp = rb.send().await?;
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp.bytes().await?;
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Ok(Answer {
        status,
        headers,
        body,
    })
}

/// The status the core gives `req` on a fresh state: what any front end must pass through.
fn core_status(req: &Request) -> u16 {
    core::handle(
        &mut State::default(),
        &core_settings(),
        SystemTime::now(),
        req,
    )
    .status
}

fn log_entries(dir: &Path) -> Vec<Value> {
    std::fs::read_to_string(dir.join("requests.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each log line is JSON"))
        .collect()
}

async fn subscription(client: &reqwest::Client, url: &str) -> String {
    let a = send(
        client,
        "GET",
        &format!("{url}/subscriptions?api-version=2022-12-01"),
        None,
    )
    .await
    .expect("list subscriptions");
    assert_eq!(a.status, 200, "{}", a.body);
    let sub = a.body["value"][0]["subscriptionId"]
        .as_str()
        .expect("one subscription")
        .to_owned();
    assert_eq!(sub, *SUBSCRIPTION);
    sub
}

/// Every group in the subscription, following `nextLink` across pages.
async fn list_groups(client: &reqwest::Client, url: &str, sub: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut next = Some(format!(
        "{url}/subscriptions/{sub}/resourcegroups?api-version=2024-11-01"
    ));
    while let Some(link) = next {
        let page = send(client, "GET", &link, None).await.expect("list page");
        assert_eq!(page.status, 200, "{}", page.body);
        for g in page.body["value"].as_array().expect("value array") {
            names.push(g["name"].as_str().expect("name").to_owned());
        }
        next = page.body["nextLink"].as_str().map(str::to_owned);
    }
    names
}

fn rg_url(url: &str, sub: &str, name: &str) -> String {
    format!("{url}/subscriptions/{sub}/resourcegroups/{name}?api-version=2024-11-01")
}

#[tokio::test]
async fn server_serves_tls_trusted_through_ca_pem_and_passes_status_through() {
    let dir = tempfile::tempdir().expect("tempdir");
    let srv = server::start(config(dir.path())).await.expect("start");
    assert!(srv.url().starts_with("https://127.0.0.1:"), "{}", srv.url());
    assert_ne!(srv.addr().port(), 0);
    assert_eq!(srv.ca_pem_path(), dir.path().join("ca.pem"));

    let info: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("emulator.json")).expect("info"))
            .expect("emulator.json is JSON");
    assert_eq!(info["url"], srv.url());
    assert_eq!(info["port"], srv.addr().port());
    assert_eq!(info["armEndpoint"], format!("{}/", srv.url()));
    assert_eq!(
        info["caCertificate"],
        dir.path().join("ca.pem").display().to_string()
    );

    let client = client_trusting(srv.ca_pem_path());
    let path = "/subscriptions?api-version=2022-12-01";
    let a = send(&client, "GET", &format!("{}{path}", srv.url()), None)
        .await
        .expect("TLS request");
    let expected = core_status(&Request {
        method: "GET".into(),
        path_and_query: path.into(),
        headers: vec![("authorization".into(), BEARER.clone())],
        body: vec![],
    });
    assert_eq!(a.status, expected);
    assert_eq!(a.status, 200, "{}", a.body);

    // A client that does not trust ca.pem is refused by TLS itself.
    let other_ca = tempfile::tempdir().expect("tempdir");
    let other = server::start(config(other_ca.path()))
        .await
        .expect("start other");
    let untrusting = client_trusting(other.ca_pem_path());
    assert!(
        send(&untrusting, "GET", &format!("{}{path}", srv.url()), None)
            .await
            .is_err()
    );
    other.shutdown().await;
    srv.shutdown().await;
}

#[tokio::test]
async fn requests_are_logged_with_secrets_redacted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let srv = server::start(config(dir.path())).await.expect("start");
    let client = client_trusting(srv.ca_pem_path());
    let token_url = format!("{}/tenant-1/oauth2/v2.0/token", srv.url());
    let resp = client
        .post(&token_url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-identity-header", "IDENTITY-HEADER-SECRET")
        .body("client_id=app-1&client_secret=SUPER-SECRET-1&grant_type=client_credentials&client_assertion=ASSERTION-SECRET")
        .send()
        .await
        .expect("token request");
    let token_status = resp.status().as_u16();
    // A login the core accepts: the access token it issues must be redacted in the log.
    let settings = core_settings();
    let login = client
        .post(format!(
            "{}/{}/oauth2/v2.0/token",
            srv.url(),
            settings.tenant_id
        ))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            url::form_urlencoded::Serializer::new(String::new())
                .append_pair("client_id", &settings.sp_client_id)
                .append_pair("client_secret", &settings.sp_client_secret)
                .append_pair("grant_type", "client_credentials")
                .append_pair("scope", "https://management.core.windows.net//.default")
                .finish(),
        )
        .send()
        .await
        .expect("login");
    assert_eq!(login.status().as_u16(), 200);
    let issued: Value =
        serde_json::from_slice(&login.bytes().await.expect("token body")).expect("token JSON");
    let issued = issued["access_token"].as_str().expect("access_token");
    let put = send(
        &client,
        "PUT",
        &rg_url(srv.url(), &SUBSCRIPTION, "logged"),
        Some(json!({"location": "westus2"})),
    )
    .await
    .expect("put");
    assert_eq!(put.status, 201, "{}", put.body);
    srv.shutdown().await;

    let raw = std::fs::read_to_string(dir.path().join("requests.jsonl")).expect("log");
    let bearer_token = BEARER.trim_start_matches("Bearer ");
    for secret in [
        "SUPER-SECRET-1",
        "ASSERTION-SECRET",
        "IDENTITY-HEADER-SECRET",
        settings.sp_client_secret.as_str(),
        bearer_token,
        issued,
    ] {
        assert!(!raw.contains(secret), "{secret} leaked into requests.jsonl");
    }
    let entries = log_entries(dir.path());
    assert_eq!(entries.len(), 3, "{raw}");
    assert_eq!(entries[0]["method"], "POST");
    assert_eq!(entries[0]["path"], "/tenant-1/oauth2/v2.0/token");
    assert_eq!(entries[0]["status"], token_status);
    assert_eq!(entries[0]["body"]["form"]["client_id"], "app-1");
    assert_eq!(entries[0]["front"], "https");
    assert_eq!(entries[1]["status"], 200);
    assert!(
        entries[1]["resp_body"]["access_token"]
            .as_str()
            .is_some_and(|s| s.starts_with("<redacted")),
        "{}",
        entries[1]
    );
    assert_eq!(entries[2]["method"], "PUT");
    assert_eq!(entries[2]["status"], 201);
    assert_eq!(entries[2]["query"]["api-version"], "2024-11-01");
    assert_eq!(entries[2]["body"]["location"], "westus2");
    assert_eq!(
        entries[2]["headers"]["authorization"],
        format!("Bearer <redacted {} chars>", bearer_token.len())
    );
}

#[tokio::test]
async fn state_and_ca_survive_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let srv = server::start(config(dir.path())).await.expect("start");
    let ca_before = std::fs::read(srv.ca_pem_path()).expect("ca");
    let client = client_trusting(srv.ca_pem_path());
    let sub = subscription(&client, srv.url()).await;
    let put = send(
        &client,
        "PUT",
        &rg_url(srv.url(), &sub, "Persisted"),
        Some(json!({"location": "westus2"})),
    )
    .await
    .expect("put");
    srv.shutdown().await;

    let srv = server::start(config(dir.path())).await.expect("restart");
    assert_eq!(std::fs::read(srv.ca_pem_path()).expect("ca"), ca_before);
    // The client built from the old ca.pem trusts the restarted server.
    let get = send(&client, "GET", &rg_url(srv.url(), &sub, "persisted"), None)
        .await
        .expect("get after restart");
    assert_eq!(put.status, 201, "{}", put.body);
    assert_eq!(get.status, 200, "{}", get.body);
    assert_eq!(get.body["name"], "Persisted");
    assert_eq!(get.body["location"], "westus2");
    let _: State = Store::open(dir.path())
        .expect("open")
        .load()
        .expect("state loads");
    srv.shutdown().await;
}

#[tokio::test]
async fn corrupt_state_file_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let state = dir.path().join("state.json");
    std::fs::write(&state, b"{\"half\": ").expect("seed");

    let err = server::start(config(dir.path()))
        .await
        .expect_err("must refuse");
    let msg = err.to_string();
    assert!(msg.contains(&state.display().to_string()), "{msg}");
    assert!(msg.contains("corrupt"), "{msg}");

    let req = Request {
        method: "GET".into(),
        path_and_query: "/subscriptions?api-version=2022-12-01".into(),
        ..Request::default()
    };
    assert!(matches!(
        handle_in_process(dir.path(), &req),
        Err(StoreError::Corrupt { .. })
    ));

    use azure_core::http::HttpClient;
    let transport = InProcessTransport::new(dir.path()).expect("transport");
    let url = azure_core::http::Url::parse(
        "https://emulator.azrs.invalid/subscriptions?api-version=2022-12-01",
    )
    .expect("url");
    let err = transport
        .execute_request(&azure_core::http::Request::new(
            url,
            azure_core::http::Method::Get,
        ))
        .await
        .expect_err("corrupt state is an error, not an answer");
    // Not `Io`: azure_core's retry policy must not spin on a corrupt file.
    assert_eq!(*err.kind(), azure_core::error::ErrorKind::Other);
    assert!(
        err.to_string().contains(&state.display().to_string()),
        "{err}"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_azrs-emulator"))
        .args(["--port", "0", "--state-dir"])
        .arg(dir.path())
        .env_remove("AZRS_EMULATOR_STATE_DIR")
        .output()
        .expect("run binary");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&state.display().to_string()), "{stderr}");

    assert_eq!(std::fs::read(&state).expect("still there"), b"{\"half\": ");
}

struct Emulator {
    child: Child,
    url: String,
}

impl Emulator {
    fn spawn(dir: &Path, extra: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_azrs-emulator"))
            .args(["--port", "0", "--retry-after", "0", "--state-dir"])
            .arg(dir)
            .args(extra)
            .env_remove("AZRS_EMULATOR_STATE_DIR")
            .env_remove("AZRS_EMULATOR_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn azrs-emulator");
        let stdout = child.stdout.take().expect("stdout piped");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("first line");
        let url = line
            .trim_end()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Self { child, url }
    }

    fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill -TERM");
        self.child.wait().expect("wait")
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn binary_announces_url_writes_emulator_json_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let emu = Emulator::spawn(dir.path(), &[]);
    let port: u16 = emu
        .url
        .strip_prefix("https://127.0.0.1:")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("bad url {}", emu.url));
    assert_ne!(port, 0);
    let info: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("emulator.json")).expect("info"))
            .expect("json");
    assert_eq!(info["url"], emu.url);
    assert_eq!(info["retryAfterSecs"], 0);
    assert_eq!(info["lroPolls"], 2);
    let client = client_trusting(&dir.path().join("ca.pem"));
    let a = send(
        &client,
        "GET",
        &format!("{}/subscriptions?api-version=2022-12-01", emu.url),
        None,
    )
    .await
    .expect("request");
    assert_eq!(a.status, 200, "{}", a.body);
    let status = emu.terminate();
    assert!(status.success(), "{status:?}");
    assert_eq!(log_entries(dir.path()).len(), 1);
}

/// Helper run in child processes by `store_transactions_serialise_across_processes`; it
/// does nothing when run on its own.
#[test]
fn store_child_worker() {
    let Ok(dir) = std::env::var("AZRS_TEST_STORE_CHILD_DIR") else {
        return;
    };
    let store = Store::open(dir).expect("open");
    for _ in 0..100 {
        store
            .transact(|v: &mut Value| {
                let n = v["n"].as_u64().unwrap_or(0);
                v["n"] = json!(n + 1);
            })
            .expect("transact");
    }
}

#[test]
fn store_transactions_serialise_across_processes_and_threads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let exe = std::env::current_exe().expect("test exe");
    let children: Vec<Child> = (0..3)
        .map(|_| {
            Command::new(&exe)
                .args([
                    "--exact",
                    "store_child_worker",
                    "--test-threads=1",
                    "--quiet",
                ])
                .env("AZRS_TEST_STORE_CHILD_DIR", dir.path())
                .stdout(Stdio::null())
                .spawn()
                .expect("spawn child")
        })
        .collect();
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let dir = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let store = Store::open(dir).expect("open");
                for _ in 0..100 {
                    store
                        .transact(|v: &mut Value| {
                            let n = v["n"].as_u64().unwrap_or(0);
                            v["n"] = json!(n + 1);
                        })
                        .expect("transact");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("thread");
    }
    for mut c in children {
        assert!(c.wait().expect("child").success());
    }
    let v: Value = Store::open(dir.path()).expect("open").load().expect("load");
    assert_eq!(v["n"], 500, "lost updates: transactions did not serialise");
}

#[tokio::test]
async fn two_servers_and_in_process_callers_share_one_state_dir() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = server::start(config(dir.path())).await.expect("a");
    let b = server::start(config(dir.path())).await.expect("b");
    let client = client_trusting(a.ca_pem_path());
    let sub = subscription(&client, a.url()).await;
    let mut tasks = Vec::new();
    for i in 0..12 {
        let url = if i % 2 == 0 { a.url() } else { b.url() }.to_owned();
        let (client, sub) = (client.clone(), sub.clone());
        tasks.push(tokio::spawn(async move {
            send(
                &client,
                "PUT",
                &rg_url(&url, &sub, &format!("shared-{i}")),
                Some(json!({"location": "westus2"})),
            )
            .await
            .expect("put")
            .status
        }));
    }
    let inproc = {
        let dir = dir.path().to_path_buf();
        let sub = sub.clone();
        tokio::task::spawn_blocking(move || {
            (0..12)
                .map(|i| {
                    let req = Request {
                        method: "PUT".into(),
                        path_and_query: format!(
                            "/subscriptions/{sub}/resourcegroups/inproc-{i}?api-version=2024-11-01"
                        ),
                        headers: vec![
                            ("authorization".into(), BEARER.clone()),
                            ("content-type".into(), "application/json".into()),
                        ],
                        body: br#"{"location": "westus2"}"#.to_vec(),
                    };
                    handle_in_process(&dir, &req).expect("in-process").status
                })
                .collect::<Vec<_>>()
        })
    };
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.expect("task"));
    }
    statuses.extend(inproc.await.expect("in-process thread"));
    assert_eq!(log_entries(dir.path()).len(), 24 + 1);
    let _: State = Store::open(dir.path())
        .expect("open")
        .load()
        .expect("state loads");
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    // Every group created through any front end is visible through the other server.
    for i in 0..12 {
        for name in [format!("shared-{i}"), format!("inproc-{i}")] {
            let g = send(&client, "GET", &rg_url(b.url(), &sub, &name), None)
                .await
                .expect("get");
            assert_eq!(g.status, 200, "{name}: {}", g.body);
        }
    }
    assert_eq!(list_groups(&client, a.url(), &sub).await.len(), 24);
    a.shutdown().await;
    b.shutdown().await;
}

/// Sends the same sequential requests to a fresh server with `seed`; returns statuses.
async fn fault_run(seed: u64) -> (Vec<u16>, BTreeMap<FaultKind, u64>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cfg = config(dir.path());
    cfg.faults = FaultConfig {
        seed,
        rate: 0.4,
        retry_after_secs: 0,
        ..FaultConfig::default()
    };
    let srv = server::start(cfg).await.expect("start");
    let client = client_trusting(srv.ca_pem_path());
    let mut statuses = Vec::new();
    for i in 0..40 {
        let a = send(
            &client,
            "GET",
            &rg_url(srv.url(), &SUBSCRIPTION, &format!("g{i}")),
            None,
        )
        .await
        .expect("request");
        if a.status == 429 || a.status == 503 {
            assert_eq!(a.headers["retry-after"], "0");
        }
        statuses.push(a.status);
    }
    let counts = srv.fault_counts();
    srv.shutdown().await;
    let logged = log_entries(dir.path())
        .iter()
        .filter(|e| e.get("fault").is_some())
        .count() as u64;
    assert_eq!(logged, counts.values().sum::<u64>());
    (statuses, counts)
}

#[tokio::test]
async fn faults_are_deterministic_per_seed() {
    let (s1, c1) = fault_run(11).await;
    let (s2, c2) = fault_run(11).await;
    let (s3, _) = fault_run(12).await;
    assert_eq!(s1, s2);
    assert_eq!(c1, c2);
    assert_ne!(s1, s3);
    let injected = s1.iter().filter(|s| matches!(s, 429 | 500 | 503)).count() as u64;
    assert_eq!(injected, c1.values().sum::<u64>());
    assert!(c1.values().sum::<u64>() > 0);
}

#[tokio::test]
async fn in_process_transport_answers_like_the_core_and_injects_faults() {
    use azure_core::http::{HttpClient, Method, Url};
    let dir = tempfile::tempdir().expect("tempdir");
    let t = InProcessTransport::new(dir.path()).expect("transport");
    let url = Url::parse("https://emulator.azrs.invalid/subscriptions?api-version=2022-12-01")
        .expect("url");
    let mut req = azure_core::http::Request::new(url, Method::Get);
    req.insert_header("authorization", BEARER.clone());
    let resp = t.execute_request(&req).await.expect("in-process answer");
    let expected = core_status(&Request {
        method: "GET".into(),
        path_and_query: "/subscriptions?api-version=2022-12-01".into(),
        headers: vec![("authorization".into(), BEARER.clone())],
        body: vec![],
    });
    assert_eq!(u16::from(resp.status()), expected);
    assert_eq!(expected, 200);
    let e = &log_entries(dir.path())[0];
    assert_eq!(e["front"], "in-process");
    assert_eq!(e["headers"]["host"], "emulator.azrs.invalid");

    let faulty = InProcessTransport::with_options(
        dir.path(),
        EmulatorOptions::default(),
        FaultConfig {
            rules: vec![
                azrs_emulator::front::FaultRule::parse("GET /subscriptions=drop,429x2")
                    .expect("rule"),
            ],
            ..FaultConfig::default()
        },
    )
    .expect("transport");
    let mut outcomes = Vec::new();
    for _ in 0..3 {
        outcomes.push(match faulty.execute_request(&req).await {
            Ok(r) => u16::from(r.status()),
            Err(e) => {
                assert_eq!(*e.kind(), azure_core::error::ErrorKind::Io);
                0
            }
        });
    }
    assert_eq!(faulty.fault_counts().values().sum::<u64>(), 2);
    assert_eq!(outcomes[2], expected, "the third request reaches the core");
    assert!(
        outcomes[..2].iter().all(|s| matches!(s, 0 | 429)),
        "{outcomes:?}"
    );
}

/// Stress: 1000 mixed requests, 8 in flight, 30% injected faults of every kind. The server
/// must stay up, every injected fault must be seen by the client exactly once, and (once the
/// core answers) the groups that exist are exactly those whose PUT succeeded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stress_mixed_requests_with_faults_leave_state_consistent() {
    const TOTAL: u64 = 1000;
    const GROUPS: usize = 25;
    let dir = tempfile::tempdir().expect("tempdir");
    let srv = server::start(config(dir.path())).await.expect("start");
    let client = client_trusting(srv.ca_pem_path());
    let sub = subscription(&client, srv.url()).await;
    srv.set_faults(FaultConfig {
        seed: 2024,
        rate: 0.3,
        kinds: vec![
            FaultKind::TooManyRequests,
            FaultKind::InternalError,
            FaultKind::ServiceUnavailable,
            FaultKind::Drop,
            FaultKind::Slow,
        ],
        retry_after_secs: 0,
        slow: Duration::from_millis(5),
        ..FaultConfig::default()
    });

    let next = Arc::new(AtomicU64::new(0));
    let injected_seen = Arc::new(AtomicU64::new(0));
    let dropped_seen = Arc::new(AtomicU64::new(0));
    let created: Arc<std::sync::Mutex<Vec<bool>>> =
        Arc::new(std::sync::Mutex::new(vec![false; GROUPS]));
    let unexpected: Arc<std::sync::Mutex<Vec<String>>> = Arc::default();
    let mut workers = Vec::new();
    for _ in 0..8 {
        let (client, url, sub) = (client.clone(), srv.url().to_owned(), sub.clone());
        let (next, injected_seen, dropped_seen, created, unexpected) = (
            Arc::clone(&next),
            Arc::clone(&injected_seen),
            Arc::clone(&dropped_seen),
            Arc::clone(&created),
            Arc::clone(&unexpected),
        );
        workers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= TOTAL {
                    break;
                }
                let g = (i as usize * 7) % GROUPS;
                let name = format!("stress-{g}");
                let (method, target, body) = match i % 4 {
                    0 => (
                        "PUT",
                        rg_url(&url, &sub, &name),
                        Some(json!({"location": "westus2", "tags": {"i": i.to_string()}})),
                    ),
                    1 => ("GET", rg_url(&url, &sub, &name), None),
                    2 => ("HEAD", rg_url(&url, &sub, &name), None),
                    _ => (
                        "GET",
                        format!("{url}/subscriptions/{sub}/resourcegroups?api-version=2024-11-01"),
                        None,
                    ),
                };
                match send(&client, method, &target, body).await {
                    Err(_) => {
                        dropped_seen.fetch_add(1, Ordering::SeqCst);
                    }
                    Ok(a) => {
                        let injected = a.headers.contains_key("x-azrs-injected-fault");
                        if injected {
                            injected_seen.fetch_add(1, Ordering::SeqCst);
                        } else {
                            // Every request the core sees is a valid ARM call: PUT creates or
                            // updates; GET/HEAD of a group answer 200/204 or 404.
                            let ok = match method {
                                "PUT" => matches!(a.status, 200 | 201),
                                "HEAD" => matches!(a.status, 204 | 404),
                                _ => matches!(a.status, 200 | 404),
                            };
                            if !ok {
                                unexpected
                                    .lock()
                                    .expect("lock")
                                    .push(format!("{method} {target} -> {} {}", a.status, a.body));
                            }
                            if method == "PUT" && ok {
                                created.lock().expect("lock")[g] = true;
                            }
                        }
                    }
                }
            }
        }));
    }
    let all = async {
        for w in workers {
            w.await.expect("worker");
        }
    };
    tokio::time::timeout(Duration::from_secs(240), all)
        .await
        .expect("stress finished in time");

    let counts = srv.fault_counts();
    let count = |k| counts.get(&k).copied().unwrap_or(0);
    let total_faults: u64 = counts.values().sum();
    assert!((200..400).contains(&total_faults), "{counts:?}");
    assert_eq!(dropped_seen.load(Ordering::SeqCst), count(FaultKind::Drop));
    assert_eq!(
        injected_seen.load(Ordering::SeqCst),
        count(FaultKind::TooManyRequests)
            + count(FaultKind::InternalError)
            + count(FaultKind::ServiceUnavailable)
    );
    let log = log_entries(dir.path());
    assert_eq!(log.len() as u64, TOTAL + 1);
    assert_eq!(
        log.iter().filter(|e| e.get("fault").is_some()).count() as u64,
        total_faults
    );

    let unexpected = unexpected.lock().expect("lock").clone();
    assert!(unexpected.is_empty(), "{unexpected:#?}");

    // The server is still up and, with faults off, answers normally: the groups that exist
    // are exactly those whose PUT succeeded.
    srv.set_faults(FaultConfig::default());
    let mut listed = list_groups(&client, srv.url(), &sub).await;
    listed.sort();
    let _: State = Store::open(dir.path())
        .expect("open")
        .load()
        .expect("state loads");
    let created = created.lock().expect("lock").clone();
    for (g, was_created) in created.iter().enumerate() {
        let h = send(
            &client,
            "HEAD",
            &rg_url(srv.url(), &sub, &format!("stress-{g}")),
            None,
        )
        .await
        .expect("head");
        let expected = if *was_created { 204 } else { 404 };
        assert_eq!(h.status, expected, "stress-{g}");
    }
    let mut expected: Vec<String> = (0..GROUPS)
        .filter(|g| created[*g])
        .map(|g| format!("stress-{g}"))
        .collect();
    expected.sort();
    assert_eq!(listed, expected);
    srv.shutdown().await;
}

#[tokio::test]
async fn shutdown_returns_and_frees_the_port() {
    let dir = tempfile::tempdir().expect("tempdir");
    let srv: RunningServer = server::start(config(dir.path())).await.expect("start");
    let addr = srv.addr();
    tokio::time::timeout(Duration::from_secs(10), srv.shutdown())
        .await
        .expect("shutdown is bounded");
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}
