//! `config`/`configure` against the real az 2.91: one config dir shared by both programs, each
//! reading what the other wrote (`[defaults] group`/`location`, `[core] output`), and the same
//! sequence of writes run by each in a dir of its own leaving byte-identical files and printing
//! the same bytes. az runs in a loopback-only network namespace (root); no emulator is needed,
//! since no step signs in or calls ARM.

use std::path::Path;
use std::process::{Command, Output};

use azrs_test_support::oracle;

/// One program run with a scrubbed environment and `config_dir` as `AZURE_CONFIG_DIR`.
fn run(program: &Path, namespaced: bool, config_dir: &Path, args: &[&str]) -> Output {
    let mut cmd = if namespaced {
        let quoted: Vec<String> = std::iter::once(program.display().to_string())
            .chain(args.iter().map(|a| a.to_string()))
            .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
            .collect();
        let mut c = Command::new("unshare");
        c.args([
            "-n",
            "sh",
            "-c",
            &format!("ip link set lo up && exec {}", quoted.join(" ")),
        ]);
        c
    } else {
        let mut c = Command::new(program);
        c.args(args);
        c
    };
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", config_dir)
        .env("AZURE_CONFIG_DIR", config_dir)
        .env("AZURE_CORE_COLLECT_TELEMETRY", "false")
        .env("AZURE_CORE_NO_COLOR", "true")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .current_dir(config_dir);
    cmd.output().expect("run")
}

struct Programs {
    az: std::path::PathBuf,
    azrs: std::path::PathBuf,
}

impl Programs {
    fn az(&self, dir: &Path, args: &[&str]) -> Output {
        run(&self.az, true, dir, args)
    }
    fn azrs(&self, dir: &Path, args: &[&str]) -> Output {
        run(&self.azrs, false, dir, args)
    }
}

fn text(o: &Output) -> String {
    format!(
        "exit {:?}\n--stdout\n{}--stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// An empty config dir: each program records `[cloud] name = AzureCloud` on its first run
/// there, and the files are compared with that line in them.
fn fresh_dir(root: &Path, name: &str) -> std::path::PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

pub fn az_and_azrs_share_the_config_file(python: &Path) {
    let p = Programs {
        az: python.with_file_name("az"),
        azrs: env!("CARGO_BIN_EXE_azrs").into(),
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let mut report = String::new();

    // 1. The same writes by each program in its own dir: same bytes printed, same file.
    let steps: &[&[&str]] = &[
        &["config", "set", "core.output=table", "defaults.group=rg1"],
        &["config", "get", "core.output"],
        &["configure", "--defaults", "location=eastus", "group="],
        &["configure", "--list-defaults"],
        &["config", "get", "defaults", "-o", "json"],
        &["config", "get", "core.nothing"],
        &["config", "set", "core=1"],
        &["config", "unset", "core.output"],
        &["config", "unset", "core.output"],
        &["configure", "--defaults", "bad"],
    ];
    // Names of one length, so table widths (which include the path) agree.
    let (az_dir, azrs_dir) = (fresh_dir(tmp.path(), "az__"), fresh_dir(tmp.path(), "azrs"));
    for step in steps {
        let want = text(&p.az(&az_dir, step)).replace(&az_dir.display().to_string(), "<dir>");
        let got = text(&p.azrs(&azrs_dir, step)).replace(&azrs_dir.display().to_string(), "<dir>");
        report.push_str(&oracle::diff(&step.join(" "), &want, &got));
        let want = std::fs::read_to_string(az_dir.join("config")).unwrap_or_default();
        let got = std::fs::read_to_string(azrs_dir.join("config")).unwrap_or_default();
        report.push_str(&oracle::diff(
            &format!("config after {}", step.join(" ")),
            &want,
            &got,
        ));
    }

    // 2. One shared dir: each reads what the other wrote.
    let shared = fresh_dir(tmp.path(), "shared");
    let out = p.azrs(
        &shared,
        &[
            "configure",
            "--defaults",
            "group=from-azrs",
            "location=westus",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = p.azrs(&shared, &["config", "set", "core.output=yaml"]);
    assert!(out.status.success(), "{}", text(&out));
    let az_sees = p.az(&shared, &["configure", "--list-defaults"]);
    let azrs_sees = p.azrs(&shared, &["configure", "--list-defaults"]);
    // `[core] output = yaml` set by azrs is az's default format now.
    assert!(
        String::from_utf8_lossy(&az_sees.stdout).contains("value: from-azrs"),
        "az did not honour azrs's settings:\n{}",
        text(&az_sees)
    );
    report.push_str(&oracle::diff(
        "list-defaults in a shared dir",
        &text(&az_sees),
        &text(&azrs_sees),
    ));
    let out = p.az(
        &shared,
        &[
            "config",
            "set",
            "core.output=json",
            "defaults.group=from-az",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let azrs_sees = p.azrs(&shared, &["config", "get", "defaults.group"]);
    assert!(
        String::from_utf8_lossy(&azrs_sees.stdout).contains("\"value\": \"from-az\""),
        "azrs did not honour az's settings:\n{}",
        text(&azrs_sees)
    );

    assert!(report.is_empty(), "az and azrs differ on config:\n{report}");
}
