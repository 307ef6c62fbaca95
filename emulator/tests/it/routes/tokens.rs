//! The identity endpoints: Entra's token endpoint (client secrets, federated assertions from
//! GitHub and workload issuers, its error texts and timestamps), OpenID configuration and
//! instance discovery, the managed-identity endpoint and GitHub's OIDC endpoint.

use super::*;

// ---------------------------------------------------------------- identity endpoints

fn form(pairs: &[(&str, &str)]) -> Vec<u8> {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish().into_bytes()
}

fn token_request(body: Vec<u8>, tenant: &str) -> Request {
    let mut r = Request::new("POST", &format!("/{tenant}/oauth2/v2.0/token"))
        .header("Content-Type", "application/x-www-form-urlencoded");
    r.body = body;
    r
}

#[test]
fn entra_errors_carry_entra_style_timestamps() {
    let mut e = Emu::new();
    e.now += Duration::from_millis(250);
    let s = e.settings.clone();
    let r = e.send(token_request(
        form(&[
            ("client_id", &s.sp_client_id),
            ("grant_type", "client_credentials"),
            ("client_secret", "wrong"),
            ("scope", "https://management.core.windows.net//.default"),
        ]),
        TENANT,
    ));
    assert_eq!(r.status, 401);
    let d = r.json()["error_description"].as_str().unwrap().to_string();
    assert!(d.ends_with("Timestamp: 2026-09-21 14:13:20Z"), "{d}");
}

#[test]
fn client_secret_login_issues_a_token_arm_accepts() {
    let mut e = Emu::new();
    let s = e.settings.clone();
    let r = e.send(token_request(
        form(&[
            ("client_id", &s.sp_client_id),
            ("grant_type", "client_credentials"),
            ("client_info", "1"),
            ("client_secret", &s.sp_client_secret),
            ("scope", "https://management.core.windows.net//.default"),
        ]),
        TENANT,
    ));
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(v["expires_in"], 3599);
    assert_eq!(v["ext_expires_in"], 3599);
    let token = v["access_token"].as_str().unwrap();
    let claims = verify_token(&s, token).unwrap();
    assert_eq!(claims["aud"], "https://management.core.windows.net/");
    assert_eq!(claims["tid"], TENANT);
    assert_eq!(claims["appid"], s.sp_client_id.as_str());
    assert!(claims["oid"].is_string());
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        3599
    );
    let ok = e.send(Request::new("GET", "/subscriptions?api-version=2022-12-01").bearer(token));
    assert_eq!(ok.status, 200);
}

#[test]
fn token_endpoint_rejects_bad_secrets_clients_tenants_and_grants() {
    let mut e = Emu::new();
    let s = e.settings.clone();
    let req = |secret: &str, client: &str, grant: &str| {
        form(&[
            ("client_id", client),
            ("grant_type", grant),
            ("client_secret", secret),
            ("scope", "https://management.azure.com/.default"),
        ])
    };
    let r = e.send(token_request(
        req("wrong", &s.sp_client_id, "client_credentials"),
        TENANT,
    ));
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error"], "invalid_client");
    assert_eq!(r.json()["error_codes"], json!([7000215]));
    assert!(!String::from_utf8_lossy(&r.body).contains(&s.sp_client_secret));
    let r = e.send(token_request(
        req(&s.sp_client_secret, "nobody", "client_credentials"),
        TENANT,
    ));
    assert_eq!(
        (r.status, r.json()["error"].as_str().unwrap()),
        (400, "unauthorized_client")
    );
    let r = e.send(token_request(
        req(&s.sp_client_secret, &s.sp_client_id, "client_credentials"),
        "other-tenant",
    ));
    assert_eq!(r.json()["error_codes"], json!([90002]));
    let r = e.send(token_request(
        req(&s.sp_client_secret, &s.sp_client_id, "password"),
        TENANT,
    ));
    assert_eq!(r.json()["error"], "unsupported_grant_type");
    let r = e.send(token_request(
        form(&[
            ("client_id", &s.sp_client_id),
            ("grant_type", "client_credentials"),
            ("client_secret", &s.sp_client_secret),
            ("scope", "openid"),
        ]),
        TENANT,
    ));
    assert_eq!(r.json()["error"], "invalid_scope");
}

fn assertion_request(s: &Settings, assertion: &str) -> Request {
    token_request(
        form(&[
            ("client_id", &s.sp_client_id),
            ("grant_type", "client_credentials"),
            ("client_assertion", assertion),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("scope", "https://management.azure.com/.default"),
        ]),
        &s.tenant_id,
    )
}

