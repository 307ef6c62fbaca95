//! `feature`, `provider` and `group` verbs run as the real `azrs` binary against the embedded
//! emulator: the success output of each in json and table, every error path commands.md §2–§4
//! names (exit code and az's stderr text), and the requests sent (method, path, query, body,
//! headers) as read back from the emulator's request log.

#[path = "support/azrs.rs"]
mod azrs;

use azrs::{Azrs, Run};
use serde_json::{Value, json};

const SUB: &str = "00000000-0000-4000-8000-0000000005ab";
const TRAILER: &str = "\nhttps://aka.ms/cli_ref\nRead more about the command in reference docs\n";

/// The ARM requests logged after the first `skip` entries (token requests left out).
fn arm_requests(azrs: &Azrs, skip: usize) -> Vec<Value> {
    azrs.requests()
        .into_iter()
        .skip(skip)
        .filter(|r| !r["path"].as_str().unwrap_or_default().contains("/oauth2/"))
        .collect()
}

/// Runs a command and returns it with the ARM requests it sent.
fn run_logged(azrs: &Azrs, args: &[&str]) -> (Run, Vec<Value>) {
    let before = azrs.requests().len();
    let run = azrs.run(args);
    (run, arm_requests(azrs, before))
}

fn header<'a>(req: &'a Value, name: &str) -> &'a str {
    req["headers"][name].as_str().unwrap_or_default()
}

/// az's ARM error text for the error envelope the emulator answered with (output.md §8.2).
fn arm_error_stderr(resp_body: &Value) -> String {
    let code = resp_body["error"]["code"].as_str().expect("error code");
    let message = resp_body["error"]["message"]
        .as_str()
        .expect("error message");
    format!("ERROR: ({code}) {message}\nCode: {code}\nMessage: {message}\n")
}

fn feature_json(ns: &str, name: &str, state: &str) -> String {
    format!(
        "{{\n  \"id\": \"/subscriptions/{SUB}/providers/Microsoft.Features/providers/{ns}/features/{name}\",\n  \"name\": \"{ns}/{name}\",\n  \"properties\": {{\n    \"state\": \"{state}\"\n  }},\n  \"type\": \"Microsoft.Features/providers/features\"\n}}\n"
    )
}

fn register_warning(feature: &str, ns: &str, done: &str) -> String {
    format!(
        "WARNING: Once the feature '{feature}' is {done}, invoking 'az provider register -n {ns}' is required to get the change propagated\n"
    )
}

// ------------------------------------------------------------------------------ feature

#[test]
fn feature_register_warns_first_then_prints_registering_json() {
    let azrs = Azrs::new();
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "feature",
            "register",
            "--namespace",
            "Microsoft.ContainerService",
            "--name",
            "MSIPreview",
        ],
    );
    let run = run.ok();
    assert_eq!(
        run.stdout,
        feature_json("Microsoft.ContainerService", "MSIPreview", "Registering")
    );
    assert_eq!(
        run.stderr,
        register_warning("MSIPreview", "Microsoft.ContainerService", "registered")
    );
    assert_eq!(reqs.len(), 1, "{reqs:#?}");
    let post = &reqs[0];
    assert_eq!(post["method"], "POST");
    assert_eq!(
        post["path"],
        format!(
            "/subscriptions/{SUB}/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/MSIPreview/register"
        )
    );
    assert_eq!(post["query"], json!({"api-version": "2021-07-01"}));
    assert_eq!(header(post, "content-length"), "0");
    assert!(post["body"].is_null(), "no body: {post:#?}");
}

