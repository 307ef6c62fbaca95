//! Runs that end early: Ctrl-C at every y/n prompt azrs has (typed on a real pseudo-terminal,
//! so the line discipline sends SIGINT as it does for a person), SIGTERM and SIGHUP while a
//! command holds the kubeconfig lock, and the kill campaign: `kill -9` and SIGTERM at random
//! (seeded) moments over the commands that write files (`extension add/update/remove` from a
//! file and from the emulator's index among them). After each, every file is the old or
//! the new version, parseable, unknown keys kept, kubectl still works, and the next run leaves
//! no temporary or lock file behind.
//!
//! These spawn the real binary (signals must reach a process of its own), with the sandbox's
//! directories and environment. `AZRS_KILL_CAMPAIGN=<kills>` raises the campaign's budget
//! (default 200); `AZRS_KILL_SEED=<n>` replays one.

#![cfg(unix)]
// The visible skip message and the campaign summary go to the test log.
#![allow(clippy::print_stderr)]

use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use azrs_test_support::sandbox;

use crate::common::Azrs;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::common::{SUB, TENANT};

/// The sandbox's environment, for a spawned `azrs` (the sandbox's own runner waits for it).
fn env(az: &Azrs) -> Vec<(String, String)> {
    vec![
        ("PATH".into(), "/usr/bin:/bin".into()),
        ("HOME".into(), az.home().display().to_string()),
        (
            "AZURE_CONFIG_DIR".into(),
            az.config_dir().display().to_string(),
        ),
        (
            "AZRS_EMULATOR".into(),
            az.emulator_dir().display().to_string(),
        ),
        ("AZRS_TEST_NO_DELAY".into(), "1".into()),
    ]
}

fn command(az: &Azrs, program: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args)
        .env_clear()
        .envs(env(az))
        .current_dir(az.home());
    cmd
}

/// A child on a pseudo-terminal of its own (its controlling terminal, through `setsid -c`),
/// and everything it printed there so far.
struct OnPty {
    child: Child,
    master: std::fs::File,
    seen: Arc<Mutex<Vec<u8>>>,
}

impl OnPty {
    fn spawn(az: &Azrs, args: &[&str]) -> OnPty {
        let pty = nix::pty::openpty(None, None).expect("openpty");
        let slave = |fd: &OwnedFd| Stdio::from(fd.try_clone().expect("dup pty"));
        let mut full = vec![sandbox::bin().display().to_string()];
        full.extend(args.iter().map(|a| a.to_string()));
        let full: Vec<&str> = full.iter().map(String::as_str).collect();
        let mut cmd = command(
            az,
            Path::new("/usr/bin/setsid"),
            &[&["-c"], &full[..]].concat(),
        );
        cmd.stdin(slave(&pty.slave))
            .stdout(slave(&pty.slave))
            .stderr(slave(&pty.slave));
        let child = cmd.spawn().expect("spawn azrs on a pty");
        // Only the child may hold the terminal's slave side, so reads end when it exits.
        drop(cmd);
        drop(pty.slave);
        let master = std::fs::File::from(pty.master);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (mut reader, sink) = (master.try_clone().expect("dup master"), seen.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .expect("not poisoned")
                    .extend_from_slice(&buf[..n]);
            }
        });
        OnPty {
            child,
            master,
            seen,
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.seen.lock().expect("not poisoned")).into_owned()
    }

    /// Waits until the terminal shows `needle`.
    fn expect(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !self.text().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "no {needle:?} on the terminal; saw {:?}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types `bytes` on the terminal's keyboard.
    fn type_keys(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).expect("write to the pty");
    }

    fn wait(mut self) -> (ExitStatus, String) {
        let status = wait_timeout(&mut self.child, Duration::from_secs(30));
        // Give the reader a moment to drain what the child printed last.
        std::thread::sleep(Duration::from_millis(50));
        (status, self.text())
    }
}

