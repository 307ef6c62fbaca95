//! The config directory as az 2.91 lays it out (BOM profile, `config`, `clouds.config`): read,
//! its errors, and writes that keep BOMs, unknown fields, sections, keys and comments (account
//! set, cloud register/set/unregister, login with a 0600 secret file).

use super::*;

/// A config dir as az 2.91 leaves it after `cloud register`, `cloud set` and
/// `login --service-principal` (layout of `reference/README.md`; profile with az's BOM).
fn az_written_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let profile = format!(
        "\u{feff}{{\"installationId\": \"5f7c1f0e-0000-0000-0000-000000000001\", \"subscriptions\": [{{\"id\": \"{SUB}\", \"name\": \"Fake Subscription\", \"state\": \"Enabled\", \"user\": {{\"name\": \"{APP}\", \"type\": \"servicePrincipal\"}}, \"isDefault\": true, \"tenantId\": \"{TENANT}\", \"environmentName\": \"FakeAzureCloud\", \"homeTenantId\": \"{TENANT}\", \"managedByTenants\": []}}, {{\"id\": \"11111111-0000-0000-0000-000000000000\", \"name\": \"Other\", \"state\": \"Disabled\", \"user\": {{\"name\": \"{APP}\", \"type\": \"servicePrincipal\"}}, \"isDefault\": false, \"tenantId\": \"{TENANT}\", \"environmentName\": \"FakeAzureCloud\", \"homeTenantId\": \"{TENANT}\", \"managedByTenants\": []}}]}}"
    );
    std::fs::write(p.join("azureProfile.json"), profile).unwrap();
    std::fs::write(
        p.join("config"),
        "[cloud]\nname = FakeAzureCloud\n\n[core]\nfirst_run = yes\ncollect_telemetry = no\n\n",
    )
    .unwrap();
    std::fs::write(
        p.join("clouds.config"),
        "[FakeAzureCloud]\nprofile = latest\nendpoint_management = https://management.core.windows.net/\nendpoint_resource_manager = https://127.0.0.1:8443/\nendpoint_active_directory = https://127.0.0.1:8443/\nendpoint_active_directory_resource_id = https://management.core.windows.net/\nsuffix_storage_endpoint = core.windows.net\nsubscription = 00000000-0000-4000-8000-0000000005ab\n\n",
    )
    .unwrap();
    dir
}

#[test]
fn reads_a_config_dir_written_by_az() {
    let d = az_written_dir();
    let dir = ConfigDir::new(d.path());
    let cloud = clouds::active_cloud(&dir, None).unwrap();
    assert_eq!(cloud.name, "FakeAzureCloud");
    assert_eq!(cloud.resource_manager(), Some("https://127.0.0.1:8443/"));
    assert_eq!(cloud.authority_host(), Some("https://127.0.0.1:8443/"));
    // Env AZURE_CLOUD_NAME wins over the file.
    assert_eq!(
        clouds::active_cloud(&dir, Some("AzureChinaCloud"))
            .unwrap()
            .resource_manager(),
        Some("https://management.chinacloudapi.cn")
    );

    let sub = account::resolve_subscription(&dir, &cloud.name, None, None).unwrap();
    assert_eq!(sub.id, SUB);
    assert_eq!(sub.tenant_id.as_deref(), Some(TENANT));
    assert_eq!(
        account::resolve_subscription(&dir, &cloud.name, Some("fake subscription"), None)
            .unwrap()
            .id,
        SUB
    );
    let unknown = account::resolve_subscription(&dir, &cloud.name, Some("foo"), None).unwrap_err();
    assert_eq!(
        unknown.to_string(),
        "Subscription 'foo' not found. Check the spelling and casing and try again."
    );

    let show = account_verbs::show::account_show(&dir, &cloud.name, None).unwrap();
    assert_eq!(show["name"], "Fake Subscription");
    let list = account_verbs::list::account_list(&dir, &cloud.name, false).unwrap();
    assert_eq!(list.items.as_array().unwrap().len(), 1);
    assert_eq!(list.items[0]["cloudName"], "FakeAzureCloud");
    assert!(list.items[0].get("environmentName").is_none());
    assert_eq!(
        list.warnings,
        [
            "A few accounts are skipped as they don't have 'Enabled' state. Use '--all' to display them."
        ]
    );
    assert_eq!(
        account_verbs::list::account_list(&dir, &cloud.name, true)
            .unwrap()
            .items
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let shown = cloud_verbs::show::cloud_show(&dir, None, None).unwrap();
    assert_eq!(shown["isActive"], true);
    assert_eq!(
        shown["endpoints"]["resourceManager"],
        "https://127.0.0.1:8443/"
    );
    let names: Vec<String> = cloud_verbs::list::cloud_list(&dir, None)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "AzureCloud",
            "AzureChinaCloud",
            "AzureUSGovernment",
            "AzureBleuCloud",
            "FakeAzureCloud"
        ]
    );
}

