//! `azrs aks …` end to end: the real binary against a fresh embedded emulator per test
//! (`support/azrs.rs`), checking stdout, stderr, exit codes and the requests the emulator
//! received. Resource groups are seeded straight into the emulator (the `group` commands are
//! not what is under test here); `Microsoft.ContainerService` is left unregistered so the
//! first AKS request proves azrs's automatic provider registration.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "support/azrs.rs"]
mod sandbox;

use std::time::SystemTime;

use azrs_emulator::core::{Request, arm_token};
use azrs_emulator::front::handle_in_process;
use azrs_emulator::front::inprocess::{IN_PROCESS_OPTIONS, IN_PROCESS_ORIGIN};
use sandbox::Azrs;
use serde_json::{Value, json};

const SUB: &str = "00000000-0000-4000-8000-0000000005ab";

/// Sends one authenticated request straight to the sandbox's emulator state.
fn emulator(az: &Azrs, method: &str, path: &str, body: Option<Value>) -> Value {
    let settings = IN_PROCESS_OPTIONS.core_settings(IN_PROCESS_ORIGIN);
    let token = arm_token(&settings, SystemTime::now());
    let mut req = Request::new(method, path).bearer(&token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = handle_in_process(&az.emulator_dir(), &req).expect("emulator request");
    assert!(
        resp.status < 300,
        "{method} {path}: {} {}",
        resp.status,
        String::from_utf8_lossy(&resp.body)
    );
    resp.json()
}

/// A sandbox with resource group `rg` in `location`.
fn sandbox_with_group(rg: &str, location: &str) -> Azrs {
    let az = Azrs::new();
    emulator(
        &az,
        "PUT",
        &format!("/subscriptions/{SUB}/resourcegroups/{rg}?api-version=2024-11-01"),
        Some(json!({ "location": location })),
    );
    az
}

/// The requests azrs sent (the seeding requests above carry no `commandname`).
fn azrs_requests(az: &Azrs) -> Vec<Value> {
    az.requests()
        .into_iter()
        .filter(|r| r.pointer("/headers/commandname").is_some())
        .collect()
}

fn cluster_puts(az: &Azrs) -> Vec<Value> {
    azrs_requests(az)
        .into_iter()
        .filter(|r| {
            r["method"] == "PUT"
                && r["path"]
                    .as_str()
                    .is_some_and(|p| p.contains("/managedClusters/"))
        })
        .collect()
}

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
            "WARNING: SSH key files '{0}/.ssh/id_rsa' and '{0}/.ssh/id_rsa.pub' have been generated under ~/.ssh to allow SSH access to the VM. If using machines without permanent storage like Azure Cloud Shell without an attached file share, back up your keys to a safe location\n",
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
        assert_eq!(run.stderr, "", "{flags:?}");
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
        assert_eq!(run.stderr, format!("ERROR: {message}\n"), "{flags:?}");
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
    let az = sandbox_with_group("rg", "westus2");
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
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let puts = cluster_puts(&az);
    assert_eq!(puts[0]["body"]["location"], "eastus");
    // No status poll was sent.
    assert!(!azrs_requests(&az).iter().any(|r| {
        r["path"]
            .as_str()
            .is_some_and(|p| p.contains("/operations/"))
    }));
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

#[test]
fn show_json_and_table() {
    let az = sandbox_with_group("rg", "westus2");
    az.run(&["aks", "create", "-g", "rg", "-n", "c1", "-k", "v1.31"])
        .ok();
    let shown = az.run(&["aks", "show", "-g", "rg", "-n", "c1"]).ok().json();
    assert_eq!(shown["name"], "c1");
    assert_eq!(shown["resourceGroup"], "rg");
    assert!(shown.get("properties").is_none());
    let puts = cluster_puts(&az);
    assert_eq!(puts[0]["body"]["properties"]["kubernetesVersion"], "1.31");
    let table = az
        .run(&["aks", "show", "-g", "rg", "-n", "c1", "-o", "table"])
        .ok();
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{table:#?}");
    assert!(lines[0].starts_with("Name    Location    ResourceGroup    KubernetesVersion"));
    assert!(
        lines[2].starts_with("c1      westus2     rg "),
        "{table:#?}"
    );
}

#[test]
fn show_missing_exits_3_with_arm_text() {
    let az = sandbox_with_group("rg", "westus2");
    let run = az
        .run(&["aks", "show", "-g", "rg", "-n", "nope"])
        .expect_code(3);
    assert!(
        run.stderr.starts_with(
            "ERROR: (ResourceNotFound) The Resource 'Microsoft.ContainerService/managedClusters/nope' under resource group 'rg' was not found."
        ),
        "{run:#?}"
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn list_json_and_table() {
    let az = sandbox_with_group("rg", "westus2");
    emulator(
        &az,
        "PUT",
        &format!("/subscriptions/{SUB}/resourcegroups/other?api-version=2024-11-01"),
        Some(json!({"location": "eastus"})),
    );
    az.run(&["aks", "create", "-g", "rg", "-n", "a1"]).ok();
    az.run(&["aks", "create", "-g", "other", "-n", "b1"]).ok();

    let all = az.run(&["aks", "list"]).ok().json();
    let names: Vec<&str> = all
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"a1") && names.contains(&"b1"));
    assert!(all[0].get("properties").is_none(), "flattened");

    let in_rg = az.run(&["aks", "list", "-g", "rg"]).ok().json();
    assert_eq!(in_rg.as_array().map(Vec::len), Some(1));
    assert_eq!(in_rg[0]["resourceGroup"], "rg");

    let table = az.run(&["aks", "list", "-g", "rg", "-o", "table"]).ok();
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{table:#?}");
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        header,
        [
            "Name",
            "Location",
            "ResourceGroup",
            "KubernetesVersion",
            "CurrentKubernetesVersion",
            "ProvisioningState",
            "Fqdn"
        ]
    );
    let row: Vec<&str> = lines[2].split_whitespace().collect();
    assert_eq!(&row[..3], ["a1", "westus2", "rg"]);
    assert_eq!(row[5], "Succeeded");

    let empty = az.run(&["aks", "list", "-g", "nothing-here"]);
    assert_eq!(empty.code, 3, "{empty:#?}");
}

#[test]
fn delete_confirmation_yes_and_no_wait() {
    let az = sandbox_with_group("rg", "westus2");
    az.run(&["aks", "create", "-g", "rg", "-n", "c1"]).ok();
    az.run(&["aks", "create", "-g", "rg", "-n", "c2"]).ok();
    let before = azrs_requests(&az).len();

    let run = az
        .run(&["aks", "delete", "-g", "rg", "-n", "c1"])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "WARNING: Unable to prompt for confirmation as no tty available. Use --yes.\nERROR: Operation cancelled.\n"
    );
    assert_eq!(
        azrs_requests(&az).len(),
        before,
        "no request before the answer"
    );

    let run = az
        .run(&["aks", "delete", "-g", "rg", "-n", "c1", "--yes"])
        .ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    az.run(&["aks", "show", "-g", "rg", "-n", "c1"])
        .expect_code(3);

    // Absent cluster: 204, done at once.
    az.run(&["aks", "delete", "-g", "rg", "-n", "c1", "-y"])
        .ok();

    let run = az
        .run(&["aks", "delete", "-g", "rg", "-n", "c2", "-y", "--no-wait"])
        .ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    az.run(&[
        "aks",
        "wait",
        "-g",
        "rg",
        "-n",
        "c2",
        "--deleted",
        "--interval",
        "1",
    ])
    .ok();
    az.run(&["aks", "show", "-g", "rg", "-n", "c2"])
        .expect_code(3);

    // Config switch instead of --yes.
    let mut az2 = sandbox_with_group("rg", "westus2");
    az2.run(&["aks", "create", "-g", "rg", "-n", "c3"]).ok();
    az2.set_env("AZURE_CORE_DISABLE_CONFIRM_PROMPT", "true");
    az2.run(&["aks", "delete", "-g", "rg", "-n", "c3"]).ok();

    az.run(&["aks", "delete", "-g", "missing", "-n", "x", "-y"])
        .expect_code(3);
}

#[test]
fn wait_custom_exists_timeout_and_usage() {
    let az = sandbox_with_group("rg", "westus2");
    az.run(&["aks", "create", "-g", "rg", "-n", "c1"]).ok();
    az.run(&[
        "aks",
        "wait",
        "-g",
        "rg",
        "-n",
        "c1",
        "--custom",
        "provisioningState=='Succeeded'",
    ])
    .ok();
    az.run(&["aks", "wait", "-g", "rg", "-n", "c1", "--exists"])
        .ok();
    // A condition that never holds: az 2.91 prints `{}` after the timeout and exits 0.
    let run = az
        .run(&[
            "aks",
            "wait",
            "-g",
            "rg",
            "-n",
            "c1",
            "--custom",
            "name=='other'",
            "--interval",
            "1",
            "--timeout",
            "3",
        ])
        .ok();
    assert_eq!(run.stdout, "{}\n");
    let gets = azrs_requests(&az)
        .iter()
        .filter(|r| r["headers"]["commandname"] == "aks wait")
        .count();
    assert_eq!(gets, 2 + 3, "ceil(3/1) GETs for the timed-out wait");

    let run = az
        .run(&["aks", "wait", "-g", "rg", "-n", "c1"])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "ERROR: incorrect usage: --created | --updated | --deleted | --exists | --custom JMESPATH\n"
    );
    // 404 without a condition that waits it out is the GET's error.
    az.run(&["aks", "wait", "-g", "rg", "-n", "gone", "--updated"])
        .expect_code(3);
}

