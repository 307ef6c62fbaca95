//! One login and one token cache for az 2.91 and azrs (`AZURE_CONFIG_DIR` shared, inside the
//! loopback-only namespace): after az logs in, azrs runs with no `az` on `PATH` and sends no
//! token request; after azrs logs in, the real az runs `group list` and `aks get-credentials`
//! on azrs's token without asking Entra; the same both ways for a person signed in with the
//! device code or the browser (when the emulator signs people in); and 4 az with 16 azrs
//! processes on one cache at once all succeed and leave it whole, entries of others kept.
//! Counts come from the emulator's `requests.jsonl` between the steps.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::session;

const TOKEN: &str = "/oauth2/v2.0/token";

/// A plan: `(id, tool, args)` lines for `az_differential.sh`.
fn plan(steps: &[(&str, &str, &[&str])]) -> String {
    steps
        .iter()
        .map(|(id, tool, args)| {
            let mut line = vec![*id, *tool];
            line.extend_from_slice(args);
            line.join("\t") + "\n"
        })
        .collect()
}

/// The emulator's log, and for each step id the requests it sent (from the `ID.nreq` counts).
struct Steps {
    out: PathBuf,
    log: Vec<Value>,
    order: Vec<String>,
}

impl Steps {
    fn read(out: &Path, order: &[&str]) -> Steps {
        let text = std::fs::read_to_string(out.join("requests.jsonl")).unwrap_or_default();
        Steps {
            out: out.to_owned(),
            log: text
                .lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect(),
            order: order.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    fn file(&self, id: &str, ext: &str) -> String {
        std::fs::read_to_string(self.out.join(format!("{id}.{ext}"))).unwrap_or_default()
    }

    fn count(&self, id: &str) -> usize {
        self.file(id, "nreq").trim().parse().unwrap_or(0)
    }

    fn requests(&self, id: &str) -> &[Value] {
        let at = self.order.iter().position(|s| s == id).expect("step id");
        let from = if at == 0 {
            0
        } else {
            self.count(&self.order[at - 1])
        };
        let to = self.count(id).min(self.log.len());
        &self.log[from.min(to)..to]
    }

    fn token_requests(&self, id: &str) -> usize {
        self.requests(id)
            .iter()
            .filter(|r| r["path"].as_str().is_some_and(|p| p.ends_with(TOKEN)))
            .count()
    }

    #[track_caller]
    fn assert_ok(&self, id: &str) {
        assert_eq!(
            self.file(id, "rc").trim(),
            "0",
            "step {id} failed:\n{}\n{}",
            self.file(id, "out"),
            self.file(id, "err")
        );
    }
}

const CLOUD: [&str; 2] = ["s1", "s2"];

fn cloud_steps() -> Vec<(&'static str, &'static str, &'static [&'static str])> {
    vec![
        (
            CLOUD[0],
            "az",
            &[
                "cloud",
                "register",
                "--name",
                "Emu",
                "--endpoint-resource-manager",
                "@URL@/",
            ],
        ),
        (CLOUD[1], "az", &["cloud", "set", "--name", "Emu"]),
    ]
}

use crate::session::SP_LOGIN;
const GET_CREDENTIALS: &[&str] = &[
    "aks",
    "get-credentials",
    "-g",
    "tcrg",
    "-n",
    "tcaks",
    "-f",
    "@OUT@/kubeconfig",
];

/// az's and azrs's service-principal logins serve each other.
pub fn az_and_azrs_use_each_others_service_principal_tokens(python: &Path) {
    let mut steps = cloud_steps();
    steps.extend([
        ("login-az", "az", SP_LOGIN),
        ("list", "azrs", &["group", "list"] as &[&str]),
        (
            "group",
            "azrs",
            &["group", "create", "-n", "tcrg", "-l", "westus2"],
        ),
        (
            "aks",
            "azrs",
            &[
                "aks",
                "create",
                "-g",
                "tcrg",
                "-n",
                "tcaks",
                "--enable-managed-identity",
                "--no-ssh-key",
            ],
        ),
        ("logout", "azrs", &["logout"]),
        ("login-azrs", "azrs", SP_LOGIN),
        ("az-list", "az", &["group", "list"]),
        ("az-creds", "az", GET_CREDENTIALS),
    ]);
    let order: Vec<&str> = steps.iter().map(|s| s.0).collect();
    let run = session::run("token_cache_sp", python, &plan(&steps));
    assert!(run.output.status.success(), "{run:?}", run = run.output);
    let s = Steps::read(&run.out, &order);
    for id in &order {
        s.assert_ok(id);
    }
    // The script's PATH is /usr/bin:/bin; az runs from the venv only.
    assert!(!Path::new("/usr/bin/az").exists() && !Path::new("/bin/az").exists());
    for id in ["list", "group", "aks"] {
        assert_eq!(s.token_requests(id), 0, "azrs asked for a token in {id}");
        assert!(!s.requests(id).is_empty(), "{id} reached ARM");
    }
    assert_eq!(
        s.token_requests("login-azrs"),
        1,
        "azrs's login gets its token"
    );
    for id in ["az-list", "az-creds"] {
        assert_eq!(s.token_requests(id), 0, "az asked for a token in {id}");
    }
    assert!(s.file("az-list", "out").contains("tcrg"));
    let kubeconfig = std::fs::read_to_string(run.out.join("kubeconfig")).expect("kubeconfig");
    assert!(kubeconfig.contains("tcaks"), "{kubeconfig}");
}

/// Whether this emulator build signs people in (`/devicecode`), known from its flags.
pub fn emulator_signs_people_in(emulator: &Path) -> bool {
    Command::new(emulator)
        .arg("--help")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("--device-code-polls"))
}

