//! The seed walkthrough's feature, provider and group steps, run as separate `azrs`
//! processes against the embedded emulator, print what the real az 2.91.0 printed in
//! `spec/reference/az-walkthrough-output.txt` (stdout, stderr and exit code).
//!
//! The emulator's defaults (subscription, tenant) are the reference run's, so ids compare
//! as they are; only the program name is normalised (`az` → `azrs` on the command line).

use crate::common::Azrs;
use std::path::PathBuf;

/// One `===== $ az ...` block of a transcript.
#[derive(Debug)]
struct Step {
    argv: Vec<String>,
    exit: i32,
    stdout: String,
    stderr: String,
}

fn transcript_path() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        manifest.join("../shared/spec/reference/az-walkthrough-output.txt"),
        PathBuf::from("/work/shared/spec/reference/az-walkthrough-output.txt"),
    ];
    candidates
        .into_iter()
        .find(|p| p.exists())
        .expect("az-walkthrough-output.txt (../shared/spec/reference) must exist")
}

/// Splits a shell-quoted command line (double quotes only, as the transcript uses).
fn split_command(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            _ => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

fn parse(text: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for block in text.split("\n===== $ ").skip(1) {
        let (cmd, rest) = block.split_once('\n').expect("command line");
        let exit: i32 = rest
            .split("----- exit=")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .expect("exit code");
        let stdout = rest
            .split_once("----- stdout:\n")
            .and_then(|(_, r)| r.split_once("----- stderr:\n"))
            .map(|(o, _)| o.to_string())
            .expect("stdout section");
        let stderr = rest
            .split_once("----- stderr:\n")
            .map(|(_, e)| e.trim_end_matches('\n').to_string())
            .expect("stderr section");
        let argv = split_command(cmd);
        assert_eq!(argv[0], "az", "transcript command: {cmd}");
        steps.push(Step {
            argv: argv[1..].to_vec(),
            exit,
            stdout,
            stderr,
        });
    }
    steps
}

fn normalise_stderr(s: &str) -> String {
    s.trim_end_matches('\n').to_string()
}

#[test]
fn feature_provider_group_steps_print_what_az_printed() {
    let text = std::fs::read_to_string(transcript_path()).expect("read transcript");
    let steps = parse(&text);
    let wanted = [
        "feature register",
        "feature list",
        "provider register",
        "group create",
    ];
    let sandbox = Azrs::new();
    let mut compared = 0;
    for step in &steps {
        let name = step
            .argv
            .iter()
            .take(2)
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        if !wanted.contains(&name.as_str()) {
            continue;
        }
        let args: Vec<&str> = step.argv.iter().map(String::as_str).collect();
        let run = sandbox.run(&args);
        assert_eq!(run.code, step.exit, "exit code of `{name}`: {run:#?}");
        assert_eq!(run.stdout, step.stdout, "stdout of `{name}`");
        assert_eq!(
            normalise_stderr(&run.stderr),
            normalise_stderr(&step.stderr),
            "stderr of `{name}`"
        );
        compared += 1;
    }
    assert_eq!(
        compared,
        wanted.len(),
        "every wanted step is in the transcript"
    );
}

#[test]
fn transcript_parser_reads_commands_and_sections() {
    let steps = parse(
        "# header\n\n===== $ az group create --name rg --query \"[?a=='b']\"\n----- exit=0 wall_ms=1\n----- stdout:\n{}\n----- stderr:\nWARNING: x\n",
    );
    assert_eq!(steps.len(), 1);
    assert_eq!(
        steps[0].argv,
        ["group", "create", "--name", "rg", "--query", "[?a=='b']"]
    );
    assert_eq!(steps[0].stdout, "{}\n");
    assert_eq!(steps[0].stderr, "WARNING: x");
}