fn wait_timeout(child: &mut Child, limit: Duration) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the run did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Every file under `dir` (recursively) whose name marks it as a leftover: azrs's temporary
/// files, lock files (its own and kubectl's) and extension staging directories.
fn litter(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        // The emulator's state is its own business (and its own tests').
        if path.ends_with("emulator") {
            continue;
        }
        if name.ends_with(".tmp") || name.ends_with(".lock") || name.starts_with(".azrs-stage-") {
            found.push(path.clone());
        }
        if path.is_dir() && !path.is_symlink() {
            found.extend(litter(&path));
        }
    }
    found
}

fn cluster_sandbox() -> Azrs {
    let az = Azrs::spawn();
    az.run(&["group", "create", "-n", "rg", "-l", "westus2"])
        .ok();
    az.run(&["aks", "create", "-g", "rg", "-n", "c1"]).ok();
    az
}

/// A kubeconfig holding a different `c1` (so get-credentials asks "Overwrite?") and a key
/// azrs does not model.
fn conflicting_kubeconfig(az: &Azrs) -> (PathBuf, String) {
    az.run(&["aks", "get-credentials", "-g", "rg", "-n", "c1"])
        .ok();
    let path = az.home().join(".kube/config");
    let text = std::fs::read_to_string(&path)
        .expect("kubeconfig")
        .replace("server: https://", "server: https://changed-")
        + "x-keep: me\n";
    std::fs::write(&path, &text).expect("write kubeconfig");
    (path, text)
}

fn assert_ctrl_c_ends(az: &Azrs, args: &[&str], prompt: &str) -> String {
    let mut run = OnPty::spawn(az, args);
    run.expect(prompt);
    run.type_keys(b"\x03");
    let (status, text) = run.wait();
    assert_eq!(status.code(), Some(1), "{args:?}: {text:?}");
    // Silent, as az: nothing after the prompt but the terminal's own echo of ^C.
    let after = &text[text.find(prompt).expect("prompt") + prompt.len()..];
    assert!(
        after.trim_start_matches("^C").trim().is_empty(),
        "{args:?} printed after Ctrl-C: {after:?}"
    );
    text
}

#[test]
fn ctrl_c_at_the_overwrite_prompt_exits_1_and_releases_the_lock() {
    // Regression: Ctrl-C at "Overwrite?" was ignored while the lock was held.
    let az = cluster_sandbox();
    let (path, before) = conflicting_kubeconfig(&az);
    assert_ctrl_c_ends(
        &az,
        &["aks", "get-credentials", "-g", "rg", "-n", "c1"],
        "Overwrite? (y/n): ",
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), before);
    assert_eq!(litter(&az.home()), Vec::<PathBuf>::new());
    // The lock is free: the next run goes through at once.
    az.run(&[
        "aks",
        "get-credentials",
        "-g",
        "rg",
        "-n",
        "c1",
        "--overwrite-existing",
    ])
    .ok();
}

#[test]
fn ctrl_c_at_each_delete_confirmation_exits_1_and_deletes_nothing() {
    let az = cluster_sandbox();
    let question = "Are you sure you want to perform this operation? (y/n): ";
    assert_ctrl_c_ends(&az, &["aks", "delete", "-g", "rg", "-n", "c1"], question);
    assert_ctrl_c_ends(&az, &["group", "delete", "-n", "rg"], question);
    az.run(&["aks", "show", "-g", "rg", "-n", "c1"]).ok();
    az.run(&["group", "show", "-n", "rg"]).ok();
}

#[test]
fn ctrl_c_at_the_extension_source_confirmation_exits_1_and_installs_nothing() {
    let az = Azrs::spawn();
    let spec = azrs_test_support::wheels::WheelSpec::new("demo-ext", "1.0.0");
    let wheel = az.path(&spec.filename());
    std::fs::write(&wheel, spec.build()).expect("wheel");
    let wheel = wheel.display().to_string();
    let text = assert_ctrl_c_ends(&az, &["extension", "add", "--source", &wheel], "(y/n): ");
    assert!(text.contains("Are you sure"), "{text:?}");
    let ext_dir = az.config_dir().join("cliextensions");
    let installed: Vec<_> = std::fs::read_dir(&ext_dir)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(installed.is_empty(), "{installed:?}");
}

