//! What every ARM route shares: the seeded subscription, settings overrides, the cloud
//! metadata endpoint (with az's doubled slash), api-version checks, request ids and
//! rate-limit headers, unknown routes and methods, and bearer-token checks.

use super::*;

// ---------------------------------------------------------------- subscriptions, metadata

#[test]
fn subscriptions_list_and_get_describe_the_seeded_subscription() {
    let mut e = Emu::new();
    let r = e.get("/subscriptions?api-version=2022-12-01");
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["count"], json!({"type": "Total", "value": 1}));
    assert_eq!(v["value"][0]["subscriptionId"], SUB);
    assert_eq!(v["value"][0]["tenantId"], TENANT);
    assert_eq!(v["value"][0]["displayName"], "Fake Subscription");
    let one = e.get("/subscriptions/{sub}?api-version=2022-12-01").json();
    assert_eq!(one, v["value"][0]);
    let t = e.get("/tenants?api-version=2022-12-01").json();
    assert_eq!(t["value"][0]["tenantId"], TENANT);
    let l = e
        .get("/subscriptions/{sub}/locations?api-version=2022-12-01")
        .json();
    assert!(
        l["value"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["name"] == "westus2")
    );
}

#[test]
fn settings_fields_override_the_defaults() {
    let mut e = Emu::with(|s| {
        s.subscription_id = "11111111-1111-4111-8111-111111111111".into();
        s.subscription_name = "Other".into();
    });
    let v = e.get("/subscriptions?api-version=2022-12-01").json();
    assert_eq!(
        v["value"][0]["subscriptionId"],
        "11111111-1111-4111-8111-111111111111"
    );
    assert_eq!(v["value"][0]["displayName"], "Other");
    let r = e.get(&format!("/subscriptions/{SUB}?api-version=2022-12-01"));
    assert_eq!(r.status, 404);
    assert_eq!(err_code(&r), "SubscriptionNotFound");
}

#[test]
fn metadata_endpoints_point_at_the_emulator_without_auth() {
    let mut e = Emu::new();
    let r = e.send(Request::new(
        "GET",
        "/metadata/endpoints?api-version=2022-09-01",
    ));
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["resourceManager"], format!("{BASE}/"));
    assert_eq!(v["authentication"]["loginEndpoint"], format!("{BASE}/"));
    assert_eq!(
        v["authentication"]["audiences"],
        json!([
            "https://management.core.windows.net/",
            "https://management.azure.com/"
        ])
    );
}

// az registers a cloud from `--endpoint-resource-manager https://host:port/` and asks for
// `<endpoint>/metadata/endpoints`, i.e. with a doubled slash.
#[test]
fn metadata_endpoints_answer_the_double_slash_az_sends() {
    let mut e = Emu::new();
    let r = e.send(Request::new(
        "GET",
        "//metadata/endpoints?api-version=2022-09-01",
    ));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["resourceManager"], format!("{BASE}/"));
}

// ---------------------------------------------------------------- api-version, headers, routes

#[test]
fn api_version_is_required_and_checked_per_resource_type() {
    let mut e = Emu::new();
    let r = e.get("/subscriptions/{sub}/resourcegroups");
    assert_eq!(r.status, 400);
    assert_eq!(err_code(&r), "MissingApiVersionParameter");
    assert_eq!(
        r.json()["error"]["message"],
        "The api-version query parameter (?api-version=) is required for all requests."
    );
    let r = e.get("/subscriptions/{sub}/resourcegroups?api-version=1999-01-01");
    assert_eq!(r.status, 400);
    assert_eq!(err_code(&r), "InvalidApiVersionParameter");
    let msg = r.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        msg.starts_with("The api-version '1999-01-01' is invalid. The supported versions are '")
    );
    assert!(msg.contains("2024-11-01"));
    // Features accept the old 2015 version, groups do not.
    assert_eq!(
        e.get("/subscriptions/{sub}/providers/Microsoft.Features/features?api-version=2015-12-01")
            .status,
        200
    );
    let r = e.get(
        "/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c?api-version=2020-01-01",
    );
    assert_eq!(r.status, 400);
    assert_eq!(err_code(&r), "NoRegisteredProviderFound");
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("2026-06-01")
    );
}

