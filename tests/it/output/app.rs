//! The app-level golden cases of az 2.91's output pipeline (`APP_LEVEL` in
//! `output::render`: parser errors, Ctrl-C, warnings and `--only-show-errors`), run
//! through the real `azrs` binary against the embedded emulator, plus the app's other
//! whole-process behaviour: where the output format comes from, a bad configured format,
//! `version`, `completion`, `--help` and a closed stdout.
//!
//! Parser-error goldens are compared byte for byte with the program name normalised
//! (`az` → `azrs` where az prints its own name). Warning goldens use a real command that warns
//! (`feature register`) in place of az's test seam, so their texts differ but their shape,
//! streams and exit codes are the golden's.

use crate::common::{Azrs, Run};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

fn golden_path() -> PathBuf {
    let mut candidates = Vec::new();
    if let Ok(p) = std::env::var("AZRS_OUTPUT_GOLDENS") {
        candidates.push(PathBuf::from(p));
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    candidates.push(manifest.join("../shared/spec/golden/output-goldens.json"));
    candidates.push(PathBuf::from(
        "/work/shared/spec/golden/output-goldens.json",
    ));
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .unwrap_or_else(|| panic!("output-goldens.json not found; tried {candidates:?}"))
}

/// The golden case whose id starts with `prefix` (`"G82"`).
fn case(prefix: &str) -> Value {
    let text = std::fs::read_to_string(golden_path()).expect("read goldens");
    let all: Value = serde_json::from_str(&text).expect("goldens are JSON");
    all["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| {
            c["id"]
                .as_str()
                .is_some_and(|id| id.starts_with(&format!("{prefix}-")))
        })
        .cloned()
        .unwrap_or_else(|| panic!("no golden {prefix}"))
}

fn argv(case: &Value) -> Vec<String> {
    case["argv"]
        .as_array()
        .expect("argv")
        .iter()
        .map(|a| a.as_str().expect("string arg").to_string())
        .collect()
}

/// A sandbox with the case's environment added.
fn sandbox_for(case: &Value) -> Azrs {
    let mut azrs = Azrs::new();
    for (k, v) in case["env"].as_object().expect("env") {
        azrs.set_env(k, v.as_str().expect("string env"));
    }
    azrs
}

fn run_case(case: &Value) -> Run {
    let azrs = sandbox_for(case);
    let args = argv(case);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = azrs.run(&args);
    assert!(
        azrs.requests().is_empty(),
        "{}: nothing may be sent",
        case["id"]
    );
    run
}

/// az's stderr with azrs's program name: az names itself in the `ERROR: az group list:`
/// prefix of invalid-choice errors and at the start of help example lines.
fn as_azrs(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            if let Some(rest) = line.strip_prefix("ERROR: az ") {
                format!("ERROR: azrs {rest}")
            } else if let Some(rest) = line.strip_prefix("az ") {
                format!("azrs {rest}")
            } else {
                line.to_string()
            }
        })
        .collect()
}

#[track_caller]
fn assert_golden(case: &Value, run: &Run) {
    let id = case["id"].as_str().expect("id");
    assert_eq!(
        i64::from(run.code),
        case["exit_code"].as_i64().expect("exit"),
        "{id}: {run:#?}"
    );
    assert_eq!(run.stdout, case["stdout"].as_str().expect("stdout"), "{id}");
    assert_eq!(
        run.stderr,
        as_azrs(case["stderr"].as_str().expect("stderr")),
        "{id}"
    );
}

// ------------------------------------------------------------------- G82–G87 parser errors

#[test]
fn g82_invalid_output_value_is_a_parser_error_with_examples() {
    let c = case("G82");
    assert_golden(&c, &run_case(&c));
}

#[test]
fn g83_unknown_command_is_misspelled() {
    let c = case("G83");
    assert_golden(&c, &run_case(&c));
}

#[test]
fn g84_unknown_subcommand_suggests_the_close_match() {
    let c = case("G84");
    assert_golden(&c, &run_case(&c));
}

#[test]
fn g85_error_recommendation_off_drops_examples_and_trailer() {
    let c = case("G85");
    assert_golden(&c, &run_case(&c));
}

