//! `aks update`, `aks nodepool list|show|upgrade` and `aks create --vnet-subnet-id` with the
//! real az 2.91 as the oracle (`az_differential.sh`, loopback-only namespace): az and azrs take
//! turns on their own cluster and identities (names of equal length, `ca*`/`cr*`), through the
//! docs flows' steps and their bad inputs. Pair by pair: identical exit codes, stderr and
//! stdout (names swapped, GUIDs and values the server derives from a name masked) and the
//! same requests with the same bodies in the same key order (token requests and operation
//! polls aside; the role assignment body compared by value, since az's own key order changes
//! from run to run). The embedded-emulator versions are `tests/it/aks/{update,nodepool,
//! docs_flows}.rs`.

use regex::Regex;
use serde_json::Value;

use crate::session;

const SUB: &str = "00000000-0000-4000-8000-0000000005ab";

fn uami(name: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}"
    )
}

fn subnet(name: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/{name}"
    )
}

/// The steps each tool runs, `{c}` its cluster prefix, `{i}` its identity suffix.
fn steps(tool: &str, c: &str, i: &str) -> Vec<(String, Vec<String>)> {
    let (cp, kub, kub2) = (
        uami(&format!("cp{i}")),
        uami(&format!("kb{i}")),
        uami(&format!("kc{i}")),
    );
    let sn = subnet(&format!("s{i}"));
    let cl = format!("{c}1");
    let v = |id: &str, a: &[&str]| {
        (
            format!("{tool}-{id}"),
            a.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )
    };
    vec![
        // A service-principal cluster, made by az for both (not under test here).
        (
            format!("{tool}-create"),
            [
                "az",
                "aks",
                "create",
                "-g",
                "rg1",
                "-n",
                &cl,
                "--service-principal",
                "11111111-2222-3333-4444-555555555555",
                "--client-secret",
                "s3cret",
                "--no-ssh-key",
                "-o",
                "none",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        ),
        v(
            "nplist",
            &[
                tool,
                "aks",
                "nodepool",
                "list",
                "-g",
                "rg1",
                "--cluster-name",
                &cl,
            ],
        ),
        v(
            "nplistt",
            &[
                tool,
                "aks",
                "nodepool",
                "list",
                "-g",
                "rg1",
                "--cluster-name",
                &cl,
                "-o",
                "table",
            ],
        ),
        v(
            "npshow",
            &[
                tool,
                "aks",
                "nodepool",
                "show",
                "-g",
                "rg1",
                "--cluster-name",
                &cl,
                "-n",
                "nodepool1",
            ],
        ),
        v(
            "npmiss",
            &[
                tool,
                "aks",
                "nodepool",
                "show",
                "-g",
                "rg1",
                "--cluster-name",
                &cl,
                "-n",
                "nope",
            ],
        ),
        v(
            "nplong",
            &[
                tool,
                "aks",
                "nodepool",
                "show",
                "-g",
                "rg1",
                "--cluster-name",
                &cl,
                "-n",
                "abcdefghijklm",
            ],
        ),
        v(
            "npupmx",
            &[
                tool,
                "aks",
                "nodepool",
                "upgrade",
                "-g",
                "rg1",
                "--cluster-name",
                &cl,
                "-n",
                "nodepool1",
                "--node-image-only",
                "-k",
                "1.32.7",
            ],
        ),
        v(
            "updai",
            &[
                tool,
                "aks",
                "update",
                "-g",
                "rg1",
                "-n",
                &cl,
                "--assign-identity",
                &cp,
            ],
        ),
        v(
            "updbadk",
            &[
                tool,
                "aks",
                "update",
                "-g",
                "rg1",
                "-n",
                &cl,
                "--assign-kubelet-identity",
                "notanid",
            ],
        ),
        v(
            "updboth",
            &[
                tool,
                "aks",
                "update",
                "-g",
                "rg1",
                "-n",
                &cl,
                "--attach-acr",
                "a",
                "--detach-acr",
                "b",
            ],
        ),
        v(
            "updkubsp",
            &[
                tool,
                "aks",
                "update",
                "-g",
                "rg1",
                "-n",
                &cl,
                "--assign-kubelet-identity",
                &kub,
                "--yes",
            ],
        ),
        v(
            "updmiss",
            &[
                tool,
                "aks",
                "update",
                "-g",
                "rg1",
                "-n",
                &format!("{c}x"),
                "--enable-managed-identity",
                "--yes",
            ],
        ),
        v(
            "updacr",
            &[
                tool,
                "aks",
                "update",
                "-g",
                "rg1",
                "-n",
                &cl,
                "--attach-acr",
                "nosuchacr",
            ],
        ),
        // The migration, then the node image upgrade.
        v(
            "updmi",
            &[
                tool,
                "aks",
                "update",
                "-g",
                "rg1",
                "-n",
                &cl,
                "--enable-managed-identity",
                "--yes",
            ],
        ),
        v(
            "npup",
            &[
                tool,
                "aks",
                "nodepool",
                "upgrade",
                "-g",
                "rg1",
                "--cluster-name",
                &cl,
                "-n",
                "nodepool1",
                "--node-image-only",
            ],
        ),
        v(
            "npupnw",
            &[
                tool,
                "aks",
                "nodepool",
                "upgrade",
                "-g",
                "rg1",
                "--cluster-name",
                &cl,
                "-n",
                "nodepool1",
                "--node-image-only",
                "--no-wait",
            ],
        ),
        // To a user-assigned control plane, then a new kubelet identity.
        v(
            "updua",
            &[
                tool,
                "aks",
                "update",
                "-g",
                "rg1",
                "-n",
                &cl,
                "--enable-managed-identity",
                "--assign-identity",
                &cp,
                "--yes",
            ],
        ),
        v(
            "updkub",
            &[
                tool,
                "aks",
                "update",
                "-g",
                "rg1",
                "-n",
                &cl,
                "--assign-kubelet-identity",
                &kub2,
                "--yes",
            ],
        ),
        v(
            "updnw",
            &[
                tool,
                "aks",
                "update",
                "-g",
                "rg1",
                "-n",
                &cl,
                "--enable-managed-identity",
                "--yes",
                "--no-wait",
            ],
        ),
        // Create on a bring-your-own subnet: user-assigned (granted first), system-assigned
        // (granted after), a bad subnet id.
        v(
            "cvua",
            &[
                tool,
                "aks",
                "create",
                "-g",
                "rg1",
                "-n",
                &format!("{c}2"),
                "--assign-identity",
                &cp,
                "--vnet-subnet-id",
                &sn,
                "--network-plugin",
                "azure",
                "--dns-service-ip",
                "10.2.0.10",
                "--service-cidr",
                "10.2.0.0/24",
                "--no-ssh-key",
                "--docker-bridge-address",
                "172.17.0.1/16",
            ],
        ),
        v(
            "cvsys",
            &[
                tool,
                "aks",
                "create",
                "-g",
                "rg1",
                "-n",
                &format!("{c}3"),
                "--vnet-subnet-id",
                &format!("{sn}b"),
                "--outbound-type",
                "userDefinedRouting",
                "--load-balancer-sku",
                "standard",
                "--no-ssh-key",
            ],
        ),
        v(
            "cvbad",
            &[
                tool,
                "aks",
                "create",
                "-g",
                "rg1",
                "-n",
                &format!("{c}4"),
                "--vnet-subnet-id",
                "notanid",
                "--no-ssh-key",
            ],
        ),
        v(
            "cacrnw",
            &[
                tool,
                "aks",
                "create",
                "-g",
                "rg1",
                "-n",
                &format!("{c}5"),
                "--attach-acr",
                "acr1",
                "--no-ssh-key",
                "--no-wait",
            ],
        ),
    ]
}

/// Swaps each tool's names to one spelling and masks what the server derives from them.
fn normalise(text: &str, c: &str, i: &str) -> String {
    let names =
        Regex::new(&format!(r"\b{c}(\d|x)\b|_{c}(\d)_|\b(cp|kb|kc|s){i}(b?)\b")).expect("regex");
    let text = names.replace_all(text, |m: &regex::Captures| {
        if let Some(d) = m.get(1) {
            format!("C{}", d.as_str())
        } else if let Some(d) = m.get(2) {
            format!("_C{}_", d.as_str())
        } else {
            format!("{}I{}", &m[3], &m[4])
        }
    });
    let guids =
        Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").expect("regex");
    let text = guids.replace_all(&text, "{guid}");
    // FQDN hashes, eTags, resource UIDs, SSH keys: derived by the server or generated.
    let derived = Regex::new(r#"-[0-9a-f]{8}\.(portal\.)?hcp\.|"(eTag|resourceUid|resourceUID)": "[0-9a-f]+"|<redacted \d+ chars>"#).expect("regex");
    derived.replace_all(&text, "{derived}").into_owned()
}

/// The requests of one step (the emulator's log lines between two counts), without token
/// requests and operation polls, as normalised text lines.
fn requests(all: &[Value], from: usize, to: usize, c: &str, i: &str) -> Vec<String> {
    all[from.min(all.len())..to.min(all.len())]
        .iter()
        .filter(|r| {
            let p = r["path"].as_str().unwrap_or_default();
            !p.contains("/oauth2/")
                && !p.contains("/operations/")
                && !p.contains("/operationresults/")
        })
        .map(|r| {
            let mut body = r["body"].clone();
            if r["path"]
                .as_str()
                .unwrap_or_default()
                .contains("/roleAssignments/")
            {
                // Sorted: az's key order for this body varies between runs.
                body = serde_json::from_str(&serde_json::to_string(&sorted(&body)).expect("json"))
                    .expect("json");
            }
            let line = serde_json::to_string(&(&r["method"], &r["path"], &r["query"], &body))
                .expect("json");
            normalise(&line, c, i)
        })
        .collect()
}

fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), sorted(&m[k])))
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

