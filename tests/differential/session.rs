//! One run of `az_differential.sh`: the real az and azrs taking turns through a plan against
//! one `azrs-emulator`, inside a loopback-only network namespace. The script's header says
//! what a plan line is and what it leaves in the output folder; reading and comparing the
//! outcomes is each trial's job.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use azrs_test_support::sandbox;

/// az's service-principal login against the emulator, as every plan's set-up signs in (the
/// script fills in the placeholders).
pub const SP_LOGIN: &[&str] = &[
    "login",
    "--service-principal",
    "-u",
    "@CLIENT_ID@",
    "-p",
    "@CLIENT_SECRET@",
    "--tenant",
    "@TENANT@",
];

/// A finished session: its outcomes in `out`, the script's own exit and output in `output`.
pub struct Session {
    /// The temp folder holding the plan (and `out`, unless kept); removed on drop.
    pub dir: tempfile::TempDir,
    pub out: PathBuf,
    pub output: Output,
}

/// Runs `plan` (the script's TSV) with the venv's `python`. `AZ_DIFFERENTIAL_KEEP=DIR` keeps
/// the session's files (per-step outputs, requests) in `DIR/<name>` instead of a temp folder:
/// one folder per trial, since the trials run in parallel.
pub fn run(name: &str, python: &Path, plan: &str) -> Session {
    run_with_path_prefix(name, python, plan, None)
}

/// Like [`run`], with `prefix` put before `/usr/bin:/bin` on both tools' `PATH` (a folder of
/// fake helper programs, e.g. a `kubelogin` that records how it was called).
pub fn run_with_path_prefix(
    name: &str,
    python: &Path,
    plan: &str,
    prefix: Option<&Path>,
) -> Session {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = match std::env::var_os("AZ_DIFFERENTIAL_KEEP") {
        Some(keep) => PathBuf::from(keep).join(name),
        None => dir.path().join("out"),
    };
    std::fs::create_dir_all(&out).expect("out dir");
    let plan_file = dir.path().join("plan.tsv");
    std::fs::write(&plan_file, plan).expect("plan");
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential/az_differential.sh");
    let started = std::time::Instant::now();
    let mut command = Command::new("bash");
    command
        .arg(&script)
        .arg(python)
        .arg(sandbox::emulator_bin())
        .arg(env!("CARGO_BIN_EXE_azrs"))
        .arg(&plan_file)
        .arg(&out)
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    if let Some(prefix) = prefix {
        command.env("AZ_DIFFERENTIAL_PATH_PREFIX", prefix);
    }
    let output = command.output().expect("run the namespace script");
    println!("session took {:.1?}", started.elapsed());
    Session { dir, out, output }
}
