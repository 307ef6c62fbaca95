//! `aks create` across its flag space, with the real az 2.91.0 as the oracle.
//!
//! One session of `tests/differential/az_differential.sh` (loopback-only network namespace, one
//! `azrs-emulator`): az registers the emulator cloud, logs in with the service principal (the
//! config dir is shared with azrs), registers `Microsoft.ContainerService` and creates group `rg`.
//! Then, for each flag combination, az creates `kazNN` and azrs `krsNN` (names of equal length,
//! so the dnsPrefix and resource ids line up after renaming) and the two runs are compared:
//! exit code, stderr, the cluster PUT body as the emulator logged it (parsed JSON with the
//! sender's key order, plus its `Content-Length`), and stdout (the flattened cluster). Values
//! the emulator derives from the name (GUIDs, eTag, resourceUid, the FQDN hash) are masked.
//! Cases az rejects are compared by their error (and by whether a PUT went out at all).
//!
//! Without the az venv (`target/az-venv`) or without root (for `unshare -n`) the trial is
//! reported as ignored, except under `CI=true`, where it fails.

use azrs_test_support::oracle::diff;
use std::fmt::Write as _;
use std::path::Path;

use crate::session;

use base64::Engine as _;
use serde_json::Value;

/// One flag combination; `@NAME@` in `flags` becomes the cluster's name.
struct Case {
    label: &'static str,
    flags: Vec<String>,
    /// Append `--no-ssh-key` (every case but the SSH ones).
    no_ssh: bool,
    /// A fixed cluster name for both tools (name-validator cases).
    name: Option<&'static str>,
    /// Generated key material: compare only that keyData is an `ssh-rsa` key.
    generated_key: bool,
    /// A known, reported gap: a difference is printed as KNOWN instead of failing.
    known: Option<&'static str>,
}

fn case(label: &'static str, flags: &[&str]) -> Case {
    Case {
        label,
        flags: flags.iter().map(|s| s.to_string()).collect(),
        no_ssh: true,
        name: None,
        generated_key: false,
        known: None,
    }
}

/// An ed25519 public key in OpenSSH text form (az accepts any well-formed key type).
fn public_key() -> String {
    let mut blob = Vec::new();
    for part in [&b"ssh-ed25519"[..], &[7u8; 32][..]] {
        blob.extend_from_slice(&u32::try_from(part.len()).expect("short").to_be_bytes());
        blob.extend_from_slice(part);
    }
    format!(
        "ssh-ed25519 {} test@example.com",
        base64::engine::general_purpose::STANDARD.encode(blob)
    )
}

