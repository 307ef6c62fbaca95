//! Token acquisition is bounded and its failures read like az: `login --identity` off Azure
//! (IMDS not answering, or refusing) fails within seconds with az's "Failed to connect to MSI"
//! text, a hanging credential hits the overall deadline, and a rejected client secret shows
//! Entra's `error_description` exactly once and never the secret. Every socket is on 127.0.0.1;
//! IMDS is reached through `AZURE_POD_IDENTITY_AUTHORITY_HOST`.

use azrs::arm::{ArmClient, ArmClientConfig, ArmError, ClientOptions, CommandHeaders};
use azrs::auth::{self, BoundedCredential, CredentialRequest, EnvVars, LoginChoice};
use azrs_emulator::front::inprocess::{IN_PROCESS_ORIGIN, InProcessTransport};
use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common::Azrs;

/// A sandbox running the real binary without the emulator, IMDS pointed at `imds`.
fn off_azure(imds: &str) -> Azrs {
    let mut az = Azrs::new();
    az.remove_env("AZRS_EMULATOR");
    az.set_env("AZURE_POD_IDENTITY_AUTHORITY_HOST", imds);
    az
}

// Regression: `login --identity` off Azure (no IDENTITY_ENDPOINT) retried IMDS for over 60 s.
#[test]
fn login_identity_with_silent_imds_fails_fast_with_az_text() {
    // Accepts connections (the kernel backlog) and never answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    let az = off_azure(&url);
    let start = Instant::now();
    let run = az.run(&["login", "--identity"]).expect_code(1);
    let took = start.elapsed();
    assert!(took < Duration::from_secs(10), "took {took:?}: {run:#?}");
    assert_eq!(
        run.stderr.trim_end(),
        "ERROR: Failed to connect to MSI. Please make sure MSI is configured correctly.",
        "{run:#?}"
    );
    assert_eq!(run.stdout, "");
    drop(silent);
}

#[test]
fn login_identity_with_refusing_imds_fails_fast_with_az_text() {
    // Bind then close: nothing listens on the port, connections are refused.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let az = off_azure(&format!("http://127.0.0.1:{port}"));
    let start = Instant::now();
    let run = az
        .run(&["login", "--identity", "--client-id", "mi-client"])
        .expect_code(1);
    assert!(start.elapsed() < Duration::from_secs(5), "{run:#?}");
    assert!(
        run.stderr.starts_with(
            "ERROR: Failed to connect to MSI. Please make sure MSI is configured correctly."
        ),
        "{run:#?}"
    );
    assert_eq!(run.stderr.matches("Failed to connect").count(), 1);
}

/// A one-thread IMDS stand-in: 400 without the `Metadata` header (as IMDS answers the probe),
/// otherwise a token. Returns its origin and the request lines it saw.
fn answering_imds() -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            reader.read_line(&mut first).unwrap();
            let mut metadata = false;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap() == 0 || line.trim().is_empty() {
                    break;
                }
                metadata |= line.to_ascii_lowercase().starts_with("metadata: true");
            }
            log.lock().unwrap().push(first.trim().to_owned());
            let body = if metadata {
                r#"{"access_token":"mi-token","expires_on":"4102444800","resource":"https://management.azure.com","token_type":"Bearer"}"#
            } else {
                r#"{"error":"invalid_request","error_description":"Required metadata header not specified"}"#
            };
            let status = if metadata {
                "200 OK"
            } else {
                "400 Bad Request"
            };
            let mut out = stream;
            let _ = write!(
                out,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (origin, seen)
}

#[tokio::test]
async fn reachable_imds_is_probed_once_then_serves_the_token() {
    let (origin, seen) = answering_imds();
    let selected = auth::select_credential(&CredentialRequest {
        env: EnvVars::from_pairs([("AZURE_POD_IDENTITY_AUTHORITY_HOST", origin.as_str())]),
        login: Some(LoginChoice::ManagedIdentity { client_id: None }),
        authority_host: "https://login.microsoftonline.com".into(),
        transport: auth::build_transport(None).unwrap(),
        token_cache: None,
    })
    .unwrap();
    let scope = ["https://management.azure.com/.default"];
    let t = selected.credential.get_token(&scope, None).await.unwrap();
    assert_eq!(t.token.secret(), "mi-token");
    selected.credential.get_token(&scope, None).await.unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(
        seen[0].starts_with("GET /metadata/identity/oauth2/token?"),
        "{seen:?}"
    );
    assert!(seen[1].contains("resource=https"), "{seen:?}");
}

/// A credential that never answers.
#[derive(Debug)]
struct Hangs;

#[async_trait::async_trait]
impl TokenCredential for Hangs {
    async fn get_token(
        &self,
        _: &[&str],
        _: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        std::future::pending().await
    }
}

#[tokio::test]
async fn any_credential_is_cut_off_at_the_deadline() {
    let c = BoundedCredential::new(Arc::new(Hangs), Duration::from_millis(200));
    let start = Instant::now();
    let e = c
        .get_token(&["https://management.azure.com/.default"], None)
        .await
        .unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(2));
    assert_eq!(e.kind(), &azure_core::error::ErrorKind::Credential);
    assert_eq!(
        e.to_string(),
        "No access token within 200ms; the token endpoint did not answer in time."
    );
    assert!(auth::TOKEN_DEADLINE <= Duration::from_secs(60));
}

// Regression: a rejected client secret printed azure_identity's message three times (the
// error chain joined, every level repeating its source).
#[tokio::test]
async fn wrong_client_secret_shows_entra_description_once_and_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let transport: Arc<dyn azure_core::http::HttpClient> =
        Arc::new(InProcessTransport::new(dir.path()).unwrap());
    let settings = azrs_emulator::core::Settings::new(IN_PROCESS_ORIGIN);
    let secret = "WRONG-s3cret-value-42";
    let selected = auth::select_credential(&CredentialRequest {
        env: EnvVars::from_pairs([]),
        login: Some(LoginChoice::ServicePrincipalSecret {
            tenant_id: settings.tenant_id.clone(),
            client_id: settings.sp_client_id.clone(),
            secret: Secret::new(secret.to_owned()),
        }),
        authority_host: IN_PROCESS_ORIGIN.into(),
        transport: transport.clone(),
        token_cache: None,
    })
    .unwrap();
    let client = ArmClient::new(ArmClientConfig {
        transport,
        credential: selected.credential,
        endpoint: format!("{IN_PROCESS_ORIGIN}/"),
        scope: "https://management.azure.com/.default".into(),
        command: CommandHeaders::new(Some("login"), None),
        options: ClientOptions {
            zero_delays: true,
            ..ClientOptions::default()
        },
    })
    .unwrap();
    let err = client.list_subscriptions().await.unwrap_err();
    assert!(matches!(err, ArmError::Credential(_)), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with("AADSTS7000215: Invalid client secret provided."),
        "{text}"
    );
    assert_eq!(
        text.matches("Invalid client secret provided").count(),
        1,
        "{text}"
    );
    assert_eq!(text.matches("AADSTS7000215").count(), 1, "{text}");
    assert!(!text.contains(secret), "{text}");
    assert!(!format!("{err:?}").contains(secret));
}
