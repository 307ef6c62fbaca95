//! What every ARM command does on the wire whatever its noun: its own `x-ms-client-request-id`
//! per command, and `--verbose` logging each request and response without the token.

use crate::common::*;

#[test]
fn each_command_gets_its_own_client_request_id() {
    let azrs = Azrs::new();
    let (_, first) = run_logged(&azrs, &["group", "list"]);
    let (_, second) = run_logged(&azrs, &["group", "list"]);
    let a = header(&first[0], "x-ms-client-request-id");
    let b = header(&second[0], "x-ms-client-request-id");
    assert_eq!(a.len(), 36);
    assert_ne!(a, b);
}

#[test]
fn verbose_logs_each_request_and_response_without_the_token() {
    let az = Azrs::new();
    let run = az
        .run(&[
            "group",
            "create",
            "-n",
            "rg-verbose",
            "-l",
            "westus2",
            "--verbose",
        ])
        .ok();
    assert!(
        run.stderr
            .contains("Request URL: 'https://emulator.azrs.invalid/subscriptions/"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Response status: 201"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Response time:"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("eyJ"),
        "a token leaked: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("fake-client-secret"), "{}", run.stderr);
}