#[test]
fn g86_unknown_argument_is_unrecognized() {
    let c = case("G86");
    assert_golden(&c, &run_case(&c));
}

#[test]
fn g87_missing_required_option_lists_all_spellings() {
    let c = case("G87");
    assert_golden(&c, &run_case(&c));
}

#[test]
fn program_name_normalisation_touches_only_az_prefixes() {
    assert_eq!(
        as_azrs("ERROR: az group list: bad\naz group list --query x\nDid you mean 'az' ?\n"),
        "ERROR: azrs group list: bad\nazrs group list --query x\nDid you mean 'az' ?\n"
    );
}

// ------------------------------------------------------------------------ G93 Ctrl-C

#[test]
fn g93_ctrl_c_during_a_wait_is_silent_exit_1() {
    let c = case("G93");
    // Spawned: SIGINT goes to a process.
    let azrs = Azrs::spawn();
    // Without AZRS_TEST_NO_DELAY, `provider register --wait` sleeps 10 s after the POST.
    let child = azrs
        .command(&[
            "provider",
            "register",
            "-n",
            "Microsoft.ContainerService",
            "--wait",
        ])
        .env_remove("AZRS_TEST_NO_DELAY")
        .spawn()
        .expect("spawn azrs");
    let started = Instant::now();
    let deadline = started + Duration::from_secs(8);
    while !azrs.requests().iter().any(|r| {
        r["method"] == "POST" && r["path"].as_str().is_some_and(|p| p.ends_with("/register"))
    }) {
        assert!(Instant::now() < deadline, "the POST was never sent");
        std::thread::sleep(Duration::from_millis(20));
    }
    // The POST is done; give the runtime a moment to be parked in the 10 s sleep.
    std::thread::sleep(Duration::from_millis(200));
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -INT failed");
    let out = child.wait_with_output().expect("wait azrs");
    assert!(
        started.elapsed() < Duration::from_secs(9),
        "Ctrl-C must end the wait"
    );
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_golden(&c, &run);
    let gets = azrs
        .requests()
        .iter()
        .filter(|r| r["method"] == "GET")
        .count();
    assert_eq!(gets, 0, "interrupted before the first poll");
}

// ------------------------------------------------------- G95–G98 warnings and switches

const WARN_ARGS: &[&str] = &[
    "feature",
    "register",
    "--namespace",
    "Microsoft.ContainerService",
    "-n",
    "MSIPreview",
    "--query",
    "name",
];
const WARNING: &str = "WARNING: Once the feature 'MSIPreview' is registered, invoking 'az provider register -n Microsoft.ContainerService' is required to get the change propagated\n";
const WARN_STDOUT: &str = "\"Microsoft.ContainerService/MSIPreview\"\n";

#[test]
fn g95_a_warning_goes_to_stderr_with_its_prefix() {
    let c = case("G95");
    let golden = c["stderr"].as_str().expect("stderr");
    assert!(golden.starts_with("WARNING: ") && golden.ends_with('\n'));
    let run = Azrs::new().run(WARN_ARGS);
    assert_eq!(i64::from(run.code), c["exit_code"].as_i64().expect("exit"));
    assert_eq!(run.stdout, WARN_STDOUT);
    assert_eq!(run.stderr, WARNING);
}

#[test]
fn g96_only_show_errors_flag_suppresses_the_warning() {
    let c = case("G96");
    assert!(argv(&c).iter().any(|a| a == "--only-show-errors"));
    let mut args = WARN_ARGS.to_vec();
    args.push("--only-show-errors");
    let run = Azrs::new().run(&args);
    assert_eq!(i64::from(run.code), c["exit_code"].as_i64().expect("exit"));
    assert_eq!(run.stdout, WARN_STDOUT);
    assert_eq!(run.stderr, c["stderr"].as_str().expect("stderr"));
}

