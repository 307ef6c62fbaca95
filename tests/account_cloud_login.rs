//! `login`, `logout`, `account …` and `cloud …` run as the real binary in a scrubbed sandbox
//! (`support/azrs.rs`): logins go to the embedded emulator; account and cloud commands read and
//! write config dirs laid out as az 2.91 writes them.

#[path = "support/azrs.rs"]
mod azrs;

use azrs::Azrs;
use serde_json::{Value, json};

const SP_ID: &str = "00000000-0000-4000-8000-0000000a9901";
const SP_SECRET: &str = "fake-client-secret";
const TENANT: &str = "00000000-0000-4000-8000-00000000face";
const SUB: &str = "00000000-0000-4000-8000-0000000005ab";
const EMULATOR_CLOUD: &str = "AzrsEmulator";

/// stdout of `az login --service-principal …` in the walkthrough transcript
/// (`reference/az-walkthrough-output.txt`), with `{cloud}` for the cloud name.
const WALKTHROUGH_LOGIN: &str = r#"[
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

fn login_sp(az: &Azrs, extra: &[&str]) -> azrs::Run {
    let mut args = vec![
        "login",
        "--service-principal",
        "--username",
        SP_ID,
        "--password",
        SP_SECRET,
        "--tenant",
        TENANT,
    ];
    args.extend_from_slice(extra);
    az.run(&args)
}

fn read_profile(az: &Azrs) -> (Vec<u8>, Value) {
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
    ];
    for (args, stderr) in cases {
        let run = az.run(args).expect_code(1);
        assert_eq!(run.stderr, *stderr, "{args:?}");
        assert_eq!(run.stdout, "");
    }
    let run = az.run(&["login"]).expect_code(1);
    assert!(run.stderr.contains("az login"), "{}", run.stderr);
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

// ---------------------------------------------------------------------------------------------
// A config dir written by az (no emulator: these commands never touch the network)

/// A sandbox whose config dir holds what az 2.91 writes after logging in to the public cloud
/// twice (two tenants) — BOM, `json.dump` spacing, an unknown top-level key az may add.
fn az_written_config() -> Azrs {
    let mut az = Azrs::new();
    az.remove_env("AZRS_EMULATOR");
    let profile = json!({
        "installationId": "2d6c6c5e-0000-4000-8000-000000000001",
        "subscriptions": [
            {"id": "11111111-1111-4111-8111-111111111111", "name": "Dev", "state": "Enabled",
             "user": {"name": "ops@contoso.com", "type": "user"}, "isDefault": true,
             "tenantId": "aaaaaaaa-0000-4000-8000-00000000000a", "environmentName": "AzureCloud",
             "homeTenantId": "aaaaaaaa-0000-4000-8000-00000000000a",
             "tenantDefaultDomain": "contoso.onmicrosoft.com", "tenantDisplayName": "Contoso",
             "managedByTenants": []},
            {"id": "22222222-2222-4222-8222-222222222222", "name": "Prod", "state": "Enabled",
             "user": {"name": "ops@contoso.com", "type": "user"}, "isDefault": false,
             "tenantId": "aaaaaaaa-0000-4000-8000-00000000000a", "environmentName": "AzureCloud",
             "homeTenantId": "aaaaaaaa-0000-4000-8000-00000000000a",
             "managedByTenants": [{"tenantId": "bbbbbbbb-0000-4000-8000-00000000000b"}]},
            {"id": "33333333-3333-4333-8333-333333333333", "name": "Old", "state": "Disabled",
             "user": {"name": "ops@contoso.com", "type": "user"}, "isDefault": false,
             "tenantId": "aaaaaaaa-0000-4000-8000-00000000000a", "environmentName": "AzureCloud",
             "homeTenantId": "aaaaaaaa-0000-4000-8000-00000000000a", "managedByTenants": []},
            {"id": "44444444-4444-4444-8444-444444444444", "name": "Dev", "state": "Enabled",
             "user": {"name": "ops@contoso.com", "type": "user"}, "isDefault": false,
             "tenantId": "cccccccc-0000-4000-8000-00000000000c", "environmentName": "AzureChinaCloud",
             "homeTenantId": "cccccccc-0000-4000-8000-00000000000c", "managedByTenants": []}
        ],
        "futureAzKey": {"kept": true}
    });
    let text = format!(
        "\u{feff}{}",
        serde_json::to_string(&profile)
            .expect("json")
            .replace("\":", "\": ")
            .replace(",\"", ", \"")
    );
    std::fs::write(az.config_dir().join("azureProfile.json"), text).expect("profile");
    std::fs::write(
        az.config_dir().join("config"),
        "[cloud]\nname = AzureCloud\n\n[core]\nfirst_run = yes\n",
    )
    .expect("config");
    std::fs::write(
        az.config_dir().join("clouds.config"),
        "[AzureCloud]\nsubscription = 11111111-1111-4111-8111-111111111111\n\n",
    )
    .expect("clouds.config");
    az
}

