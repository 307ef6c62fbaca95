//! Issue 11's acceptance for a person, on the embedded emulator: after one `azrs login
//! --use-device-code` the seed walkthrough asks Entra for no further token; with a short token
//! lifetime (the emulator's `options.json`, its `--token-lifetime` in process) every command
//! renews its access token with the refresh token, once, and the emulator counts it; a refresh
//! token that expired from disuse, or a device code the person declines, gives az's message and
//! exit 1. Token requests are counted in the emulator's `requests.jsonl`, by grant.

use super::*;
use crate::common::Azrs;

/// The device-code login as a person types it.
const LOGIN: &[&str] = &["login", "--use-device-code", "-o", "none"];

/// The grant of every token request the emulator logged, in order (`devicecode` for the
/// device-code initiation, which is not a token request but a sign-in round trip all the same).
fn entra_requests(az: &Azrs) -> Vec<String> {
    az.requests()
        .iter()
        .filter_map(|r| {
            let path = r["path"].as_str()?;
            if path.ends_with("/oauth2/v2.0/devicecode") {
                Some("devicecode".to_owned())
            } else if path.ends_with("/oauth2/v2.0/token") {
                Some(
                    r["body"]["form"]["grant_type"]
                        .as_str()
                        .unwrap_or("?")
                        .to_owned(),
                )
            } else {
                None
            }
        })
        .collect()
}

/// A sandbox whose embedded emulator has `options` (keys of `embedded::OPTIONS_FILE`).
fn sandbox(options: Value) -> Azrs {
    let az = Azrs::new();
    std::fs::create_dir_all(az.emulator_dir()).expect("state dir");
    std::fs::write(
        az.emulator_dir().join(azrs::embedded::OPTIONS_FILE),
        options.to_string(),
    )
    .expect("options.json");
    az
}

/// `azrs login --use-device-code`, which must succeed; returns its stderr (the device-code
/// message az prints).
fn device_code_login(az: &Azrs) -> String {
    let run = az.run(LOGIN).ok();
    assert!(
        run.stderr
            .starts_with("To sign in, use a web browser to open the page "),
        "{}",
        run.stderr
    );
    run.stderr
}

#[test]
fn walkthrough_after_a_device_code_login_makes_no_further_token_request() {
    // No pending poll, so the login does not wait a polling interval.
    let az = sandbox(json!({"deviceCodePolls": 0, "deviceCodeIntervalSecs": 0}));
    device_code_login(&az);
    // The login itself: the device code, its redemption at `organizations`, then the refresh
    // token redeemed at the tenant for the subscriptions (what az 2.91 sends, see
    // tests/fixtures/az-user-login).
    let login = entra_requests(&az);
    assert_eq!(
        login,
        [
            "devicecode",
            "urn:ietf:params:oauth:grant-type:device_code",
            "refresh_token"
        ]
    );
    let account = az.run(&["account", "show"]).ok().json();
    assert_eq!(account["user"]["type"], "user");
    super::token_cache::walkthrough(&az, false);
    assert_eq!(
        entra_requests(&az),
        login,
        "the walkthrough is served from az's token cache"
    );
}

#[test]
fn short_token_lifetime_renews_each_command_with_one_counted_refresh() {
    // A token with under five minutes left is not used (MSAL's rule), so with one minute of
    // lifetime every command renews once with the refresh token and uses the new token.
    let az = sandbox(json!({
        "deviceCodePolls": 0,
        "deviceCodeIntervalSecs": 0,
        "tokenLifetimeSecs": 60
    }));
    device_code_login(&az);
    let after_login = entra_requests(&az).len();
    az.run(&["group", "list"]).ok();
    az.run(&["group", "create", "-n", "rg", "-l", "westus2"])
        .ok();
    let renewals = &entra_requests(&az)[after_login..];
    assert_eq!(renewals, ["refresh_token", "refresh_token"]);
    // The rotated refresh token replaced the old one in the cache: still exactly one.
    let cache: Value = serde_json::from_str(
        &std::fs::read_to_string(az.config_dir().join("msal_token_cache.json")).expect("cache"),
    )
    .expect("cache parses");
    assert_eq!(cache["RefreshToken"].as_object().map(|m| m.len()), Some(1));
}

