//! Helpers several modules of this binary share: the sandbox every test runs azrs in, the
//! emulator's default subscription, the ARM requests azrs sent as the emulator logged them,
//! and az's ARM error text. Support code that the differential binary needs too (the sandbox's
//! machinery, fake HTTP, wheels, the oracle) is the `azrs-test-support` crate instead.
//!
//! [`Azrs`] is the support crate's sandbox with this binary's default: [`Azrs::new`] runs
//! `azrs::app::run` in this test process with the sandbox's env map and a buffer
//! [`Term`](azrs::term::Term), so a run costs no fork/exec and no binary start-up.
//! [`Azrs::spawn`] runs the real binary instead; a test uses it only when what it checks
//! exists only in a process (signals, TTY detection, a closed pipe, `main`, the working
//! directory), and says why beside the call. The support crate cannot install the in-process
//! runner itself because it does not depend on `azrs` (its crate doc says why), so this
//! wrapper hands it [`run_in_process`].
//!
//! What makes in-process runs safe in parallel test threads: `app::run` reads the
//! environment only from its env map, prints only to its `Term`, keeps its `--debug` log
//! subscriber thread-local for the run, and builds its own current-thread runtime. Two
//! process-wide effects remain, both harmless here: tokio's Ctrl-C handler is installed in
//! the test process on the first run (a Ctrl-C at the test runner would end every in-process
//! run with exit 1 rather than kill the binary), and relative paths in argv resolve against
//! the test process's directory, not the sandbox root (tests pass absolute paths).

use std::ops::{Deref, DerefMut};

use azrs::term::{MemoryTerm, Term};
use azrs_test_support::sandbox;
pub(crate) use azrs_test_support::sandbox::Run;
use serde_json::Value;

/// Set to `1` in the test process's environment to make [`Azrs::new`] spawn the binary.
const SPAWN_ENV: &str = "AZRS_IT_SPAWN";

/// A sandbox (temp home, config dir, emulator state) whose runs are in process by default.
pub(crate) struct Azrs(sandbox::Azrs);

impl Azrs {
    /// A fresh sandbox whose runs call `azrs::app::run` in this process, or spawn the binary
    /// when `AZRS_IT_SPAWN=1` is set for the test run (to compare the two, or time them).
    pub(crate) fn new() -> Azrs {
        if std::env::var_os(SPAWN_ENV).is_some_and(|v| v == "1") {
            return Azrs::spawn();
        }
        Azrs(sandbox::Azrs::in_process(run_in_process))
    }

    /// A fresh sandbox whose runs spawn the real binary: only for what needs a process.
    pub(crate) fn spawn() -> Azrs {
        Azrs(sandbox::Azrs::spawn())
    }

    /// Runs `azrs ARGS` in process on a buffer terminal that behaves as `spec` says (stdin
    /// text, which streams claim to be TTYs), whichever runner the sandbox has: what a spawned
    /// run cannot fake without a pseudo-terminal.
    pub(crate) fn run_on(&self, args: &[&str], spec: MemoryTerm) -> Run {
        run_on_term(args, self.env(), spec)
    }
}

impl Deref for Azrs {
    type Target = sandbox::Azrs;
    fn deref(&self) -> &sandbox::Azrs {
        &self.0
    }
}

impl DerefMut for Azrs {
    fn deref_mut(&mut self) -> &mut sandbox::Azrs {
        &mut self.0
    }
}

/// One in-process run: `azrs ARGS` through `azrs::app::run` with exactly the sandbox's
/// environment and a buffer terminal whose stdin holds `stdin` and is not a TTY (as the
/// spawned binary's `/dev/null` or pipe is not).
fn run_in_process(args: &[&str], env: &[(String, String)], stdin: Option<&str>) -> Run {
    let spec = MemoryTerm {
        stdin: stdin.unwrap_or_default().to_owned(),
        ..MemoryTerm::default()
    };
    run_on_term(args, env, spec)
}

fn run_on_term(args: &[&str], env: &[(String, String)], spec: MemoryTerm) -> Run {
    let (term, capture) = Term::in_memory_with(spec);
    let argv = std::iter::once("azrs")
        .chain(args.iter().copied())
        .map(str::to_owned)
        .collect();
    let code = azrs::app::run(argv, env.iter().cloned().collect(), &term);
    Run {
        code: i32::from(code),
        stdout: capture.stdout(),
        stderr: capture.stderr(),
    }
}

/// The emulator's default subscription and tenant (the reference walkthrough's).
pub(crate) const SUB: &str = "00000000-0000-4000-8000-0000000005ab";
pub(crate) const TENANT: &str = "00000000-0000-4000-8000-00000000face";
pub(crate) const TRAILER: &str =
    "\nhttps://aka.ms/cli_ref\nRead more about the command in reference docs\n";

/// The ARM requests logged after the first `skip` entries (token requests left out).
pub(crate) fn arm_requests(azrs: &Azrs, skip: usize) -> Vec<Value> {
    azrs.requests()
        .into_iter()
        .skip(skip)
        .filter(|r| !r["path"].as_str().unwrap_or_default().contains("/oauth2/"))
        .collect()
}

/// Runs a command and returns it with the ARM requests it sent.
pub(crate) fn run_logged(azrs: &Azrs, args: &[&str]) -> (Run, Vec<Value>) {
    let before = azrs.requests().len();
    let run = azrs.run(args);
    (run, arm_requests(azrs, before))
}

pub(crate) fn header<'a>(req: &'a Value, name: &str) -> &'a str {
    req["headers"][name].as_str().unwrap_or_default()
}

/// az's ARM error text for the error envelope the emulator answered with (output.md §8.2).
pub(crate) fn arm_error_stderr(resp_body: &Value) -> String {
    let code = resp_body["error"]["code"].as_str().expect("error code");
    let message = resp_body["error"]["message"]
        .as_str()
        .expect("error message");
    format!("ERROR: ({code}) {message}\nCode: {code}\nMessage: {message}\n")
}

pub(crate) fn feature_json(ns: &str, name: &str, state: &str) -> String {
    format!(
        "{{\n  \"id\": \"/subscriptions/{SUB}/providers/Microsoft.Features/providers/{ns}/features/{name}\",\n  \"name\": \"{ns}/{name}\",\n  \"properties\": {{\n    \"state\": \"{state}\"\n  }},\n  \"type\": \"Microsoft.Features/providers/features\"\n}}\n"
    )
}

pub(crate) fn register_warning(feature: &str, ns: &str, done: &str) -> String {
    format!(
        "WARNING: Once the feature '{feature}' is {done}, invoking 'az provider register -n {ns}' is required to get the change propagated\n"
    )
}
