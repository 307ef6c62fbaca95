//! Person sign-in (`core::entra`) through the core's `handle` with a controlled clock: the
//! device-code, authorization-code (PKCE) and refresh-token grants, their failure paths as
//! MSAL Python sees them, token lifetimes and expiry, the journal carrying codes in flight
//! across store instances, and the request log never holding a code or token that was
//! actually issued.

use std::time::{Duration, SystemTime};

use azrs_emulator::core::{
    AZURE_CLI_CLIENT_ID, DeviceCodeOutcome, Request, Response, Settings, State, handle,
    verify_token,
};
use azrs_emulator::front::{EmulatorOptions, Store, log};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use sha2::{Digest, Sha256};

const BASE: &str = "https://127.0.0.1:8443";
const TENANT: &str = "00000000-0000-4000-8000-00000000face";
const ARM_SCOPE: &str =
    "https://management.core.windows.net//.default offline_access openid profile";
const REDIRECT: &str = "http://localhost:35445";
const VERIFIER: &str = "dBjftJeZ4CVP-mJ92K27uhbUJU1p1r_wW1gFWFOEjXk";

struct Emu {
    state: State,
    settings: Settings,
    now: SystemTime,
    /// Every exchange, for the log-redaction check.
    seen: Vec<(Request, Response)>,
}

impl Emu {
    fn new() -> Self {
        Emu::with(|_| {})
    }

    fn with(tweak: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = Settings::new(BASE);
        tweak(&mut settings);
        Emu {
            state: State::default(),
            settings,
            now: SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000),
            seen: Vec::new(),
        }
    }

    fn send(&mut self, req: Request) -> Response {
        let r = handle(&mut self.state, &self.settings, self.now, &req);
        self.seen.push((req, r.clone()));
        r
    }

    fn post_form(&mut self, path: &str, pairs: &[(&str, &str)]) -> Response {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            s.append_pair(k, v);
        }
        let mut r =
            Request::new("POST", path).header("Content-Type", "application/x-www-form-urlencoded");
        r.body = s.finish().into_bytes();
        self.send(r)
    }

    fn token(&mut self, tenant: &str, pairs: &[(&str, &str)]) -> Response {
        self.post_form(&format!("/{tenant}/oauth2/v2.0/token"), pairs)
    }

    fn device_code(&mut self) -> Value {
        let r = self.post_form(
            "/organizations/oauth2/v2.0/devicecode",
            &[("client_id", AZURE_CLI_CLIENT_ID), ("scope", ARM_SCOPE)],
        );
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        r.json()
    }

    fn poll(&mut self, device_code: &str) -> Response {
        self.token(
            "organizations",
            &[
                ("client_id", AZURE_CLI_CLIENT_ID),
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("client_info", "1"),
                ("code", device_code),
                ("device_code", device_code),
            ],
        )
    }

    fn authorize(&mut self, extra: &[(&str, &str)]) -> Response {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()));
        let mut pairs: Vec<(&str, &str)> = vec![
            ("client_id", AZURE_CLI_CLIENT_ID),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
            ("scope", ARM_SCOPE),
            ("state", "xyzState"),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("nonce", "n0nceHash"),
            ("client_info", "1"),
            ("prompt", "select_account"),
        ];
        for (k, v) in extra {
            pairs.retain(|(pk, _)| pk != k);
            if !v.is_empty() {
                pairs.push((k, v));
            }
        }
        for (k, v) in &pairs {
            q.append_pair(k, v);
        }
        self.send(Request::new(
            "GET",
            &format!("/organizations/oauth2/v2.0/authorize?{}", q.finish()),
        ))
    }

    /// `/authorize` (query mode) and the code from its redirect.
    fn code(&mut self) -> String {
        let r = self.authorize(&[]);
        assert_eq!(r.status, 302, "{}", String::from_utf8_lossy(&r.body));
        redirect_params(&r)
            .into_iter()
            .find(|(k, _)| k == "code")
            .map(|(_, v)| v)
            .expect("a code")
    }

    fn redeem(&mut self, code: &str, verifier: &str, redirect: &str) -> Response {
        self.token(
            "organizations",
            &[
                ("client_id", AZURE_CLI_CLIENT_ID),
                ("grant_type", "authorization_code"),
                ("client_info", "1"),
                ("code", code),
                ("code_verifier", verifier),
                ("redirect_uri", redirect),
                ("scope", ARM_SCOPE),
            ],
        )
    }

    fn refresh(&mut self, tenant: &str, rt: &str) -> Response {
        self.token(
            tenant,
            &[
                ("client_id", AZURE_CLI_CLIENT_ID),
                ("grant_type", "refresh_token"),
                ("client_info", "1"),
                ("refresh_token", rt),
                ("scope", ARM_SCOPE),
            ],
        )
    }

    /// Signs in by device code (default policy: one pending poll) and returns the tokens.
    fn sign_in(&mut self) -> Value {
        let flow = self.device_code();
        let dc = flow["device_code"]
            .as_str()
            .expect("device_code")
            .to_string();
        assert_eq!(self.poll(&dc).status, 400);
        let r = self.poll(&dc);
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        r.json()
    }

    fn arm_status(&mut self, access_token: &str) -> (u16, String) {
        let r = self.send(
            Request::new("GET", "/subscriptions?api-version=2022-12-01").bearer(access_token),
        );
        (
            r.status,
            r.json()["error"]["code"].as_str().unwrap_or("").to_string(),
        )
    }

    fn advance(&mut self, secs: u64) {
        self.now += Duration::from_secs(secs);
    }
}

