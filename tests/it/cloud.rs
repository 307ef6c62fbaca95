//! `cloud register/set/show/list/unregister` through the binary: the round trip, plain-http
//! and missing-endpoint refusals, endpoint discovery from ARM metadata, and a `clouds.config`
//! written by az read as az reads it.

use crate::common::{Azrs, Run};

// ---------------------------------------------------------------------------------------------
// Clouds

fn cloud_names(run: &Run) -> Vec<(String, bool)> {
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
