//! `aks create` through the binary against a fresh embedded emulator: the spec's body on the
//! wire, the keys az prints, automatic provider registration, the identity matrix's bodies
//! and errors (no PUT on error), validation before any request, existing clusters, missing
//! groups, `--no-wait`, and the conditional and custom headers of create and delete.

use super::*;

/// The spec's default body (`commands.md` §6.7) for `-g MyResourceGroup -n MyManagedCluster`
/// in westus2, with `linuxProfile` only when a key is given.
fn default_body(key: Option<&str>) -> Value {
    let mut body = json!({
      "location": "westus2",
      "properties": {
        "agentPoolProfiles": [{
          "name": "nodepool1", "orchestratorVersion": "", "vmSize": "", "osType": "Linux",
          "enableNodePublicIP": false, "count": 3, "enableAutoScaling": false,
          "scaleSetPriority": "Regular", "nodeTaints": [], "upgradeSettings": {},
          "type": "VirtualMachineScaleSets", "enableEncryptionAtHost": false,
          "enableUltraSSD": false, "enableFIPS": false, "mode": "System"
        }],
        "kubernetesVersion": "",
        "dnsPrefix": "MyManagedC-MyResourceGroup-000000",
        "disableLocalAccounts": false,
        "enableRBAC": true,
        "networkProfile": {"loadBalancerSku": "standard", "outboundType": "loadBalancer"},
        "addonProfiles": {},
        "storageProfile": {},
        "bootstrapProfile": {"artifactSource": "Direct"}
      },
      "identity": {"type": "SystemAssigned"},
      "sku": {"name": "Base", "tier": "Free"}
    });
    if let Some(k) = key {
        body["properties"]["linuxProfile"] =
            json!({"adminUsername": "azureuser", "ssh": {"publicKeys": [{"keyData": k}]}});
    }
    body
}

const CREATE: [&str; 6] = [
    "aks",
    "create",
    "-g",
    "MyResourceGroup",
    "-n",
    "MyManagedCluster",
];

fn create_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut v: Vec<&str> = CREATE.to_vec();
    v.extend_from_slice(extra);
    v
}

/// The top-level keys az printed in the walkthrough (`reference/az-walkthrough-output.txt`).
const WALKTHROUGH_KEYS: &str = "aadProfile addonProfiles agentPoolProfiles aiToolchainOperatorProfile apiServerAccessProfile autoScalerProfile autoUpgradeProfile azureMonitorProfile azurePortalFqdn bootstrapProfile currentKubernetesVersion disableLocalAccounts diskEncryptionSetId dnsPrefix eTag enableRbac extendedLocation fqdn fqdnSubdomain hostedSystemProfile httpProxyConfig id identity identityProfile ingressProfile kind kubernetesVersion linuxProfile location maxAgentPools metricsProfile name networkProfile nodeProvisioningProfile nodeResourceGroup nodeResourceGroupProfile oidcIssuerProfile podIdentityProfile powerState privateFqdn privateLinkResources provisioningState publicNetworkAccess resourceGroup resourceUid schedulerProfile securityProfile serviceMeshProfile servicePrincipalProfile sku status storageProfile supportPlan systemData tags type upgradeSettings windowsProfile workloadAutoScalerProfile";

fn sorted_keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
    k.sort();
    k
}

