//! SSH key rules of `aks create` (`commands.md` §6.4) against real files; generated keys are
//! checked with `ssh-keygen` where it is installed, and the key check against Python's
//! `base64.decodebytes` where python3 is installed.
#![allow(clippy::print_stderr)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use azrs::sshkey::{SshKeyError, SshKeyOptions, is_valid_ssh_public_key, resolve_ssh_key};

const ED25519: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGXvVXh1Y4Qh0Z2bKhH2m1tJ4b0C2e0C8e1Z8Xl2m0yQ user@example.com";

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("stat").permissions().mode() & 0o777
}

fn generate() -> SshKeyOptions {
    SshKeyOptions {
        generate_ssh_keys: true,
        ..SshKeyOptions::default()
    }
}

fn ssh_keygen(args: &[&str]) -> Option<String> {
    match Command::new("ssh-keygen").args(args).output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "ssh-keygen {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(String::from_utf8(out.stdout).expect("utf-8"))
        }
        Err(_) => {
            eprintln!("notice: ssh-keygen not found, skipping its check");
            None
        }
    }
}

#[test]
fn missing_default_key_without_generate_means_no_linux_profile() {
    let home = tempfile::tempdir().expect("tempdir");
    assert_eq!(
        resolve_ssh_key(&SshKeyOptions::default(), home.path()).expect("resolve"),
        None
    );
    // The default path typed out explicitly is the same thing.
    let default = home.path().join(".ssh/id_rsa.pub").display().to_string();
    let o = SshKeyOptions {
        ssh_key_value: Some(default),
        ..SshKeyOptions::default()
    };
    assert_eq!(resolve_ssh_key(&o, home.path()).expect("resolve"), None);
    let o = SshKeyOptions {
        ssh_key_value: Some("   ".into()),
        ..SshKeyOptions::default()
    };
    assert_eq!(resolve_ssh_key(&o, home.path()).expect("resolve"), None);
    assert!(!home.path().join(".ssh").exists(), "nothing is created");
}

#[test]
fn no_ssh_key_wins_over_everything() {
    let home = tempfile::tempdir().expect("tempdir");
    let o = SshKeyOptions {
        ssh_key_value: Some("garbage".into()),
        generate_ssh_keys: true,
        no_ssh_key: true,
    };
    assert_eq!(resolve_ssh_key(&o, home.path()).expect("resolve"), None);
    assert!(!home.path().join(".ssh").exists());
}

#[test]
fn generate_makes_an_rsa_2048_pair_with_az_modes_and_warning() {
    let home = tempfile::tempdir().expect("tempdir");
    let key = resolve_ssh_key(&generate(), home.path())
        .expect("resolve")
        .expect("a key");
    let ssh = home.path().join(".ssh");
    let (private, public) = (ssh.join("id_rsa"), ssh.join("id_rsa.pub"));
    assert!(
        key.key_data
            .starts_with("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ"),
        "{}",
        key.key_data
    );
    assert!(!key.key_data.ends_with('\n'), "no trailing newline");
    assert_eq!(key.key_data.split(' ').count(), 2, "no comment");
    assert!(is_valid_ssh_public_key(&key.key_data).expect("check"));
    assert_eq!(fs::read_to_string(&public).expect("read"), key.key_data);
    let pem = fs::read_to_string(&private).expect("read");
    assert!(
        pem.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"),
        "{pem}"
    );
    assert!(pem.ends_with("-----END RSA PRIVATE KEY-----\n"));
    assert!(pem.lines().all(|l| l.len() <= 64));
    assert_eq!(mode(&ssh), 0o700);
    assert_eq!(mode(&private), 0o600);
    assert_eq!(mode(&public), 0o644);
    assert_eq!(
        key.warnings,
        [format!(
            "SSH key files '{}' and '{}' have been generated under ~/.ssh to allow SSH access to the VM. If using machines without permanent storage like Azure Cloud Shell without an attached file share, back up your keys to a safe location",
            private.display(),
            public.display()
        )]
    );
    if let Some(derived) = ssh_keygen(&["-y", "-f", &private.display().to_string()]) {
        assert_eq!(
            derived.trim_end(),
            key.key_data,
            "private and public keys pair up"
        );
    }
    if let Some(info) = ssh_keygen(&["-l", "-f", &public.display().to_string()]) {
        assert!(
            info.starts_with("2048 ") && info.trim_end().ends_with("(RSA)"),
            "{info}"
        );
    }
}

