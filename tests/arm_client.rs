//! The ARM client against a scripted fake transport: retries, LRO patterns, paging, provider
//! auto-registration, headers az sends, error rendering and `--debug` redaction.

#[path = "support/fake_http.rs"]
mod fake_http;

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
fn path(text: &'static str) -> ArmPath {
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

#[tokio::test]
async fn throttled_429_waits_retry_after_then_succeeds() {
    let http = FakeHttp::new();
    http.on(
        "GET",
        RG,
        429,
        &[("Retry-After", "1")],
        r#"{"error":{"code":"TooManyRequests","message":"slow down"}}"#,
    )
    .on("GET", RG, 200, &[], r#"{"name":"rg1"}"#);
    let (c, _) = client_with(&http, false);
    let start = std::time::Instant::now();
    let v = c.get(&rg(), "2024-11-01").await.unwrap();
    assert_eq!(v["name"], "rg1");
    assert!(
        start.elapsed() >= std::time::Duration::from_millis(950),
        "waited {:?}",
        start.elapsed()
    );
    assert_eq!(http.requests().len(), 2);
    http.verify();
}

#[tokio::test]
async fn service_unavailable_is_retried_and_bounded() {
    let http = FakeHttp::new();
    http.on("GET", RG, 503, &[], "")
        .on("GET", RG, 200, &[], "{}");
    client(&http).get(&rg(), "2024-11-01").await.unwrap();
    http.verify();

    // Five 500s: the first try plus four retries, then the error surfaces (exit 1).
    let http = FakeHttp::new();
    for _ in 0..5 {
        http.on(
            "GET",
            RG,
            500,
            &[],
            r#"{"error":{"code":"InternalServerError","message":"boom"}}"#,
        );
    }
    let err = client(&http).get(&rg(), "2024-11-01").await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(err.exit_code(), 1);
    assert!(
        err.to_string()
            .starts_with("(InternalServerError) boom\nCode: InternalServerError")
    );
    http.verify();
}

#[tokio::test]
async fn dropped_connection_is_retried() {
    let http = FakeHttp::new();
    http.drop_connection("GET", RG)
        .on("GET", RG, 200, &[], r#"{"name":"rg1"}"#);
    assert_eq!(
        client(&http).get(&rg(), "2024-11-01").await.unwrap()["name"],
        "rg1"
    );
    http.verify();

    let http = FakeHttp::new();
    for _ in 0..5 {
        http.drop_connection("GET", RG);
    }
    let err = client(&http).get(&rg(), "2024-11-01").await.unwrap_err();
    assert!(matches!(err, ArmError::Transport(_)), "{err:?}");
    http.verify();
}

#[tokio::test]
async fn put_lro_with_azure_async_operation_polls_then_gets_resource() {
    let http = FakeHttp::new();
    let op_url = format!("https://management.azure.com{OP}?api-version=2016-03-30&t=1&s=sig");
    http.on("PUT", AKS, 201, &[("Azure-AsyncOperation", &op_url), ("Retry-After", "1")], r#"{"properties":{"provisioningState":"Creating"}}"#)
        .on("GET", OP, 200, &[("Retry-After", "1")], r#"{"name":"op1","status":"InProgress"}"#)
        // Status-with-error quirk: an error object on a Succeeded body is ignored.
        .on("GET", OP, 200, &[], r#"{"name":"op1","status":"Succeeded","error":{"code":"NotLatestOperation","message":"preempted"}}"#)
        .on("GET", AKS, 200, &[], r#"{"name":"c1","properties":{"provisioningState":"Succeeded"}}"#);
    let seen: Arc<Mutex<Vec<LroProgress>>> = Arc::default();
    let s2 = seen.clone();
    let opts = LroOptions {
        no_wait: false,
        progress: Some(Arc::new(move |p: &LroProgress| {
            s2.lock().unwrap().push(p.clone())
        })),
    };
    let v = client(&http)
        .put_lro(&aks(), "2026-06-01", json!({"location":"westus2"}), &opts)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(v["properties"]["provisioningState"], "Succeeded");
    let reqs = http.requests();
    assert_eq!(
        reqs.iter().map(|r| r.method.as_str()).collect::<Vec<_>>(),
        ["PUT", "GET", "GET", "GET"]
    );
    // Status URL followed verbatim; the final GET uses the resource URL and api-version.
    assert_eq!(reqs[1].url, op_url);
    assert!(
        reqs[3]
            .url
            .ends_with("managedClusters/c1?api-version=2026-06-01")
    );
    assert_eq!(reqs[0].header("accept"), Some("application/json"));
    assert_eq!(reqs[1].header("accept"), Some("*/*"));
    assert_eq!(reqs[3].header("accept"), Some("*/*"));
    // One client request id for the whole command.
    let id = reqs[0]
        .header("x-ms-client-request-id")
        .unwrap()
        .to_string();
    assert!(
        reqs.iter()
            .all(|r| r.header("x-ms-client-request-id") == Some(id.as_str()))
    );
    assert_eq!(
        seen.lock()
            .unwrap()
            .iter()
            .map(|p| p.status.as_str())
            .collect::<Vec<_>>(),
        ["InProgress", "Succeeded"]
    );
    http.verify();
}

#[tokio::test]
async fn operation_location_header_is_used_when_no_async_operation() {
    let http = FakeHttp::new();
    let op_url = format!("https://management.azure.com{OP}?api-version=2026-06-01");
    http.on(
        "PATCH",
        AKS,
        202,
        &[
            ("Operation-Location", &op_url),
            ("Location", "https://management.azure.com/other"),
        ],
        "",
    )
    .on("GET", OP, 200, &[], r#"{"status":"succeeded"}"#)
    .on("GET", AKS, 200, &[], r#"{"name":"c1"}"#);
    let v = client(&http)
        .patch_lro(
            &aks(),
            "2026-06-01",
            json!({"tags":{}}),
            &LroOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(v.unwrap()["name"], "c1");
    http.verify();
}

#[tokio::test]
async fn delete_with_location_polls_until_done_without_final_get() {
    let http = FakeHttp::new();
    let loc = "https://management.azure.com/subscriptions/sub1/operationresults/abc?api-version=2024-11-01";
    http.on(
        "DELETE",
        RG,
        202,
        &[("Location", loc), ("Retry-After", "15")],
        "",
    )
    .on(
        "GET",
        "/subscriptions/sub1/operationresults/abc",
        202,
        &[("Location", loc)],
        "",
    )
    .on(
        "GET",
        "/subscriptions/sub1/operationresults/abc",
        200,
        &[],
        "",
    );
    let v = client(&http)
        .delete_lro(&rg(), "2024-11-01", &LroOptions::default())
        .await
        .unwrap();
    assert_eq!(v, None);
    assert_eq!(http.requests().len(), 3);
    http.verify();
}

#[tokio::test]
async fn provisioning_state_in_body_is_polled_on_the_resource() {
    let http = FakeHttp::new();
    http.on(
        "PUT",
        AKS,
        201,
        &[],
        r#"{"properties":{"provisioningState":"Creating"}}"#,
    )
    .on(
        "GET",
        AKS,
        200,
        &[],
        r#"{"properties":{"provisioningState":"Creating"}}"#,
    )
    .on(
        "GET",
        AKS,
        200,
        &[],
        r#"{"name":"c1","properties":{"provisioningState":"Succeeded"}}"#,
    );
    let v = client(&http)
        .put_lro(&aks(), "2026-06-01", json!({}), &LroOptions::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(v["name"], "c1");
    http.verify();
}

#[tokio::test]
async fn failed_and_canceled_operations_are_arm_errors() {
    for (status, code) in [
        ("Failed", "ReconcileError"),
        ("Canceled", "OperationCanceled"),
    ] {
        let http = FakeHttp::new();
        let op_url = format!("https://management.azure.com{OP}?api-version=2016-03-30");
        let body =
            json!({"status": status, "error": {"code": code, "message": "it broke"}}).to_string();
        http.on("PUT", AKS, 201, &[("Azure-AsyncOperation", &op_url)], "{}")
            .on("GET", OP, 200, &[], &body);
        let err = client(&http)
            .put_lro(&aks(), "2026-06-01", json!({}), &LroOptions::default())
            .await
            .unwrap_err();
        assert!(matches!(err, ArmError::OperationFailed { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!("({code}) it broke\nCode: {code}\nMessage: it broke")
        );
        assert_eq!(err.exit_code(), 1);
        http.verify();
    }
}

#[tokio::test]
async fn status_body_without_status_is_an_error() {
    let http = FakeHttp::new();
    let op_url = format!("https://management.azure.com{OP}");
    http.on("DELETE", AKS, 202, &[("Azure-AsyncOperation", &op_url)], "")
        .on("GET", OP, 200, &[], r#"{"name":"x"}"#);
    let err = client(&http)
        .delete_lro(&aks(), "2026-06-01", &LroOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(err, ArmError::InvalidResponse(_)));
    http.verify();
}

#[tokio::test]
async fn no_wait_sends_only_the_first_request() {
    let http = FakeHttp::new();
    let op_url = format!("https://management.azure.com{OP}");
    http.on("DELETE", AKS, 202, &[("Azure-AsyncOperation", &op_url)], "");
    let v = client(&http)
        .delete_lro(
            &aks(),
            "2026-06-01",
            &LroOptions {
                no_wait: true,
                progress: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(v, None);
    assert_eq!(http.requests().len(), 1);
    http.verify();
}

#[tokio::test]
async fn poll_url_on_another_host_is_refused() {
    let http = FakeHttp::new();
    http.on(
        "PUT",
        AKS,
        201,
        &[("Azure-AsyncOperation", "https://evil.example/op")],
        "{}",
    );
    let err = client(&http)
        .put_lro(&aks(), "2026-06-01", json!({}), &LroOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(err, ArmError::Refused(_)));
    http.verify();
}

#[tokio::test]
async fn list_all_follows_next_link_over_three_pages() {
    let http = FakeHttp::new();
    let feats = "/subscriptions/sub1/providers/Microsoft.Features/features";
    let next = |t: &str| {
        format!("https://management.azure.com{feats}?api-version=2021-07-01&$skiptoken={t}")
    };
    http.on_query(
        "GET",
        feats,
        "api-version=2021-07-01",
        200,
        &[],
        &json!({"value":[{"name":"a"},{"name":"b"}],"nextLink": next("p2")}).to_string(),
    )
    .on_query(
        "GET",
        feats,
        "skiptoken=p2",
        200,
        &[],
        &json!({"value":[{"name":"c"}],"nextLink": next("p3")}).to_string(),
    )
    .on_query(
        "GET",
        feats,
        "skiptoken=p3",
        200,
        &[],
        r#"{"value":[],"nextLink":null}"#,
    );
    let items = client(&http)
        .list_all(&path(feats), "2021-07-01")
        .await
        .unwrap();
    assert_eq!(
        items
            .iter()
            .map(|v| v["name"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["a", "b", "c"]
    );
    let reqs = http.requests();
    assert_eq!(reqs[1].url, next("p2"));
    assert_eq!(reqs[2].url, next("p3"));
    http.verify();
}

#[tokio::test]
async fn missing_subscription_registration_registers_provider_and_retries_once() {
    let http = FakeHttp::new();
    let msg = "The subscription is not registered to use namespace 'Microsoft.ContainerService'. See https://aka.ms/rps-not-found for how to register subscriptions.";
    let err409 = json!({"error":{"code":"MissingSubscriptionRegistration","message":msg,
        "details":[{"code":"MissingSubscriptionRegistration","target":"Microsoft.ContainerService","message":msg}]}})
    .to_string();
    let prov = "/subscriptions/sub1/providers/Microsoft.ContainerService";
    http.on("PUT", AKS, 409, &[], &err409)
        .on(
            "POST",
            &format!("{prov}/register"),
            200,
            &[],
            r#"{"registrationState":"Registering"}"#,
        )
        .on(
            "GET",
            prov,
            200,
            &[],
            r#"{"registrationState":"Registering"}"#,
        )
        .on(
            "GET",
            prov,
            200,
            &[],
            r#"{"registrationState":"Registered"}"#,
        )
        .on(
            "PUT",
            AKS,
            200,
            &[],
            r#"{"name":"c1","properties":{"provisioningState":"Succeeded"}}"#,
        );
    let v = client(&http)
        .put_lro(&aks(), "2026-06-01", json!({}), &LroOptions::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(v["name"], "c1");
    let reqs = http.requests();
    assert!(reqs[1].url.ends_with("/register?api-version=2024-11-01"));
    assert_eq!(reqs[1].header("content-length"), Some("0"));
    http.verify();
}

#[tokio::test]
async fn every_request_carries_az_headers() {
    let http = FakeHttp::new();
    http.on("PUT", RG, 201, &[], r#"{"name":"rg1"}"#)
        .on("GET", RG, 200, &[], "{}");
    let (c, cred) = client_with(&http, true);
    c.put(&rg(), "2024-11-01", json!({"location":"westus2"}))
        .await
        .unwrap();
    c.get(&rg(), "2024-11-01").await.unwrap();
    for r in http.requests() {
        assert_eq!(r.header("authorization"), Some("Bearer tok-ARM-SECRET-123"));
        assert_eq!(r.header("commandname"), Some("aks create"));
        assert_eq!(
            r.header("parametersetname"),
            Some("-g -n --enable-managed-identity")
        );
        assert!(
            r.header("user-agent")
                .unwrap()
                .starts_with(&format!("azrs/{}", env!("CARGO_PKG_VERSION")))
        );
        assert_eq!(r.header("x-ms-client-request-id").map(str::len), Some(36));
    }
    let put = &http.requests()[0];
    assert_eq!(put.header("content-type"), Some("application/json"));
    assert_eq!(put.json(), json!({"location":"westus2"}));
    // The bearer policy caches the token: one credential call for the whole command.
    assert_eq!(*cred.calls.lock().unwrap(), 1);
    http.verify();
}

#[tokio::test]
async fn not_found_renders_like_az_and_maps_to_exit_3() {
    let http = FakeHttp::new();
    http.on("GET", RG, 404, &[("x-ms-failure-cause", "gateway")], r#"{"error":{"code":"ResourceGroupNotFound","message":"Resource group 'rg1' could not be found."}}"#)
        .on("HEAD", RG, 404, &[], "")
        .on("HEAD", "/subscriptions/sub1/resourcegroups/rg2", 204, &[], "");
    let c = client(&http);
    let err = c.get(&rg(), "2024-11-01").await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.exit_code(), 3);
    assert_eq!(err.code(), Some("ResourceGroupNotFound"));
    assert_eq!(
        err.to_string(),
        "(ResourceGroupNotFound) Resource group 'rg1' could not be found.\nCode: ResourceGroupNotFound\nMessage: Resource group 'rg1' could not be found."
    );
    assert!(!c.head_exists(&rg(), "2024-11-01").await.unwrap());
    assert!(
        c.head_exists(
            &path("/subscriptions/sub1/resourcegroups/rg2"),
            "2024-11-01"
        )
        .await
        .unwrap()
    );
    http.verify();
}

#[test]
fn plain_http_endpoint_is_refused() {
    let http = FakeHttp::new();
    let err = ArmClient::new(ArmClientConfig {
        transport: http.clone(),
        credential: Arc::new(StaticCredential::default()),
        endpoint: "http://127.0.0.1:8080/".into(),
        scope: "x/.default".into(),
        command: CommandHeaders::default(),
        options: ClientOptions::default(),
    })
    .unwrap_err();
    assert!(err.to_string().contains("must use https://"), "{err}");
}

#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One global subscriber for this test binary: scoped (`set_default`) subscribers race with
/// other test threads over tracing's callsite interest cache. Every test's HTTP trace lands in
/// this buffer, so the no-secret assertions cover all of them.
fn debug_buffer() -> Buf {
    static BUF: std::sync::OnceLock<Buf> = std::sync::OnceLock::new();
    BUF.get_or_init(|| {
        let buf = Buf::default();
        let w = buf.clone();
        let sub = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_writer(move || w.clone())
            .finish();
        tracing::subscriber::set_global_default(sub).expect("only this test binary sets it");
        buf
    })
    .clone()
}

#[tokio::test]
async fn debug_trace_shows_requests_but_never_secrets() {
    let buf = debug_buffer();
    let http = FakeHttp::new();
    let creds = format!("{AKS}/listClusterUserCredential");
    http.on(
        "POST",
        &creds,
        200,
        &[],
        r#"{"kubeconfigs":[{"name":"clusterUser","value":"S1VCRUNPTkZJRy1TRUNSRVQ="}]}"#,
    );
    let v = client(&http)
        .post(&aks().lit("listClusterUserCredential"), "2026-06-01", None)
        .await
        .unwrap();
    assert_eq!(v["kubeconfigs"][0]["value"], "S1VCRUNPTkZJRy1TRUNSRVQ=");

    let out = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(out.contains("azrs::http"), "{out}");
    assert!(
        out.contains("managedClusters/c1/listClusterUserCredential?api-version=2026-06-01'"),
        "{out}"
    );
    assert!(out.contains("Response status: 200"), "{out}");
    assert!(out.contains("'authorization': 'REDACTED'"), "{out}");
    assert!(!out.contains("tok-ARM-SECRET-123"), "token leaked:\n{out}");
    assert!(
        !out.contains("S1VCRUNPTkZJRy1TRUNSRVQ="),
        "kubeconfig leaked:\n{out}"
    );
    http.verify();
}

// Regression: the metadata request normalised `https://host/` + `/metadata/endpoints` to a
// single slash; az formats `'{}/metadata/endpoints?api-version=2022-09-01'` on the endpoint as
// given and so sends `//metadata/endpoints` (az-walkthrough-requests.jsonl, seq 7).
#[tokio::test]
async fn cloud_metadata_is_fetched_without_a_token_on_az_s_exact_path() {
    let body = r#"{"resourceManager":"https://127.0.0.1:8443/","authentication":{"loginEndpoint":"https://127.0.0.1:8443/","audiences":["https://management.core.windows.net/"]}}"#;
    let http = FakeHttp::new();
    http.on_query(
        "GET",
        "//metadata/endpoints",
        "api-version=2022-09-01",
        200,
        &[],
        body,
    )
    .on_query(
        "GET",
        "/metadata/endpoints",
        "api-version=2022-09-01",
        200,
        &[],
        body,
    );
    let transport: Arc<dyn azure_core::http::HttpClient> = http.clone();
    let v = azrs::arm::fetch_cloud_metadata(&transport, "https://127.0.0.1:8443/")
        .await
        .unwrap();
    assert_eq!(v["resourceManager"], "https://127.0.0.1:8443/");
    azrs::arm::fetch_cloud_metadata(&transport, "https://127.0.0.1:8443")
        .await
        .unwrap();
    let reqs = http.requests();
    assert_eq!(
        reqs[0].url,
        "https://127.0.0.1:8443//metadata/endpoints?api-version=2022-09-01"
    );
    assert_eq!(
        reqs[1].url,
        "https://127.0.0.1:8443/metadata/endpoints?api-version=2022-09-01"
    );
    for r in &reqs {
        assert_eq!(r.header("authorization"), None);
        assert_eq!(r.header("accept"), Some("*/*"));
    }
    http.verify();
}

// "Each token is fetched once per process": one client doing an LRO (PUT + status polls +
// final GET), a three-page list and a plain GET asks its credential once.
#[tokio::test]
async fn one_token_serves_lro_list_and_pages() {
    let http = FakeHttp::new();
    let op_url = format!("https://management.azure.com{OP}?api-version=2026-06-01");
    let feats = "/subscriptions/sub1/providers/Microsoft.Features/features";
    let page = |t: &str| {
        format!("https://management.azure.com{feats}?api-version=2021-07-01&$skiptoken={t}")
    };
    http.on(
        "PUT",
        AKS,
        201,
        &[("azure-asyncoperation", op_url.as_str())],
        r#"{"properties":{"provisioningState":"Creating"}}"#,
    )
    .on("GET", OP, 200, &[], r#"{"status":"InProgress"}"#)
    .on("GET", OP, 200, &[], r#"{"status":"Succeeded"}"#)
    .on(
        "GET",
        AKS,
        200,
        &[],
        r#"{"name":"c1","properties":{"provisioningState":"Succeeded"}}"#,
    )
    .on_query(
        "GET",
        feats,
        "api-version=2021-07-01",
        200,
        &[],
        &json!({"value":[{"name":"a"}],"nextLink":page("p2")}).to_string(),
    )
    .on_query(
        "GET",
        feats,
        "skiptoken=p2",
        200,
        &[],
        &json!({"value":[{"name":"b"}],"nextLink":page("p3")}).to_string(),
    )
    .on_query(
        "GET",
        feats,
        "skiptoken=p3",
        200,
        &[],
        r#"{"value":[{"name":"c"}]}"#,
    )
    .on("GET", RG, 200, &[], r#"{"name":"rg1"}"#);
    let (c, cred) = client_with(&http, true);
    let v = c
        .put_lro(
            &aks(),
            "2026-06-01",
            json!({"location":"westus2"}),
            &LroOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(v.unwrap()["name"], "c1");
    let items = c.list_all(&path(feats), "2021-07-01").await.unwrap();
    assert_eq!(items.len(), 3);
    c.get(&rg(), "2024-11-01").await.unwrap();
    let reqs = http.requests();
    assert_eq!(reqs.len(), 8);
    for r in &reqs {
        assert_eq!(r.header("authorization"), Some("Bearer tok-ARM-SECRET-123"));
    }
    assert_eq!(*cred.calls.lock().unwrap(), 1);
    http.verify();
}

#[tokio::test]
async fn delete_polled_on_the_resource_ends_when_it_is_gone() {
    let http = FakeHttp::new();
    http.on("DELETE", AKS, 202, &[], "")
        .on(
            "GET",
            AKS,
            200,
            &[],
            r#"{"properties":{"provisioningState":"Deleting"}}"#,
        )
        .on(
            "GET",
            AKS,
            404,
            &[],
            r#"{"error":{"code":"ResourceNotFound","message":"gone"}}"#,
        );
    let v = client(&http)
        .delete_lro(&aks(), "2026-06-01", &LroOptions::default())
        .await
        .unwrap();
    assert_eq!(v, None);
    http.verify();
}
