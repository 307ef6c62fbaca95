//! `role assignment create/list/delete` against the embedded emulator, whose Microsoft Graph
//! answers on the same origin: `--assignee` as an app id, a sign-in name and an object id
//! (the Graph requests az 2.91 makes for each), `--assignee-object-id` with and without a
//! principal type, roles by name and id, the model az prints after a PUT and the listed
//! shape (with `roleDefinitionName`, `principalName`) after a conflict or a list, the table,
//! the filters, deletes, and az's errors for unknown principals and roles, bad scopes,
//! usage mistakes, with their exit codes and nothing changed.

use serde_json::{Value, json};

use crate::common::*;

/// The emulator's signed-in service principal (app id) and the test user.
const APP: &str = "00000000-0000-4000-8000-0000000a9901";
const USER: &str = "azrs-user@fake.onmicrosoft.com";
const READER: &str = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const CONTRIBUTOR: &str = "b24988ac-6180-42a0-ab88-20f7382dd24c";

fn rg_scope(rg: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/{rg}")
}

fn def_id(guid: &str) -> String {
    format!("/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/{guid}")
}

fn with_group(rg: &str) -> Azrs {
    let azrs = Azrs::new();
    azrs.run(&["group", "create", "-n", rg, "-l", "westus2"])
        .ok();
    azrs
}

fn paths(reqs: &[Value]) -> Vec<String> {
    reqs.iter()
        .map(|r| {
            format!(
                "{} {}",
                r["method"].as_str().unwrap_or_default(),
                r["path"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

fn assignments(azrs: &Azrs) -> Vec<Value> {
    azrs.run(&["role", "assignment", "list", "--all"])
        .ok()
        .json()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn create_by_app_id_resolves_the_service_principal_through_graph() {
    let azrs = with_group("rarg");
    let scope = rg_scope("rarg");
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "role",
            "assignment",
            "create",
            "--assignee",
            APP,
            "--role",
            "Contributor",
            "--scope",
            &scope,
        ],
    );
    let run = run.ok();
    assert_eq!(run.stderr, "");
    let v = run.json();
    assert_eq!(
        paths(&reqs),
        [
            "GET /v1.0/servicePrincipals".to_owned(),
            format!("GET {scope}/providers/Microsoft.Authorization/roleDefinitions"),
            format!(
                "PUT {scope}/providers/Microsoft.Authorization/roleAssignments/{}",
                v["name"].as_str().expect("name")
            ),
        ]
    );
    assert_eq!(
        reqs[0]["query"],
        json!({"$filter": format!("servicePrincipalNames/any(c:c eq '{APP}')")})
    );
    assert_eq!(
        reqs[1]["query"],
        json!({"api-version": "2022-05-01-preview", "$filter": "roleName eq 'Contributor'"})
    );
    let principal = reqs[2]["body"]["properties"]["principalId"]
        .as_str()
        .expect("principal")
        .to_owned();
    assert_eq!(
        reqs[2]["body"],
        json!({"properties": {"roleDefinitionId": def_id(CONTRIBUTOR), "principalId": principal, "principalType": "ServicePrincipal"}})
    );
    assert!(uuid::Uuid::try_parse(v["name"].as_str().expect("name")).is_ok());
    // The model az prints after a PUT: every attribute, nulls included, resourceGroup injected.
    let keys: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "condition",
            "conditionVersion",
            "createdBy",
            "createdOn",
            "delegatedManagedIdentityResourceId",
            "description",
            "id",
            "name",
            "principalId",
            "principalType",
            "resourceGroup",
            "roleDefinitionId",
            "scope",
            "systemData",
            "type",
            "updatedBy",
            "updatedOn"
        ]
    );
    assert_eq!(v["principalType"], "ServicePrincipal");
    assert_eq!(v["resourceGroup"], "rarg");
    // Python's isoformat of the service's time: microseconds and +00:00.
    let created = v["createdOn"].as_str().expect("createdOn");
    assert!(
        created.ends_with("+00:00") && created.len() == 32,
        "{created}"
    );

    // The same again: 409 RoleAssignmentExists, and az prints the existing one as listed.
    let (again, reqs) = run_logged(
        &azrs,
        &[
            "role",
            "assignment",
            "create",
            "--assignee",
            APP,
            "--role",
            "Contributor",
            "--scope",
            &scope,
        ],
    );
    let again = again.ok().json();
    assert_eq!(again["name"], v["name"]);
    assert_eq!(again["roleDefinitionName"], "Contributor");
    assert_eq!(again["principalName"], APP);
    assert!(again.get("condition").is_none());
    assert!(reqs.iter().any(|r| r["status"] == 409));
    assert_eq!(assignments(&azrs).len(), 1);
}

#[test]
fn create_by_sign_in_name_and_by_object_id() {
    let azrs = with_group("rarg");
    let scope = rg_scope("rarg");
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "role",
            "assignment",
            "create",
            "--assignee",
            USER,
            "--role",
            "Reader",
            "--scope",
            &scope,
        ],
    );
    assert_eq!(run.ok().json()["principalType"], "User");
    assert_eq!(reqs[0]["path"], "/v1.0/users");
    assert_eq!(
        reqs[0]["query"],
        json!({"$filter": format!("userPrincipalName eq '{USER}'")})
    );

    // A user-assigned identity's principal id: found by getByIds, a ServicePrincipal.
    let id = azrs
        .run(&["identity", "create", "-g", "rarg", "-n", "mid"])
        .ok()
        .json();
    let principal = id["principalId"].as_str().expect("principal").to_owned();
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "role",
            "assignment",
            "create",
            "--assignee",
            &principal,
            "--role",
            READER,
            "--scope",
            &scope,
        ],
    );
    let v = run.ok().json();
    assert_eq!(v["principalType"], "ServicePrincipal");
    assert_eq!(v["roleDefinitionId"], def_id(READER));
    assert_eq!(
        paths(&reqs)[..2],
        [
            "GET /v1.0/servicePrincipals".to_owned(),
            "POST /v1.0/directoryObjects/getByIds".to_owned()
        ]
    );
    assert_eq!(
        reqs[1]["body"],
        json!({"ids": [principal], "types": ["user", "group", "servicePrincipal", "directoryObjectPartnerReference"]})
    );
    // A role given by GUID needs no definitions lookup.
    assert_eq!(reqs[2]["method"], "PUT");

    // --assignee-object-id without a type: az's warning, Graph for the type, none found.
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "role",
            "assignment",
            "create",
            "--assignee-object-id",
            "00000000-0000-4000-8000-000000001111",
            "--role",
            "Reader",
            "--scope",
            &scope,
        ],
    );
    let run = run.ok();
    assert_eq!(
        run.stderr,
        "WARNING: RBAC service might reject creating role assignment without --assignee-principal-type in the future. Better to specify --assignee-principal-type manually.\n"
    );
    let put = reqs.iter().find(|r| r["method"] == "PUT").expect("put");
    assert!(
        put["body"]["properties"].get("principalType").is_none(),
        "{put:#?}"
    );

    // With a type and a name: no Graph at all, the name is the assignment's.
    let name = "11111111-2222-3333-4444-555555555555";
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "role",
            "assignment",
            "create",
            "--assignee-object-id",
            "00000000-0000-4000-8000-000000002222",
            "--assignee-principal-type",
            "Group",
            "--role",
            "Reader",
            "--scope",
            &format!("/subscriptions/{SUB}"),
            "--name",
            name,
        ],
    );
    assert_eq!(run.ok().json()["name"], name);
    assert!(
        !paths(&reqs).iter().any(|p| p.contains("/v1.0/")),
        "{reqs:#?}"
    );
}

