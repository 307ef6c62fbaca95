//! `identity` and `role assignment` with the real az 2.91 as the oracle (`az_differential.sh`,
//! loopback-only namespace, the emulator's Graph on its own origin): az and azrs take turns on
//! one emulator, each pair of steps doing the same thing on names of equal length (`rgaz` /
//! `rgrs`, `idaz` / `idrs`) or on the same state (shows, lists, errors). Per pair: exit codes,
//! stdout and stderr equal after masking the names, derived GUIDs and times; the requests
//! (method, path, query, JSON body) equal after the same masking, with `getByIds` ids compared
//! as a set (az sends a Python set). The same behaviour against the embedded emulator alone is
//! `tests/it/identity.rs` and `tests/it/role.rs`.

use std::path::Path;

use serde_json::Value;

use crate::az_cli::az_program_name_to_azrs;
use crate::session;

const SUB: &str = "/subscriptions/00000000-0000-4000-8000-0000000005ab";
const USER: &str = "azrs-user@fake.onmicrosoft.com";
const UNKNOWN: &str = "00000000-0000-4000-8000-000000001111";

/// One pair: the same command for az and azrs, `@N@` standing for each tool's own name part
/// (`az` or `rs`, so names keep their length).
struct Pair {
    label: &'static str,
    args: Vec<String>,
}

fn pair(label: &'static str, args: &[&str]) -> Pair {
    Pair {
        label,
        args: args.iter().map(|s| (*s).to_owned()).collect(),
    }
}

