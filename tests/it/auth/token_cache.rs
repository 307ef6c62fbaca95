//! az's MSAL token cache (`msal_token_cache.json`) shared across processes: the seed walkthrough
//! after one service-principal login asks Entra for one token in all; a token az wrote is used
//! and one about to expire is not; 16 azrs processes writing one cache at once all succeed
//! and leave it whole, entries of others kept; the file is az's layout and 0600; no secret or
//! token reaches `--debug`, stdout, stderr or the emulator's log; `logout` and `account clear`
//! remove what az removes.

use super::*;
use crate::common::Azrs;
use crate::login::{SP_ID, SP_SECRET, login_sp};

const TOKEN_PATH_SUFFIX: &str = "/oauth2/v2.0/token";

fn token_requests(az: &Azrs) -> usize {
    az.requests()
        .iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.ends_with(TOKEN_PATH_SUFFIX))
        })
        .count()
}

fn cache_path(az: &Azrs) -> std::path::PathBuf {
    az.config_dir().join("msal_token_cache.json")
}

fn read_cache(az: &Azrs) -> Value {
    let text = std::fs::read_to_string(cache_path(az)).expect("token cache");
    serde_json::from_str(&text).expect("token cache parses")
}

/// The access-token entries of the cache.
fn access_tokens(az: &Azrs) -> Vec<Value> {
    read_cache(az)["AccessToken"]
        .as_object()
        .map(|m| m.values().cloned().collect())
        .unwrap_or_default()
}

pub(super) fn walkthrough(az: &Azrs, debug: bool) -> String {
    let kubeconfig = az.path("kubeconfig").display().to_string();
    let mut steps: Vec<Vec<&str>> = vec![
        vec![
            "feature",
            "register",
            "--name",
            "MSIPreview",
            "--namespace",
            "Microsoft.ContainerService",
        ],
        vec![
            "feature",
            "list",
            "-o",
            "table",
            "--query",
            "[?contains(name, 'Microsoft.ContainerService/MSIPreview')].{Name:name,State:properties.state}",
        ],
    ];
    steps.extend(super::walkthrough_writes(&kubeconfig));
    let mut seen = String::new();
    for step in steps {
        let mut args = step.clone();
        if debug {
            args.push("--debug");
        }
        let run = az.run(&args).ok();
        seen.push_str(&run.stdout);
        seen.push_str(&run.stderr);
    }
    seen
}

#[test]
fn walkthrough_after_one_service_principal_login_makes_one_token_request() {
    let az = Azrs::new();
    login_sp(&az, &[]).ok();
    assert_eq!(token_requests(&az), 1, "the login's own token");
    walkthrough(&az, false);
    assert_eq!(
        token_requests(&az),
        1,
        "every later command reuses the login's token from az's cache"
    );
    let ats = access_tokens(&az);
    assert_eq!(ats.len(), 1, "{ats:#?}");
    assert_eq!(ats[0]["client_id"], SP_ID);
    assert_eq!(ats[0]["realm"], TENANT);
    assert_eq!(ats[0]["home_account_id"], Value::Null);
}

#[test]
fn cache_file_is_az_layout_and_private() {
    let az = Azrs::new();
    login_sp(&az, &[]).ok();
    let path = cache_path(&az);
    let text = std::fs::read_to_string(&path).expect("cache");
    let v: Value = serde_json::from_str(&text).expect("json");
    // MSAL's `json.dumps(cache, indent=4)`: four-space indent, the sections az writes.
    assert!(
        text.starts_with("{\n    \"AccessToken\": {\n        \"-"),
        "{text}"
    );
    assert_eq!(
        v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()),
        Some(vec!["AccessToken".to_owned(), "AppMetadata".to_owned()])
    );
    let key = v["AccessToken"]
        .as_object()
        .expect("ATs")
        .keys()
        .next()
        .cloned();
    let key = key.expect("one AT");
    assert!(
        key.starts_with("-") && key.contains(&format!("-accesstoken-{SP_ID}-{TENANT}-")),
        "MSAL's key: {key}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    assert!(
        !az.config_dir()
            .join("msal_token_cache.json.lockfile")
            .exists(),
        "the lock file is removed after use"
    );
}

/// An access token az wrote for the emulator's service principal, `expires_in` seconds from now.
fn az_written_entry(az: &Azrs, token: &str, expires_in: i64) -> Value {
    let first = access_tokens(az)
        .into_iter()
        .next()
        .expect("an AT to copy the keys of");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    let mut e = first.clone();
    e["secret"] = json!(token);
    e["cached_at"] = json!(now.to_string());
    e["expires_on"] = json!((now + expires_in).to_string());
    e["extended_expires_on"] = json!((now + expires_in).to_string());
    e
}

fn replace_access_token(az: &Azrs, entry: Value) {
    let mut cache = read_cache(az);
    let key = cache["AccessToken"]
        .as_object()
        .and_then(|m| m.keys().next().cloned())
        .expect("AT key");
    cache["AccessToken"][&key] = entry;
    std::fs::write(
        cache_path(az),
        serde_json::to_string_pretty(&cache).expect("json"),
    )
    .expect("write cache");
}

