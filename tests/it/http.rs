//! The one retry policy of `crate::http` end to end: `azrs-emulator` injects seeded 429, 503
//! and dropped-connection faults into every request, and the walkthrough's first steps — cloud
//! discovery (`cloud register`), `login` (token requests) and an ARM call — still succeed.
//! Regression: `cloud register` failed under injected faults (its metadata GET was not retried).

use crate::common::Azrs;
use crate::hardening::emulator::Emulator;

/// How many requests for `path_part` reached the emulator (faulted ones included).
fn requests_for(emu: &Emulator, path_part: &str) -> usize {
    emu.requests_text()
        .lines()
        .filter(|l| l.contains(path_part))
        .count()
}

fn walkthrough_start(emu: &Emulator, cloud: &str) {
    let mut az = Azrs::new();
    az.remove_env("AZRS_EMULATOR");
    az.set_env("REQUESTS_CA_BUNDLE", &emu.ca().display().to_string());
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
    crate::login::login_sp(&az, &[]).ok();
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
    az.set_env("REQUESTS_CA_BUNDLE", &emu.ca().display().to_string());
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
        requests_for(&emu, "metadata/endpoints") >= 2,
        "the faults reached discovery"
    );
}
