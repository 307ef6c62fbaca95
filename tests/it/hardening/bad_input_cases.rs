//! The bad-input table (issue 10): arguments a script might pass on from elsewhere, each with
//! az 2.91's exit code, the start of its one `ERROR:` line and whether az sends a request. Run
//! in process by `tests/it/hardening/bad_input.rs` (no file changed, no request where az sends
//! none) and against the real az by `tests/differential/bad_input.rs` (which includes this file
//! by path), so the table is checked against the oracle it claims to follow.
//!
//! The cases expect the state both runners set up: groups `rg`, `prod`, `victim`, `rg2`, a
//! cluster `c1` in `rg`, and in `dir` a corrupt kubeconfig and a corrupt wheel
//! ([`write_files`]).

use std::path::Path;

/// One bad input.
pub struct Case {
    pub args: Vec<String>,
    /// az's exit code.
    pub code: i32,
    /// The start of the one `ERROR:` line; empty for a case az answers with no error.
    pub error: &'static str,
    /// Whether az sends a request for it (a name ARM answers 404 for).
    pub sends: bool,
    /// Why azrs's answer (what `code` and `error` describe) still differs from az 2.91's, and
    /// whose change it waits for; the differential reports such a case instead of failing.
    pub differs: Option<&'static str>,
}

fn case(args: &[&str], code: i32, error: &'static str) -> Case {
    Case {
        args: args.iter().map(|s| s.to_string()).collect(),
        code,
        error,
        sends: false,
        differs: None,
    }
}

/// A case where azrs still differs from az, and why.
fn differs(c: Case, why: &'static str) -> Case {
    Case {
        differs: Some(why),
        ..c
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

/// The table; `arm` is an ARM endpoint that reaches the emulator the runner uses (cloud
/// metadata discovery).
pub fn cases(dir: &Path, arm: &str) -> Vec<Case> {
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
        differs: None,
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
            "ERROR: azrs aks create: 'bogus' is not a valid value for '--network-plugin'. Allowed values: kubenet, azure, none.",
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
        differs(
            case(
                &["aks", "wait", "-g", "rg", "-n", "c1", "--custom", "["],
                1,
                "ERROR: invalid --custom expression: '['",
            ),
            "az GETs the cluster first, then fails evaluating: `Invalid jmespath query supplied \
             for `--query`: Invalid jmespath expression: Incomplete expression:` (aks wait)",
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
        // az dies in `zipfile`; its two ERROR lines, then a traceback azrs leaves out.
        case(
            &["extension", "add", "--source", &corrupt_wheel, "--yes"],
            1,
            "ERROR: The command failed with an unexpected error. Here is the traceback:\nERROR: File is not a zip file",
        ),
        // Logins that cannot be.
        differs(
            case(
                &["login", "--service-principal", "-u", "x", "-p", "y"],
                1,
                "ERROR: usage error: --service-principal --username NAME --password SECRET --tenant TENANT",
            ),
            "az signs in to tenant 'organizations' and prints the token endpoint's AADSTS90002 \
             error (login)",
        ),
        // az declares `--tag` `nargs='?'`: alone it filters nothing.
        sends(&["group", "list", "--tag", "-o", "none"], 0, ""),
        // An existing name: az reads the cloud's metadata first, then refuses.
        sends(
            &[
                "cloud",
                "register",
                "-n",
                "AzureCloud",
                "--endpoint-resource-manager",
                arm,
            ],
            1,
            "ERROR: The cloud 'AzureCloud' is already registered.",
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
        differs(
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
                "ERROR: Error parsing ",
            ),
            "az's text is PyYAML's, over several lines (`while parsing a flow node` / `expected the \
            node content, but found '<stream end>'` / `in \"<file>\", line 4, column 1)`) (kubeconfig)",
        ),
    ]
}

/// The files the table names, written into `dir`.
pub fn write_files(dir: &Path) {
    std::fs::create_dir_all(dir).expect("files dir");
    std::fs::write(
        dir.join("corrupt-kubeconfig"),
        "apiVersion: v1\nclusters: [\n  {{{\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("aks_preview-0.0.1-py2.py3-none-any.whl"),
        b"PK\x03\x04 not a zip",
    )
    .expect("write");
}
