//! The seed walkthrough (`spec/reference/az-walkthrough-output.txt`) as separate `azrs`
//! processes against one embedded emulator, then `kubectl` reading the kubeconfig azrs wrote;
//! and 32 concurrent `get-credentials` runs merging into one file.
//! Every step runs through azrs (feature register/list, provider register, group create,
//! aks create, aks get-credentials); only the concurrency test seeds its group directly.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use azrs_test_support::observed;

use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

use crate::common::{Azrs, Run};
use azrs_emulator::core::{Request, arm_token};
use azrs_emulator::front::handle_in_process;
use azrs_emulator::front::inprocess::{IN_PROCESS_OPTIONS, IN_PROCESS_ORIGIN};
use serde_json::{Value, json};

use crate::common::SUB;

fn seed_group(az: &Azrs, rg: &str, location: &str) {
    let settings = IN_PROCESS_OPTIONS.core_settings(IN_PROCESS_ORIGIN);
    let token = arm_token(&settings, SystemTime::now());
    let req = Request::new(
        "PUT",
        &format!("/subscriptions/{SUB}/resourcegroups/{rg}?api-version=2024-11-01"),
    )
    .bearer(&token)
    .json(&json!({ "location": location }));
    let resp = handle_in_process(&az.emulator_dir(), &req).expect("emulator");
    assert!(resp.status < 300, "seed group: {}", resp.status);
}

/// Replaces every string that differs between two runs of the same ARM double (generated
/// keys, hashes derived from time) with its JSON type, so the rest compares exactly.
fn shape(v: &Value, volatile: &[&str], path: &str) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), shape(x, volatile, &format!("{path}/{k}"))))
                .collect(),
        ),
        Value::Array(a) => Value::Array(
            a.iter()
                .enumerate()
                .map(|(i, x)| shape(x, volatile, &format!("{path}/{i}")))
                .collect(),
        ),
        Value::String(_) if volatile.iter().any(|p| path.starts_with(p)) => json!("<volatile>"),
        other => other.clone(),
    }
}

