//! A sandbox for running azrs against the embedded emulator with a scrubbed environment.
//!
//! Every variable azrs reads is absent unless a test sets it: a run starts from an empty
//! environment plus a minimal `PATH`, a temp `HOME`, a temp `AZURE_CONFIG_DIR`, and
//! `AZRS_EMULATOR` pointing at a temp state dir, with `AZRS_TEST_NO_DELAY=1` so retries and
//! polls do not sleep.
//!
//! A sandbox runs azrs one of two ways, chosen when it is made:
//! - [`Azrs::in_process`]: a function the test binary supplies calls `azrs::app::run` with the
//!   sandbox's environment as its env map and a buffer terminal. No process, no exec, so a
//!   run costs what the command costs. This crate cannot name `azrs::app::run` itself: it
//!   depends on neither `azrs` nor `azrs-emulator` (see the crate doc), so the runner is a
//!   plain function pointer ([`InProcess`]) that `tests/it/common.rs` installs.
//! - [`Azrs::spawn`]: the real binary as a child process (empty environment plus the
//!   sandbox's, working directory the sandbox root, stdin `/dev/null` or a pipe). For what
//!   only a process has: signals, real TTY detection, closed pipes, `main` itself.
//!
//! Both produce the same [`Run`], so a test reads the same whichever way it ran.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One finished `azrs` run.
#[derive(Debug, Clone)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics with the whole run when the exit code is not `code`.
    #[track_caller]
    pub fn expect_code(self, code: i32) -> Run {
        assert_eq!(self.code, code, "unexpected exit code: {self:#?}");
        self
    }

    /// Panics unless the run succeeded; returns it.
    #[track_caller]
    pub fn ok(self) -> Run {
        self.expect_code(0)
    }

    /// stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:#?}"))
    }
}

/// Runs azrs in the calling process: `args` without the program name, the sandbox's whole
/// environment (nothing else may be read), and stdin's text (`None`: empty). stdin is never a
/// terminal, as with [`Azrs::spawn`]'s `/dev/null` or pipe.
pub type InProcess = fn(args: &[&str], env: &[(String, String)], stdin: Option<&str>) -> Run;

/// How a sandbox runs azrs.
#[derive(Clone, Copy)]
enum Runner {
    InProcess(InProcess),
    Spawn,
}

/// A sandbox: temp home, config dir and emulator state shared by every run.
pub struct Azrs {
    root: tempfile::TempDir,
    env: Vec<(String, String)>,
    runner: Runner,
}

impl Azrs {
    /// A fresh sandbox whose runs call `runner` in this process.
    pub fn in_process(runner: InProcess) -> Azrs {
        Azrs::with_runner(Runner::InProcess(runner))
    }

    /// A fresh sandbox whose runs spawn the real `azrs` binary.
    pub fn spawn() -> Azrs {
        Azrs::with_runner(Runner::Spawn)
    }

    /// A fresh sandbox with the embedded emulator switched on.
    fn with_runner(runner: Runner) -> Azrs {
        let root = tempfile::tempdir().expect("temp dir");
        for d in ["home", "config", "emulator"] {
            std::fs::create_dir_all(root.path().join(d)).expect("mkdir");
        }
        let mut azrs = Azrs {
            env: Vec::new(),
            root,
            runner,
        };
        let home = azrs.home().display().to_string();
        let config = azrs.config_dir().display().to_string();
        let emu = azrs.emulator_dir().display().to_string();
        azrs.env = vec![
            ("PATH".into(), "/usr/bin:/bin".into()),
            ("HOME".into(), home),
            ("AZURE_CONFIG_DIR".into(), config),
            ("AZRS_EMULATOR".into(), emu),
            ("AZRS_TEST_NO_DELAY".into(), "1".into()),
        ];
        azrs
    }

    /// Sets (or replaces) an environment variable for later runs.
    pub fn set_env(&mut self, key: &str, value: &str) {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.into(), value.into()));
    }

    /// Removes an environment variable for later runs.
    pub fn remove_env(&mut self, key: &str) {
        self.env.retain(|(k, _)| k != key);
    }

    /// The sandbox's `HOME`.
    pub fn home(&self) -> PathBuf {
        self.root.path().join("home")
    }

    /// The sandbox's `AZURE_CONFIG_DIR`.
    pub fn config_dir(&self) -> PathBuf {
        self.root.path().join("config")
    }

    /// The embedded emulator's state dir.
    pub fn emulator_dir(&self) -> PathBuf {
        self.root.path().join("emulator")
    }

    /// A path inside the sandbox.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    /// The environment every run gets, in the order it was set.
    pub fn env(&self) -> &[(String, String)] {
        &self.env
    }

    /// Runs `azrs ARGS` and waits for it.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(args, None)
    }

    /// Runs `azrs ARGS` with stdin fed from `input`.
    pub fn run_in(&self, args: &[&str], input: Option<&str>) -> Run {
        match self.runner {
            Runner::InProcess(run) => run(args, &self.env, input),
            Runner::Spawn => self.spawn_run(args, input),
        }
    }

    /// `azrs ARGS` as a child process with the sandbox's environment and the sandbox root as
    /// its working directory, not yet started: for tests that drive the process themselves
    /// (signals, closed pipes). Whichever runner the sandbox has, this is the real binary.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(bin());
        cmd.args(args)
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .current_dir(self.root.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    fn spawn_run(&self, args: &[&str], input: Option<&str>) -> Run {
        let mut cmd = self.command(args);
        if input.is_some() {
            cmd.stdin(Stdio::piped());
        }
        let mut child = cmd.spawn().expect("spawn azrs");
        if let Some(text) = input {
            use std::io::Write;
            let mut stdin = child.stdin.take().expect("stdin");
            stdin.write_all(text.as_bytes()).expect("write stdin");
        }
        let out = child.wait_with_output().expect("wait azrs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// The requests the emulator received so far (`requests.jsonl`), parsed.
    pub fn requests(&self) -> Vec<serde_json::Value> {
        read_jsonl(&self.emulator_dir().join("requests.jsonl"))
    }
}

/// The azrs binary under test: `target/<profile>/azrs`, beside the `deps/` folder that holds
/// the running test binary. (`CARGO_BIN_EXE_azrs` exists only while compiling the azrs
/// package's own test targets, not this library; cargo builds the binary before running
/// them either way.)
pub fn bin() -> PathBuf {
    target_file("azrs")
}

/// The `azrs-emulator` binary: built beside `azrs` by `cargo test` (the emulator crate's own
/// integration tests make cargo build it).
pub fn emulator_bin() -> PathBuf {
    target_file("azrs-emulator")
}

/// `target/<profile>/<name>` (with the platform's executable suffix); panics with the fix when
/// it is missing.
fn target_file(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("path of the running test binary");
    // target/<profile>/deps/<test>-<hash> -> target/<profile>/
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test binaries live in target/<profile>/deps");
    let p = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        p.exists(),
        "{} is missing: run `cargo build --workspace --bins` (plain `cargo test` builds it)",
        p.display()
    );
    p
}

fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("jsonl line"))
        .collect()
}
