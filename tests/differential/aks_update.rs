//! `aks update`, `aks nodepool list|show|upgrade` and `aks create --vnet-subnet-id` with the
//! real az 2.91 as the oracle (`az_differential.sh`, loopback-only namespace): az and azrs take
//! turns on their own cluster and identities (names of equal length, `ca*`/`cr*`), through the
//! docs flows' steps and their bad inputs. Pair by pair: identical exit codes, stderr and
//! stdout (names swapped, GUIDs and values the server derives from a name masked) and the
//! same requests with the same bodies in the same key order (token requests and operation
//! polls aside; the role assignment body compared by value, since az's own key order changes
//! from run to run; the reads between two writes in any order, since az's order of them
//! varies too). The embedded-emulator versions are `tests/it/aks/{update,nodepool,
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

/// The steps each tool runs, `c` its cluster prefix, `i` its identity suffix: (step id,
/// the plan's tab-separated tool and arguments).
fn steps(tool: &str, c: &str, i: &str) -> Vec<(String, String)> {
    let (cp, kub, kub2) = (
        uami(&format!("cp{i}")),
        uami(&format!("kb{i}")),
        uami(&format!("kc{i}")),
    );
    let sn = subnet(&format!("s{i}"));
    let acr = format!("acrq{i}");
    let acr_id = format!(
        "/subscriptions/{SUB}/resourceGroups/rg1/providers/Microsoft.ContainerRegistry/registries/{acr}"
    );
    let cl = format!("{c}1");
    let upd = format!("{tool}\taks\tupdate\t-g\trg1\t-n\t{cl}");
    let np = format!("{tool}\taks\tnodepool");
    let pool = format!("-g\trg1\t--cluster-name\t{cl}\t-n");
    let create = format!("{tool}\taks\tcreate\t-g\trg1\t-n");
    [
        // A service-principal cluster, made by az for both (not under test here).
        ("create", format!("az\taks\tcreate\t-g\trg1\t-n\t{cl}\t--service-principal\t11111111-2222-3333-4444-555555555555\t--client-secret\ts3cret\t--no-ssh-key\t-o\tnone")),
        ("nplist", format!("{np}\tlist\t-g\trg1\t--cluster-name\t{cl}")),
        ("nplistt", format!("{np}\tlist\t-g\trg1\t--cluster-name\t{cl}\t-o\ttable")),
        ("npshow", format!("{np}\tshow\t{pool}\tnodepool1")),
        ("npmiss", format!("{np}\tshow\t{pool}\tnope")),
        ("nplong", format!("{np}\tshow\t{pool}\tabcdefghijklm")),
        ("npupmx", format!("{np}\tupgrade\t{pool}\tnodepool1\t--node-image-only\t-k\t1.32.7")),
        ("updai", format!("{upd}\t--assign-identity\t{cp}")),
        ("updbadk", format!("{upd}\t--assign-kubelet-identity\tnotanid")),
        ("updboth", format!("{upd}\t--attach-acr\ta\t--detach-acr\tb")),
        ("updkubsp", format!("{upd}\t--assign-kubelet-identity\t{kub}\t--yes")),
        ("updmiss", format!("{tool}\taks\tupdate\t-g\trg1\t-n\t{c}x\t--enable-managed-identity\t--yes")),
        ("updacrsp", format!("{upd}\t--attach-acr\tnosuchacr")),
        // The migration, then the node image upgrade.
        ("updmi", format!("{upd}\t--enable-managed-identity\t--yes")),
        ("npup", format!("{np}\tupgrade\t{pool}\tnodepool1\t--node-image-only")),
        ("npupnw", format!("{np}\tupgrade\t{pool}\tnodepool1\t--node-image-only\t--no-wait")),
        // To a user-assigned control plane, then a new kubelet identity.
        ("updua", format!("{upd}\t--enable-managed-identity\t--assign-identity\t{cp}\t--yes")),
        ("updkub", format!("{upd}\t--assign-kubelet-identity\t{kub2}\t--yes")),
        ("updnw", format!("{upd}\t--enable-managed-identity\t--yes\t--no-wait")),
        // The registry: attach by name, detach, attach by id, a name that is not there.
        ("attach", format!("{upd}\t--attach-acr\t{acr}")),
        ("detach", format!("{upd}\t--detach-acr\t{acr}")),
        ("attachid", format!("{upd}\t--attach-acr\t{acr_id}")),
        ("attachmiss", format!("{upd}\t--attach-acr\tnosuchacr")),
        // Create on a bring-your-own subnet: user-assigned (granted first), system-assigned
        // (granted after), a bad subnet id; with a registry; --no-wait refused with one.
        ("cvua", format!("{create}\t{c}2\t--assign-identity\t{cp}\t--vnet-subnet-id\t{sn}\t--network-plugin\tazure\t--dns-service-ip\t10.2.0.10\t--service-cidr\t10.2.0.0/24\t--no-ssh-key\t--docker-bridge-address\t172.17.0.1/16")),
        ("cvsys", format!("{create}\t{c}3\t--vnet-subnet-id\t{sn}b\t--outbound-type\tuserDefinedRouting\t--load-balancer-sku\tstandard\t--no-ssh-key")),
        ("cvbad", format!("{create}\t{c}4\t--vnet-subnet-id\tnotanid\t--no-ssh-key")),
        ("cacrnw", format!("{create}\t{c}5\t--attach-acr\t{acr}\t--no-ssh-key\t--no-wait")),
        ("cacr", format!("{create}\t{c}6\t--attach-acr\t{acr}\t--no-ssh-key")),
    ]
    .into_iter()
    .map(|(id, line)| (format!("{tool}-{id}"), line))
    .collect()
}