#[test]
fn account_show_list_set_on_an_az_written_profile() {
    let az = az_written_config();

    let show = az.run(&["account", "show"]).ok();
    assert_eq!(
        show.stdout,
        r#"{
  "environmentName": "AzureCloud",
  "homeTenantId": "aaaaaaaa-0000-4000-8000-00000000000a",
  "id": "11111111-1111-4111-8111-111111111111",
  "isDefault": true,
  "managedByTenants": [],
  "name": "Dev",
  "state": "Enabled",
  "tenantDefaultDomain": "contoso.onmicrosoft.com",
  "tenantDisplayName": "Contoso",
  "tenantId": "aaaaaaaa-0000-4000-8000-00000000000a",
  "user": {
    "name": "ops@contoso.com",
    "type": "user"
  }
}
"#
    );
    let by_name = az.run(&["account", "show", "-n", "prod"]).ok();
    assert_eq!(by_name.json()["id"], "22222222-2222-4222-8222-222222222222");
    let global = az
        .run(&[
            "account",
            "show",
            "--subscription",
            "22222222-2222-4222-8222-222222222222",
        ])
        .ok();
    assert_eq!(global.json()["name"], "Prod");

    // list: active cloud only, Disabled skipped with az's warning, environmentName → cloudName.
    let list = az.run(&["account", "list"]).ok();
    assert_eq!(
        list.stderr,
        "WARNING: A few accounts are skipped as they don't have 'Enabled' state. Use '--all' to display them.\n"
    );
    let items = list.json();
    let ids: Vec<&str> = items
        .as_array()
        .expect("array")
        .iter()
        .map(|s| s["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "11111111-1111-4111-8111-111111111111",
            "22222222-2222-4222-8222-222222222222"
        ]
    );
    assert_eq!(items[0]["cloudName"], "AzureCloud");
    assert!(items[0].get("environmentName").is_none());

    let table = az.run(&["account", "list", "-o", "table"]).ok();
    assert_eq!(
        table.stdout,
        "Name    CloudName    SubscriptionId                        TenantId                              State    IsDefault\n\
         ------  -----------  ------------------------------------  ------------------------------------  -------  -----------\n\
         Dev     AzureCloud   11111111-1111-4111-8111-111111111111  aaaaaaaa-0000-4000-8000-00000000000a  Enabled  True\n\
         Prod    AzureCloud   22222222-2222-4222-8222-222222222222  aaaaaaaa-0000-4000-8000-00000000000a  Enabled  False\n"
    );
    let all = az.run(&["account", "list", "--all"]).ok();
    assert_eq!(all.stderr, "");
    assert_eq!(all.json().as_array().expect("array").len(), 4);

    // set by name (case-insensitive): the default moves, unknown content survives.
    let set = az.run(&["account", "set", "-s", "PROD"]).ok();
    assert_eq!((set.stdout.as_str(), set.stderr.as_str()), ("", ""));
    let (bytes, profile) = read_profile(&az);
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    assert_eq!(profile["futureAzKey"], json!({"kept": true}));
    let defaults: Vec<bool> = profile["subscriptions"]
        .as_array()
        .expect("array")
        .iter()
        .map(|s| s["isDefault"].as_bool().expect("bool"))
        .collect();
    assert_eq!(defaults, [false, true, false, false]);
    assert_eq!(az.run(&["account", "show"]).ok().json()["name"], "Prod");
    let clouds = std::fs::read_to_string(az.config_dir().join("clouds.config")).expect("clouds");
    assert!(
        clouds.contains("subscription = 22222222-2222-4222-8222-222222222222"),
        "{clouds}"
    );
}