fn pairs() -> Vec<Pair> {
    // Lists read `rgaz` for both tools: one state, one order (assignments are listed in the
    // order of their random names).
    let rg = format!("{SUB}/resourceGroups/rg@N@");
    let rg = rg.as_str();
    let at_sub = |name: &'static str| -> Vec<String> {
        [
            "role",
            "assignment",
            "create",
            "--assignee-object-id",
            UNKNOWN,
            "--assignee-principal-type",
            "User",
            "--role",
            "Reader",
            "--scope",
            rg,
            "--name",
            name,
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
    };
    let mut v = vec![
        pair(
            "identity create, group location",
            &["identity", "create", "-g", "rg@N@", "-n", "id@N@"],
        ),
        pair(
            "identity create, location and tags",
            &[
                "identity", "create", "-g", "rg@N@", "-n", "tg@N@", "-l", "eastus", "--tags",
                "a=b", "c=d",
            ],
        ),
        pair(
            "identity show",
            &["identity", "show", "-g", "rg@N@", "-n", "id@N@"],
        ),
        pair(
            "identity show principalId tsv",
            &[
                "identity",
                "show",
                "-g",
                "rg@N@",
                "-n",
                "id@N@",
                "--query",
                "principalId",
                "-o",
                "tsv",
            ],
        ),
        pair("identity list -g", &["identity", "list", "-g", "rg@N@"]),
        pair("identity list table", &["identity", "list", "-o", "table"]),
        pair(
            "identity show missing",
            &["identity", "show", "-g", "rg@N@", "-n", "nope"],
        ),
        pair(
            "identity create, missing group",
            &["identity", "create", "-g", "nogroup", "-n", "id3"],
        ),
        pair(
            "identity create, bad tags",
            &[
                "identity", "create", "-g", "rg@N@", "-n", "id4", "--tags", "a=b", "c",
            ],
        ),
        pair(
            "identity create, bad name",
            &["identity", "create", "-g", "rg@N@", "-n", "x"],
        ),
        pair(
            "identity list, missing group",
            &["identity", "list", "-g", "nogroup"],
        ),
        pair(
            "identity delete",
            &["identity", "delete", "-g", "rg@N@", "-n", "tg@N@"],
        ),
        pair(
            "create by app id",
            &[
                "role",
                "assignment",
                "create",
                "--assignee",
                "@CLIENT_ID@",
                "--role",
                "Contributor",
                "--scope",
                rg,
            ],
        ),
        pair(
            "create by sign-in name",
            &[
                "role",
                "assignment",
                "create",
                "--assignee",
                USER,
                "--role",
                "Reader",
                "--scope",
                rg,
            ],
        ),
        pair(
            "create by object id, no type",
            &[
                "role",
                "assignment",
                "create",
                "--assignee-object-id",
                UNKNOWN,
                "--role",
                "Reader",
                "--scope",
                rg,
            ],
        ),
        pair(
            "create existing",
            &[
                "role",
                "assignment",
                "create",
                "--assignee",
                "@CLIENT_ID@",
                "--role",
                "Contributor",
                "--scope",
                rg,
            ],
        ),
        pair("list -g", &["role", "assignment", "list", "-g", "rgaz"]),
        pair("list --all", &["role", "assignment", "list", "--all"]),
        pair(
            "list -g table",
            &["role", "assignment", "list", "-g", "rgaz", "-o", "table"],
        ),
        pair(
            "list --assignee --role",
            &[
                "role",
                "assignment",
                "list",
                "--assignee",
                "@CLIENT_ID@",
                "--scope",
                rg,
                "--role",
                "Contributor",
            ],
        ),
        pair(
            "list --include-inherited",
            &[
                "role",
                "assignment",
                "list",
                "--scope",
                &format!("{SUB}/resourceGroups/rgaz"),
                "--include-inherited",
            ],
        ),
        pair(
            "unknown assignee",
            &[
                "role",
                "assignment",
                "create",
                "--assignee",
                "nobody@example.com",
                "--role",
                "Reader",
                "--scope",
                rg,
            ],
        ),
        pair(
            "unknown role",
            &[
                "role",
                "assignment",
                "create",
                "--assignee",
                "@CLIENT_ID@",
                "--role",
                "NoSuchRole",
                "--scope",
                rg,
            ],
        ),
        pair(
            "scope in a missing group",
            &[
                "role",
                "assignment",
                "create",
                "--assignee",
                "@CLIENT_ID@",
                "--role",
                "Reader",
                "--scope",
                &format!("{SUB}/resourceGroups/nogroup"),
            ],
        ),
        pair(
            "bad scope",
            &[
                "role",
                "assignment",
                "create",
                "--assignee",
                "@CLIENT_ID@",
                "--role",
                "Reader",
                "--scope",
                &format!("{SUB}/resourceGroups"),
            ],
        ),
        pair(
            "assignee and object id",
            &[
                "role",
                "assignment",
                "create",
                "--assignee",
                "x",
                "--assignee-object-id",
                UNKNOWN,
                "--role",
                "Reader",
                "--scope",
                SUB,
            ],
        ),
        pair(
            "bad principal type",
            &[
                "role",
                "assignment",
                "create",
                "--assignee-object-id",
                UNKNOWN,
                "--assignee-principal-type",
                "Robot",
                "--role",
                "Reader",
                "--scope",
                SUB,
            ],
        ),
        pair(
            "assignment name not a GUID",
            &[
                "role",
                "assignment",
                "create",
                "--assignee-object-id",
                UNKNOWN,
                "--assignee-principal-type",
                "User",
                "--role",
                "Reader",
                "--scope",
                SUB,
                "--name",
                "notaguid",
            ],
        ),
        pair(
            "list --all with a group",
            &["role", "assignment", "list", "--all", "-g", "rg@N@"],
        ),
        pair(
            "delete without arguments",
            &["role", "assignment", "delete"],
        ),
        pair(
            "delete by assignee",
            &[
                "role",
                "assignment",
                "delete",
                "--assignee",
                "@CLIENT_ID@",
                "--scope",
                rg,
            ],
        ),
        pair(
            "delete by role",
            &[
                "role",
                "assignment",
                "delete",
                "--role",
                "Reader",
                "-g",
                "rg@N@",
            ],
        ),
        pair(
            "delete, nothing left",
            &["role", "assignment", "delete", "-g", "rg@N@"],
        ),
    ];
    v.push(Pair {
        label: "create with --name",
        args: at_sub("11111111-2222-3333-4444-5555555555@H@"),
    });
    v.push(pair("delete --ids", &["role", "assignment", "delete", "--ids", &format!("{rg}/providers/Microsoft.Authorization/roleAssignments/11111111-2222-3333-4444-5555555555@H@"), "--role", "Reader"]));
    v
}

fn for_tool(args: &[String], tool: &str) -> String {
    // `@N@` in names, `@H@` where a GUID needs hex digits.
    let (n, h) = if tool == "az" {
        ("az", "aa")
    } else {
        ("rs", "bb")
    };
    args.iter()
        .map(|a| a.replace("@N@", n).replace("@H@", h))
        .collect::<Vec<_>>()
        .join("\t")
}

/// Hides what legitimately differs between the two runs of a pair: each tool's names, the
/// GUIDs derived from them or drawn at random (other than the emulator's fixed
/// `00000000-0000-4000-8000-…` ones), and service times.
fn mask(text: &str) -> String {
    let named = ["rgaz", "rgrs", "idaz", "idrs", "tgaz", "tgrs"]
        .iter()
        .fold(text.to_owned(), |t, n| {
            t.replace(n, &format!("{}NN", &n[..2]))
        })
        .replace("5555555555aa", "5555555555NN")
        .replace("5555555555bb", "5555555555NN");
    let guid = regex::Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
        .expect("regex");
    let masked = guid.replace_all(&named, |c: &regex::Captures| {
        if c[0].starts_with("00000000-0000-4000-8000-") || c[0].starts_with("11111111-") {
            c[0].to_owned()
        } else {
            "{guid}".to_owned()
        }
    });
    let time =
        regex::Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)").expect("regex");
    time.replace_all(&masked, "{time}").into_owned()
}

