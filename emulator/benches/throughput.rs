//! Emulator throughput against state size (issue 12, goal 5), run by
//! `cargo bench -p azrs-emulator --bench throughput`.
//!
//! For each state size it seeds `state.json` with that many resource groups (through the core,
//! in memory), starts the HTTPS emulator on 127.0.0.1 and measures, from 8 concurrent
//! keep-alive clients: group reads (`GET`) and group updates (`PUT`, fsync'd) per second; then
//! the median time of one page of the group list over HTTPS (the server's page size), of the
//! whole list over HTTPS following every `nextLink` (issue 12: under 200 ms for 10,000), the
//! server's own share of that (the `ms` of its pages in `requests.jsonl`), and the
//! median time to render the whole list in one page through the store (`Store::handle` with
//! `page_size = 0`, no network). It prints one table. It uses only APIs that also existed
//! before the journal (`server::start`, `Store::handle`), so the same file measures an older
//! checkout for a before/after comparison.
//!
//! The machine may be shared, so each row shows the 1-minute load average at its end, and the
//! last lines compare the largest state with the smallest from the same run (issue 12: less
//! than 20% slower with 10,000 groups than with none).
//!
//! `AZRS_BENCH_SIZES=0,1000` and `AZRS_BENCH_SECS=2` change the sizes (default 0, 1,000 and
//! 10,000) and the time per measurement.

#![allow(clippy::print_stdout)] // a benchmark's table is its output

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use azrs_emulator::core::{self, Request, State};
use azrs_emulator::front::server::{self, ServerConfig};
use azrs_emulator::front::{EmulatorOptions, FaultConfig, Store};

const CLIENTS: usize = 8;
const API: &str = "api-version=2024-11-01";

fn settings() -> core::Settings {
    EmulatorOptions::default().core_settings("https://127.0.0.1:1")
}

/// Writes a `state.json` holding `n` groups named `g-0` … (at least one, so reads hit).
fn seed(dir: &Path, n: usize) {
    let mut s = settings();
    s.verify_tokens = false;
    let mut state = State::default();
    let now = SystemTime::now();
    for i in 0..n.max(1) {
        let req = Request {
            method: "PUT".into(),
            path_and_query: format!(
                "/subscriptions/{}/resourcegroups/g-{i}?{API}",
                s.subscription_id
            ),
            headers: vec![
                ("authorization".into(), "Bearer seed".into()),
                ("content-type".into(), "application/json".into()),
            ],
            body: br#"{"location":"westus2","tags":{"team":"bench"}}"#.to_vec(),
        };
        let resp = core::handle(&mut state, &s, now, &req);
        assert!(resp.status < 300, "seed PUT failed: {}", resp.status);
    }
    let bytes = serde_json::to_vec_pretty(&state).expect("serialise");
    std::fs::write(dir.join("state.json"), bytes).expect("write state.json");
}

fn client(ca: &Path) -> reqwest::Client {
    let pem = std::fs::read(ca).expect("ca.pem");
    reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(&pem).expect("pem")])
        .build()
        .expect("client")
}

/// Requests per second from `CLIENTS` clients sending `method` to groups `g-{i % n}`.
async fn rate(url: &str, ca: &Path, n: usize, method: &'static str, secs: f64) -> f64 {
    let bearer = format!("Bearer {}", core::arm_token(&settings(), SystemTime::now()));
    let sub = settings().subscription_id;
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let (client, bearer, done) = (client(ca), bearer.clone(), Arc::clone(&done));
        let base = format!("{url}/subscriptions/{sub}/resourcegroups");
        tasks.push(tokio::spawn(async move {
            let mut i = c;
            while Instant::now() < deadline {
                let url = format!("{base}/g-{}?{API}", i % n.max(1));
                let rb = match method {
                    "PUT" => client
                        .put(url)
                        .header("content-type", "application/json")
                        .body(r#"{"location":"westus2","tags":{"team":"bench"}}"#),
                    _ => client.get(url),
                };
                let resp = rb.header("authorization", &bearer).send().await;
                if resp.is_ok_and(|r| r.status().is_success()) {
                    done.fetch_add(1, Ordering::Relaxed);
                }
                i += CLIENTS;
            }
        }));
    }
    for t in tasks {
        t.await.expect("client task");
    }
    done.load(Ordering::Relaxed) as f64 / secs
}

/// The 1-minute load average (Linux), to print beside each figure.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Median milliseconds of the first page of the group list over HTTPS.
async fn list_page_ms(url: &str, ca: &Path) -> f64 {
    let bearer = format!("Bearer {}", core::arm_token(&settings(), SystemTime::now()));
    let c = client(ca);
    let list = format!(
        "{url}/subscriptions/{}/resourcegroups?{API}",
        settings().subscription_id
    );
    let mut times = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        let r = c
            .get(&list)
            .header("authorization", &bearer)
            .send()
            .await
            .expect("list");
        assert!(r.status().is_success());
        r.bytes().await.expect("body");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    median(times)
}

/// What the list client reads of a page: the items only counted (not built as a tree, so the
/// figure is the server's and the transport's, not the client's JSON parser), and the link.
#[derive(serde::Deserialize)]
struct Page {
    value: Vec<serde::de::IgnoredAny>,
    #[serde(rename = "nextLink")]
    next_link: Option<String>,
}

