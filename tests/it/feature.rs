//! `feature register/unregister/list/show` through the binary against the embedded emulator:
//! json and table output, the registration state machine as `list` sees it, `--wait`, the
//! ARM error of an unknown feature, parser errors, and the headers az sends.

use serde_json::json;

use crate::common::*;

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
        // `feature show` has none (checked against the real az in tests/differential/az_cli.rs).
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
