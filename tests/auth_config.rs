//! Credential selection and the config directory: selection order from a scrubbed environment
//! snapshot, token requests through the shared transport (client secret, GitHub OIDC), and a
//! config dir laid out as az 2.91 writes it (BOM profile, `config`, `clouds.config`).

#[path = "support/fake_http.rs"]
mod fake_http;

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

const TENANT: &str = "00000000-0000-4000-8000-00000000face";
const APP: &str = "00000000-0000-4000-8000-0000000a9901";
const SUB: &str = "00000000-0000-4000-8000-0000000005ab";

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
    }
}

fn kind(req: &CredentialRequest) -> Result<CredentialKind, AuthError> {
    auth::select_credential(req).map(|s| s.kind)
}

#[test]
fn selection_order_follows_the_documented_chain() {
    let http = FakeHttp::new();
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "fake.k8s.jwt").unwrap();
    let tool_dir = dir.path().join("bin");
    std::fs::create_dir(&tool_dir).unwrap();
    std::fs::write(tool_dir.join("az"), "#!/bin/sh\n").unwrap();
    let empty_dir = dir.path().join("empty");
    std::fs::create_dir(&empty_dir).unwrap();
    let tf = token_file.to_str().unwrap();
    let tools = tool_dir.to_str().unwrap();
    let secret = [
        ("AZURE_CLIENT_ID", APP),
        ("AZURE_TENANT_ID", TENANT),
        ("AZURE_CLIENT_SECRET", "s3cret"),
    ];
    let all = [
        ("AZURE_CLIENT_ID", APP),
        ("AZURE_TENANT_ID", TENANT),
        ("AZURE_CLIENT_SECRET", "s3cret"),
        ("AZURE_FEDERATED_TOKEN_FILE", tf),
        (
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            "https://gh.fake.test/token?x=1",
        ),
        ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ghtok"),
        ("PATH", tools),
    ];

    // 1. A stored login choice wins over everything in the environment.
    let mi = LoginChoice::ManagedIdentity {
        client_id: Some("mi-client".into()),
    };
    assert_eq!(
        kind(&request(&http, &all, Some(mi))).unwrap(),
        CredentialKind::ManagedIdentity
    );
    // 2. Client secret from the environment.
    assert_eq!(
        kind(&request(&http, &all, None)).unwrap(),
        CredentialKind::ClientSecret
    );
    assert_eq!(
        kind(&request(&http, &secret, None)).unwrap(),
        CredentialKind::ClientSecret
    );
    // 3. Workload identity file.
    assert_eq!(
        kind(&request(
            &http,
            &all[..2]
                .iter()
                .chain(&all[3..])
                .copied()
                .collect::<Vec<_>>(),
            None
        ))
        .unwrap(),
        CredentialKind::WorkloadIdentity
    );
    // 4. GitHub Actions OIDC.
    let gh = [all[0], all[1], all[4], all[5], all[6]];
    assert_eq!(
        kind(&request(&http, &gh, None)).unwrap(),
        CredentialKind::GitHubActions
    );
    // 5. Developer tools when `az` is on PATH (absolute directories only).
    assert_eq!(
        kind(&request(&http, &[("PATH", tools)], None)).unwrap(),
        CredentialKind::DeveloperTools
    );
    // 6. Nothing at all: the exact text the app prints after "ERROR: ".
    let none = kind(&request(
        &http,
        &[("PATH", empty_dir.to_str().unwrap())],
        None,
    ))
    .unwrap_err();
    assert_eq!(
        none.to_string(),
        "Please run 'azrs login' to setup account."
    );
    assert!(matches!(
        kind(&request(&http, &[], None)),
        Err(AuthError::NoCredential)
    ));
    // Incomplete secret triple is not a credential; managed identity is never implicit.
    let partial = [
        ("AZURE_CLIENT_SECRET", "s"),
        ("PATH", empty_dir.to_str().unwrap()),
    ];
    assert!(matches!(
        kind(&request(&http, &partial, None)),
        Err(AuthError::NoCredential)
    ));
    http.verify();
}

