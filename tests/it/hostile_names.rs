//! Hostile names against the embedded emulator, no az needed (issue 10): every name is exactly
//! one percent-encoded path segment, as az sends it (`quote(name, safe='')`), and the resource a
//! traversal, a `#` or a `?` in the name would point at is never touched. The same names are
//! compared with the real az in `tests/differential/az_cli.rs` (`hostile_names_are_one_path_segment_as_in_az`).

use crate::common::Azrs;
use serde_json::Value;

use crate::common::SUB;

/// `METHOD path` of the ARM requests logged after the first `skip` entries.
fn arm_requests(azrs: &Azrs, skip: usize) -> Vec<String> {
    azrs.requests()
        .into_iter()
        .skip(skip)
        .filter_map(|r: Value| {
            let path = r["path"].as_str()?.to_owned();
            (!path.contains("/oauth2/"))
                .then(|| format!("{} {path}", r["method"].as_str().unwrap_or("?")))
        })
        .collect()
}

fn exists(azrs: &Azrs, group: &str) -> bool {
    azrs.run(&["group", "exists", "-n", group]).ok().stdout == "true\n"
}

// Regression: `group delete -n 'prod#x' --yes` deleted `prod`, `-n 'x/../victim'` deleted
// `victim` and `-n 'a?b'` sent a query string.
#[test]
fn group_delete_sends_the_encoded_name_and_the_victims_survive() {
    let azrs = Azrs::new();
    for g in ["victim", "prod", "a", "x"] {
        azrs.run(&["group", "create", "-n", g, "-l", "westus2"])
            .ok();
    }
    for (name, segment) in [
        ("prod#x", "prod%23x"),
        ("x/../victim", "x%2F..%2Fvictim"),
        ("a?b", "a%3Fb"),
        ("a%2Fb", "a%252Fb"),
        ("my rg", "my%20rg"),
        ("開発", "%E9%96%8B%E7%99%BA"),
        ("(x)", "%28x%29"),
    ] {
        let before = azrs.requests().len();
        let run = azrs.run(&["group", "delete", "-n", name, "--yes"]);
        assert_eq!(run.code, 3, "{name}: {run:#?}");
        assert!(
            run.stderr.starts_with(&format!(
                "ERROR: (ResourceGroupNotFound) Resource group '{name}' could not be found."
            )),
            "{name}: {run:#?}"
        );
        assert_eq!(
            arm_requests(&azrs, before),
            [format!(
                "DELETE /subscriptions/{SUB}/resourcegroups/{segment}"
            )],
            "{name}"
        );
    }
    for g in ["victim", "prod", "a", "x"] {
        assert!(exists(&azrs, g), "group {g} was touched");
    }
}

#[test]
fn group_create_of_a_hostile_name_is_arms_400_and_reaches_no_other_group() {
    let azrs = Azrs::new();
    azrs.run(&[
        "group", "create", "-n", "prod", "-l", "westus2", "--tags", "keep=1",
    ])
    .ok();
    let run = azrs.run(&["group", "create", "-n", "prod#x", "-l", "eastus"]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        run.stderr.starts_with("ERROR: (InvalidResourceGroup) The provided resource group name 'prod#x' has these invalid characters: '#'."),
        "{run:#?}"
    );
    let prod = azrs.run(&["group", "show", "-n", "prod"]).ok().json();
    assert_eq!(prod["location"], "westus2");
    assert_eq!(prod["tags"]["keep"], "1");
}

// Regression: `aks delete -g rg -n 'c1#not-this-one' --yes` deleted cluster c1.
#[test]
fn aks_delete_of_a_name_with_a_fragment_leaves_the_cluster() {
    let azrs = Azrs::new();
    azrs.run(&["group", "create", "-n", "prod", "-l", "westus2"])
        .ok();
    azrs.run(&[
        "aks",
        "create",
        "-g",
        "prod",
        "-n",
        "c1",
        "--enable-managed-identity",
        "--generate-ssh-keys",
    ])
    .ok();
    let before = azrs.requests().len();
    azrs.run(&[
        "aks",
        "delete",
        "-g",
        "prod",
        "-n",
        "c1#not-this-one",
        "--yes",
    ])
    .ok();
    let sent = arm_requests(&azrs, before);
    assert_eq!(
        sent.first().map(String::as_str),
        Some(
            format!("DELETE /subscriptions/{SUB}/resourceGroups/prod/providers/Microsoft.ContainerService/managedClusters/c1%23not-this-one").as_str()
        ),
        "{sent:#?}"
    );
    assert!(
        !sent.iter().any(|r| r.ends_with("/managedClusters/c1")),
        "{sent:#?}"
    );
    let c1 = azrs
        .run(&["aks", "show", "-g", "prod", "-n", "c1"])
        .ok()
        .json();
    assert_eq!(c1["provisioningState"], "Succeeded");
}

// Regression: `provider show -n 'Microsoft.ContainerService/../Microsoft.Compute'` showed
// Microsoft.Compute.
#[test]
fn provider_and_feature_show_keep_a_traversal_namespace_in_one_segment() {
    let azrs = Azrs::new();
    let ns = "Microsoft.ContainerService/../Microsoft.Compute";
    let before = azrs.requests().len();
    let run = azrs.run(&["provider", "show", "-n", ns]);
    assert_eq!(run.code, 3, "{run:#?}");
    assert_eq!(
        arm_requests(&azrs, before),
        [format!(
            "GET /subscriptions/{SUB}/providers/Microsoft.ContainerService%2F..%2FMicrosoft.Compute"
        )]
    );
    let before = azrs.requests().len();
    let run = azrs.run(&["feature", "show", "--namespace", ns, "-n", "F#x"]);
    assert_eq!(run.code, 3, "{run:#?}");
    assert_eq!(
        arm_requests(&azrs, before),
        [format!(
            "GET /subscriptions/{SUB}/providers/Microsoft.Features/providers/Microsoft.ContainerService%2F..%2FMicrosoft.Compute/features/F%23x"
        )]
    );
}
