//! RSA-2048 key generation, azrs against az (issue 12, goal 6), run by
//! `cargo bench -p azrs-bench --bench keygen`: what `aks create --generate-ssh-keys` spends making a key
//! when `~/.ssh` has none.
//!
//! Each sample is a fresh process, so one-time costs on a process's first key (seeding a
//! random generator, CPU feature probes) are counted, as a real `aks create` pays them. azrs:
//! this binary re-executed with `--keygen`, timing `azrs::sshkey::new_rsa_2048` (OpenSSL's
//! initialisation on first use, generation, PEM encoding). az: its venv's Python timing `rsa.generate_private_key(65537, 2048)` of
//! `cryptography` (what `azure/cli/core/keys.py` calls) after the import. RSA key generation
//! searches for primes at random, so single times vary several-fold: `AZRS_BENCH_RUNS`
//! (default 40) samples each, interleaved, and the median, p10 and p90.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

const AZ_KEYGEN: &str = "import time\n\
from cryptography.hazmat.primitives.asymmetric import rsa\n\
t = time.perf_counter_ns()\n\
rsa.generate_private_key(public_exponent=65537, key_size=2048)\n\
print(time.perf_counter_ns() - t)\n";

const AZ_OPENSSL_VERSION: &str = "from cryptography.hazmat.backends.openssl import backend\n\
print(backend.openssl_version_text())\n";

fn sample(cmd: &mut Command) -> Duration {
    let out = cmd.output().expect("spawn");
    assert!(out.status.success(), "key generation failed: {out:?}");
    let ns: u64 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("nanoseconds");
    Duration::from_nanos(ns)
}

fn summary(mut v: Vec<Duration>) -> String {
    v.sort();
    let at = |q: usize| v[(v.len() - 1) * q / 100].as_secs_f64() * 1000.0;
    format!(
        "median {:>7.1} ms  p10 {:>7.1} ms  p90 {:>7.1} ms",
        at(50),
        at(10),
        at(90)
    )
}

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("--keygen") {
        let start = Instant::now();
        let key = azrs::sshkey::new_rsa_2048();
        let elapsed = start.elapsed();
        if key.is_err() {
            eprintln!("key generation failed");
            return ExitCode::FAILURE;
        }
        println!("{}", elapsed.as_nanos());
        return ExitCode::SUCCESS;
    }
    let n = std::env::var("AZRS_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(40);
    let exe = std::env::current_exe().expect("own path");
    let python = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bench/ has a parent")
        .join("target/az-venv/bin/python");
    let with_az = python.exists();
    let (mut azrs, mut az) = (Vec::new(), Vec::new());
    for _ in 0..n {
        azrs.push(sample(Command::new(&exe).arg("--keygen")));
        if with_az {
            az.push(sample(Command::new(&python).args(["-c", AZ_KEYGEN])));
        }
    }
    println!("RSA-2048 key generation, {n} fresh processes each");
    println!("azrs (sshkey::new_rsa_2048)      {}", summary(azrs));
    println!("  {}", openssl::version::version());
    if with_az {
        println!("az 2.91 (cryptography, OpenSSL)  {}", summary(az));
        let version = Command::new(&python)
            .args(["-c", AZ_OPENSSL_VERSION])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default();
        println!("  {version}");
    } else {
        println!("az 2.91: target/az-venv is missing, not measured");
    }
    ExitCode::SUCCESS
}