fn kubectl(args: &[&str], kubeconfig: &Path) -> (i32, String, String) {
    let out = Command::new("kubectl")
        .args(args)
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", kubeconfig.parent().expect("parent"))
        .output()
        .expect("kubectl runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn kubectl_available() -> bool {
    Command::new("kubectl")
        .args(["version", "--client"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn seed_walkthrough_end_to_end() {
    let az = Azrs::new();

    let run = az
        .run(&[
            "feature",
            "register",
            "--name",
            "MSIPreview",
            "--namespace",
            "Microsoft.ContainerService",
        ])
        .ok();
    assert_eq!(run.json()["properties"]["state"], "Registering");
    assert_eq!(
        run.stderr,
        "WARNING: Once the feature 'MSIPreview' is registered, invoking 'az provider register -n Microsoft.ContainerService' is required to get the change propagated\n"
    );
    let run = az
        .run(&[
            "feature",
            "list",
            "-o",
            "table",
            "--query",
            "[?contains(name, 'Microsoft.ContainerService/MSIPreview')].{Name:name,State:properties.state}",
        ])
        .ok();
    assert_eq!(run.stdout, FEATURE_LIST_TABLE, "feature list table");

    let run = az
        .run(&[
            "provider",
            "register",
            "--namespace",
            "Microsoft.ContainerService",
        ])
        .ok();
    assert_eq!(run.stdout, "");

    let printed = az
        .run(&[
            "group",
            "create",
            "--name",
            "myResourceGroup",
            "--location",
            "westus2",
        ])
        .ok()
        .json();
    let expected: Value = serde_json::from_str(GROUP_CREATE_JSON).expect("json");
    assert_eq!(printed, expected);

    let run = az
        .run(&[
            "aks",
            "create",
            "-g",
            "MyResourceGroup",
            "-n",
            "MyManagedCluster",
            "--enable-managed-identity",
            "--generate-ssh-keys",
        ])
        .ok();
    let home = az.home();
    assert_eq!(
        run.stderr,
        format!(
            "WARNING: SSH key files '{0}/.ssh/id_rsa' and '{0}/.ssh/id_rsa.pub' have been generated under ~/.ssh to allow SSH access to the VM. If using machines without permanent storage like Azure Cloud Shell without an attached file share, back up your keys to a safe location\n",
            home.display()
        )
    );
    let expected: Value =
        serde_json::from_str(observed::AKS_CREATE_STDOUT).expect("walkthrough json");
    let volatile = [
        "/linuxProfile/ssh/publicKeys/0/keyData",
        "/eTag",
        "/azurePortalFqdn",
        "/fqdn",
        "/resourceUid",
        "/identity/principalId",
        "/identityProfile/kubeletidentity/clientId",
        "/identityProfile/kubeletidentity/objectId",
        "/networkProfile/loadBalancerProfile/effectiveOutboundIPs/0/id",
    ];
    assert_eq!(
        shape(&run.json(), &volatile, ""),
        shape(&expected, &volatile, ""),
        "aks create output matches the walkthrough up to generated values"
    );
    // Key order of json output is sorted, as az's.
    let keys: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("  \"") && !l.starts_with("   "))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(keys, sorted);

    let kubeconfig = az.path("kubeconfig");
    let run = az
        .run(&[
            "aks",
            "get-credentials",
            "--resource-group",
            "myResourceGroup",
            "--name",
            "MyManagedCluster",
            "--file",
            &kubeconfig.display().to_string(),
        ])
        .ok();
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "WARNING: Merged \"MyManagedCluster\" as current context in {}\n",
            kubeconfig.display()
        )
    );
    let text = std::fs::read_to_string(&kubeconfig).expect("kubeconfig written");
    let reference = KUBECONFIG_AFTER;
    // Same layout line for line; only server hash and token are generated.
    assert!(text.ends_with('\n'));
    let ours: Vec<&str> = text.lines().collect();
    let theirs: Vec<&str> = reference.lines().collect();
    assert_eq!(ours.len(), theirs.len(), "{text}");
    for (a, b) in ours.iter().zip(&theirs) {
        let generated = ["    server: ", "    token: "];
        if generated.iter().any(|g| b.starts_with(g)) {
            assert_eq!(a.split(':').next(), b.split(':').next());
        } else {
            assert_eq!(a, b);
        }
    }

    if !kubectl_available() {
        eprintln!("kubectl not found; skipping the kubectl checks");
        return;
    }
    let (code, out, err) = kubectl(&["config", "get-contexts"], &kubeconfig);
    assert_eq!(code, 0, "{err}");
    let current: Vec<&str> = out.lines().filter(|l| l.starts_with('*')).collect();
    assert_eq!(current.len(), 1, "{out}");
    assert!(current[0].split_whitespace().nth(1) == Some("MyManagedCluster"));
    let (code, out, err) = kubectl(&["config", "view", "-o", "json"], &kubeconfig);
    assert_eq!(code, 0, "{err}");
    let view: Value = serde_json::from_str(&out).expect("kubectl json");
    assert_eq!(view["current-context"], "MyManagedCluster");
    assert_eq!(
        view["users"][0]["name"],
        "clusterUser_myResourceGroup_MyManagedCluster"
    );
}

#[test]
fn concurrent_get_credentials_keep_every_context() {
    const N: usize = 32;
    let az = Azrs::new();
    seed_group(&az, "rg", "westus2");
    let names: Vec<String> = (0..N).map(|i| format!("c{i:02}")).collect();
    for n in &names {
        az.run(&["aks", "create", "-g", "rg", "-n", n, "--no-wait"])
            .ok();
    }
    for n in &names {
        az.run(&["aks", "wait", "-g", "rg", "-n", n, "--created"])
            .ok();
    }
    let kubeconfig = az.path("shared-kubeconfig");
    let file = kubeconfig.display().to_string();
    let runs: Vec<Run> = std::thread::scope(|s| {
        let handles: Vec<_> = names
            .iter()
            .map(|n| {
                let (az, file) = (&az, &file);
                s.spawn(move || {
                    az.run(&["aks", "get-credentials", "-g", "rg", "-n", n, "-f", file])
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    for run in runs {
        run.ok();
    }
    let doc = azrs::kubeconfig::read(&kubeconfig).expect("parses");
    let mut contexts: Vec<String> = doc["contexts"]
        .as_array()
        .expect("contexts")
        .iter()
        .map(|c| c["name"].as_str().expect("name").to_owned())
        .collect();
    contexts.sort();
    assert_eq!(contexts, names);
    assert_eq!(doc["clusters"].as_array().map(Vec::len), Some(N));
    assert_eq!(doc["users"].as_array().map(Vec::len), Some(N));

    if kubectl_available() {
        let (code, out, err) = kubectl(&["config", "get-contexts", "-o", "name"], &kubeconfig);
        assert_eq!(code, 0, "{err}");
        let mut listed: Vec<&str> = out.lines().collect();
        listed.sort_unstable();
        assert_eq!(listed, names);
    }
}

// ---- Observed az 2.91 output (spec/reference/az-walkthrough-output.txt), kept verbatim ----

/// Observed walkthrough data.
const FEATURE_LIST_TABLE: &str = r#"Name                                   State
-------------------------------------  ----------
Microsoft.ContainerService/MSIPreview  Registered
"#;

/// Observed walkthrough data.
const GROUP_CREATE_JSON: &str = r#"{
  "id": "/subscriptions/00000000-0000-4000-8000-0000000005ab/resourceGroups/myResourceGroup",
  "location": "westus2",
  "managedBy": null,
  "name": "myResourceGroup",
  "properties": {
    "provisioningState": "Succeeded"
  },
  "tags": null,
  "type": "Microsoft.Resources/resourceGroups"
}
"#;

/// Observed walkthrough data.
const KUBECONFIG_AFTER: &str = r#"apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: RkFLRS1DQQ==
    server: https://mymanagedc-myresourcegroup-000000-e82f9fe2.hcp.westus2.azmk8s.io:443
  name: MyManagedCluster
contexts:
- context:
    cluster: MyManagedCluster
    user: clusterUser_myResourceGroup_MyManagedCluster
  name: MyManagedCluster
current-context: MyManagedCluster
kind: Config
preferences: {}
users:
- name: clusterUser_myResourceGroup_MyManagedCluster
  user:
    client-certificate-data: RkFLRS1DTElFTlQtQ0VSVA==
    client-key-data: RkFLRS1DTElFTlQtS0VZ
    token: fake-token-48483b63a5111716
"#;
