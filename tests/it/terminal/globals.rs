//! az 2.91's global arguments beyond output and logging: `--acquire-policy-token` and
//! `--change-reference` (an Azure Policy token acquired before every request that is not a
//! GET and sent on it; unrecognised on `list`/`show`), and `--subscription` by name (az's
//! parser-time lookup with its warning, `account show/set` matching), against the embedded
//! emulator. The bytes of the acquire request are checked against az's in the lib tests
//! (`arm::policy_token`) and against the real az in `tests/differential/globals.rs`.

use serde_json::Value;

use crate::common::*;
use crate::login::{EMULATOR_CLOUD, login_sp, read_profile};

const ACQUIRE: &str = "/providers/Microsoft.Authorization/acquirePolicyToken";

fn is_acquire(r: &Value) -> bool {
    r["path"].as_str().unwrap_or_default().ends_with(ACQUIRE)
}

/// The token a request carries: the emulator's log redacts it in the acquire answer (a
/// secret), so a write's token is checked for the emulator's shape (`PoP ` and 64 hex digits),
/// which no other header value here has.
fn token_on(r: &Value) -> &str {
    let token = header(r, "x-ms-policy-external-evaluations");
    assert!(
        token.len() == 68
            && token.starts_with("PoP ")
            && token[4..].bytes().all(|b| b.is_ascii_hexdigit()),
        "{token:?}"
    );
    token
}

#[test]
fn acquire_policy_token_precedes_the_write_and_rides_on_it() {
    let azrs = Azrs::new();
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "group",
            "create",
            "-n",
            "rg1",
            "-l",
            "westus2",
            "--acquire-policy-token",
        ],
    );
    run.ok();
    let methods: Vec<(&str, bool)> = reqs
        .iter()
        .map(|r| (r["method"].as_str().unwrap_or_default(), is_acquire(r)))
        .collect();
    assert_eq!(methods, [("POST", true), ("PUT", false)], "{reqs:#?}");
    let (acquire, put) = (&reqs[0], &reqs[1]);
    assert_eq!(acquire["path"], format!("/subscriptions/{SUB}{ACQUIRE}"));
    assert_eq!(acquire["query"]["api-version"], "2025-11-01");
    assert_eq!(acquire["status"], 200);
    assert_eq!(header(acquire, "x-ms-force-sync"), "true");
    assert_eq!(header(acquire, "content-type"), "application/json");
    assert_eq!(header(acquire, "commandname"), "group create");
    assert_eq!(
        header(acquire, "parametersetname"),
        "-n -l --acquire-policy-token"
    );
    let body = &acquire["body"];
    assert_eq!(body["operation"]["httpMethod"], "PUT");
    assert!(
        body["operation"]["uri"]
            .as_str()
            .is_some_and(|u| u.ends_with(&format!(
                "/subscriptions/{SUB}/resourcegroups/rg1?api-version=2024-11-01"
            ))),
        "{body}"
    );
    assert_eq!(
        body["operation"]["content"],
        serde_json::json!({"location": "westus2"})
    );
    assert_eq!(body["changeReference"], Value::Null);
    // The write carries the token and the acquire request's correlation id; the two requests
    // have request ids of their own.
    token_on(put);
    assert_eq!(acquire["resp_body"]["result"], "Succeeded");
    let correlation = header(acquire, "x-ms-correlation-request-id");
    assert_eq!(correlation.len(), 36, "{correlation}");
    assert_eq!(header(put, "x-ms-correlation-request-id"), correlation);
    assert_ne!(
        header(put, "x-ms-client-request-id"),
        header(acquire, "x-ms-client-request-id")
    );
}

#[test]
fn change_reference_alone_acquires_a_token_for_the_delete_but_not_its_polls() {
    let azrs = Azrs::new();
    run_logged(&azrs, &["group", "create", "-n", "rg1", "-l", "westus2"])
        .0
        .ok();
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "group",
            "delete",
            "-n",
            "rg1",
            "-y",
            "--change-reference",
            "/changes/42",
        ],
    );
    run.ok();
    assert!(is_acquire(&reqs[0]), "{reqs:#?}");
    assert_eq!(reqs[0]["body"]["changeReference"], "/changes/42");
    assert_eq!(reqs[0]["body"]["operation"]["httpMethod"], "DELETE");
    assert_eq!(reqs[0]["body"]["operation"]["content"], Value::Null);
    assert_eq!(reqs[1]["method"], "DELETE");
    token_on(&reqs[1]);
    // The operation's polls are GETs: no token asked, none sent.
    assert!(reqs.len() > 2, "{reqs:#?}");
    for poll in &reqs[2..] {
        assert_eq!(poll["method"], "GET");
        assert!(!is_acquire(poll));
        assert_eq!(header(poll, "x-ms-policy-external-evaluations"), "");
    }
}

