//! Credentials and tokens: which credential azrs picks and the config dir it reads (`config`),
//! bounded token acquisition with az's failure texts (`bounds`), and every credential path
//! getting a token over real HTTPS (`credentials_https`), az's token cache shared across
//! processes (`token_cache`), a person's tokens renewed from it (`person_login`) and a person's
//! device-code login on the embedded emulator (`person_embedded`).
//! `login`/`logout` as verbs are the `login` module.

mod bounds;
mod config_dir;
mod credentials;
mod credentials_https;
mod person_embedded;
mod person_login;
mod token_cache;

use azrs_test_support::fake_http;

use azrs::auth::{self, AuthError, CredentialKind, CredentialRequest, EnvVars, LoginChoice};
use azrs::commands::login::record::LoginUser;
use azrs::commands::{account as account_verbs, cloud as cloud_verbs, login};
use azrs::config::{
    self, ConfigDir, IniFile, SecretString, ServicePrincipalEntry, clouds, subscriptions as account,
};
use azure_core::credentials::Secret;
use fake_http::FakeHttp;
use serde_json::{Value, json};
use std::sync::Arc;

use crate::common::{SUB, TENANT};

const APP: &str = "00000000-0000-4000-8000-0000000a9901";

fn request(
    http: &Arc<FakeHttp>,
    pairs: &[(&str, &str)],
    login: Option<LoginChoice>,
) -> CredentialRequest {
    CredentialRequest {
        env: EnvVars::from_pairs(pairs.iter().copied()),
        login,
        authority_host: "https://login.fake.test".into(),
        transport: http.clone(),
        token_cache: None,
    }
}

fn kind(req: &CredentialRequest) -> Result<CredentialKind, AuthError> {
    auth::select_credential(req).map(|s| s.kind)
}

/// The seed walkthrough's writing half, from `provider register` to `aks get-credentials`
/// into `kubeconfig` (no SSH key: these tests are about tokens, not keys), which the token
/// tests run after their own first steps.
fn walkthrough_writes(kubeconfig: &str) -> Vec<Vec<&str>> {
    vec![
        vec![
            "provider",
            "register",
            "--namespace",
            "Microsoft.ContainerService",
        ],
        vec![
            "group",
            "create",
            "--name",
            "myResourceGroup",
            "--location",
            "westus2",
        ],
        vec![
            "aks",
            "create",
            "-g",
            "MyResourceGroup",
            "-n",
            "MyManagedCluster",
            "--enable-managed-identity",
            "--no-ssh-key",
        ],
        vec![
            "aks",
            "get-credentials",
            "--resource-group",
            "myResourceGroup",
            "--name",
            "MyManagedCluster",
            "-f",
            kubeconfig,
        ],
    ]
}
