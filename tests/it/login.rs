//! `login` and `logout` through the binary in a scrubbed sandbox: service-principal login
//! against the embedded emulator (the walkthrough's output, the secret kept private even under
//! `--debug`), a wrong secret, usage errors before any request, logout, and managed-identity
//! accounts recorded as az records them.

use serde_json::{Value, json};

use crate::common::*;

pub(crate) const SP_ID: &str = "00000000-0000-4000-8000-0000000a9901";
pub(crate) const SP_SECRET: &str = "fake-client-secret";
pub(crate) const EMULATOR_CLOUD: &str = "AzrsEmulator";

/// stdout of `az login --service-principal …` in the walkthrough transcript
/// (`reference/az-walkthrough-output.txt`), with `{cloud}` for the cloud name.
pub(crate) const WALKTHROUGH_LOGIN: &str = r#"[
  {
    "cloudName": "{cloud}",
    "homeTenantId": "00000000-0000-4000-8000-00000000face",
    "id": "00000000-0000-4000-8000-0000000005ab",
    "isDefault": true,
    "managedByTenants": [],
    "name": "Fake Subscription",
    "state": "Enabled",
    "tenantId": "00000000-0000-4000-8000-00000000face",
    "user": {
      "name": "00000000-0000-4000-8000-0000000a9901",
      "type": "servicePrincipal"
    }
  }
]
"#;

pub(crate) fn login_sp(az: &Azrs, extra: &[&str]) -> Run {
    login_sp_with(az, SP_SECRET, extra)
}

/// `login --service-principal` with `secret` as its password.
fn login_sp_with(az: &Azrs, secret: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "login",
        "--service-principal",
        "--username",
        SP_ID,
        "--password",
        secret,
        "--tenant",
        TENANT,
    ];
    args.extend_from_slice(extra);
    az.run(&args)
}

pub(crate) fn read_profile(az: &Azrs) -> (Vec<u8>, Value) {
    let bytes = std::fs::read(az.config_dir().join("azureProfile.json")).expect("profile");
    let text = std::str::from_utf8(&bytes).expect("utf-8");
    let json = serde_json::from_str(text.trim_start_matches('\u{feff}')).expect("profile json");
    (bytes, json)
}

#[test]
fn login_service_principal_prints_walkthrough_list_and_keeps_the_secret_private() {
    let az = Azrs::new();
    let run = login_sp(&az, &[]).ok();
    assert_eq!(
        run.stdout,
        WALKTHROUGH_LOGIN.replace("{cloud}", EMULATOR_CLOUD)
    );
    assert_eq!(run.stderr, "");

    // azureProfile.json as az writes it: BOM, Python json.dump spacing, az's key order.
    let (bytes, profile) = read_profile(&az);
    assert!(bytes.starts_with("\u{feff}{\"installationId\": \"".as_bytes()));
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains(SP_SECRET), "secret leaked into the profile");
    let entry = &profile["subscriptions"][0];
    let keys: Vec<&str> = entry
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "name",
            "state",
            "user",
            "isDefault",
            "tenantId",
            "environmentName",
            "homeTenantId",
            "managedByTenants"
        ]
    );
    assert_eq!(entry["environmentName"], EMULATOR_CLOUD);
    assert_eq!(entry["id"], SUB);

    // The secret lives only in the 0600 store.
    let secrets_path = az.config_dir().join("service_principal_entries.json");
    let secrets: Value =
        serde_json::from_slice(&std::fs::read(&secrets_path).expect("secrets")).expect("json");
    assert_eq!(
        secrets,
        json!([{"client_id": SP_ID, "tenant": TENANT, "client_secret": SP_SECRET}])
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secrets_path)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // The subscription list went out as az sends it.
    let reqs = az.requests();
    let list = reqs
        .iter()
        .find(|r| r["path"] == "/subscriptions")
        .expect("GET /subscriptions");
    assert_eq!(list["method"], "GET");
    assert_eq!(list["query"]["api-version"], "2022-12-01");
    assert_eq!(list["headers"]["commandname"], "login");
    assert_eq!(
        list["headers"]["parametersetname"],
        "--service-principal --username --password --tenant"
    );

    let show = az.run(&["account", "show"]).ok();
    assert_eq!(show.json()["user"]["name"], SP_ID);

    // Logging in again replaces the entry (no duplicate) and keeps it the default.
    login_sp(&az, &[]).ok();
    let (_, again) = read_profile(&az);
    assert_eq!(again["subscriptions"].as_array().map(Vec::len), Some(1));
    assert_eq!(again["subscriptions"][0]["isDefault"], true);
}

