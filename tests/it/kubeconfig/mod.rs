//! `aks get-credentials` merge behaviour (`commands.md` §8.3–§8.6): the kubeconfig module
//! against real files, checked with kubectl where it is installed and against PyYAML's
//! emitter where python3-yaml is installed. `merge`: how entries join a file; `files`: what
//! happens to existing files, targets and concurrency; `pyyaml`: the YAML writer and reader
//! against PyYAML.
#![allow(clippy::print_stderr)]

mod files;
mod merge;
mod pyyaml;

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
