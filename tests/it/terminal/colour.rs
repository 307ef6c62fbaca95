//! The colour decision as knack makes it, through the app on a buffer terminal that claims to
//! be (or not be) a TTY: colour needs both stdout and stderr to be terminals, and `[core]
//! no_color` / `AZURE_CORE_NO_COLOR` turn it off; az has no `--no-color` flag and ignores
//! `NO_COLOR`; PyCharm's `PYCHARM_HOSTED` turns it on even piped; `[core] theme` and Cloud
//! Shell pick the codes. The bytes themselves are held to the real az in the `colour`
//! differential.

use azrs::term::MemoryTerm;

use crate::common::Azrs;

fn tty(stdout_tty: bool, stderr_tty: bool) -> MemoryTerm {
    MemoryTerm {
        stdout_tty,
        stderr_tty,
        ..MemoryTerm::default()
    }
}

const MISSING: [&str; 4] = ["group", "show", "-n", "missing"];
const PLAIN_ERROR: &str = "ERROR: (ResourceGroupNotFound) Resource group 'missing' could not be found.\nCode: ResourceGroupNotFound\nMessage: Resource group 'missing' could not be found.\n";
const RED_ERROR: &str = "\u{1b}[91m(ResourceGroupNotFound) Resource group 'missing' could not be found.\nCode: ResourceGroupNotFound\nMessage: Resource group 'missing' could not be found.\u{1b}[0m\n";

#[test]
fn colour_needs_both_streams_to_be_terminals() {
    let azrs = Azrs::new();
    for (out, err) in [(false, false), (true, false), (false, true)] {
        let run = azrs.run_on(&MISSING, tty(out, err)).expect_code(3);
        assert_eq!(
            run.stderr, PLAIN_ERROR,
            "stdout tty {out}, stderr tty {err}"
        );
    }
    let run = azrs.run_on(&MISSING, tty(true, true)).expect_code(3);
    assert_eq!(run.stderr, RED_ERROR);
}

#[test]
fn no_color_in_config_or_environment_turns_colour_off() {
    let mut azrs = Azrs::new();
    azrs.set_env("AZURE_CORE_NO_COLOR", "true");
    let run = azrs.run_on(&MISSING, tty(true, true)).expect_code(3);
    assert_eq!(run.stderr, PLAIN_ERROR);
    azrs.remove_env("AZURE_CORE_NO_COLOR");
    std::fs::write(azrs.config_dir().join("config"), "[core]\nno_color = yes\n").expect("config");
    let run = azrs.run_on(&MISSING, tty(true, true)).expect_code(3);
    assert_eq!(run.stderr, PLAIN_ERROR);
    std::fs::write(
        azrs.config_dir().join("config"),
        "[core]\nno_color = false\n",
    )
    .expect("config");
    let run = azrs.run_on(&MISSING, tty(true, true)).expect_code(3);
    assert_eq!(run.stderr, RED_ERROR);
}

#[test]
fn no_color_flag_and_no_color_variable_are_not_azs() {
    let mut azrs = Azrs::new();
    // az 2.91 has no --no-color: a parser error, coloured like any other on a terminal.
    let run = azrs
        .run_on(&["group", "show", "-n", "x", "--no-color"], tty(true, true))
        .expect_code(2);
    assert!(
        run.stderr
            .starts_with("\u{1b}[91munrecognized arguments: --no-color\u{1b}[0m\n"),
        "{:?}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("\u{1b}[96mhttps://aka.ms/cli_ref\u{1b}[0m\n")
    );
    // The NO_COLOR convention is not read by knack.
    azrs.set_env("NO_COLOR", "1");
    let run = azrs.run_on(&MISSING, tty(true, true)).expect_code(3);
    assert_eq!(run.stderr, RED_ERROR);
}

#[test]
fn pycharm_turns_colour_on_even_when_piped() {
    let mut azrs = Azrs::new();
    azrs.set_env("PYCHARM_HOSTED", "1");
    let run = azrs.run_on(&MISSING, tty(false, false)).expect_code(3);
    assert_eq!(run.stderr, RED_ERROR);
}

#[test]
fn theme_and_cloud_shell_pick_the_codes() {
    let mut azrs = Azrs::new();
    azrs.set_env("AZURE_CORE_THEME", "light");
    let run = azrs.run_on(&MISSING, tty(true, true)).expect_code(3);
    assert!(
        run.stderr.starts_with("\u{1b}[31m(ResourceGroupNotFound)"),
        "{:?}",
        run.stderr
    );
    azrs.remove_env("AZURE_CORE_THEME");
    azrs.set_env("ACC_CLOUD", "1");
    let run = azrs.run_on(&MISSING, tty(true, true)).expect_code(3);
    assert!(
        run.stderr
            .starts_with("\u{1b}[38;2;245;93;92m(ResourceGroupNotFound)"),
        "{:?}",
        run.stderr
    );
}

#[test]
fn warnings_drop_their_prefix_and_only_show_errors_still_hides_them() {
    let azrs = Azrs::new();
    let run = azrs
        .run_on(&["config", "get", "core.nothing"], tty(true, true))
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "\u{1b}[36mCommand group 'config' is experimental and under development. Reference and support levels: https://aka.ms/CLI_refstatus\u{1b}[0m\n\u{1b}[91mConfiguration 'core.nothing' is not set.\u{1b}[0m\n"
    );
    let run = azrs
        .run_on(
            &["config", "get", "core.nothing", "--only-show-errors"],
            tty(true, true),
        )
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "\u{1b}[91mConfiguration 'core.nothing' is not set.\u{1b}[0m\n"
    );
}

fn show(format: &str) -> [&str; 6] {
    ["group", "show", "-n", "rg", "-o", format]
}

#[test]
fn jsonc_and_yamlc_are_plain_json_and_yaml_unless_colour_is_on() {
    let azrs = Azrs::new();
    azrs.run(&[
        "group", "create", "-n", "rg", "-l", "westus2", "--tags", "n=1",
    ])
    .ok();
    let escapes = regex::Regex::new("\u{1b}\\[[0-9;]*m").expect("regex");
    for (coloured, plain) in [("jsonc", "json"), ("yamlc", "yaml")] {
        let want = azrs.run(&show(plain)).ok().stdout;
        let piped = azrs.run_on(&show(coloured), tty(true, false)).ok();
        assert_eq!(piped.stdout, want, "{coloured} piped");
        let on = azrs.run_on(&show(coloured), tty(true, true)).ok();
        assert!(
            on.stdout.contains("\u{1b}[94m"),
            "{coloured}: {:?}",
            on.stdout
        );
        // Without the escapes the coloured text is the plain one.
        let stripped = escapes.replace_all(&on.stdout, "");
        assert_eq!(stripped, want, "{coloured} on a terminal");
    }
    // yamlc colours the quoted '1' as a string, as Pygments' YAML lexer does.
    let on = azrs.run_on(&show("yamlc"), tty(true, true)).ok();
    assert!(
        on.stdout.contains(
            "\u{1b}[33m'\u{1b}[39;49;00m\u{1b}[33m1\u{1b}[39;49;00m\u{1b}[33m'\u{1b}[39;49;00m"
        ),
        "{:?}",
        on.stdout
    );
}
