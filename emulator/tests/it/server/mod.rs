//! The emulator's front ends end to end, by concern (`serve`, `store`, `faults`): the HTTPS server (library and `azrs-emulator`
//! binary), the state-dir store shared by processes, the request log, fault injection and
//! the in-process transport.
//!
//! ARM requests carry real bearer tokens signed with the core's default key
//! ([`core::arm_token`]), so every test checks both what the front ends own (status
//! pass-through, TLS, logging, redaction, locking, fault counts) and that the ARM state they
//! carry stays consistent (groups persist, are shared, and exist iff their PUT succeeded).

mod bind;
mod faults;
mod serve;
mod store;

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
        bind: server::DEFAULT_BIND,
        port: 0,
        options: EmulatorOptions {
            lro_polls: 1,
            retry_after_secs: 0,
            ..EmulatorOptions::DEFAULT
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
