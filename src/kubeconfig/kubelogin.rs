//! Running `kubelogin convert-kubeconfig -l azurecli` after `aks get-credentials` as az 2.91
//! does (`aks_get_credentials` in `acs/custom.py`, `commands.md` §8.6).
//!
//! This module owns the three steps az takes once the merged credentials use kubelogin with
//! device-code login: finding `kubelogin` on `PATH` (Python's `shutil.which`), running it with
//! exactly az's arguments in the target file's directory (no `--kubeconfig`: kubelogin itself
//! picks `KUBECONFIG` or `~/.kube/config`, as it does under az), and turning the result into
//! the warning text az logs, including the `str()` of Python's exceptions. It prints nothing:
//! the child's output and the warning come back in [`Conversion`] for the caller's `term`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// The arguments az passes, in its order.
pub const CONVERT_ARGS: [&str; 3] = ["convert-kubeconfig", "-l", "azurecli"];

/// What az logs (as a warning) when kubelogin is not on `PATH`.
pub const NOT_INSTALLED: &str = "The kubeconfig uses devicecode authentication which requires kubelogin. Please install kubelogin from https://github.com/Azure/kubelogin or run 'az aks install-cli' to install both kubectl and kubelogin. If devicecode login fails, try running 'kubelogin convert-kubeconfig -l azurecli' to unblock yourself.";

/// What az logs after a conversion that exited 0.
pub const CONVERTED: &str = "Converted kubeconfig to use Azure CLI authentication.";

/// az's `uses_kubelogin_devicecode` on the kubeconfig text ARM returned: the first user's
/// `exec.command` contains `kubelogin` and its arguments, joined by spaces, contain
/// `--login devicecode` or `-l devicecode`. Anything unparsable is `false`, as in az.
pub fn uses_devicecode(kubeconfig_yaml: &str) -> bool {
    crate::yaml::parse(kubeconfig_yaml).is_ok_and(|doc| uses_devicecode_doc(&doc))
}

/// [`uses_devicecode`] on a parsed document.
pub(crate) fn uses_devicecode_doc(doc: &Value) -> bool {
    let Some(exec) = doc.pointer("/users/0/user/exec") else {
        return false;
    };
    let command_is_kubelogin = exec
        .get("command")
        .and_then(Value::as_str)
        .is_some_and(|c| c.contains("kubelogin"));
    // az joins the list with spaces; a non-string item makes its join raise, which it treats
    // as "no".
    let joined = match exec.get("args") {
        None | Some(Value::Null) => Some(String::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .map(|v| v.join(" ")),
        Some(_) => None,
    };
    command_is_kubelogin
        && joined.is_some_and(|a| a.contains("--login devicecode") || a.contains("-l devicecode"))
}

/// `shutil.which("kubelogin")` over `path_var` (the `PATH` value; `None` when unset, which
/// Python treats as `/bin:/usr/bin`). Relative entries are taken from the current directory.
pub fn which(path_var: Option<&str>) -> Option<PathBuf> {
    let path_var = path_var.unwrap_or("/bin:/usr/bin");
    if path_var.is_empty() {
        return None;
    }
    let names: &[&str] = if cfg!(windows) {
        &["kubelogin.exe", "kubelogin"]
    } else {
        &["kubelogin"]
    };
    std::env::split_paths(path_var)
        .find_map(|dir| names.iter().map(|n| dir.join(n)).find(|p| is_executable(p)))
        .map(|p| std::path::absolute(&p).unwrap_or(p))
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| !m.is_dir() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| !m.is_dir())
}

/// A finished attempt: the child's output (az lets it through to its own streams) and the
/// warning az logs afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub warning: String,
}

/// Runs `program convert-kubeconfig -l azurecli` in `cwd` (az's `os.path.dirname(path)`, so
/// `""` for `--file -` or a bare file name) with exactly `env` as its environment.
pub fn convert(program: &Path, cwd: &Path, env: &HashMap<String, String>) -> Conversion {
    // Python's subprocess changes directory in the child and reports a failure as an OSError
    // naming the directory; an empty one fails that way too.
    if !cwd.is_dir() {
        let errno = if cwd.as_os_str().is_empty() || !cwd.exists() {
            2
        } else {
            20
        };
        return spawn_failure(errno, &cwd.display().to_string());
    }
    let output = Command::new(program)
        .args(CONVERT_ARGS)
        .current_dir(cwd)
        .env_clear()
        .envs(env)
        .stdin(Stdio::null())
        .output();
    match output {
        Err(e) => spawn_failure(e.raw_os_error().unwrap_or(0), "kubelogin"),
        Ok(out) => {
            let warning = match exit_failure(&out.status) {
                None => CONVERTED.to_owned(),
                Some(why) => format!(
                    "Failed to convert kubeconfig with kubelogin: Command {} {why}",
                    command_repr()
                ),
            };
            Conversion {
                stdout: out.stdout,
                stderr: out.stderr,
                warning,
            }
        }
    }
}