#[test]
fn feature_register_and_unregister_table_and_state_machine_seen_through_list() {
    let azrs = Azrs::new();
    let ns = "Microsoft.ContainerService";
    let run = azrs
        .run(&[
            "feature",
            "register",
            "--namespace",
            ns,
            "-n",
            "AKS-GitOps",
            "-o",
            "table",
        ])
        .ok();
    assert_eq!(
        run.stdout,
        "Name                                   RegistrationState\n\
         -------------------------------------  -------------------\n\
         Microsoft.ContainerService/AKS-GitOps  Registering\n"
    );
    assert_eq!(run.stderr, register_warning("AKS-GitOps", ns, "registered"));

    // The next read completes the registration (emulator: one read).
    let list = azrs
        .run(&["feature", "list", "--namespace", ns, "-o", "table"])
        .ok();
    assert_eq!(
        list.stdout,
        "Name                                                              RegistrationState\n\
         ----------------------------------------------------------------  -------------------\n\
         Microsoft.ContainerService/AKS-GitOps                             Registered\n\
         Microsoft.ContainerService/AKS-PrometheusAddonPreview             NotRegistered\n\
         Microsoft.ContainerService/EnableAPIServerVnetIntegrationPreview  NotRegistered\n\
         Microsoft.ContainerService/MSIPreview                             NotRegistered\n\
         Microsoft.ContainerService/NodePublicIPPreview                    NotRegistered\n\
         Microsoft.ContainerService/PodSubnetPreview                       Registered\n"
    );
    assert_eq!(list.stderr, "");

    let un = azrs
        .run(&[
            "feature",
            "unregister",
            "--namespace",
            ns,
            "-n",
            "AKS-GitOps",
        ])
        .ok();
    assert_eq!(un.stdout, feature_json(ns, "AKS-GitOps", "Unregistering"));
    assert_eq!(
        un.stderr,
        register_warning("AKS-GitOps", ns, "unregistered")
    );

    let show = azrs
        .run(&["feature", "show", "--namespace", ns, "-n", "AKS-GitOps"])
        .ok();
    assert_eq!(show.stdout, feature_json(ns, "AKS-GitOps", "Unregistered"));
    assert_eq!(show.stderr, "");
    let show_table = azrs
        .run(&[
            "feature",
            "show",
            "--namespace",
            ns,
            "-n",
            "AKS-GitOps",
            "-o",
            "table",
        ])
        .ok();
    assert_eq!(
        show_table.stdout,
        "Name                                   RegistrationState\n\
         -------------------------------------  -------------------\n\
         Microsoft.ContainerService/AKS-GitOps  Unregistered\n"
    );
}

#[test]
fn feature_list_without_namespace_lists_every_namespace_as_json() {
    let azrs = Azrs::new();
    let (run, reqs) = run_logged(&azrs, &["feature", "list"]);
    let items = run.ok().json();
    let items = items.as_array().expect("array");
    // Paged by the emulator (6 per page): all pages are drained into one list.
    assert!(items.len() > 6, "{items:#?}");
    let names: Vec<&str> = items.iter().filter_map(|i| i["name"].as_str()).collect();
    assert!(
        names.contains(&"Microsoft.Compute/EncryptionAtHost"),
        "{names:?}"
    );
    assert!(names.contains(&"Microsoft.Storage/AllowNFSV3"), "{names:?}");
    for item in items {
        let keys: Vec<&String> = item.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["id", "name", "properties", "type"], "sorted keys");
    }
    assert!(reqs.len() >= 2, "nextLink followed: {reqs:#?}");
    assert_eq!(
        reqs[0]["path"],
        format!("/subscriptions/{SUB}/providers/Microsoft.Features/features")
    );
    let id = header(&reqs[0], "x-ms-client-request-id");
    assert!(!id.is_empty());
    for r in &reqs {
        assert_eq!(
            header(r, "x-ms-client-request-id"),
            id,
            "one id per command"
        );
        assert_eq!(header(r, "commandname"), "feature list");
    }
    assert_eq!(header(&reqs[1], "accept"), "*/*", "nextLink pages");
}

#[test]
fn feature_register_wait_ends_registered_with_the_reminder() {
    let azrs = Azrs::new();
    let ns = "Microsoft.ContainerService";
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "feature",
            "register",
            "--namespace",
            ns,
            "-n",
            "MSIPreview",
            "--wait",
        ],
    );
    let run = run.ok();
    assert_eq!(run.stdout, feature_json(ns, "MSIPreview", "Registered"));
    assert_eq!(
        run.stderr,
        format!(
            "{}WARNING: Feature '{ns}/MSIPreview' is registered. Run 'azrs provider register -n {ns}' to propagate it.\n",
            register_warning("MSIPreview", ns, "registered")
        )
    );
    assert_eq!(reqs[0]["method"], "POST");
    let last = reqs.last().expect("a GET after the POST");
    assert_eq!(last["method"], "GET");
    assert_eq!(last["resp_body"]["properties"]["state"], "Registered");
}

#[test]
fn feature_show_unknown_feature_exits_3_with_the_arm_error() {
    let azrs = Azrs::new();
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "feature",
            "show",
            "--namespace",
            "Microsoft.ContainerService",
            "-n",
            "Nope",
        ],
    );
    let run = run.expect_code(3);
    assert_eq!(run.stdout, "");
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0]["status"], 404);
    assert_eq!(reqs[0]["resp_body"]["error"]["code"], "FeatureNotFound");
    assert_eq!(run.stderr, arm_error_stderr(&reqs[0]["resp_body"]));

    let reg = azrs
        .run(&[
            "feature",
            "register",
            "--namespace",
            "Microsoft.Compute",
            "-n",
            "Nope",
        ])
        .expect_code(3);
    assert!(
        reg.stderr
            .starts_with(&register_warning("Nope", "Microsoft.Compute", "registered")),
        "warning comes before the POST: {reg:#?}"
    );
    assert!(reg.stderr.contains("ERROR: (FeatureNotFound) "), "{reg:#?}");
}

