//! End-to-end smoke tests through the real binary: what `main` adds to `app::run` (argv and
//! the environment from the process, the process's terminal, the exit status). Everything
//! else runs in process (`common::Azrs::new`); these are the few that must spawn.

use crate::common::Azrs;

#[test]
fn binary_runs_a_command_and_prints_its_result() {
    let azrs = Azrs::spawn();
    let created = azrs
        .run(&["group", "create", "-n", "rg1", "-l", "westus2"])
        .ok();
    assert_eq!(created.json()["name"], "rg1");
    assert_eq!(created.stderr, "");
    let shown = azrs
        .run(&[
            "group",
            "show",
            "-n",
            "rg1",
            "--query",
            "[name, location]",
            "-o",
            "tsv",
        ])
        .ok();
    assert_eq!(
        (shown.stdout.as_str(), shown.stderr.as_str()),
        ("rg1\nwestus2\n", "")
    );
}

#[test]
fn binary_exit_status_is_the_runs_exit_code() {
    let azrs = Azrs::spawn();
    let missing = azrs.run(&["group", "show", "-n", "nope"]).expect_code(3);
    assert_eq!(missing.stdout, "");
    assert_eq!(
        missing.stderr,
        "ERROR: (ResourceGroupNotFound) Resource group 'nope' could not be found.\n\
         Code: ResourceGroupNotFound\n\
         Message: Resource group 'nope' could not be found.\n"
    );
    let usage = azrs.run(&["group", "create", "-n", "rg"]).expect_code(2);
    assert!(
        usage
            .stderr
            .starts_with("ERROR: the following arguments are required: --location/-l\n"),
        "{usage:#?}"
    );
}

/// The binary links OpenSSL with its start-up CPU probe held back (`build.rs`,
/// `src/native/openssl_cpuid.c`): key generation and reading an existing private key still
/// work through the real binary, and the public key paired from the private key is the one
/// generated with it.
#[test]
fn binary_generates_an_ssh_key_and_pairs_a_public_key_from_an_existing_private_key() {
    let azrs = Azrs::spawn();
    azrs.run(&["group", "create", "-n", "rg", "-l", "westus2"])
        .ok();
    let create = |name: &str| {
        azrs.run(&[
            "aks",
            "create",
            "-g",
            "rg",
            "-n",
            name,
            "--generate-ssh-keys",
            "--only-show-errors",
        ])
        .ok()
    };
    let first = create("c1");
    let public = azrs.home().join(".ssh/id_rsa.pub");
    let generated = std::fs::read_to_string(&public).expect("generated public key");
    assert!(
        generated.starts_with("ssh-rsa AAAAB3NzaC1yc2E"),
        "{generated}"
    );
    assert_eq!(
        first.json()["linuxProfile"]["ssh"]["publicKeys"][0]["keyData"],
        generated.as_str()
    );
    std::fs::remove_file(&public).expect("remove the public key");
    let second = create("c2");
    assert_eq!(
        std::fs::read_to_string(&public).expect("paired public key"),
        generated
    );
    assert_eq!(
        second.json()["linuxProfile"]["ssh"]["publicKeys"][0]["keyData"],
        generated.as_str()
    );
}

/// The binary does not load libm at start-up (`build.rs`, `src/native/lazy_libm.c`): its one
/// reference into libm is wrapped and opened on first use. The dynamic loader lists what it
/// would load (`LD_TRACE_LOADED_OBJECTS`, what `ldd` runs) without running the program.
#[cfg(all(target_os = "linux", target_env = "gnu", target_arch = "x86_64"))]
#[test]
fn binary_needs_no_libm_at_start_up() {
    let listed = std::process::Command::new(azrs_test_support::sandbox::bin())
        .env("LD_TRACE_LOADED_OBJECTS", "1")
        .output()
        .expect("run the dynamic loader's listing");
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.contains("libc.so.6"), "{listed}");
    assert!(!listed.contains("libm.so"), "{listed}");
}