#[test]
fn login_debug_output_never_contains_the_secret() {
    let az = Azrs::new();
    let run = login_sp(&az, &["--debug"]).ok();
    assert!(!run.stdout.contains(SP_SECRET));
    assert!(!run.stderr.contains(SP_SECRET), "{}", run.stderr);
}

#[test]
fn login_with_a_wrong_secret_fails_and_writes_nothing() {
    let az = Azrs::new();
    let run = az
        .run(&[
            "login",
            "--service-principal",
            "-u",
            SP_ID,
            "-p",
            "not-the-secret",
            "--tenant",
            TENANT,
        ])
        .expect_code(1);
    assert!(run.stderr.starts_with("ERROR: "), "{}", run.stderr);
    assert!(!run.stderr.contains("not-the-secret"));
    assert!(!az.config_dir().join("azureProfile.json").exists());
    assert!(
        !az.config_dir()
            .join("service_principal_entries.json")
            .exists()
    );
}

#[test]
fn login_skipping_discovery_reads_no_subscription_list() {
    let az = Azrs::new();
    // Alone: the credential is proven with a token, no ARM request; the tenant-level account
    // is recorded as az records it (none of the multi-tenant fields).
    let run = login_sp(&az, &["--skip-sub"]).ok();
    assert_eq!(
        run.json(),
        json!([{
            "cloudName": EMULATOR_CLOUD,
            "id": TENANT,
            "isDefault": true,
            "name": "N/A(tenant level account)",
            "state": "Enabled",
            "tenantId": TENANT,
            "user": {"name": SP_ID, "type": "servicePrincipal"}
        }])
    );
    let arm = |az: &Azrs| -> Vec<String> {
        az.requests()
            .iter()
            .filter(|r| !r["path"].as_str().unwrap_or_default().contains("oauth2"))
            .map(|r| format!("{} {}", r["method"], r["path"]))
            .collect()
    };
    assert_eq!(arm(&az), Vec::<String>::new());
    assert!(
        az.requests()
            .iter()
            .any(|r| r["path"].as_str().unwrap_or_default().contains("oauth2")),
        "the secret must be checked with a token request"
    );
    // With a subscription: that one only, by GET, and it becomes the default.
    let run = login_sp(&az, &["--skip-subscription-discovery", "-s", SUB]).ok();
    assert_eq!(run.json()[0]["id"], SUB);
    assert_eq!(run.json()[0]["isDefault"], true);
    assert_eq!(arm(&az), [format!("\"GET\" \"/subscriptions/{SUB}\"")]);
    let (_, profile) = read_profile(&az);
    let ids: Vec<&str> = profile["subscriptions"]
        .as_array()
        .expect("list")
        .iter()
        .map(|s| s["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(ids, [TENANT, SUB]);
}

#[test]
fn login_skipping_discovery_with_a_wrong_secret_fails_and_writes_nothing() {
    let az = Azrs::new();
    for extra in [&["--skip-sub"][..], &["--skip-sub", "-s", SUB]] {
        let run = login_sp_with(&az, "not-the-secret", extra).expect_code(1);
        assert!(run.stderr.starts_with("ERROR: "), "{}", run.stderr);
        assert!(!run.stderr.contains("WARNING"), "{}", run.stderr);
        assert!(!az.config_dir().join("azureProfile.json").exists());
    }
}

#[test]
fn login_usage_errors_exit_1_before_any_request() {
    let az = Azrs::new();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "login",
                "--service-principal",
                "-p",
                "x",
                "--tenant",
                TENANT,
            ],
            "ERROR: usage error: --service-principal --username NAME --password SECRET --tenant TENANT\n",
        ),
        (
            &["login", "--identity", "-p", "x"],
            "ERROR: usage error: '--identity' is not applicable with other arguments\n",
        ),
        (
            &[
                "login",
                "--service-principal",
                "-u",
                SP_ID,
                "--tenant",
                TENANT,
            ],
            "ERROR: Please specify both username and password in non-interactive mode.\n",
        ),
        // az 2.91 asks for the secret before it looks at the tenant (checked with the real az).
        (
            &["login", "--service-principal", "-u", "x"],
            "ERROR: Please specify both username and password in non-interactive mode.\n",
        ),
        (
            &["login", "--identity", "-u", "x"],
            "ERROR: Passing the managed identity ID with --username is no longer supported. Use --client-id, --object-id or --resource-id instead.\n",
        ),
        // `--skip-subscription-discovery` (checked with the real az 2.91).
        (
            &["login", "--skip-sub"],
            "ERROR: usage error: '--skip-subscription-discovery' requires '--tenant'\n",
        ),
        (
            &["login", "--skip-subscription-discovery", "--tenant", ""],
            "ERROR: usage error: '--skip-subscription-discovery' requires '--tenant'\n",
        ),
        (
            &[
                "login",
                "--service-principal",
                "-u",
                SP_ID,
                "-p",
                "x",
                "--tenant",
                TENANT,
                "--skip-sub",
                "-s",
                "Fake Subscription",
            ],
            "ERROR: usage error: '--subscription' must be a subscription ID (GUID), not a name, when combined with '--skip-subscription-discovery'.\n",
        ),
    ];
    for (args, stderr) in cases {
        let run = az.run(args).expect_code(1);
        assert_eq!(run.stderr, *stderr, "{args:?}");
        assert_eq!(run.stdout, "");
    }
    assert!(az.requests().is_empty(), "no request may be sent");
}