#[test]
fn feature_verbs_without_namespace_are_parser_errors() {
    let azrs = Azrs::new();
    for verb in ["show", "register", "unregister"] {
        let run = azrs
            .run(&["feature", verb, "-n", "MSIPreview"])
            .expect_code(2);
        assert_eq!(run.stdout, "");
        // az shows the command's help examples that share the typed options (here `--name`);
        // `feature show` has none (checked against the real az in tests/az_differential.rs).
        let examples = match verb {
            "register" => {
                "\nExamples from command's help:\nazrs feature register --namespace Microsoft.Compute --name GalleryPreview\nregister the \"Shared Image Gallery\" feature\n"
            }
            "unregister" => {
                "\nExamples from command's help:\nazrs feature unregister --namespace Microsoft.Compute --name GalleryPreview\nunregister the \"Shared Image Gallery\" feature\n"
            }
            _ => "",
        };
        assert_eq!(
            run.stderr,
            format!(
                "ERROR: the following arguments are required: --namespace\n{examples}{TRAILER}"
            ),
            "feature {verb}"
        );
    }
    assert!(azrs.requests().is_empty(), "nothing sent");
}

#[test]
fn feature_requests_carry_az_headers() {
    let azrs = Azrs::new();
    let (_, reqs) = run_logged(
        &azrs,
        &[
            "feature",
            "register",
            "--name",
            "MSIPreview",
            "--namespace",
            "Microsoft.ContainerService",
        ],
    );
    let post = &reqs[0];
    assert_eq!(header(post, "commandname"), "feature register");
    assert_eq!(header(post, "parametersetname"), "--name --namespace");
    // The Features SDK's Accept (commands.md §0.2, observed in the walkthrough).
    assert_eq!(header(post, "accept"), "application/json, text/json");
    let id = header(post, "x-ms-client-request-id");
    assert_eq!(id.len(), 36, "a UUID: {id}");
    assert!(header(post, "authorization").starts_with("Bearer "));

    let (_, reqs) = run_logged(
        &azrs,
        &[
            "feature",
            "show",
            "--namespace",
            "Microsoft.Compute",
            "-n",
            "EncryptionAtHost",
        ],
    );
    assert_eq!(header(&reqs[0], "accept"), "application/json, text/json");
    let (_, reqs) = run_logged(&azrs, &["feature", "list", "-o", "table", "--query", "[]"]);
    assert_eq!(header(&reqs[0], "accept"), "application/json, text/json");
    assert_eq!(header(&reqs[0], "parametersetname"), "-o --query");
    assert_eq!(header(&reqs[1], "accept"), "*/*");
}

// ------------------------------------------------------------------------------ provider

#[test]
fn provider_register_when_already_registered_is_silent() {
    let azrs = Azrs::new();
    let (run, reqs) = run_logged(&azrs, &["provider", "register", "-n", "Microsoft.Compute"]);
    let run = run.ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    assert_eq!(reqs.len(), 1);
    let post = &reqs[0];
    assert_eq!(post["method"], "POST");
    assert_eq!(
        post["path"],
        format!("/subscriptions/{SUB}/providers/Microsoft.Compute/register")
    );
    assert_eq!(post["query"], json!({"api-version": "2024-11-01"}));
    assert_eq!(header(post, "content-length"), "0");
    assert_eq!(header(post, "commandname"), "provider register");
    assert_eq!(header(post, "parametersetname"), "-n");
}

#[test]
fn provider_register_and_unregister_warn_while_on_going() {
    let azrs = Azrs::new();
    let ns = "Microsoft.OperationalInsights";
    let run = azrs.run(&["provider", "register", "--namespace", ns]).ok();
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "WARNING: Registering is still on-going. You can monitor using 'az provider show -n {ns}'\n"
        )
    );
    let state = azrs
        .run(&["provider", "show", "-n", ns, "--query", "registrationState"])
        .ok();
    assert_eq!(state.stdout, "\"Registered\"\n");

    let (run, reqs) = run_logged(&azrs, &["provider", "unregister", "-n", ns]);
    let run = run.ok();
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "WARNING: Unregistering is still on-going. You can monitor using 'az provider show -n {ns}'\n"
        )
    );
    assert_eq!(
        reqs[0]["path"],
        format!("/subscriptions/{SUB}/providers/{ns}/unregister")
    );
}

