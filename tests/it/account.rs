//! `account show/list/set/…` on a config dir laid out as az 2.91 writes it (no emulator: these
//! commands never touch the network), and az's texts for their errors.

use crate::common::{Azrs, SUB, run_logged};
use serde_json::json;

use crate::login::*;

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

#[test]
fn account_list_locations_asks_arm_and_keeps_azs_fields() {
    let azrs = Azrs::new();
    let (run, reqs) = run_logged(&azrs, &["account", "list-locations"]);
    let shown = run.ok().json();
    let first = &shown[0];
    assert_eq!(first["type"], "Region");
    assert!(first["name"].is_string() && first["displayName"].is_string());
    assert!(first["metadata"]["regionType"].is_string());
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0]["method"], "GET");
    assert_eq!(reqs[0]["path"], format!("/subscriptions/{SUB}/locations"));
    assert_eq!(reqs[0]["query"]["api-version"], "2022-12-01");
    assert!(reqs[0]["query"].get("includeExtendedLocations").is_none());
    // The AAZ boolean: alone it is true; spellings are case-insensitive; others are refused.
    for (given, sent) in [(None, "true"), (Some("No"), "false"), (Some("Y"), "true")] {
        let mut args = vec!["account", "list-locations", "--include-extended-locations"];
        args.extend(given);
        let (run, reqs) = run_logged(&azrs, &args);
        run.ok();
        assert_eq!(
            reqs[0]["query"]["includeExtendedLocations"], sent,
            "{given:?}"
        );
    }
    let run = azrs
        .run(&[
            "account",
            "list-locations",
            "--include-extended-locations",
            "maybe",
        ])
        .expect_code(2);
    assert!(
        run.stderr
            .contains("Allowed values: true, t, yes, y, 1, false, f, no, n, 0.")
    );
}