fn cases() -> Vec<Case> {
    let key = public_key();
    let mut v = vec![
        case("default", &[]),
        case("-k 1.31", &["-k", "1.31"]),
        case(
            "-c 1 -s Standard_D2s_v3 --nodepool-name pool1",
            &[
                "-c",
                "1",
                "-s",
                "Standard_D2s_v3",
                "--nodepool-name",
                "pool1",
            ],
        ),
        case("--os-sku AzureLinux", &["--os-sku", "AzureLinux"]),
        case("--zones 1 2 3", &["--zones", "1", "2", "3"]),
        case(
            "autoscaler 1..3",
            &[
                "--enable-cluster-autoscaler",
                "--min-count",
                "1",
                "--max-count",
                "3",
            ],
        ),
        case(
            "azure overlay + pod cidr",
            &[
                "--network-plugin",
                "azure",
                "--network-plugin-mode",
                "overlay",
                "--pod-cidr",
                "10.244.0.0/16",
            ],
        ),
        case("--network-plugin kubenet", &["--network-plugin", "kubenet"]),
        case(
            "service cidr + dns ip",
            &[
                "--service-cidr",
                "10.1.0.0/16",
                "--dns-service-ip",
                "10.1.0.10",
            ],
        ),
        case(
            "--load-balancer-sku basic",
            &["--load-balancer-sku", "basic"],
        ),
        case(
            "--outbound-type userDefinedRouting",
            &["--outbound-type", "userDefinedRouting"],
        ),
        // Regression: azrs sent the PUT; az needs --vnet-subnet-id for these outbound types.
        case(
            "--outbound-type userAssignedNATGateway",
            &["--outbound-type", "userAssignedNATGateway"],
        ),
        case(
            "basic LB + --outbound-type loadBalancer",
            &[
                "--load-balancer-sku",
                "basic",
                "--outbound-type",
                "loadBalancer",
            ],
        ),
        case("--tier standard", &["--tier", "standard"]),
        Case {
            known: Some(
                "az enables the monitoring addon for Automatic clusters (default Log Analytics \
                 workspace: RG GET, HEAD DefaultResourceGroup-<region>, workspace PUT...), which in \
                 a custom cloud fails with 'AKS Monitoring addon not supported in cloud : Emu'; \
                 azrs does not implement the addon",
            ),
            ..case("--sku automatic", &["--sku", "automatic"])
        },
        case("--dns-name-prefix mydns", &["--dns-name-prefix", "mydns"]),
        case("--fqdn-subdomain sub", &["--fqdn-subdomain", "sub"]),
        case(
            "-p + --fqdn-subdomain",
            &["--dns-name-prefix", "mydns", "--fqdn-subdomain", "sub"],
        ),
        case("--tags a=b c=d", &["--tags", "a=b", "c=d"]),
        case("--enable-oidc-issuer", &["--enable-oidc-issuer"]),
        case(
            "oidc + workload identity",
            &["--enable-oidc-issuer", "--enable-workload-identity"],
        ),
        case(
            "--enable-aad --enable-azure-rbac",
            &["--enable-aad", "--enable-azure-rbac"],
        ),
        case("--disable-rbac", &["--disable-rbac"]),
        case(
            "--node-osdisk-size 64 --max-pods 50",
            &["--node-osdisk-size", "64", "--max-pods", "50"],
        ),
        case(
            "--vm-set-type AvailabilitySet",
            &["--vm-set-type", "AvailabilitySet"],
        ),
        case(
            "service principal",
            &[
                "--service-principal",
                "spclient",
                "--client-secret",
                "spsecret",
            ],
        ),
        case(
            "MI + service principal",
            &[
                "--enable-managed-identity",
                "--service-principal",
                "spclient",
                "--client-secret",
                "spsecret",
            ],
        ),
        case(
            "only --service-principal",
            &["--service-principal", "spclient"],
        ),
        case("bad -k", &["-k", "1.2.3.4"]),
        case(
            "--nodepool-name too long",
            &["--nodepool-name", "poolnametoolong"],
        ),
        case(
            "--nodepool-name not alphanumeric",
            &["--nodepool-name", "pool_1"],
        ),
    ];
    v.push(Case {
        name: Some("bad!name"),
        ..case("bad name", &[])
    });
    v.push(Case {
        no_ssh: false,
        ..case("--ssh-key-value <key text>", &["--ssh-key-value", &key])
    });
    // Generation to a path of each tool's own (the warning names it; renamed like the rest).
    v.push(Case {
        no_ssh: false,
        generated_key: true,
        ..case(
            "--generate-ssh-keys to a new path",
            &[
                "--admin-username",
                "bob",
                "--generate-ssh-keys",
                "--ssh-key-value",
                "@OUT@/@NAME@.pub",
            ],
        )
    });
    // The default path: an az setup step generates ~/.ssh/id_rsa.pub first, so both reuse it.
    v.push(Case {
        no_ssh: false,
        ..case(
            "--admin-username bob --generate-ssh-keys (existing key)",
            &["--admin-username", "bob", "--generate-ssh-keys"],
        )
    });
    v
}

/// The session's plan: setup steps, then one az and one azrs step per case.
fn plan(cases: &[Case]) -> (String, usize) {
    let mut steps: Vec<(String, Vec<String>)> = Vec::new();
    let setup = |args: &str| ("az".to_owned(), args.split(' ').map(String::from).collect());
    steps.push(setup(
        "cloud register --name Emu --endpoint-resource-manager @URL@/",
    ));
    steps.push(setup("cloud set --name Emu"));
    steps.push(setup(
        "login --service-principal -u @CLIENT_ID@ -p @CLIENT_SECRET@ --tenant @TENANT@",
    ));
    steps.push(setup(
        "provider register --namespace Microsoft.ContainerService",
    ));
    steps.push(setup("group create -n rg -l westus2"));
    steps.push(setup(
        "aks create -g rg -n kaggen --admin-username bob --generate-ssh-keys",
    ));
    let setup_len = steps.len();
    for (i, c) in cases.iter().enumerate() {
        for (tool, name) in [("az", az_name(i)), ("azrs", rs_name(i))] {
            let name = c.name.map(str::to_owned).unwrap_or(name);
            let mut args: Vec<String> = ["aks", "create", "-g", "rg", "-n", &name]
                .iter()
                .map(|s| s.to_string())
                .collect();
            args.extend(c.flags.iter().map(|f| f.replace("@NAME@", &name)));
            if c.no_ssh {
                args.push("--no-ssh-key".into());
            }
            steps.push((tool.into(), args));
        }
    }
    let tsv = steps
        .iter()
        .enumerate()
        .map(|(i, (tool, args))| format!("s{i:03}\t{tool}\t{}\n", args.join("\t")))
        .collect();
    (tsv, setup_len)
}

