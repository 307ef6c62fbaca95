//! What the process benchmarks share: measuring one child process exactly (wall time, CPU
//! time, peak resident memory) and the medians of many.
//!
//! Each measured command runs under a *runner*: the benchmark binary re-executed as
//! `BENCH --runner OUT CMD ARGS...`, which spawns the command (stdout and stderr inherited),
//! waits for it and appends one line `WALL_NS CPU_NS RSS_KIB` to the file `OUT`, read from its
//! own `getrusage(RUSAGE_CHILDREN)`. The runner has exactly one child,
//! so the figures are that command's own, peak memory included (a process's
//! `RUSAGE_CHILDREN` high-water mark covers all its children, which is why the benchmark
//! itself cannot read one child's peak). The runner works unchanged inside
//! `unshare -rn` where the real az is run. It does not measure itself.

#![allow(dead_code)] // each bench binary uses its own part of this module

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// One command's cost.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cost {
    pub wall: Duration,
    pub cpu: Duration,
    pub rss_kib: u64,
}

impl Cost {
    /// Parses a runner's line.
    pub fn parse(line: &str) -> Option<Cost> {
        let mut it = line.split_whitespace().map(|w| w.parse::<u64>().ok());
        let (wall, cpu, rss) = (it.next()??, it.next()??, it.next()??);
        Some(Cost {
            wall: Duration::from_nanos(wall),
            cpu: Duration::from_nanos(cpu),
            rss_kib: rss,
        })
    }

    /// The sum of two sequential commands (peak memory: the larger).
    pub fn then(self, next: Cost) -> Cost {
        Cost {
            wall: self.wall + next.wall,
            cpu: self.cpu + next.cpu,
            rss_kib: self.rss_kib.max(next.rss_kib),
        }
    }
}

/// If this process was started as a runner (`BENCH --runner OUT CMD ARGS...`), run the
/// command, append its cost to `OUT` and return the exit code to end with (1 when the command
/// failed, so a broken benchmark cannot pass for a fast one).
pub fn runner_main() -> Option<ExitCode> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) != Some("--runner") {
        return None;
    }
    let [_, _, out, cmd, rest @ ..] = args.as_slice() else {
        eprintln!("usage: --runner OUT CMD [ARGS...]");
        return Some(ExitCode::from(2));
    };
    let start = Instant::now();
    let status = Command::new(cmd).args(rest).stdin(Stdio::null()).status();
    let wall = start.elapsed();
    let Ok(status) = status else {
        eprintln!("cannot run {cmd}");
        return Some(ExitCode::from(2));
    };
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
        .expect("getrusage");
    let ns = |t: nix::sys::time::TimeVal| {
        u64::try_from(t.tv_sec()).unwrap_or(0) * 1_000_000_000
            + u64::try_from(t.tv_usec()).unwrap_or(0) * 1000
    };
    let cpu = ns(usage.user_time()) + ns(usage.system_time());
    let line = format!("{} {} {}\n", wall.as_nanos(), cpu, usage.max_rss());
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(out)
        .and_then(|mut f| std::io::Write::write_all(&mut f, line.as_bytes()));
    if let Err(e) = written {
        eprintln!("cannot write {out}: {e}");
        return Some(ExitCode::from(2));
    }
    Some(if status.success() {
        ExitCode::SUCCESS
    } else {
        eprintln!("{cmd} {rest:?} failed: {status}");
        ExitCode::from(1)
    })
}

/// Runs `cmd args` once under a runner, with `env` as its whole environment and its output
/// discarded; panics if it fails.
pub fn measure(cmd: &str, args: &[&str], env: &[(&str, &str)]) -> Cost {
    let exe = std::env::current_exe().expect("own path");
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("cost");
    let status = Command::new(exe)
        .arg("--runner")
        .arg(&out)
        .arg(cmd)
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("spawn runner");
    assert!(status.success(), "{cmd} {args:?} failed");
    let text = std::fs::read_to_string(&out).expect("runner's line");
    Cost::parse(&text).expect("runner's line parses")
}

/// Component-wise medians of `costs` (not empty).
pub fn median(costs: &[Cost]) -> Cost {
    fn mid<T: Ord + Copy>(mut v: Vec<T>) -> T {
        v.sort();
        v[v.len() / 2]
    }
    Cost {
        wall: mid(costs.iter().map(|c| c.wall).collect()),
        cpu: mid(costs.iter().map(|c| c.cpu).collect()),
        rss_kib: mid(costs.iter().map(|c| c.rss_kib).collect()),
    }
}

/// Milliseconds with two decimals.
pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// MiB with one decimal.
pub fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// How many runs: `AZRS_BENCH_RUNS` or `default`.
pub fn runs(default: usize) -> usize {
    std::env::var("AZRS_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}

/// The repository's root (this package sits in `bench/`).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bench/ has a parent")
}

/// `target/release/NAME` as `cargo build --release` left it (under `CARGO_TARGET_DIR` when
/// that is set), or the reason to stop: the benchmarks measure the shipped binaries, which
/// `cargo bench` itself does not build.
pub fn release_binary(name: &str) -> Result<PathBuf, String> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"));
    let path = target.join("release").join(name);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing: run `cargo build --release` first",
            path.display()
        ))
    }
}