pub fn az_and_azrs_agree_on_update_nodepool_and_subnets(python: &std::path::Path) {
    let setup = [
        "az\tcloud\tregister\t--name\tEmu\t--endpoint-resource-manager\t@URL@/",
        "az\tcloud\tset\t--name\tEmu",
        "az\tlogin\t--service-principal\t-u\t@CLIENT_ID@\t-p\t@CLIENT_SECRET@\t--tenant\t@TENANT@",
        "az\tprovider\tregister\t--namespace\tMicrosoft.ContainerService",
        "az\tgroup\tcreate\t-n\trg1\t-l\twestus2",
    ];
    let mut plan: String = setup
        .iter()
        .enumerate()
        .map(|(n, s)| format!("setup{n}\t{s}\n"))
        .collect();
    for i in ["a", "r"] {
        for id in ["cp", "kb", "kc"] {
            plan += &format!("setup-{id}{i}\taz\tidentity\tcreate\t-g\trg1\t-n\t{id}{i}\n");
        }
    }
    let (az_steps, rs_steps) = (steps("az", "ca", "a"), steps("azrs", "cr", "r"));
    for (az, rs) in az_steps.iter().zip(&rs_steps) {
        for (id, args) in [az, rs] {
            plan += &format!("{id}\t{}\n", args.join("\t"));
        }
    }
    let session::Session {
        dir: _dir,
        out,
        output,
    } = session::run("aks_update", python, &plan);
    assert!(
        output.status.success(),
        "script failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read = |id: &str, ext: &str| {
        std::fs::read_to_string(out.join(format!("{id}.{ext}"))).unwrap_or_default()
    };
    for n in 0..setup.len() {
        assert_eq!(
            read(&format!("setup{n}"), "rc").trim(),
            "0",
            "setup {n}: {}",
            read(&format!("setup{n}"), "err")
        );
    }
    let all: Vec<Value> = std::fs::read_to_string(out.join("requests.jsonl"))
        .expect("requests.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let count = |id: &str| read(id, "nreq").trim().parse::<usize>().expect("nreq");
    let mut failures = Vec::new();
    for ((az_id, _), (rs_id, _)) in az_steps.iter().zip(&rs_steps) {
        let step = az_id.trim_start_matches("az-");
        let az = |ext: &str| normalise(&read(az_id, ext), "ca", "a");
        let rs = |ext: &str| normalise(&read(rs_id, ext), "cr", "r");
        for ext in ["rc", "out", "err"] {
            if az(ext) != rs(ext) {
                failures.push(format!(
                    "{step}: {ext} differs\n--- az\n{}\n--- azrs\n{}",
                    az(ext),
                    rs(ext)
                ));
            }
        }
        let (az_req, rs_req) = (
            requests(
                &all,
                prev_count(&out, az_id, &az_steps, &rs_steps),
                count(az_id),
                "ca",
                "a",
            ),
            requests(&all, count(az_id), count(rs_id), "cr", "r"),
        );
        if az_req != rs_req {
            failures.push(format!(
                "{step}: requests differ\n--- az\n{}\n--- azrs\n{}",
                az_req.join("\n"),
                rs_req.join("\n")
            ));
        }
    }
    // What the flows must have done, read from az's own side.
    assert_eq!(
        read("az-updmi", "rc").trim(),
        "0",
        "{}",
        read("az-updmi", "err")
    );
    assert_eq!(read("az-npup", "out"), "");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The request count before step `id` (the previous step's count; the last setup step's for
/// the first).
fn prev_count(
    out: &std::path::Path,
    id: &str,
    az_steps: &[(String, Vec<String>)],
    rs_steps: &[(String, Vec<String>)],
) -> usize {
    let order: Vec<&str> = az_steps
        .iter()
        .zip(rs_steps)
        .flat_map(|((a, _), (r, _))| [a.as_str(), r.as_str()])
        .collect();
    let pos = order.iter().position(|s| *s == id).expect("known step");
    let prev = if pos == 0 {
        "setup-kcr".to_owned()
    } else {
        order[pos - 1].to_owned()
    };
    std::fs::read_to_string(out.join(format!("{prev}.nreq")))
        .unwrap_or_default()
        .trim()
        .parse()
        .unwrap_or(0)
}
