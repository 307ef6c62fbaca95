//! `aks nodepool list|show|upgrade` against the embedded emulator: az's AgentPool output and
//! table rows, the node-image upgrade as a long-running POST whose result prints nothing, and
//! every bad input (name validator, conflicting flags, missing pool or cluster) with az's text
//! and exit code and nothing changed. The real az cross-check is the differential binary's
//! `aks_update` trial.

use super::*;

/// A sandbox with group `rg` and a managed-identity cluster `c1` (created by azrs itself).
pub(super) fn sandbox_with_cluster() -> Azrs {
    let az = sandbox_with_group("rg", "westus2");
    az.run(&[
        "aks",
        "create",
        "-g",
        "rg",
        "-n",
        "c1",
        "--no-ssh-key",
        "-o",
        "none",
    ])
    .ok();
    az
}

/// The requests one `aks nodepool` verb sent.
fn sent(az: &Azrs, command: &str) -> Vec<(String, String)> {
    azrs_requests(az)
        .into_iter()
        .filter(|r| r.pointer("/headers/commandname").and_then(Value::as_str) == Some(command))
        .map(|r| {
            (
                r["method"].as_str().unwrap_or_default().to_owned(),
                r["path"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

const POOLS: &str = "/subscriptions/00000000-0000-4000-8000-0000000005ab/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1/agentPools";

#[test]
fn nodepool_list_and_show_print_the_agent_pool_as_az() {
    let az = sandbox_with_cluster();
    let show = az
        .run(&[
            "aks",
            "nodepool",
            "show",
            "-g",
            "rg",
            "--cluster-name",
            "c1",
            "-n",
            "nodepool1",
        ])
        .ok();
    let pool = show.json();
    assert_eq!(pool["name"], "nodepool1");
    assert_eq!(
        pool["type"],
        "Microsoft.ContainerService/managedClusters/agentPools"
    );
    // The profile's own `type` prints beside the resource's, as az's AgentPool model names it.
    assert_eq!(pool["typePropertiesType"], "VirtualMachineScaleSets");
    assert_eq!(pool["resourceGroup"], "rg");
    assert_eq!(pool["osDiskSizeGb"], 128);
    assert_eq!(pool["eTag"], Value::Null);
    assert!(
        pool["id"]
            .as_str()
            .is_some_and(|id| id.ends_with("/agentPools/nodepool1"))
    );
    let list = az
        .run(&[
            "aks",
            "nodepool",
            "list",
            "-g",
            "rg",
            "--cluster-name",
            "c1",
        ])
        .ok();
    assert_eq!(list.json(), json!([pool]));
    assert_eq!(
        sent(&az, "aks nodepool list"),
        [("GET".to_owned(), POOLS.to_owned())]
    );
}

#[test]
fn nodepool_tables_have_az_columns_without_the_all_empty_one() {
    let az = sandbox_with_cluster();
    let want = "Name       OsType    KubernetesVersion    VmSize            Count    MaxPods    ProvisioningState    Mode\n\
                ---------  --------  -------------------  ----------------  -------  ---------  -------------------  ------\n\
                nodepool1  Linux     1.32.7               Standard_D8ds_v5  3        250        Succeeded            System\n";
    for verb in [
        vec![
            "aks",
            "nodepool",
            "list",
            "-g",
            "rg",
            "--cluster-name",
            "c1",
            "-o",
            "table",
        ],
        vec![
            "aks",
            "nodepool",
            "show",
            "-g",
            "rg",
            "--cluster-name",
            "c1",
            "--name",
            "nodepool1",
            "-o",
            "table",
        ],
    ] {
        let run = az.run(&verb).ok();
        assert_eq!(run.stdout, want, "{verb:?}");
    }
}

#[test]
fn nodepool_bad_names_exit_1_before_any_request() {
    let az = sandbox_with_cluster();
    for (name, message) in [
        (
            "abcdefghijklm",
            "ERROR: --nodepool-name can contain at most 12 characters\n",
        ),
        (
            "no-pe",
            "ERROR: --nodepool-name should contain only alphanumeric characters\n",
        ),
    ] {
        let run = az
            .run(&[
                "aks",
                "nodepool",
                "upgrade",
                "-g",
                "rg",
                "--cluster-name",
                "c1",
                "-n",
                name,
                "--node-image-only",
            ])
            .expect_code(1);
        assert_eq!(run.stderr, message);
        let run = az
            .run(&[
                "aks",
                "nodepool",
                "show",
                "-g",
                "rg",
                "--cluster-name",
                "c1",
                "-n",
                name,
            ])
            .expect_code(1);
        assert_eq!(run.stderr, message);
    }
    assert!(sent(&az, "aks nodepool show").is_empty());
    assert!(sent(&az, "aks nodepool upgrade").is_empty());
}

#[test]
fn nodepool_missing_pool_or_cluster_is_arm_404_exit_3() {
    let az = sandbox_with_cluster();
    let run = az
        .run(&[
            "aks",
            "nodepool",
            "show",
            "-g",
            "rg",
            "--cluster-name",
            "c1",
            "-n",
            "nope",
        ])
        .expect_code(3);
    assert!(
        run.stderr.starts_with("ERROR: (NotFound) The Resource 'Microsoft.ContainerService/managedClusters/c1/agentPools/nope' under resource group 'rg' was not found.\n"),
        "{}",
        run.stderr
    );
    let run = az
        .run(&[
            "aks",
            "nodepool",
            "list",
            "-g",
            "rg",
            "--cluster-name",
            "cx",
        ])
        .expect_code(3);
    assert!(run.stderr.starts_with(
        "ERROR: (ResourceNotFound) The Resource 'Microsoft.ContainerService/managedClusters/cx'"
    ));
    let run = az
        .run(&[
            "aks",
            "nodepool",
            "upgrade",
            "-g",
            "rg",
            "--cluster-name",
            "c1",
            "-n",
            "nope",
            "--node-image-only",
        ])
        .expect_code(3);
    assert!(
        run.stderr
            .contains("agentPools/nope' under resource group 'rg' was not found.")
    );
}

#[test]
fn nodepool_upgrade_node_image_only_polls_and_prints_nothing() {
    let az = sandbox_with_cluster();
    let before = az
        .run(&[
            "aks",
            "nodepool",
            "show",
            "-g",
            "rg",
            "--cluster-name",
            "c1",
            "-n",
            "nodepool1",
        ])
        .ok()
        .json();
    let run = az
        .run(&[
            "aks",
            "nodepool",
            "upgrade",
            "-g",
            "rg",
            "--cluster-name",
            "c1",
            "-n",
            "nodepool1",
            "--node-image-only",
        ])
        .ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let sent = sent(&az, "aks nodepool upgrade");
    // The POST, its status URL, then (ARMPolling's rule for a POST) the Location result.
    assert_eq!(
        sent[0],
        (
            "POST".to_owned(),
            format!("{POOLS}/nodepool1/upgradeNodeImageVersion")
        )
    );
    assert!(
        sent[1].1.contains("/locations/westus2/operations/"),
        "{sent:?}"
    );
    assert!(
        sent.last()
            .is_some_and(|s| s.1.contains("/locations/westus2/operationresults/")),
        "{sent:?}"
    );
    let post = azrs_requests(&az)
        .into_iter()
        .find(|r| r["method"] == "POST")
        .expect("the POST");
    assert_eq!(post["body"], Value::Null);
    let after = az
        .run(&[
            "aks",
            "nodepool",
            "show",
            "-g",
            "rg",
            "--cluster-name",
            "c1",
            "-n",
            "nodepool1",
        ])
        .ok()
        .json();
    assert_eq!(after["provisioningState"], "Succeeded");
    assert_ne!(after["nodeImageVersion"], before["nodeImageVersion"]);
}

#[test]
fn nodepool_upgrade_no_wait_sends_only_the_post() {
    let az = sandbox_with_cluster();
    let run = az
        .run(&[
            "aks",
            "nodepool",
            "upgrade",
            "-g",
            "rg",
            "--cluster-name",
            "c1",
            "-n",
            "nodepool1",
            "--node-image-only",
            "--no-wait",
        ])
        .ok();
    assert_eq!(run.stdout, "");
    assert_eq!(sent(&az, "aks nodepool upgrade").len(), 1);
}

#[test]
fn nodepool_upgrade_conflicting_or_unsupported_flags_send_nothing() {
    let az = sandbox_with_cluster();
    let run = az
        .run(&[
            "aks",
            "nodepool",
            "upgrade",
            "-g",
            "rg",
            "--cluster-name",
            "c1",
            "-n",
            "nodepool1",
            "--node-image-only",
            "-k",
            "1.32.7",
        ])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "ERROR: Conflicting flags. Upgrading the Kubernetes version will also upgrade node image version. If you only want to upgrade the node version please use the \"--node-image-only\" option only.\n"
    );
    // A Kubernetes-version upgrade of a pool is not modelled: refused, nothing sent.
    az.run(&[
        "aks",
        "nodepool",
        "upgrade",
        "-g",
        "rg",
        "--cluster-name",
        "c1",
        "-n",
        "nodepool1",
    ])
    .expect_code(1);
    assert!(sent(&az, "aks nodepool upgrade").is_empty());
}

#[test]
fn nodepool_requires_cluster_name_as_az_parser() {
    let az = Azrs::new();
    let run = az
        .run(&["aks", "nodepool", "list", "-g", "rg"])
        .expect_code(2);
    assert!(
        run.stderr
            .contains("the following arguments are required: --cluster-name"),
        "{}",
        run.stderr
    );
}
