//! In-process runs of the whole program: `azrs::app::run(argv, env, &term)` with a buffer
//! `Term` and the embedded emulator (`AZRS_EMULATOR=<tmpdir>` in the env map), asserting
//! stdout, stderr and the exit code without spawning the binary (`common::Azrs`). These prove
//! the injected terminal carries every byte (results, `WARNING:`/`ERROR:` lines, prompts from
//! a stdin that claims to be a TTY) and that no state leaks between runs.

use azrs::term::MemoryTerm;

use crate::common::Azrs;

#[test]
fn group_create_then_show_in_process() {
    let sb = Azrs::new();
    let created = sb.run(&["group", "create", "-n", "rg1", "-l", "westus2"]);
    assert_eq!((created.code, created.stderr.as_str()), (0, ""));
    let shown = sb.run(&[
        "group",
        "show",
        "-n",
        "rg1",
        "--query",
        "[name, location]",
        "-o",
        "tsv",
    ]);
    assert_eq!(shown.code, 0, "stderr: {}", shown.stderr);
    assert_eq!(shown.stdout, "rg1\nwestus2\n");
    assert_eq!(shown.stderr, "");
    let json: serde_json::Value = serde_json::from_str(&created.stdout).expect("json result");
    assert_eq!(json["name"], "rg1");
    assert_eq!(json["properties"]["provisioningState"], "Succeeded");
}

#[test]
fn group_show_missing_exits_3_in_process() {
    let sb = Azrs::new();
    let run = sb.run(&["group", "show", "-n", "nope"]);
    assert_eq!(run.code, 3);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "ERROR: (ResourceGroupNotFound) Resource group 'nope' could not be found.\n\
         Code: ResourceGroupNotFound\n\
         Message: Resource group 'nope' could not be found.\n"
    );
}

#[test]
fn usage_error_exits_2_with_examples_in_process() {
    let sb = Azrs::new();
    let run = sb.run(&["group", "create", "-n", "rg"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "ERROR: the following arguments are required: --location/-l\n\n\
         Examples from command's help:\nazrs group create -l westus -n MyResourceGroup\n\
         Create a new resource group in the West US region.\n\n\
         https://aka.ms/cli_ref\nRead more about the command in reference docs\n"
    );
}

#[test]
fn warning_goes_to_stderr_and_only_show_errors_hides_it_for_that_run_only() {
    let sb = Azrs::new();
    let warned = sb.run(&["account", "list"]);
    assert_eq!(warned.code, 0);
    assert_eq!(warned.stdout, "[]\n");
    assert_eq!(
        warned.stderr,
        "WARNING: Please run \"az login\" to access your accounts.\n"
    );
    let quiet = sb.run(&["account", "list", "--only-show-errors"]);
    assert_eq!((quiet.code, quiet.stdout.as_str()), (0, "[]\n"));
    assert_eq!(quiet.stderr, "");
    // Regression guard: the switch used to be process-global, so it leaked into later runs.
    let again = sb.run(&["account", "list"]);
    assert_eq!(again.stderr, warned.stderr);
}

#[test]
fn delete_prompt_reads_the_injected_stdin() {
    let sb = Azrs::new();
    assert_eq!(
        sb.run(&["group", "create", "-n", "keep", "-l", "westus2"])
            .code,
        0
    );

    let no_tty = sb.run(&["group", "delete", "-n", "keep"]);
    assert_eq!(no_tty.code, 1);
    assert_eq!(
        no_tty.stderr,
        "WARNING: Unable to prompt for confirmation as no tty available. Use --yes.\n\
         ERROR: Operation cancelled.\n"
    );

    let answered_no = sb.run_on(
        &["group", "delete", "-n", "keep"],
        MemoryTerm {
            stdin: "n\n".into(),
            stdin_tty: true,
            ..MemoryTerm::default()
        },
    );
    assert_eq!(answered_no.code, 1);
    assert_eq!(
        answered_no.stderr,
        "Are you sure you want to perform this operation? (y/n): ERROR: Operation cancelled.\n"
    );
    let exists = sb.run(&["group", "exists", "-n", "keep"]);
    assert_eq!(exists.stdout, "true\n");
}

#[test]
fn help_goes_to_stdout_and_exits_0_in_process() {
    let sb = Azrs::new();
    let run = sb.run(&["group", "--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("group"), "{}", run.stdout);
    assert_eq!(run.stderr, "");
}
