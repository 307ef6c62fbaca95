//! Long-running operations as az polls them: `Azure-AsyncOperation`, then `Operation-Location`,
//! then `Location`, then the body's `provisioningState`; failed and canceled operations,
//! malformed status bodies, `--no-wait`, poll URLs on another host, deletes that end in 404.

use super::*;

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
