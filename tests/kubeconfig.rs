//! `aks get-credentials` merge behaviour (`commands.md` §8.3–§8.6): the kubeconfig module
//! against real files, checked with kubectl where it is installed and against PyYAML's
//! emitter where python3-yaml is installed.
#![allow(clippy::print_stderr)]
#![recursion_limit = "512"]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use azrs::kubeconfig::{
    self, KubeconfigError, MergeOptions, MergeOutcome, Target, merge_credentials, resolve_target,
};
use azrs::yaml;
use serde_json::{Value, json};

/// A user kubeconfig shaped like the one ARM returns (`arm.md` §8.6), with synthetic data.
fn creds(cluster: &str, rg: &str) -> String {
    creds_for(cluster, rg, "clusterUser")
}

fn creds_for(cluster: &str, rg: &str, kind: &str) -> String {
    format!(
        "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: RkFLRS1DQQ==\n    server: https://{lower}-dns-000000.hcp.westus2.azmk8s.io:443\n  name: {cluster}\ncontexts:\n- context:\n    cluster: {cluster}\n    user: {kind}_{rg}_{cluster}\n  name: {cluster}\ncurrent-context: {cluster}\nkind: Config\npreferences: {{}}\nusers:\n- name: {kind}_{rg}_{cluster}\n  user:\n    client-certificate-data: RkFLRS1DTElFTlQtQ0VSVA==\n    client-key-data: RkFLRS1DTElFTlQtS0VZ\n    token: faketoken{cluster}\n",
        lower = cluster.to_lowercase()
    )
}

fn opts(path: &Path) -> MergeOptions {
    MergeOptions {
        target: Target::File(path.to_path_buf()),
        context_name: None,
        overwrite_existing: false,
    }
}

fn written(outcome: MergeOutcome) -> (PathBuf, String, Vec<String>) {
    match outcome {
        MergeOutcome::Written {
            path,
            current_context,
            warnings,
            ..
        } => (path, current_context, warnings),
        MergeOutcome::Stdout(_) => panic!("expected a written file"),
    }
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("stat").permissions().mode() & 0o777
}

fn doc(path: &Path) -> Value {
    yaml::parse(&fs::read_to_string(path).expect("read")).expect("parse")
}

fn names(doc: &Value, section: &str) -> Vec<String> {
    doc[section]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["name"].as_str().unwrap_or("?").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn kubectl_available() -> bool {
    Command::new("kubectl")
        .arg("version")
        .arg("--client")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `kubectl config view` and `get-contexts` accept the file; returns (current context, context names).
fn kubectl_check(path: &Path) -> Option<(String, Vec<String>)> {
    if !kubectl_available() {
        eprintln!("notice: kubectl not found, skipping the kubectl check");
        return None;
    }
    let run = |args: &[&str]| {
        let out = Command::new("kubectl")
            .args(args)
            .arg("--kubeconfig")
            .arg(path)
            .env_remove("KUBECONFIG")
            .output()
            .expect("run kubectl");
        assert!(
            out.status.success(),
            "kubectl {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    };
    run(&["config", "view", "--raw", "-o", "json"]);
    let current = run(&["config", "current-context"]).trim().to_owned();
    let listing = run(&["config", "get-contexts", "-o", "name"]);
    let table = run(&["config", "get-contexts"]);
    let starred = table
        .lines()
        .find(|l| l.starts_with('*'))
        .expect("a current context is starred");
    assert!(
        starred.split_whitespace().nth(1) == Some(current.as_str()),
        "{table}"
    );
    Some((current, listing.lines().map(str::to_owned).collect()))
}

// The exact file az writes for the walkthrough (`commands.md` §8.5), bytes included.
#[test]
fn missing_file_is_created_0600_with_pyyaml_layout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nested/.kube/config");
    let (p, ctx, warnings) = written(
        merge_credentials(&creds("MyManagedCluster", "myResourceGroup"), &opts(&path))
            .expect("merge"),
    );
    assert_eq!(p, path);
    assert_eq!(ctx, "MyManagedCluster");
    assert_eq!(
        warnings,
        vec![format!(
            "Merged \"MyManagedCluster\" as current context in {}",
            path.display()
        )]
    );
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        creds("MyManagedCluster", "myResourceGroup")
    );
    assert_eq!(mode(&path), 0o600);
    assert!(
        !dir.path().join("nested/.kube/config.lock").exists(),
        "lock file must be removed"
    );
    if let Some((current, contexts)) = kubectl_check(&path) {
        assert_eq!(current, "MyManagedCluster");
        assert_eq!(contexts, vec!["MyManagedCluster"]);
    }
}

#[test]
fn empty_file_is_replaced_wholesale() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    fs::write(&path, "# only a comment\n").expect("write");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
    let (_, _, warnings) =
        written(merge_credentials(&creds("c1", "rg"), &opts(&path)).expect("merge"));
    assert_eq!(warnings.len(), 1);
    assert_eq!(fs::read_to_string(&path).expect("read"), creds("c1", "rg"));
}

#[test]
fn second_cluster_is_appended_and_becomes_current() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    merge_credentials(&creds("one", "rg"), &opts(&path)).expect("first");
    merge_credentials(&creds("two", "rg"), &opts(&path)).expect("second");
    let d = doc(&path);
    assert_eq!(names(&d, "clusters"), ["one", "two"]);
    assert_eq!(
        names(&d, "users"),
        ["clusterUser_rg_one", "clusterUser_rg_two"]
    );
    assert_eq!(names(&d, "contexts"), ["one", "two"]);
    assert_eq!(d["current-context"], "two");
    if let Some((current, contexts)) = kubectl_check(&path) {
        assert_eq!(current, "two");
        assert_eq!(contexts, ["one", "two"]);
    }
}