#[test]
fn empty_config_dir_errors_like_az() {
    let d = tempfile::tempdir().unwrap();
    let dir = ConfigDir::new(d.path());
    let e = account::resolve_subscription(&dir, "AzureCloud", None, None).unwrap_err();
    assert_eq!(e.to_string(), "Please run 'azrs login' to setup account.");
    // Environment-only credentials: AZURE_SUBSCRIPTION_ID is used verbatim.
    assert_eq!(
        account::resolve_subscription(&dir, "AzureCloud", None, Some(SUB))
            .unwrap()
            .id,
        SUB
    );
    let l = account_verbs::list::account_list(&dir, "AzureCloud", false).unwrap();
    assert_eq!(l.items, json!([]));
    assert_eq!(
        l.warnings,
        ["Please run \"az login\" to access your accounts."]
    );
}

#[test]
fn account_set_keeps_bom_unknown_fields_and_records_cloud_default() {
    let d = az_written_dir();
    let dir = ConfigDir::new(d.path());
    // An unknown field az (or a later az) may have written.
    let path = dir.profile_file();
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "\"managedByTenants\": []}",
        "\"managedByTenants\": [], \"futureField\": 7}",
        1,
    );
    std::fs::write(&path, text).unwrap();

    let err = account_verbs::set::account_set(&dir, "FakeAzureCloud", "Nope").unwrap_err();
    assert_eq!(
        err.to_string(),
        "The subscription of 'nope' doesn't exist in cloud 'FakeAzureCloud'."
    );
    account_verbs::set::account_set(
        &dir,
        "FakeAzureCloud",
        "11111111-0000-0000-0000-000000000000",
    )
    .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.starts_with(b"\xef\xbb\xbf{\"installationId\": "),
        "BOM and az layout kept"
    );
    let v: Value = serde_json::from_slice(&bytes[3..]).unwrap();
    assert_eq!(v["subscriptions"][0]["isDefault"], false);
    assert_eq!(v["subscriptions"][0]["futureField"], 7);
    assert_eq!(v["subscriptions"][1]["isDefault"], true);
    let clouds_file = IniFile::load(&dir.clouds_file()).unwrap();
    assert_eq!(
        clouds_file.get("FakeAzureCloud", "subscription").as_deref(),
        Some("11111111-0000-0000-0000-000000000000")
    );
    assert_eq!(
        clouds_file
            .get("FakeAzureCloud", "endpoint_resource_manager")
            .as_deref(),
        Some("https://127.0.0.1:8443/")
    );
}

#[test]
fn config_writes_keep_unknown_sections_keys_and_comments() {
    let d = az_written_dir();
    let dir = ConfigDir::new(d.path());
    let mut f = IniFile::load(&dir.config_file()).unwrap();
    f.set(
        "extension",
        "index_url",
        "https://127.0.0.1:8443/extensions/index.json",
    );
    f.set("core", "output", "table");
    f.save(&dir.config_file()).unwrap();
    let text = std::fs::read_to_string(dir.config_file()).unwrap();
    assert!(text.contains("[cloud]\nname = FakeAzureCloud\n"), "{text}");
    assert!(
        text.contains("first_run = yes\ncollect_telemetry = no\noutput = table\n"),
        "{text}"
    );
    assert!(
        text.ends_with("[extension]\nindex_url = https://127.0.0.1:8443/extensions/index.json\n"),
        "{text}"
    );
    let s = config::Settings::load(
        &dir,
        vec![("AZURE_CORE_OUTPUT".to_string(), "yaml".to_string())],
    )
    .unwrap();
    assert_eq!(s.get("core", "output").as_deref(), Some("yaml"));
    assert_eq!(
        s.get_bool("core", "collect_telemetry").unwrap(),
        Some(false)
    );
}