#[test]
fn federated_assertions_from_github_and_workload_issuers_are_exchanged() {
    let mut e = Emu::new();
    let s = e.settings.clone();
    for assertion in [
        github_oidc_token(&s, e.now, AUDIENCE_EXCHANGE),
        workload_token(&s, e.now),
    ] {
        let r = e.send(assertion_request(&s, &assertion));
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let claims = verify_token(&s, r.json()["access_token"].as_str().unwrap()).unwrap();
        assert_eq!(claims["aud"], "https://management.azure.com");
    }
    // Wrong audience, expired, and foreign-signed assertions are refused.
    let r = e.send(assertion_request(
        &s,
        &github_oidc_token(&s, e.now, "api://other"),
    ));
    assert_eq!(r.json()["error_codes"], json!([700212]));
    let stale = workload_token(&s, e.now - Duration::from_secs(7200));
    let r = e.send(assertion_request(&s, &stale));
    assert_eq!(r.json()["error_codes"], json!([700024]));
    let mut other = s.clone();
    other.signing_key = "x".into();
    let r = e.send(assertion_request(&s, &workload_token(&other, e.now)));
    assert_eq!(r.status, 401);
    let mut stranger = s.clone();
    stranger.github_issuer = "https://evil.example".into();
    let r = e.send(assertion_request(
        &s,
        &github_oidc_token(&stranger, e.now, AUDIENCE_EXCHANGE),
    ));
    assert_eq!(r.json()["error_codes"], json!([700211]));
}

#[test]
fn openid_configuration_and_instance_discovery_point_at_the_emulator() {
    let mut e = Emu::new();
    let r = e.send(Request::new(
        "GET",
        &format!("/{TENANT}/v2.0/.well-known/openid-configuration"),
    ));
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(
        v["token_endpoint"],
        format!("{BASE}/{TENANT}/oauth2/v2.0/token")
    );
    assert_eq!(v["issuer"], format!("{BASE}/{TENANT}/v2.0"));
    assert_eq!(
        v["authorization_endpoint"],
        format!("{BASE}/{TENANT}/oauth2/v2.0/authorize")
    );
    let r = e.send(Request::new(
        "GET",
        "/nope/v2.0/.well-known/openid-configuration",
    ));
    assert_eq!(
        (r.status, r.json()["error"].as_str().unwrap()),
        (400, "invalid_tenant")
    );
    let r = e.send(Request::new(
        "GET",
        &format!("/common/discovery/instance?api-version=1.1&authorization_endpoint=https%3A%2F%2F127.0.0.1%3A8443%2F{TENANT}%2Foauth2%2Fv2.0%2Fauthorize"),
    ));
    let v = r.json();
    assert_eq!(
        v["tenant_discovery_endpoint"],
        format!("{BASE}/{TENANT}/v2.0/.well-known/openid-configuration")
    );
    assert_eq!(v["metadata"][0]["aliases"], json!(["127.0.0.1:8443"]));
}

#[test]
fn managed_identity_endpoint_needs_the_identity_header() {
    let mut e = Emu::new();
    let s = e.settings.clone();
    let path = "/msi/token?api-version=2019-08-01&resource=https://management.azure.com";
    let r = e.send(
        Request::new("GET", path)
            .header("X-IDENTITY-HEADER", &s.identity_header)
            .header("metadata", "true"),
    );
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(v["resource"], "https://management.azure.com");
    let exp: i64 = v["expires_on"]
        .as_str()
        .expect("expires_on is a string")
        .parse()
        .unwrap();
    assert!(exp > 1_790_000_000);
    let claims = verify_token(&s, v["access_token"].as_str().unwrap()).unwrap();
    assert_eq!(claims["oid"], s.mi_object_id.as_str());
    assert_eq!(claims["appid"], s.mi_client_id.as_str());
    let arm = e.send(
        Request::new("GET", "/subscriptions?api-version=2022-12-01")
            .bearer(v["access_token"].as_str().unwrap()),
    );
    assert_eq!(arm.status, 200);

    let r = e.send(Request::new("GET", path));
    assert_eq!(r.status, 401);
    let r = e.send(
        Request::new("GET", &format!("{path}&client_id={}", s.mi_client_id))
            .header("x-identity-header", &s.identity_header),
    );
    assert_eq!(r.status, 200);
    let r = e.send(
        Request::new("GET", &format!("{path}&client_id=someone"))
            .header("x-identity-header", &s.identity_header),
    );
    assert_eq!(r.status, 400);
    let r = e.send(
        Request::new("GET", "/msi/token?api-version=2019-08-01")
            .header("x-identity-header", &s.identity_header),
    );
    assert_eq!(r.status, 400);
}

#[test]
fn github_oidc_endpoint_hands_out_assertions_for_the_request_token() {
    let mut e = Emu::new();
    let s = e.settings.clone();
    let path = "/github/idtoken?api-version=2.0&audience=api://AzureADTokenExchange";
    let r = e.send(Request::new("GET", path).header(
        "Authorization",
        &format!("bearer {}", s.github_request_token),
    ));
    assert_eq!(r.status, 200);
    let jwt = r.json()["value"].as_str().unwrap().to_string();
    let claims = verify_token(&s, &jwt).unwrap();
    assert_eq!(claims["aud"], AUDIENCE_EXCHANGE);
    assert_eq!(claims["iss"], s.github_issuer.as_str());
    assert_eq!(claims["sub"], s.github_subject.as_str());
    assert_eq!(e.send(assertion_request(&s, &jwt)).status, 200);
    let r = e.send(Request::new("GET", path).header("Authorization", "bearer wrong"));
    assert_eq!(r.status, 401);
}
