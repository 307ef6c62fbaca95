//! Each credential path azrs supports gets a token from `azrs-emulator` over real HTTPS
//! (trusted only through the emulator's CA via `REQUESTS_CA_BUNDLE`) and completes
//! `group create`: client secret from the environment, a workload-identity token file, GitHub
//! Actions OIDC, managed identity through `IDENTITY_ENDPOINT`, and a stand-in `azd` on `PATH`
//! (spawned once; a stand-in `az` never).
//! Also: `--debug` of a full walkthrough never shows a token, secret or kubeconfig key.

use azrs_test_support::sandbox;

use crate::common::{Azrs, Run};
use azrs_emulator::core::{Settings, arm_token, workload_token};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::SystemTime;

/// A running `azrs-emulator` process, killed on drop.
struct Emulator {
    child: Child,
    url: String,
    dir: tempfile::TempDir,
}

impl Emulator {
    fn start() -> Emulator {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new(sandbox::emulator_bin())
            .args(["--port", "0", "--retry-after", "0", "--state-dir"])
            .arg(dir.path())
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

    fn ca(&self) -> String {
        self.dir.path().join("ca.pem").display().to_string()
    }

    fn settings(&self) -> Settings {
        Settings::new(&self.url)
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A sandbox whose active cloud is the emulator (az's `clouds.config` and `config` layout).
fn sandbox(emu: &Emulator) -> Azrs {
    sandbox_with(Azrs::new(), emu)
}

/// [`sandbox`] running the real binary: for credentials that `azure_identity` configures from
/// the process environment rather than from azrs's env map (managed identity reads
/// `IDENTITY_ENDPOINT`/`IDENTITY_HEADER` itself, `AzureCliCredential` runs `az` with the
/// process's `PATH`), which an in-process run cannot hand them.
fn spawned_sandbox(emu: &Emulator) -> Azrs {
    sandbox_with(Azrs::spawn(), emu)
}

fn sandbox_with(mut az: Azrs, emu: &Emulator) -> Azrs {
    az.remove_env("AZRS_EMULATOR");
    az.set_env("REQUESTS_CA_BUNDLE", &emu.ca());
    let s = emu.settings();
    az.set_env("AZURE_SUBSCRIPTION_ID", &s.subscription_id);
    let cfg = az.config_dir();
    std::fs::write(
        cfg.join("clouds.config"),
        format!(
            "[Emu]\nprofile = latest\nendpoint_resource_manager = {url}/\nendpoint_active_directory = {url}\nendpoint_active_directory_resource_id = https://management.core.windows.net/\n\n",
            url = emu.url
        ),
    )
    .expect("write clouds.config");
    std::fs::write(cfg.join("config"), "[cloud]\nname = Emu\n\n").expect("write config");
    az
}

fn group_create(az: &Azrs, name: &str) -> Run {
    az.run(&["group", "create", "-n", name, "-l", "westus2"])
}

#[track_caller]
fn assert_created(run: Run, name: &str) {
    let run = run.ok();
    assert_eq!(run.json()["name"], name, "{run:#?}");
    assert_eq!(run.json()["properties"]["provisioningState"], "Succeeded");
}

#[test]
fn client_secret_from_environment() {
    let emu = Emulator::start();
    let s = emu.settings();
    let mut az = sandbox(&emu);
    az.set_env("AZURE_CLIENT_ID", &s.sp_client_id);
    az.set_env("AZURE_TENANT_ID", &s.tenant_id);
    az.set_env("AZURE_CLIENT_SECRET", &s.sp_client_secret);
    assert_created(group_create(&az, "rg-secret"), "rg-secret");

    // A wrong secret is refused by the token endpoint: exit 1, nothing created. (The first
    // run's token is in az's token cache, keyed by app and tenant as MSAL keys it, and would
    // be reused: start without it.)
    forget_tokens(&az);
    az.set_env("AZURE_CLIENT_SECRET", "not-the-secret");
    let run = group_create(&az, "rg-wrong");
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(run.stderr.starts_with("ERROR: "), "{run:#?}");
    assert!(
        !run.stderr.contains("not-the-secret"),
        "secret leaked: {run:#?}"
    );
}

#[test]
fn workload_identity_token_file() {
    let emu = Emulator::start();
    let s = emu.settings();
    let mut az = sandbox(&emu);
    let file = az.path("federated-token");
    std::fs::write(&file, workload_token(&s, SystemTime::now())).expect("token file");
    az.set_env("AZURE_CLIENT_ID", &s.sp_client_id);
    az.set_env("AZURE_TENANT_ID", &s.tenant_id);
    az.set_env("AZURE_FEDERATED_TOKEN_FILE", &file.display().to_string());
    assert_created(group_create(&az, "rg-workload"), "rg-workload");
}

#[test]
fn github_actions_oidc() {
    let emu = Emulator::start();
    let s = emu.settings();
    let mut az = sandbox(&emu);
    az.set_env("AZURE_CLIENT_ID", &s.sp_client_id);
    az.set_env("AZURE_TENANT_ID", &s.tenant_id);
    az.set_env(
        "ACTIONS_ID_TOKEN_REQUEST_URL",
        &format!("{}/github/idtoken?api-version=2.0", emu.url),
    );
    az.set_env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", &s.github_request_token);
    assert_created(group_create(&az, "rg-github"), "rg-github");
}

#[test]
fn managed_identity_when_logged_in_with_identity() {
    let emu = Emulator::start();
    let s = emu.settings();
    let mut az = spawned_sandbox(&emu);
    az.remove_env("AZURE_SUBSCRIPTION_ID");
    // What `login --identity` records: a profile entry for a system-assigned identity.
    let profile = serde_json::json!({
        "installationId": "00000000-0000-0000-0000-000000000001",
        "subscriptions": [{
            "id": s.subscription_id,
            "name": s.subscription_name,
            "state": "Enabled",
            "user": {"name": "systemAssignedIdentity", "type": "servicePrincipal", "assignedIdentityInfo": "MSI"},
            "isDefault": true,
            "tenantId": s.tenant_id,
            "environmentName": "Emu",
            "homeTenantId": s.tenant_id,
            "managedByTenants": [],
            "assignedIdentityInfo": "MSI"
        }]
    });
    std::fs::write(
        az.config_dir().join("azureProfile.json"),
        serde_json::to_vec(&profile).expect("json"),
    )
    .expect("profile");
    az.set_env("IDENTITY_ENDPOINT", &format!("{}/msi/token", emu.url));
    az.set_env("IDENTITY_HEADER", &s.identity_header);
    assert_created(group_create(&az, "rg-identity"), "rg-identity");

    // Without the endpoint, managed identity is not probed implicitly elsewhere: a clear error.
    // (Without the first run's token in the cache, which would still be reused.)
    forget_tokens(&az);
    az.remove_env("IDENTITY_ENDPOINT");
    az.remove_env("IDENTITY_HEADER");
    let run = group_create(&az, "rg-no-identity");
    assert_eq!(run.code, 1, "{run:#?}");
}

#[test]
fn stand_in_azd_on_path_is_spawned_once_and_az_never() {
    let emu = Emulator::start();
    let s = emu.settings();
    let mut az = spawned_sandbox(&emu);
    let bin = az.path("bin");
    std::fs::create_dir_all(&bin).expect("bin dir");
    let token = arm_token(&s, SystemTime::now());
    let spawned = az.path("spawned");
    let log = spawned.display().to_string();
    // A stand-in `az` that would serve a token: it must never run.
    write_script(
        &bin.join("az"),
        &format!("#!/bin/sh\necho az >> '{log}'\nexit 1\n"),
    );
    write_script(
        &bin.join("azd"),
        &format!(
            "#!/bin/sh\necho azd >> '{log}'\ncat <<'JSON'\n{{\"token\": \"{token}\", \"expiresOn\": \"2099-01-01T00:00:00Z\"}}\nJSON\n"
        ),
    );
    az.set_env("PATH", &format!("{}:/usr/bin:/bin", bin.display()));
    assert_created(group_create(&az, "rg-azd"), "rg-azd");
    // One spawn of azd for the command, none of az.
    assert_eq!(
        std::fs::read_to_string(&spawned).expect("spawn log"),
        "azd\n"
    );
}

#[test]
fn no_credential_at_all_asks_for_login() {
    let emu = Emulator::start();
    let mut az = sandbox(&emu);
    az.remove_env("AZURE_SUBSCRIPTION_ID");
    let run = group_create(&az, "rg-none");
    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(
        run.stderr,
        "ERROR: Please run 'azrs login' to setup account.\n"
    );
}

#[test]
fn debug_output_of_a_walkthrough_hides_tokens_secrets_and_kubeconfig() {
    let emu = Emulator::start();
    let s = emu.settings();
    let mut az = sandbox(&emu);
    az.set_env("AZURE_CLIENT_ID", &s.sp_client_id);
    az.set_env("AZURE_TENANT_ID", &s.tenant_id);
    az.set_env("AZURE_CLIENT_SECRET", &s.sp_client_secret);
    let kubeconfig = az.path("kubeconfig");
    let kc = kubeconfig.display().to_string();
    let mut steps: Vec<Vec<&str>> = vec![vec![
        "feature",
        "register",
        "--name",
        "MSIPreview",
        "--namespace",
        "Microsoft.ContainerService",
    ]];
    steps.extend(super::walkthrough_writes(&kc));
    let mut debug = String::new();
    for step in &steps {
        let mut args = step.clone();
        args.push("--debug");
        let run = az.run(&args);
        debug.push_str(&run.stderr);
        debug.push_str(&run.stdout);
    }
    assert!(
        debug.contains("Request URL") || debug.contains("https://"),
        "--debug logged requests: {debug}"
    );
    assert!(!debug.contains(&s.sp_client_secret), "client secret leaked");
    // No JWT (header.payload.signature starting with the base64 of '{"') reaches the output.
    assert!(!debug.contains("eyJ"), "a token leaked in --debug output");
    // The kubeconfig's client key/token never reach the output.
    if let Ok(text) = std::fs::read_to_string(&kubeconfig) {
        for line in text.lines() {
            let line = line.trim();
            for key in ["client-key-data:", "client-certificate-data:", "token:"] {
                if let Some(v) = line.strip_prefix(key) {
                    let v = v.trim();
                    if v.len() > 16 {
                        assert!(!debug.contains(v), "kubeconfig {key} leaked");
                    }
                }
            }
        }
    }
}

/// Removes az's token cache from the sandbox's config dir.
fn forget_tokens(az: &Azrs) {
    std::fs::remove_file(az.config_dir().join("msal_token_cache.json")).expect("token cache");
}

fn write_script(path: &Path, body: &str) {
    std::fs::write(path, body).expect("write script");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
}
