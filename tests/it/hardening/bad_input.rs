//! The bad-input table: arguments and files a script might pass on from elsewhere (hostile and
//! non-ASCII names, bad ids, bad `--query`, bad `-o`, missing required arguments, bad tags,
//! locations and `--assign-identity` ids, corrupt files). Each case gets exactly one `ERROR:`
//! line, az's exit code, no change to any file (the config dir, the home dir and the kubeconfig
//! are hashed before and after) and no request where az sends none (the emulator's
//! `requests.jsonl`). The exit codes and first lines are az 2.91's (checked against the real az
//! where it needs no login; the program name reads `azrs` in usage errors, as the README says).
//! Names after `#` or in a traversal never reach another resource: `prod`, `victim` and `c1`
//! still exist at the end.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::Azrs;
use sha2::{Digest, Sha256};

/// One bad input.
struct Case {
    args: Vec<String>,
    /// az's exit code.
    code: i32,
    /// The start of the one `ERROR:` line; empty for a case az answers with no error.
    error: &'static str,
    /// Whether az sends a request for it (a name ARM answers 404 for).
    sends: bool,
}

fn case(args: &[&str], code: i32, error: &'static str) -> Case {
    Case {
        args: args.iter().map(|s| s.to_string()).collect(),
        code,
        error,
        sends: false,
    }
}

fn sends(args: &[&str], code: i32, error: &'static str) -> Case {
    Case {
        sends: true,
        ..case(args, code, error)
    }
}

const REQUIRED: &str = "ERROR: the following arguments are required: ";
const BAD_QUERY: &str = "ERROR: argument --query: invalid jmespath_type value: ";
const NOT_FOUND_GROUP: &str = "ERROR: (ResourceGroupNotFound) Resource group '";
const BAD_SSH: &str = "ERROR: The SSH key provided is not a valid RSA public key.";
const BAD_IDENTITY: &str = "ERROR: --assign-identity is not a valid Azure resource ID.";
const UMI: &str = "/subscriptions/00000000-0000-4000-8000-0000000005ab/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities";

