//! Transport rules and tracing: plain-http endpoints refused, `--debug` traces without
//! secrets, cloud metadata fetched without a token on az's exact path, and one token serving an
//! LRO, a paged list and a plain GET.

use super::*;

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