/// `v` with every object's keys sorted: az's authorization SDK puts the body's keys on the
/// wire in no fixed order, and ARM reads JSON, not text.
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
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// One request as compared: method, masked path, query and body (keys sorted, `getByIds` ids
/// sorted).
fn request_key(r: &Value) -> String {
    let mut body = sorted(&r["body"]);
    if let Some(ids) = body.get_mut("ids").and_then(Value::as_array_mut) {
        ids.sort_by_key(|v| v.as_str().map(mask).unwrap_or_default());
    }
    mask(&format!(
        "{} {} {} {}",
        r["method"].as_str().unwrap_or_default(),
        r["path"].as_str().unwrap_or_default(),
        r["query"],
        body
    ))
}

pub fn az_and_azrs_agree_on_identity_and_role_assignment(python: &Path) {
    let setup = [
        "az\tcloud\tregister\t--name\tEmu\t--endpoint-resource-manager\t@URL@/",
        "az\tcloud\tset\t--name\tEmu",
        "az\tlogin\t--service-principal\t-u\t@CLIENT_ID@\t-p\t@CLIENT_SECRET@\t--tenant\t@TENANT@",
        "az\tgroup\tcreate\t-n\trgaz\t-l\twestus2",
        "az\tgroup\tcreate\t-n\trgrs\t-l\twestus2",
    ];
    let pairs = pairs();
    let mut plan = String::new();
    for (i, s) in setup.iter().enumerate() {
        plan.push_str(&format!("s{i:02}\t{s}\n"));
    }
    for (i, p) in pairs.iter().enumerate() {
        for tool in ["az", "azrs"] {
            plan.push_str(&format!(
                "p{i:02}{tool}\t{tool}\t{}\n",
                for_tool(&p.args, tool)
            ));
        }
    }
    let session::Session {
        dir: _dir,
        out,
        output: run,
    } = session::run("identity_role", python, &plan);
    assert!(
        run.status.success(),
        "script failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let read = |id: &str, ext: &str| {
        std::fs::read_to_string(out.join(format!("{id}.{ext}"))).unwrap_or_default()
    };
    for i in 0..setup.len() {
        let id = format!("s{i:02}");
        assert_eq!(
            read(&id, "rc").trim(),
            "0",
            "setup {id}: {}",
            read(&id, "err")
        );
    }
    let log: Vec<Value> = read("requests", "jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    // The requests of step `id`: between the previous step's count and its own.
    let mut order: Vec<String> = (0..setup.len()).map(|i| format!("s{i:02}")).collect();
    for i in 0..pairs.len() {
        order.push(format!("p{i:02}az"));
        order.push(format!("p{i:02}azrs"));
    }
    let requests = |id: &str| -> Vec<String> {
        let pos = order.iter().position(|o| o == id).expect("step");
        let start: usize = read(&order[pos - 1], "nreq").trim().parse().unwrap_or(0);
        let end: usize = read(id, "nreq").trim().parse().unwrap_or(0);
        log[start..end.min(log.len())]
            .iter()
            .filter(|r| {
                let p = r["path"].as_str().unwrap_or_default();
                !p.contains("/oauth2/")
                    && !p.contains("well-known")
                    && !p.contains("discovery")
                    && !p.contains("metadata")
            })
            .map(request_key)
            .collect()
    };
    let mut failures = Vec::new();
    for (i, p) in pairs.iter().enumerate() {
        let (a, r) = (format!("p{i:02}az"), format!("p{i:02}azrs"));
        let az = (
            read(&a, "rc"),
            mask(&read(&a, "out")),
            mask(&az_program_name_to_azrs(&read(&a, "err"))),
        );
        let rs = (
            read(&r, "rc"),
            mask(&read(&r, "out")),
            mask(&read(&r, "err")),
        );
        if az != rs {
            failures.push(format!("{} ({a}/{r}):\n az: {az:?}\n rs: {rs:?}", p.label));
        }
        let (qa, qr) = (requests(&a), requests(&r));
        if qa != qr {
            failures.push(format!("{} requests:\n az: {qa:#?}\n rs: {qr:#?}", p.label));
        }
    }
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

pub fn masking_hides_only_what_differs_by_tool() {
    assert_eq!(
        mask(
            "/resourceGroups/rgaz/x/idrs 2026-12-04T15:57:33.577428+00:00 0bdc7a6e-7d3a-4c55-8d2f-1a2b3c4d5e6f"
        ),
        "/resourceGroups/rgNN/x/idNN {time} {guid}"
    );
    // The emulator's fixed ids stay visible, so a wrong principal still shows.
    assert_eq!(mask(UNKNOWN), UNKNOWN);
    assert_ne!(mask("rgaz"), mask("rgzz"));
}