#[test]
fn provider_register_wait_returns_silently_once_registered() {
    let azrs = Azrs::new();
    let ns = "Microsoft.ContainerService";
    let (run, reqs) = run_logged(&azrs, &["provider", "register", "-n", ns, "--wait"]);
    let run = run.ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    assert_eq!(reqs[0]["method"], "POST");
    assert_eq!(reqs[0]["resp_body"]["registrationState"], "Registering");
    let last = reqs.last().expect("polled");
    assert_eq!(last["method"], "GET");
    assert_eq!(last["path"], format!("/subscriptions/{SUB}/providers/{ns}"));
    assert_eq!(last["resp_body"]["registrationState"], "Registered");
}

#[test]
fn provider_register_consent_sends_the_consent_body() {
    let azrs = Azrs::new();
    let (run, reqs) = run_logged(
        &azrs,
        &["provider", "register", "-n", "Microsoft.Storage", "-c"],
    );
    run.ok();
    assert_eq!(
        reqs[0]["body"],
        json!({"thirdPartyProviderConsent": {"consentToAuthorization": true}})
    );
    assert_eq!(header(&reqs[0], "content-type"), "application/json");
    assert_eq!(header(&reqs[0], "parametersetname"), "-n -c");
}

#[test]
fn provider_show_and_list_print_every_model_attribute() {
    let azrs = Azrs::new();
    let show = azrs
        .run(&["provider", "show", "-n", "Microsoft.Network"])
        .ok()
        .json();
    let keys: Vec<&String> = show.as_object().expect("object").keys().collect();
    assert_eq!(
        keys,
        [
            "id",
            "namespace",
            "providerAuthorizationConsentState",
            "registrationPolicy",
            "registrationState",
            "resourceTypes"
        ]
    );
    assert_eq!(show["providerAuthorizationConsentState"], Value::Null);
    assert_eq!(show["namespace"], "Microsoft.Network");
    let rt = &show["resourceTypes"][0];
    for attr in [
        "aliases",
        "apiProfiles",
        "apiVersions",
        "capabilities",
        "defaultApiVersion",
        "locationMappings",
        "locations",
        "properties",
        "resourceType",
        "zoneMappings",
    ] {
        assert!(
            rt.get(attr).is_some(),
            "resource type lacks {attr}: {rt:#?}"
        );
    }
    assert_eq!(rt["aliases"], Value::Null);

    let table = azrs
        .run(&["provider", "show", "-n", "Microsoft.Network", "-o", "table"])
        .ok();
    assert_eq!(
        table.stdout,
        "Namespace          RegistrationPolicy    RegistrationState\n\
         -----------------  --------------------  -------------------\n\
         Microsoft.Network  RegistrationRequired  Registered\n"
    );

    let (list, reqs) = run_logged(&azrs, &["provider", "list", "-o", "table"]);
    assert_eq!(
        list.ok().stdout,
        "Namespace                      RegistrationPolicy    RegistrationState\n\
         -----------------------------  --------------------  -------------------\n\
         Microsoft.Compute              RegistrationRequired  Registered\n\
         Microsoft.ContainerService     RegistrationRequired  NotRegistered\n\
         Microsoft.ManagedIdentity      RegistrationRequired  Registered\n\
         Microsoft.Network              RegistrationRequired  Registered\n\
         Microsoft.OperationalInsights  RegistrationRequired  NotRegistered\n\
         Microsoft.Storage              RegistrationRequired  Registered\n"
    );
    assert_eq!(reqs[0]["path"], format!("/subscriptions/{SUB}/providers"));
    assert_eq!(reqs[0]["query"], json!({"api-version": "2024-11-01"}));

    let list = azrs.run(&["provider", "list"]).ok().json();
    assert_eq!(list.as_array().map(Vec::len), Some(6));
    assert_eq!(list[3]["namespace"], "Microsoft.Network");
}

#[test]
fn provider_unknown_namespace_exits_3() {
    let azrs = Azrs::new();
    for verb in ["show", "register", "unregister"] {
        let (run, reqs) = run_logged(&azrs, &["provider", verb, "-n", "Microsoft.Nope"]);
        let run = run.expect_code(3);
        assert_eq!(run.stdout, "", "provider {verb}");
        assert_eq!(reqs.last().expect("sent")["status"], 404);
        assert_eq!(
            run.stderr,
            arm_error_stderr(&reqs.last().expect("sent")["resp_body"]),
            "provider {verb}"
        );
    }
}