#[test]
fn plain_http_authority_is_refused() {
    let http = FakeHttp::new();
    let mut req = request(
        &http,
        &[
            ("AZURE_CLIENT_ID", APP),
            ("AZURE_TENANT_ID", TENANT),
            ("AZURE_CLIENT_SECRET", "x"),
        ],
        None,
    );
    req.authority_host = "http://127.0.0.1:8443".into();
    let err = auth::select_credential(&req).unwrap_err();
    assert!(matches!(err, AuthError::Insecure(_)));
    assert!(err.to_string().contains("https://"), "{err}");
}

#[tokio::test]
async fn client_secret_token_goes_through_the_transport_once() {
    let http = FakeHttp::new();
    http.on("POST", &format!("/{TENANT}/oauth2/v2.0/token"), 200, &[("content-type", "application/json")],
        r#"{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"tok-from-entra"}"#);
    let login = LoginChoice::ServicePrincipalSecret {
        tenant_id: TENANT.into(),
        client_id: APP.into(),
        secret: Secret::new("hunter2"),
    };
    let sel = auth::select_credential(&request(&http, &[], Some(login))).unwrap();
    assert_eq!(sel.kind, CredentialKind::ClientSecret);
    let scope = ["https://127.0.0.1:8443/.default"];
    let t1 = sel.credential.get_token(&scope, None).await.unwrap();
    let t2 = sel.credential.get_token(&scope, None).await.unwrap();
    assert_eq!(t1.token.secret(), "tok-from-entra");
    assert_eq!(t2.token.secret(), "tok-from-entra");
    let reqs = http.requests();
    assert_eq!(reqs.len(), 1, "token fetched once per process");
    assert_eq!(
        reqs[0].url,
        format!("https://login.fake.test/{TENANT}/oauth2/v2.0/token")
    );
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&reqs[0].body)
        .into_owned()
        .collect();
    assert!(form.contains(&("client_secret".into(), "hunter2".into())));
    assert!(form.contains(&("scope".into(), "https://127.0.0.1:8443/.default".into())));
    http.verify();
}

#[tokio::test]
async fn github_actions_assertion_is_fetched_then_exchanged() {
    let http = FakeHttp::new();
    http.on_query(
        "GET",
        "/_apis/token",
        "audience=api%3A%2F%2FAzureADTokenExchange",
        200,
        &[],
        r#"{"count":1,"value":"gh.jwt.value"}"#,
    )
    .on(
        "POST",
        &format!("/{TENANT}/oauth2/v2.0/token"),
        200,
        &[],
        r#"{"token_type":"Bearer","expires_in":3599,"access_token":"tok-gh"}"#,
    );
    let env = [
        ("AZURE_CLIENT_ID", APP),
        ("AZURE_TENANT_ID", TENANT),
        (
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            "https://pipelines.fake.test/_apis/token?api-version=2.0",
        ),
        ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "runner-token"),
    ];
    let sel = auth::select_credential(&request(&http, &env, None)).unwrap();
    assert_eq!(sel.kind, CredentialKind::GitHubActions);
    let t = sel
        .credential
        .get_token(&["https://management.azure.com/.default"], None)
        .await
        .unwrap();
    assert_eq!(t.token.secret(), "tok-gh");
    let reqs = http.requests();
    assert_eq!(reqs[0].header("authorization"), Some("Bearer runner-token"));
    assert!(
        reqs[0]
            .url
            .starts_with("https://pipelines.fake.test/_apis/token?api-version=2.0&audience=")
    );
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&reqs[1].body)
        .into_owned()
        .collect();
    assert!(form.contains(&("client_assertion".into(), "gh.jwt.value".into())));
    assert!(form.contains(&(
        "client_assertion_type".into(),
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".into()
    )));
    http.verify();
}

