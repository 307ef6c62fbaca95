//! `aks create --assign-identity A --assign-kubelet-identity K` end to end.
//!
//! First against the embedded emulator (`support/azrs.rs`): identities are created by PUTs sent
//! straight into the emulator core, then the real `azrs` binary runs and the emulator's request
//! log shows what it sent — az's order (commands.md §6.5, `managed_cluster_decorator.py`
//! `set_up_identity_profile`, `_roleassignments.py`): existence GET, RG GET, GET K, GET A, list
//! role assignments at K's lowercased scope with `atScope() and assignedTo('<A principal>')`,
//! role definitions by name, PUT of a "Managed Identity Operator" assignment, cluster PUT.
//!
//! Then a differential against the real az 2.91 (`support/az_differential.sh`, loopback-only
//! namespace): az creates the identities with its own `identity create` (which exercises the
//! emulator's MSI routes), then az and azrs each create a cluster with their own kubelet identity
//! (names of equal length) and the request sequences, exit codes, stderr and printed identities
//! are compared. Without root or the venv it prints why and passes, except under `CI=true`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "support/oracle.rs"]
mod oracle;
#[path = "support/azrs.rs"]
mod sandbox;

use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

use azrs_emulator::core::{Request, arm_token};
use azrs_emulator::front::handle_in_process;
use azrs_emulator::front::inprocess::{IN_PROCESS_OPTIONS, IN_PROCESS_ORIGIN};
use sandbox::Azrs;
use serde_json::{Value, json};

const SUB: &str = "00000000-0000-4000-8000-0000000005ab";
const MIO: &str = "f1a07417-d97a-45cb-824c-7a7467783830";
const DONE: &str =
    "\rAAD role propagation done[############################################]  100.0000%\n";

fn uami(rg: &str, name: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}"
    )
}

