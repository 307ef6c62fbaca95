//! Requests and answers: `nextLink` paging, automatic provider registration on
//! `MissingSubscriptionRegistration`, the headers az sends, and az's rendering of a 404.

use super::*;

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
    // azure-mgmt-core registers and polls with its own api-version, whatever the client's.
    assert!(reqs[1].url.ends_with("/register?api-version=2016-02-01"));
    assert!(
        reqs[2]
            .url
            .ends_with("/Microsoft.ContainerService?api-version=2016-02-01")
    );
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