/// A config dir as az 2.91 leaves it after `cloud register`, `cloud set` and
/// `login --service-principal` (layout of `reference/README.md`; profile with az's BOM).
fn az_written_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let profile = format!(
        "\u{feff}{{\"installationId\": \"5f7c1f0e-0000-0000-0000-000000000001\", \"subscriptions\": [{{\"id\": \"{SUB}\", \"name\": \"Fake Subscription\", \"state\": \"Enabled\", \"user\": {{\"name\": \"{APP}\", \"type\": \"servicePrincipal\"}}, \"isDefault\": true, \"tenantId\": \"{TENANT}\", \"environmentName\": \"FakeAzureCloud\", \"homeTenantId\": \"{TENANT}\", \"managedByTenants\": []}}, {{\"id\": \"11111111-0000-0000-0000-000000000000\", \"name\": \"Other\", \"state\": \"Disabled\", \"user\": {{\"name\": \"{APP}\", \"type\": \"servicePrincipal\"}}, \"isDefault\": false, \"tenantId\": \"{TENANT}\", \"environmentName\": \"FakeAzureCloud\", \"homeTenantId\": \"{TENANT}\", \"managedByTenants\": []}}]}}"
    );
    std::fs::write(p.join("azureProfile.json"), profile).unwrap();
    std::fs::write(
        p.join("config"),
        "[cloud]\nname = FakeAzureCloud\n\n[core]\nfirst_run = yes\ncollect_telemetry = no\n\n",
    )
    .unwrap();
    std::fs::write(
        p.join("clouds.config"),
        "[FakeAzureCloud]\nprofile = latest\nendpoint_management = https://management.core.windows.net/\nendpoint_resource_manager = https://127.0.0.1:8443/\nendpoint_active_directory = https://127.0.0.1:8443/\nendpoint_active_directory_resource_id = https://management.core.windows.net/\nsuffix_storage_endpoint = core.windows.net\nsubscription = 00000000-0000-4000-8000-0000000005ab\n\n",
    )
    .unwrap();
    dir
}

#[test]
fn reads_a_config_dir_written_by_az() {
    let d = az_written_dir();
    let dir = ConfigDir::new(d.path());
    let cloud = clouds::active_cloud(&dir, None).unwrap();
    assert_eq!(cloud.name, "FakeAzureCloud");
    assert_eq!(cloud.resource_manager(), Some("https://127.0.0.1:8443/"));
    assert_eq!(cloud.authority_host(), Some("https://127.0.0.1:8443/"));
    // Env AZURE_CLOUD_NAME wins over the file.
    assert_eq!(
        clouds::active_cloud(&dir, Some("AzureChinaCloud"))
            .unwrap()
            .resource_manager(),
        Some("https://management.chinacloudapi.cn")
    );

    let sub = account::resolve_subscription(&dir, &cloud.name, None, None).unwrap();
    assert_eq!(sub.id, SUB);
    assert_eq!(sub.tenant_id.as_deref(), Some(TENANT));
    assert_eq!(
        account::resolve_subscription(&dir, &cloud.name, Some("fake subscription"), None)
            .unwrap()
            .id,
        SUB
    );
    let unknown = account::resolve_subscription(&dir, &cloud.name, Some("foo"), None).unwrap_err();
    assert_eq!(
        unknown.to_string(),
        "Subscription 'foo' not found. Check the spelling and casing and try again."
    );

    let show = account_verbs::show::account_show(&dir, &cloud.name, None).unwrap();
    assert_eq!(show["name"], "Fake Subscription");
    let list = account_verbs::list::account_list(&dir, &cloud.name, false).unwrap();
    assert_eq!(list.items.as_array().unwrap().len(), 1);
    assert_eq!(list.items[0]["cloudName"], "FakeAzureCloud");
    assert!(list.items[0].get("environmentName").is_none());
    assert_eq!(
        list.warnings,
        [
            "A few accounts are skipped as they don't have 'Enabled' state. Use '--all' to display them."
        ]
    );
    assert_eq!(
        account_verbs::list::account_list(&dir, &cloud.name, true)
            .unwrap()
            .items
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let shown = cloud_verbs::show::cloud_show(&dir, None, None).unwrap();
    assert_eq!(shown["isActive"], true);
    assert_eq!(
        shown["endpoints"]["resourceManager"],
        "https://127.0.0.1:8443/"
    );
    let names: Vec<String> = cloud_verbs::list::cloud_list(&dir, None)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "AzureCloud",
            "AzureChinaCloud",
            "AzureUSGovernment",
            "AzureBleuCloud",
            "FakeAzureCloud"
        ]
    );
}

