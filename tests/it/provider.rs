//! `provider register/unregister/show/list` through the binary against the embedded emulator:
//! silence when already registered, the on-going warnings, `--wait`, `--consent-to-permissions`,
//! `--expand`, management-group registration, every model attribute printed, unknown namespaces.

use serde_json::{Value, json};

use crate::common::*;

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
