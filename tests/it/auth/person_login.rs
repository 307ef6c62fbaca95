//! A person's login served from az's token cache, against a scripted Entra (fake transport):
//! a cached access token is used without a request; otherwise the refresh token is redeemed
//! as MSAL redeems it (form, routing header), the new access token stored for the tenant and
//! the rotated refresh token put in place of the old one; a refused refresh token gives az's
//! message; a user missing from the cache gets az's advice. Also the device-code protocol
//! pieces (`/devicecode`, the polls' form) and reading who signed in from `client_info` and
//! the id token. The whole `azrs login` against the emulator's Entra and the real az is the
//! differential `token_cache` trial's.

use super::*;
use azrs::auth::msal::{self, AZURE_CLI_CLIENT_ID, CacheIdentity, TokenCache, oauth};
use base64::Engine as _;

const USER: &str = "azrs-user@fake.onmicrosoft.com";
const HOME: &str = "00000000-0000-4000-8000-0000000a11ce.00000000-0000-4000-8000-00000000face";
const SCOPE: &str = "https://management.core.windows.net//.default";
const AUTHORITY: &str = "https://login.fake.test";
const JSON: &[(&str, &str)] = &[("content-type", "application/json")];

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

fn who(realm: &str) -> CacheIdentity {
    CacheIdentity {
        home_account_id: Some(HOME.into()),
        environment: "login.fake.test".into(),
        client_id: AZURE_CLI_CLIENT_ID.into(),
        realm: realm.into(),
    }
}

/// A cache as az leaves it after a device-code login at `organizations`.
fn signed_in_cache(dir: &std::path::Path, at_lifetime: i64) -> std::path::PathBuf {
    let path = msal::token_cache_path(dir);
    let mut cache = TokenCache::default();
    let response = msal::cache::TokenResponse {
        access_token: "at-organizations".into(),
        expires_in: at_lifetime,
        refresh_token: Some("rt-first".into()),
        id_token: Some("idt".into()),
        foci: Some("1".into()),
        ..Default::default()
    };
    cache.add(
        &who("organizations"),
        &[SCOPE],
        &response,
        Some((
            HOME,
            "00000000-0000-4000-8000-0000000a11ce",
            USER,
            oauth::DEVICE_CODE_GRANT,
        )),
        now(),
    );
    std::fs::write(&path, cache.to_text()).expect("write cache");
    path
}

fn user_request(http: &Arc<FakeHttp>, dir: &std::path::Path, tenant: &str) -> CredentialRequest {
    CredentialRequest {
        env: EnvVars::from_pairs([]),
        login: Some(LoginChoice::User {
            tenant_id: tenant.into(),
            username: USER.into(),
        }),
        authority_host: AUTHORITY.into(),
        transport: http.clone(),
        token_cache: Some(msal::token_cache_path(dir)),
    }
}

fn form(r: &fake_http::Recorded) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&r.body).into_owned().collect()
}

#[tokio::test]
async fn cached_token_of_the_realm_is_used_without_a_request() {
    let http = FakeHttp::new();
    let dir = tempfile::tempdir().unwrap();
    signed_in_cache(dir.path(), 3600);
    let sel = auth::select_credential(&user_request(&http, dir.path(), "organizations")).unwrap();
    assert_eq!(sel.kind, CredentialKind::User);
    let t = sel.credential.get_token(&[SCOPE], None).await.unwrap();
    assert_eq!(t.token.secret(), "at-organizations");
    assert!(http.requests().is_empty());
}

