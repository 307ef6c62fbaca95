//! End-to-end smoke tests through the real binary: what `main` adds to `app::run` (argv and
//! the environment from the process, the process's terminal, the exit status). Everything
//! else runs in process (`common::Azrs::new`); these are the few that must spawn.

use crate::common::Azrs;

#[test]
fn binary_runs_a_command_and_prints_its_result() {
    let azrs = Azrs::spawn();
    let created = azrs
        .run(&["group", "create", "-n", "rg1", "-l", "westus2"])
        .ok();
    assert_eq!(created.json()["name"], "rg1");
    assert_eq!(created.stderr, "");
    let shown = azrs
        .run(&[
            "group",
            "show",
            "-n",
            "rg1",
            "--query",
            "[name, location]",
            "-o",
            "tsv",
        ])
        .ok();
    assert_eq!(
        (shown.stdout.as_str(), shown.stderr.as_str()),
        ("rg1\nwestus2\n", "")
    );
}

#[test]
fn binary_exit_status_is_the_runs_exit_code() {
    let azrs = Azrs::spawn();
    let missing = azrs.run(&["group", "show", "-n", "nope"]).expect_code(3);
    assert_eq!(missing.stdout, "");
    assert_eq!(
        missing.stderr,
        "ERROR: (ResourceGroupNotFound) Resource group 'nope' could not be found.\n\
         Code: ResourceGroupNotFound\n\
         Message: Resource group 'nope' could not be found.\n"
    );
    let usage = azrs.run(&["group", "create", "-n", "rg"]).expect_code(2);
    assert!(
        usage
            .stderr
            .starts_with("ERROR: the following arguments are required: --location/-l\n"),
        "{usage:#?}"
    );
}