#[test]
fn account_errors_use_az_texts() {
    let az = az_written_config();
    let cases: &[(&[&str], &str)] = &[
        (
            &["account", "set", "-s", "Nope"],
            "ERROR: The subscription of 'nope' doesn't exist in cloud 'AzureCloud'.\n",
        ),
        (
            &["account", "show", "-n", "nope"],
            "ERROR: Subscription 'nope' not found. Check the spelling and casing and try again.\n",
        ),
    ];
    for (args, stderr) in cases {
        let run = az.run(args).expect_code(1);
        assert_eq!(run.stderr, *stderr, "{args:?}");
        assert_eq!(run.stdout, "");
    }

    // Two subscriptions named "Dev" in one cloud: ambiguous by name, fine by id.
    let mut az2 = az_written_config();
    az2.set_env("AZURE_CLOUD_NAME", "AzureCloud");
    let (_, mut profile) = read_profile(&az2);
    profile["subscriptions"][1]["name"] = json!("Dev");
    std::fs::write(
        az2.config_dir().join("azureProfile.json"),
        serde_json::to_vec(&profile).expect("json"),
    )
    .expect("write");
    let run = az2.run(&["account", "set", "-s", "dev"]).expect_code(1);
    assert_eq!(
        run.stderr,
        "ERROR: The subscription of 'dev' has more than one match in cloud 'AzureCloud'.\n"
    );
    az2.run(&[
        "account",
        "set",
        "-s",
        "22222222-2222-4222-8222-222222222222",
    ])
    .ok();

    // Fresh machine.
    let fresh = Azrs::new();
    let run = fresh.run(&["account", "show"]).expect_code(1);
    assert!(
        run.stderr.starts_with("ERROR: Please run '"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(" login' to setup account.\n"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// Clouds

fn cloud_names(run: &azrs::Run) -> Vec<(String, bool)> {
    run.json()
        .as_array()
        .expect("array")
        .iter()
        .map(|c| {
            (
                c["name"].as_str().expect("name").to_string(),
                c["isActive"].as_bool().expect("bool"),
            )
        })
        .collect()
}

#[test]
fn cloud_register_set_show_unregister_round_trip() {
    let mut az = Azrs::new();
    az.remove_env("AZRS_EMULATOR");

    let list = az.run(&["cloud", "list"]).ok();
    assert_eq!(
        cloud_names(&list),
        [
            ("AzureCloud".to_string(), true),
            ("AzureChinaCloud".to_string(), false),
            ("AzureUSGovernment".to_string(), false),
            ("AzureBleuCloud".to_string(), false)
        ]
    );

    az.run(&[
        "cloud",
        "register",
        "-n",
        "FakeAzureCloud",
        "--skip-endpoint-discovery",
        "--endpoint-resource-manager",
        "https://127.0.0.1:8443/",
        "--endpoint-active-directory",
        "https://127.0.0.1:8443/",
        "--endpoint-active-directory-resource-id",
        "https://management.core.windows.net/",
        "--endpoint-active-directory-graph-resource-id",
        "https://graph.windows.net/",
        "--suffix-storage-endpoint",
        "core.fake.test",
    ])
    .ok();
    let show = az.run(&["cloud", "show", "-n", "FakeAzureCloud"]).ok();
    let c = show.json();
    assert_eq!(c["isActive"], false);
    assert_eq!(c["profile"], "latest");
    assert_eq!(c["endpoints"]["resourceManager"], "https://127.0.0.1:8443/");
    assert_eq!(c["endpoints"]["activeDirectory"], "https://127.0.0.1:8443/");
    assert_eq!(c["suffixes"]["storageEndpoint"], "core.fake.test");

    let again = az
        .run(&[
            "cloud",
            "register",
            "-n",
            "FakeAzureCloud",
            "--skip-endpoint-discovery",
            "--endpoint-resource-manager",
            "https://127.0.0.1:8443/",
        ])
        .expect_code(1);
    assert_eq!(
        again.stderr,
        "ERROR: The cloud 'FakeAzureCloud' is already registered.\n"
    );

    // cloud set prints az's three warnings (walkthrough transcript) and nothing on stdout.
    let set = az.run(&["cloud", "set", "--name", "FakeAzureCloud"]).ok();
    assert_eq!(set.stdout, "");
    assert_eq!(
        set.stderr,
        "WARNING: Switched active cloud to 'FakeAzureCloud'.\n\
         WARNING: Use 'az login' to log in to this cloud.\n\
         WARNING: Use 'az account set' to set the active subscription.\n"
    );
    let config = std::fs::read_to_string(az.config_dir().join("config")).expect("config");
    assert!(
        config.contains("[cloud]") && config.contains("name = FakeAzureCloud"),
        "{config}"
    );
    let active = az.run(&["cloud", "show"]).ok();
    assert_eq!(active.json()["name"], "FakeAzureCloud");
    assert_eq!(active.json()["isActive"], true);

    let busy = az
        .run(&["cloud", "unregister", "-n", "FakeAzureCloud"])
        .expect_code(1);
    assert_eq!(
        busy.stderr,
        "ERROR: The cloud 'FakeAzureCloud' cannot be unregistered as it's currently active.\n"
    );
    az.run(&["cloud", "set", "-n", "AzureCloud"]).ok();
    let builtin = az
        .run(&["cloud", "unregister", "-n", "AzureChinaCloud"])
        .expect_code(1);
    assert_eq!(
        builtin.stderr,
        "ERROR: The cloud 'AzureChinaCloud' cannot be unregistered as it's not a custom cloud.\n"
    );
    az.run(&["cloud", "unregister", "-n", "FakeAzureCloud"])
        .ok();
    let gone = az
        .run(&["cloud", "show", "-n", "FakeAzureCloud"])
        .expect_code(1);
    assert_eq!(
        gone.stderr,
        "ERROR: The cloud 'FakeAzureCloud' is not registered.\n"
    );
    assert_eq!(cloud_names(&az.run(&["cloud", "list"]).ok()).len(), 4);
}

#[test]
fn cloud_register_refuses_plain_http_and_missing_endpoints() {
    let mut az = Azrs::new();
    az.remove_env("AZRS_EMULATOR");
    let http = az
        .run(&[
            "cloud",
            "register",
            "-n",
            "Plain",
            "--endpoint-resource-manager",
            "http://127.0.0.1:8080/",
        ])
        .expect_code(1);
    assert!(http.stderr.contains("plain http://"), "{}", http.stderr);
    let missing = az
        .run(&[
            "cloud",
            "register",
            "-n",
            "Bare",
            "--skip-endpoint-discovery",
            "--endpoint-resource-manager",
            "https://arm.example.test/",
        ])
        .expect_code(1);
    assert_eq!(
        missing.stderr,
        "ERROR: The following endpoints are required for the CLI to function and were not specified on the command line, in the cloud config or could not be autodetected.\n\
         Specify them on the command line or through the cloud config file:\n\
         --endpoint-active-directory, --endpoint-active-directory-resource-id, --endpoint-active-directory-graph-resource-id\n"
    );
    assert!(!az.config_dir().join("clouds.config").exists());
}

#[test]
fn cloud_register_discovers_endpoints_from_arm_metadata() {
    // The embedded emulator answers `/metadata/endpoints` for any https origin.
    let az = Azrs::new();
    az.run(&[
        "cloud",
        "register",
        "--name",
        "FakeAzureCloud",
        "--endpoint-resource-manager",
        "https://127.0.0.1:8443/",
    ])
    .ok();
    let reqs = az.requests();
    let meta = reqs
        .iter()
        .find(|r| r["path"] == "//metadata/endpoints")
        .expect("metadata request");
    assert_eq!(meta["query"]["api-version"], "2022-09-01");
    assert!(meta["headers"].get("authorization").is_none());
    let show = az
        .run(&["cloud", "show", "-n", "FakeAzureCloud"])
        .ok()
        .json();
    // The flag wins over the document's resourceManager; the rest comes from the document.
    assert_eq!(
        show["endpoints"]["resourceManager"],
        "https://127.0.0.1:8443/"
    );
    assert!(show["endpoints"]["activeDirectory"].is_string());
    assert_eq!(
        show["endpoints"]["activeDirectoryResourceId"],
        "https://management.core.windows.net/"
    );
}

#[test]
fn cloud_config_written_by_az_is_read() {
    let mut az = Azrs::new();
    az.remove_env("AZRS_EMULATOR");
    std::fs::write(
        az.config_dir().join("clouds.config"),
        "[FakeAzureCloud]\n\
         endpoint_management = https://management.core.windows.net/\n\
         endpoint_resource_manager = https://127.0.0.1:8443/\n\
         endpoint_active_directory = https://127.0.0.1:8443/\n\
         endpoint_active_directory_resource_id = https://management.core.windows.net/\n\
         endpoint_active_directory_graph_resource_id = https://graph.windows.net/\n\
         suffix_storage_endpoint = core.windows.net\n\
         profile = latest\n\n",
    )
    .expect("clouds.config");
    std::fs::write(
        az.config_dir().join("config"),
        "[cloud]\nname = FakeAzureCloud\n\n",
    )
    .expect("config");
    let list = az.run(&["cloud", "list"]).ok();
    assert_eq!(
        cloud_names(&list).last(),
        Some(&("FakeAzureCloud".to_string(), true))
    );
    let show = az.run(&["cloud", "show"]).ok().json();
    assert_eq!(show["name"], "FakeAzureCloud");
    assert_eq!(
        show["endpoints"]["resourceManager"],
        "https://127.0.0.1:8443/"
    );
    assert_eq!(show["suffixes"]["storageEndpoint"], "core.windows.net");
    // Switching back is a real switch (warnings) and unregistering then works.
    az.run(&["cloud", "set", "-n", "AzureCloud"]).ok();
    az.run(&["cloud", "unregister", "-n", "FakeAzureCloud"])
        .ok();
}

#[test]
fn login_identity_records_az_managed_identity_accounts() {
    // The App Service managed-identity endpoint of the embedded emulator.
    let mut az = Azrs::new();
    az.set_env(
        "IDENTITY_ENDPOINT",
        "https://emulator.azrs.invalid/msi/token",
    );
    az.set_env("IDENTITY_HEADER", "fake-identity-header");

    let run = az.run(&["login", "--identity"]).ok();
    let shown = run.json();
    assert_eq!(
        shown[0]["user"],
        json!({"name": "systemAssignedIdentity", "type": "servicePrincipal"})
    );
    assert_eq!(shown[0]["assignedIdentityInfo"], "MSI");
    assert_eq!(shown[0]["cloudName"], EMULATOR_CLOUD);
    assert_eq!(shown[0]["id"], SUB);

    let client = "00000000-0000-4000-8000-00000000c11e";
    let run = az.run(&["login", "--identity", "--client-id", client]).ok();
    assert_eq!(run.json()[0]["user"]["name"], "userAssignedIdentity");
    assert_eq!(
        run.json()[0]["assignedIdentityInfo"],
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
