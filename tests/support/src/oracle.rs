//! The real az 2.91.0 as a test oracle: where its venv is, whether the loopback-only network
//! namespace it must run in can be made, whether a missing oracle is a failure (`CI=true`,
//! where `.ci/run` installs the venv first) and a line diff for reports. Deciding to skip is
//! the differential binary's job (`tests/differential/main.rs`): it marks the trial ignored.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace's `target/az-venv`, where `.ci/az-conformance.sh --install-only` puts az.
fn venv() -> PathBuf {
    // This crate lives in tests/support of the workspace.
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/az-venv")
}

/// The venv's interpreter (`target/az-venv/bin/python`), if installed.
pub fn az_python() -> Option<PathBuf> {
    let p = venv().join("bin/python");
    p.exists().then_some(p)
}

/// The venv's `az` entry point (`target/az-venv/bin/az`), if installed.
pub fn az_binary() -> Option<PathBuf> {
    let p = venv().join("bin/az");
    p.is_file().then_some(p)
}

/// True when running as root (`unshare -n` needs it).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// True under `CI=true`, where `.ci/run` installs the venv first and runs as root: there an
/// oracle that cannot run is a failure, never a skip.
pub fn required() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// The venv's interpreter when the namespaced oracle (`unshare -n` as root) can run here;
/// otherwise why not.
pub fn namespaced_python() -> Result<PathBuf, &'static str> {
    match (az_python(), is_root()) {
        (Some(p), true) => Ok(p),
        (None, _) => Err("no az venv at target/az-venv (run .ci/az-conformance.sh --install-only)"),
        (Some(_), false) => Err("not root: 'unshare -n' (loopback-only namespace) is unavailable"),
    }
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
