//! Start-up benchmark (issue 12, goal 1): `azrs version` and `azrs group list --help` against
//! an empty Rust program (`fn main() {}`) compiled with the release profile's settings, timed
//! in one run, so their ratio says what azrs's own start-up costs on the machine at hand.
//!
//! Run with `cargo bench -p azrs-bench --bench startup` after `cargo build --release`. Each command runs `AZRS_BENCH_RUNS` times (default
//! 200) after a warm-up, interleaved so that load from other processes hits all three alike;
//! it prints medians of wall time, CPU time and peak memory (see `common` for how one process
//! is measured) and the ratio to the empty program.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::process::{Command, ExitCode};

use common::{Cost, measure, median, mib, ms, runs};

/// Compiles `fn main() {}` with the `[profile.release]` settings of Cargo.toml (opt-level 3,
/// one codegen unit, unwinding panics, stripped) and `build.rs`'s link setting (not a PIE, on
/// Linux with glibc), so that only azrs's own work differs.
fn empty_binary(dir: &std::path::Path) -> std::path::PathBuf {
    let src = dir.join("empty.rs");
    std::fs::write(&src, "fn main() {}\n").expect("write empty.rs");
    let exe = dir.join("empty");
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let status = Command::new(rustc)
        .args([
            "--edition",
            "2024",
            "-C",
            "opt-level=3",
            "-C",
            "codegen-units=1",
        ])
        .args(["-C", "panic=unwind", "-C", "strip=symbols"])
        .args(if cfg!(all(target_os = "linux", target_env = "gnu")) {
            &["-C", "link-arg=-no-pie"][..]
        } else {
            &[][..]
        })
        .arg("-o")
        .arg(&exe)
        .arg(&src)
        .status()
        .expect("run rustc");
    assert!(status.success(), "rustc failed on the empty program");
    exe
}

fn main() -> ExitCode {
    if let Some(code) = common::runner_main() {
        return code;
    }
    let azrs = match common::release_binary("azrs") {
        Ok(path) => path,
        Err(why) => {
            eprintln!("startup: {why}");
            return ExitCode::from(2);
        }
    };
    let azrs = azrs.to_str().expect("utf-8 target path");
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = empty_binary(dir.path());
    let empty = empty.to_str().expect("utf-8 temp path");
    let home = dir.path().to_str().expect("utf-8 temp path");
    let env = [("AZURE_CONFIG_DIR", home), ("HOME", home)];
    let cases: [(&str, &str, &[&str]); 3] = [
        ("empty Rust program", empty, &[]),
        ("azrs version", azrs, &["version"]),
        ("azrs group list --help", azrs, &["group", "list", "--help"]),
    ];
    let n = runs(200);
    let mut costs: Vec<Vec<Cost>> = vec![Vec::new(); cases.len()];
    for round in 0..n + 10 {
        for (i, (_, cmd, args)) in cases.iter().enumerate() {
            let c = measure(cmd, args, &env);
            if round >= 10 {
                costs[i].push(c);
            }
        }
    }
    let base = median(&costs[0]);
    println!("start-up, {n} runs each (medians)");
    println!(
        "| {:<24} | {:>10} | {:>10} | {:>9} | {:>10} |",
        "command", "wall", "CPU", "peak RSS", "wall ratio"
    );
    println!("| --- | --- | --- | --- | --- |");
    for ((name, _, _), c) in cases.iter().zip(&costs) {
        let m = median(c);
        println!(
            "| {:<24} | {:>10} | {:>10} | {:>9} | {:>9.2}x |",
            name,
            ms(m.wall),
            ms(m.cpu),
            mib(m.rss_kib),
            m.wall.as_secs_f64() / base.wall.as_secs_f64()
        );
    }
    ExitCode::SUCCESS
}