#[test]
fn every_arm_answer_carries_request_ids_and_rate_limit_counters() {
    let mut e = Emu::new();
    let token = arm_token(&e.settings, e.now);
    let r = e.send(
        Request::new("GET", "/subscriptions?api-version=2022-12-01")
            .bearer(&token)
            .header("x-ms-correlation-request-id", "corr-1"),
    );
    let rid = r.header("x-ms-request-id").unwrap().to_string();
    assert_eq!(rid.len(), 36);
    assert_eq!(r.header("x-ms-correlation-request-id"), Some("corr-1"));
    assert!(r.header("x-ms-routing-request-id").unwrap().ends_with(&rid));
    assert_eq!(
        r.header("x-ms-ratelimit-remaining-tenant-reads"),
        Some("11999")
    );
    let r2 = e.get("/subscriptions/{sub}?api-version=2022-12-01");
    assert_ne!(r2.header("x-ms-request-id").unwrap(), rid);
    assert_eq!(
        r2.header("x-ms-ratelimit-remaining-subscription-reads"),
        Some("11998")
    );
    let w = e.call(
        "PUT",
        &format!("/subscriptions/{{sub}}/resourcegroups/g?{RES}"),
        Some(json!({"location": "westus2"})),
    );
    assert_eq!(
        w.header("x-ms-ratelimit-remaining-subscription-writes"),
        Some("1199")
    );
    let d = e.call(
        "DELETE",
        &format!("/subscriptions/{{sub}}/resourcegroups/g?{RES}"),
        None,
    );
    assert_eq!(
        d.header("x-ms-ratelimit-remaining-subscription-deletes"),
        Some("14999")
    );
}

#[test]
fn unknown_routes_and_methods_are_refused() {
    let mut e = Emu::new();
    let r = e.get(&format!(
        "/subscriptions/{{sub}}/providers/Microsoft.ContainerService/fooBars?{AKS}"
    ));
    assert_eq!(r.status, 400);
    assert_eq!(err_code(&r), "InvalidResourceType");
    let r = e.call(
        "POST",
        &format!("/subscriptions/{{sub}}/resourcegroups/g?{RES}"),
        None,
    );
    assert_eq!(r.status, 405);
    assert_eq!(err_code(&r), "MethodNotAllowed");
}

// ---------------------------------------------------------------- ARM bearer check

fn www(r: &Response) -> String {
    r.header("WWW-Authenticate").unwrap_or("").to_string()
}

#[test]
fn missing_authorization_is_401_with_www_authenticate() {
    let mut e = Emu::new();
    let r = e.send(Request::new("GET", "/subscriptions?api-version=2022-12-01"));
    assert_eq!(r.status, 401);
    assert_eq!(
        r.json(),
        json!({"error": {"code": "AuthenticationFailed", "message": "Authentication failed. The 'Authorization' header is missing."}})
    );
    assert_eq!(
        www(&r),
        format!(
            "Bearer authorization_uri=\"https://login.windows.net/{TENANT}\", error=\"invalid_token\", error_description=\"The authentication failed because of missing 'Authorization' header.\""
        )
    );
}

#[test]
fn malformed_forged_expired_and_misaddressed_tokens_are_401() {
    let mut e = Emu::new();
    let path = "/subscriptions?api-version=2022-12-01";
    let r = e.send(Request::new("GET", path).header("Authorization", "Basic abc"));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (401, "AuthenticationFailedInvalidHeader")
    );
    let r = e.send(Request::new("GET", path).bearer("not-a-jwt"));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (401, "InvalidAuthenticationToken")
    );

    let mut other = e.settings.clone();
    other.signing_key = "someone-else".into();
    let forged = arm_token(&other, e.now);
    let r = e.send(Request::new("GET", path).bearer(&forged));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (401, "InvalidAuthenticationToken")
    );
    assert!(www(&r).contains("invalid signature"));

    let old = arm_token(&e.settings, e.now - Duration::from_secs(7200));
    let r = e.send(Request::new("GET", path).bearer(&old));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (401, "ExpiredAuthenticationToken")
    );
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("The access token expiry UTC time '")
    );

    let graph = issue_token(
        &e.settings,
        e.now,
        "https://graph.microsoft.com/",
        "app",
        "oid",
    );
    let r = e.send(Request::new("GET", path).bearer(&graph));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (401, "InvalidAuthenticationTokenAudience")
    );

    let mut foreign = e.settings.clone();
    foreign.tenant_id = "99999999-0000-4000-8000-000000000000".into();
    let t = arm_token(&foreign, e.now);
    let r = e.send(Request::new("GET", path).bearer(&t));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (401, "InvalidAuthenticationTokenTenant")
    );
    assert!(www(&r).starts_with("Bearer authorization_uri=\"https://login.windows.net/"));
}

#[test]
fn both_arm_audiences_are_accepted_and_checks_can_be_relaxed() {
    let mut e = Emu::new();
    for aud in [
        "https://management.core.windows.net/",
        "https://management.azure.com",
    ] {
        let t = issue_token(&e.settings, e.now, aud, "app", "oid");
        let r = e.send(Request::new("GET", "/subscriptions?api-version=2022-12-01").bearer(&t));
        assert_eq!(r.status, 200, "{aud}");
    }
    let mut lax = Emu::with(|s| s.verify_tokens = false);
    let r =
        lax.send(Request::new("GET", "/subscriptions?api-version=2022-12-01").bearer("anything"));
    assert_eq!(r.status, 200);
    let r = lax.send(Request::new("GET", "/subscriptions?api-version=2022-12-01"));
    assert_eq!(r.status, 401);
}
