//! One run of `az_differential.sh`: the real az and azrs taking turns through a plan against
//! one `azrs-emulator`, inside a loopback-only network namespace. The script's header says
//! what a plan line is and what it leaves in the output folder; reading and comparing the
//! outcomes is each trial's job.

use std::path::Path;
use std::process::{Command, Output};

use azrs_test_support::sandbox;

/// Runs the plan in `plan_file` with the venv's `python`, leaving each step's outcome in `out`.
pub fn run(python: &Path, plan_file: &Path, out: &Path) -> Output {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential/az_differential.sh");
    Command::new("bash")
        .arg(&script)
        .arg(python)
        .arg(sandbox::emulator_bin())
        .arg(env!("CARGO_BIN_EXE_azrs"))
        .arg(plan_file)
        .arg(out)
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .output()
        .expect("run the namespace script")
}