#[test]
fn identical_entry_is_replaced_and_moves_to_the_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    merge_credentials(&creds("one", "rg"), &opts(&path)).expect("one");
    merge_credentials(&creds("two", "rg"), &opts(&path)).expect("two");
    merge_credentials(&creds("one", "rg"), &opts(&path)).expect("one again, identical");
    let d = doc(&path);
    assert_eq!(names(&d, "clusters"), ["two", "one"]);
    assert_eq!(names(&d, "contexts"), ["two", "one"]);
    assert_eq!(d["current-context"], "one");
}

#[test]
fn conflicting_entry_without_overwrite_is_an_error_and_file_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    merge_credentials(&creds("one", "rg"), &opts(&path)).expect("one");
    let before = fs::read(&path).expect("read");
    let changed = creds("one", "rg").replace("faketokenone", "rotated");
    let err = merge_credentials(&changed, &opts(&path)).expect_err("conflict");
    assert!(matches!(err, KubeconfigError::Conflict { .. }));
    // Clusters and contexts are identical; the user entry is the first that differs.
    assert_eq!(
        err.to_string(),
        "A different object named clusterUser_rg_one already exists in users in your kubeconfig file."
    );
    assert_eq!(fs::read(&path).expect("read"), before);

    // The prompt is asked with az's question; answering yes replaces the entry.
    let mut asked = Vec::new();
    let outcome = kubeconfig::merge_credentials_with_prompt(&changed, &opts(&path), &mut |q| {
        asked.push(q.to_owned());
        true
    });
    written(outcome.expect("confirmed"));
    assert_eq!(
        asked,
        [
            "A different object named clusterUser_rg_one already exists in your kubeconfig file.\nOverwrite?"
        ]
    );
    assert_eq!(doc(&path)["users"][0]["user"]["token"], "rotated");
}

#[test]
fn conflicting_entry_with_overwrite_existing_is_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    merge_credentials(&creds("one", "rg"), &opts(&path)).expect("one");
    merge_credentials(&creds("two", "rg"), &opts(&path)).expect("two");
    let changed = creds("one", "rg").replace("faketokenone", "rotated");
    let o = MergeOptions {
        overwrite_existing: true,
        ..opts(&path)
    };
    merge_credentials(&changed, &o).expect("overwrite");
    let d = doc(&path);
    assert_eq!(
        names(&d, "users"),
        ["clusterUser_rg_two", "clusterUser_rg_one"]
    );
    assert_eq!(d["users"][1]["user"]["token"], "rotated");
    assert_eq!(d["users"].as_array().map(Vec::len), Some(2));
}