#[test]
fn create_default_sends_spec_body_prints_walkthrough_keys_and_auto_registers() {
    let az = sandbox_with_group("MyResourceGroup", "westus2");
    let run = az
        .run(&create_args(&[
            "--enable-managed-identity",
            "--generate-ssh-keys",
        ]))
        .ok();
    let home = az.home();
    assert_eq!(
        run.stderr,
        format!(
            "WARNING: SSH key files '{0}/.ssh/id_rsa' and '{0}/.ssh/id_rsa.pub' have been generated under ~/.ssh to allow SSH access to the VM. If using machines without permanent storage like Azure Cloud Shell without an attached file share, back up your keys to a safe location\n{REGISTERING}",
            home.display()
        )
    );
    let printed = run.json();
    let mut expected: Vec<&str> = WALKTHROUGH_KEYS.split(' ').collect();
    expected.sort_unstable();
    assert_eq!(sorted_keys(&printed), expected);
    assert_eq!(printed["resourceGroup"], "MyResourceGroup");
    assert_eq!(printed["provisioningState"], "Succeeded");
    assert_eq!(
        printed["servicePrincipalProfile"],
        json!({"clientId": "msi", "secret": null})
    );

    let key = std::fs::read_to_string(home.join(".ssh/id_rsa.pub")).expect("public key");
    assert_eq!(
        printed["linuxProfile"]["ssh"]["publicKeys"][0]["keyData"],
        key.as_str()
    );
    let puts = cluster_puts(&az);
    assert_eq!(puts.len(), 1, "one PUT: {puts:#?}");
    // The request log redacts the key; its length still pins it down.
    let redacted = format!("<redacted {} chars>", key.chars().count());
    assert_eq!(puts[0]["body"], default_body(Some(&redacted)));
    assert_eq!(puts[0]["query"]["api-version"], "2026-06-01");
    assert_eq!(puts[0]["headers"]["commandname"], "aks create");
    assert_eq!(
        puts[0]["headers"]["parametersetname"],
        "-g -n --enable-managed-identity --generate-ssh-keys"
    );

    // The first AKS request met 409 MissingSubscriptionRegistration; azrs registered the
    // provider and carried on.
    let reqs = azrs_requests(&az);
    let register = reqs.iter().position(|r| {
        r["method"] == "POST"
            && r["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("/providers/Microsoft.ContainerService/register"))
    });
    let register = register.expect("provider registered");
    assert_eq!(reqs[0]["status"], 409);
    assert!(register < reqs.iter().position(|r| r["method"] == "PUT").expect("put"));
    // §6.6 order, registration aside: existence GET, group GET, PUT, status poll(s), final GET.
    let aks_flow: Vec<String> = reqs
        .iter()
        .filter(|r| {
            r["path"].as_str().is_some_and(|p| {
                !p.contains("/providers/Microsoft.ContainerService/register")
                    && !p.ends_with("/providers/Microsoft.ContainerService")
            })
        })
        .map(|r| {
            let path = r["path"].as_str().unwrap_or_default();
            let kind = if path.contains("/operations/") {
                "poll"
            } else if path.ends_with("/managedClusters/MyManagedCluster") {
                "cluster"
            } else if path.ends_with("/resourcegroups/MyResourceGroup") {
                "group"
            } else {
                "other"
            };
            format!(
                "{} {kind} {}",
                r["method"].as_str().unwrap_or_default(),
                r["status"]
            )
        })
        .collect();
    assert_eq!(
        aks_flow,
        [
            "GET cluster 409",
            "GET cluster 404",
            "GET group 200",
            "PUT cluster 201",
            "GET poll 200",
            "GET poll 200",
            "GET cluster 200"
        ],
        "{reqs:#?}"
    );
    // One request id for the whole command.
    let ids: std::collections::BTreeSet<&str> = reqs
        .iter()
        .filter_map(|r| {
            r.pointer("/headers/x-ms-client-request-id")
                .and_then(Value::as_str)
        })
        .collect();
    assert_eq!(ids.len(), 1);
}

#[test]
fn identity_matrix_bodies() {
    let uami = format!(
        "/subscriptions/{SUB}/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cp"
    );
    let cases: Vec<(Vec<&str>, Value)> = vec![
        (vec![], default_body(None)),
        (vec!["--enable-managed-identity"], default_body(None)),
        (
            vec![
                "--service-principal",
                "sp-id",
                "--client-secret",
                "sp-secret",
            ],
            {
                let mut b = default_body(None);
                b.as_object_mut().expect("obj").remove("identity");
                // The request log redacts the secret, keeping its length.
                b["properties"]["servicePrincipalProfile"] =
                    json!({"clientId": "sp-id", "secret": "<redacted 9 chars>"});
                b
            },
        ),
        (vec!["--assign-identity", uami.as_str()], {
            let mut b = default_body(None);
            b["identity"] =
                json!({"type": "UserAssigned", "userAssignedIdentities": {uami.clone(): {}}});
            b
        }),
    ];
    for (flags, expected) in cases {
        // No ~/.ssh/id_rsa.pub in the sandbox: silently no linuxProfile (§6.4 step 6).
        let az = sandbox_with_group("MyResourceGroup", "westus2");
        let run = az.run(&create_args(&flags));
        assert_eq!(run.code, 0, "{flags:?}: {run:#?}");
        assert_eq!(run.stderr, REGISTERING, "{flags:?}");
        let puts = cluster_puts(&az);
        assert_eq!(puts.len(), 1, "{flags:?}");
        assert_eq!(puts[0]["body"], expected, "{flags:?}");
    }
}

#[test]
fn identity_matrix_errors_send_no_put() {
    let uami = format!(
        "/subscriptions/{SUB}/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cp"
    );
    let both = "Please provide both --service-principal and --client-secret to use sp as the cluster identity. An sp can be created using the 'az ad sp create-for-rbac' command.";
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--service-principal", "sp"], both),
        (vec!["--client-secret", "s"], both),
        (
            vec![
                "--service-principal",
                "sp",
                "--client-secret",
                "s",
                "--enable-managed-identity",
            ],
            "Cannot specify --enable-managed-identity and --service-principal/--client-secret at same time",
        ),
        (
            vec![
                "--service-principal",
                "sp",
                "--client-secret",
                "s",
                "--assign-identity",
                uami.as_str(),
            ],
            "--assign-identity can only be specified when --enable-managed-identity is specified",
        ),
        (
            vec!["--assign-kubelet-identity", uami.as_str()],
            "--assign-kubelet-identity can only be specified when --assign-identity is specified",
        ),
    ];
    for (flags, message) in cases {
        let az = sandbox_with_group("MyResourceGroup", "westus2");
        let run = az.run(&create_args(&flags)).expect_code(1);
        assert_eq!(
            run.stderr,
            format!("{REGISTERING}ERROR: {message}\n"),
            "{flags:?}"
        );
        assert_eq!(run.stdout, "");
        assert!(cluster_puts(&az).is_empty(), "{flags:?}");
        // Decorator errors come after the existence GET (§6.6).
        assert!(azrs_requests(&az).iter().any(|r| r["method"] == "GET"));
    }
}