#[test]
fn empty_config_dir_errors_like_az() {
    let d = tempfile::tempdir().unwrap();
    let dir = ConfigDir::new(d.path());
    let e = account::resolve_subscription(&dir, "AzureCloud", None, None).unwrap_err();
    assert_eq!(e.to_string(), "Please run 'azrs login' to setup account.");
    // Environment-only credentials: AZURE_SUBSCRIPTION_ID is used verbatim.
    assert_eq!(
        account::resolve_subscription(&dir, "AzureCloud", None, Some(SUB))
            .unwrap()
            .id,
        SUB
    );
    let l = account_verbs::list::account_list(&dir, "AzureCloud", false).unwrap();
    assert_eq!(l.items, json!([]));
    assert_eq!(
        l.warnings,
        ["Please run \"az login\" to access your accounts."]
    );
}

#[test]
fn account_set_keeps_bom_unknown_fields_and_records_cloud_default() {
    let d = az_written_dir();
    let dir = ConfigDir::new(d.path());
    // An unknown field az (or a later az) may have written.
    let path = dir.profile_file();
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "\"managedByTenants\": []}",
        "\"managedByTenants\": [], \"futureField\": 7}",
        1,
    );
    std::fs::write(&path, text).unwrap();

    let err = account_verbs::set::account_set(&dir, "FakeAzureCloud", "Nope").unwrap_err();
    assert_eq!(
        err.to_string(),
        "The subscription of 'nope' doesn't exist in cloud 'FakeAzureCloud'."
    );
    account_verbs::set::account_set(
        &dir,
        "FakeAzureCloud",
        "11111111-0000-0000-0000-000000000000",
    )
    .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.starts_with(b"\xef\xbb\xbf{\"installationId\": "),
        "BOM and az layout kept"
    );
    let v: Value = serde_json::from_slice(&bytes[3..]).unwrap();
    assert_eq!(v["subscriptions"][0]["isDefault"], false);
    assert_eq!(v["subscriptions"][0]["futureField"], 7);
    assert_eq!(v["subscriptions"][1]["isDefault"], true);
    let clouds_file = IniFile::load(&dir.clouds_file()).unwrap();
    assert_eq!(
        clouds_file.get("FakeAzureCloud", "subscription").as_deref(),
        Some("11111111-0000-0000-0000-000000000000")
    );
    assert_eq!(
        clouds_file
            .get("FakeAzureCloud", "endpoint_resource_manager")
            .as_deref(),
        Some("https://127.0.0.1:8443/")
    );
}

#[test]
fn config_writes_keep_unknown_sections_keys_and_comments() {
    let d = az_written_dir();
    let dir = ConfigDir::new(d.path());
    let mut f = IniFile::load(&dir.config_file()).unwrap();
    f.set(
        "extension",
        "index_url",
        "https://127.0.0.1:8443/extensions/index.json",
    );
    f.set("core", "output", "table");
    f.save(&dir.config_file()).unwrap();
    let text = std::fs::read_to_string(dir.config_file()).unwrap();
    assert!(text.contains("[cloud]\nname = FakeAzureCloud\n"), "{text}");
    assert!(
        text.contains("first_run = yes\ncollect_telemetry = no\noutput = table\n"),
        "{text}"
    );
    assert!(
        text.ends_with("[extension]\nindex_url = https://127.0.0.1:8443/extensions/index.json\n"),
        "{text}"
    );
    let s = config::Settings::load(
        &dir,
        vec![("AZURE_CORE_OUTPUT".to_string(), "yaml".to_string())],
    )
    .unwrap();
    assert_eq!(s.get("core", "output").as_deref(), Some("yaml"));
    assert_eq!(
        s.get_bool("core", "collect_telemetry").unwrap(),
        Some(false)
    );
}