fn redirect_params(r: &Response) -> Vec<(String, String)> {
    let loc = r.header("Location").expect("a Location");
    let u = url::Url::parse(loc).expect("an absolute URL");
    u.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn error(r: &Response) -> (String, u64) {
    let v = r.json();
    (
        v["error"].as_str().unwrap_or("").to_string(),
        v["error_codes"][0].as_u64().unwrap_or(0),
    )
}

fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("JSON")
}

fn text(r: &Response) -> String {
    String::from_utf8_lossy(&r.body).into_owned()
}

// ---------------------------------------------------------------- device code

#[test]
fn device_code_flow_answers_as_entra_words_it() {
    let mut e = Emu::new();
    let flow = e.device_code();
    let code = flow["user_code"].as_str().unwrap();
    assert_eq!(code.len(), 9);
    assert!(
        code.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
        "{code}"
    );
    assert_eq!(flow["verification_uri"], format!("{BASE}/devicelogin"));
    assert_eq!(
        (flow["expires_in"].as_u64(), flow["interval"].as_u64()),
        (Some(900), Some(5))
    );
    assert_eq!(
        flow["message"],
        format!(
            "To sign in, use a web browser to open the page {BASE}/devicelogin and enter the code {code} to authenticate."
        )
    );
    assert_eq!(e.send(Request::new("GET", "/devicelogin")).status, 200);
}