// ------------------------------------------------------------------------------ group

fn group_json(name: &str, location: &str, managed_by: &str, tags: &str) -> String {
    format!(
        "{{\n  \"id\": \"/subscriptions/{SUB}/resourceGroups/{name}\",\n  \"location\": \"{location}\",\n  \"managedBy\": {managed_by},\n  \"name\": \"{name}\",\n  \"properties\": {{\n    \"provisioningState\": \"Succeeded\"\n  }},\n  \"tags\": {tags},\n  \"type\": \"Microsoft.Resources/resourceGroups\"\n}}\n"
    )
}

#[test]
fn group_create_prints_json_on_201_and_200_and_table() {
    let azrs = Azrs::new();
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "group",
            "create",
            "--name",
            "myResourceGroup",
            "--location",
            "westus2",
        ],
    );
    let run = run.ok();
    assert_eq!(
        run.stdout,
        group_json("myResourceGroup", "westus2", "null", "null")
    );
    assert_eq!(run.stderr, "");
    assert_eq!(reqs.len(), 1);
    let put = &reqs[0];
    assert_eq!(put["method"], "PUT");
    assert_eq!(
        put["path"],
        format!("/subscriptions/{SUB}/resourcegroups/myResourceGroup")
    );
    assert_eq!(put["query"], json!({"api-version": "2024-11-01"}));
    assert_eq!(put["body"], json!({"location": "westus2"}));
    assert_eq!(put["status"], 201);
    assert_eq!(header(put, "commandname"), "group create");
    assert_eq!(header(put, "parametersetname"), "--name --location");
    assert_eq!(header(put, "content-type"), "application/json");
    assert_eq!(header(put, "accept"), "application/json");

    // Same group again: 200, printed the same way.
    let (again, reqs) = run_logged(
        &azrs,
        &[
            "group",
            "create",
            "-n",
            "myResourceGroup",
            "-l",
            "westus2",
            "-o",
            "table",
        ],
    );
    assert_eq!(reqs[0]["status"], 200);
    assert_eq!(
        again.ok().stdout,
        "Location    Name\n----------  ---------------\nwestus2     myResourceGroup\n"
    );
    assert_eq!(header(&reqs[0], "parametersetname"), "-n -l -o");
}

#[test]
fn group_create_sends_tags_and_managed_by() {
    let azrs = Azrs::new();
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "group",
            "create",
            "-g",
            "tagged",
            "-l",
            "eastus",
            "--tags",
            "a=b",
            "c",
            "--managed-by",
            "test_admin",
        ],
    );
    let run = run.ok();
    assert_eq!(
        reqs[0]["body"],
        json!({"location": "eastus", "tags": {"a": "b", "c": ""}, "managedBy": "test_admin"})
    );
    assert_eq!(
        run.stdout,
        group_json(
            "tagged",
            "eastus",
            "\"test_admin\"",
            "{\n    \"a\": \"b\",\n    \"c\": \"\"\n  }"
        )
    );
    let table = azrs
        .run(&["group", "show", "-n", "tagged", "-o", "table"])
        .ok();
    assert_eq!(
        table.stdout,
        "Location    ManagedBy    Name\n----------  -----------  ------\neastus      test_admin   tagged\n"
    );
}

#[test]
fn group_create_in_another_location_is_a_409_exit_1() {
    let azrs = Azrs::new();
    azrs.run(&["group", "create", "-n", "rg", "-l", "westus2"])
        .ok();
    let (run, reqs) = run_logged(&azrs, &["group", "create", "-n", "rg", "-l", "eastus"]);
    let run = run.expect_code(1);
    assert_eq!(run.stdout, "");
    assert_eq!(reqs[0]["status"], 409);
    assert_eq!(
        reqs[0]["resp_body"]["error"]["code"],
        "InvalidResourceGroupLocation"
    );
    assert_eq!(
        run.stderr,
        "ERROR: (InvalidResourceGroupLocation) Invalid resource group location 'eastus'. The Resource group already exists in location 'westus2'.\n\
         Code: InvalidResourceGroupLocation\n\
         Message: Invalid resource group location 'eastus'. The Resource group already exists in location 'westus2'.\n"
    );
}