/// `str(subprocess.CalledProcessError)` after `Command '[...]'`, or `None` for exit 0.
fn exit_failure(status: &std::process::ExitStatus) -> Option<String> {
    if status.success() {
        return None;
    }
    if let Some(code) = status.code() {
        return Some(format!("returned non-zero exit status {code}."));
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return Some(match signal_name(sig) {
                Some(name) => format!("died with <Signals.{name}: {sig}>."),
                None => format!("died with unknown signal {sig}."),
            });
        }
    }
    Some("returned non-zero exit status 1.".to_owned())
}

/// Python's `signal.Signals` names for the signals a child commonly dies of (Linux numbers).
fn signal_name(sig: i32) -> Option<&'static str> {
    Some(match sig {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        5 => "SIGTRAP",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        10 => "SIGUSR1",
        11 => "SIGSEGV",
        12 => "SIGUSR2",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        _ => return None,
    })
}

/// `repr(["kubelogin", "convert-kubeconfig", "-l", "azurecli"])`, wrapped in quotes as
/// `CalledProcessError` prints it.
fn command_repr() -> String {
    let items: Vec<String> = std::iter::once("kubelogin")
        .chain(CONVERT_ARGS)
        .map(crate::py::repr::str_repr)
        .collect();
    format!("'[{}]'", items.join(", "))
}

/// az's `Error running kubelogin: <OSError>` for a child that could not start.
fn spawn_failure(errno: i32, filename: &str) -> Conversion {
    let strerror = std::io::Error::from_raw_os_error(errno).to_string();
    // Rust appends " (os error N)" to libc's text; Python prints libc's text alone.
    let strerror = strerror
        .strip_suffix(&format!(" (os error {errno})"))
        .unwrap_or(&strerror)
        .to_owned();
    Conversion {
        stdout: Vec::new(),
        stderr: Vec::new(),
        warning: format!(
            "Error running kubelogin: [Errno {errno}] {strerror}: {}",
            crate::py::repr::str_repr(filename)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_repr_is_pythons() {
        assert_eq!(
            command_repr(),
            "'['kubelogin', 'convert-kubeconfig', '-l', 'azurecli']'"
        );
    }

    #[test]
    fn devicecode_is_found_in_joined_args_as_az_does() {
        let doc = |args: &str| {
            format!(
                "users:\n- name: u\n  user:\n    exec:\n      command: /opt/kubelogin\n      args: {args}\n"
            )
        };
        assert!(uses_devicecode(&doc("[get-token, --login, devicecode]")));
        assert!(uses_devicecode(&doc("[get-token, -l, devicecode]")));
        // az matches the joined text, so a longer word still counts.
        assert!(uses_devicecode(&doc("[get-token, -l, devicecodes]")));
        assert!(!uses_devicecode(&doc("[get-token, --login, azurecli]")));
        assert!(!uses_devicecode(&doc("[get-token, --login, 1]")));
        assert!(!uses_devicecode("users: []\n"));
        assert!(!uses_devicecode(": : :\n- ["));
    }

    #[test]
    fn which_needs_an_executable_file() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("kubelogin");
        std::fs::write(&p, "#!/bin/sh\n").expect("write");
        let path_var = dir.path().display().to_string();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(which(Some(&path_var)), None);
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
        assert_eq!(which(Some(&path_var)), Some(p));
        assert_eq!(which(Some("")), None);
    }

    #[test]
    fn an_empty_directory_fails_as_pythons_chdir() {
        let c = convert(Path::new("/bin/true"), Path::new(""), &HashMap::new());
        assert_eq!(
            c.warning,
            "Error running kubelogin: [Errno 2] No such file or directory: ''"
        );
    }
}
