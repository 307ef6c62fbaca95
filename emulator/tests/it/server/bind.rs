//! `--bind`: a listener on another loopback address and on IPv6, its certificate naming that
//! address (clients verify it), and the links of every answer built from the origin the client
//! reached (`Host`), so a shared emulator hands each client URLs it can follow.

use std::net::IpAddr;

use super::*;

fn bound(dir: &Path, bind: &str) -> ServerConfig {
    ServerConfig {
        bind: bind.parse::<IpAddr>().expect("address"),
        ..config(dir)
    }
}

/// The `/metadata/endpoints` answer as seen through `url`.
async fn metadata(client: &reqwest::Client, url: &str) -> Value {
    let a = send(
        client,
        "GET",
        &format!("{url}/metadata/endpoints?api-version=2022-09-01"),
        None,
    )
    .await
    .expect("TLS verified against the bound address");
    assert_eq!(a.status, 200, "{}", a.body);
    a.body
}

#[tokio::test]
async fn a_server_bound_to_another_loopback_address_names_it_everywhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let srv = server::start(bound(dir.path(), "127.0.0.2"))
        .await
        .expect("start on 127.0.0.2");
    assert_eq!(srv.addr().ip().to_string(), "127.0.0.2");
    let url = srv.url().to_owned();
    assert_eq!(url, format!("https://127.0.0.2:{}", srv.addr().port()));
    let info: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("emulator.json")).expect("info"))
            .expect("emulator.json is JSON");
    assert_eq!(info["armEndpoint"], format!("{url}/"));
    assert_eq!(info["authorityHost"], url);
    assert_eq!(info["managedIdentityEndpoint"], format!("{url}/msi/token"));

    let client = client_trusting(srv.ca_pem_path());
    let meta = metadata(&client, &url).await;
    assert_eq!(meta["resourceManager"], format!("{url}/"));
    assert_eq!(meta["authentication"]["loginEndpoint"], format!("{url}/"));

    // A long-running operation's links point back at the bound address.
    let sub = subscription(&client, &url).await;
    let group = format!("{url}/subscriptions/{sub}/resourcegroups/rg-bind?api-version=2024-11-01");
    let put = send(&client, "PUT", &group, Some(json!({"location": "westus2"})))
        .await
        .expect("PUT");
    assert_eq!(put.status, 201, "{}", put.body);
    let del = send(&client, "DELETE", &group, None).await.expect("DELETE");
    assert_eq!(del.status, 202, "{}", del.body);
    let location = del.headers["location"].to_str().expect("ASCII");
    assert!(location.starts_with(&format!("{url}/")), "{location}");
    srv.shutdown().await;
}

#[tokio::test]
async fn a_server_bound_to_ipv6_loopback_is_reached_with_brackets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let srv = server::start(bound(dir.path(), "::1"))
        .await
        .expect("start on ::1");
    let url = srv.url().to_owned();
    assert_eq!(url, format!("https://[::1]:{}", srv.addr().port()));
    let client = client_trusting(srv.ca_pem_path());
    let meta = metadata(&client, &url).await;
    assert_eq!(meta["resourceManager"], format!("{url}/"));
    srv.shutdown().await;
}

#[tokio::test]
async fn links_follow_the_origin_the_client_reached() {
    let dir = tempfile::tempdir().expect("tempdir");
    let srv = server::start(config(dir.path())).await.expect("start");
    let port = srv.addr().port();
    let client = client_trusting(srv.ca_pem_path());
    // `localhost` is in the certificate; the emulator announced 127.0.0.1.
    let by_name = format!("https://localhost:{port}");
    let meta = metadata(&client, &by_name).await;
    assert_eq!(meta["resourceManager"], format!("{by_name}/"));
    let by_address = metadata(&client, srv.url()).await;
    assert_eq!(by_address["resourceManager"], format!("{}/", srv.url()));
    // A `Host` that is not a plain host[:port] is ignored: the announced origin is used.
    let a = client
        .get(format!(
            "{}/metadata/endpoints?api-version=2022-09-01",
            srv.url()
        ))
        .header("host", "evil.example/x?y=")
        .send()
        .await
        .expect("request");
    let body: Value = serde_json::from_slice(&a.bytes().await.expect("body")).expect("JSON");
    assert_eq!(body["resourceManager"], format!("{}/", srv.url()));
    srv.shutdown().await;
}

#[test]
fn origins_come_only_from_plain_hosts() {
    assert_eq!(
        server::origin_of("127.0.0.2:8443").as_deref(),
        Some("https://127.0.0.2:8443")
    );
    assert_eq!(
        server::origin_of("[::1]:9").as_deref(),
        Some("https://[::1]:9")
    );
    assert_eq!(
        server::origin_of("Emu.Example:443").as_deref(),
        Some("https://emu.example")
    );
    for bad in [
        "",
        "a b",
        "user@host",
        "host/path",
        "h:1?q",
        "h#f",
        "h%2f",
        "h:99999",
    ] {
        assert_eq!(server::origin_of(bad), None, "{bad:?}");
    }
}