#[test]
fn device_code_is_pending_for_the_configured_polls_then_signs_the_user_in() {
    let mut e = Emu::with(|s| s.device_code.pending_polls = 3);
    let flow = e.device_code();
    let dc = flow["device_code"].as_str().unwrap().to_string();
    for _ in 0..3 {
        let r = e.poll(&dc);
        assert_eq!(
            error(&r),
            ("authorization_pending".into(), 70016),
            "{}",
            text(&r)
        );
        e.advance(5);
    }
    let r = e.poll(&dc);
    assert_eq!(r.status, 200, "{}", text(&r));
    let v = r.json();
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(
        v["scope"],
        "https://management.core.windows.net//user_impersonation https://management.core.windows.net//.default"
    );
    assert_eq!(v["expires_in"], 3599);
    assert_eq!(v["foci"], "1");
    let at = claims(v["access_token"].as_str().unwrap());
    assert_eq!(at["aud"], "https://management.core.windows.net/");
    assert_eq!(at["upn"], "azrs-user@fake.onmicrosoft.com");
    assert_eq!(at["oid"], "00000000-0000-4000-8000-0000000a11ce");
    assert_eq!(at["idtyp"], "user");
    assert_eq!(at["tid"], TENANT);
    let id = claims(v["id_token"].as_str().unwrap());
    assert_eq!(id["aud"], AZURE_CLI_CLIENT_ID);
    assert_eq!(id["preferred_username"], "azrs-user@fake.onmicrosoft.com");
    assert_eq!(id["name"], "Azrs Test User");
    assert_eq!(id["iss"], format!("{BASE}/{TENANT}/v2.0"));
    let info: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(v["client_info"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(info["uid"], "00000000-0000-4000-8000-0000000a11ce");
    assert_eq!(info["utid"], TENANT);
    // The person's token works on ARM; the code is spent.
    assert_eq!(e.arm_status(v["access_token"].as_str().unwrap()).0, 200);
    assert_eq!(error(&e.poll(&dc)).0, "bad_verification_code");
}

#[test]
fn device_code_declined_or_expired_by_policy() {
    for (outcome, want) in [
        (DeviceCodeOutcome::Decline, "authorization_declined"),
        (DeviceCodeOutcome::Expire, "expired_token"),
    ] {
        let mut e = Emu::with(|s| {
            s.device_code.pending_polls = 0;
            s.device_code.outcome = outcome;
        });
        let dc = e.device_code()["device_code"].as_str().unwrap().to_string();
        let r = e.poll(&dc);
        assert_eq!(
            (r.status, error(&r).0.as_str()),
            (400, want),
            "{}",
            text(&r)
        );
    }
}

#[test]
fn device_code_expires_after_expires_in() {
    let mut e = Emu::with(|s| s.device_code.pending_polls = 100);
    let dc = e.device_code()["device_code"].as_str().unwrap().to_string();
    assert_eq!(error(&e.poll(&dc)).0, "authorization_pending");
    e.advance(900);
    assert_eq!(error(&e.poll(&dc)), ("expired_token".into(), 70019));
}

#[test]
fn device_code_refuses_unknown_codes_clients_and_tenants() {
    let mut e = Emu::new();
    assert_eq!(
        error(&e.poll("DAQABIQEAAADnot-issued")).0,
        "bad_verification_code"
    );
    let r = e.post_form(
        "/organizations/oauth2/v2.0/devicecode",
        &[
            ("client_id", "11111111-0000-4000-8000-000000000000"),
            ("scope", ARM_SCOPE),
        ],
    );
    assert_eq!(error(&r), ("unauthorized_client".into(), 700016));
    let r = e.post_form(
        "/organizations/oauth2/v2.0/devicecode",
        &[("client_id", AZURE_CLI_CLIENT_ID)],
    );
    assert_eq!(error(&r), ("invalid_request".into(), 900144));
    let r = e.post_form(
        "/someone-else/oauth2/v2.0/devicecode",
        &[("client_id", AZURE_CLI_CLIENT_ID), ("scope", ARM_SCOPE)],
    );
    assert_eq!(error(&r), ("invalid_tenant".into(), 90002));
    // Another public client may not redeem the Azure CLI's device code.
    let mut e = Emu::with(|s| {
        s.public_client_ids
            .push("22222222-0000-4000-8000-000000000000".into())
    });
    let dc = e.device_code()["device_code"].as_str().unwrap().to_string();
    let r = e.token(
        "organizations",
        &[
            ("client_id", "22222222-0000-4000-8000-000000000000"),
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("device_code", &dc),
        ],
    );
    assert_eq!(error(&r).0, "invalid_grant");
}

// ---------------------------------------------------------------- authorization code

#[test]
fn authorize_redirects_at_once_to_the_loopback_uri() {
    let mut e = Emu::new();
    let r = e.authorize(&[]);
    assert_eq!(r.status, 302);
    assert!(
        r.header("Location")
            .unwrap()
            .starts_with("http://localhost:35445?code=")
    );
    let p = redirect_params(&r);
    let names: Vec<&str> = p.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["code", "client_info", "state", "session_state"]);
    assert_eq!(p[2].1, "xyzState");

    // What MSAL Python 1.39 asks for: the answer as a form posting itself.
    let r = e.authorize(&[("response_mode", "form_post")]);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Type"), Some("text/html; charset=utf-8"));
    let page = text(&r);
    assert!(
        page.contains(
            "<form method=\"POST\" name=\"hiddenform\" action=\"http://localhost:35445\">"
        ),
        "{page}"
    );
    assert!(
        page.contains("<input type=\"hidden\" name=\"code\" value=\"1.AQ"),
        "{page}"
    );
    assert!(page.contains("name=\"state\" value=\"xyzState\""), "{page}");

    let r = e.authorize(&[("response_mode", "fragment")]);
    assert!(
        r.header("Location")
            .unwrap()
            .starts_with("http://localhost:35445#code=")
    );
}

#[test]
fn authorize_sends_nobody_to_a_redirect_uri_that_is_not_loopback() {
    let mut e = Emu::new();
    for bad in [
        "https://localhost:1/",
        "http://evil.example:35445",
        "http://127.0.0.2:1/",
        "urn:ietf:wg:oauth:2.0:oob",
    ] {
        let r = e.authorize(&[("redirect_uri", bad)]);
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.header("Location").is_none(), "{bad}");
        assert!(text(&r).contains("AADSTS50011"), "{}", text(&r));
    }
    for ok in ["http://127.0.0.1:8400/", "http://[::1]:1"] {
        assert_eq!(e.authorize(&[("redirect_uri", ok)]).status, 302, "{ok}");
    }
    let r = e.authorize(&[("client_id", "11111111-0000-4000-8000-000000000000")]);
    assert_eq!(r.status, 400);
    assert!(text(&r).contains("AADSTS700016"));
    // Protocol errors go back to the (trusted) redirect URI, with the state.
    let r = e.authorize(&[("response_type", "token")]);
    let p = redirect_params(&r);
    assert!(
        p.contains(&("error".into(), "unsupported_response_type".into())),
        "{p:?}"
    );
    assert!(p.contains(&("state".into(), "xyzState".into())));
    assert!(!p.iter().any(|(k, _)| k == "code"));
}

