//! `identity create/show/list/delete` against the embedded emulator: the flattened identity az
//! prints, the requests az 2.91 sends (api-version `2025-05-31-preview`, `resourceGroups`, the
//! group read for a missing `--location`), and bad input (missing group, bad tags, bad names,
//! missing identities) with az's text and exit code and nothing changed.

use serde_json::json;

use crate::common::*;

const API: &str = "2025-05-31-preview";

fn uami_path(rg: &str, name: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}"
    )
}

fn with_group(rg: &str, location: &str) -> Azrs {
    let azrs = Azrs::new();
    azrs.run(&["group", "create", "-n", rg, "-l", location])
        .ok();
    azrs
}

#[test]
fn identity_create_takes_the_group_location_and_prints_flattened() {
    let azrs = with_group("idrg", "westus2");
    let (run, reqs) = run_logged(&azrs, &["identity", "create", "-g", "idrg", "-n", "myId"]);
    let run = run.ok();
    assert_eq!(run.stderr, "");
    let v = run.json();
    let keys: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "clientId",
            "id",
            "isolationScope",
            "location",
            "name",
            "principalId",
            "resourceGroup",
            "tags",
            "tenantId",
            "type"
        ]
    );
    assert_eq!(v["location"], "westus2");
    assert_eq!(v["resourceGroup"], "idrg");
    assert_eq!(v["tenantId"], TENANT);
    assert_eq!(v["isolationScope"], "None");
    // az reads the group first (lowercase, resources api), then PUTs with aaz's path.
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0]["method"], "GET");
    assert_eq!(
        reqs[0]["path"],
        format!("/subscriptions/{SUB}/resourcegroups/idrg")
    );
    assert_eq!(reqs[1]["method"], "PUT");
    assert_eq!(reqs[1]["path"], uami_path("idrg", "myId"));
    assert_eq!(reqs[1]["query"], json!({"api-version": API}));
    assert_eq!(reqs[1]["body"], json!({"location": "westus2"}));
    assert_eq!(header(&reqs[1], "commandname"), "identity create");

    // The docs' `show --query principalId -o tsv`, and clientId, id.
    for field in ["principalId", "clientId", "id"] {
        let shown = azrs
            .run(&[
                "identity", "show", "-g", "idrg", "-n", "myId", "--query", field, "-o", "tsv",
            ])
            .ok();
        assert_eq!(
            shown.stdout,
            format!("{}\n", v[field].as_str().expect("str"))
        );
    }
}

#[test]
fn identity_create_with_location_and_tags_sends_them_and_reads_no_group() {
    let azrs = with_group("idrg", "westus2");
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "identity", "create", "-g", "idrg", "-n", "tagged", "-l", "eastus", "--tags", "a=b",
            "c=d",
        ],
    );
    let v = run.ok().json();
    assert_eq!(v["location"], "eastus");
    assert_eq!(v["tags"], json!({"a": "b", "c": "d"}));
    assert_eq!(reqs.len(), 1, "{reqs:#?}");
    assert_eq!(
        reqs[0]["body"],
        json!({"location": "eastus", "tags": {"a": "b", "c": "d"}})
    );
}

