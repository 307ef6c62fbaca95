//! `group create/show/list/exists/delete` through the binary against the embedded emulator:
//! output on 201 and 200 in json and table, tags and `--managed-by` on the wire, ARM's
//! validation and conflict errors, the configured default location, tag filters, and the
//! delete prompt, `--yes`, `--no-wait` and `--force-deletion-types`.

use serde_json::json;

use crate::common::*;

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
    use azrs_emulator::core::{Request, arm_token};
    use azrs_emulator::front::{IN_PROCESS_ORIGIN, handle_in_process};

    let azrs = Azrs::new();
    azrs.run(&["group", "create", "-n", "doomed", "-l", "westus2"])
        .ok();
    azrs.run(&["provider", "register", "-n", "Microsoft.ContainerService"])
        .ok();
    // A cluster in the group, put straight into the emulator (aks create is another test's).
    let settings = azrs_emulator::core::Settings::new(IN_PROCESS_ORIGIN);
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
fn group_wait_follows_azs_generic_wait() {
    let azrs = Azrs::new();
    azrs.run(&[
        "group", "create", "-n", "w", "-l", "westus2", "--tags", "k=v",
    ])
    .ok();
    // Met at once: no output, exit 0, one GET of the group.
    for cond in [
        &["--exists"][..],
        &["--created"],
        &["--updated"],
        &["--custom", "properties.provisioningState=='Succeeded'"],
        &["--custom", "tags.k"],
    ] {
        let args = [&["group", "wait", "-n", "w"][..], cond].concat();
        let (run, reqs) = run_logged(&azrs, &args);
        let run = run.ok();
        assert_eq!(
            (run.stdout.as_str(), run.stderr.as_str()),
            ("", ""),
            "{cond:?}"
        );
        assert_eq!(reqs.len(), 1, "{cond:?}");
        assert_eq!(reqs[0]["method"], "GET");
        assert_eq!(
            reqs[0]["path"],
            format!("/subscriptions/{SUB}/resourcegroups/w")
        );
    }
    // Never met: one GET per `range(0, timeout, interval)` step, then az's `{}` with exit 0.
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "group",
            "wait",
            "-n",
            "w",
            "--deleted",
            "--interval",
            "1",
            "--timeout",
            "3",
        ],
    );
    assert_eq!(run.ok().stdout, "{}\n");
    assert_eq!(reqs.len(), 3);
    // A missing group: done for --deleted, ARM's 404 (exit 3) for --updated.
    azrs.run(&["group", "wait", "-n", "gone", "--deleted"]).ok();
    let run = azrs
        .run(&["group", "wait", "-n", "gone", "--updated"])
        .expect_code(3);
    assert!(
        run.stderr.starts_with(
            "ERROR: (ResourceGroupNotFound) Resource group 'gone' could not be found."
        ),
        "{}",
        run.stderr
    );
    // No condition: az's usage text, exit 1, no request.
    let (run, reqs) = run_logged(&azrs, &["group", "wait", "-n", "w"]);
    assert_eq!(
        run.expect_code(1).stderr,
        "ERROR: incorrect usage: --created | --updated | --deleted | --exists | --custom JMESPATH\n"
    );
    assert!(reqs.is_empty());
}
