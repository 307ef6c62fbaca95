//! Colour on a terminal, against the real az 2.91: each step runs with stdout and stderr on
//! two pseudo-terminals of their own (so knack turns colour on), az and azrs taking turns on
//! one emulator in `az_differential.sh`'s loopback-only namespace, and their bytes are
//! compared: warnings (logger records and a deprecation note), errors (ARM, parser, with
//! examples and hints), `-o jsonc`/`-o yamlc` of a real resource group, the `[core] theme`s
//! and `[core] no_color`.
//!
//! The terminals come from a small runner on the venv's Python (`os.openpty`, both put in raw
//! mode so the bytes are the program's own, with no `\n` → `\r\n`): the session script runs
//! "python" and "azrs" through wrappers that start the real program under it, and the runner
//! copies what each terminal received to its own stdout and stderr for the script to keep.

use std::fmt::Write as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::Command;

use azrs_test_support::{oracle, sandbox};

/// Runs `argv` with stdout and stderr on two raw pseudo-terminals, stdin empty, then writes
/// what each received to its own stdout/stderr and exits with the program's code.
const PTY_RUN: &str = r#"import os, select, subprocess, sys, tty
out_m, out_s = os.openpty()
err_m, err_s = os.openpty()
for fd in (out_s, err_s):
    tty.setraw(fd)
child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=out_s, stderr=err_s)
os.close(out_s)
os.close(err_s)
received = {out_m: bytearray(), err_m: bytearray()}
open_fds = [out_m, err_m]
while open_fds:
    for fd in select.select(open_fds, [], [])[0]:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the program closed its side
            data = b''
        if data:
            received[fd] += data
        else:
            open_fds.remove(fd)
code = child.wait()
sys.stdout.buffer.write(received[out_m])
sys.stderr.buffer.write(received[err_m])
sys.exit(code)
"#;

/// What of a pair's outcome is compared.
#[derive(Clone, Copy, PartialEq)]
enum Compare {
    /// Exit code, stdout and stderr.
    All,
    /// Only the first stderr line: az's later records depend on things outside colour.
    FirstLine,
}

/// One plan step: who runs it, its arguments, and (for compared pairs) how.
struct Step {
    id: String,
    tool: &'static str,
    args: Vec<String>,
}