#[test]
fn token_written_by_another_process_is_used_until_five_minutes_before_expiry() {
    let az = Azrs::new();
    login_sp(&az, &[]).ok();
    let settings = azrs_emulator::core::Settings::new("https://emulator.azrs.invalid");
    let token = azrs_emulator::core::arm_token(&settings, std::time::SystemTime::now());
    let before = token_requests(&az);

    // A fresh token (an hour left), written as az writes it: used, no token request.
    replace_access_token(&az, az_written_entry(&az, &token, 3600));
    az.run(&["group", "list"]).ok();
    assert_eq!(token_requests(&az), before);
    let sent = az.requests().last().cloned().expect("a request");
    assert_eq!(sent["path"], format!("/subscriptions/{SUB}/resourcegroups"));

    // Four minutes left: MSAL and az treat it as expired, and so does azrs.
    replace_access_token(&az, az_written_entry(&az, &token, 240));
    az.run(&["group", "list"]).ok();
    assert_eq!(token_requests(&az), before + 1);
    let renewed = access_tokens(&az);
    assert_eq!(
        renewed.len(),
        1,
        "the entry is replaced, not added: {renewed:#?}"
    );
    assert_ne!(renewed[0]["secret"], token);
}

#[test]
fn sixteen_processes_sharing_one_cache_all_succeed_and_keep_every_entry() {
    // Spawned: what is checked is processes racing for az's lock file and the cache file.
    let az = Azrs::spawn();
    login_sp(&az, &[]).ok();
    // Another app's entry (a person's refresh token from az) and a section azrs does not know:
    // both must survive every concurrent write.
    let mut cache = read_cache(&az);
    cache["RefreshToken"] = json!({"someone-else": {"credential_type": "RefreshToken", "secret": "rt", "home_account_id": "a.b", "environment": "login.example", "client_id": "04b07795-8ddb-461a-bbee-02f9e1bf7b46", "target": "x"}});
    cache["Future"] = json!({"k": {"v": 1}});
    // No access token: every process races to fetch one and write it.
    cache["AccessToken"] = json!({});
    std::fs::write(
        cache_path(&az),
        serde_json::to_string(&cache).expect("json"),
    )
    .expect("write");

    let children: Vec<_> = (0..16)
        .map(|_| az.command(&["group", "list"]).spawn().expect("spawn azrs"))
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), "[]\n");
    }
    let after = read_cache(&az);
    assert_eq!(after["RefreshToken"]["someone-else"]["secret"], "rt");
    assert_eq!(after["Future"]["k"]["v"], 1);
    assert_eq!(
        access_tokens(&az).len(),
        1,
        "one entry per identity and scope"
    );
    assert!(
        !az.config_dir()
            .join("msal_token_cache.json.lockfile")
            .exists()
    );
}

#[test]
fn no_secret_or_token_in_debug_output_stdout_errors_or_the_emulator_log() {
    let az = Azrs::new();
    let mut seen = login_sp(&az, &["--debug"]).ok().stderr;
    seen.push_str(&walkthrough(&az, true));
    // A refused secret's error too.
    std::fs::remove_file(cache_path(&az)).expect("forget tokens");
    let mut wrong = Azrs::new();
    wrong.set_env("AZURE_CLIENT_ID", SP_ID);
    wrong.set_env("AZURE_TENANT_ID", TENANT);
    wrong.set_env("AZURE_CLIENT_SECRET", "WRONG-secret-value-77");
    let refused = wrong.run(&["group", "list", "--debug"]).expect_code(1);
    seen.push_str(&refused.stdout);
    seen.push_str(&refused.stderr);

    az.run(&["group", "list"]).ok();
    let token = access_tokens(&az)[0]["secret"]
        .as_str()
        .expect("token")
        .to_owned();
    let log = std::fs::read_to_string(az.emulator_dir().join("requests.jsonl")).expect("log");
    let log_wrong =
        std::fs::read_to_string(wrong.emulator_dir().join("requests.jsonl")).expect("log");
    for (what, value) in [
        ("client secret", SP_SECRET),
        ("access token", token.as_str()),
        ("wrong secret", "WRONG-secret-value-77"),
    ] {
        assert!(!seen.contains(value), "{what} in output");
        assert!(!log.contains(value), "{what} in the emulator log");
        assert!(!log_wrong.contains(value), "{what} in the emulator log");
    }
}

#[test]
fn logout_removes_the_service_principals_tokens_and_account_clear_the_files() {
    let az = Azrs::new();
    login_sp(&az, &[]).ok();
    let mut cache = read_cache(&az);
    cache["Account"] = json!({"other": {"home_account_id": "a.b", "environment": "login.example", "realm": "t", "username": "someone@example.com", "authority_type": "MSSTS"}});
    std::fs::write(
        cache_path(&az),
        serde_json::to_string(&cache).expect("json"),
    )
    .expect("write");

    az.run(&["logout"]).ok();
    let after = read_cache(&az);
    assert_eq!(after["AccessToken"], json!({}), "the SP's tokens are gone");
    assert_eq!(
        after["Account"]["other"]["username"], "someone@example.com",
        "another account stays"
    );

    login_sp(&az, &[]).ok();
    az.run(&["account", "clear"]).ok();
    for name in ["msal_token_cache.json", "service_principal_entries.json"] {
        assert!(!az.config_dir().join(name).exists(), "{name} removed");
    }
    let (_, profile) = crate::login::read_profile(&az);
    assert_eq!(profile["subscriptions"], json!([]));
    assert!(profile["installationId"].is_string(), "other fields kept");
}