#[test]
fn context_flag_renames_context_and_cluster_but_not_user() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    let o = MergeOptions {
        context_name: Some("prod".into()),
        ..opts(&path)
    };
    let (_, ctx, warnings) = written(merge_credentials(&creds("c1", "rg"), &o).expect("merge"));
    assert_eq!(ctx, "prod");
    assert_eq!(
        warnings.last().map(String::as_str),
        Some(format!("Merged \"prod\" as current context in {}", path.display()).as_str())
    );
    let d = doc(&path);
    assert_eq!(names(&d, "clusters"), ["prod"]);
    assert_eq!(names(&d, "contexts"), ["prod"]);
    assert_eq!(d["contexts"][0]["context"]["cluster"], "prod");
    assert_eq!(names(&d, "users"), ["clusterUser_rg_c1"]);
    if let Some((current, _)) = kubectl_check(&path) {
        assert_eq!(current, "prod");
    }
}

#[test]
fn admin_credentials_get_the_admin_suffix_also_with_context() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    merge_credentials(&creds("c1", "rg"), &opts(&path)).expect("user");
    let (_, ctx, _) = written(
        merge_credentials(&creds_for("c1", "rg", "clusterAdmin"), &opts(&path)).expect_err_or_ok(),
    );
    assert_eq!(ctx, "c1-admin");
    let d = doc(&path);
    assert_eq!(names(&d, "contexts"), ["c1", "c1-admin"]);
    assert_eq!(d["current-context"], "c1-admin");
    if let Some((current, contexts)) = kubectl_check(&path) {
        assert_eq!(current, "c1-admin");
        assert_eq!(contexts, ["c1", "c1-admin"]);
    }
    let o = MergeOptions {
        context_name: Some("foo".into()),
        ..opts(&path)
    };
    let (_, ctx, _) = written(
        merge_credentials(&creds_for("c1", "rg", "clusterAdmin"), &o).expect("renamed admin"),
    );
    assert_eq!(ctx, "foo-admin");
}

/// `expect` that shows the error text on failure.
trait ExpectOk<T> {
    fn expect_err_or_ok(self) -> T;
}
impl<T> ExpectOk<T> for Result<T, KubeconfigError> {
    fn expect_err_or_ok(self) -> T {
        match self {
            Ok(v) => v,
            Err(e) => panic!("merge failed: {e}"),
        }
    }
}

// Regression guard: get-credentials must not drop keys azrs does not model.
#[test]
fn unknown_keys_survive_a_merge() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    let existing = "apiVersion: v1\nclusters:\n- cluster:\n    server: https://old:443\n    extensions:\n    - name: client.authentication.k8s.io/exec\n      extension:\n        audience: x\n    proxy-url: socks5://localhost:1080\n  name: old\n  x-cluster-note: keep me\ncontexts:\n- context:\n    cluster: old\n    namespace: team-a\n    user: old-user\n  name: old\n  x-context-note: 7\ncurrent-context: old\nkind: Config\npreferences:\n  colors: true\nusers:\n- name: old-user\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      args:\n      - get-token\n      command: kubelogin\n      env: null\n      provideClusterInfo: false\n  x-user-note: [1, 2]\nx-top-level:\n  nested: {deep: 1.5}\n";
    fs::write(&path, existing).expect("write");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
    merge_credentials(&creds("new", "rg"), &opts(&path)).expect("merge");
    let d = doc(&path);
    assert_eq!(d["x-top-level"], json!({"nested": {"deep": 1.5}}));
    assert_eq!(d["preferences"], json!({"colors": true}));
    assert_eq!(d["clusters"][0]["x-cluster-note"], "keep me");
    assert_eq!(
        d["clusters"][0]["cluster"]["proxy-url"],
        "socks5://localhost:1080"
    );
    assert_eq!(
        d["clusters"][0]["cluster"]["extensions"][0]["extension"]["audience"],
        "x"
    );
    assert_eq!(d["contexts"][0]["x-context-note"], 7);
    assert_eq!(d["contexts"][0]["context"]["namespace"], "team-a");
    assert_eq!(d["users"][0]["x-user-note"], json!([1, 2]));
    assert_eq!(d["users"][0]["user"]["exec"]["env"], Value::Null);
    assert_eq!(names(&d, "clusters"), ["old", "new"]);
    let text = fs::read_to_string(&path).expect("read");
    assert!(
        text.contains("x-top-level:\n  nested:\n    deep: 1.5\n"),
        "{text}"
    );
    assert!(text.contains("  x-user-note:\n  - 1\n  - 2\n"), "{text}");
    if let Some((current, _)) = kubectl_check(&path) {
        assert_eq!(current, "new");
    }
}