fn az_name(i: usize) -> String {
    format!("kaz{i:02}")
}

fn rs_name(i: usize) -> String {
    format!("krs{i:02}")
}

fn is_guid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Masks name-derived values in text: GUIDs other than the emulator's fixed ones
/// (`00000000-0000-4000-8000-…`) and the 8-hex hash of AKS FQDNs (`-<hash>.`).
fn mask_text(s: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if rest.len() >= 36
            && rest.is_char_boundary(36)
            && is_guid(&rest[..36])
            && !rest.starts_with("00000000-0000-4000-8000-")
        {
            out.push_str("<guid>");
            i += 36;
        } else if rest.len() >= 10
            && rest.starts_with('-')
            && rest.as_bytes()[9] == b'.'
            && rest.as_bytes()[1..9].iter().all(u8::is_ascii_hexdigit)
        {
            out.push_str("-<hash>.");
            i += 10;
        } else {
            let c = rest.chars().next().expect("in bounds");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Masks a JSON value in place: derived keys wholesale, strings by [`mask_text`].
fn mask(v: &mut Value, generated_key: bool) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                match (k.as_str(), &*x) {
                    ("eTag" | "resourceUid" | "resourceUID", Value::String(_)) => {
                        *x = Value::String("<derived>".into());
                    }
                    ("keyData", Value::String(s)) if generated_key => {
                        let kind = if s.starts_with("ssh-rsa AAAA") {
                            "<generated ssh-rsa>"
                        } else {
                            "<not an ssh-rsa key>"
                        };
                        *x = Value::String(kind.into());
                    }
                    _ => mask(x, generated_key),
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| mask(x, generated_key)),
        Value::String(s) => *s = mask_text(s),
        _ => {}
    }
}

/// What one run produced, renamed to az's name and masked.
struct Run {
    code: String,
    stdout: String,
    stderr: String,
    /// The cluster PUT body (pretty, key order as sent) and its Content-Length.
    put: Option<(String, String)>,
}

fn collect(
    out: &Path,
    step: usize,
    name: &str,
    as_name: &str,
    requests: &[Value],
    c: &Case,
) -> Run {
    let read = |ext: &str| {
        std::fs::read_to_string(out.join(format!("s{step:03}.{ext}")))
            .unwrap_or_else(|e| format!("<missing {ext}: {e}>"))
            .replace(name, as_name)
    };
    let stdout = read("out");
    let stdout = match serde_json::from_str::<Value>(&stdout) {
        Ok(mut v) => {
            mask(&mut v, c.generated_key);
            serde_json::to_string_pretty(&v).expect("json")
        }
        Err(_) => mask_text(&stdout),
    };
    let put = requests
        .iter()
        .find(|r| {
            r["method"] == "PUT"
                && r["path"]
                    .as_str()
                    .is_some_and(|p| p.ends_with(&format!("/managedClusters/{name}")))
        })
        .map(|r| {
            let text = serde_json::to_string(&r["body"])
                .expect("json")
                .replace(name, as_name);
            let mut body: Value = serde_json::from_str(&text).expect("json");
            mask(&mut body, c.generated_key);
            (
                serde_json::to_string_pretty(&body).expect("json"),
                layout(r),
            )
        });
    Run {
        code: read("rc").trim().to_owned(),
        stdout,
        stderr: mask_text(&read("err")),
        put,
    }
}

/// Which serialisation the logged `Content-Length` of a request fits: az's `json.dumps`
/// (`", "`/`": "` separators) or compact JSON. Redacted bodies no longer have their sent length.
fn layout(r: &Value) -> String {
    let body = &r["body"];
    let len: usize = r["headers"]["content-length"]
        .as_str()
        .and_then(|l| l.parse().ok())
        .unwrap_or_default();
    if body.to_string().contains("<redacted") {
        "redacted".into()
    } else if len == azrs::py::json::Dumps::DEFAULT.json(body).len() {
        PYTHON.into()
    } else if len == body.to_string().len() {
        COMPACT.into()
    } else {
        format!("{len} bytes, neither layout")
    }
}

const PYTHON: &str = "json.dumps layout";
const COMPACT: &str = "compact JSON";

