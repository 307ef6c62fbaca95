//! Start-up benchmark: times whole `azrs` processes and reports median wall time and peak
//! memory (max RSS), so the README can quote numbers measured on the machine at hand.
//!
//! Run with `cargo bench --bench startup`. Each command runs `RUNS` times after a warm-up;
//! peak memory comes from `getrusage(RUSAGE_CHILDREN)` after each child is reaped, which
//! reports the largest resident set of any child so far (so commands are measured in
//! increasing-memory order and each one's figure is read from a fresh high-water mark).
#![allow(clippy::print_stdout)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 200;

fn run_once(bin: &str, args: &[&str], config_dir: &std::path::Path) -> Duration {
    let start = Instant::now();
    let status = Command::new(bin)
        .args(args)
        .env_clear()
        .env("AZURE_CONFIG_DIR", config_dir)
        .env("HOME", config_dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("spawn azrs");
    let elapsed = start.elapsed();
    assert!(status.success(), "azrs {args:?} failed: {status}");
    elapsed
}

#[cfg(unix)]
fn peak_rss_kib_of_children() -> Option<i64> {
    use nix::sys::resource::{UsageWho, getrusage};
    getrusage(UsageWho::RUSAGE_CHILDREN)
        .ok()
        .map(|u| u.max_rss())
}

#[cfg(not(unix))]
fn peak_rss_kib_of_children() -> Option<i64> {
    None
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_azrs");
    let dir = tempfile::tempdir().expect("temp dir");
    let cases: [&[&str]; 2] = [&["version"], &["group", "list", "--help"]];
    println!("azrs start-up benchmark ({RUNS} runs each, median wall time, peak RSS)");
    for args in cases {
        for _ in 0..10 {
            run_once(bin, args, dir.path());
        }
        let mut times: Vec<Duration> = (0..RUNS).map(|_| run_once(bin, args, dir.path())).collect();
        times.sort();
        let median = times[RUNS / 2];
        let p90 = times[RUNS * 9 / 10];
        let rss = peak_rss_kib_of_children()
            .map(|k| format!("{:.1} MiB", k as f64 / 1024.0))
            .unwrap_or_else(|| "n/a".into());
        println!(
            "azrs {:<18} median {:>7.2} ms  p90 {:>7.2} ms  peak RSS {}",
            args.join(" "),
            median.as_secs_f64() * 1000.0,
            p90.as_secs_f64() * 1000.0,
            rss
        );
    }
}
