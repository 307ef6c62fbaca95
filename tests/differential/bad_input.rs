//! The bad-input table (`tests/it/hardening/bad_input_cases.rs`) run by the real az 2.91 and by
//! azrs against one emulator, in one `az_differential.sh` session: for every case, the same exit
//! code, the same `ERROR:` lines (az's program name read as `azrs`, as the README documents),
//! and no request from azrs where az sends none. az's own outcome is also held to the table
//! (its exit code and the start of its error line), so the in-process table cannot drift from
//! the oracle it claims to follow.

use std::fmt::Write as _;
use std::path::Path;

#[path = "../it/hardening/bad_input_cases.rs"]
mod bad_input_cases;

use crate::session;

/// The `ERROR:` lines of a run, az's program name in usage errors read as `azrs`.
fn error_lines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.starts_with("ERROR:"))
        .map(|l| match l.strip_prefix("ERROR: az ") {
            Some(rest) => format!("ERROR: azrs {rest}"),
            None => l.replace("'az login'", "'azrs login'"),
        })
        .collect()
}

struct Step {
    code: String,
    stderr: String,
    /// Requests the emulator logged during the step (tokens included).
    requests: usize,
}

fn step(out: &Path, i: usize) -> Step {
    let read = |ext: &str| std::fs::read_to_string(out.join(format!("s{i:03}.{ext}")));
    let count = |j: usize| -> usize {
        std::fs::read_to_string(out.join(format!("s{j:03}.nreq")))
            .ok()
            .and_then(|t| t.trim().parse().ok())
            .unwrap_or(0)
    };
    Step {
        code: read("rc").unwrap_or_default().trim().to_string(),
        stderr: read("err").unwrap_or_default(),
        requests: count(i).saturating_sub(if i == 0 { 0 } else { count(i - 1) }),
    }
}

pub fn az_and_azrs_agree_on_bad_input(python: &Path) {
    let files = tempfile::tempdir().expect("files dir");
    bad_input_cases::write_files(files.path());
    let table = bad_input_cases::cases(files.path(), "@URL@/");
    assert!(table.len() >= 60, "only {} cases", table.len());

    let mut steps: Vec<(&str, Vec<String>)> = Vec::new();
    let mut setup =
        |args: &[&str]| steps.push(("az", args.iter().map(|s| s.to_string()).collect()));
    setup(&[
        "cloud",
        "register",
        "-n",
        "Emu",
        "--endpoint-resource-manager",
        "@URL@/",
    ]);
    setup(&["cloud", "set", "-n", "Emu"]);
    setup(crate::session::SP_LOGIN);
    setup(&[
        "provider",
        "register",
        "--namespace",
        "Microsoft.ContainerService",
    ]);
    for g in ["rg", "prod", "victim", "rg2"] {
        setup(&["group", "create", "-n", g, "-l", "westus2"]);
    }
    setup(&["aks", "create", "-g", "rg", "-n", "c1", "--no-ssh-key"]);
    setup(&["aks", "get-credentials", "-g", "rg", "-n", "c1"]);
    let first_case = steps.len();
    for c in &table {
        steps.push(("az", c.args.clone()));
        steps.push(("azrs", c.args.clone()));
    }
    let mut plan = String::new();
    for (i, (tool, args)) in steps.iter().enumerate() {
        let _ = writeln!(plan, "s{i:03}\t{tool}\t{}", args.join("\t"));
    }
    let run = session::run("bad_input", python, &plan);
    assert!(
        run.output.status.success(),
        "session failed: {}",
        String::from_utf8_lossy(&run.output.stderr)
    );
    for (i, (_, args)) in steps.iter().enumerate().take(first_case) {
        let s = step(&run.out, i);
        assert_eq!(s.code, "0", "setup az {args:?}: {}", s.stderr);
    }

    let mut failures = Vec::new();
    let mut known = 0;
    for (n, c) in table.iter().enumerate() {
        let (az, azrs) = (
            step(&run.out, first_case + 2 * n),
            step(&run.out, first_case + 2 * n + 1),
        );
        let mut wrong = Vec::new();
        // A known difference: the table describes azrs there, not az.
        if let Some(why) = c.differs {
            println!("known {}: {why}", c.args.join(" "));
            known += 1;
            continue;
        }
        // The table's claims about az hold for az.
        if c.sends != (az.requests != 0) {
            wrong.push(format!(
                "az sent {} requests (table: sends {})",
                az.requests, c.sends
            ));
        }
        if az.code != c.code.to_string() {
            wrong.push(format!("az exits {} (table: {})", az.code, c.code));
        }
        let (az_errors, azrs_errors) = (error_lines(&az.stderr), error_lines(&azrs.stderr));
        if !c.error.is_empty() && !az_errors.join("\n").starts_with(c.error) {
            wrong.push(format!(
                "az's error {az_errors:?} does not start {:?}",
                c.error
            ));
        }
        if az.code != azrs.code {
            wrong.push(format!("exit az {} azrs {}", az.code, azrs.code));
        }
        if az_errors != azrs_errors {
            wrong.push(format!("ERROR lines az {az_errors:?} azrs {azrs_errors:?}"));
        }
        if az.requests == 0 && azrs.requests != 0 {
            wrong.push(format!("azrs sent {} requests, az none", azrs.requests));
        }
        let status = if wrong.is_empty() { "ok  " } else { "DIFF" };
        println!("{status} {}", c.args.join(" "));
        if !wrong.is_empty() {
            failures.push(format!("`{}`: {}", c.args.join(" "), wrong.join("; ")));
        }
    }
    println!(
        "{} cases agree, {known} known differences",
        table.len() - known - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} bad-input cases differ from az 2.91:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}
