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

use super::bad_input_cases::{cases, write_files};
use crate::common::Azrs;
use sha2::{Digest, Sha256};

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
    write_files(&files);

    // The embedded emulator answers any host.
    let table = cases(&files, "https://127.0.0.1:1/");
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
        // One ERROR line, or as many as az prints (its crash reports have two).
        if !c.error.is_empty()
            && (errors.len() != c.error.lines().count() || !errors.join("\n").starts_with(c.error))
        {
            wrong.push(format!(
                "ERROR lines {errors:?}, want them to start {:?}",
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
            let known = c
                .differs
                .map(|why| format!("\n  (az differs here: {why})"))
                .unwrap_or_default();
            failures.push(format!(
                "`azrs {}`: {}\n  stderr: {:?}{known}",
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