#[test]
fn logout_forgets_the_account_and_its_secret() {
    let az = Azrs::new();
    login_sp(&az, &[]).ok();
    let run = az.run(&["logout"]).ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let (_, profile) = read_profile(&az);
    assert_eq!(profile["subscriptions"], json!([]));
    let secrets = std::fs::read_to_string(az.config_dir().join("service_principal_entries.json"))
        .expect("secrets");
    assert!(!secrets.contains(SP_SECRET));
    let list = az.run(&["account", "list"]).ok();
    assert_eq!(list.stdout, "[]\n");
    assert_eq!(
        list.stderr,
        "WARNING: Please run \"az login\" to access your accounts.\n"
    );
}

#[test]
fn login_identity_records_az_managed_identity_accounts() {
    // The App Service managed-identity endpoint of the embedded emulator. Spawned:
    // azure_identity reads IDENTITY_ENDPOINT from the process environment, not azrs's env map.
    let mut az = Azrs::spawn();
    az.set_env(
        "IDENTITY_ENDPOINT",
        "https://emulator.azrs.invalid/msi/token",
    );
    az.set_env("IDENTITY_HEADER", "fake-identity-header");

    let run = az.run(&["login", "--identity"]).ok();
    let shown = run.json();
    // az's `_normalize_properties` puts the identity's kind in `user`.
    assert_eq!(
        shown[0]["user"],
        json!({"name": "systemAssignedIdentity", "type": "servicePrincipal", "assignedIdentityInfo": "MSI"})
    );
    assert!(shown[0].get("assignedIdentityInfo").is_none());
    assert_eq!(shown[0]["cloudName"], EMULATOR_CLOUD);
    assert_eq!(shown[0]["id"], SUB);
    // az's managed-identity login takes no `--subscription` (`login_with_managed_identity` is
    // not given it): a name that matches nothing neither filters nor fails.
    for flag in ["--subscription", "-s"] {
        let run = az
            .run(&["login", "--identity", flag, "No Such Subscription"])
            .ok();
        assert_eq!(run.json()[0]["id"], SUB, "{flag}");
    }

    let client = "00000000-0000-4000-8000-00000000c11e";
    let run = az.run(&["login", "--identity", "--client-id", client]).ok();
    assert_eq!(run.json()[0]["user"]["name"], "userAssignedIdentity");
    assert_eq!(
        run.json()[0]["user"]["assignedIdentityInfo"],
        format!("MSIClient-{client}")
    );
    let token = az
        .requests()
        .into_iter()
        .rev()
        .find(|r| r["path"] == "/msi/token")
        .expect("token request");
    assert_eq!(token["query"]["client_id"], client);
    // No secret store for managed identities.
    assert!(
        !az.config_dir()
            .join("service_principal_entries.json")
            .exists()
    );
}