#[test]
fn list_fills_names_filters_and_prints_az_table() {
    let azrs = with_group("rarg");
    let scope = rg_scope("rarg");
    let sub = format!("/subscriptions/{SUB}");
    azrs.run(&[
        "role",
        "assignment",
        "create",
        "--assignee",
        APP,
        "--role",
        "Contributor",
        "--scope",
        &scope,
    ])
    .ok();
    azrs.run(&[
        "role",
        "assignment",
        "create",
        "--assignee",
        USER,
        "--role",
        "Reader",
        "--scope",
        &scope,
    ])
    .ok();
    azrs.run(&[
        "role",
        "assignment",
        "create",
        "--assignee-object-id",
        "00000000-0000-4000-8000-000000001111",
        "--assignee-principal-type",
        "User",
        "--role",
        "Reader",
        "--scope",
        &sub,
    ])
    .ok();

    let table = azrs
        .run(&["role", "assignment", "list", "-g", "rarg", "-o", "table"])
        .ok();
    let mut lines: Vec<String> = table.stdout.lines().map(str::to_owned).collect();
    // Rows follow the service's order (by the random assignment names); compare them sorted.
    let mut rows = lines.split_off(2);
    rows.sort_unstable();
    // The Principal column is as wide as its longest value.
    let w = APP.len().max(USER.len());
    assert_eq!(
        lines,
        [
            format!("{:<w$}  Role         Scope", "Principal"),
            format!(
                "{}  -----------  {}",
                "-".repeat(w),
                "-".repeat(scope.len())
            ),
        ]
    );
    let mut expected = [
        format!("{APP:<w$}  Contributor  {scope}"),
        format!("{USER:<w$}  Reader       {scope}"),
    ];
    expected.sort_unstable();
    assert_eq!(rows, expected);
    let (all, reqs) = run_logged(&azrs, &["role", "assignment", "list", "--all"]);
    let all = all.ok().json();
    assert_eq!(all.as_array().map(Vec::len), Some(3));
    assert!(
        all.as_array()
            .expect("list")
            .iter()
            .any(|a| a["principalName"] == "")
    );
    assert_eq!(
        paths(&reqs),
        [
            format!("GET {sub}/providers/Microsoft.Authorization/roleAssignments"),
            format!("GET {sub}/providers/Microsoft.Authorization/roleDefinitions"),
            "POST /v1.0/directoryObjects/getByIds".to_owned(),
        ]
    );
    // --assignee, --role; --include-inherited reaches the subscription's assignment.
    let mine = azrs
        .run(&[
            "role",
            "assignment",
            "list",
            "--assignee",
            APP,
            "--scope",
            &scope,
            "--role",
            "Contributor",
        ])
        .ok()
        .json();
    assert_eq!(mine.as_array().map(Vec::len), Some(1));
    assert_eq!(mine[0]["roleDefinitionName"], "Contributor");
    let readers = azrs
        .run(&[
            "role",
            "assignment",
            "list",
            "-g",
            "rarg",
            "--role",
            "Reader",
        ])
        .ok()
        .json();
    assert_eq!(readers.as_array().map(Vec::len), Some(1));
    let inherited = azrs
        .run(&[
            "role",
            "assignment",
            "list",
            "-g",
            "rarg",
            "--include-inherited",
        ])
        .ok()
        .json();
    assert_eq!(inherited.as_array().map(Vec::len), Some(3));
    let bare = azrs
        .run(&[
            "role",
            "assignment",
            "list",
            "-g",
            "rarg",
            "--fill-principal-name",
            "false",
        ])
        .ok()
        .json();
    assert!(bare[0].get("principalName").is_none());
    // Nothing matches: an empty list.
    assert_eq!(
        azrs.run(&[
            "role",
            "assignment",
            "list",
            "--scope",
            &format!("{scope}/providers/Microsoft.Foo/bars/b")
        ])
        .ok()
        .json(),
        json!([])
    );
}