#[test]
fn without_the_arguments_no_token_is_asked() {
    let azrs = Azrs::new();
    let (run, reqs) = run_logged(&azrs, &["group", "create", "-n", "rg1", "-l", "westus2"]);
    run.ok();
    assert_eq!(reqs.len(), 1);
    assert_eq!(header(&reqs[0], "x-ms-policy-external-evaluations"), "");
    assert_eq!(header(&reqs[0], "x-ms-correlation-request-id"), "");
}

#[test]
fn policy_arguments_are_unrecognized_on_list_and_show() {
    let azrs = Azrs::new();
    let (run, reqs) = run_logged(
        &azrs,
        &["group", "show", "-n", "rg1", "--change-reference", "abc"],
    );
    let run = run.expect_code(2);
    assert_eq!(
        run.stderr,
        format!("ERROR: unrecognized arguments: --change-reference abc\n{TRAILER}")
    );
    assert!(reqs.is_empty());
    let run = azrs
        .run(&["group", "list", "--acquire-policy-token"])
        .expect_code(2);
    assert_eq!(
        run.stderr,
        format!("ERROR: unrecognized arguments: --acquire-policy-token\n{TRAILER}")
    );
    // `exists` is neither: az acquires a token for its HEAD.
    let (run, reqs) = run_logged(
        &azrs,
        &["group", "exists", "-n", "rg1", "--acquire-policy-token"],
    );
    assert_eq!(run.ok().stdout, "false\n");
    assert!(is_acquire(&reqs[0]));
    assert_eq!(reqs[0]["body"]["operation"]["httpMethod"], "HEAD");
    assert_eq!(reqs[1]["method"], "HEAD");
}

#[test]
fn a_refused_policy_token_stops_the_write_with_azs_service_error() {
    // The acquire request names a subscription the emulator does not have: ARM's 404 is
    // az's ServiceError (exit 1, not the 3 of a missing resource), and nothing is written.
    let azrs = Azrs::new();
    let other = "11111111-1111-4111-8111-111111111111";
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "group",
            "create",
            "-n",
            "rg1",
            "-l",
            "westus2",
            "--subscription",
            other,
            "--acquire-policy-token",
        ],
    );
    let run = run.expect_code(1);
    assert_eq!(
        run.stderr,
        format!(
            "ERROR: Failed to acquire policy token, exception: Not Found({{\"error\":{{\"code\":\"SubscriptionNotFound\",\"message\":\"The subscription '{other}' could not be found.\"}}}})\n"
        )
    );
    assert_eq!(reqs.len(), 1, "{reqs:#?}");
    assert!(is_acquire(&reqs[0]));
}

/// A logged-in sandbox whose profile also holds `Second Sub` and two subscriptions named `Dup`
/// (the first of them in file order is `SECOND`).
const SECOND: &str = "22222222-2222-4222-8222-222222222222";
const THIRD: &str = "33333333-3333-4333-8333-333333333333";

fn two_subscriptions() -> Azrs {
    let azrs = Azrs::new();
    login_sp(&azrs, &[]).ok();
    let (_, mut profile) = read_profile(&azrs);
    let first = profile["subscriptions"][0].clone();
    let subs = profile["subscriptions"]
        .as_array_mut()
        .expect("subscriptions");
    for (id, name) in [(SECOND, "Second Sub"), (THIRD, "Dup")] {
        let mut s = first.clone();
        s["id"] = id.into();
        s["name"] = name.into();
        s["isDefault"] = false.into();
        subs.push(s);
    }
    subs[0]["name"] = "Dup".into();
    std::fs::write(
        azrs.config_dir().join("azureProfile.json"),
        serde_json::to_string(&profile).expect("json"),
    )
    .expect("profile");
    azrs
}

#[test]
fn subscription_by_name_picks_its_id_for_the_request_path() {
    let azrs = two_subscriptions();
    let (run, reqs) = run_logged(&azrs, &["group", "list", "--subscription", "second SUB"]);
    // The emulator has only the first subscription; what matters is the id asked for.
    run.expect_code(3);
    assert_eq!(
        reqs[0]["path"],
        format!("/subscriptions/{SECOND}/resourcegroups")
    );
    // By id, any casing.
    let (run, reqs) = run_logged(
        &azrs,
        &["group", "list", "--subscription", &SUB.to_uppercase()],
    );
    run.ok();
    assert_eq!(
        reqs[0]["path"],
        format!("/subscriptions/{SUB}/resourcegroups")
    );
    // Two subscriptions named alike: the global option takes the first in file order, as az's
    // parser action does.
    let (_, reqs) = run_logged(&azrs, &["group", "list", "--subscription", "dup"]);
    assert_eq!(
        reqs[0]["path"],
        format!("/subscriptions/{SUB}/resourcegroups")
    );
}

