//! `aks get-credentials` on an AAD cluster (device-code kubelogin credentials), with a fake
//! `kubelogin` on `PATH` (`azrs_test_support::kubelogin`) that records its arguments, working
//! directory and `KUBECONFIG`, lets some output through and rewrites the kubeconfig as
//! `convert-kubeconfig -l azurecli` would.
//! What az 2.91 does with the same fake (captured in a loopback-only namespace) is the
//! `kubelogin` differential; these tests pin the same outcomes against the embedded emulator,
//! plus kubelogin missing, failing, and not needed.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;

const CONVERTED: &str = "WARNING: Converted kubeconfig to use Azure CLI authentication.\n";
const NOT_INSTALLED: &str = "WARNING: The kubeconfig uses devicecode authentication which requires kubelogin. Please install kubelogin from https://github.com/Azure/kubelogin or run 'az aks install-cli' to install both kubectl and kubelogin. If devicecode login fails, try running 'kubelogin convert-kubeconfig -l azurecli' to unblock yourself.\n";

/// A sandbox holding the AAD cluster `rg/c1`, and the folder for the fake kubelogin.
fn sandbox_with_aad_cluster() -> (Azrs, PathBuf) {
    let az = sandbox_with_group("rg", "westus2");
    az.run(&[
        "aks",
        "create",
        "-g",
        "rg",
        "-n",
        "c1",
        "--enable-aad",
        "--no-ssh-key",
    ])
    .ok();
    let bin = az.path("bin");
    std::fs::create_dir_all(&bin).expect("mkdir bin");
    (az, bin)
}

fn install_fake_kubelogin(bin: &Path) {
    azrs_test_support::kubelogin::install(bin);
}

fn calls(bin: &Path) -> String {
    azrs_test_support::kubelogin::calls(bin)
}

fn with_path(az: &mut Azrs, bin: &Path) {
    az.set_env("PATH", &format!("{}:/usr/bin:/bin", bin.display()));
}

fn get_credentials(az: &Azrs, extra: &[&str]) -> Run {
    let mut args = vec!["aks", "get-credentials", "-g", "rg", "-n", "c1"];
    args.extend_from_slice(extra);
    az.run(&args)
}

/// `kubectl config view` accepts the file and shows the user's exec arguments (skipped with a
/// notice where kubectl is missing, except under `CI=true`, whose `.ci/run` installs it).
#[allow(clippy::print_stderr)]
fn kubectl_exec_args(path: &Path) -> Option<Vec<String>> {
    let out = match Command::new("kubectl")
        .args(["config", "view", "--raw", "-o", "json", "--kubeconfig"])
        .arg(path)
        .env_remove("KUBECONFIG")
        .output()
    {
        Ok(out) => out,
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("notice: kubectl not found, skipping the kubectl check");
            return None;
        }
        Err(e) => panic!("CI=true but kubectl cannot run: {e}"),
    };
    assert!(
        out.status.success(),
        "kubectl config view failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("kubectl prints JSON");
    Some(
        doc["users"][0]["user"]["exec"]["args"]
            .as_array()
            .expect("exec args")
            .iter()
            .map(|a| a.as_str().expect("string arg").to_owned())
            .collect(),
    )
}

#[test]
fn aad_credentials_are_converted_with_kubelogin_as_az_does() {
    let (mut az, bin) = sandbox_with_aad_cluster();
    install_fake_kubelogin(&bin);
    with_path(&mut az, &bin);
    let run = get_credentials(&az, &[]).ok();
    let kube = az.home().join(".kube");
    let config = kube.join("config");
    assert_eq!(run.stdout, "fake kubelogin on stdout\n");
    assert_eq!(
        run.stderr,
        format!(
            "WARNING: Merged \"c1\" as current context in {}\nfake kubelogin on stderr\n{CONVERTED}",
            config.display()
        )
    );
    // az: `["kubelogin", "convert-kubeconfig", "-l", "azurecli"]` in the file's folder, no
    // `--kubeconfig`, the environment passed on as it is.
    assert_eq!(
        calls(&bin),
        format!(
            "argv: <convert-kubeconfig> <-l> <azurecli>\ncwd: {}\nKUBECONFIG: unset\n",
            kube.display()
        )
    );
    let text = std::fs::read_to_string(&config).expect("kubeconfig");
    assert!(text.contains("      - azurecli\n"), "{text}");
    assert!(!text.contains("devicecode"), "{text}");
    if let Some(args) = kubectl_exec_args(&config) {
        assert_eq!(args.first().map(String::as_str), Some("get-token"));
        assert!(args.ends_with(&["--login".to_owned(), "azurecli".to_owned()]));
    }
}