#[test]
fn group_create_invalid_names_fail_with_arm_validation_exit_1() {
    let azrs = Azrs::new();
    let long = "a".repeat(91);
    for name in ["bad name!", "ends-with-dot.", long.as_str()] {
        let (run, reqs) = run_logged(&azrs, &["group", "create", "-n", name, "-l", "westus2"]);
        let run = run.expect_code(1);
        assert_eq!(run.stdout, "", "{name}");
        assert_eq!(reqs.len(), 1, "{name}");
        assert_eq!(reqs[0]["status"], 400, "{name}");
        assert_eq!(
            reqs[0]["resp_body"]["error"]["code"], "InvalidResourceGroup",
            "{name}"
        );
        assert_eq!(
            run.stderr,
            arm_error_stderr(&reqs[0]["resp_body"]),
            "{name}"
        );
        assert!(
            run.stderr.contains("https://aka.ms/resourcegroupnaming"),
            "{run:#?}"
        );
    }
    let exists = azrs.run(&["group", "exists", "-n", "ends-with-dot."]).ok();
    assert_eq!(exists.stdout, "false\n", "nothing created");
}

#[test]
fn group_create_without_location_is_a_parser_error() {
    let azrs = Azrs::new();
    let run = azrs.run(&["group", "create", "-n", "rg"]).expect_code(2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "ERROR: the following arguments are required: --location/-l\n\nExamples from command's help:\nazrs group create -l westus -n MyResourceGroup\nCreate a new resource group in the West US region.\n{TRAILER}"
        )
    );
    assert!(azrs.requests().is_empty());
}

#[test]
fn group_create_uses_the_configured_default_location() {
    let azrs = Azrs::new();
    std::fs::write(
        azrs.config_dir().join("config"),
        "[defaults]\nlocation = westus3\n",
    )
    .expect("write config");
    let (run, reqs) = run_logged(&azrs, &["group", "create", "-n", "rg"]);
    assert_eq!(run.ok().json()["location"], "westus3");
    assert_eq!(reqs[0]["body"], json!({"location": "westus3"}));
}

#[test]
fn group_show_missing_exits_3() {
    let azrs = Azrs::new();
    let run = azrs.run(&["group", "show", "-n", "nope"]).expect_code(3);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "ERROR: (ResourceGroupNotFound) Resource group 'nope' could not be found.\n\
         Code: ResourceGroupNotFound\n\
         Message: Resource group 'nope' could not be found.\n"
    );
}

#[test]
fn group_show_prints_the_group() {
    let azrs = Azrs::new();
    azrs.run(&["group", "create", "-n", "rg1", "-l", "westus2"])
        .ok();
    let (run, reqs) = run_logged(&azrs, &["group", "show", "--resource-group", "rg1"]);
    assert_eq!(
        run.ok().stdout,
        group_json("rg1", "westus2", "null", "null")
    );
    assert_eq!(reqs[0]["method"], "GET");
    assert_eq!(
        reqs[0]["path"],
        format!("/subscriptions/{SUB}/resourcegroups/rg1")
    );
    assert_eq!(header(&reqs[0], "parametersetname"), "--resource-group");
}

#[test]
fn group_list_filters_by_tag_and_prints_its_table() {
    let azrs = Azrs::new();
    azrs.run(&[
        "group", "create", "-n", "one", "-l", "westus2", "--tags", "env=prod",
    ])
    .ok();
    azrs.run(&[
        "group", "create", "-n", "two", "-l", "eastus", "--tags", "env=dev",
    ])
    .ok();
    azrs.run(&["group", "create", "-n", "three", "-l", "eastus"])
        .ok();

    let (run, reqs) = run_logged(&azrs, &["group", "list", "-o", "table"]);
    assert_eq!(
        run.ok().stdout,
        "Name    Location    Status\n\
         ------  ----------  ---------\n\
         one     westus2     Succeeded\n\
         three   eastus      Succeeded\n\
         two     eastus      Succeeded\n"
    );
    assert_eq!(
        reqs[0]["path"],
        format!("/subscriptions/{SUB}/resourcegroups")
    );
    assert_eq!(reqs[0]["query"], json!({"api-version": "2024-11-01"}));

    let (run, reqs) = run_logged(
        &azrs,
        &["group", "list", "--tag", "env", "--query", "[].name"],
    );
    assert_eq!(run.ok().json(), json!(["one", "two"]));
    assert_eq!(reqs[0]["query"]["$filter"], "tagname eq 'env'");

    let (run, reqs) = run_logged(&azrs, &["group", "list", "--tag", "env=dev"]);
    let items = run.ok().json();
    assert_eq!(items.as_array().map(Vec::len), Some(1));
    assert_eq!(items[0]["name"], "two");
    assert_eq!(items[0]["tags"], json!({"env": "dev"}));
    assert_eq!(
        reqs[0]["query"]["$filter"],
        "tagname eq 'env' and tagvalue eq 'dev'"
    );
    assert_eq!(reqs[0]["query"]["api-version"], "2024-11-01");
}

