//! Credential selection and token requests: selection order from a scrubbed environment
//! snapshot, plain-http authorities refused, token requests through the shared transport
//! (client secret, GitHub OIDC, a certificate's PS256 assertion), and the reqwest transport
//! trusting a CA bundle over loopback TLS.

use super::*;

#[test]
fn selection_order_follows_the_documented_chain() {
    let http = FakeHttp::new();
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "fake.k8s.jwt").unwrap();
    let tool_dir = dir.path().join("bin");
    std::fs::create_dir(&tool_dir).unwrap();
    std::fs::write(tool_dir.join("azd"), "#!/bin/sh\n").unwrap();
    let az_only = dir.path().join("az-only");
    std::fs::create_dir(&az_only).unwrap();
    std::fs::write(az_only.join("az"), "#!/bin/sh\n").unwrap();
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
    // 5. `azd` as the last resort when it is on PATH (absolute directories only).
    assert_eq!(
        kind(&request(&http, &[("PATH", tools)], None)).unwrap(),
        CredentialKind::DeveloperTools
    );
    // `az` on PATH is never spawned: az's logins are read from its files instead.
    assert!(matches!(
        kind(&request(
            &http,
            &[("PATH", az_only.to_str().unwrap())],
            None
        )),
        Err(AuthError::NoCredential)
    ));
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
    let _ = rustls::crypto::ring::default_provider().install_default();
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