#[test]
fn malformed_existing_file_is_an_error_and_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    let garbage = "apiVersion: v1\nclusters: [unclosed\n  - :\n";
    fs::write(&path, garbage).expect("write");
    let err = merge_credentials(&creds("c1", "rg"), &opts(&path)).expect_err("malformed");
    assert!(matches!(err, KubeconfigError::Parse { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with(&format!("Error parsing {} (", path.display())),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), garbage);

    fs::write(&path, b"clusters: \xff\xfe\n").expect("write");
    let err = merge_credentials(&creds("c1", "rg"), &opts(&path)).expect_err("not utf-8");
    assert!(matches!(err, KubeconfigError::Parse { .. }), "{err:?}");
    assert_eq!(fs::read(&path).expect("read"), b"clusters: \xff\xfe\n");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(leftovers, ["config"], "no temp or lock file is left");
}

#[test]
fn existing_file_without_clusters_key_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    fs::write(&path, "apiVersion: v1\nkind: Config\n").expect("write");
    let err = merge_credentials(&creds("c1", "rg"), &opts(&path)).expect_err("no clusters");
    assert_eq!(
        err.to_string(),
        "No such key 'clusters' in existing config, please confirm whether it is a valid config file. May back up this config file, delete it and retry the command."
    );
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        "apiVersion: v1\nkind: Config\n"
    );
}

#[test]
fn symlink_target_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let real = dir.path().join("real");
    fs::write(&real, "").expect("write");
    let link = dir.path().join("config");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let err = merge_credentials(&creds("c1", "rg"), &opts(&link)).expect_err("symlink");
    assert_eq!(
        err.to_string(),
        format!(
            "Kubeconfig path \"{}\" is a symbolic link. Refusing to write to prevent symlink-following attacks.",
            link.display()
        )
    );
    assert_eq!(fs::read_to_string(&real).expect("read"), "");
    // A dangling link is refused too, and nothing is created behind it.
    let dangling = dir.path().join("dangling");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).expect("symlink");
    assert!(matches!(
        merge_credentials(&creds("c1", "rg"), &opts(&dangling)),
        Err(KubeconfigError::Symlink(_))
    ));
    assert!(!dir.path().join("nowhere").exists());
}

#[test]
fn existing_mode_is_kept_with_az_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    merge_credentials(&creds("c1", "rg"), &opts(&path)).expect("first");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
    let (_, _, warnings) =
        written(merge_credentials(&creds("c2", "rg"), &opts(&path)).expect("second"));
    assert_eq!(
        warnings,
        vec![
            format!(
                "{} has permissions \"644\".\nIt should be readable and writable only by its owner.",
                path.display()
            ),
            format!("Merged \"c2\" as current context in {}", path.display()),
        ]
    );
    assert_eq!(mode(&path), 0o644);
}

#[test]
fn target_rules_follow_az() {
    let home = Path::new("/home/u");
    let default = PathBuf::from("/home/u/.kube/config");
    let r = resolve_target(None, None, home);
    assert_eq!(r.target, Target::File(default.clone()));
    assert!(r.warnings.is_empty());
    // KUBECONFIG: first entry wins when --file is absent or equal to the default.
    let env = std::ffi::OsString::from("/a/first:/b/second");
    assert_eq!(
        resolve_target(None, Some(&env), home).target,
        Target::File("/a/first".into())
    );
    assert_eq!(
        resolve_target(Some("/home/u/.kube/config"), Some(&env), home).target,
        Target::File("/a/first".into())
    );
    assert_eq!(
        resolve_target(Some("~/.kube/config"), Some(&env), home).target,
        Target::File("/a/first".into())
    );
    assert_eq!(
        resolve_target(Some("/x/own"), Some(&env), home).target,
        Target::File("/x/own".into())
    );
    assert_eq!(
        resolve_target(Some("~/k"), None, home).target,
        Target::File("/home/u/k".into())
    );
    let empty_first = std::ffi::OsString::from(":/b/second");
    let r = resolve_target(None, Some(&empty_first), home);
    assert_eq!(r.target, Target::File(default));
    assert_eq!(r.warnings, ["Invalid path '' defined in KUBECONFIG."]);
    assert_eq!(
        resolve_target(Some("-"), Some(&env), home).target,
        Target::Stdout
    );
    assert_eq!(
        resolve_target(None, Some(&std::ffi::OsString::from("-")), home).target,
        Target::Stdout
    );
}

