//! Secrets stay clean: every command azrs has, each run with `--debug` and again with
//! `--verbose`, success and error paths (a wrong client secret, a bad federated token, a
//! certificate the emulator does not know, missing resources), against a standalone
//! `azrs-emulator` over HTTPS. Afterwards the actual secret values — the client secret and a
//! wrong one, every access token the emulator issued (any JWT at all, since azrs keeps tokens
//! only in memory and the emulator logs them redacted), the federated token, the certificate's private key, the kubeconfig's client keys and tokens —
//! are searched for in every run's stdout and stderr, in the emulator's `requests.jsonl` and in
//! any log file under the sandbox's home and config dir. Only files meant to hold them (the
//! token cache, the secret store, the kubeconfig) may, and `get-credentials --file -`, which
//! prints a kubeconfig on purpose, is not run.

use std::path::Path;
use std::time::SystemTime;

use azrs_emulator::core::{verify_token, workload_token};
use azrs_test_support::sandbox::Run;
use rcgen::{CertificateParams, KeyPair};

use super::emulator::Emulator;

/// One run's output, labelled with its command line.
struct Seen {
    label: String,
    run: Run,
}

/// Every maximal run of JWT characters starting at `eyJ` (a JSON object in base64url), with
/// its signature segment on its own (a log that trims a token still must not show that).
fn jwts(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("eyJ") {
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .unwrap_or(tail.len());
        let token = &tail[..end];
        if token.matches('.').count() == 2 && token.len() > 40 {
            out.push(token.to_string());
            if let Some(sig) = token.rsplit('.').next().filter(|s| s.len() >= 16) {
                out.push(sig.to_string());
            }
        }
        rest = &tail[end.max(3)..];
    }
    out
}

/// The text of every file under `dir` (recursively).
fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else if let Ok(text) = std::fs::read_to_string(&p) {
            out.push((p.display().to_string(), text));
        }
    }
    out
}

/// The values of `key: value` lines of a kubeconfig (YAML as azrs writes it).
fn kubeconfig_values(text: &str, keys: &[&str]) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let (k, v) = l.trim().trim_start_matches("- ").split_once(':')?;
            keys.contains(&k.trim())
                .then(|| v.trim().trim_matches('"').to_string())
        })
        .filter(|v| v.len() >= 8)
        .collect()
}