#[test]
fn delete_by_assignee_role_and_ids() {
    let azrs = with_group("rarg");
    let scope = rg_scope("rarg");
    azrs.run(&[
        "role",
        "assignment",
        "create",
        "--assignee",
        APP,
        "--role",
        "Contributor",
        "--scope",
        &scope,
    ])
    .ok();
    azrs.run(&[
        "role",
        "assignment",
        "create",
        "--assignee",
        USER,
        "--role",
        "Reader",
        "--scope",
        &scope,
    ])
    .ok();
    let sub_ra = azrs
        .run(&[
            "role",
            "assignment",
            "create",
            "--assignee",
            USER,
            "--role",
            "Reader",
            "--scope",
            &format!("/subscriptions/{SUB}"),
        ])
        .ok()
        .json();

    let (run, reqs) = run_logged(
        &azrs,
        &[
            "role",
            "assignment",
            "delete",
            "--assignee",
            APP,
            "--scope",
            &scope,
        ],
    );
    let run = run.ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    assert_eq!(
        reqs.last().map(|r| r["method"].clone()),
        Some(json!("DELETE"))
    );
    let (run, _) = run_logged(
        &azrs,
        &[
            "role",
            "assignment",
            "delete",
            "--role",
            "Reader",
            "-g",
            "rarg",
        ],
    );
    run.ok();
    assert_eq!(assignments(&azrs).len(), 1);

    let none = azrs
        .run(&["role", "assignment", "delete", "-g", "rarg"])
        .expect_code(1);
    assert_eq!(
        none.stderr,
        "ERROR: No matched assignments were found to delete\n"
    );

    let id = sub_ra["id"].as_str().expect("id");
    let (run, reqs) = run_logged(
        &azrs,
        &[
            "role",
            "assignment",
            "delete",
            "--ids",
            id,
            "--role",
            "Reader",
        ],
    );
    assert_eq!(
        run.ok().stderr,
        "WARNING: option '--role' will be ignored due to use of '--ids'.\n"
    );
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0]["path"], id);
    assert!(assignments(&azrs).is_empty());
}

