//! Retries: 429 honouring `Retry-After`, bounded 503 retries, dropped connections.

use super::*;

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

    // The first try plus every retry answered 500, then the error surfaces (exit 1).
    let http = FakeHttp::new();
    for _ in 0..=azrs::arm::RetrySettings::default().max_retries {
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
    for _ in 0..=azrs::arm::RetrySettings::default().max_retries {
        http.drop_connection("GET", RG);
    }
    let err = client(&http).get(&rg(), "2024-11-01").await.unwrap_err();
    assert!(matches!(err, ArmError::Transport(_)), "{err:?}");
    http.verify();
}