/// Compares az's run with azrs's; `Err` carries what differs.
fn compare(az: &Run, rs: &Run) -> Result<(), String> {
    let mut report = String::new();
    if az.code != rs.code {
        let _ = writeln!(report, "  exit code: az {}, azrs {}", az.code, rs.code);
    }
    report += &diff("stderr", &az.stderr, &rs.stderr);
    match (&az.put, &rs.put) {
        (Some((ab, al)), Some((rb, rl))) => {
            report += &diff("PUT body", ab, rb);
            // Same bytes on the wire: az's json.dumps layout (arm::body) on both sides.
            if al != rl || al == COMPACT {
                let _ = writeln!(report, "  PUT body bytes: az {al}, azrs {rl}");
            }
        }
        (None, None) => {}
        (a, _) => {
            let _ = writeln!(
                report,
                "  cluster PUT sent by {} only",
                if a.is_some() { "az" } else { "azrs" }
            );
        }
    }
    report += &diff("stdout", &az.stdout, &rs.stdout);
    if report.is_empty() {
        Ok(())
    } else {
        Err(report)
    }
}

pub fn aks_create_sends_and_prints_what_az_does_for_each_flag_combination(python: &Path) {
    let cases = cases();
    let (tsv, setup_len) = plan(&cases);
    let session::Session {
        dir: _dir,
        out,
        output: run,
    } = session::run("aks_create", python, &tsv);
    assert!(
        run.status.success(),
        "session failed: {}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let read = |i: usize, ext: &str| {
        std::fs::read_to_string(out.join(format!("s{i:03}.{ext}"))).unwrap_or_default()
    };
    for i in 0..setup_len {
        assert_eq!(
            read(i, "rc").trim(),
            "0",
            "setup step {i}: {}",
            read(i, "err")
        );
    }
    // The key generation az did in setup, which the last case reuses.
    assert!(
        read(setup_len - 1, "err").starts_with("WARNING: SSH key files '"),
        "{}",
        read(setup_len - 1, "err")
    );

    let requests: Vec<Value> = std::fs::read_to_string(out.join("requests.jsonl"))
        .expect("requests.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();

    let mut failures = String::new();
    for (i, c) in cases.iter().enumerate() {
        let (az_step, rs_step) = (setup_len + 2 * i, setup_len + 2 * i + 1);
        let (an, rn) = match c.name {
            Some(n) => (n.to_owned(), n.to_owned()),
            None => (az_name(i), rs_name(i)),
        };
        let az = collect(&out, az_step, &an, &an, &requests, c);
        let rs = collect(&out, rs_step, &rn, &an, &requests, c);
        let sent = if az.put.is_some() {
            "PUT sent"
        } else {
            "no PUT"
        };
        let what = if az.code == "0" {
            format!("created ({sent})")
        } else {
            format!(
                "exit {} ({sent}): {}",
                az.code,
                az.stderr.lines().next().unwrap_or_default()
            )
        };
        match compare(&az, &rs) {
            Ok(()) => println!("ok   {:<45} az {what}", c.label),
            Err(report) if c.known.is_some() => {
                println!(
                    "KNOWN {:<44} az {what}\n  {}\n{report}",
                    c.label,
                    c.known.unwrap_or_default()
                );
            }
            Err(report) => {
                println!("DIFF {:<45} az {what}\n{report}", c.label);
                let _ = writeln!(failures, "{}\n{report}", c.label);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "azrs aks create differs from az 2.91.0:\n{failures}"
    );
}

pub fn masking_hides_only_name_derived_values() {
    let mut v = serde_json::json!({
        "eTag": "715a628fe743c437",
        "fqdn": "kaz00-rg-000000-e30534ee.hcp.westus2.azmk8s.io",
        "principalId": "2284a679-84f9-585f-9665-d1dc130aa786",
        "sub": "/subscriptions/00000000-0000-4000-8000-0000000005ab/x",
        "linuxProfile": {"ssh": {"publicKeys": [{"keyData": "ssh-rsa AAAAB3Nz"}]}},
    });
    mask(&mut v, true);
    assert_eq!(
        v,
        serde_json::json!({
            "eTag": "<derived>",
            "fqdn": "kaz00-rg-000000-<hash>.hcp.westus2.azmk8s.io",
            "principalId": "<guid>",
            "sub": "/subscriptions/00000000-0000-4000-8000-0000000005ab/x",
            "linuxProfile": {"ssh": {"publicKeys": [{"keyData": "<generated ssh-rsa>"}]}},
        })
    );
    let mut other = serde_json::json!({"keyData": "ssh-ed25519 AAAA"});
    mask(&mut other, true);
    assert_eq!(other["keyData"], "<not an ssh-rsa key>");
}
