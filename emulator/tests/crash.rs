//! Crash safety of the state directory: the `azrs-emulator` binary is killed with SIGKILL at
//! random moments (seeded, so a failure reproduces) while clients write, 30 times over one
//! state directory. Each restart must load the state, and at the end the state must parse and
//! hold every write the server acknowledged.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use azrs_emulator::core::{self, State};
use azrs_emulator::front::{EmulatorOptions, Store};
use rand::{Rng, SeedableRng};

const KILLS: usize = 30;
const WRITERS: usize = 3;

fn bearer() -> String {
    let s = EmulatorOptions::default().core_settings("https://127.0.0.1:1");
    format!("Bearer {}", core::arm_token(&s, SystemTime::now()))
}

/// Starts the binary on any free port and returns it with its URL.
fn spawn(dir: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_azrs-emulator"))
        .args(["--port", "0", "--lro-polls", "1", "--retry-after", "0"])
        .arg("--state-dir")
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn azrs-emulator");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read the listening line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("the emulator did not start: {line:?}"))
        .to_owned();
    (child, url)
}

fn client(dir: &Path) -> reqwest::Client {
    let pem = std::fs::read(dir.join("ca.pem")).expect("ca.pem");
    reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(&pem).expect("pem")])
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_writes_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sub = EmulatorOptions::default()
        .core_settings("https://127.0.0.1:1")
        .subscription_id;
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x00c0_ffee);
    let acked: Arc<Mutex<BTreeSet<String>>> = Arc::default();
    for round in 0..KILLS {
        let (mut child, url) = spawn(dir.path());
        let http = client(dir.path());
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (http, url, sub, acked) =
                    (http.clone(), url.clone(), sub.clone(), Arc::clone(&acked));
                tokio::spawn(async move {
                    for j in 0.. {
                        let name = format!("r{round}-w{w}-{j}");
                        let sent = http
                            .put(format!(
                                "{url}/subscriptions/{sub}/resourcegroups/{name}?api-version=2024-11-01"
                            ))
                            .header("authorization", bearer())
                            .header("content-type", "application/json")
                            .body(r#"{"location":"westus2","tags":{"crash":"test"}}"#)
                            .send()
                            .await;
                        match sent {
                            Ok(r) if r.status().is_success() => {
                                acked.lock().expect("lock").insert(name.to_ascii_lowercase());
                            }
                            Ok(r) => panic!("{name}: unexpected status {}", r.status()),
                            // The server was killed.
                            Err(_) => return,
                        }
                    }
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(rng.random_range(5..120))).await;
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        for w in writers {
            w.await.expect("writer");
        }
    }
    let acked = acked.lock().expect("lock").clone();
    assert!(
        acked.len() > 100,
        "only {} writes were acknowledged",
        acked.len()
    );

    // The state directory loads (journal folded) and holds every acknowledged write.
    let state: State = Store::open(dir.path())
        .expect("open")
        .load()
        .expect("state parses after the kills");
    let missing: Vec<_> = acked
        .iter()
        .filter(|g| !state.groups.contains_key(*g))
        .collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    let text = std::fs::read_to_string(dir.path().join("state.json")).expect("state.json");
    serde_json::from_str::<State>(&text).expect("state.json parses on its own");

    // And the server starts over it and serves the groups.
    let (mut child, url) = spawn(dir.path());
    let some = acked.iter().next().expect("one group");
    let r = client(dir.path())
        .get(format!(
            "{url}/subscriptions/{sub}/resourcegroups/{some}?api-version=2024-11-01"
        ))
        .header("authorization", bearer())
        .send()
        .await
        .expect("get after the campaign");
    assert_eq!(r.status(), 200);
    child.kill().expect("stop");
    child.wait().expect("reap");
}
