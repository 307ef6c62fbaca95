//! Fault injection: deterministic per seed, the in-process transport answering like the core
//! and injecting faults, and a mixed stress run leaving state consistent.

use super::*;

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