#[test]
fn kubeconfig_env_first_entry_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = dir.path().join("first");
    let second = dir.path().join("second");
    let env = std::env::join_paths([&first, &second]).expect("join");
    let r = resolve_target(None, Some(&env), dir.path());
    let o = MergeOptions {
        target: r.target,
        context_name: None,
        overwrite_existing: false,
    };
    merge_credentials(&creds("c1", "rg"), &o).expect("merge");
    assert!(first.exists());
    assert!(!second.exists());
    assert!(!dir.path().join(".kube").exists());
}

#[test]
fn dash_means_stdout_and_no_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = MergeOptions {
        target: Target::Stdout,
        context_name: Some("ignored".into()),
        overwrite_existing: false,
    };
    let out = merge_credentials(&creds("c1", "rg"), &o).expect("stdout");
    assert_eq!(
        out,
        MergeOutcome::Stdout(format!("{}\n", creds("c1", "rg")))
    );
    assert_eq!(fs::read_dir(dir.path()).expect("ls").count(), 0);
}

#[test]
fn kubelogin_devicecode_credentials_are_flagged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config");
    let exec = creds("aad", "rg").replace(
        "  user:\n    client-certificate-data: RkFLRS1DTElFTlQtQ0VSVA==\n    client-key-data: RkFLRS1DTElFTlQtS0VZ\n    token: faketokenaad\n",
        "  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      args:\n      - get-token\n      - --login\n      - devicecode\n      command: kubelogin\n      env: null\n      provideClusterInfo: false\n",
    );
    let MergeOutcome::Written {
        kubelogin_devicecode,
        ..
    } = merge_credentials(&exec, &opts(&path)).expect("merge")
    else {
        panic!("expected a file");
    };
    assert!(kubelogin_devicecode);
    assert_eq!(fs::read_to_string(&path).expect("read"), exec);
    let MergeOutcome::Written {
        kubelogin_devicecode,
        ..
    } = merge_credentials(&creds("c", "rg"), &opts(&path)).expect("merge")
    else {
        panic!("expected a file");
    };
    assert!(!kubelogin_devicecode);
}

#[test]
fn concurrent_merges_into_one_file_lose_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = Arc::new(dir.path().join("config"));
    let threads: Vec<_> = (0..32)
        .map(|i| {
            let path = Arc::clone(&path);
            std::thread::spawn(move || {
                merge_credentials(&creds(&format!("cluster{i:02}"), "rg"), &opts(&path))
                    .expect("merge")
            })
        })
        .collect();
    for t in threads {
        t.join().expect("thread");
    }
    let d = doc(&path);
    let mut contexts = names(&d, "contexts");
    contexts.sort();
    let expected: Vec<String> = (0..32).map(|i| format!("cluster{i:02}")).collect();
    assert_eq!(contexts, expected);
    assert_eq!(names(&d, "users").len(), 32);
    assert_eq!(names(&d, "clusters").len(), 32);
    assert!(!dir.path().join("config.lock").exists());
    assert_eq!(mode(&path), 0o600);
    if let Some((current, mut listed)) = kubectl_check(&path) {
        listed.sort();
        assert_eq!(listed, expected);
        assert_eq!(json!(current), d["current-context"]);
    }
}