fn cases(dir: &Path) -> Vec<Case> {
    let p = |name: &str| dir.join(name).display().to_string();
    // Not there, so the value is taken as key text (az validates only text, not a file).
    let kana_key = p("キー.pub");
    let corrupt_kube = p("corrupt-kubeconfig");
    let corrupt_wheel = p("aks_preview-0.0.1-py2.py3-none-any.whl");
    let umi_no_name = format!("{UMI}/");
    let umi_empty_sub = UMI.replace("00000000-0000-4000-8000-0000000005ab", "");
    let umi_child_no_name = format!("{UMI}/x/children/");
    let aks = |extra: &[&str]| {
        let mut v = vec!["aks", "create", "-g", "rg", "-n", "c2", "--no-ssh-key"];
        v.extend_from_slice(extra);
        v.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let aks_case = |extra: &[&str], code, error| Case {
        args: aks(extra),
        code,
        error,
        sends: false,
    };
    vec![
        // Missing required arguments (az's parser: exit 2).
        case(&["group", "create", "-n", "x"], 2, REQUIRED),
        case(&["group", "show"], 2, REQUIRED),
        case(&["group", "delete"], 2, REQUIRED),
        case(&["group", "exists"], 2, REQUIRED),
        case(&["aks", "create", "-g", "rg"], 2, REQUIRED),
        case(&["aks", "show", "-n", "c1"], 2, REQUIRED),
        case(&["aks", "get-credentials", "-g", "rg"], 2, REQUIRED),
        case(&["aks", "delete", "-g", "rg"], 2, REQUIRED),
        case(&["feature", "register", "-n", "MSIPreview"], 2, REQUIRED),
        case(
            &[
                "feature",
                "show",
                "--namespace",
                "Microsoft.ContainerService",
            ],
            2,
            REQUIRED,
        ),
        case(&["provider", "register"], 2, REQUIRED),
        case(&["provider", "show"], 2, REQUIRED),
        case(
            &["extension", "add"],
            1,
            "ERROR: usage error: --name NAME | --source SOURCE",
        ),
        // An option without its value.
        case(
            &["group", "create", "-n", "x", "-l"],
            2,
            "ERROR: argument --location/-l: expected one argument",
        ),
        case(
            &["group", "show", "-n"],
            2,
            "ERROR: argument --name/-n/--resource-group/-g: expected one argument",
        ),
        case(
            &["aks", "list", "-g"],
            2,
            "ERROR: argument --resource-group/-g: expected one argument",
        ),
        case(
            &["feature", "list", "--namespace"],
            2,
            "ERROR: argument --namespace: expected one argument",
        ),
        case(
            &["aks", "get-credentials", "-g", "rg", "-n", "c1", "--file"],
            2,
            "ERROR: argument --file/-f: expected one argument",
        ),
        // Unknown commands and options.
        case(
            &["group", "lst"],
            2,
            "ERROR: 'lst' is misspelled or not recognized by the system.",
        ),
        case(
            &["groupp", "list"],
            2,
            "ERROR: 'groupp' is misspelled or not recognized by the system.",
        ),
        case(
            &[
                "group",
                "create",
                "-n",
                "x",
                "-l",
                "westus2",
                "--bogus-flag",
            ],
            2,
            "ERROR: unrecognized arguments: --bogus-flag",
        ),
        case(
            &["version", "--bogus"],
            2,
            "ERROR: unrecognized arguments: --bogus",
        ),
        case(
            &["group", "list", "--only-show-errors", "--bogus"],
            2,
            "ERROR: unrecognized arguments: --bogus",
        ),
        // Bad -o and choices.
        case(
            &["group", "list", "-o", "bogus"],
            2,
            "ERROR: azrs group list: 'bogus' is not a valid value for '--output'.",
        ),
        case(
            &["group", "list", "-o", "jsonx"],
            2,
            "ERROR: azrs group list: 'jsonx' is not a valid value for '--output'.",
        ),
        case(
            &["group", "list", "-o", "ジェイソン"],
            2,
            "ERROR: azrs group list: 'ジェイソン' is not a valid value for '--output'.",
        ),
        aks_case(
            &["--network-plugin", "bogus"],
            2,
            "ERROR: azrs aks create: 'bogus' is not a valid value for '--network-plugin'.",
        ),
        // Bad --query.
        case(&["group", "list", "--query", "["], 2, BAD_QUERY),
        case(&["group", "list", "--query", "[?name==]"], 2, BAD_QUERY),
        case(&["group", "list", "--query", "!!!!"], 2, BAD_QUERY),
        case(&["group", "list", "--query", "foo("], 2, BAD_QUERY),
        case(&["group", "list", "--query", "length(@"], 2, BAD_QUERY),
        case(&["group", "list", "--query", "名前"], 2, BAD_QUERY),
        case(
            &["account", "show", "-o", "tsv", "--query", "["],
            2,
            BAD_QUERY,
        ),
        case(
            &["aks", "wait", "-g", "rg", "-n", "c1", "--custom", "["],
            1,
            "ERROR: invalid --custom expression: '['",
        ),
        // Bad numbers.
        aks_case(
            &["-c", "abc"],
            2,
            "ERROR: argument --node-count/-c: invalid int value: 'abc'",
        ),
        aks_case(
            &["-c", "三"],
            2,
            "ERROR: argument --node-count/-c: invalid int value: '三'",
        ),
        case(
            &[
                "aks",
                "wait",
                "-g",
                "rg",
                "-n",
                "c1",
                "--created",
                "--interval",
                "abc",
            ],
            2,
            "ERROR: argument --interval: invalid int value: 'abc'",
        ),
        case(
            &["aks", "wait", "-g", "rg", "-n", "c1"],
            1,
            "ERROR: incorrect usage: --created | --updated | --deleted | --exists | --custom JMESPATH",
        ),
        aks_case(
            &["--kubernetes-version", "abc"],
            1,
            "ERROR: --kubernetes-version should be the full version number",
        ),
        // Bad --assign-identity ids (az's validator; nothing is sent).
        aks_case(
            &[
                "--enable-managed-identity",
                "--assign-identity",
                "not-an-id",
            ],
            1,
            BAD_IDENTITY,
        ),
        aks_case(
            &[
                "--enable-managed-identity",
                "--assign-identity",
                &umi_no_name,
            ],
            1,
            BAD_IDENTITY,
        ),
        aks_case(
            &[
                "--enable-managed-identity",
                "--assign-identity",
                &umi_empty_sub,
            ],
            1,
            BAD_IDENTITY,
        ),
        aks_case(
            &[
                "--enable-managed-identity",
                "--assign-identity",
                &umi_child_no_name,
            ],
            1,
            BAD_IDENTITY,
        ),
        aks_case(
            &[
                "--enable-managed-identity",
                "--assign-identity",
                "/subscriptions/s/resourceGroups/rg/providers",
            ],
            1,
            BAD_IDENTITY,
        ),
        aks_case(
            &["--assign-kubelet-identity", &umi_no_name],
            1,
            "ERROR: --assign-kubelet-identity is not a valid Azure resource ID.",
        ),
        // Bad SSH keys and key files (non-ASCII path included).
        case(
            &[
                "aks",
                "create",
                "-g",
                "rg",
                "-n",
                "c2",
                "--ssh-key-value",
                "/nonexistent/key.pub",
            ],
            1,
            BAD_SSH,
        ),
        case(
            &[
                "aks",
                "create",
                "-g",
                "rg",
                "-n",
                "c2",
                "--ssh-key-value",
                "not-a-key",
            ],
            1,
            BAD_SSH,
        ),
        case(
            &[
                "aks",
                "create",
                "-g",
                "rg",
                "-n",
                "c2",
                "--ssh-key-value",
                &kana_key,
            ],
            1,
            BAD_SSH,
        ),
        // Clouds.
        case(
            &["cloud", "set", "-n", "NoSuchCloud"],
            1,
            "ERROR: The cloud 'NoSuchCloud' is not registered.",
        ),
        case(
            &["cloud", "show", "-n", "クラウド"],
            1,
            "ERROR: The cloud 'クラウド' is not registered.",
        ),
        case(
            &["cloud", "register", "-n", "X"],
            1,
            "ERROR: The following endpoints are required for the CLI to function",
        ),
        case(
            &["cloud", "unregister", "-n", "AzureCloud"],
            1,
            "ERROR: The cloud 'AzureCloud' cannot be unregistered",
        ),
        // Extensions that are not there, a corrupt wheel.
        case(
            &["extension", "remove", "-n", "not-installed"],
            1,
            "ERROR: The extension not-installed is not installed.",
        ),
        case(
            &["extension", "show", "-n", "not-installed"],
            1,
            "ERROR: The extension not-installed is not installed.",
        ),
        case(
            &["extension", "add", "--source", &corrupt_wheel, "--yes"],
            1,
            "ERROR: ",
        ),
        // Logins that cannot be.
        case(
            &["login", "--service-principal", "-u", "x", "-p", "y"],
            1,
            "ERROR: usage error: --service-principal --username NAME --password SECRET --tenant TENANT",
        ),
        // Hostile and non-ASCII names: one path segment each, ARM's 404 (exit 3).
        sends(&["group", "show", "-n", "prod#x"], 3, NOT_FOUND_GROUP),
        sends(&["group", "show", "-n", "x/../victim"], 3, NOT_FOUND_GROUP),
        sends(&["group", "show", "-n", "a?b"], 3, NOT_FOUND_GROUP),
        sends(&["group", "show", "-n", "開発"], 3, NOT_FOUND_GROUP),
        sends(
            &["group", "delete", "-n", "prod#x", "--yes"],
            3,
            NOT_FOUND_GROUP,
        ),
        sends(
            &["group", "delete", "-n", "x/../victim", "--yes"],
            3,
            NOT_FOUND_GROUP,
        ),
        // ARM answers 204 to deleting a cluster that is not there: az exits 0, silent.
        sends(
            &[
                "aks",
                "delete",
                "-g",
                "rg",
                "-n",
                "c1#not-this-one",
                "--yes",
            ],
            0,
            "",
        ),
        sends(
            &["aks", "show", "-g", "rg", "-n", "../rg2/c1"],
            3,
            "ERROR: (ResourceNotFound)",
        ),
        sends(
            &["aks", "show", "-g", "prod#x", "-n", "c1"],
            3,
            NOT_FOUND_GROUP,
        ),
        // Corrupt kubeconfigs: credentials are fetched, the merge refuses, the file is kept.
        sends(
            &[
                "aks",
                "get-credentials",
                "-g",
                "rg",
                "-n",
                "c1",
                "-f",
                &corrupt_kube,
            ],
            1,
            "ERROR: ",
        ),
    ]
}

/// Hashes of every file under `dirs` (and `files`), by path.
fn snapshot(dirs: &[&Path], files: &[&Path]) -> BTreeMap<String, String> {
    fn walk(dir: &Path, out: &mut BTreeMap<String, String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                hash(&p, out);
            }
        }
    }
    fn hash(p: &Path, out: &mut BTreeMap<String, String>) {
        let bytes = std::fs::read(p).unwrap_or_default();
        out.insert(
            p.display().to_string(),
            format!("{:x}", Sha256::digest(&bytes)),
        );
    }
    let mut out = BTreeMap::new();
    for d in dirs {
        walk(d, &mut out);
    }
    for f in files {
        hash(f, &mut out);
    }
    out
}