#[test]
fn g97_only_show_errors_from_env_or_config_suppresses_the_warning() {
    let c = case("G97");
    let mut azrs = sandbox_for(&c);
    let run = azrs.run(WARN_ARGS);
    assert_eq!(i64::from(run.code), c["exit_code"].as_i64().expect("exit"));
    assert_eq!(run.stdout, WARN_STDOUT);
    assert_eq!(run.stderr, c["stderr"].as_str().expect("stderr"));

    // The same switch in the config file.
    azrs.remove_env("AZURE_CORE_ONLY_SHOW_ERRORS");
    std::fs::write(
        azrs.config_dir().join("config"),
        "[core]\nonly_show_errors = true\n",
    )
    .expect("write config");
    let run = azrs.run(WARN_ARGS).ok();
    assert_eq!(run.stdout, WARN_STDOUT);
    assert_eq!(run.stderr, "");
    // Errors still print.
    let err = azrs.run(&["group", "show", "-n", "nope"]).expect_code(3);
    assert!(
        err.stderr.starts_with("ERROR: (ResourceGroupNotFound)"),
        "{err:#?}"
    );
}

#[test]
fn g98_only_show_errors_with_debug_prints_the_conflict_twice() {
    let c = case("G98");
    assert_golden(&c, &run_case(&c));
    let azrs = Azrs::new();
    let run = azrs.run(&["group", "list", "--verbose", "--only-show-errors"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, c["stderr"].as_str().expect("stderr"));
    assert!(azrs.requests().is_empty());
}

// ------------------------------------------------------------------ output format choice

#[test]
fn output_format_flag_beats_env_beats_config() {
    let mut azrs = Azrs::new();
    azrs.run(&["group", "create", "-n", "rg1", "-l", "westus2"])
        .ok();
    let table = "Name    Location    Status\n------  ----------  ---------\nrg1     westus2     Succeeded\n";

    std::fs::write(azrs.config_dir().join("config"), "[core]\noutput = yaml\n")
        .expect("write config");
    let yaml = azrs.run(&["group", "list", "--query", "[].name"]).ok();
    assert_eq!(yaml.stdout, "- rg1\n");

    azrs.set_env("AZURE_CORE_OUTPUT", "table");
    assert_eq!(azrs.run(&["group", "list"]).ok().stdout, table);

    let json = azrs
        .run(&["group", "list", "-o", "json", "--query", "[].name"])
        .ok();
    assert_eq!(json.stdout, "[\n  \"rg1\"\n]\n");
    let tsv = azrs
        .run(&["group", "list", "-o", "TSV", "--query", "[].name"])
        .ok();
    assert_eq!(tsv.stdout, "rg1\n");
}

#[test]
fn bad_configured_output_runs_the_command_then_fails_naming_the_value() {
    let mut azrs = Azrs::new();
    azrs.set_env("AZURE_CORE_OUTPUT", "xml");
    let run = azrs
        .run(&["group", "create", "-n", "made", "-l", "westus2"])
        .expect_code(1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.starts_with("ERROR: "), "{run:#?}");
    assert!(run.stderr.contains("'xml'"), "{run:#?}");
    assert_eq!(run.stderr.lines().count(), 1, "{run:#?}");
    azrs.remove_env("AZURE_CORE_OUTPUT");
    assert_eq!(
        azrs.run(&["group", "exists", "-n", "made"]).ok().stdout,
        "true\n",
        "the command ran before the format failed"
    );

    std::fs::write(azrs.config_dir().join("config"), "[core]\noutput = xml\n")
        .expect("write config");
    let run = azrs.run(&["group", "list"]).expect_code(1);
    assert!(run.stderr.contains("'xml'"), "{run:#?}");
    // The flag still wins over the bad configured value.
    azrs.run(&["group", "list", "-o", "none"]).ok();
}

// ------------------------------------------------------------------ version, completion, help

#[test]
fn version_prints_json_with_azrs_version() {
    let azrs = Azrs::new();
    let v = azrs.run(&["version"]).ok().json();
    assert_eq!(v["azrs"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["azure-cli"], "2.91.0");
    assert!(v["extensions"].is_object());
    assert!(azrs.requests().is_empty(), "no network for version");
}

#[test]
fn completion_bash_is_valid_bash_defining_azrs_function() {
    let azrs = Azrs::new();
    let run = azrs.run(&["completion", "bash"]).ok();
    assert!(run.stdout.contains("_azrs()"), "defines _azrs");
    assert!(run.stdout.contains("complete "), "registers the completion");
    let file = azrs.path("azrs.bash");
    std::fs::write(&file, &run.stdout).expect("write script");
    let check = Command::new("bash")
        .arg("-n")
        .arg(&file)
        .output()
        .expect("run bash -n");
    assert!(
        check.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn help_lists_every_noun_and_aks_create_every_flag_group() {
    let azrs = Azrs::new();
    let top = azrs.run(&["--help"]).ok();
    for noun in [
        "account",
        "aks",
        "cloud",
        "completion",
        "extension",
        "feature",
        "group",
        "login",
        "logout",
        "provider",
        "version",
    ] {
        assert!(top.stdout.contains(noun), "azrs --help lacks {noun}");
    }
    assert_eq!(top.stderr, "");
    // As in az, the root page lists groups only; a command's page carries the global arguments.
    let list = azrs.run(&["group", "list", "--help"]).ok();
    for flag in [
        "--output",
        "--query",
        "--subscription",
        "--only-show-errors",
        "--debug",
        "--verbose",
    ] {
        assert!(
            list.stdout.contains(flag),
            "azrs group list --help lacks {flag}"
        );
    }

    let create = azrs.run(&["aks", "create", "--help"]).ok();
    // commands.md §6.1, every flag in scope.
    for flag in [
        "--resource-group",
        "--name",
        "--location",
        "--enable-managed-identity",
        "--assign-identity",
        "--assign-kubelet-identity",
        "--service-principal",
        "--client-secret",
        "--ssh-key-value",
        "--generate-ssh-keys",
        "--no-ssh-key",
        "--admin-username",
        "--dns-name-prefix",
        "--fqdn-subdomain",
        "--kubernetes-version",
        "--node-count",
        "--node-vm-size",
        "--nodepool-name",
        "--node-osdisk-size",
        "--os-sku",
        "--vm-set-type",
        "--max-pods",
        "--zones",
        "--enable-cluster-autoscaler",
        "--min-count",
        "--max-count",
        "--network-plugin",
        "--network-plugin-mode",
        "--pod-cidr",
        "--service-cidr",
        "--dns-service-ip",
        "--load-balancer-sku",
        "--outbound-type",
        "--tier",
        "--sku",
        "--tags",
        "--enable-aad",
        "--enable-azure-rbac",
        "--enable-oidc-issuer",
        "--enable-workload-identity",
        "--disable-rbac",
        "--attach-acr",
        "--bootstrap-artifact-source",
        "--no-wait",
        "--yes",
        "--aks-custom-headers",
        "--if-match",
        "--if-none-match",
    ] {
        let found = create
            .stdout
            .split(|c: char| c.is_whitespace() || c == ',')
            .any(|w| w == flag);
        assert!(found, "aks create --help lacks {flag}");
    }
    assert!(azrs.requests().is_empty());
}

// ------------------------------------------------------------------ broken pipe

#[test]
fn closed_stdout_exits_quietly() {
    // Spawned: the closed pipe and the quiet exit are the process's.
    let azrs = Azrs::spawn();
    azrs.run(&["group", "create", "-n", "rg1", "-l", "westus2"])
        .ok();
    // The reader closes its end before azrs writes anything (it is closed right after the
    // spawn, long before the command's request is answered).
    let mut child = azrs
        .command(&["group", "list", "-o", "table"])
        .spawn()
        .expect("spawn azrs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait azrs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr, "", "nothing on stderr");
    assert_eq!(out.status.code(), Some(0), "quiet exit: {:?}", out.status);
    assert_eq!(
        azrs.requests()
            .iter()
            .filter(|r| r["method"] == "GET")
            .count(),
        1,
        "the command ran"
    );
}

// Regression: a bad configured format failed commands that print nothing; az only looks the
// formatter up for a result (knack `CLI.invoke`), so they succeed silently.
#[test]
fn bad_configured_output_does_not_fail_commands_without_a_result() {
    let mut azrs = Azrs::new();
    azrs.run(&["group", "create", "-n", "gone", "-l", "westus2"])
        .ok();
    azrs.set_env("AZURE_CORE_OUTPUT", "xml");
    let run = azrs.run(&["group", "delete", "-n", "gone", "--yes"]).ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let run = azrs
        .run(&["provider", "register", "-n", "Microsoft.Compute"])
        .ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
}