/// Median milliseconds to fetch the whole group list over HTTPS, every page (following
/// `nextLink` as az does), on one keep-alive connection; and how many groups came back.
async fn all_pages_ms(url: &str, ca: &Path) -> (f64, usize) {
    let bearer = format!("Bearer {}", core::arm_token(&settings(), SystemTime::now()));
    let c = client(ca);
    let first = format!(
        "{url}/subscriptions/{}/resourcegroups?{API}",
        settings().subscription_id
    );
    let mut times = Vec::new();
    let mut count = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let mut next = Some(first.clone());
        count = 0;
        while let Some(link) = next.take() {
            let r = c
                .get(&link)
                .header("authorization", &bearer)
                .send()
                .await
                .expect("list");
            assert!(r.status().is_success());
            let body = r.bytes().await.expect("page");
            let page: Page = serde_json::from_slice(&body).expect("page is JSON");
            count += page.value.len();
            next = page.next_link;
        }
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    (median(times), count)
}

/// The server's own time for each of the last `lists` whole-list fetches: the `ms` that
/// `requests.jsonl` records per request (from the request's arrival to its answer, without the
/// network or the client), summed over each fetch's pages. On a loaded machine the client's
/// wall time mostly measures the scheduler; this shows what the emulator spends.
fn server_list_ms(dir: &Path, lists: usize, pages: usize) -> f64 {
    let log = std::fs::read_to_string(dir.join("requests.jsonl")).expect("requests.jsonl");
    let ms: Vec<f64> = log
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|e| {
            e["method"] == "GET"
                && e["path"]
                    .as_str()
                    .is_some_and(|p| p.ends_with("/resourcegroups"))
        })
        .filter_map(|e| e["ms"].as_f64())
        .collect();
    let last = &ms[ms.len().saturating_sub(lists * pages)..];
    median(last.chunks(pages).map(|c| c.iter().sum()).collect())
}

/// Median milliseconds to answer the whole list in one page through the store.
fn full_list_ms(dir: &Path) -> f64 {
    let store = Store::open(dir).expect("store");
    let mut s = settings();
    s.page_size = 0;
    // Resource groups have their own page size (ARM pages them by 1,000).
    s.group_page_size = 0;
    let req = Request {
        method: "GET".into(),
        path_and_query: format!("/subscriptions/{}/resourcegroups?{API}", s.subscription_id),
        headers: vec![(
            "authorization".into(),
            format!("Bearer {}", core::arm_token(&s, SystemTime::now())),
        )],
        body: Vec::new(),
    };
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let resp = store.handle(&s, SystemTime::now(), &req).expect("list");
        assert_eq!(resp.status, 200);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    median(times)
}

fn main() {
    let sizes: Vec<usize> = std::env::var("AZRS_BENCH_SIZES")
        .unwrap_or_else(|_| "0,1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let secs: f64 = std::env::var("AZRS_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    // The server gets its own two workers, as the `azrs-emulator` binary does.
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("server runtime");
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("client runtime");
    println!(
        "| {:>7} | {:>9} | {:>9} | {:>14} | {:>21} | {:>17} | {:>17} | {:>5} |",
        "groups",
        "GET/s",
        "PUT/s",
        "list page ms",
        "list, all pages, ms",
        "server's share ms",
        "full list ms (1p)",
        "load"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    let mut rates: Vec<(usize, f64, f64)> = Vec::new();
    for n in sizes {
        let dir = tempfile::tempdir().expect("tempdir");
        seed(dir.path(), n);
        let config = ServerConfig {
            state_dir: dir.path().to_path_buf(),
            bind: server::DEFAULT_BIND,
            port: 0,
            options: EmulatorOptions::default(),
            faults: FaultConfig::default(),
        };
        let srv = server_rt
            .block_on(server::start(config))
            .expect("start server");
        let (url, ca) = (srv.url().to_owned(), srv.ca_pem_path().to_path_buf());
        let (get, put, page, (all, listed)) = client_rt.block_on(async {
            // Warm up: connections, TLS sessions and the server's first load of the state.
            rate(&url, &ca, n, "GET", 0.3).await;
            let get = rate(&url, &ca, n, "GET", secs).await;
            let put = rate(&url, &ca, n, "PUT", secs / 2.0).await;
            let page = list_page_ms(&url, &ca).await;
            (get, put, page, all_pages_ms(&url, &ca).await)
        });
        server_rt.block_on(srv.shutdown());
        assert_eq!(listed, n.max(1), "the list lost or invented groups");
        let served = server_list_ms(dir.path(), 5, n.max(1).div_ceil(1000));
        let full = full_list_ms(dir.path());
        println!(
            "| {n:>7} | {get:>9.0} | {put:>9.0} | {page:>14.2} | {all:>21.1} | {served:>17.1} | {full:>17.1} | {:>5} |",
            load_average()
        );
        rates.push((n, get, put));
    }
    if let (Some(small), Some(large)) = (rates.first(), rates.last())
        && rates.len() > 1
    {
        println!(
            "\n{} groups against {}: GET {:.2}x, PUT {:.2}x the rate (1.00 = no slower)",
            large.0,
            small.0,
            large.1 / small.1,
            large.2 / small.2
        );
    }
}