#[test]
fn authorization_code_checks_pkce_redirect_uri_and_single_use() {
    let mut e = Emu::new();
    let code = e.code();
    let r = e.redeem(
        &code,
        "not-the-verifier-not-the-verifier-not-the-v",
        REDIRECT,
    );
    assert_eq!(error(&r), ("invalid_grant".into(), 501481), "{}", text(&r));
    let r = e.redeem(&code, "", REDIRECT);
    assert_eq!(error(&r), ("invalid_grant".into(), 501481));
    let r = e.redeem(&code, VERIFIER, "http://localhost:1");
    assert_eq!(error(&r), ("invalid_grant".into(), 500112));
    let r = e.redeem(&code, VERIFIER, REDIRECT);
    assert_eq!(r.status, 200, "{}", text(&r));
    let v = r.json();
    // MSAL checks the id token's nonce against the one it sent to /authorize.
    assert_eq!(
        claims(v["id_token"].as_str().unwrap())["nonce"],
        "n0nceHash"
    );
    assert_eq!(e.arm_status(v["access_token"].as_str().unwrap()).0, 200);
    let r = e.redeem(&code, VERIFIER, REDIRECT);
    assert_eq!(error(&r), ("invalid_grant".into(), 54005));
    assert_eq!(
        error(&e.redeem("1.AQforged", VERIFIER, REDIRECT)).0,
        "invalid_grant"
    );
}

#[test]
fn authorization_code_with_plain_challenge_and_expiry() {
    let mut e = Emu::new();
    let r = e.authorize(&[
        ("code_challenge", "plain-verifier"),
        ("code_challenge_method", "plain"),
    ]);
    let code = redirect_params(&r)
        .into_iter()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1;
    assert_eq!(e.redeem(&code, "plain-verifier", REDIRECT).status, 200);
    let code = e.code();
    e.advance(600);
    assert_eq!(
        error(&e.redeem(&code, VERIFIER, REDIRECT)),
        ("invalid_grant".into(), 70008)
    );
}

// ---------------------------------------------------------------- refresh tokens