/// Runs `script` under python3 with `input` on stdin; `None` (with a notice) when python3 or
/// PyYAML is missing.
fn python_yaml(script: &str, input: &str) -> Option<String> {
    use std::io::Write as _;
    let probe = Command::new("python3").args(["-c", "import yaml"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("notice: python3 with PyYAML not found, skipping the differential check");
        return None;
    }
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("python3");
    assert!(out.status.success(), "python3 failed");
    Some(String::from_utf8(out.stdout).expect("utf-8"))
}

/// The writer produces PyYAML `safe_dump(default_flow_style=False)` bytes for JSON-shaped data.
#[test]
fn writer_matches_pyyaml_safe_dump() {
    let long = "word ".repeat(30);
    let value = json!({
        "plain": "abc", "empty": "", "yes": "yes", "on": "On", "null-ish": "null", "tilde": "~",
        "int-like": "123", "octal-like": "012", "float-like": "1.5", "dot5": ".5", "exp": "1e3",
        "exp2": "1.0e+3", "date": "2024-01-01", "datetime": "2024-01-01T00:00:00Z", "spaced": "2024-1-1 10:00:00",
        "colon": "a: b", "hash": "a #b", "lead": " x", "trail": "x ", "star": "*x", "dash": "-", "dashx": "-x",
        "dash-space": "- x", "q": "?x", "brackets": "[x]", "comma": "a,b", "quote": "it's", "dq": "say \"hi\"",
        "multi": "line1\nline2", "multi2": "a\n\nb\n", "tab": "a\tb", "bell": "bell\u{7}", "unicode": "Zoë – ✓",
        "emoji": "\u{1F600}", "sexa": "1:20", "sexaf": "1:20.5", "under": "1_000", "hex": "0x1F", "plus": "+1",
        "inf": ".inf", "nan": ".NaN", "merge": "<<", "eq": "=", "url": "https://x.example:443/a?b=c#d",
        "long": long, "longq": format!("'{long}"), "longdq": format!("{long}\t{long}"),
        "numbers": [0, -7, 12345678901234567890u64, 1.5, 0.1, 1e-7, 1e16, 123456789.125, -0.0, 100.0],
        "bools": [true, false, null], "nested": [[1, [2, []]], {}, {"a": {"b": [{"c": 1, "d": [1, 2]}]}}],
        "keys": {"1": "x", "00": "y", "08": "z", "": "empty", "a b": 1, "B": 2, "a": 3, "é": 4, "two\nlines": {"k": [1]}},
        "long-key": {"k".repeat(130): "v", "k".repeat(127): ["v"], "j".repeat(122): 1, "i".repeat(123): 2},
        "list-of-maps": [{"name": "n", "user": {"token": "t"}}, {"z": 1, "a": 2}],
    });
    let ours = azrs::yaml::dump(&value, false);
    let Some(theirs) = python_yaml(
        "import json,sys,yaml\nsys.stdout.write(yaml.safe_dump(json.loads(sys.stdin.read()), default_flow_style=False))",
        &value.to_string(),
    ) else {
        return;
    };
    assert_eq!(ours, theirs);
    // And what we wrote reads back to the same value.
    assert_eq!(yaml::parse(&ours).expect("parse"), value);
}

/// Root scalars and empty documents end like PyYAML's (`...` after a plain root scalar).
#[test]
fn writer_root_scalars_match_pyyaml() {
    for value in [
        json!("just a string"),
        json!(42),
        json!(true),
        json!("yes"),
        json!({}),
        json!([]),
        json!(null),
    ] {
        let ours = azrs::yaml::dump(&value, false);
        let Some(theirs) = python_yaml(
            "import json,sys,yaml\nsys.stdout.write(yaml.safe_dump(json.loads(sys.stdin.read()), default_flow_style=False))",
            &value.to_string(),
        ) else {
            return;
        };
        assert_eq!(ours, theirs, "{value}");
    }
}

/// The reader types plain scalars like PyYAML's `safe_load` (YAML 1.1).
#[test]
fn reader_matches_pyyaml_safe_load() {
    let text = "a: yes\nb: No\nc: on\nd: ~\ne: 012\nf: 0x1F\ng: 1_000\nh: 1:20\ni: 1.5\nj: 1e3\nk: 1.0e+3\nl: .5\nm: '123'\nn: \"x\\ty\"\no: -0b101\np: 12345678901234567890\nq: [1, two, {r: 3}]\ns: &anchor {t: 1}\nu: *anchor\nv: |\n  block\n  text\nw: >\n  folded\n  text\nx: !!str 42\ny: y\nz: 190:20:30.15\n";
    let ours = yaml::parse(text).expect("parse");
    let Some(theirs) = python_yaml(
        "import json,sys,yaml\nprint(json.dumps(yaml.safe_load(sys.stdin.read())))",
        text,
    ) else {
        return;
    };
    let theirs: Value = serde_json::from_str(&theirs).expect("json");
    assert_eq!(ours, theirs);
}
