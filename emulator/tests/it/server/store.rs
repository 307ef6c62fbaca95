//! The state-dir store: state and CA surviving a restart, a corrupt state file reported and
//! left alone, the binary's announcement and SIGTERM, transactions serialised across
//! processes and threads, and servers and in-process callers sharing one state dir.

use super::*;

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
                    "server::store::store_child_worker",
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
