//! Hardening (issue 10): no panic reaches the user, and hostile input stays bounded. Each test
//! runs azrs against the embedded emulator in the sandbox (`common::Azrs`): in process, except
//! where the bound is the process's (peak memory, the main thread's stack), which spawn the
//! binary, and the panic hook's, which re-runs this test binary as a child so the
//! process-wide hook is installed nowhere else. The fuzz targets are [`fuzz`].
//!
//! The themed modules: every outbound call survives injected faults (`faults`), a self-signed
//! server certificate is trusted as az trusts it (`tls`), no secret value reaches stdout,
//! stderr, a log or `requests.jsonl` (`secrets`), and bad input gets one clear `ERROR:` line,
//! az's exit code, no changed file and no request (`bad_input`). `emulator` starts a
//! standalone `azrs-emulator` over HTTPS for these and for `http`.

mod bad_input;
mod bad_input_cases;
mod corrupt_files;
pub(crate) mod emulator;
mod faults;
mod fuzz;
mod secrets;
mod tls;

use std::process::Command;

use crate::common::Azrs;

/// The child half of [`panic_prints_one_error_line_and_exits_1`]: a panic on the main thread
/// and one on another thread, under the hook and guard `app::main` uses.
#[test]
fn panic_child() {
    if std::env::var_os("AZRS_PANIC_CHILD").is_none() {
        return;
    }
    azrs::app::install_panic_hook();
    let code = azrs::app::guarded(|| {
        let _ = std::thread::spawn(|| panic!("secret-value on a worker")).join();
        panic!("secret-value on main");
    });
    std::process::exit(i32::from(code));
}

#[test]
fn panic_prints_one_error_line_and_exits_1() {
    let out = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "hardening::panic_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("AZRS_PANIC_CHILD", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run child");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr,
        "ERROR: The command failed with an unexpected error. Here is the traceback:\n"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("secret-value"));
}

/// A sandbox whose emulator has resource group `rg` and cluster `c1`.
fn sandbox_with_cluster(az: Azrs) -> Azrs {
    az.run(&["group", "create", "-n", "rg", "-l", "westus2"])
        .ok();
    az.run(&["aks", "create", "-g", "rg", "-n", "c1", "--no-ssh-key"])
        .ok();
    az
}

// Regression: a kubeconfig naming a non-ASCII context (kubectl reads it) panicked in the YAML
// timestamp check.
#[test]
fn get_credentials_merges_into_a_non_ascii_kubeconfig() {
    let az = sandbox_with_cluster(Azrs::new());
    let path = az.path("kube.yaml");
    let existing = "apiVersion: v1\nkind: Config\nclusters:\n- cluster: {server: 'https://開発'}\n  name: 開発クラスタ\ncontexts:\n- context: {cluster: 開発クラスタ, user: 利用者}\n  name: 開発クラスタ\ncurrent-context: 開発クラスタ\nusers:\n- name: 利用者\n  user: {token: t}\n2024-05-0開: 2024-05-01T開発\n";
    std::fs::write(&path, existing).expect("write kubeconfig");
    let file = path.display().to_string();
    let run = az
        .run(&[
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "-f",
            &file,
        ])
        .ok();
    assert!(run.stderr.contains("Merged \"c1\""), "{run:#?}");
    let doc = azrs::kubeconfig::read(&path).expect("re-reads");
    assert_eq!(doc["clusters"][0]["name"], "開発クラスタ");
    assert_eq!(doc["users"][0]["name"], "利用者");
    assert_eq!(doc["2024-05-0開"], "2024-05-01T開発");
    assert_eq!(doc["current-context"], "c1");
}

// Regression: `--ssh-key-value` naming a non-ASCII path panicked while deriving the private
// key's name.
#[test]
fn generate_ssh_keys_at_a_non_ascii_path() {
    let az = Azrs::new();
    az.run(&["group", "create", "-n", "rg", "-l", "westus2"])
        .ok();
    for (name, file, private) in [("c1", "鍵.pub", "鍵"), ("c2", "x鍵鍵", "x鍵鍵.private")] {
        let public = az.path(file).display().to_string();
        let run = az.run(&[
            "aks",
            "create",
            "-g",
            "rg",
            "-n",
            name,
            "--ssh-key-value",
            &public,
            "--generate-ssh-keys",
        ]);
        assert_eq!(run.code, 0, "{run:#?}");
        assert!(az.path(private).exists(), "{private}: {run:#?}");
    }
}

/// Peak resident memory of the largest child this test process has waited for, in KiB.
#[cfg(unix)]
fn children_peak_kib() -> i64 {
    use nix::sys::resource::{UsageWho, getrusage};
    getrusage(UsageWho::RUSAGE_CHILDREN)
        .expect("getrusage")
        .max_rss()
}

// Regression: a 582-byte kubeconfig of nested aliases ("billion laughs") exhausted memory.
#[test]
fn billion_laughs_kubeconfig_is_a_clear_error_in_bounded_memory() {
    // Spawned: the bound is checked on the child's peak RSS.
    let az = sandbox_with_cluster(Azrs::spawn());
    let path = az.path("laughs.yaml");
    let mut text = String::from(
        "apiVersion: v1\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        text.push_str(&format!("{0}: &{0} [{refs}]\n", pair[1]));
    }
    assert!(text.len() <= 582, "{}", text.len());
    std::fs::write(&path, &text).expect("write");
    let file = path.display().to_string();
    let run = az.run(&[
        "aks",
        "get-credentials",
        "-g",
        "rg",
        "-n",
        "c1",
        "-f",
        &file,
    ]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(
        run.stderr,
        format!(
            "ERROR: Error parsing {file} (the document expands to more than 16 MiB through aliases)\n"
        )
    );
    assert_eq!(std::fs::read_to_string(&path).expect("unchanged"), text);
    #[cfg(unix)]
    {
        // The peak of every child this test binary has waited for: short azrs and emulator
        // runs. Before the cap this file alone needed tens of GiB; the cap allows 16 MiB.
        let peak = children_peak_kib();
        assert!(peak < 512 * 1024, "peak RSS {peak} KiB");
    }
}

// Regression: `--query` of 10,000 nested `!` overflowed the stack (SIGSEGV). az 2.91 fails
// while parsing its arguments with Python's RecursionError as an unexpected error.
#[test]
fn deep_query_is_azs_unexpected_error_before_any_request() {
    // Spawned: the overflow this guards was the binary's (its main thread's stack, SIGSEGV).
    let az = Azrs::spawn();
    let query = format!("{}a", "!".repeat(10_000));
    let run = az.run(&["group", "list", "--query", &query]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(
        run.stderr,
        "ERROR: The command failed with an unexpected error. Here is the traceback:\n\
         ERROR: maximum recursion depth exceeded\n\
         To check existing issues, please visit: https://github.com/Azure/azure-cli/issues\n"
    );
    assert_eq!(run.stdout, "");
    assert!(az.requests().is_empty(), "{:?}", az.requests());
    // Nesting az parses still works.
    let shallow = format!("{}name", "!".repeat(400));
    az.run(&["group", "list", "--query", &shallow]).ok();
}