#[test]
fn bad_input_gives_az_errors_and_changes_nothing() {
    let azrs = with_group("rarg");
    let scope = rg_scope("rarg");
    let sub = format!("/subscriptions/{SUB}");
    let create = |extra: &[&str]| {
        let mut args = vec!["role", "assignment", "create"];
        args.extend_from_slice(extra);
        run_logged(&azrs, &args)
    };
    let (run, reqs) = create(&[
        "--assignee",
        "nobody@example.com",
        "--role",
        "Reader",
        "--scope",
        &scope,
    ]);
    assert_eq!(
        run.expect_code(1).stderr,
        "ERROR: Cannot find user or service principal in graph database for 'nobody@example.com'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id nobody@example.com'.\n"
    );
    assert_eq!(
        paths(&reqs),
        ["GET /v1.0/users", "GET /v1.0/servicePrincipals"]
    );

    let (run, _) = create(&["--assignee", APP, "--role", "NoSuchRole", "--scope", &scope]);
    assert_eq!(
        run.expect_code(1).stderr,
        "ERROR: Role 'NoSuchRole' doesn't exist.\n"
    );

    let (run, _) = create(&[
        "--assignee",
        APP,
        "--role",
        "Reader",
        "--scope",
        &format!("{sub}/resourceGroups/nogroup"),
    ]);
    assert_eq!(
        run.expect_code(3).stderr,
        "ERROR: (ResourceGroupNotFound) Resource group 'nogroup' could not be found.\nCode: ResourceGroupNotFound\nMessage: Resource group 'nogroup' could not be found.\n"
    );
    let (run, reqs) = create(&[
        "--assignee",
        APP,
        "--role",
        "Reader",
        "--scope",
        &format!("{sub}/resourceGroups"),
    ]);
    assert_eq!(
        run.expect_code(1).stderr,
        "ERROR: Invalid scope. Please use --help to view the valid format.\n"
    );
    assert_eq!(paths(&reqs), ["GET /v1.0/servicePrincipals"]);

    let (run, reqs) = create(&[
        "--assignee",
        "x",
        "--assignee-object-id",
        "00000000-0000-4000-8000-000000001111",
        "--role",
        "Reader",
        "--scope",
        &sub,
    ]);
    assert_eq!(
        run.expect_code(1).stderr,
        "ERROR: usage error: --assignee STRING | --assignee-object-id GUID\n"
    );
    assert!(reqs.is_empty());
    let (run, _) = create(&["--role", "Reader", "--scope", &sub]);
    assert_eq!(
        run.expect_code(1).stderr,
        "ERROR: usage error: --assignee STRING | --assignee-object-id GUID\n"
    );
    let (run, _) = create(&[
        "--assignee",
        APP,
        "--assignee-principal-type",
        "User",
        "--role",
        "Reader",
        "--scope",
        &sub,
    ]);
    assert_eq!(
        run.expect_code(1).stderr,
        "ERROR: usage error: --assignee-object-id GUID --assignee-principal-type TYPE\n"
    );
    let (run, _) = create(&[
        "--assignee-object-id",
        "00000000-0000-4000-8000-000000001111",
        "--assignee-principal-type",
        "Robot",
        "--role",
        "Reader",
        "--scope",
        &sub,
    ]);
    let run = run.expect_code(2);
    assert!(run.stderr.starts_with("ERROR: azrs role assignment create: 'Robot' is not a valid value for '--assignee-principal-type'. Allowed values: User, Group, ServicePrincipal, ForeignGroup.\n\nExamples from command's help:\n"), "{run:#?}");
    let (run, _) = create(&["--assignee", APP, "--role", "Reader"]);
    assert!(
        run.expect_code(2)
            .stderr
            .starts_with("ERROR: the following arguments are required: --scope\n")
    );
    let (run, _) = create(&[
        "--assignee-object-id",
        "00000000-0000-4000-8000-000000001111",
        "--assignee-principal-type",
        "User",
        "--role",
        "Reader",
        "--scope",
        &sub,
        "--name",
        "notaguid",
    ]);
    assert!(run.expect_code(1).stderr.starts_with(
        "ERROR: (InvalidRoleAssignmentId) The role assignment ID 'notaguid' is not valid."
    ));

    let list = |extra: &[&str]| {
        let mut args = vec!["role", "assignment", "list"];
        args.extend_from_slice(extra);
        azrs.run(&args)
    };
    assert_eq!(
        list(&["--all", "-g", "rarg"]).expect_code(1).stderr,
        "ERROR: group or scope are not required when --all is used\n"
    );
    assert_eq!(
        list(&["-g", "rarg", "--scope", &sub]).expect_code(1).stderr,
        "ERROR: Resource group \"rarg\" is redundant because scope is supplied\n"
    );
    assert_eq!(
        list(&[
            "--assignee",
            APP,
            "--assignee-object-id",
            "00000000-0000-4000-8000-000000001111"
        ])
        .expect_code(1)
        .stderr,
        "ERROR: Usage error: Provide only one of --assignee or --assignee-object-id.\n"
    );
    assert_eq!(
        azrs.run(&["role", "assignment", "delete"])
            .expect_code(1)
            .stderr,
        "ERROR: Please provide at least one of these arguments: --ids, --assignee, --assignee-object-id, --role, --resource-group, --scope\n"
    );
    assert!(assignments(&azrs).is_empty());
}