#[test]
fn refresh_tokens_rotate_and_the_old_one_stays_valid() {
    let mut e = Emu::new();
    let first = e.sign_in();
    let rt1 = first["refresh_token"].as_str().unwrap().to_string();
    e.advance(60);
    // az asks the tenant's authority after signing in through `organizations`.
    let r = e.refresh(TENANT, &rt1);
    assert_eq!(r.status, 200, "{}", text(&r));
    let second = r.json();
    let rt2 = second["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(rt1, rt2);
    assert_ne!(first["access_token"], second["access_token"]);
    let (a, b) = (claims(&rt1), claims(&rt2));
    assert_eq!(a["sid"], b["sid"], "one sign-in session");
    assert_eq!(e.refresh("common", &rt1).status, 200);
    assert_eq!(e.refresh("organizations", &rt2).status, 200);
    assert_eq!(
        e.arm_status(second["access_token"].as_str().unwrap()).0,
        200
    );
}

#[test]
fn bad_expired_and_revoked_refresh_tokens_are_invalid_grant() {
    let mut e = Emu::with(|s| s.refresh_token_lifetime_secs = 3600);
    let rt = e.sign_in()["refresh_token"].as_str().unwrap().to_string();
    assert_eq!(
        error(&e.refresh(TENANT, "garbage")),
        ("invalid_grant".into(), 9002313)
    );
    // Signed by someone else: as bad as garbage.
    let forged = Emu::with(|s| s.signing_key = "other".into()).sign_in()["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(error(&e.refresh(TENANT, &forged)).1, 9002313);
    // An access token is no refresh token.
    let at = e.refresh(TENANT, &rt).json()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(error(&e.refresh(TENANT, &at)).1, 9002313);

    e.advance(3600);
    let r = e.refresh(TENANT, &rt);
    assert_eq!(error(&r), ("invalid_grant".into(), 700082), "{}", text(&r));
    let d = r.json()["error_description"].as_str().unwrap().to_string();
    assert!(d.contains("was inactive for 0.01:00:00."), "{d}");

    let mut e = Emu::new();
    let rt = e.sign_in()["refresh_token"].as_str().unwrap().to_string();
    e.advance(10);
    let now = e
        .now
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    e.state.entra.revoke_sign_in_sessions(now);
    let r = e.refresh(TENANT, &rt);
    assert_eq!(error(&r), ("invalid_grant".into(), 50173), "{}", text(&r));
    // A new sign-in after the revocation works again.
    e.advance(1);
    let fresh = e.sign_in()["refresh_token"].as_str().unwrap().to_string();
    assert_eq!(e.refresh(TENANT, &fresh).status, 200);
}

#[test]
fn person_grants_need_a_known_public_client_and_tenant() {
    let mut e = Emu::new();
    let rt = e.sign_in()["refresh_token"].as_str().unwrap().to_string();
    let r = e.token(
        TENANT,
        &[
            ("client_id", "11111111-0000-4000-8000-000000000000"),
            ("grant_type", "refresh_token"),
            ("refresh_token", &rt),
            ("scope", ARM_SCOPE),
        ],
    );
    assert_eq!(error(&r), ("unauthorized_client".into(), 700016));
    assert_eq!(
        error(&e.refresh("consumers", &rt)),
        ("invalid_tenant".into(), 90002)
    );
    // Apps still sign in only through their own tenant (unchanged).
    let r = e.token(
        "organizations",
        &[
            ("client_id", "00000000-0000-4000-8000-0000000a9901"),
            ("grant_type", "client_credentials"),
            ("client_secret", "fake-client-secret"),
            ("scope", "https://management.core.windows.net//.default"),
        ],
    );
    assert_eq!(error(&r).0, "invalid_tenant");
}

// ---------------------------------------------------------------- lifetimes

#[test]
fn token_lifetime_applies_to_every_token_and_arm_refuses_expired_ones() {
    let mut e = Emu::with(|s| s.token_lifetime_secs = 30);
    let v = e.sign_in();
    assert_eq!(
        (v["expires_in"].as_i64(), v["ext_expires_in"].as_i64()),
        (Some(30), Some(30))
    );
    let at = v["access_token"].as_str().unwrap().to_string();
    let c = claims(&at);
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 30);
    let id = claims(v["id_token"].as_str().unwrap());
    assert_eq!(
        id["exp"].as_i64().unwrap() - id["iat"].as_i64().unwrap(),
        30
    );
    let sp = e.token(
        TENANT,
        &[
            ("client_id", "00000000-0000-4000-8000-0000000a9901"),
            ("grant_type", "client_credentials"),
            ("client_secret", "fake-client-secret"),
            ("scope", "https://management.core.windows.net//.default"),
        ],
    );
    assert_eq!(sp.json()["expires_in"], 30);
    assert!(verify_token(&e.settings, &at).is_ok());
    e.advance(30);
    assert_eq!(
        e.arm_status(&at),
        (401, "ExpiredAuthenticationToken".into())
    );
    // The refresh token outlives the access token: a refresh brings ARM access back.
    let fresh = e
        .refresh(TENANT, v["refresh_token"].as_str().unwrap())
        .json();
    assert_eq!(e.arm_status(fresh["access_token"].as_str().unwrap()).0, 200);
}

// ---------------------------------------------------------------- front: journal and log

#[test]
fn codes_in_flight_survive_a_second_store_and_never_reach_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let settings = EmulatorOptions::DEFAULT.core_settings(BASE);
    let now = SystemTime::now();
    let form = |pairs: &[(&str, &str)], path: &str| {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            s.append_pair(k, v);
        }
        let mut r =
            Request::new("POST", path).header("Content-Type", "application/x-www-form-urlencoded");
        r.body = s.finish().into_bytes();
        r
    };
    let a = Store::open(dir.path()).unwrap();
    let flow = a
        .handle(
            &settings,
            now,
            &form(
                &[("client_id", AZURE_CLI_CLIENT_ID), ("scope", ARM_SCOPE)],
                "/organizations/oauth2/v2.0/devicecode",
            ),
        )
        .unwrap()
        .json();
    let dc = flow["device_code"].as_str().unwrap().to_string();
    // A second process (its own store) replays the journal: the device code must be there.
    let b = Store::open(dir.path()).unwrap();
    let poll = form(
        &[
            ("client_id", AZURE_CLI_CLIENT_ID),
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("device_code", &dc),
        ],
        "/organizations/oauth2/v2.0/token",
    );
    assert_eq!(
        error(&b.handle(&settings, now, &poll).unwrap()).0,
        "authorization_pending"
    );
    let r = b.handle(&settings, now, &poll).unwrap();
    assert_eq!(r.status, 200, "{}", text(&r));
    // The first store catches up: the code is spent.
    assert_eq!(
        error(&a.handle(&settings, now, &poll).unwrap()).0,
        "bad_verification_code"
    );
    for f in ["state.journal", "state.json"] {
        let on_disk = std::fs::read_to_string(dir.path().join(f)).unwrap_or_default();
        assert!(!on_disk.contains(&dc), "{f} holds the device code");
        assert!(!on_disk.contains(&dc[12..]), "{f} holds the device code");
    }
}