#[test]
fn sigterm_and_sighup_at_a_prompt_exit_1_and_release_the_lock() {
    let az = cluster_sandbox();
    let (path, before) = conflicting_kubeconfig(&az);
    for signal in [Signal::SIGTERM, Signal::SIGHUP] {
        let run = OnPty::spawn(&az, &["aks", "get-credentials", "-g", "rg", "-n", "c1"]);
        run.expect("Overwrite? (y/n): ");
        let lock = az.home().join(".kube/config.azrs.lock");
        assert!(lock.exists(), "the lock is held at the prompt");
        // `setsid` exec'd azrs: the child's pid is azrs's.
        let pid = Pid::from_raw(i32::try_from(run.child.id()).expect("pid"));
        kill(pid, signal).expect("signal");
        let (status, _) = run.wait();
        assert_eq!(status.code(), Some(1), "{signal}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), before);
        assert_eq!(litter(&az.home()), Vec::<PathBuf>::new(), "{signal}");
    }
}

/// Whether kubectl is here; the campaign says so when it is not (`.ci/run` installs it).
fn kubectl() -> Option<PathBuf> {
    let found = ["/usr/local/bin/kubectl", "/usr/bin/kubectl"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        eprintln!("kubectl is not installed: the kill campaign skips its kubectl checks");
    }
    found
}

fn kubectl_works(kubectl: &Path, kubeconfig: &Path, write: bool) {
    let mut args = vec!["config", "view", "-o", "json"];
    if write {
        // Takes kubectl's own `config.lock`: fails while a stranded one exists.
        args = vec!["config", "use-context", "c1"];
    }
    let out = Command::new(kubectl)
        .args(&args)
        .env_clear()
        .env("KUBECONFIG", kubeconfig)
        .env("HOME", kubeconfig.parent().expect("dir"))
        .output()
        .expect("run kubectl");
    assert!(
        out.status.success(),
        "kubectl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The files the campaign's commands write, each checked to parse with what it must keep.
fn check_files(az: &Azrs, kubeconfig: &Path) {
    if kubeconfig.exists() {
        let doc = azrs::kubeconfig::read(kubeconfig).expect("kubeconfig parses");
        assert_eq!(doc["x-keep"], "me", "unknown key kept");
    }
    let profile = az.config_dir().join("azureProfile.json");
    if let Ok(text) = std::fs::read_to_string(&profile) {
        let v: serde_json::Value =
            serde_json::from_str(text.trim_start_matches('\u{feff}')).expect("profile parses");
        assert_eq!(v["x-keep"], "me", "unknown profile key kept");
    }
    for ini in ["config", "clouds.config"] {
        if let Ok(text) = std::fs::read_to_string(az.config_dir().join(ini)) {
            assert!(
                text.is_empty() || text.starts_with('[') || text.starts_with('#'),
                "{ini}: {text:?}"
            );
        }
    }
    let config = std::fs::read_to_string(az.config_dir().join("config")).unwrap_or_default();
    assert!(
        config.contains("x_keep = me"),
        "unknown config key kept: {config:?}"
    );
    // An extension is installed whole or not at all, and is one version (the old or the new
    // one after an update): one `.dist-info`, every file its RECORD hashes present.
    if let Ok(dirs) = std::fs::read_dir(az.config_dir().join("cliextensions")) {
        for d in dirs.flatten().filter(|d| d.path().is_dir()) {
            let name = d.file_name().to_string_lossy().into_owned();
            if name.starts_with(".azrs-stage-") {
                continue;
            }
            let infos: Vec<PathBuf> = std::fs::read_dir(d.path())
                .expect("extension dir")
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".dist-info"))
                .collect();
            assert_eq!(infos.len(), 1, "extension {name}: dist-infos {infos:?}");
            let record = std::fs::read_to_string(infos[0].join("RECORD"))
                .unwrap_or_else(|e| panic!("extension {name}: RECORD: {e}"));
            for line in record.lines() {
                let mut fields = line.rsplitn(3, ',');
                let (_size, hash, file) = (fields.next(), fields.next(), fields.next());
                if let (Some(file), Some(hash)) = (file, hash)
                    && !hash.is_empty()
                {
                    assert!(
                        d.path().join(file).is_file(),
                        "extension {name}: {file} of its RECORD is missing"
                    );
                }
            }
        }
    }
}

/// A small seeded generator (splitmix64): the same seed replays the same kills.
struct SplitMix(u64);

impl SplitMix {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % n
    }
}

