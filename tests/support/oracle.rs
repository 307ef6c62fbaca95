//! The real az 2.91.0 as a test oracle: where its venv is, whether the loopback-only network
//! namespace it must run in can be made, how a test skips (never under `CI=true`, where
//! `.ci/run` installs the venv first), and a line diff for reports.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The venv's interpreter (`target/az-venv/bin/python`), if installed.
pub fn az_python() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/az-venv/bin/python");
    p.exists().then_some(p)
}

/// True when running as root (`unshare -n` needs it).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The venv's interpreter when the oracle can run here; otherwise prints why `test` is skipped
/// (or fails under `CI=true`) and returns `None`.
pub fn python_or_skip(test: &str) -> Option<PathBuf> {
    let why = match (az_python(), is_root()) {
        (Some(p), true) => return Some(p),
        (None, _) => "no az venv at target/az-venv (run .ci/az-conformance.sh --install-only)",
        (Some(_), false) => "not root: 'unshare -n' (loopback-only namespace) is unavailable",
    };
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but the az oracle cannot run for {test}: {why}"
    );
    println!("SKIPPED {test}: {why}");
    None
}

/// A line diff (longest common subsequence) of az's text and azrs's, empty when equal.
pub fn diff(label: &str, want: &str, got: &str) -> String {
    if want == got {
        return String::new();
    }
    let mut s = format!("  {label} differs (- az, + azrs):\n");
    let (w, g): (Vec<_>, Vec<_>) = (want.lines().collect(), got.lines().collect());
    // lcs[i][j] = length of the LCS of w[i..] and g[j..].
    let mut lcs = vec![vec![0usize; g.len() + 1]; w.len() + 1];
    for i in (0..w.len()).rev() {
        for j in (0..g.len()).rev() {
            lcs[i][j] = if w[i] == g[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < w.len() || j < g.len() {
        if i < w.len() && j < g.len() && w[i] == g[j] {
            i += 1;
            j += 1;
        } else if j < g.len() && (i == w.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            let _ = writeln!(s, "    + {}", g[j]);
            j += 1;
        } else {
            let _ = writeln!(s, "    - {}", w[i]);
            i += 1;
        }
    }
    if want.ends_with('\n') != got.ends_with('\n') {
        s.push_str("    (final newline differs)\n");
    }
    s
}
