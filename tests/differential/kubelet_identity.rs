//! `aks create --assign-identity A --assign-kubelet-identity K` with the real az 2.91 as the
//! oracle (`az_differential.sh`, loopback-only namespace): az creates the identities with its
//! own `identity create` (which exercises the emulator's MSI routes), then az and azrs each
//! create a cluster with their own kubelet identity (names of equal length) and the request
//! sequences, exit codes, stderr and printed identities are compared. The same flow against
//! the embedded emulator alone is `tests/it/aks/kubelet_identity.rs`.

use std::path::Path;

use serde_json::Value;

use crate::session;

const SUB: &str = "00000000-0000-4000-8000-0000000005ab";
const DONE: &str =
    "\rAAD role propagation done[############################################]  100.0000%\n";

fn uami(rg: &str, name: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}"
    )
}
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

pub fn az_and_azrs_agree_on_kubelet_identity(python: &Path) {
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
    let session::Session {
        dir: _dir,
        out,
        output: run,
    } = session::run("kubelet_identity", python, &plan);
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
    let (az_body, mut rs_body) = (body("kaz1"), body("krs1"));
    rs_body["properties"]["identityProfile"] = az_body["properties"]["identityProfile"].clone();
    rs_body["properties"]["dnsPrefix"] = az_body["properties"]["dnsPrefix"].clone();
    assert_eq!(az_body.to_string(), rs_body.to_string());
}