#[test]
fn group_exists_prints_true_or_false() {
    let azrs = Azrs::new();
    azrs.run(&["group", "create", "-n", "here", "-l", "westus2"])
        .ok();
    let (yes, reqs) = run_logged(&azrs, &["group", "exists", "-n", "here"]);
    let yes = yes.ok();
    assert_eq!((yes.stdout.as_str(), yes.stderr.as_str()), ("true\n", ""));
    assert_eq!(reqs[0]["method"], "HEAD");
    assert_eq!(reqs[0]["status"], 204);
    let no = azrs.run(&["group", "exists", "-n", "gone"]).ok();
    assert_eq!((no.stdout.as_str(), no.stderr.as_str()), ("false\n", ""));
    let table = azrs
        .run(&["group", "exists", "-n", "here", "-o", "table"])
        .ok();
    assert_eq!(table.stdout, "Result\n--------\nTrue\n");
}

#[test]
fn group_delete_without_yes_and_no_tty_cancels_before_any_request() {
    let azrs = Azrs::new();
    azrs.run(&["group", "create", "-n", "keep", "-l", "westus2"])
        .ok();
    let (run, reqs) = run_logged(&azrs, &["group", "delete", "-n", "keep"]);
    let run = run.expect_code(1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "WARNING: Unable to prompt for confirmation as no tty available. Use --yes.\n\
         ERROR: Operation cancelled.\n"
    );
    assert!(reqs.is_empty(), "no request sent: {reqs:#?}");
    assert_eq!(
        azrs.run(&["group", "exists", "-n", "keep"]).ok().stdout,
        "true\n"
    );
}

#[test]
fn group_delete_with_yes_removes_the_group_and_its_clusters() {
    use ::azrs_emulator::core::{Request, arm_token};
    use ::azrs_emulator::front::{IN_PROCESS_ORIGIN, handle_in_process};

    let azrs = Azrs::new();
    azrs.run(&["group", "create", "-n", "doomed", "-l", "westus2"])
        .ok();
    azrs.run(&["provider", "register", "-n", "Microsoft.ContainerService"])
        .ok();
    // A cluster in the group, put straight into the emulator (aks create is another test's).
    let settings = ::azrs_emulator::core::Settings::new(IN_PROCESS_ORIGIN);
    let token = arm_token(&settings, std::time::SystemTime::now());
    let cluster = format!(
        "/subscriptions/{SUB}/resourceGroups/doomed/providers/Microsoft.ContainerService/managedClusters/c1?api-version=2026-06-01"
    );
    let body = json!({
        "location": "westus2",
        "properties": {
            "agentPoolProfiles": [{"name": "nodepool1", "count": 1, "mode": "System",
                "osType": "Linux", "type": "VirtualMachineScaleSets", "vmSize": ""}],
            "kubernetesVersion": "",
            "dnsPrefix": "c1-doomed",
            "linuxProfile": {"adminUsername": "azureuser",
                "ssh": {"publicKeys": [{"keyData": "ssh-rsa AAAA"}]}}
        },
        "identity": {"type": "SystemAssigned"}
    });
    let put = handle_in_process(
        &azrs.emulator_dir(),
        &Request::new("PUT", &cluster).bearer(&token).json(&body),
    )
    .expect("emulator");
    assert!(
        matches!(put.status, 200 | 201),
        "cluster PUT: {}",
        put.status
    );

    let (run, reqs) = run_logged(&azrs, &["group", "delete", "-n", "doomed", "--yes"]);
    let run = run.ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    assert_eq!(reqs[0]["method"], "DELETE");
    assert_eq!(
        reqs[0]["path"],
        format!("/subscriptions/{SUB}/resourcegroups/doomed")
    );
    assert_eq!(reqs[0]["status"], 202);
    assert!(reqs.len() >= 2, "the Location header is polled: {reqs:#?}");
    let id = header(&reqs[0], "x-ms-client-request-id");
    for r in &reqs {
        assert_eq!(
            header(r, "x-ms-client-request-id"),
            id,
            "one id per command"
        );
        assert_eq!(header(r, "commandname"), "group delete");
        assert_eq!(header(r, "parametersetname"), "-n --yes");
    }
    for poll in &reqs[1..] {
        assert_eq!(poll["method"], "GET");
        assert_eq!(header(poll, "accept"), "*/*");
    }
    assert_eq!(reqs.last().expect("polls")["status"], 200);

    assert_eq!(
        azrs.run(&["group", "exists", "-n", "doomed"]).ok().stdout,
        "false\n"
    );
    let get = handle_in_process(
        &azrs.emulator_dir(),
        &Request::new("GET", &cluster).bearer(&token),
    )
    .expect("emulator");
    assert_eq!(get.status, 404, "the cluster went with its group");
    azrs.run(&["group", "show", "-n", "doomed"]).expect_code(3);
}