#[test]
fn cloud_register_set_unregister_round_trip() {
    let d = tempfile::tempdir().unwrap();
    let dir = ConfigDir::new(d.path());
    let meta = json!({"resourceManager":"https://127.0.0.1:8443/","authentication":{"loginEndpoint":"https://127.0.0.1:8443/","audiences":["https://management.core.windows.net/","https://management.azure.com/"]},"suffixes":{"storage":"core.windows.net"}});
    let cloud = cloud_verbs::metadata::from_arm_metadata("FakeAzureCloud", &meta);
    cloud_verbs::register::cloud_register(&dir, &cloud).unwrap();
    assert_eq!(
        cloud_verbs::register::cloud_register(&dir, &cloud)
            .unwrap_err()
            .to_string(),
        "The cloud 'FakeAzureCloud' is already registered."
    );
    let text = std::fs::read_to_string(dir.clouds_file()).unwrap();
    assert!(text.starts_with("[FakeAzureCloud]\nprofile = latest\nendpoint_active_directory = https://127.0.0.1:8443/\nendpoint_active_directory_resource_id = https://management.core.windows.net/\n"), "{text}");
    assert!(
        text.contains("\nendpoint_resource_manager = https://127.0.0.1:8443/\n"),
        "{text}"
    );

    let w = cloud_verbs::set::cloud_set(&dir, "FakeAzureCloud", None).unwrap();
    assert_eq!(
        w,
        [
            "Switched active cloud to 'FakeAzureCloud'.",
            "Use 'az login' to log in to this cloud.",
            "Use 'az account set' to set the active subscription."
        ]
    );
    assert_eq!(
        cloud_verbs::unregister::cloud_unregister(&dir, "FakeAzureCloud", None)
            .unwrap_err()
            .to_string(),
        "The cloud 'FakeAzureCloud' cannot be unregistered as it's currently active."
    );
    assert_eq!(
        cloud_verbs::unregister::cloud_unregister(&dir, "AzureChinaCloud", None)
            .unwrap_err()
            .to_string(),
        "The cloud 'AzureChinaCloud' cannot be unregistered as it's not a custom cloud."
    );
    cloud_verbs::set::cloud_set(&dir, "AzureCloud", None).unwrap();
    cloud_verbs::unregister::cloud_unregister(&dir, "FakeAzureCloud", None).unwrap();
    assert_eq!(
        cloud_verbs::show::cloud_show(&dir, Some("FakeAzureCloud"), None)
            .unwrap_err()
            .to_string(),
        "The cloud 'FakeAzureCloud' is not registered."
    );
}

#[test]
fn login_records_profile_like_az_and_secret_file_is_0600() {
    let d = tempfile::tempdir().unwrap();
    let dir = ConfigDir::new(d.path());
    let arm_sub = json!({"id": format!("/subscriptions/{SUB}"), "authorizationSource":"RoleBased","managedByTenants":[],
        "subscriptionId": SUB, "tenantId": TENANT, "displayName":"Fake Subscription","state":"Enabled",
        "subscriptionPolicies":{"locationPlacementId":"Public_2014-09-01","quotaId":"PayAsYouGo_2014-09-01","spendingLimit":"Off"}});
    let user = LoginUser {
        name: APP.into(),
        user_type: "servicePrincipal".into(),
        assigned_identity_info: None,
    };
    let out = login::record::record_login(&dir, "FakeAzureCloud", &user, &[arm_sub]).unwrap();
    // The object az printed for `az login --service-principal` in the walkthrough.
    assert_eq!(
        out,
        json!([{"id": SUB, "name": "Fake Subscription", "state": "Enabled", "user": {"name": APP, "type": "servicePrincipal"},
            "isDefault": true, "tenantId": TENANT, "cloudName": "FakeAzureCloud", "homeTenantId": TENANT, "managedByTenants": []}])
    );
    login::record::store_service_principal(
        &dir,
        ServicePrincipalEntry {
            client_id: APP.into(),
            tenant: TENANT.into(),
            client_secret: Some(SecretString::new("fake-client-secret")),
            certificate: None,
            client_assertion: None,
            other: Default::default(),
        },
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.secrets_file())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }
    let profile_text = std::fs::read_to_string(dir.profile_file()).unwrap();
    assert!(!profile_text.contains("fake-client-secret"));
    let entry = account_verbs::show::account_show(&dir, "FakeAzureCloud", None).unwrap();
    match account::stored_login(&dir, &entry).unwrap() {
        Some(account::StoredLogin::ServicePrincipal(sp)) => {
            assert_eq!(
                sp.client_secret.as_ref().map(SecretString::expose),
                Some("fake-client-secret")
            );
            assert!(
                !format!("{sp:?}").contains("fake-client-secret"),
                "Debug hides secrets"
            );
        }
        other => panic!("{other:?}"),
    }
    login::logout::logout(&dir, None).unwrap();
    assert!(account_verbs::show::account_show(&dir, "FakeAzureCloud", None).is_err());
    assert!(
        config::SecretStore::load(&dir.secrets_file())
            .unwrap()
            .entries
            .is_empty()
    );
}