#[test]
fn the_request_log_holds_none_of_the_codes_and_tokens_issued() {
    let mut e = Emu::new();
    let flow = e.device_code();
    let dc = e.poll(flow["device_code"].as_str().unwrap());
    assert_eq!(dc.status, 400);
    let signed_in = e.poll(flow["device_code"].as_str().unwrap()).json();
    let r = e.authorize(&[]);
    let code = redirect_params(&r)
        .into_iter()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1;
    let form_post = e.authorize(&[("response_mode", "form_post")]);
    let by_code = e.redeem(&code, VERIFIER, REDIRECT).json();
    let refreshed = e
        .refresh(TENANT, by_code["refresh_token"].as_str().unwrap())
        .json();
    let page = text(&form_post);
    let posted_code = page
        .split("name=\"code\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let mut secrets: Vec<String> = vec![
        flow["device_code"].as_str().unwrap().into(),
        flow["user_code"].as_str().unwrap().into(),
        code.clone(),
        posted_code,
        VERIFIER.into(),
    ];
    for v in [&signed_in, &by_code, &refreshed] {
        for k in ["access_token", "refresh_token", "id_token"] {
            secrets.push(v[k].as_str().unwrap().into());
        }
    }
    let mut log = String::new();
    for (req, resp) in &e.seen {
        let entry = log::entry("https", e.now, req, Some(resp), None, Duration::ZERO);
        log.push_str(&entry.to_string());
        log.push('\n');
    }
    for s in &secrets {
        assert!(!log.contains(s.as_str()), "{s} is in the log:\n{log}");
        // Not even half of a long one (a code cut in two by an encoder would still leak).
        if s.len() >= 16 {
            assert!(
                !log.contains(&s[..s.len() / 2]),
                "part of {s} is in the log"
            );
        }
    }
    assert!(log.contains("\"grant_type\":\"authorization_code\""));
}