#[test]
fn group_delete_no_wait_sends_only_the_delete() {
    let azrs = Azrs::new();
    azrs.run(&["group", "create", "-n", "quick", "-l", "westus2"])
        .ok();
    let (run, reqs) = run_logged(
        &azrs,
        &["group", "delete", "-n", "quick", "-y", "--no-wait"],
    );
    let run = run.ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    assert_eq!(reqs.len(), 1, "{reqs:#?}");
    assert_eq!(reqs[0]["method"], "DELETE");
    assert_eq!(reqs[0]["status"], 202);
}

#[test]
fn group_delete_missing_group_exits_3() {
    let azrs = Azrs::new();
    let run = azrs
        .run(&["group", "delete", "-n", "nope", "--yes"])
        .expect_code(3);
    assert!(
        run.stderr.starts_with(
            "ERROR: (ResourceGroupNotFound) Resource group 'nope' could not be found."
        ),
        "{run:#?}"
    );
}

#[test]
fn group_delete_prompt_disabled_by_config_and_force_deletion_types_sent() {
    let mut azrs = Azrs::new();
    azrs.run(&["group", "create", "-n", "a", "-l", "westus2"])
        .ok();
    azrs.run(&["group", "create", "-n", "b", "-l", "westus2"])
        .ok();

    azrs.set_env("AZURE_CORE_DISABLE_CONFIRM_PROMPT", "true");
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "group",
            "delete",
            "-n",
            "a",
            "-f",
            "Microsoft.Compute/virtualMachines",
        ],
    );
    let run = run.ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    assert_eq!(
        reqs[0]["query"],
        json!({"forceDeletionTypes": "Microsoft.Compute/virtualMachines", "api-version": "2024-11-01"})
    );
    azrs.remove_env("AZURE_CORE_DISABLE_CONFIRM_PROMPT");

    std::fs::write(
        azrs.config_dir().join("config"),
        "[core]\ndisable_confirm_prompt = true\n",
    )
    .expect("write config");
    azrs.run(&["group", "delete", "-n", "b"]).ok();
    assert_eq!(azrs.run(&["group", "list"]).ok().json(), json!([]));
}

#[test]
fn provider_show_expand_and_management_group_register_requests() {
    let azrs = Azrs::new();
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "provider",
            "show",
            "-n",
            "Microsoft.Compute",
            "--expand",
            "resourceTypes/aliases",
        ],
    );
    run.ok();
    assert_eq!(
        reqs[0]["query"],
        json!({"$expand": "resourceTypes/aliases", "api-version": "2024-11-01"})
    );

    let (_, reqs) = run_logged(
        &azrs,
        &[
            "provider",
            "register",
            "-n",
            "Microsoft.Compute",
            "-m",
            "myMG",
        ],
    );
    assert_eq!(reqs[0]["method"], "POST");
    assert_eq!(
        reqs[0]["path"],
        "/providers/Microsoft.Management/managementGroups/myMG/providers/Microsoft.Compute/register"
    );
}

#[test]
fn each_command_gets_its_own_client_request_id() {
    let azrs = Azrs::new();
    let (_, first) = run_logged(&azrs, &["group", "list"]);
    let (_, second) = run_logged(&azrs, &["group", "list"]);
    let a = header(&first[0], "x-ms-client-request-id");
    let b = header(&second[0], "x-ms-client-request-id");
    assert_eq!(a.len(), 36);
    assert_ne!(a, b);
}

#[test]
fn verbose_logs_each_request_and_response_without_the_token() {
    let az = Azrs::new();
    let run = az
        .run(&[
            "group",
            "create",
            "-n",
            "rg-verbose",
            "-l",
            "westus2",
            "--verbose",
        ])
        .ok();
    assert!(
        run.stderr
            .contains("Request URL: 'https://emulator.azrs.invalid/subscriptions/"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Response status: 201"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Response time:"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("eyJ"),
        "a token leaked: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("fake-client-secret"), "{}", run.stderr);
}