#[test]
fn kubelogin_runs_in_the_folder_of_the_kubeconfig_env_file() {
    let (mut az, bin) = sandbox_with_aad_cluster();
    install_fake_kubelogin(&bin);
    with_path(&mut az, &bin);
    let file = az.path("kc/config");
    az.set_env("KUBECONFIG", &file.display().to_string());
    get_credentials(&az, &["--format", "exec"]).ok();
    assert_eq!(
        calls(&bin),
        format!(
            "argv: <convert-kubeconfig> <-l> <azurecli>\ncwd: {}\nKUBECONFIG: {}\n",
            az.path("kc").display(),
            file.display()
        )
    );
    let text = std::fs::read_to_string(&file).expect("kubeconfig");
    assert!(!text.contains("devicecode"), "{text}");
    kubectl_exec_args(&file);
}

#[test]
fn missing_kubelogin_prints_azs_advice_and_succeeds() {
    let (mut az, bin) = sandbox_with_aad_cluster();
    // Nothing on PATH but an empty folder: no kubelogin anywhere.
    az.set_env("PATH", &bin.display().to_string());
    let run = get_credentials(&az, &[]).ok();
    let config = az.home().join(".kube/config");
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "WARNING: Merged \"c1\" as current context in {}\n{NOT_INSTALLED}",
            config.display()
        )
    );
    let text = std::fs::read_to_string(&config).expect("kubeconfig");
    assert!(text.contains("      - devicecode\n"), "{text}");
    kubectl_exec_args(&config);
}

#[test]
fn a_failing_kubelogin_is_a_warning_with_pythons_exception_text() {
    let (mut az, bin) = sandbox_with_aad_cluster();
    install_fake_kubelogin(&bin);
    with_path(&mut az, &bin);
    let file = az.path("fail/config");
    let run = get_credentials(&az, &["--file", &file.display().to_string()]).ok();
    assert_eq!(run.stdout, "fake kubelogin on stdout\n");
    assert_eq!(
        run.stderr,
        format!(
            "WARNING: Merged \"c1\" as current context in {}\nfake kubelogin on stderr\nWARNING: Failed to convert kubeconfig with kubelogin: Command '['kubelogin', 'convert-kubeconfig', '-l', 'azurecli']' returned non-zero exit status 3.\n",
            file.display()
        )
    );
}

#[test]
fn file_dash_prints_the_kubeconfig_then_kubelogin_cannot_start_as_in_az() {
    let (mut az, bin) = sandbox_with_aad_cluster();
    install_fake_kubelogin(&bin);
    with_path(&mut az, &bin);
    let run = get_credentials(&az, &["--file", "-"]).ok();
    assert!(
        run.stdout.contains("      - devicecode\n"),
        "{}",
        run.stdout
    );
    // az runs kubelogin in os.path.dirname("-") == "", which Python cannot change into.
    assert_eq!(
        run.stderr,
        "WARNING: Error running kubelogin: [Errno 2] No such file or directory: ''\n"
    );
    assert_eq!(calls(&bin), "");
}

#[test]
fn local_account_and_azure_format_credentials_never_run_kubelogin() {
    let (mut az, bin) = sandbox_with_aad_cluster();
    install_fake_kubelogin(&bin);
    with_path(&mut az, &bin);
    // The legacy auth-provider form has no exec plugin.
    let run = get_credentials(&az, &["--format", "azure"]).ok();
    assert!(!run.stderr.contains("kubelogin"), "{}", run.stderr);
    // Admin credentials are certificates.
    let run = get_credentials(&az, &["--admin"]).ok();
    assert!(!run.stderr.contains("kubelogin"), "{}", run.stderr);
    assert_eq!(calls(&bin), "");
}
