//! The one retry policy of `crate::http` end to end: `azrs-emulator` injects seeded 429, 503
//! and dropped-connection faults into every request, and the walkthrough's first steps — cloud
//! discovery (`cloud register`), `login` (token requests) and an ARM call — still succeed.
//! Regression: `cloud register` failed under injected faults (its metadata GET was not retried).

use azrs_test_support::sandbox;

use crate::common::Azrs;
use azrs_emulator::core::Settings;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A running `azrs-emulator` process with fault injection, killed on drop.
struct Emulator {
    child: Child,
    url: String,
    dir: tempfile::TempDir,
}

impl Emulator {
    fn start(extra: &[&str]) -> Emulator {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new(sandbox::emulator_bin())
            .args(["--port", "0", "--retry-after", "0", "--state-dir"])
            .arg(dir.path())
            .args(extra)
            .env_clear()
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn azrs-emulator");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("first line");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_string();
        Emulator { child, url, dir }
    }

    fn ca(&self) -> String {
        self.dir.path().join("ca.pem").display().to_string()
    }

    /// How many requests for `path_part` reached the emulator (faulted ones included).
    fn requests_for(&self, path_part: &str) -> usize {
        std::fs::read_to_string(self.dir.path().join("requests.jsonl"))
            .unwrap_or_default()
            .lines()
            .filter(|l| l.contains(path_part))
            .count()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn walkthrough_start(emu: &Emulator, cloud: &str) {
    let mut az = Azrs::new();
    az.remove_env("AZRS_EMULATOR");
    az.set_env("REQUESTS_CA_BUNDLE", &emu.ca());
    let s = Settings::new(&emu.url);
    let arm = format!("{}/", emu.url);
    az.run(&[
        "cloud",
        "register",
        "--name",
        cloud,
        "--endpoint-resource-manager",
        &arm,
    ])
    .ok();
    az.run(&["cloud", "set", "--name", cloud]).ok();
    az.run(&[
        "login",
        "--service-principal",
        "-u",
        &s.sp_client_id,
        "-p",
        &s.sp_client_secret,
        "--tenant",
        &s.tenant_id,
    ])
    .ok();
    let run = az
        .run(&["group", "create", "-n", "rg-faults", "-l", "westus2"])
        .ok();
    assert_eq!(run.json()["properties"]["provisioningState"], "Succeeded");
}

#[test]
fn cloud_register_and_login_succeed_under_injected_faults() {
    for seed in 1..=6 {
        let seed_text = seed.to_string();
        let emu = Emulator::start(&[
            "--fault-rate",
            "0.3",
            "--fault-seed",
            &seed_text,
            "--fault-kinds",
            "429,503,drop",
        ]);
        walkthrough_start(&emu, &format!("Emu{seed}"));
    }
}

#[test]
fn cloud_metadata_discovery_is_retried() {
    // Every metadata request fails twice before an answer; without retries `cloud register`
    // printed "Unable to get endpoints from the cloud."
    let emu = Emulator::start(&["--fault", "GET /metadata/endpoints=503,dropx2"]);
    let mut az = Azrs::new();
    az.remove_env("AZRS_EMULATOR");
    az.set_env("REQUESTS_CA_BUNDLE", &emu.ca());
    let arm = format!("{}/", emu.url);
    az.run(&[
        "cloud",
        "register",
        "--name",
        "Emu",
        "--endpoint-resource-manager",
        &arm,
    ])
    .ok();
    assert!(
        emu.requests_for("metadata/endpoints") >= 2,
        "the faults reached discovery"
    );
}
