//! The HTTPS server: TLS trusted through `ca.pem`, status pass-through, the request log with
//! secrets redacted, and shutdown freeing the port.

use super::*;

#[tokio::test]
async fn server_serves_tls_trusted_through_ca_pem_and_passes_status_through() {
    let dir = tempfile::tempdir().expect("tempdir");
    let srv = server::start(config(dir.path())).await.expect("start");
    assert!(srv.url().starts_with("https://127.0.0.1:"), "{}", srv.url());
    assert_ne!(srv.addr().port(), 0);
    assert_eq!(srv.ca_pem_path(), dir.path().join("ca.pem"));

    let info: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("emulator.json")).expect("info"))
            .expect("emulator.json is JSON");
    assert_eq!(info["url"], srv.url());
    assert_eq!(info["port"], srv.addr().port());
    assert_eq!(info["armEndpoint"], format!("{}/", srv.url()));
    assert_eq!(
        info["caCertificate"],
        dir.path().join("ca.pem").display().to_string()
    );

    let client = client_trusting(srv.ca_pem_path());
    let path = "/subscriptions?api-version=2022-12-01";
    let a = send(&client, "GET", &format!("{}{path}", srv.url()), None)
        .await
        .expect("TLS request");
    let expected = core_status(&Request {
        method: "GET".into(),
        path_and_query: path.into(),
        headers: vec![("authorization".into(), BEARER.clone())],
        body: vec![],
    });
    assert_eq!(a.status, expected);
    assert_eq!(a.status, 200, "{}", a.body);

    // A client that does not trust ca.pem is refused by TLS itself.
    let other_ca = tempfile::tempdir().expect("tempdir");
    let other = server::start(config(other_ca.path()))
        .await
        .expect("start other");
    let untrusting = client_trusting(other.ca_pem_path());
    assert!(
        send(&untrusting, "GET", &format!("{}{path}", srv.url()), None)
            .await
            .is_err()
    );
    other.shutdown().await;
    srv.shutdown().await;
}

#[tokio::test]
async fn requests_are_logged_with_secrets_redacted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let srv = server::start(config(dir.path())).await.expect("start");
    let client = client_trusting(srv.ca_pem_path());
    let token_url = format!("{}/tenant-1/oauth2/v2.0/token", srv.url());
    let resp = client
        .post(&token_url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-identity-header", "IDENTITY-HEADER-SECRET")
        .body("client_id=app-1&client_secret=SUPER-SECRET-1&grant_type=client_credentials&client_assertion=ASSERTION-SECRET")
        .send()
        .await
        .expect("token request");
    let token_status = resp.status().as_u16();
    // A login the core accepts: the access token it issues must be redacted in the log.
    let settings = core_settings();
    let login = client
        .post(format!(
            "{}/{}/oauth2/v2.0/token",
            srv.url(),
            settings.tenant_id
        ))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            url::form_urlencoded::Serializer::new(String::new())
                .append_pair("client_id", &settings.sp_client_id)
                .append_pair("client_secret", &settings.sp_client_secret)
                .append_pair("grant_type", "client_credentials")
                .append_pair("scope", "https://management.core.windows.net//.default")
                .finish(),
        )
        .send()
        .await
        .expect("login");
    assert_eq!(login.status().as_u16(), 200);
    let issued: Value =
        serde_json::from_slice(&login.bytes().await.expect("token body")).expect("token JSON");
    let issued = issued["access_token"].as_str().expect("access_token");
    let put = send(
        &client,
        "PUT",
        &rg_url(srv.url(), &SUBSCRIPTION, "logged"),
        Some(json!({"location": "westus2"})),
    )
    .await
    .expect("put");
    assert_eq!(put.status, 201, "{}", put.body);
    srv.shutdown().await;

    let raw = std::fs::read_to_string(dir.path().join("requests.jsonl")).expect("log");
    let bearer_token = BEARER.trim_start_matches("Bearer ");
    for secret in [
        "SUPER-SECRET-1",
        "ASSERTION-SECRET",
        "IDENTITY-HEADER-SECRET",
        settings.sp_client_secret.as_str(),
        bearer_token,
        issued,
    ] {
        assert!(!raw.contains(secret), "{secret} leaked into requests.jsonl");
    }
    let entries = log_entries(dir.path());
    assert_eq!(entries.len(), 3, "{raw}");
    assert_eq!(entries[0]["method"], "POST");
    assert_eq!(entries[0]["path"], "/tenant-1/oauth2/v2.0/token");
    assert_eq!(entries[0]["status"], token_status);
    assert_eq!(entries[0]["body"]["form"]["client_id"], "app-1");
    assert_eq!(entries[0]["front"], "https");
    assert_eq!(entries[1]["status"], 200);
    assert!(
        entries[1]["resp_body"]["access_token"]
            .as_str()
            .is_some_and(|s| s.starts_with("<redacted")),
        "{}",
        entries[1]
    );
    assert_eq!(entries[2]["method"], "PUT");
    assert_eq!(entries[2]["status"], 201);
    assert_eq!(entries[2]["query"]["api-version"], "2024-11-01");
    assert_eq!(entries[2]["body"]["location"], "westus2");
    assert_eq!(
        entries[2]["headers"]["authorization"],
        format!("Bearer <redacted {} chars>", bearer_token.len())
    );
}

#[tokio::test]
async fn shutdown_returns_and_frees_the_port() {
    let dir = tempfile::tempdir().expect("tempdir");
    let srv: RunningServer = server::start(config(dir.path())).await.expect("start");
    let addr = srv.addr();
    tokio::time::timeout(Duration::from_secs(10), srv.shutdown())
        .await
        .expect("shutdown is bounded");
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}