#[test]
fn cloud_register_set_unregister_round_trip() {
    let d = tempfile::tempdir().unwrap();
    let dir = ConfigDir::new(d.path());
    let meta = json!({"resourceManager":"https://127.0.0.1:8443/","authentication":{"loginEndpoint":"https://127.0.0.1:8443/","audiences":["https://management.core.windows.net/","https://management.azure.com/"]},"suffixes":{"storage":"core.windows.net"}});
    let cloud = cloud_verbs::metadata::from_arm_metadata("FakeAzureCloud", &meta);
    cloud_verbs::register::cloud_register(&dir, &cloud).unwrap();
    assert_eq!(
        cloud_verbs::register::cloud_register(&dir, &cloud)
            .unwrap_err()
            .to_string(),
        "The cloud 'FakeAzureCloud' is already registered."
    );
    let text = std::fs::read_to_string(dir.clouds_file()).unwrap();
    assert!(text.starts_with("[FakeAzureCloud]\nprofile = latest\nendpoint_active_directory = https://127.0.0.1:8443/\nendpoint_active_directory_resource_id = https://management.core.windows.net/\n"), "{text}");
    assert!(
        text.contains("\nendpoint_resource_manager = https://127.0.0.1:8443/\n"),
        "{text}"
    );

    let w = cloud_verbs::set::cloud_set(&dir, "FakeAzureCloud", None).unwrap();
    assert_eq!(
        w,
        [
            "Switched active cloud to 'FakeAzureCloud'.",
            "Use 'az login' to log in to this cloud.",
            "Use 'az account set' to set the active subscription."
        ]
    );
    assert_eq!(
        cloud_verbs::unregister::cloud_unregister(&dir, "FakeAzureCloud", None)
            .unwrap_err()
            .to_string(),
        "The cloud 'FakeAzureCloud' cannot be unregistered as it's currently active."
    );
    assert_eq!(
        cloud_verbs::unregister::cloud_unregister(&dir, "AzureChinaCloud", None)
            .unwrap_err()
            .to_string(),
        "The cloud 'AzureChinaCloud' cannot be unregistered as it's not a custom cloud."
    );
    cloud_verbs::set::cloud_set(&dir, "AzureCloud", None).unwrap();
    cloud_verbs::unregister::cloud_unregister(&dir, "FakeAzureCloud", None).unwrap();
    assert_eq!(
        cloud_verbs::show::cloud_show(&dir, Some("FakeAzureCloud"), None)
            .unwrap_err()
            .to_string(),
        "The cloud 'FakeAzureCloud' is not registered."
    );
}

#[test]
fn login_records_profile_like_az_and_secret_file_is_0600() {
    let d = tempfile::tempdir().unwrap();
    let dir = ConfigDir::new(d.path());
    let arm_sub = json!({"id": format!("/subscriptions/{SUB}"), "authorizationSource":"RoleBased","managedByTenants":[],
        "subscriptionId": SUB, "tenantId": TENANT, "displayName":"Fake Subscription","state":"Enabled",
        "subscriptionPolicies":{"locationPlacementId":"Public_2014-09-01","quotaId":"PayAsYouGo_2014-09-01","spendingLimit":"Off"}});
    let user = LoginUser {
        name: APP.into(),
        user_type: "servicePrincipal".into(),
        assigned_identity_info: None,
    };
    let out = login::record::record_login(&dir, "FakeAzureCloud", &user, &[arm_sub]).unwrap();
    // The object az printed for `az login --service-principal` in the walkthrough.
    assert_eq!(
        out,
        json!([{"id": SUB, "name": "Fake Subscription", "state": "Enabled", "user": {"name": APP, "type": "servicePrincipal"},
            "isDefault": true, "tenantId": TENANT, "cloudName": "FakeAzureCloud", "homeTenantId": TENANT, "managedByTenants": []}])
    );
    login::record::store_service_principal(
        &dir,
        ServicePrincipalEntry {
            client_id: APP.into(),
            tenant: TENANT.into(),
            client_secret: Some(SecretString::new("fake-client-secret")),
            certificate: None,
            client_assertion: None,
            other: Default::default(),
        },
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.secrets_file())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }
    let profile_text = std::fs::read_to_string(dir.profile_file()).unwrap();
    assert!(!profile_text.contains("fake-client-secret"));
    let entry = account_verbs::show::account_show(&dir, "FakeAzureCloud", None).unwrap();
    match account::stored_login(&dir, &entry).unwrap() {
        Some(account::StoredLogin::ServicePrincipal(sp)) => {
            assert_eq!(
                sp.client_secret.as_ref().map(SecretString::expose),
                Some("fake-client-secret")
            );
            assert!(
                !format!("{sp:?}").contains("fake-client-secret"),
                "Debug hides secrets"
            );
        }
        other => panic!("{other:?}"),
    }
    login::logout::logout(&dir, None).unwrap();
    assert!(account_verbs::show::account_show(&dir, "FakeAzureCloud", None).is_err());
    assert!(
        config::SecretStore::load(&dir.secrets_file())
            .unwrap()
            .entries
            .is_empty()
    );
}