#[test]
fn kill_campaign_leaves_every_file_old_or_new() {
    let kills: usize = std::env::var("AZRS_KILL_CAMPAIGN")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("AZRS_KILL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let mut rng = SplitMix(seed);
    let az = cluster_sandbox();
    let kubeconfig = az.home().join(".kube/config");
    az.run(&["aks", "get-credentials", "-g", "rg", "-n", "c1"])
        .ok();
    let text = std::fs::read_to_string(&kubeconfig).expect("kubeconfig") + "x-keep: me\n";
    std::fs::write(&kubeconfig, text).expect("write");
    crate::login::login_sp(&az, &[]).ok();
    let profile = az.config_dir().join("azureProfile.json");
    let mut p: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&profile)
            .expect("profile")
            .trim_start_matches('\u{feff}'),
    )
    .expect("profile json");
    p["x-keep"] = "me".into();
    std::fs::write(&profile, p.to_string()).expect("write profile");
    std::fs::write(az.config_dir().join("config"), "[core]\nx_keep = me\n").expect("config");
    let spec = azrs_test_support::wheels::WheelSpec::new("demo-ext", "1.0.0");
    let wheel = az.path(&spec.filename());
    std::fs::write(&wheel, spec.build()).expect("wheel");
    let wheel = wheel.display().to_string();
    let kubectl = kubectl();

    let commands: Vec<Vec<String>> = [
        vec![
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "--overwrite-existing",
        ],
        vec![
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "--context",
            "other",
            "--overwrite-existing",
        ],
        vec!["account", "set", "-s", SUB],
        vec![
            "login",
            "--service-principal",
            "--username",
            crate::login::SP_ID,
            "--password",
            crate::login::SP_SECRET,
            "--tenant",
            TENANT,
        ],
        vec![
            "cloud",
            "register",
            "-n",
            "KillCloud",
            "--skip-endpoint-discovery",
            "--endpoint-resource-manager",
            "https://127.0.0.1:8443/",
        ],
        vec!["cloud", "unregister", "-n", "KillCloud"],
        vec!["cloud", "set", "-n", "AzureCloud"],
        vec!["extension", "add", "--source", &wheel, "-y"],
        vec!["extension", "remove", "-n", "demo-ext"],
        // From the emulator's index: an older preview, the update to the newer, the removal.
        vec![
            "extension",
            "add",
            "-n",
            "aks-preview",
            "--version",
            "19.0.0b1",
            "-y",
        ],
        vec!["extension", "update", "-n", "aks-preview"],
        vec!["extension", "remove", "-n", "aks-preview"],
    ]
    .into_iter()
    .map(|c| c.into_iter().map(String::from).collect())
    .collect();

    let started = Instant::now();
    let (mut handled, mut early) = (0, 0);
    for i in 0..kills {
        let args = &commands[rng.below(commands.len() as u64) as usize];
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut child = command(&az, &sandbox::bin(), &args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn azrs");
        std::thread::sleep(Duration::from_micros(rng.below(60_000)));
        let signal = if rng.below(2) == 0 {
            Signal::SIGKILL
        } else {
            Signal::SIGTERM
        };
        let pid = Pid::from_raw(i32::try_from(child.id()).expect("pid"));
        let _ = kill(pid, signal);
        let status = wait_timeout(&mut child, Duration::from_secs(30));
        // Ended by the handler (1); done before the signal (0, or az's own code); or, sent
        // before the process reached `main` (no program can handle that), died of it with
        // nothing written yet, which the file checks below cover.
        if signal == Signal::SIGTERM {
            match status.code() {
                Some(1) => handled += 1,
                Some(_) => {}
                None => early += 1,
            }
        }
        check_files(&az, &kubeconfig);
        if let Some(k) = &kubectl
            && i % 20 == 0
        {
            kubectl_works(k, &kubeconfig, false);
        }
    }
    assert!(handled > 0, "no SIGTERM was handled (exit 1)");
    // The next run of each sweeps what the kills left.
    for args in &commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        az.run(&args);
    }
    az.run(&["extension", "add", "--source", &wheel, "-y"]);
    check_files(&az, &kubeconfig);
    if let Some(k) = &kubectl {
        kubectl_works(k, &kubeconfig, false);
        kubectl_works(k, &kubeconfig, true);
    }
    assert_eq!(litter(&az.home()), Vec::<PathBuf>::new());
    assert_eq!(litter(&az.config_dir()), Vec::<PathBuf>::new());
    eprintln!(
        "{kills} kills (seed {seed}) in {:?}; SIGTERM handled {handled}, before main {early}",
        started.elapsed()
    );
}