#[test]
fn create_validation_errors_come_before_any_request() {
    let az = sandbox_with_group("MyResourceGroup", "westus2");
    let run = az
        .run(&["aks", "create", "-g", "MyResourceGroup", "-n", "bad name!"])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "ERROR: --name cannot exceed 63 characters and can only contain letters, numbers, underscores (_) or dashes (-).\n"
    );
    let run = az.run(&create_args(&["-k", "latest"])).expect_code(1);
    assert!(
        run.stderr
            .starts_with("ERROR: --kubernetes-version should be")
    );
    let run = az
        .run(&create_args(&["--ssh-key-value", "not-a-key"]))
        .expect_code(1);
    assert!(
        run.stderr
            .starts_with("ERROR: The SSH key provided is not a valid RSA public key.")
    );
    assert!(azrs_requests(&az).is_empty());
}

#[test]
fn create_existing_cluster_fails_and_missing_group_exits_3() {
    let az = sandbox_with_group("MyResourceGroup", "westus2");
    az.run(&CREATE).ok();
    let run = az.run(&CREATE).expect_code(1);
    assert_eq!(
        run.stderr,
        "ERROR: The cluster 'MyManagedCluster' under resource group 'MyResourceGroup' already exists. Please use command 'az aks update' to update the existing cluster, or select a different cluster name to create a new cluster.\n"
    );
    assert_eq!(cluster_puts(&az).len(), 1);

    let run = az
        .run(&["aks", "create", "-g", "nogroup", "-n", "c1"])
        .expect_code(3);
    assert!(run.stderr.contains("ResourceGroupNotFound"), "{run:#?}");
}

#[test]
fn create_no_wait_prints_nothing_then_wait_created() {
    let mut az = sandbox_with_group("rg", "westus2");
    let run = az
        .run(&[
            "aks",
            "create",
            "-g",
            "rg",
            "-n",
            "c1",
            "--no-wait",
            "-l",
            "eastus",
        ])
        .ok();
    assert_eq!(
        (run.stdout.as_str(), run.stderr.as_str()),
        ("", REGISTERING)
    );
    let puts = cluster_puts(&az);
    assert_eq!(puts[0]["body"]["location"], "eastus");
    // No status poll was sent.
    assert!(!azrs_requests(&az).iter().any(|r| {
        r["path"]
            .as_str()
            .is_some_and(|p| p.contains("/operations/"))
    }));
    // The emulator finishes the create by the clock (two polls' worth of seconds), so the
    // wait must really sleep its interval: without the test's no-delay switch a fast build's
    // 3,600 back-to-back GETs ran out before the operation settled.
    az.remove_env("AZRS_TEST_NO_DELAY");
    let run = az
        .run(&[
            "aks",
            "wait",
            "-g",
            "rg",
            "-n",
            "c1",
            "--created",
            "--interval",
            "1",
        ])
        .ok();
    az.set_env("AZRS_TEST_NO_DELAY", "1");
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let shown = az.run(&["aks", "show", "-g", "rg", "-n", "c1"]).ok().json();
    assert_eq!(shown["provisioningState"], "Succeeded");
}

#[test]
fn create_and_delete_send_conditional_and_custom_headers() {
    let az = sandbox_with_group("MyResourceGroup", "westus2");
    az.run(&create_args(&[
        "--aks-custom-headers",
        "EnableFoo=true,Other=x",
        "--if-none-match",
        "*",
    ]))
    .ok();
    let puts = cluster_puts(&az);
    let headers = &puts[0]["headers"];
    assert_eq!(headers["if-none-match"], "*", "{headers}");
    assert_eq!(headers["enablefoo"], "true", "{headers}");
    assert_eq!(headers["other"], "x", "{headers}");
    // The final GET carries no precondition.
    let gets: Vec<_> = azrs_requests(&az)
        .into_iter()
        .filter(|r| {
            r["method"] == "GET"
                && r.get("headers")
                    .and_then(|h| h.get("if-none-match"))
                    .is_some()
        })
        .collect();
    assert!(gets.is_empty(), "{gets:?}");

    az.run(&[
        "aks",
        "delete",
        "-g",
        "MyResourceGroup",
        "-n",
        "MyManagedCluster",
        "--yes",
        "--if-match",
        "etag-1",
    ])
    .ok();
    let delete = azrs_requests(&az)
        .into_iter()
        .find(|r| r["method"] == "DELETE")
        .expect("a DELETE");
    assert_eq!(delete["headers"]["if-match"], "etag-1");
}