// ---- get-credentials -------------------------------------------------------------------

fn sandbox_with_cluster() -> Azrs {
    let az = sandbox_with_group("rg", "westus2");
    az.run(&["aks", "create", "-g", "rg", "-n", "c1"]).ok();
    az
}

fn kubeconfig_yaml(path: &std::path::Path) -> Value {
    azrs::kubeconfig::read(path).expect("kubeconfig parses")
}

#[test]
fn get_credentials_new_file_default_path() {
    let az = sandbox_with_cluster();
    let run = az
        .run(&["aks", "get-credentials", "-g", "rg", "-n", "c1"])
        .ok();
    let path = az.home().join(".kube/config");
    assert_eq!(
        run.stderr,
        format!(
            "WARNING: Merged \"c1\" as current context in {}\n",
            path.display()
        )
    );
    assert_eq!(run.stdout, "");
    let doc = kubeconfig_yaml(&path);
    assert_eq!(doc["current-context"], "c1");
    assert_eq!(doc["contexts"][0]["name"], "c1");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let post = azrs_requests(&az)
        .into_iter()
        .find(|r| {
            r["method"] == "POST"
                && r["path"]
                    .as_str()
                    .is_some_and(|p| p.ends_with("/listClusterUserCredential"))
        })
        .expect("credential POST");
    assert_eq!(post["query"]["api-version"], "2026-06-01");
    assert_eq!(post["headers"]["content-length"], "0");
    assert!(post["query"].get("server-fqdn").is_none());
}

