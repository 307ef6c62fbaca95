//! `aks update` with the identity and registry flags against the embedded emulator: the PUT
//! body is the cluster as read (key order kept) without its read-only attributes, with only
//! what az changes; az's confirmations (answered, declined, no terminal) and `--yes`; the
//! kubelet identity's "Managed Identity Operator" assignment; and every bad input with az's
//! text and exit code and no PUT. The real az cross-check is the differential binary's
//! `aks_update` trial.

use azrs::term::MemoryTerm;

use super::*;

const SP: &str = "11111111-2222-3333-4444-555555555555";
const CLUSTER: &str = "/subscriptions/00000000-0000-4000-8000-0000000005ab/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1";

fn uami(name: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}"
    )
}

/// A sandbox with group `rg`, identities `names` and a service-principal cluster `c1`.
fn sandbox_with_sp_cluster(names: &[&str]) -> Azrs {
    let az = sandbox_with_group("rg", "westus2");
    for n in names {
        emulator(
            &az,
            "PUT",
            &format!("{}?api-version=2024-11-30", uami(n)),
            Some(json!({"location": "westus2"})),
        );
    }
    az.run(&[
        "aks",
        "create",
        "-g",
        "rg",
        "-n",
        "c1",
        "--service-principal",
        SP,
        "--client-secret",
        "s3cret",
        "--no-ssh-key",
        "-o",
        "none",
    ])
    .ok();
    az
}

/// The requests `aks update` sent, as (method, path).
fn update_requests(az: &Azrs) -> Vec<Value> {
    azrs_requests(az)
        .into_iter()
        .filter(|r| r.pointer("/headers/commandname").and_then(Value::as_str) == Some("aks update"))
        .collect()
}

fn update_puts(az: &Azrs) -> Vec<Value> {
    update_requests(az)
        .into_iter()
        .filter(|r| r["method"] == "PUT" && r["path"] == CLUSTER)
        .collect()
}

/// The cluster as the emulator holds it (GET body).
fn cluster(az: &Azrs) -> Value {
    emulator(
        az,
        "GET",
        &format!("{CLUSTER}?api-version=2026-06-01"),
        None,
    )
}

fn tty(stdin: &str) -> MemoryTerm {
    MemoryTerm {
        stdin: stdin.to_owned(),
        stdin_tty: true,
        ..MemoryTerm::default()
    }
}

#[test]
fn enable_managed_identity_puts_the_read_cluster_with_a_system_identity() {
    let az = sandbox_with_sp_cluster(&[]);
    let before = cluster(&az);
    let run = az
        .run(&[
            "aks",
            "update",
            "-g",
            "rg",
            "-n",
            "c1",
            "--enable-managed-identity",
            "--yes",
        ])
        .ok();
    assert_eq!(run.json()["identity"]["type"], "SystemAssigned");
    assert_eq!(run.stderr, "");
    let puts = update_puts(&az);
    assert_eq!(puts.len(), 1);
    let sent = &puts[0]["body"];
    // The GET body minus read-only attributes, key order kept; the identity appended.
    let mut want = azrs::commands::aks::update::body::base_put_body(&before);
    want["identity"] = json!({"type": "SystemAssigned"});
    assert_eq!(ordered(sent), ordered(&want));
    assert_eq!(
        keys(sent),
        ["location", "kind", "properties", "sku", "identity"]
    );
    for read_only in [
        "provisioningState",
        "powerState",
        "fqdn",
        "azurePortalFQDN",
        "maxAgentPools",
        "resourceUID",
        "currentKubernetesVersion",
    ] {
        assert!(
            sent["properties"].get(read_only).is_none(),
            "{read_only} sent"
        );
    }
    assert!(sent.get("eTag").is_none() && sent.get("id").is_none());
    assert_eq!(sent["properties"]["storageProfile"], json!({}));
    assert!(
        sent["properties"]["agentPoolProfiles"][0]
            .get("provisioningState")
            .is_none()
    );
    assert_eq!(cluster(&az)["identity"]["type"], "SystemAssigned");
}

