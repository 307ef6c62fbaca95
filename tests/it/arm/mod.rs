//! The ARM client against a scripted fake transport: retries, LRO patterns, paging, provider
//! auto-registration, headers az sends, error rendering and `--debug` redaction. One module per
//! concern; the fake transport and client builders are shared below.

mod debug;
mod lro;
mod requests;
mod retry;

use azrs_test_support::fake_http;

use azrs::arm::{
    ArmClient, ArmClientConfig, ArmError, ArmPath, ClientOptions, CommandHeaders, LroOptions,
    LroProgress,
};
use fake_http::{FakeHttp, StaticCredential};
use serde_json::json;
use std::sync::{Arc, Mutex};

const EP: &str = "https://management.azure.com/";
const RG: &str = "/subscriptions/sub1/resourcegroups/rg1";
const AKS: &str = "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1";
const OP: &str =
    "/subscriptions/sub1/providers/Microsoft.ContainerService/locations/westus2/operations/op1";

/// `RG` as a typed path (the fake HTTP routes keep the text).
fn rg() -> ArmPath {
    path(RG)
}

/// `AKS` as a typed path.
fn aks() -> ArmPath {
    path(AKS)
}

/// A typed path from fixed test text whose segments need no encoding.
fn path(text: &str) -> ArmPath {
    text.trim_start_matches('/')
        .split('/')
        .fold(ArmPath::root(), |p, s| p.seg(s))
}

fn client_with(http: &Arc<FakeHttp>, zero_delays: bool) -> (ArmClient, Arc<StaticCredential>) {
    let cred = Arc::new(StaticCredential {
        token: "tok-ARM-SECRET-123".into(),
        ..Default::default()
    });
    let client = ArmClient::new(ArmClientConfig {
        transport: http.clone(),
        credential: cred.clone(),
        endpoint: EP.into(),
        scope: "https://management.azure.com/.default".into(),
        command: CommandHeaders::new(Some("aks create"), Some("-g -n --enable-managed-identity")),
        options: ClientOptions {
            zero_delays,
            ..ClientOptions::default()
        },
    })
    .expect("client builds");
    (client, cred)
}

fn client(http: &Arc<FakeHttp>) -> ArmClient {
    client_with(http, true).0
}