#[test]
fn existing_key_is_reused_verbatim_and_not_regenerated() {
    let home = tempfile::tempdir().expect("tempdir");
    let first = resolve_ssh_key(&generate(), home.path())
        .expect("resolve")
        .expect("a key");
    let private = home.path().join(".ssh/id_rsa");
    let pem = fs::read(&private).expect("read");
    let second = resolve_ssh_key(&generate(), home.path())
        .expect("resolve")
        .expect("a key");
    assert_eq!(second.key_data, first.key_data);
    assert!(second.warnings.is_empty());
    assert_eq!(fs::read(&private).expect("read"), pem);

    // A hand-made file is used as it is, newline and comment included, with or without the flag.
    let public = home.path().join(".ssh/id_rsa.pub");
    let content = format!("{ED25519}\n");
    fs::write(&public, &content).expect("write");
    for opts in [SshKeyOptions::default(), generate()] {
        let key = resolve_ssh_key(&opts, home.path())
            .expect("resolve")
            .expect("a key");
        assert_eq!(key.key_data, content);
    }
}

#[test]
fn value_may_be_a_path_or_the_key_itself() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = home.path().join("elsewhere.pub");
    fs::write(&file, "ssh-rsa AAAAB3NzaC1yc2E= me@host\n").expect("write");
    let o = SshKeyOptions {
        ssh_key_value: Some(file.display().to_string()),
        ..SshKeyOptions::default()
    };
    assert_eq!(
        resolve_ssh_key(&o, home.path())
            .expect("resolve")
            .expect("key")
            .key_data,
        "ssh-rsa AAAAB3NzaC1yc2E= me@host\n"
    );
    // Any key type passes az's check, despite the "RSA" wording.
    let o = SshKeyOptions {
        ssh_key_value: Some(ED25519.into()),
        generate_ssh_keys: true,
        ..SshKeyOptions::default()
    };
    let key = resolve_ssh_key(&o, home.path())
        .expect("resolve")
        .expect("key");
    assert_eq!(key.key_data, ED25519);
    assert!(key.warnings.is_empty());
    assert!(
        !home.path().join(".ssh").exists(),
        "a valid key value never generates"
    );
}

#[test]
fn invalid_values_give_az_errors() {
    let home = tempfile::tempdir().expect("tempdir");
    let expected = "The SSH key provided is not a valid RSA public key. Provide the contents of a valid SSH public key (for example, '~/.ssh/id_rsa.pub'), specify a path to a public key file, or add --generate-ssh-keys as a parameter to create a new key pair.";
    for value in [
        "not-a-key",
        "/no/such/key.pub",
        "ssh-dss AAAAC3NzaC1lZDI1NTE5AAAAIGXv",
    ] {
        let o = SshKeyOptions {
            ssh_key_value: Some(value.into()),
            ..SshKeyOptions::default()
        };
        let err = resolve_ssh_key(&o, home.path()).expect_err(value);
        assert!(matches!(err, SshKeyError::Invalid), "{value}: {err:?}");
        assert_eq!(err.to_string(), expected);
    }
    let o = SshKeyOptions {
        ssh_key_value: Some("ssh-rsa abc".into()),
        ..SshKeyOptions::default()
    };
    assert_eq!(
        resolve_ssh_key(&o, home.path())
            .expect_err("padding")
            .to_string(),
        "Incorrect padding"
    );
    let o = SshKeyOptions {
        ssh_key_value: Some("ssh-rsa AAA=".into()),
        ..SshKeyOptions::default()
    };
    assert_eq!(
        resolve_ssh_key(&o, home.path())
            .expect_err("short")
            .to_string(),
        "unpack requires a buffer of 4 bytes"
    );
    assert!(!home.path().join(".ssh").exists());
}

#[test]
fn generate_to_a_custom_path_without_pub_suffix() {
    let home = tempfile::tempdir().expect("tempdir");
    let public = home.path().join("keys/deploy");
    let o = SshKeyOptions {
        ssh_key_value: Some(public.display().to_string()),
        generate_ssh_keys: true,
        no_ssh_key: false,
    };
    let key = resolve_ssh_key(&o, home.path())
        .expect("resolve")
        .expect("key");
    assert_eq!(fs::read_to_string(&public).expect("read"), key.key_data);
    assert!(home.path().join("keys/deploy.private").is_file());
    assert_eq!(mode(&home.path().join("keys")), 0o700);
}