#[test]
fn refresh_token_expired_from_disuse_gives_az_message_and_exit_1() {
    let az = sandbox(json!({
        "deviceCodePolls": 0,
        "deviceCodeIntervalSecs": 0,
        "tokenLifetimeSecs": 60,
        "refreshTokenLifetimeSecs": 3
    }));
    // The login itself redeems the refresh token once (for the subscriptions), so its idle
    // limit must outlast a login on a loaded machine: 1 s did not.
    device_code_login(&az);
    // The idle limit is whole seconds from the token's last use.
    std::thread::sleep(std::time::Duration::from_millis(3100));
    let run = az.run(&["group", "list"]).expect_code(1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("ERROR: AADSTS700082: The refresh token has expired due to inactivity."),
        "{}",
        run.stderr
    );
    // az's advice names the tenant and the scope the token was for (fixture refusals.txt),
    // with azrs's program name.
    assert!(
        run.stderr.ends_with(&format!(
            "Run the command below to authenticate interactively; additional arguments may be added as needed:\n\
             azrs logout\n\
             azrs login --tenant \"{TENANT}\" --scope \"https://management.core.windows.net//.default\"\n"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(
        entra_requests(&az).last().map(String::as_str),
        Some("refresh_token")
    );
}

#[test]
fn declined_device_code_gives_az_message_exit_1_and_no_login() {
    let az = sandbox(json!({
        "deviceCodePolls": 0,
        "deviceCodeIntervalSecs": 0,
        "deviceCodeOutcome": "decline"
    }));
    let run = az.run(LOGIN).expect_code(1);
    let (message, error) = run.stderr.split_once('\n').expect("two parts");
    assert!(
        message.starts_with("To sign in, use a web browser to open the page "),
        "{message}"
    );
    assert!(
        error.starts_with("ERROR: AADSTS70000: The end user declined the authorization request."),
        "{error}"
    );
    assert!(
        error.ends_with(
            "Run the command below to authenticate interactively; additional arguments may be added as needed:\n\
             azrs logout\n\
             azrs login\n"
        ),
        "{error}"
    );
    // Nothing was recorded: az's advice to log in still stands.
    let listed = az.run(&["account", "list"]).ok();
    assert_eq!(listed.stdout, "[]\n");
}

#[test]
fn debug_logs_the_sign_in_requests_with_their_secrets_redacted() {
    // az 2.91 logs these round trips under --debug (urllib3's request lines, MSAL's events);
    // azrs logs them as it logs every request, without the codes and tokens.
    let az = sandbox(json!({
        "deviceCodePolls": 1,
        "deviceCodeIntervalSecs": 0,
        "tokenLifetimeSecs": 60
    }));
    let login = az
        .run(&["login", "--use-device-code", "--debug", "-o", "none"])
        .ok();
    let renewed = az.run(&["group", "list", "--debug"]).ok();
    let debug = format!("{}{}", login.stderr, renewed.stderr);
    for path in [
        "/organizations/oauth2/v2.0/devicecode",
        "/organizations/oauth2/v2.0/token",
    ] {
        assert!(
            debug.contains(&format!(
                "DEBUG Request URL: 'https://emulator.azrs.invalid{path}'"
            )),
            "{path} not logged:\n{debug}"
        );
    }
    assert!(debug.contains(&format!(
        "DEBUG Request URL: 'https://emulator.azrs.invalid/{TENANT}/oauth2/v2.0/token'"
    )));
    // The device code in the answer and in each poll, and the refresh token sent.
    assert!(debug.contains("\"device_code\":\"REDACTED\""), "{debug}");
    assert_eq!(debug.matches("device_code=REDACTED").count(), 2, "{debug}");
    assert!(debug.contains("refresh_token=REDACTED"), "{debug}");
    // No secret the cache holds appears anywhere.
    let cache: Value = serde_json::from_str(
        &std::fs::read_to_string(az.config_dir().join("msal_token_cache.json")).expect("cache"),
    )
    .expect("cache parses");
    let mut secrets = 0;
    for section in ["AccessToken", "RefreshToken", "IdToken"] {
        for entry in cache[section]
            .as_object()
            .into_iter()
            .flat_map(|m| m.values())
        {
            let secret = entry["secret"].as_str().expect("secret");
            assert!(
                !debug.contains(secret),
                "{section} secret in --debug output"
            );
            secrets += 1;
        }
    }
    assert!(secrets >= 3, "{cache:#}");
}

#[test]
fn a_person_skipping_discovery_gets_the_tenant_account_or_one_subscription() {
    let az = sandbox(json!({"deviceCodePolls": 0, "deviceCodeIntervalSecs": 0}));
    let arm = |az: &Azrs| -> Vec<String> {
        az.requests()
            .iter()
            .filter_map(|r| r["path"].as_str().map(str::to_owned))
            .filter(|p| !p.contains("/oauth2/"))
            .collect()
    };
    let tenant = crate::common::TENANT;
    let run = az
        .run(&[
            "login",
            "--use-device-code",
            "--tenant",
            tenant,
            "--skip-sub",
        ])
        .ok();
    let shown = run.json();
    assert_eq!(shown[0]["name"], "N/A(tenant level account)");
    assert_eq!(shown[0]["id"], tenant);
    assert_eq!(shown[0]["user"]["type"], "user");
    assert!(shown[0].get("homeTenantId").is_none(), "{shown}");
    assert_eq!(arm(&az), Vec::<String>::new(), "no subscription request");

    let sub = crate::common::SUB;
    let run = az
        .run(&[
            "login",
            "--use-device-code",
            "--tenant",
            tenant,
            "--skip-sub",
            "--subscription",
            sub,
        ])
        .ok();
    assert_eq!(run.json()[0]["id"], sub);
    assert_eq!(arm(&az), [format!("/subscriptions/{sub}")]);
}
