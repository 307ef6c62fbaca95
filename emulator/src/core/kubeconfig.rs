//! The kubeconfig documents AKS hands out from `listClusterUserCredential` /
//! `listClusterAdminCredential` (arm.md §8.6), rendered PyYAML-style (sorted keys) with
//! obviously synthetic credential material (`FAKE-CA`, `FAKE-CLIENT-CERT`, `FAKE-CLIENT-KEY`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// How the user entry authenticates.
pub(crate) enum UserAuth<'a> {
    /// Client certificate + static token (local accounts).
    Certificate { token: &'a str },
    /// kubelogin exec plugin (AAD clusters, `format=exec`).
    Exec { tenant: &'a str },
    /// Legacy azure auth-provider (AAD clusters, `format=azure`).
    AuthProvider { tenant: &'a str },
}

const SERVER_ID: &str = "6dae42f8-4368-4678-94ff-3960e28e3630";
const CLIENT_ID: &str = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";

/// Renders the kubeconfig YAML for `cluster` (also the context name) and `user`.
pub(crate) fn render(cluster: &str, user: &str, server: &str, auth: &UserAuth) -> String {
    let b64 = |s: &str| STANDARD.encode(s.as_bytes());
    let mut y = String::new();
    y.push_str("apiVersion: v1\nclusters:\n- cluster:\n");
    y.push_str(&format!(
        "    certificate-authority-data: {}\n",
        b64("FAKE-CA")
    ));
    y.push_str(&format!("    server: {server}\n  name: {cluster}\n"));
    y.push_str(&format!(
        "contexts:\n- context:\n    cluster: {cluster}\n    user: {user}\n  name: {cluster}\n"
    ));
    y.push_str(&format!(
        "current-context: {cluster}\nkind: Config\npreferences: {{}}\nusers:\n- name: {user}\n  user:\n"
    ));
    match auth {
        UserAuth::Certificate { token } => {
            y.push_str(&format!(
                "    client-certificate-data: {}\n    client-key-data: {}\n    token: {token}\n",
                b64("FAKE-CLIENT-CERT"),
                b64("FAKE-CLIENT-KEY")
            ));
        }
        UserAuth::Exec { tenant } => {
            y.push_str(
                "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      args:\n",
            );
            for a in [
                "get-token",
                "--environment",
                "AzurePublicCloud",
                "--server-id",
                SERVER_ID,
                "--client-id",
                CLIENT_ID,
                "--tenant-id",
                tenant,
                "--login",
                "devicecode",
            ] {
                y.push_str(&format!("      - {a}\n"));
            }
            y.push_str(
                "      command: kubelogin\n      env: null\n      provideClusterInfo: false\n",
            );
        }
        UserAuth::AuthProvider { tenant } => {
            y.push_str(&format!(
                "    auth-provider:\n      config:\n        apiserver-id: {SERVER_ID}\n        client-id: {CLIENT_ID}\n        config-mode: '1'\n        environment: AzurePublicCloud\n        tenant-id: {tenant}\n      name: azure\n"
            ));
        }
    }
    y
}