#[test]
fn get_credentials_keeps_unknown_keys_and_honours_kubeconfig_env() {
    let mut az = sandbox_with_cluster();
    let file = az.path("kc/config");
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    std::fs::write(
        &file,
        "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://other:443\n  name: other\ncontexts:\n- context:\n    cluster: other\n    user: u\n  name: other\ncurrent-context: other\nusers:\n- name: u\n  user:\n    token: t\npreferences:\n  colors: true\nx-custom-extension:\n  keep: me\n",
    )
    .expect("write");
    az.set_env(
        "KUBECONFIG",
        &format!("{}:/nonexistent/second", file.display()),
    );
    az.run(&["aks", "get-credentials", "-g", "rg", "-n", "c1"])
        .ok();
    let doc = kubeconfig_yaml(&file);
    assert_eq!(doc["x-custom-extension"], json!({"keep": "me"}));
    assert_eq!(doc["preferences"], json!({"colors": true}));
    let names: Vec<&str> = doc["contexts"]
        .as_array()
        .expect("contexts")
        .iter()
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["other", "c1"]);
    assert_eq!(doc["current-context"], "c1");
    assert!(!az.home().join(".kube/config").exists());
}

#[test]
fn get_credentials_conflict_overwrite_context_admin() {
    let az = sandbox_with_cluster();
    let file = az.path("kubeconfig");
    let f = file.display().to_string();
    az.run(&["aks", "get-credentials", "-g", "rg", "-n", "c1", "-f", &f])
        .ok();
    // Same credentials again: equal entries are replaced silently.
    az.run(&["aks", "get-credentials", "-g", "rg", "-n", "c1", "-f", &f])
        .ok();

    let doc = kubeconfig_yaml(&file);
    assert_eq!(doc["clusters"].as_array().map(Vec::len), Some(1));
    assert_eq!(doc["contexts"].as_array().map(Vec::len), Some(1));

    // A differing entry of the same name: no TTY, so the answer is no, file untouched.
    let changed = "apiVersion: v1\nclusters:\n- cluster:\n    server: https://changed:443\n  name: c1\ncontexts: []\nusers: []\nkind: Config\n";
    std::fs::write(&file, changed).expect("write");
    let run = az
        .run(&["aks", "get-credentials", "-g", "rg", "-n", "c1", "-f", &f])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "ERROR: A different object named c1 already exists in clusters in your kubeconfig file.\n"
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), changed);

    az.run(&[
        "aks",
        "get-credentials",
        "-g",
        "rg",
        "-n",
        "c1",
        "-f",
        &f,
        "--overwrite-existing",
    ])
    .ok();
    let doc = kubeconfig_yaml(&file);
    assert_ne!(
        doc["clusters"][0]["cluster"]["server"],
        "https://changed:443"
    );

    let run = az
        .run(&[
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "-f",
            &f,
            "--context",
            "dev",
        ])
        .ok();
    assert!(
        run.stderr.contains("Merged \"dev\" as current context"),
        "{run:#?}"
    );

    let run = az
        .run(&[
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "-f",
            &f,
            "--admin",
        ])
        .ok();
    assert!(
        run.stderr
            .contains("Merged \"c1-admin\" as current context"),
        "{run:#?}"
    );
    assert!(azrs_requests(&az).iter().any(|r| {
        r["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("/listClusterAdminCredential"))
    }));
    let doc = kubeconfig_yaml(&file);
    assert_eq!(doc["current-context"], "c1-admin");
}