#[test]
fn bad_input_is_one_error_line_with_azs_exit_code_and_changes_nothing() {
    let mut az = Azrs::spawn();
    let files = az.path("files");
    std::fs::create_dir_all(&files).expect("files dir");
    let kubeconfig = az.path("kubeconfig");
    az.set_env("KUBECONFIG", &kubeconfig.display().to_string());
    for group in ["rg", "prod", "victim", "rg2"] {
        az.run(&["group", "create", "-n", group, "-l", "westus2"])
            .ok();
    }
    az.run(&["aks", "create", "-g", "rg", "-n", "c1", "--no-ssh-key"])
        .ok();
    az.run(&["aks", "get-credentials", "-g", "rg", "-n", "c1"])
        .ok();
    std::fs::write(
        files.join("corrupt-kubeconfig"),
        "apiVersion: v1\nclusters: [\n  {{{\n",
    )
    .expect("write");
    std::fs::write(
        files.join("aks_preview-0.0.1-py2.py3-none-any.whl"),
        b"PK\x03\x04 not a zip",
    )
    .expect("write");

    let table = cases(&files);
    assert!(table.len() >= 60, "only {} cases", table.len());
    let mut failures = Vec::new();
    for c in &table {
        let before = snapshot(&[&az.config_dir(), &az.home(), &files], &[&kubeconfig]);
        let requests = az.requests().len();
        let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
        let run = az.run(&args);
        let after = snapshot(&[&az.config_dir(), &az.home(), &files], &[&kubeconfig]);
        let sent = az.requests().len() - requests;
        let errors: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.starts_with("ERROR:"))
            .collect();
        let mut wrong = Vec::new();
        if run.code != c.code {
            wrong.push(format!("exit {} (az: {})", run.code, c.code));
        }
        if c.error.is_empty() && !errors.is_empty() {
            wrong.push(format!("ERROR lines {errors:?}, want none"));
        }
        if !c.error.is_empty() && (errors.len() != 1 || !errors[0].starts_with(c.error)) {
            wrong.push(format!(
                "ERROR lines {errors:?}, want one starting {:?}",
                c.error
            ));
        }
        if !run.stdout.is_empty() {
            wrong.push("stdout not empty".into());
        }
        if run.stderr.contains("panicked") || run.stderr.contains("RUST_BACKTRACE") {
            wrong.push("a panic".into());
        }
        if before != after {
            let changed: Vec<_> = after
                .iter()
                .filter(|(k, v)| before.get(*k) != Some(v))
                .map(|(k, _)| k.clone())
                .chain(before.keys().filter(|k| !after.contains_key(*k)).cloned())
                .collect();
            wrong.push(format!("files changed: {changed:?}"));
        }
        if !c.sends && sent != 0 {
            wrong.push(format!("{sent} requests sent; az sends none"));
        }
        if c.sends && sent == 0 {
            wrong.push("no request sent; az sends one".into());
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "`azrs {}`: {}\n  stderr: {:?}",
                c.args.join(" "),
                wrong.join("; "),
                run.stderr
            ));
        }
    }
    // Nothing after `#` or in a traversal was touched.
    for group in ["prod", "victim", "rg2"] {
        az.run(&["group", "show", "-n", group]).ok();
    }
    az.run(&["aks", "show", "-g", "rg", "-n", "c1"]).ok();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}