#[test]
fn identity_list_show_delete_and_table() {
    let azrs = with_group("idrg", "westus2");
    azrs.run(&["identity", "create", "-g", "idrg", "-n", "one"])
        .ok();
    azrs.run(&["identity", "create", "-g", "idrg", "-n", "two"])
        .ok();
    let (listed, reqs) = run_logged(&azrs, &["identity", "list", "-g", "idrg"]);
    let names: Vec<String> = listed
        .ok()
        .json()
        .as_array()
        .expect("list")
        .iter()
        .map(|i| i["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(names, ["one", "two"]);
    assert_eq!(
        reqs[0]["path"],
        format!(
            "/subscriptions/{SUB}/resourceGroups/idrg/providers/Microsoft.ManagedIdentity/userAssignedIdentities"
        )
    );
    let (all, reqs) = run_logged(&azrs, &["identity", "list"]);
    assert_eq!(all.ok().json().as_array().map(Vec::len), Some(2));
    assert_eq!(
        reqs[0]["path"],
        format!("/subscriptions/{SUB}/providers/Microsoft.ManagedIdentity/userAssignedIdentities")
    );
    let table = azrs
        .run(&["identity", "show", "-g", "idrg", "-n", "one", "-o", "table"])
        .ok();
    let header_line = table.stdout.lines().next().unwrap_or_default().to_owned();
    assert_eq!(
        header_line.split_whitespace().collect::<Vec<_>>(),
        [
            "ClientId",
            "IsolationScope",
            "Location",
            "Name",
            "PrincipalId",
            "ResourceGroup",
            "TenantId"
        ]
    );

    // Delete prints nothing, twice (ARM's 204 the second time), and the identity is gone.
    for _ in 0..2 {
        let (gone, reqs) = run_logged(&azrs, &["identity", "delete", "-g", "idrg", "-n", "two"]);
        let gone = gone.ok();
        assert_eq!((gone.stdout.as_str(), gone.stderr.as_str()), ("", ""));
        assert_eq!(reqs[0]["method"], "DELETE");
    }
    let missing = azrs
        .run(&["identity", "show", "-g", "idrg", "-n", "two"])
        .expect_code(3);
    let msg = "The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/two' under resource group 'idrg' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix";
    assert_eq!(
        missing.stderr,
        format!("ERROR: (ResourceNotFound) {msg}\nCode: ResourceNotFound\nMessage: {msg}\n")
    );
}

#[test]
fn identity_bad_input_fails_as_az_and_changes_nothing() {
    let azrs = with_group("idrg", "westus2");
    // A missing group without --location: aaz reports the location, exit 1, no PUT.
    let (run, reqs) = run_logged(&azrs, &["identity", "create", "-g", "nogroup", "-n", "x1"]);
    let run = run.expect_code(1);
    assert_eq!(
        run.stderr,
        "ERROR: InvalidArgumentValue: Missing required field: --location\n"
    );
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0]["method"], "GET");

    // Tags aaz cannot parse: exit 1 before any request.
    for (tags, err) in [
        (
            vec!["a=b", "c"],
            "ERROR: Failed to parse '--tags' argument: dict type value expected, got 'c'(<class 'str'>)\n",
        ),
        (
            vec!["c="],
            "ERROR: Failed to parse '--tags' argument: argument value cannot be blank\n",
        ),
    ] {
        let mut args = vec!["identity", "create", "-g", "idrg", "-n", "tagz", "--tags"];
        args.extend(tags);
        let (run, reqs) = run_logged(&azrs, &args);
        assert_eq!(run.expect_code(1).stderr, err);
        assert!(reqs.is_empty(), "{reqs:#?}");
    }

    // ARM refuses a bad name (exit 1); a missing group is 404 (exit 3).
    let bad = azrs
        .run(&["identity", "create", "-g", "idrg", "-n", "x"])
        .expect_code(1);
    assert!(
        bad.stderr
            .starts_with("ERROR: (InvalidResourceName) Resource name 'x' is invalid."),
        "{bad:#?}"
    );
    let nolist = azrs
        .run(&["identity", "list", "-g", "nogroup"])
        .expect_code(3);
    assert!(
        nolist.stderr.starts_with("ERROR: (ResourceGroupNotFound)"),
        "{nolist:#?}"
    );
    let nodel = azrs
        .run(&["identity", "delete", "-g", "nogroup", "-n", "abc"])
        .expect_code(3);
    assert!(
        nodel.stderr.starts_with("ERROR: (ResourceGroupNotFound)"),
        "{nodel:#?}"
    );
    // A missing name is a usage error.
    azrs.run(&["identity", "create", "-g", "idrg"])
        .expect_code(2);

    let left = azrs.run(&["identity", "list"]).ok().json();
    assert_eq!(left, json!([]));
}