#[test]
fn identity_prompt_answered_no_ends_quietly_and_changes_nothing() {
    let az = sandbox_with_sp_cluster(&[]);
    let run = az.run_on(
        &[
            "aks",
            "update",
            "-g",
            "rg",
            "-n",
            "c1",
            "--enable-managed-identity",
        ],
        tty("n\n"),
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(
        run.stdout,
        "Your cluster is using service principal, and you are going to update the cluster to use systemassigned managed identity.\nAfter updating, your cluster's control plane and addon pods will switch to use managed identity, but kubelet will KEEP USING SERVICE PRINCIPAL until you upgrade your agentpool.\nAre you sure you want to perform this operation? (y/N): "
    );
    assert!(update_puts(&az).is_empty());
    assert!(cluster(&az).get("identity").is_none());
}

#[test]
fn identity_prompt_answered_yes_updates() {
    let az = sandbox_with_sp_cluster(&[]);
    let run = az.run_on(
        &[
            "aks",
            "update",
            "-g",
            "rg",
            "-n",
            "c1",
            "--enable-managed-identity",
        ],
        tty("y\n"),
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(update_puts(&az).len(), 1);
}

#[test]
fn prompt_without_a_terminal_is_az_no_tty_failure_and_no_put() {
    let az = sandbox_with_sp_cluster(&[]);
    let run = az
        .run(&[
            "aks",
            "update",
            "-g",
            "rg",
            "-n",
            "c1",
            "--enable-managed-identity",
        ])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "ERROR: The command failed with an unexpected error. Here is the traceback:\nERROR: \nknack.prompting.NoTTYException\nTo check existing issues, please visit: https://github.com/Azure/azure-cli/issues\n"
    );
    assert!(update_puts(&az).is_empty());
}

#[test]
fn no_flags_asks_to_reconcile_and_declining_lists_every_option() {
    let az = sandbox_with_sp_cluster(&[]);
    let run = az.run_on(&["aks", "update", "-g", "rg", "-n", "c1"], tty("\n"));
    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(
        run.stdout,
        "No argument specified to update. Would you like to reconcile to current settings? (y/N): "
    );
    assert!(run.stderr.starts_with(
        "ERROR: Please specify one or more of \"--tags\" or \"--disable-local-accounts\" or "
    ));
    assert!(
        run.stderr
            .ends_with(" or \"--disable-upstream-kubescheduler-user-configuration\".\n")
    );
    assert!(update_requests(&az).is_empty());
    // Agreeing reconciles: the cluster is read and put back as it is.
    let before = cluster(&az);
    az.run_on(&["aks", "update", "-g", "rg", "-n", "c1"], tty("y\n"));
    let puts = update_puts(&az);
    assert_eq!(puts.len(), 1);
    assert_eq!(
        ordered(&puts[0]["body"]),
        ordered(&azrs::commands::aks::update::body::base_put_body(&before))
    );
}

#[test]
fn bad_input_gives_az_errors_and_sends_no_put() {
    let az = sandbox_with_sp_cluster(&["kub1"]);
    let k = uami("kub1");
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (
            vec!["--assign-kubelet-identity", "notanid"],
            1,
            "ERROR: --assign-kubelet-identity is not a valid Azure resource ID.\n",
        ),
        (
            vec![
                "--enable-managed-identity",
                "--assign-identity",
                "/subscriptions/x/",
            ],
            1,
            "ERROR: --assign-identity is not a valid Azure resource ID.\n",
        ),
        (
            vec!["--attach-acr", "a", "--detach-acr", "b"],
            1,
            "ERROR: Cannot specify \"--attach-acr\" and \"--detach-acr\" at the same time.\n",
        ),
        (
            vec![
                "--assign-identity",
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/a",
            ],
            1,
            "ERROR: --assign-identity can only be specified when --enable-managed-identity is specified\n",
        ),
        (
            vec!["--assign-kubelet-identity", &k, "--yes"],
            1,
            "ERROR: --assign-identity is not provided and the cluster identity type is not user assigned, cannot update kubelet identity\n",
        ),
    ];
    for (flags, code, stderr) in cases {
        let mut args = vec!["aks", "update", "-g", "rg", "-n", "c1"];
        args.extend(flags.iter().copied());
        let run = az.run(&args).expect_code(code);
        assert_eq!(run.stderr, stderr, "{flags:?}");
    }
    let run = az
        .run(&[
            "aks",
            "update",
            "-g",
            "rg",
            "-n",
            "cx",
            "--enable-managed-identity",
            "--yes",
        ])
        .expect_code(3);
    assert!(run.stderr.starts_with("ERROR: (ResourceNotFound) The Resource 'Microsoft.ContainerService/managedClusters/cx' under resource group 'rg' was not found."));
    // A registry that does not exist: az's text, exit 1, no PUT.
    az.run(&[
        "aks",
        "update",
        "-g",
        "rg",
        "-n",
        "c1",
        "--enable-managed-identity",
        "--yes",
        "-o",
        "none",
    ])
    .ok();
    let puts_before = update_puts(&az).len();
    let run = az
        .run(&[
            "aks",
            "update",
            "-g",
            "rg",
            "-n",
            "c1",
            "--attach-acr",
            "nosuchacr",
        ])
        .expect_code(1);
    assert!(run.stderr.starts_with("ERROR: "), "{}", run.stderr);
    assert!(run.stderr.contains("nosuchacr"), "{}", run.stderr);
    assert_eq!(update_puts(&az).len(), puts_before);
}