pub fn az_and_azrs_colour_the_same_on_a_terminal(python: &Path) {
    let dir = tempfile::tempdir().expect("temp dir");
    let runner = dir.path().join("pty_run.py");
    std::fs::write(&runner, PTY_RUN).expect("runner");
    let wrapper = |name: &str, body: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("wrapper");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        path
    };
    let (py, run) = (python.display(), runner.display());
    // The script runs az as `PYTHON -m azure.cli ...` and reads its JSON with `PYTHON -c`.
    let python_wrapper = wrapper(
        "python",
        format!(
            "if [ \"$1\" = -m ]; then exec '{py}' '{run}' '{py}' \"$@\"; fi\nexec '{py}' \"$@\""
        ),
    );
    let azrs_wrapper = wrapper(
        "azrs",
        format!(
            "exec '{py}' '{run}' '{}' \"$@\"",
            env!("CARGO_BIN_EXE_azrs")
        ),
    );

    let mut steps: Vec<Step> = Vec::new();
    let mut pairs: Vec<(String, Compare)> = Vec::new();
    let setup = |steps: &mut Vec<Step>, args: &[&str]| {
        let id = format!("setup{:02}", steps.len());
        steps.push(Step {
            id,
            tool: "az",
            args: args.iter().map(|a| a.to_string()).collect(),
        });
    };
    setup(
        &mut steps,
        &[
            "cloud",
            "register",
            "-n",
            "Emu",
            "--endpoint-resource-manager",
            "@URL@/",
        ],
    );
    // Logger warnings: each tool in turn switches to the emulator's cloud and back, so both
    // start from the same state.
    for tool in ["az", "azrs"] {
        for (label, cloud) in [
            ("warning_cloud_set_emu", "Emu"),
            ("warning_cloud_set_azure", "AzureCloud"),
        ] {
            steps.push(Step {
                id: format!("{label}.{tool}"),
                tool,
                args: ["cloud", "set", "-n", cloud].map(String::from).to_vec(),
            });
        }
    }
    pairs.push(("warning_cloud_set_emu".into(), Compare::All));
    pairs.push(("warning_cloud_set_azure".into(), Compare::All));
    let mut pair = |steps: &mut Vec<Step>, label: &str, compare: Compare, args: &[&str]| {
        for tool in ["az", "azrs"] {
            steps.push(Step {
                id: format!("{label}.{tool}"),
                tool,
                args: args.iter().map(|a| a.to_string()).collect(),
            });
        }
        pairs.push((label.to_string(), compare));
    };
    setup(&mut steps, &["cloud", "set", "-n", "Emu"]);
    setup(&mut steps, crate::session::SP_LOGIN);
    // Tags whose YAML needs quotes, spaces inside quotes and a non-ASCII letter.
    setup(
        &mut steps,
        &[
            "group", "create", "-n", "rg1", "-l", "westus2", "--tags", "a=b c", "n=1", "y=yes",
            "k=x: y", "u=Zoë", "e=",
        ],
    );
    pair(
        &mut steps,
        "jsonc",
        Compare::All,
        &["group", "show", "-n", "rg1", "-o", "jsonc"],
    );
    pair(
        &mut steps,
        "yamlc",
        Compare::All,
        &["group", "show", "-n", "rg1", "-o", "yamlc"],
    );
    pair(
        &mut steps,
        "arm_error",
        Compare::All,
        &["group", "show", "-n", "missing"],
    );
    pair(
        &mut steps,
        "arm_error_only_show_errors",
        Compare::All,
        &["group", "show", "-n", "missing", "--only-show-errors"],
    );
    pair(
        &mut steps,
        "parser_error_typo",
        Compare::All,
        &["group", "shwo"],
    );
    pair(
        &mut steps,
        "parser_error_examples",
        Compare::All,
        &["group", "create", "-n", "x"],
    );
    pair(
        &mut steps,
        "unknown_flag_no_color",
        Compare::All,
        &["group", "show", "-n", "x", "--no-color"],
    );
    pair(
        &mut steps,
        "query_error",
        Compare::All,
        &["group", "list", "--query", "[?"],
    );
    pair(
        &mut steps,
        "experimental_note_and_error",
        Compare::All,
        &["config", "get", "core.nothing"],
    );
    // az also tries to register the provider before failing on the group; only the
    // deprecation note, its first line, is about colour.
    pair(
        &mut steps,
        "deprecation_note",
        Compare::FirstLine,
        &[
            "aks",
            "create",
            "-g",
            "nope",
            "-n",
            "c",
            "--docker-bridge-address",
            "172.17.0.1/16",
            "--no-ssh-key",
        ],
    );
    // The themes change the error's colour and the hints'; the status note keeps knack's.
    for theme in ["light", "cloud-shell", "none"] {
        setup(
            &mut steps,
            &["config", "set", &format!("core.theme={theme}")],
        );
        pair(
            &mut steps,
            &format!("theme_{theme}_parser_error"),
            Compare::All,
            &["group", "create", "-n", "x"],
        );
    }
    pair(
        &mut steps,
        "theme_none_note_and_error",
        Compare::All,
        &["config", "get", "core.nothing"],
    );
    setup(&mut steps, &["config", "set", "core.no_color=true"]);
    pair(
        &mut steps,
        "no_color_error",
        Compare::All,
        &["group", "show", "-n", "missing"],
    );
    pair(
        &mut steps,
        "no_color_yamlc",
        Compare::All,
        &["group", "show", "-n", "rg1", "-o", "yamlc"],
    );

    let mut plan = String::new();
    for s in &steps {
        let _ = writeln!(plan, "{}\t{}\t{}", s.id, s.tool, s.args.join("\t"));
    }
    let plan_file = dir.path().join("plan.tsv");
    std::fs::write(&plan_file, plan).expect("plan");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("out dir");
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential/az_differential.sh");
    let started = std::time::Instant::now();
    let session = Command::new("bash")
        .arg(&script)
        .arg(&python_wrapper)
        .arg(sandbox::emulator_bin())
        .arg(&azrs_wrapper)
        .arg(&plan_file)
        .arg(&out)
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .output()
        .expect("run the namespace script");
    println!("colour session took {:.1?}", started.elapsed());
    assert!(
        session.status.success(),
        "session failed: {}",
        String::from_utf8_lossy(&session.stderr)
    );
    let read = |id: &str, ext: &str| {
        std::fs::read_to_string(out.join(format!("{id}.{ext}"))).unwrap_or_default()
    };
    for s in steps.iter().filter(|s| s.id.starts_with("setup")) {
        assert_eq!(
            read(&s.id, "rc").trim(),
            "0",
            "setup {:?}: {}",
            s.args,
            read(&s.id, "err")
        );
    }

    let mut report = String::new();
    for (label, compare) in &pairs {
        let outcome = |tool: &str| {
            let id = format!("{label}.{tool}");
            let err = read(&id, "err");
            match compare {
                Compare::All => format!(
                    "exit {}\n--stdout\n{}--stderr\n{err}",
                    read(&id, "rc").trim(),
                    read(&id, "out")
                ),
                Compare::FirstLine => err.lines().next().unwrap_or_default().to_string(),
            }
        };
        let (az, azrs) = (outcome("az"), as_az(&outcome("azrs")));
        // The pty must really have turned colour on (or off where the config says so), or
        // the comparison would prove nothing.
        let coloured = az.contains('\u{1b}');
        assert_eq!(
            coloured,
            !label.starts_with("no_color_"),
            "{label}: az's output is {}coloured:\n{az}",
            if coloured { "" } else { "not " }
        );
        report.push_str(&oracle::diff(label, &az, &azrs));
    }
    assert!(
        report.is_empty(),
        "az and azrs colour differently:\n{report}"
    );
}

/// azrs's output with its program name read as az's where it prints it: the highlighted
/// first word of a help example (the README's one deliberate difference).
fn as_az(text: &str) -> String {
    text.replace("\u{1b}[94mazrs\u{1b}", "\u{1b}[94maz\u{1b}")
        .replace("\u{1b}[34mazrs\u{1b}", "\u{1b}[34maz\u{1b}")
        .replace(
            "\u{1b}[38;2;108;176;255mazrs\u{1b}",
            "\u{1b}[38;2;108;176;255maz\u{1b}",
        )
        .replace("\nazrs group create", "\naz group create")
}