#[tokio::test]
async fn refresh_token_renews_for_the_tenant_and_rotates_in_place() {
    let http = FakeHttp::new();
    http.on(
        "POST",
        &format!("/{TENANT}/oauth2/v2.0/token"),
        200,
        JSON,
        &format!(
            r#"{{"token_type":"Bearer","scope":"{SCOPE} https://management.core.windows.net//user_impersonation","expires_in":3599,"ext_expires_in":3599,"access_token":"at-tenant","refresh_token":"rt-second","id_token":"idt2","client_info":"e30"}}"#
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = signed_in_cache(dir.path(), 3600);
    let sel = auth::select_credential(&user_request(&http, dir.path(), TENANT)).unwrap();
    let t = sel.credential.get_token(&[SCOPE], None).await.unwrap();
    assert_eq!(t.token.secret(), "at-tenant");

    let reqs = http.requests();
    assert_eq!(reqs.len(), 1);
    let f = form(&reqs[0]);
    let get = |k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("grant_type"), Some("refresh_token"));
    assert_eq!(get("client_id"), Some(AZURE_CLI_CLIENT_ID));
    assert_eq!(get("refresh_token"), Some("rt-first"));
    assert_eq!(get("client_info"), Some("1"));
    assert_eq!(
        get("scope"),
        Some(format!("{SCOPE} offline_access openid profile").as_str())
    );
    assert_eq!(
        reqs[0].header("x-anchormailbox"),
        Some(format!("Oid:{}", HOME.replace('.', "@")).as_str())
    );

    // Stored for the tenant, keyed by the granted scope; the refresh token rotated in its
    // entry (no second one); no new account (MSAL's refresh skips account creation).
    let cache: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let rts: Vec<&Value> = cache["RefreshToken"]
        .as_object()
        .unwrap()
        .values()
        .collect();
    assert_eq!(rts.len(), 1);
    assert_eq!(rts[0]["secret"], "rt-second");
    assert_eq!(cache["Account"].as_object().unwrap().len(), 1);
    let tenant_at = cache["AccessToken"]
        .as_object()
        .unwrap()
        .values()
        .find(|e| e["realm"] == TENANT)
        .expect("tenant token");
    assert_eq!(
        tenant_at["target"],
        format!("{SCOPE} https://management.core.windows.net//user_impersonation")
    );

    // A second process finds it: no request.
    let again = auth::select_credential(&user_request(&http, dir.path(), TENANT)).unwrap();
    let t2 = again.credential.get_token(&[SCOPE], None).await.unwrap();
    assert_eq!(t2.token.secret(), "at-tenant");
    assert_eq!(http.requests().len(), 1);
    http.verify();
}

#[tokio::test]
async fn refused_refresh_token_gives_az_message() {
    let http = FakeHttp::new();
    http.on(
        "POST",
        &format!("/{TENANT}/oauth2/v2.0/token"),
        400,
        JSON,
        r#"{"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to inactivity.","error_codes":[700082]}"#,
    );
    let dir = tempfile::tempdir().unwrap();
    signed_in_cache(dir.path(), 3600);
    let sel = auth::select_credential(&user_request(&http, dir.path(), TENANT)).unwrap();
    let err = sel.credential.get_token(&[SCOPE], None).await.unwrap_err();
    // What the real az 2.91 prints for a refused refresh token (with azrs for az).
    assert_eq!(
        err.to_string(),
        format!(
            "AADSTS700082: The refresh token has expired due to inactivity.\nRun the command below to authenticate interactively; additional arguments may be added as needed:\nazrs logout\nazrs login --tenant \"{TENANT}\" --scope \"{SCOPE}\""
        )
    );
    assert!(!err.to_string().contains("rt-first"));
}

#[tokio::test]
async fn user_missing_from_the_cache_is_told_to_log_in() {
    let http = FakeHttp::new();
    let dir = tempfile::tempdir().unwrap();
    let sel = auth::select_credential(&user_request(&http, dir.path(), TENANT)).unwrap();
    let err = sel.credential.get_token(&[SCOPE], None).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("User '{USER}' does not exist in MSAL token cache. Run `azrs login`.")
    );
    assert!(http.requests().is_empty());
}

#[tokio::test]
async fn device_code_flow_speaks_msal_form() {
    let http = FakeHttp::new();
    http.on(
        "POST",
        "/organizations/oauth2/v2.0/devicecode",
        200,
        JSON,
        r#"{"device_code":"dc-secret","user_code":"ABC","verification_uri":"https://x/devicelogin","expires_in":900,"interval":5,"message":"To sign in, enter ABC."}"#,
    );
    http.on(
        "POST",
        "/organizations/oauth2/v2.0/token",
        400,
        JSON,
        r#"{"error":"authorization_pending","error_description":"pending"}"#,
    );
    let transport: Arc<dyn azure_core::http::HttpClient> = http.clone();
    let flow = oauth::initiate_device_flow(&transport, AUTHORITY, "organizations", &[SCOPE])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(flow.message, "To sign in, enter ABC.");
    assert_eq!(flow.interval, 5);
    let polled = oauth::poll_device_flow(&transport, AUTHORITY, "organizations", &[SCOPE], &flow)
        .await
        .unwrap();
    assert!(
        matches!(polled, oauth::TokenOutcome::Refused(e) if e.error == "authorization_pending")
    );
    let reqs = http.requests();
    let start = form(&reqs[0]);
    assert_eq!(
        start,
        vec![
            ("client_id".to_owned(), AZURE_CLI_CLIENT_ID.to_owned()),
            (
                "scope".to_owned(),
                format!("{SCOPE} offline_access openid profile")
            ),
            ("claims".to_owned(), oauth::CP1_CLAIMS.to_owned()),
        ]
    );
    // MSAL's poll, as the real az sent it: the code under both names, no scope.
    let poll: Vec<String> = form(&reqs[1]).into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        poll,
        [
            "client_id",
            "grant_type",
            "client_info",
            "code",
            "claims",
            "device_code"
        ]
    );
    http.verify();
}

#[test]
fn who_signed_in_comes_from_client_info_and_the_id_token() {
    let b64 = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let id_token = format!(
        "{}.{}.sig",
        b64(json!({"alg": "none"})),
        b64(json!({"oid": "oid-1", "tid": "tid-1", "preferred_username": USER, "sub": "s"}))
    );
    let answer = json!({"client_info": b64(json!({"uid": "oid-1", "utid": "tid-1"}))});
    let response = msal::cache::TokenResponse {
        id_token: Some(id_token),
        ..Default::default()
    };
    assert_eq!(
        oauth::account_of(&answer, &response),
        Some((
            "oid-1.tid-1".to_owned(),
            "oid-1".to_owned(),
            USER.to_owned(),
            "tid-1".to_owned()
        ))
    );
}
