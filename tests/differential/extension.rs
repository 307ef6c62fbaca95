//! Extension management cross-checked with the real az 2.91: wheels azrs installs are what
//! az lists and shows, wheels az installs (pip) are what azrs lists, and one wheel installed by
//! each leaves the same files. az runs in a loopback-only namespace when root, else directly
//! (it reads only local files here); without the venv the trial is ignored. The offline
//! behaviour of `azrs::extension` is `tests/it/extension/`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use azrs::extension::{AddArgs, ExtensionSettings, Extensions};
use azrs_test_support::oracle;
use azrs_test_support::wheels::{Server, WheelSpec, walk};
use serde_json::{Value, json};

/// A temp config dir and the extension server (only its CA and index URL are used: every
/// install here is `--source`). The subset of `tests/it/extension/manage.rs`'s fixture this
/// check needs.
struct Fixture {
    server: Server,
    tmp: tempfile::TempDir,
}

impl Fixture {
    async fn new() -> Fixture {
        let server = Server::start().await;
        let tmp = tempfile::tempdir().expect("tmp");
        std::fs::write(tmp.path().join("ca.pem"), &server.ca_pem).expect("ca");
        Fixture { server, tmp }
    }

    fn ext_dir(&self) -> PathBuf {
        self.tmp.path().join("config").join("cliextensions")
    }

    fn settings(&self) -> ExtensionSettings {
        let mut s =
            ExtensionSettings::new(self.ext_dir(), self.server.url("extensions/index.json"));
        s.ca_bundle = Some(self.tmp.path().join("ca.pem"));
        s.index_retry_delay = Duration::ZERO;
        s
    }

    fn ext(&self) -> Extensions {
        Extensions::new(self.settings())
    }

    fn write_wheel_file(&self, spec: &WheelSpec) -> PathBuf {
        let p = self.tmp.path().join(spec.filename());
        std::fs::write(&p, spec.build()).expect("write wheel");
        p
    }
}

/// Runs az with a scrubbed environment; inside a loopback-only network namespace when root.
fn run_az(az: &Path, config_dir: &Path, ext_dir: &Path, args: &[&str]) -> std::process::Output {
    let quoted: Vec<String> = std::iter::once(az.to_string_lossy().into_owned())
        .chain(args.iter().map(|a| a.to_string()))
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    let mut cmd = if oracle::is_root() {
        let mut c = std::process::Command::new("unshare");
        c.args([
            "-n",
            "sh",
            "-c",
            &format!("ip link set lo up && {}", quoted.join(" ")),
        ]);
        c
    } else {
        let mut c = std::process::Command::new(az);
        c.args(args);
        c
    };
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", config_dir)
        .env("AZURE_CONFIG_DIR", config_dir)
        .env("AZURE_EXTENSION_DIR", ext_dir)
        .env("AZURE_CORE_COLLECT_TELEMETRY", "false")
        .env("AZURE_CORE_NO_COLOR", "true")
        .env("PYTHONDONTWRITEBYTECODE", "1");
    cmd.output().expect("run az")
}

/// Extensions azrs installs are what az lists and shows, and the reverse; the same wheel
/// installed by each leaves the same files and RECORD rows.
pub async fn az_and_azrs_agree_on_installed_extensions(az: &Path) {
    let f = Fixture::new().await;
    let config = f.tmp.path().join("config");
    let ext = f.ext();

    // Installed by azrs, listed by az.
    let spec = WheelSpec::new("aks-preview", "19.0.0b2")
        .azext(json!({"azext.isPreview": true, "azext.minCliCoreVersion": "2.73.0"}));
    let wheel = f.write_wheel_file(&spec);
    let args = AddArgs {
        source: Some(wheel.to_string_lossy().into_owned()),
        ..AddArgs::default()
    };
    ext.add(&args, &mut Vec::new()).await.expect("azrs add");
    let out = run_az(
        az,
        &config,
        &f.ext_dir(),
        &["extension", "list", "-o", "json"],
    );
    assert!(
        out.status.success(),
        "az failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let az_list: Value = serde_json::from_slice(&out.stdout).expect("az json");
    assert_eq!(az_list, ext.list(), "az sees what azrs installed");

    // Installed by az, listed by azrs.
    let other = WheelSpec::new("demo", "1.0.0");
    let other_wheel = f.write_wheel_file(&other);
    let out = run_az(
        az,
        &config,
        &f.ext_dir(),
        &[
            "extension",
            "add",
            "--source",
            &other_wheel.to_string_lossy(),
            "-y",
        ],
    );
    assert!(
        out.status.success(),
        "az add failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run_az(
        az,
        &config,
        &f.ext_dir(),
        &["extension", "list", "-o", "json"],
    );
    let az_list: Value = serde_json::from_slice(&out.stdout).expect("az json");
    assert_eq!(ext.list(), az_list, "azrs sees what az installed");
    let names: Vec<&str> = az_list
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert_eq!(names, vec!["aks-preview", "demo"]);
    // Same wheel installed by azrs elsewhere: the same files and RECORD rows as pip left
    // (pip additionally compiles `__pycache__`; INSTALLER and direct_url.json differ by design).
    let mut s = f.settings();
    s.dir = f.tmp.path().join("azrs-ext");
    let mine = Extensions::new(s.clone());
    let args = AddArgs {
        source: Some(other_wheel.to_string_lossy().into_owned()),
        ..AddArgs::default()
    };
    mine.add(&args, &mut Vec::new()).await.expect("azrs add");
    let comparable = |root: &Path| {
        let mut files = Vec::new();
        walk(root, root, &mut files);
        files.retain(|p| !p.contains("__pycache__"));
        files.sort();
        let record =
            std::fs::read_to_string(root.join("demo-1.0.0.dist-info/RECORD")).expect("RECORD");
        let rows: Vec<String> = record
            .lines()
            .filter(|r| {
                !r.contains("__pycache__")
                    && !r.contains("/INSTALLER,")
                    && !r.contains("/direct_url.json,")
            })
            .map(str::to_string)
            .collect();
        (files, rows)
    };
    assert_eq!(
        comparable(&s.dir.join("demo")),
        comparable(&f.ext_dir().join("demo"))
    );

    let out = run_az(
        az,
        &config,
        &f.ext_dir(),
        &["extension", "show", "-n", "aks-preview", "-o", "json"],
    );
    let az_show: Value = serde_json::from_slice(&out.stdout).expect("az json");
    assert_eq!(
        ext.show("aks-preview").expect("show"),
        az_show,
        "show agrees"
    );
}
