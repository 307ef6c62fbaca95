//! `aks delete` through the binary: the confirmation prompt, `--yes` and `--no-wait`.

use super::*;

#[test]
fn delete_confirmation_yes_and_no_wait() {
    let mut az = sandbox_with_group("rg", "westus2");
    az.run(&["aks", "create", "-g", "rg", "-n", "c1"]).ok();
    az.run(&["aks", "create", "-g", "rg", "-n", "c2"]).ok();
    let before = azrs_requests(&az).len();

    let run = az
        .run(&["aks", "delete", "-g", "rg", "-n", "c1"])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "WARNING: Unable to prompt for confirmation as no tty available. Use --yes.\nERROR: Operation cancelled.\n"
    );
    assert_eq!(
        azrs_requests(&az).len(),
        before,
        "no request before the answer"
    );

    let run = az
        .run(&["aks", "delete", "-g", "rg", "-n", "c1", "--yes"])
        .ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    az.run(&["aks", "show", "-g", "rg", "-n", "c1"])
        .expect_code(3);

    // Absent cluster: 204, done at once.
    az.run(&["aks", "delete", "-g", "rg", "-n", "c1", "-y"])
        .ok();

    let run = az
        .run(&["aks", "delete", "-g", "rg", "-n", "c2", "-y", "--no-wait"])
        .ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    // Settled by the emulator's clock: the wait must sleep its interval (see
    // `create_no_wait_prints_nothing_then_wait_created`).
    az.remove_env("AZRS_TEST_NO_DELAY");
    az.run(&[
        "aks",
        "wait",
        "-g",
        "rg",
        "-n",
        "c2",
        "--deleted",
        "--interval",
        "1",
    ])
    .ok();
    az.set_env("AZRS_TEST_NO_DELAY", "1");
    az.run(&["aks", "show", "-g", "rg", "-n", "c2"])
        .expect_code(3);

    // Config switch instead of --yes.
    let mut az2 = sandbox_with_group("rg", "westus2");
    az2.run(&["aks", "create", "-g", "rg", "-n", "c3"]).ok();
    az2.set_env("AZURE_CORE_DISABLE_CONFIRM_PROMPT", "true");
    az2.run(&["aks", "delete", "-g", "rg", "-n", "c3"]).ok();

    az.run(&["aks", "delete", "-g", "missing", "-n", "x", "-y"])
        .expect_code(3);
}