/// Sends one authenticated request straight to the sandbox's emulator state.
fn emulator(az: &Azrs, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let settings = IN_PROCESS_OPTIONS.core_settings(IN_PROCESS_ORIGIN);
    let token = arm_token(&settings, SystemTime::now());
    let mut req = Request::new(method, path).bearer(&token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = handle_in_process(&az.emulator_dir(), &req).expect("emulator request");
    (resp.status, resp.json())
}

/// A sandbox with group `rg` (westus2) and the identities `names` in it; returns each
/// identity as the emulator created it.
fn sandbox_with_identities(names: &[&str]) -> (Azrs, Vec<Value>) {
    let az = Azrs::new();
    let (s, _) = emulator(
        &az,
        "PUT",
        &format!("/subscriptions/{SUB}/resourcegroups/rg?api-version=2024-11-01"),
        Some(json!({"location": "westus2"})),
    );
    assert_eq!(s, 201);
    // Registered up front, so azrs's automatic registration stays out of the sequences.
    let (s, _) = emulator(
        &az,
        "POST",
        &format!(
            "/subscriptions/{SUB}/providers/Microsoft.ContainerService/register?api-version=2024-11-01"
        ),
        None,
    );
    assert_eq!(s, 200);
    let ids = names
        .iter()
        .map(|n| {
            let (s, v) = emulator(
                &az,
                "PUT",
                &format!("{}?api-version=2024-11-30", uami("rg", n)),
                Some(json!({"location": "westus2"})),
            );
            assert_eq!(s, 201, "{v}");
            v
        })
        .collect();
    (az, ids)
}

fn create(az: &Azrs, cluster: &str, cp: &str, kubelet: &str) -> sandbox::Run {
    az.run(&[
        "aks",
        "create",
        "-g",
        "rg",
        "-n",
        cluster,
        "--assign-identity",
        cp,
        "--assign-kubelet-identity",
        kubelet,
        "--no-ssh-key",
    ])
}

/// (method, path, api-version) of every request `azrs aks create` sent.
fn sequence(az: &Azrs) -> Vec<Step> {
    az.requests()
        .into_iter()
        .filter(|r| r.pointer("/headers/commandname").and_then(Value::as_str) == Some("aks create"))
        .map(|r| {
            (
                r["method"].as_str().unwrap_or_default().to_owned(),
                r["path"].as_str().unwrap_or_default().to_owned(),
                r["query"]["api-version"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect()
}

#[test]
fn kubelet_identity_gets_operator_role_and_lands_in_the_cluster() {
    let (az, ids) = sandbox_with_identities(&["cpid", "kubeid"]);
    let (cp, kubelet) = (&ids[0], &ids[1]);
    let cp_principal = cp["properties"]["principalId"].as_str().expect("principal");
    let (a, k) = (uami("rg", "cpid"), uami("rg", "kubeid"));

    let run = create(&az, "c1", &a, &k);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stderr, DONE);

    let scope = k.to_lowercase();
    let cluster = format!(
        "/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1"
    );
    let seq = sequence(&az);
    let shape: Vec<(&str, String, &str)> = seq
        .iter()
        .map(|(m, p, v)| {
            let p = match p.rsplit_once("/roleAssignments/") {
                Some((head, _)) => format!("{head}/roleAssignments/{{guid}}"),
                None => p.clone(),
            };
            (m.as_str(), p, v.as_str())
        })
        .take(8)
        .collect();
    let expected: Vec<(&str, String, &str)> = vec![
        ("GET", cluster.clone(), "2026-06-01"),
        (
            "GET",
            format!("/subscriptions/{SUB}/resourcegroups/rg"),
            "2024-11-01",
        ),
        (
            "GET",
            k.to_lowercase()
                .replace("/resourcegroups/", "/resourceGroups/")
                .replace(
                    "/providers/microsoft.managedidentity/userassignedidentities/",
                    "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/",
                ),
            "2024-11-30",
        ),
        (
            "GET",
            a.to_lowercase()
                .replace("/resourcegroups/", "/resourceGroups/")
                .replace(
                    "/providers/microsoft.managedidentity/userassignedidentities/",
                    "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/",
                ),
            "2024-11-30",
        ),
        (
            "GET",
            format!("{scope}/providers/Microsoft.Authorization/roleAssignments"),
            "2022-04-01",
        ),
        (
            "GET",
            format!("{scope}/providers/Microsoft.Authorization/roleDefinitions"),
            "2022-05-01-preview",
        ),
        (
            "PUT",
            format!("{scope}/providers/Microsoft.Authorization/roleAssignments/{{guid}}"),
            "2022-04-01",
        ),
        ("PUT", cluster.clone(), "2026-06-01"),
    ];
    assert_eq!(shape, expected);

    let reqs = az.requests();
    let list = reqs
        .iter()
        .find(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("/roleAssignments"))
        })
        .expect("role assignment list");
    assert_eq!(
        list["query"]["$filter"],
        format!("atScope() and assignedTo('{cp_principal}')")
    );
    let ra_put = reqs
        .iter()
        .find(|r| {
            r["method"] == "PUT"
                && r["path"]
                    .as_str()
                    .is_some_and(|p| p.contains("/roleAssignments/"))
        })
        .expect("role assignment PUT");
    let body = &ra_put["body"]["properties"];
    assert!(
        body["roleDefinitionId"]
            .as_str()
            .is_some_and(|d| d.ends_with(MIO)),
        "{body}"
    );
    assert_eq!(body["principalId"], cp_principal);
    assert_eq!(body["principalType"], "ServicePrincipal");

    let put = reqs
        .iter()
        .find(|r| r["method"] == "PUT" && r["path"] == cluster.as_str())
        .expect("cluster PUT");
    assert_eq!(
        put["body"]["identity"],
        json!({"type": "UserAssigned", "userAssignedIdentities": {a.clone(): {}}})
    );
    let expected_profile = json!({"kubeletidentity": {
        "resourceId": k,
        "clientId": kubelet["properties"]["clientId"],
        "objectId": kubelet["properties"]["principalId"],
    }});
    assert_eq!(
        put["body"]["properties"]["identityProfile"],
        expected_profile
    );

    // The assignment exists afterwards, at the kubelet identity's scope.
    let (s, listed) = emulator(
        &az,
        "GET",
        &format!(
            "{scope}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=principalId%20eq%20'{cp_principal}'"
        ),
        None,
    );
    assert_eq!(s, 200);
    let value = listed["value"].as_array().expect("value");
    assert_eq!(value.len(), 1, "{listed}");
    assert_eq!(value[0]["properties"]["scope"], scope.as_str());

    let printed = run.json();
    assert_eq!(printed["identityProfile"], expected_profile);
    assert_eq!(printed["identity"]["type"], "UserAssigned");
    assert_eq!(
        printed["identity"]["userAssignedIdentities"][&a]["principalId"],
        cp_principal
    );

    // A second cluster: the assignment is found, so no second PUT and no progress line.
    let before = az.requests().len();
    let run = create(&az, "c2", &a, &k);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stderr, "");
    let later = &az.requests()[before..];
    let ra_puts = later
        .iter()
        .filter(|r| {
            r["method"] == "PUT"
                && r["path"]
                    .as_str()
                    .is_some_and(|p| p.contains("/roleAssignments/"))
        })
        .count();
    assert_eq!(ra_puts, 0);
    assert!(later.iter().any(|r| {
        r["method"] == "PUT"
            && r["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("/managedClusters/c2"))
    }));
}

#[test]
fn missing_kubelet_identity_exits_3_without_cluster_put() {
    let (az, _) = sandbox_with_identities(&["cpid"]);
    let run = create(&az, "c1", &uami("rg", "cpid"), &uami("rg", "NoSuchId"));
    assert_eq!(run.code, 3, "{run:#?}");
    assert_eq!(run.stdout, "");
    // az lowercases the id before it splits it.
    assert_eq!(run.stderr, "ERROR: Identity 'nosuchid' not found.\n");
    assert!(!az.requests().iter().any(|r| {
        r["method"] == "PUT"
            && r["path"]
                .as_str()
                .is_some_and(|p| p.contains("/managedClusters/"))
    }));
}

#[test]
fn missing_control_plane_identity_exits_3_before_any_role_request() {
    let (az, _) = sandbox_with_identities(&["kubeid"]);
    let run = create(&az, "c1", &uami("rg", "gone"), &uami("rg", "kubeid"));
    assert_eq!(run.code, 3, "{run:#?}");
    assert_eq!(run.stderr, "ERROR: Identity 'gone' not found.\n");
    assert!(!az.requests().iter().any(|r| {
        r["path"].as_str().is_some_and(|p| {
            p.contains("Microsoft.Authorization")
                || p.contains("/managedClusters/c1") && r["method"] == "PUT"
        })
    }));
}

// --- differential against the real az -------------------------------------------------------

/// Replaces every GUID-shaped run of characters with `{guid}`.
fn mask_guids(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        if i + 36 <= b.len() && uuid::Uuid::try_parse(&s[i..i + 36]).is_ok() {
            out.push_str("{guid}");
            i += 36;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

/// The requests of each `aks create` run, split at each existence GET of a cluster, as
/// (method, GUID-masked path, api-version), keyed by the cluster name of that first GET.
/// (method, path, api-version) of one request.
type Step = (String, String, String);

fn runs(requests: &[Value]) -> Vec<(String, Vec<Step>)> {
    let mut out: Vec<(String, Vec<Step>)> = Vec::new();
    for r in requests {
        let create =
            r.pointer("/headers/commandname").and_then(Value::as_str) == Some("aks create");
        if !create {
            continue;
        }
        let path = r["path"].as_str().unwrap_or_default();
        let method = r["method"].as_str().unwrap_or_default();
        // A run starts with the existence GET of a cluster not seen in the current run.
        if method == "GET"
            && let Some((_, name)) = path.rsplit_once("/managedClusters/")
            && out.last().is_none_or(|(n, _)| n != name)
        {
            out.push((name.to_owned(), Vec::new()));
        }
        if let Some((_, seq)) = out.last_mut() {
            seq.push((
                method.to_owned(),
                mask_guids(path),
                r["query"]["api-version"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            ));
        }
    }
    out
}

#[test]
fn az_and_azrs_agree_on_kubelet_identity() {
    let Some(python) = oracle::python_or_skip("az kubelet-identity differential") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("out dir");
    let id = |n: &str| uami("kubrg", n);
    let (a, kaz, krs) = (id("cpid"), id("kubaz"), id("kubrs"));
    let create = |tool: &str, cluster: &str, k: &str| {
        format!(
            "{tool}\taks\tcreate\t-g\tkubrg\t-n\t{cluster}\t--assign-identity\t{a}\t--assign-kubelet-identity\t{k}\t--no-ssh-key"
        )
    };
    let steps = [
        "az\tcloud\tregister\t--name\tEmu\t--endpoint-resource-manager\t@URL@/".to_owned(),
        "az\tcloud\tset\t--name\tEmu".to_owned(),
        "az\tlogin\t--service-principal\t-u\t@CLIENT_ID@\t-p\t@CLIENT_SECRET@\t--tenant\t@TENANT@"
            .to_owned(),
        "az\tprovider\tregister\t--namespace\tMicrosoft.ContainerService".to_owned(),
        "az\tgroup\tcreate\t-n\tkubrg\t-l\twestus2".to_owned(),
        "az\tidentity\tcreate\t-g\tkubrg\t-n\tcpid".to_owned(),
        "az\tidentity\tcreate\t-g\tkubrg\t-n\tkubaz".to_owned(),
        "az\tidentity\tcreate\t-g\tkubrg\t-n\tkubrs".to_owned(),
        "az\tidentity\tshow\t-g\tkubrg\t-n\tkubaz".to_owned(),
        // 9, 10: first cluster each (role assignment created).
        create("az", "kaz1", &kaz),
        create("azrs", "krs1", &krs),
        // 11, 12: second cluster each (role assignment found).
        create("az", "kaz2", &kaz),
        create("azrs", "krs2", &krs),
        // 13, 14: missing kubelet identity.
        create("az", "kaz3", &id("nothere")),
        create("azrs", "krs3", &id("nothere")),
    ];
    let plan: String = steps
        .iter()
        .enumerate()
        .map(|(i, s)| format!("s{i:02}\t{s}\n"))
        .collect();
    let plan_file = dir.path().join("plan.tsv");
    std::fs::write(&plan_file, plan).expect("plan");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/az_differential.sh");
    let run = Command::new("bash")
        .arg(&script)
        .arg(&python)
        .arg(sandbox::emulator_bin())
        .arg(env!("CARGO_BIN_EXE_azrs"))
        .arg(&plan_file)
        .arg(&out)
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .output()
        .expect("run the namespace script");
    assert!(
        run.status.success(),
        "script failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let read = |i: usize, ext: &str| {
        std::fs::read_to_string(out.join(format!("s{i:02}.{ext}"))).unwrap_or_default()
    };
    for i in 0..9 {
        assert_eq!(
            read(i, "rc").trim(),
            "0",
            "setup step {i}: {}",
            read(i, "err")
        );
    }
    // az's own `identity show` reads what its `identity create` made.
    let shown: Value = serde_json::from_str(&read(8, "out")).expect("identity show json");
    assert_eq!(shown["name"], "kubaz");

    // Exit codes and stderr, pair by pair (names of equal length; the progress line is az's).
    for (az, rs) in [(9, 10), (11, 12), (13, 14)] {
        assert_eq!(
            read(az, "rc"),
            read(rs, "rc"),
            "steps {az}/{rs}: {} / {}",
            read(az, "err"),
            read(rs, "err")
        );
        assert_eq!(
            read(az, "err"),
            read(rs, "err"),
            "stderr of steps {az}/{rs}"
        );
    }
    assert_eq!(read(9, "rc").trim(), "0", "{}", read(9, "err"));
    assert_eq!(read(9, "err"), DONE);
    assert_eq!(read(13, "rc").trim(), "3");

    // The printed identity and identityProfile.
    let printed =
        |i: usize| -> Value { serde_json::from_str(&read(i, "out")).expect("cluster json") };
    let (paz, prs) = (printed(9), printed(10));
    assert_eq!(paz["identity"], prs["identity"]);
    let keys = |v: &Value| -> Vec<String> {
        v["identityProfile"]["kubeletidentity"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    assert_eq!(keys(&paz), keys(&prs));
    assert_eq!(
        paz["identityProfile"]["kubeletidentity"]["resourceId"],
        kaz.as_str()
    );
    assert_eq!(
        prs["identityProfile"]["kubeletidentity"]["resourceId"],
        krs.as_str()
    );

    // The request sequences, with each tool's names swapped to a common spelling.
    let requests: Vec<Value> = std::fs::read_to_string(out.join("requests.jsonl"))
        .expect("requests.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let all = runs(&requests);
    let norm = |seq: &[Step], cluster: &str, kubelet: &str| {
        seq.iter()
            .map(|(m, p, v)| {
                (
                    m.clone(),
                    p.replace(cluster, "CLUSTER").replace(kubelet, "KUBELET"),
                    v.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let find = |name: &str| {
        all.iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.clone())
            .unwrap_or_else(|| panic!("no requests for {name}: {all:#?}"))
    };
    for (az_name, rs_name, az_k, rs_k) in [
        ("kaz1", "krs1", "kubaz", "kubrs"),
        ("kaz2", "krs2", "kubaz", "kubrs"),
        ("kaz3", "krs3", "nothere", "nothere"),
    ] {
        let (saz, srs) = (find(az_name), find(rs_name));
        assert_eq!(
            norm(&saz, az_name, az_k),
            norm(&srs, rs_name, rs_k),
            "request sequence of {az_name} vs {rs_name}"
        );
    }
    // The first run created the assignment; the second did not.
    let puts = |name: &str| {
        find(name)
            .iter()
            .filter(|(m, p, _)| m == "PUT" && p.contains("roleAssignments"))
            .count()
    };
    assert_eq!(
        (puts("kaz1"), puts("krs1"), puts("kaz2"), puts("krs2")),
        (1, 1, 0, 0)
    );

    // The cluster PUT bodies match once the kubelet identity's values are swapped.
    let body = |name: &str| {
        requests
            .iter()
            .find(|r| {
                r["method"] == "PUT"
                    && r["path"]
                        .as_str()
                        .is_some_and(|p| p.ends_with(&format!("/managedClusters/{name}")))
            })
            .map(|r| r["body"].clone())
            .expect("cluster PUT")
    };
    let (baz, mut brs) = (body("kaz1"), body("krs1"));
    brs["properties"]["identityProfile"] = baz["properties"]["identityProfile"].clone();
    brs["properties"]["dnsPrefix"] = baz["properties"]["dnsPrefix"].clone();
    assert_eq!(baz.to_string(), brs.to_string());
}

#[test]
fn kubelet_identity_that_is_not_a_resource_id_fails_before_any_request() {
    let (az, _) = sandbox_with_identities(&["cpid"]);
    let before = az.requests().len();
    let run = create(&az, "c1", &uami("rg", "cpid"), "not-an-id");
    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(
        run.stderr,
        "ERROR: --assign-kubelet-identity is not a valid Azure resource ID.\n"
    );
    assert_eq!(az.requests().len(), before);
}