#[test]
fn no_secret_value_reaches_output_logs_or_request_log() {
    let emu = Emulator::start(&[]);
    let s = emu.settings();
    let az = emu.sandbox();
    let sub = s.subscription_id.clone();
    let wrong_secret = format!("wrong-secret-{}", std::process::id());
    let federated = workload_token(&s, SystemTime::now());
    let bad_federated = format!("{}x", &federated[..federated.len() - 1]);

    let key = KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).expect("RSA key");
    let cert = CertificateParams::new(vec!["sp.example".to_string()])
        .expect("params")
        .self_signed(&key)
        .expect("cert");
    let cert_path = az.path("sp.pem");
    std::fs::write(&cert_path, format!("{}{}", key.serialize_pem(), cert.pem())).expect("pem");
    let cert_path = cert_path.display().to_string();

    let [register, set, login] = <[Vec<String>; 3]>::try_from(emu.login_steps("Emu"))
        .unwrap_or_else(|_| panic!("three login steps"));
    let strs = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let sp = s.sp_client_id.as_str();
    let tenant = s.tenant_id.as_str();
    let steps: Vec<Vec<String>> = vec![
        strs(&["version"]),
        strs(&["cloud", "list"]),
        register,
        strs(&["cloud", "show", "-n", "Emu"]),
        set,
        strs(&[
            "login",
            "--service-principal",
            "-u",
            sp,
            "-p",
            &wrong_secret,
            "--tenant",
            tenant,
        ]),
        strs(&[
            "login",
            "--service-principal",
            "-u",
            sp,
            "--certificate",
            &cert_path,
            "--tenant",
            tenant,
        ]),
        strs(&[
            "login",
            "--service-principal",
            "-u",
            sp,
            "--federated-token",
            &bad_federated,
            "--tenant",
            tenant,
        ]),
        strs(&[
            "login",
            "--service-principal",
            "-u",
            sp,
            "--federated-token",
            &federated,
            "--tenant",
            tenant,
        ]),
        strs(&["group", "list"]),
        login,
        strs(&["account", "list"]),
        strs(&["account", "show"]),
        strs(&["account", "set", "-s", &sub]),
        strs(&["extension", "list-available"]),
        strs(&["extension", "add", "-n", "aks-preview"]),
        strs(&["extension", "list"]),
        strs(&["extension", "show", "-n", "aks-preview"]),
        strs(&["extension", "update", "-n", "aks-preview"]),
        strs(&["extension", "remove", "-n", "aks-preview"]),
        strs(&[
            "feature",
            "register",
            "--namespace",
            "Microsoft.ContainerService",
            "-n",
            "MSIPreview",
        ]),
        strs(&[
            "feature",
            "show",
            "--namespace",
            "Microsoft.ContainerService",
            "-n",
            "MSIPreview",
        ]),
        strs(&["feature", "list"]),
        strs(&["provider", "register", "-n", "Microsoft.ContainerService"]),
        strs(&["provider", "show", "-n", "Microsoft.ContainerService"]),
        strs(&["provider", "list"]),
        strs(&["group", "create", "-n", "rg", "-l", "westus2"]),
        strs(&["group", "show", "-n", "rg"]),
        strs(&["group", "show", "-n", "missing"]),
        strs(&["group", "exists", "-n", "rg"]),
        strs(&[
            "aks",
            "create",
            "-g",
            "rg",
            "-n",
            "c1",
            "--generate-ssh-keys",
        ]),
        strs(&["aks", "show", "-g", "rg", "-n", "c1"]),
        strs(&["aks", "show", "-g", "rg", "-n", "missing"]),
        strs(&["aks", "list"]),
        strs(&["aks", "wait", "-g", "rg", "-n", "c1", "--created"]),
        strs(&[
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "--overwrite-existing",
        ]),
        strs(&[
            "aks",
            "get-credentials",
            "-g",
            "rg",
            "-n",
            "c1",
            "--admin",
            "--overwrite-existing",
        ]),
        strs(&["aks", "delete", "-g", "rg", "-n", "c1", "--yes"]),
        strs(&[
            "feature",
            "unregister",
            "--namespace",
            "Microsoft.ContainerService",
            "-n",
            "MSIPreview",
        ]),
        strs(&["provider", "unregister", "-n", "Microsoft.ContainerService"]),
        strs(&["group", "delete", "-n", "rg", "--yes"]),
        strs(&["logout"]),
        strs(&["account", "show"]),
        strs(&["cloud", "set", "-n", "AzureCloud"]),
        strs(&["cloud", "unregister", "-n", "Emu"]),
    ];

    let mut seen = Vec::new();
    for step in &steps {
        for flag in ["--debug", "--verbose"] {
            let mut args: Vec<&str> = step.iter().map(String::as_str).collect();
            args.push(flag);
            let run = az.run(&args);
            assert_ne!(run.code, 101, "panic: {run:#?}");
            seen.push(Seen {
                label: args.join(" "),
                run,
            });
        }
    }
    let succeeded = |prefix: &str| {
        seen.iter()
            .any(|s| s.label.starts_with(prefix) && s.run.code == 0)
    };
    assert!(
        succeeded("login --service-principal -u"),
        "no login succeeded"
    );
    assert!(succeeded("aks get-credentials"), "no credentials fetched");
    // The error paths reached the token endpoint (wrong secret, unknown certificate, bad
    // federated token), so their secrets travelled and were logged.
    for code in ["AADSTS7000215", "AADSTS5002738", "AADSTS50027"] {
        assert!(
            seen.iter().any(|s| s.run.stderr.contains(code)),
            "no run failed with {code}"
        );
    }

    // The secrets.
    let mut secrets: Vec<(&str, String)> = vec![
        ("client secret", s.sp_client_secret.clone()),
        ("wrong client secret", wrong_secret.clone()),
        ("federated token", federated.clone()),
        ("bad federated token", bad_federated.clone()),
    ];
    for line in key
        .serialize_pem()
        .lines()
        .filter(|l| !l.starts_with("-----"))
    {
        secrets.push(("certificate private key", line.to_string()));
    }
    // Access tokens live only in memory (azrs keeps no token cache), and the emulator logs
    // them redacted, so they are found by shape: no JWT at all may appear in the places
    // scanned below. The emulator did issue tokens, so the scan is not vacuous.
    let issued = emu
        .requests_text()
        .lines()
        .filter(|l| l.contains("/oauth2/v2.0/token") && l.contains("\"status\":200"))
        .count();
    assert!(issued > 0, "the emulator issued no token");
    let kubeconfig = std::fs::read_to_string(az.path("kubeconfig")).expect("kubeconfig");
    let kube = kubeconfig_values(
        &kubeconfig,
        &[
            "client-key-data",
            "client-certificate-data",
            "token",
            "password",
        ],
    );
    assert!(!kube.is_empty(), "no client key in:\n{kubeconfig}");
    secrets.extend(kube.into_iter().map(|v| ("kubeconfig credential", v)));
    secrets.sort();
    secrets.dedup();

    // Where they must not be.
    let mut haystacks: Vec<(String, String)> = Vec::new();
    for s in &seen {
        haystacks.push((
            format!("stdout of `azrs {}`", s.label),
            s.run.stdout.clone(),
        ));
        haystacks.push((
            format!("stderr of `azrs {}`", s.label),
            s.run.stderr.clone(),
        ));
    }
    haystacks.push(("requests.jsonl".into(), emu.requests_text()));
    for dir in [az.home(), az.config_dir(), emu.dir()] {
        for (path, text) in files(&dir) {
            if path.ends_with(".log") || path.ends_with(".jsonl") {
                haystacks.push((path, text));
            }
        }
    }
    let mut leaks = Vec::new();
    for (what, value) in &secrets {
        for (place, text) in &haystacks {
            if text.contains(value.as_str()) {
                leaks.push(format!(
                    "{what} ({}…) in {place}",
                    &value[..value.len().min(12)]
                ));
            }
        }
    }
    for (place, text) in &haystacks {
        for t in jwts(text) {
            let issuer = if verify_token(&s, &t).is_ok() {
                "issued by the emulator"
            } else {
                "a token"
            };
            leaks.push(format!("{issuer} ({}…) in {place}", &t[..t.len().min(12)]));
        }
    }
    assert!(leaks.is_empty(), "secrets leaked:\n{}", leaks.join("\n"));
}

#[test]
fn jwt_scanner_finds_tokens_and_their_signatures() {
    let text = "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ, eyJ";
    assert_eq!(
        jwts(text),
        [
            "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ",
            "c2lnbmF0dXJlLXNpZ25hdHVyZQ"
        ]
    );
}