#[tokio::test]
async fn certificate_login_signs_a_ps256_assertion() {
    use base64::Engine as _;
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).expect("RSA key generation");
    let cert = rcgen::CertificateParams::new(vec!["azrs-test".into()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pem_path = dir.path().join("sp.pem");
    std::fs::write(&pem_path, format!("{}{}", key.serialize_pem(), cert.pem())).unwrap();

    let http = FakeHttp::new();
    http.on(
        "POST",
        &format!("/{TENANT}/oauth2/v2.0/token"),
        200,
        &[],
        r#"{"token_type":"Bearer","expires_in":3599,"access_token":"tok-cert"}"#,
    );
    let login = LoginChoice::ServicePrincipalCertificate {
        tenant_id: TENANT.into(),
        client_id: APP.into(),
        certificate_path: pem_path,
    };
    let sel = auth::select_credential(&request(&http, &[], Some(login))).unwrap();
    assert_eq!(sel.kind, CredentialKind::ClientCertificate);
    let t = sel
        .credential
        .get_token(&["https://management.core.windows.net//.default"], None)
        .await
        .unwrap();
    assert_eq!(t.token.secret(), "tok-cert");

    let reqs = http.requests();
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&reqs[0].body)
        .into_owned()
        .collect();
    let jwt = &form
        .iter()
        .find(|(k, _)| k == "client_assertion")
        .expect("assertion sent")
        .1;
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3);
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header: Value = serde_json::from_slice(&b64.decode(parts[0]).unwrap()).unwrap();
    let claims: Value = serde_json::from_slice(&b64.decode(parts[1]).unwrap()).unwrap();
    use sha2::Digest as _;
    assert_eq!(header["alg"], "PS256");
    assert_eq!(
        header["x5t#S256"],
        b64.encode(sha2::Sha256::digest(cert.der().as_ref()))
    );
    assert_eq!(
        claims["aud"],
        format!("https://login.fake.test/{TENANT}/oauth2/v2.0/token")
    );
    assert_eq!(claims["iss"], APP);
    assert_eq!(claims["sub"], APP);
    assert!(
        b64.decode(parts[2]).unwrap().len() >= 256,
        "RSA-2048 signature"
    );
    http.verify();
}

/// The production transport trusts a private CA from `REQUESTS_CA_BUNDLE` (as the emulator's
/// HTTPS listener needs), against a real TLS listener on 127.0.0.1.
#[tokio::test]
async fn reqwest_transport_trusts_the_ca_bundle_over_loopback_tls() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(vec!["localhost".into()]).unwrap();
    params
        .subject_alt_names
        .push(rcgen::SanType::IpAddress(std::net::IpAddr::from([
            127, 0, 0, 1,
        ])));
    let cert = params.self_signed(&key).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, cert.pem()).unwrap();

    let cfg = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(cfg));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = [0u8; 4096];
                let _ = tls.read(&mut buf).await;
                let body = r#"{"ok":true}"#;
                let resp = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(resp.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });

    let url: azure_core::http::Url = format!("https://127.0.0.1:{port}/probe").parse().unwrap();
    let env = EnvVars::from_pairs([("REQUESTS_CA_BUNDLE", ca.to_str().unwrap())]);
    let transport = auth::transport_from_env(&env).unwrap();
    let req = azure_core::http::Request::new(url.clone(), azure_core::http::Method::Get);
    let resp = transport
        .execute_request(&req)
        .await
        .expect("TLS handshake trusts the bundle");
    assert_eq!(u16::from(resp.status()), 200);

    // Without the bundle the same server is not trusted.
    let plain = auth::build_transport(None).unwrap();
    assert!(plain.execute_request(&req).await.is_err());

    // A bundle that is not PEM is a clear error.
    std::fs::write(dir.path().join("bad.pem"), "not a certificate").unwrap();
    let err = auth::build_transport(Some(&dir.path().join("bad.pem"))).unwrap_err();
    assert!(err.to_string().contains("bad.pem"), "{err}");
}