/// A person's device-code login by either tool serves the other.
pub fn az_and_azrs_use_each_others_person_login(python: &Path) {
    let mut steps = cloud_steps();
    steps.extend([
        ("login-az", "az", &["login", "--use-device-code"] as &[&str]),
        ("list", "azrs", &["group", "list"]),
        (
            "group",
            "azrs",
            &["group", "create", "-n", "tcrg", "-l", "westus2"],
        ),
        (
            "aks",
            "azrs",
            &[
                "aks",
                "create",
                "-g",
                "tcrg",
                "-n",
                "tcaks",
                "--enable-managed-identity",
                "--no-ssh-key",
            ],
        ),
        ("logout", "azrs", &["logout"]),
        ("login-azrs", "azrs", &["login", "--use-device-code"]),
        ("az-list", "az", &["group", "list"]),
        ("az-creds", "az", GET_CREDENTIALS),
    ]);
    let order: Vec<&str> = steps.iter().map(|s| s.0).collect();
    let run = session::run("token_cache_person", python, &plan(&steps));
    assert!(run.output.status.success(), "{run:?}", run = run.output);
    let s = Steps::read(&run.out, &order);
    for id in &order {
        s.assert_ok(id);
    }
    for id in ["list", "group", "aks", "az-list", "az-creds"] {
        assert_eq!(s.token_requests(id), 0, "a token request in {id}");
    }
    // Both tools print the same accounts and the device-code message the same way.
    assert_eq!(s.file("login-az", "out"), s.file("login-azrs", "out"));
    let message = |id: &str| {
        s.file(id, "err")
            .lines()
            .find(|l| l.starts_with("To sign in"))
            .map(|l| {
                l.split(" and enter the code ")
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
    };
    assert!(message("login-az").is_some());
    assert_eq!(message("login-az"), message("login-azrs"));
    let profile =
        std::fs::read_to_string(run.out.join("azure/azureProfile.json")).expect("profile");
    assert!(profile.contains("\"type\": \"user\""), "{profile}");
}

/// Runs `token_cache.sh` in `mode`; its output folder (inside the returned temp dir).
fn run_script(python: &Path, mode: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("out");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential/token_cache.sh");
    let started = std::time::Instant::now();
    let o = Command::new("bash")
        .arg(&script)
        .arg(python)
        .arg(azrs_test_support::sandbox::emulator_bin())
        .arg(env!("CARGO_BIN_EXE_azrs"))
        .arg(&out)
        .arg(mode)
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .output()
        .expect("run token_cache.sh");
    println!("{mode} session took {:.1?}", started.elapsed());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (dir, out)
}

/// A person's browser sign-in (authorization code + PKCE, `BROWSER` a stand-in) by either tool
/// serves the other.
pub fn az_and_azrs_use_each_others_browser_login(python: &Path) {
    let (_dir, out) = run_script(python, "browser");
    let order = [
        "setup",
        "login-az",
        "list",
        "logout",
        "login-azrs",
        "az-list",
    ];
    let s = Steps::read(&out, &order);
    for id in &order[1..] {
        s.assert_ok(id);
    }
    for id in ["list", "az-list"] {
        assert_eq!(s.token_requests(id), 0, "a token request in {id}");
    }
    assert_eq!(s.file("login-az", "out"), s.file("login-azrs", "out"));
    let authorize = |id: &str| {
        s.requests(id)
            .iter()
            .filter(|r| {
                r["path"]
                    .as_str()
                    .is_some_and(|p| p.ends_with("/authorize"))
            })
            .count()
    };
    assert_eq!((authorize("login-az"), authorize("login-azrs")), (1, 1));
}

/// 4 az and 16 azrs processes on one cache at once.
pub fn four_az_and_sixteen_azrs_share_one_cache(python: &Path) {
    let (_dir, out) = run_script(python, "concurrent");
    let file = |n: &str| std::fs::read_to_string(out.join(n)).unwrap_or_default();
    for (tool, n) in [("az", 4), ("azrs", 16)] {
        for i in 1..=n {
            assert_eq!(
                file(&format!("{tool}-{i}.rc")).trim(),
                "0",
                "{tool} #{i}: {}",
                file(&format!("{tool}-{i}.err"))
            );
            assert_eq!(file(&format!("{tool}-{i}.out")), "[]\n", "{tool} #{i}");
        }
    }
    let cache: Value = serde_json::from_str(&file("cache.json")).expect("the cache parses");
    assert_eq!(cache["RefreshToken"]["someone-else"]["secret"], "kept");
    assert_eq!(cache["Future"]["k"]["v"], 1);
    let ats = cache["AccessToken"].as_object().expect("access tokens");
    assert_eq!(
        ats.len(),
        1,
        "one entry for the one identity and scope: {ats:?}"
    );
    assert!(!out.join("lockfile-left").exists(), "a lock file was left");
}