#[test]
fn public_key_is_derived_from_an_existing_private_key() {
    let home = tempfile::tempdir().expect("tempdir");
    // Make a pair, then lose the public half.
    let made = resolve_ssh_key(&generate(), home.path())
        .expect("resolve")
        .expect("key");
    let public = home.path().join(".ssh/id_rsa.pub");
    let private = home.path().join(".ssh/id_rsa");
    fs::remove_file(&public).expect("rm");
    let key = resolve_ssh_key(&generate(), home.path())
        .expect("resolve")
        .expect("key");
    assert_eq!(key.key_data, made.key_data);
    assert_eq!(fs::read_to_string(&public).expect("read"), made.key_data);
    assert_eq!(
        key.warnings[0],
        format!(
            "Private SSH key file '{}' was found in the directory: '{}'. We will generate a paired public key file '{}'",
            private.display(),
            home.path().join(".ssh").display(),
            public.display()
        )
    );
    assert_eq!(key.warnings.len(), 2);

    // OpenSSH-format private keys (what ssh-keygen writes today) work too.
    let other = home.path().join("other");
    fs::create_dir(&other).expect("mkdir");
    let openssh = other.join("id_rsa");
    if ssh_keygen(&[
        "-q",
        "-t",
        "rsa",
        "-b",
        "2048",
        "-N",
        "",
        "-f",
        &openssh.display().to_string(),
    ])
    .is_some()
    {
        let expected = fs::read_to_string(other.join("id_rsa.pub")).expect("read");
        fs::remove_file(other.join("id_rsa.pub")).expect("rm");
        let o = SshKeyOptions {
            ssh_key_value: Some(other.join("id_rsa.pub").display().to_string()),
            generate_ssh_keys: true,
            no_ssh_key: false,
        };
        let key = resolve_ssh_key(&o, home.path())
            .expect("resolve")
            .expect("key");
        let mut parts = expected.split_whitespace();
        assert_eq!(
            key.key_data,
            format!(
                "{} {}",
                parts.next().unwrap_or(""),
                parts.next().unwrap_or("")
            )
        );

        // An encrypted one is refused with paramiko's message, and nothing is written.
        let locked = other.join("locked");
        ssh_keygen(&[
            "-q",
            "-t",
            "rsa",
            "-b",
            "2048",
            "-N",
            "secret",
            "-f",
            &locked.display().to_string(),
        ]);
        fs::remove_file(other.join("locked.pub")).expect("rm");
        let o = SshKeyOptions {
            ssh_key_value: Some(other.join("locked.pub").display().to_string()),
            generate_ssh_keys: true,
            no_ssh_key: false,
        };
        let err = resolve_ssh_key(&o, home.path()).expect_err("encrypted");
        assert_eq!(err.to_string(), "Private key file is encrypted");
        assert!(!other.join("locked.pub").exists());
    }
}

/// The key check against Python's own decoder, where python3 is installed.
#[test]
fn key_check_matches_python_decodebytes() {
    let cases = [
        "ssh-rsa AAAAB3NzaC1yc2E=",
        "ssh-rsa AAAAB3NzaC1yc2E",
        "ssh-rsa AAAAB3Nza-C1yc2E=",
        "ssh-rsa AAAAB3NzaC1yc2E=garbage",
        "ssh-rsa abc",
        "ssh-rsa abcde",
        "ssh-rsa ab==cd",
        "ssh-rsa AAA=",
        "ssh-rsa ====",
        "x AAAAAXg=",
        "x AAAAAXh5",
        ED25519,
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ==",
        "onlyone",
    ];
    let script = "import base64,struct,sys\nfor line in sys.stdin.read().split('\\n'):\n    parts=line.split()\n    if len(parts)<2:\n        print('False'); continue\n    try:\n        d=base64.decodebytes(parts[1].encode())\n        n=struct.unpack('>I', d[:4])[0]\n        print(d[4:4+n]==parts[0].encode())\n    except Exception as e:\n        print('ERR '+str(e))\n";
    let Ok(mut child) = Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    else {
        eprintln!("notice: python3 not found, skipping the differential check");
        return;
    };
    use std::io::Write as _;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(cases.join("\n").as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("python3");
    let python: Vec<String> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(str::to_owned)
        .collect();
    let ours: Vec<String> = cases
        .iter()
        .map(|c| match is_valid_ssh_public_key(c) {
            Ok(true) => "True".to_owned(),
            Ok(false) => "False".to_owned(),
            Err(e) => format!("ERR {e}"),
        })
        .collect();
    assert_eq!(ours, python);
}