#[test]
fn get_credentials_stdout_format_and_public_fqdn() {
    let az = sandbox_with_cluster();
    let run = az
        .run(&[
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "-f",
            "-",
            "--public-fqdn",
            "--format",
            "EXEC",
        ])
        .ok();
    assert_eq!(run.stderr, "");
    assert!(run.stdout.starts_with("apiVersion: v1\n") || run.stdout.contains("\nkind: Config"));
    assert!(run.stdout.ends_with('\n'));
    assert!(!az.home().join(".kube").exists());
    let post = azrs_requests(&az)
        .into_iter()
        .rfind(|r| r["method"] == "POST")
        .expect("post");
    assert_eq!(post["query"]["server-fqdn"], "public");
    assert_eq!(post["query"]["format"], "exec");

    let run = az
        .run(&[
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "--format",
            "foo",
        ])
        .expect_code(1);
    assert_eq!(run.stderr, "ERROR: --format can only be azure or exec.\n");
    let run = az
        .run(&[
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "--format",
            "azure",
            "--admin",
        ])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "ERROR: --format can only be specified when requesting clusterUser credential.\n"
    );
    az.run(&["aks", "get-credentials", "-g", "rg", "-n", "nope"])
        .expect_code(3);
}

#[cfg(unix)]
#[test]
fn get_credentials_refuses_symlink_and_keeps_malformed_file() {
    let az = sandbox_with_cluster();
    let real = az.path("real-config");
    std::fs::write(&real, "apiVersion: v1\n").expect("write");
    let link = az.path("link-config");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let run = az
        .run(&[
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "-f",
            &link.display().to_string(),
        ])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        format!(
            "ERROR: Kubeconfig path \"{}\" is a symbolic link. Refusing to write to prevent symlink-following attacks.\n",
            link.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&real).expect("read"),
        "apiVersion: v1\n"
    );

    let bad = az.path("bad-config");
    let text = "clusters: [\n  - {name: x\n";
    std::fs::write(&bad, text).expect("write");
    let run = az
        .run(&[
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "-f",
            &bad.display().to_string(),
        ])
        .expect_code(1);
    assert!(
        run.stderr
            .starts_with(&format!("ERROR: Error parsing {} (", bad.display())),
        "{run:#?}"
    );
    assert_eq!(std::fs::read_to_string(&bad).expect("read"), text);
}

#[test]
fn aks_preview_installed_prints_override_notice() {
    let az = sandbox_with_group("rg", "westus2");
    // A wheel extension as az lays it out: <dir>/<name>/{azext_*/, <dist-info>/METADATA}.
    let root = az.config_dir().join("cliextensions/aks-preview");
    std::fs::create_dir_all(root.join("azext_aks_preview")).expect("mkdir");
    let ext = root.join("aks_preview-19.0.0b2.dist-info");
    std::fs::create_dir_all(&ext).expect("mkdir");
    std::fs::write(
        ext.join("METADATA"),
        "Metadata-Version: 2.1\nName: aks-preview\nVersion: 19.0.0b2\n",
    )
    .expect("write");
    let version = az.run(&["version"]).ok().json();
    assert_eq!(
        version["extensions"]["aks-preview"], "19.0.0b2",
        "the fixture is an installed extension"
    );
    let run = az.run(&["version"]).ok();
    assert_eq!(run.stderr, "", "only aks commands carry the notice");
    let run = az.run(&["aks", "list", "-g", "rg"]).ok();
    assert_eq!(
        run.stderr,
        "WARNING: The behavior of this command has been altered by the following extension: aks-preview\n"
    );
}
