//! `aks get-credentials` on an AAD cluster with the real az 2.91 as the oracle
//! (`az_differential.sh`, loopback-only namespace), the fake `kubelogin` of
//! `azrs_test_support::kubelogin` first on both tools' `PATH`. az and azrs take turns on the
//! same cluster (default file, `--file DIR/config`, `--file -`, a kubelogin that fails,
//! `--format azure`), and each pair must agree on exit code, stdout, stderr and on how the fake
//! was called (argv, working directory, `KUBECONFIG`), with the tools' own folders (`az__`,
//! `azrs`: names of one length) written as `<dir>`. kubelogin missing is not in the plan (the
//! fake cannot leave `PATH` mid-session); its text is pinned in `tests/it/aks/kubelogin.rs`.

use std::path::Path;

use azrs_test_support::{kubelogin, oracle};

use crate::session;

/// One get-credentials step per tool; `{dir}` becomes the tool's own folder.
const STEPS: &[&[&str]] = &[
    &["--overwrite-existing"],
    &["--file", "{dir}/config"],
    &["--file", "-"],
    &["--file", "@OUT@/fail/config", "--overwrite-existing"],
    &["--file", "{dir}/azure/config", "--format", "azure"],
    &["--file", "{dir}/exec/config", "--format", "exec"],
];

pub fn az_and_azrs_agree_on_kubelogin_conversion(python: &Path) {
    let fake = tempfile::tempdir().expect("tmp");
    kubelogin::install(fake.path());
    let mut steps: Vec<String> = [
        "az\tcloud\tregister\t--name\tEmu\t--endpoint-resource-manager\t@URL@/",
        "az\tcloud\tset\t--name\tEmu",
        "az\tlogin\t--service-principal\t-u\t@CLIENT_ID@\t-p\t@CLIENT_SECRET@\t--tenant\t@TENANT@",
        "az\tprovider\tregister\t--namespace\tMicrosoft.ContainerService",
        "az\tgroup\tcreate\t-n\tkrg\t-l\twestus2",
        "azrs\taks\tcreate\t-g\tkrg\t-n\tc1\t--enable-aad\t--no-ssh-key",
    ]
    .map(str::to_owned)
    .to_vec();
    let setup = steps.len();
    for step in STEPS {
        for (tool, dir) in [("az", "@OUT@/az__"), ("azrs", "@OUT@/azrs")] {
            let args: Vec<String> = step.iter().map(|a| a.replace("{dir}", dir)).collect();
            steps.push(format!(
                "{tool}\taks\tget-credentials\t-g\tkrg\t-n\tc1\t{}",
                args.join("\t")
            ));
        }
    }
    let plan: String = steps
        .iter()
        .enumerate()
        .map(|(i, s)| format!("s{i:02}\t{s}\n"))
        .collect();
    let session::Session {
        dir: _dir,
        out,
        output: run,
    } = session::run_with_path_prefix("kubelogin", python, &plan, Some(fake.path()));
    assert!(
        run.status.success(),
        "script failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let read = |i: usize, ext: &str| {
        std::fs::read_to_string(out.join(format!("s{i:02}.{ext}"))).unwrap_or_default()
    };
    for i in 0..setup {
        assert_eq!(
            read(i, "rc").trim(),
            "0",
            "setup step {i}: {}",
            read(i, "err")
        );
    }
    let out_dir = out.display().to_string();
    let norm = |s: &str| {
        s.replace(&format!("{out_dir}/az__"), "<dir>")
            .replace(&format!("{out_dir}/azrs"), "<dir>")
            .replace(&out_dir, "<out>")
    };
    let mut report = String::new();
    for (n, step) in STEPS.iter().enumerate() {
        let (a, r) = (setup + 2 * n, setup + 2 * n + 1);
        let shown = |i: usize| {
            norm(&format!(
                "exit {}--stdout\n{}--stderr\n{}",
                read(i, "rc"),
                read(i, "out"),
                read(i, "err")
            ))
        };
        report.push_str(&oracle::diff(&step.join(" "), &shown(a), &shown(r)));
    }
    // Every call the fake saw, in plan order: az's and azrs's alternate.
    let calls = norm(&kubelogin::calls(fake.path()));
    let lines: Vec<&str> = calls.lines().collect();
    let records: Vec<String> = lines.chunks(3).map(|c| c.join("\n")).collect();
    assert!(
        !records.is_empty() && records.len().is_multiple_of(2),
        "the fake kubelogin was called an odd number of times:\n{calls}"
    );
    assert!(
        records[0].starts_with("argv: <convert-kubeconfig> <-l> <azurecli>\ncwd: <out>/home/.kube"),
        "{calls}"
    );
    for pair in records.chunks(2) {
        report.push_str(&oracle::diff("kubelogin call", &pair[0], &pair[1]));
    }
    assert!(
        report.is_empty(),
        "az and azrs differ around kubelogin:\n{report}"
    );
}
