//! A standalone `azrs-emulator` process over HTTPS for tests that need a real socket (fault
//! injection, `requests.jsonl` of a server), and an [`Azrs`] sandbox
//! pointed at it the way a user points az at it (`REQUESTS_CA_BUNDLE`, `cloud register`,
//! `login --service-principal`). Used by `hardening` and by `http`.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use azrs_emulator::core::Settings;
use azrs_test_support::sandbox;

use crate::common::Azrs;

/// A running `azrs-emulator`, killed on drop.
pub struct Emulator {
    child: Child,
    /// `https://127.0.0.1:PORT`, no trailing slash.
    pub url: String,
    dir: tempfile::TempDir,
}

impl Emulator {
    /// Starts the emulator with `--retry-after 0` plus `extra` flags and waits for its URL.
    pub fn start(extra: &[&str]) -> Emulator {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new(sandbox::emulator_bin())
            .args(["--port", "0", "--retry-after", "0"])
            .arg("--state-dir")
            .arg(dir.path())
            .args(extra)
            .env_clear()
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn azrs-emulator");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("first line");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_string();
        Emulator { child, url, dir }
    }

    /// The CA the emulator's certificate chains to.
    pub fn ca(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// The emulator's state dir (`requests.jsonl`, `state.json`, `ca-key.pem`).
    pub fn dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// The raw text of `requests.jsonl`.
    pub fn requests_text(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("requests.jsonl")).unwrap_or_default()
    }

    /// The emulator's settings (tenant, subscription, service principal).
    pub fn settings(&self) -> Settings {
        Settings::new(&self.url)
    }

    /// A sandbox that talks to this emulator over HTTPS, as az would (no embedded emulator):
    /// the CA trusted through `REQUESTS_CA_BUNDLE`, the extension index pointed at it.
    pub fn sandbox(&self) -> Azrs {
        let mut az = Azrs::spawn();
        az.remove_env("AZRS_EMULATOR");
        az.set_env("REQUESTS_CA_BUNDLE", &self.ca().display().to_string());
        az.set_env(
            "AZURE_EXTENSION_INDEX_URL",
            &format!("{}/extensions/index.json", self.url),
        );
        let kubeconfig = az.path("kubeconfig").display().to_string();
        az.set_env("KUBECONFIG", &kubeconfig);
        az
    }

    /// The `cloud register`/`cloud set`/`login` arguments that make `az` use this emulator.
    pub fn login_steps(&self, cloud: &str) -> Vec<Vec<String>> {
        let s = self.settings();
        let v = |a: &[&str]| a.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let arm = format!("{}/", self.url);
        vec![
            v(&[
                "cloud",
                "register",
                "--name",
                cloud,
                "--endpoint-resource-manager",
                &arm,
            ]),
            v(&["cloud", "set", "--name", cloud]),
            v(&[
                "login",
                "--service-principal",
                "-u",
                &s.sp_client_id,
                "-p",
                &s.sp_client_secret,
                "--tenant",
                &s.tenant_id,
            ]),
        ]
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