#[test]
fn unknown_subscription_name_warns_then_fails_as_az() {
    let azrs = two_subscriptions();
    let (run, reqs) = run_logged(&azrs, &["group", "list", "--subscription", "Nope"]);
    let run = run.expect_code(1);
    assert_eq!(
        run.stderr,
        "WARNING: Subscription 'Nope' not recognized.\nERROR: Subscription 'Nope' not found. Check the spelling and casing and try again.\n"
    );
    assert!(reqs.is_empty());
    // `account show` has its own --subscription: no parser warning there.
    let run = azrs
        .run(&["account", "show", "--subscription", "Nope"])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "ERROR: Subscription 'Nope' not found. Check the spelling and casing and try again.\n"
    );
}

#[test]
fn account_show_and_set_take_a_name() {
    let azrs = two_subscriptions();
    let shown = azrs
        .run(&["account", "show", "--subscription", "SECOND sub"])
        .ok()
        .json();
    assert_eq!(shown["id"], SECOND);
    // `account show` is az's get_subscription: two entries answering to a name is an error.
    let run = azrs
        .run(&["account", "show", "--subscription", "dup"])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "ERROR: Multiple subscriptions with the name 'dup' found. Specify the subscription ID.\n"
    );
    let run = azrs
        .run(&["account", "set", "--subscription", "Dup"])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        format!(
            "ERROR: The subscription of 'dup' has more than one match in cloud '{EMULATOR_CLOUD}'.\n"
        )
    );
    azrs.run(&["account", "set", "--subscription", "second sub"])
        .ok();
    let (_, profile) = read_profile(&azrs);
    let defaults: Vec<&str> = profile["subscriptions"]
        .as_array()
        .expect("subscriptions")
        .iter()
        .filter(|s| s["isDefault"] == true)
        .map(|s| s["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(defaults, [SECOND]);
    // The new default is what a command without --subscription runs against.
    let (_, reqs) = run_logged(&azrs, &["group", "list"]);
    assert_eq!(
        reqs[0]["path"],
        format!("/subscriptions/{SECOND}/resourcegroups")
    );
}

// az records its default cloud in `config` on any run that finds none active (captured from
// az 2.91: `az version` in an empty dir, and in one whose config had only `[core]`).
#[test]
fn the_default_cloud_is_recorded_in_config_as_az_does() {
    let azrs = Azrs::new();
    let path = azrs.config_dir().join("config");
    let _ = std::fs::remove_file(&path);
    azrs.run(&["version"]).ok();
    assert_eq!(
        std::fs::read_to_string(&path).expect("config"),
        "[cloud]\nname = AzureCloud\n\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    std::fs::write(&path, "[core]\noutput = table\n").expect("config");
    azrs.run(&["version"]).ok();
    assert_eq!(
        std::fs::read_to_string(&path).expect("config"),
        "[core]\noutput = table\n\n[cloud]\nname = AzureCloud\n\n"
    );
    // An active cloud from the environment: the file is left alone.
    let mut azrs = Azrs::new();
    azrs.set_env("AZURE_CLOUD_NAME", "AzureCloud");
    let path = azrs.config_dir().join("config");
    let _ = std::fs::remove_file(&path);
    azrs.run(&["version"]).ok();
    assert!(!path.exists());
}

#[test]
fn login_subscription_by_name_prints_only_that_one_or_azs_error() {
    let azrs = Azrs::new();
    let run = login_sp(&azrs, &["--subscription", "fake SUBSCRIPTION"]).ok();
    let shown = run.json();
    let ids: Vec<&str> = shown
        .as_array()
        .expect("list")
        .iter()
        .map(|s| s["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(ids, [SUB]);
    assert_eq!(shown[0]["isDefault"], true);
    // Not found: az's error, after the profile was written (as az does).
    let run = login_sp(&azrs, &["--subscription", "Nope"]).expect_code(1);
    assert_eq!(
        run.stderr,
        "ERROR: Subscription 'Nope' not found. Check the ID or name and try again.\n"
    );
    let (_, profile) = read_profile(&azrs);
    assert_eq!(profile["subscriptions"][0]["id"], SUB);
}
