//! `azrs-emulator --bind` as a shared CI emulator is used (issue 14, point 7): started on
//! another loopback address (127.0.0.2, still loopback on Linux) and on IPv6 loopback, azrs
//! reaches it over HTTPS trusting its CA through `REQUESTS_CA_BUNDLE` (so the certificate must
//! name the bound address) and follows the links it hands out (metadata endpoints, login
//! authority, the `Location` of a long-running delete). A bad address is a usage error.

use std::process::{Command, Stdio};

use azrs_test_support::sandbox;

use crate::hardening::emulator::Emulator;

/// Registers the emulator as a cloud, logs in and runs a group create, show and delete
/// (`--yes`: the delete is a long-running operation polled at the emulator's `Location`).
fn walkthrough_steps(emu: &Emulator) {
    let az = emu.sandbox();
    for step in emu.login_steps("Shared") {
        let args: Vec<&str> = step.iter().map(String::as_str).collect();
        az.run(&args).ok();
    }
    let created = az
        .run(&["group", "create", "-n", "rg-bind", "-l", "westus2"])
        .ok();
    assert_eq!(
        created.json()["properties"]["provisioningState"],
        "Succeeded"
    );
    let shown = az.run(&["group", "show", "-n", "rg-bind"]).ok();
    assert_eq!(shown.json()["name"], "rg-bind");
    az.run(&["group", "delete", "-n", "rg-bind", "--yes"]).ok();
    az.run(&["group", "exists", "-n", "rg-bind"]).ok();
    let log = emu.requests_text();
    assert!(
        log.contains("/oauth2/v2.0/token") && log.contains("operationresults"),
        "the token request and the delete's polls reached the bound emulator"
    );
}

#[test]
fn azrs_runs_walkthrough_steps_against_an_emulator_bound_to_127_0_0_2() {
    let emu = Emulator::start(&["--bind", "127.0.0.2"]);
    assert!(emu.url.starts_with("https://127.0.0.2:"), "{}", emu.url);
    walkthrough_steps(&emu);
}

#[test]
fn azrs_runs_walkthrough_steps_against_an_emulator_bound_to_ipv6_loopback() {
    let emu = Emulator::start(&["--bind", "::1"]);
    assert!(emu.url.starts_with("https://[::1]:"), "{}", emu.url);
    walkthrough_steps(&emu);
}

/// Runs `azrs-emulator --bind <bind>` to its end; returns exit code, stdout and stderr.
fn emulator_with_bind(bind: &str) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Command::new(sandbox::emulator_bin())
        .args(["--port", "0", "--bind", bind])
        .arg("--state-dir")
        .arg(dir.path())
        .env_clear()
        .stdin(Stdio::null())
        .output()
        .expect("run azrs-emulator");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_bind_that_is_no_ip_address_exits_2_saying_so() {
    let (code, stdout, stderr) = emulator_with_bind("emulator.local");
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("invalid value 'emulator.local' for '--bind <ADDR>'")
            && stderr.contains("not an IP address"),
        "{stderr}"
    );
}

#[test]
fn a_bind_to_an_address_this_host_lacks_exits_2_saying_so() {
    // 192.0.2.0/24 is TEST-NET-1: documentation only, never a local interface's address.
    let (code, stdout, stderr) = emulator_with_bind("192.0.2.1");
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("WARNING: azrs-emulator listens on 192.0.2.1, not on a loopback address"),
        "{stderr}"
    );
    assert!(
        stderr.contains("invalid value '192.0.2.1' for '--bind <ADDR>': no network interface"),
        "{stderr}"
    );
}