#[test]
fn over_https_nothing_issued_reaches_the_log_state_or_journal() {
    use azrs_emulator::front::server::{self, ServerConfig};
    use azrs_emulator::front::{FaultConfig, log::LOG_FILE};

    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (issued, emulator_json) = rt.block_on(async {
        let srv = server::start(ServerConfig {
            state_dir: dir.path().to_path_buf(),
            bind: server::DEFAULT_BIND,
            port: 0,
            options: EmulatorOptions {
                token_lifetime_secs: 120,
                ..EmulatorOptions::DEFAULT
            },
            faults: FaultConfig::default(),
        })
        .await
        .expect("server starts");
        let url = srv.url().to_string();
        let pem = std::fs::read(dir.path().join("ca.pem")).unwrap();
        let client = reqwest::Client::builder()
            .tls_certs_only([reqwest::Certificate::from_pem(&pem).unwrap()])
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let encode = |pairs: &[(&str, &str)]| {
            let mut s = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in pairs {
                s.append_pair(k, v);
            }
            s.finish()
        };
        let post = |path: &str, pairs: Vec<(&'static str, String)>| {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            client
                .post(format!("{url}{path}"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(encode(&pairs))
                .send()
        };
        let cli = || AZURE_CLI_CLIENT_ID.to_string();
        let flow: Value = post(
            "/organizations/oauth2/v2.0/devicecode",
            vec![("client_id", cli()), ("scope", ARM_SCOPE.into())],
        )
        .await
        .unwrap()
        .bytes()
        .await
        .map(|b| serde_json::from_slice(&b).unwrap())
        .unwrap();
        let dc = flow["device_code"].as_str().unwrap().to_string();
        let poll = || {
            post(
                "/organizations/oauth2/v2.0/token",
                vec![
                    ("client_id", cli()),
                    ("grant_type", "urn:ietf:params:oauth:grant-type:device_code".into()),
                    ("client_info", "1".into()),
                    ("device_code", dc.clone()),
                ],
            )
        };
        assert_eq!(poll().await.unwrap().status(), 400);
        let tokens: Value =
            serde_json::from_slice(&poll().await.unwrap().bytes().await.unwrap()).unwrap();
        assert_eq!(tokens["expires_in"], 120, "{tokens}");
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()));
        let query = encode(&[
            ("client_id", AZURE_CLI_CLIENT_ID),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
            ("scope", ARM_SCOPE),
            ("state", "s"),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ]);
        let r = client
            .get(format!("{url}/organizations/oauth2/v2.0/authorize?{query}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 302);
        let loc = url::Url::parse(r.headers()["location"].to_str().unwrap()).unwrap();
        let code = loc.query_pairs().find(|(k, _)| k == "code").unwrap().1.into_owned();
        let by_code: Value = post(
            "/organizations/oauth2/v2.0/token",
            vec![
                ("client_id", cli()),
                ("grant_type", "authorization_code".into()),
                ("code", code.clone()),
                ("code_verifier", VERIFIER.into()),
                ("redirect_uri", REDIRECT.into()),
                ("scope", ARM_SCOPE.into()),
            ],
        )
        .await
        .unwrap()
        .bytes()
        .await
        .map(|b| serde_json::from_slice(&b).unwrap())
        .unwrap();
        let rt1 = by_code["refresh_token"].as_str().unwrap().to_string();
        let refreshed: Value = post(
            &format!("/{TENANT}/oauth2/v2.0/token"),
            vec![
                ("client_id", cli()),
                ("grant_type", "refresh_token".into()),
                ("refresh_token", rt1.clone()),
                ("scope", ARM_SCOPE.into()),
            ],
        )
        .await
        .unwrap()
        .bytes()
        .await
        .map(|b| serde_json::from_slice(&b).unwrap())
        .unwrap();
        let groups = client
            .get(format!("{url}/subscriptions/00000000-0000-4000-8000-0000000005ab/resourcegroups?api-version=2024-11-01"))
            .bearer_auth(refreshed["access_token"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(groups.status(), 200, "the person's token works on ARM");
        let mut issued = vec![
            dc,
            flow["user_code"].as_str().unwrap().to_string(),
            code,
            VERIFIER.to_string(),
        ];
        for v in [&tokens, &by_code, &refreshed] {
            for k in ["access_token", "refresh_token", "id_token"] {
                issued.push(v[k].as_str().unwrap().to_string());
            }
        }
        srv.shutdown().await;
        let info = std::fs::read_to_string(dir.path().join("emulator.json")).unwrap();
        (issued, info)
    });
    let info: Value = serde_json::from_str(&emulator_json).unwrap();
    assert_eq!(
        info["user"]["userPrincipalName"],
        "azrs-user@fake.onmicrosoft.com"
    );
    assert_eq!(info["tokenLifetimeSecs"], 120);
    let mut on_disk = String::new();
    for f in [LOG_FILE, "state.json", "state.journal"] {
        on_disk.push_str(&std::fs::read_to_string(dir.path().join(f)).unwrap_or_default());
    }
    assert!(
        on_disk.contains("authorization_code"),
        "the log was written"
    );
    for s in &issued {
        assert!(!on_disk.contains(s.as_str()), "{s} is on disk");
    }
}