#[test]
fn kubelet_identity_update_grants_operator_and_sends_only_the_resource_id() {
    let az = sandbox_with_sp_cluster(&["cp1", "kub1"]);
    let (a, k) = (uami("cp1"), uami("kub1"));
    az.run(&[
        "aks",
        "update",
        "-g",
        "rg",
        "-n",
        "c1",
        "--enable-managed-identity",
        "--assign-identity",
        &a,
        "--yes",
        "-o",
        "none",
    ])
    .ok();
    let before = cluster(&az);
    assert_eq!(
        keys(&before["identity"]["userAssignedIdentities"]),
        [a.as_str()]
    );

    // Declining the kubelet prompt changes nothing.
    let run = az.run_on(
        &[
            "aks",
            "update",
            "-g",
            "rg",
            "-n",
            "c1",
            "--assign-kubelet-identity",
            &k,
        ],
        tty("n\n"),
    );
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!(
            "You're going to update kubelet identity to {k}, which will upgrade every node pool in the cluster and might take a while, do you wish to continue? (y/N): "
        )
    );
    assert_eq!(update_puts(&az).len(), 1);

    let run = az
        .run(&[
            "aks",
            "update",
            "-g",
            "rg",
            "-n",
            "c1",
            "--assign-kubelet-identity",
            &k,
            "--yes",
        ])
        .ok();
    assert_eq!(
        run.stderr,
        "\rAAD role propagation done[############################################]  100.0000%\n"
    );
    let reqs = update_requests(&az);
    // The last run without its operation polls: reads, role steps, PUT, final GET.
    let steps: Vec<(String, String)> = reqs
        .iter()
        .filter(|r| {
            !r["path"]
                .as_str()
                .unwrap_or_default()
                .contains("/operations/")
        })
        .map(|r| {
            (
                r["method"].as_str().unwrap_or_default().to_owned(),
                r["path"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let last = &steps[steps.len() - 7..];
    let scope = k.to_lowercase();
    assert_eq!(last[0], ("GET".to_owned(), CLUSTER.to_owned()));
    assert_eq!(
        last[1],
        (
            "GET".to_owned(),
            a.to_lowercase()
                .replace("resourcegroups", "resourceGroups")
                .replace(
                    "microsoft.managedidentity/userassignedidentities",
                    "Microsoft.ManagedIdentity/userAssignedIdentities"
                )
        )
    );
    assert_eq!(
        last[2],
        (
            "GET".to_owned(),
            format!("{scope}/providers/Microsoft.Authorization/roleAssignments")
        )
    );
    assert_eq!(
        last[3],
        (
            "GET".to_owned(),
            format!("{scope}/providers/Microsoft.Authorization/roleDefinitions")
        )
    );
    assert!(last[4].1.starts_with(&format!(
        "{scope}/providers/Microsoft.Authorization/roleAssignments/"
    )));
    assert_eq!(last[5], ("PUT".to_owned(), CLUSTER.to_owned()));
    let put = update_puts(&az).pop().expect("a PUT");
    assert_eq!(
        put["body"]["properties"]["identityProfile"],
        json!({"kubeletidentity": {"resourceId": k}})
    );
    let after = cluster(&az);
    assert_eq!(
        after["properties"]["identityProfile"]["kubeletidentity"]["resourceId"],
        k
    );

    // A second run finds the assignment: no role PUT, no progress line.
    let run = az
        .run(&[
            "aks",
            "update",
            "-g",
            "rg",
            "-n",
            "c1",
            "--assign-kubelet-identity",
            &k,
            "--yes",
            "-o",
            "none",
        ])
        .ok();
    assert_eq!(run.stderr, "");
}

#[test]
fn no_wait_sends_the_put_only_and_prints_nothing() {
    let az = sandbox_with_sp_cluster(&[]);
    let run = az
        .run(&[
            "aks",
            "update",
            "-g",
            "rg",
            "-n",
            "c1",
            "--enable-managed-identity",
            "--yes",
            "--no-wait",
        ])
        .ok();
    assert_eq!(run.stdout, "");
    let methods: Vec<String> = update_requests(&az)
        .iter()
        .map(|r| r["method"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(methods, ["GET", "PUT"]);
}