/// Swaps each tool's names to one spelling and masks what the server derives from them.
fn normalise(text: &str, c: &str, i: &str) -> String {
    let names = Regex::new(&format!(
        r"\b{c}(\d|x)\b|_{c}(\d)_|\b(cp|kb|kc|s|acrq){i}(b?)\b"
    ))
    .expect("regex");
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

/// The step's requests with each run of consecutive GETs sorted, writes left where they are.
/// After `aks create --vnet-subnet-id`, az's second read of the cluster and its role
/// definition lookup came in either order from one run to the next (seen on a loaded
/// machine: az reads from more than one thread), so only the set of reads between two writes
/// is compared; their count and the order of every write still have to agree.
fn reads_settled(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut reads: Vec<String> = Vec::new();
    for line in lines {
        if line.starts_with("[\"GET\"") {
            reads.push(line.clone());
        } else {
            reads.sort();
            out.append(&mut reads);
            out.push(line.clone());
        }
    }
    reads.sort();
    out.append(&mut reads);
    out
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
        plan += &format!("setup-acr{i}\taz\tacr\tcreate\t-g\trg1\t-n\tacrq{i}\t--sku\tBasic\n");
    }
    let (az_steps, rs_steps) = (steps("az", "ca", "a"), steps("azrs", "cr", "r"));
    for (az, rs) in az_steps.iter().zip(&rs_steps) {
        for (id, line) in [az, rs] {
            plan += &format!("{id}\t{line}\n");
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
        if reads_settled(&az_req) != reads_settled(&rs_req) {
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
    assert_eq!(
        read("az-attach", "rc").trim(),
        "0",
        "{}",
        read("az-attach", "err")
    );
    for n in ["acra", "acrr"] {
        assert_eq!(
            read(&format!("setup-{n}"), "rc").trim(),
            "0",
            "{}",
            read(&format!("setup-{n}"), "err")
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The request count before step `id` (the previous step's count; the last setup step's for
/// the first).
fn prev_count(
    out: &std::path::Path,
    id: &str,
    az_steps: &[(String, String)],
    rs_steps: &[(String, String)],
) -> usize {
    let order: Vec<&str> = az_steps
        .iter()
        .zip(rs_steps)
        .flat_map(|((a, _), (r, _))| [a.as_str(), r.as_str()])
        .collect();
    let pos = order.iter().position(|s| *s == id).expect("known step");
    let prev = if pos == 0 {
        "setup-acrr".to_owned()
    } else {
        order[pos - 1].to_owned()
    };
    std::fs::read_to_string(out.join(format!("{prev}.nreq")))
        .unwrap_or_default()
        .trim()
        .parse()
        .unwrap_or(0)
}