#[test]
fn get_credentials_leaves_the_lock_kubectl_holds_alone() {
    // Regression: azrs took and removed `<kubeconfig>.lock`, kubectl's own lock file (client-go
    // creates it exclusively), so a killed run stranded kubectl and a finished one could
    // delete the lock of a kubectl running at the same time.
    let az = cluster_sandbox();
    let kube = az.home().join(".kube");
    std::fs::create_dir_all(&kube).expect("mkdir");
    let kubectl_lock = kube.join("config.lock");
    std::fs::write(&kubectl_lock, "").expect("kubectl holds its lock");
    az.run(&["aks", "get-credentials", "-g", "rg", "-n", "c1"])
        .ok();
    assert!(kubectl_lock.exists(), "kubectl's lock file was removed");
    std::fs::remove_file(&kubectl_lock).expect("kubectl releases it");
    assert_eq!(litter(&az.home()), Vec::<PathBuf>::new());
}

/// A command with nothing to clean up races its request against Ctrl-C, SIGTERM and SIGHUP
/// on its own runtime (no watcher thread, issue 12): a signal while the request waits on a
/// slow server ends the run at once, exit 1, nothing printed.
#[test]
fn a_signal_while_a_request_waits_exits_1_and_prints_nothing() {
    let emu = crate::hardening::emulator::Emulator::start(&[
        "--fault",
        "GET /subscriptions/*/resourcegroups/slow-rg=slowx10",
        "--slow-ms",
        "60000",
    ]);
    let az = emu.sandbox();
    for step in emu.login_steps("Slow") {
        let args: Vec<&str> = step.iter().map(String::as_str).collect();
        az.run(&args).ok();
    }
    for signal in [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP] {
        let mut child = az
            .command(&["group", "show", "-n", "slow-rg"])
            .spawn()
            .expect("spawn azrs");
        // Until the request is on its way: the emulator logs a request when it answers, so
        // wait for the connection instead (the token comes from the cache; a second is ample).
        std::thread::sleep(Duration::from_millis(1000));
        let started = Instant::now();
        let pid = Pid::from_raw(i32::try_from(child.id()).expect("pid"));
        kill(pid, signal).expect("signal");
        let status = wait_timeout(&mut child, Duration::from_secs(20));
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{signal}: the run went on for {:?}",
            started.elapsed()
        );
        assert_eq!(status.code(), Some(1), "{signal}");
        let mut out = String::new();
        let mut err = String::new();
        child
            .stdout
            .take()
            .expect("stdout")
            .read_to_string(&mut out)
            .expect("read stdout");
        child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut err)
            .expect("read stderr");
        assert_eq!((out.as_str(), err.as_str()), ("", ""), "{signal}");
    }
}
