//! az 2.91's global arguments, run by the real az and by azrs in turn against one emulator (one
//! `az_differential.sh` session): `--acquire-policy-token` and `--change-reference` (the same
//! acquire requests with the same bodies before the same writes, the token on the write, the
//! refusal on `list`/`show`), `--subscription` by name (the global option, `account show/set`
//! and `login`, found or not), `login --skip-subscription-discovery` (no subscription request,
//! or only `GET /subscriptions/{id}`), and automatic provider registration with its warnings. For
//! every pair: the same exit code, stdout and stderr, and the same requests once their per-run
//! values (request ids, tokens, deletion job ids) are set aside.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use crate::session;

/// A request as the two programs must agree on it.
fn shape(r: &Value) -> String {
    let h = &r["headers"];
    let path = r["path"].as_str().unwrap_or_default();
    // A deletion's job token is the server's, different for each deletion.
    let path = match path.find("/operationresults/") {
        Some(i) => &path[..i + "/operationresults/".len()],
        None => path,
    };
    let mut s = format!(
        "{} {} api-version={} -> {}",
        r["method"].as_str().unwrap_or_default(),
        path,
        r["query"]["api-version"].as_str().unwrap_or("-"),
        r["status"]
    );
    if h.get("x-ms-policy-external-evaluations").is_some() {
        s.push_str(" +policy-token");
    }
    if h.get("x-ms-correlation-request-id").is_some() {
        s.push_str(" +correlation");
    }
    if path.ends_with("/acquirePolicyToken") {
        let _ = write!(
            s,
            " force-sync={} body={}",
            h["x-ms-force-sync"].as_str().unwrap_or("-"),
            r["body"]
        );
    }
    s
}

/// The emulator's subscription, and a well-formed id it does not have.
const SUBSCRIPTION: &str = "00000000-0000-4000-8000-0000000005ab";
const MISSING: &str = "00000000-0000-4000-8000-000000000999";

struct Outcome {
    code: String,
    stdout: String,
    stderr: String,
    requests: Vec<String>,
}

pub fn az_and_azrs_agree_on_global_arguments(python: &Path) {
    let mut steps: Vec<(&str, Vec<String>)> = Vec::new();
    let own = |args: &[&str]| args.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for args in [
        &[
            "cloud",
            "register",
            "-n",
            "Emu",
            "--endpoint-resource-manager",
            "@URL@/",
        ][..],
        &["cloud", "set", "-n", "Emu"],
        crate::session::SP_LOGIN,
    ] {
        steps.push(("az", own(args)));
    }
    let setup_count = steps.len();
    let sp: Vec<&str> = crate::session::SP_LOGIN.to_vec();
    let braced = format!("{{{SUBSCRIPTION}}}");
    let urn = format!("urn:uuid:{SUBSCRIPTION}");
    // Each case: setup steps run by az before each program's turn (so both meet the same
    // state), then the command itself.
    let cases: Vec<(Vec<Vec<&str>>, Vec<&str>)> = vec![
        (
            // Deleted first (az's first delete finds nothing), so both programs create it.
            vec![vec!["group", "delete", "-n", "rgp", "-y"]],
            vec![
                "group",
                "create",
                "-n",
                "rgp",
                "-l",
                "westus2",
                "--acquire-policy-token",
            ],
        ),
        (
            vec![vec!["group", "create", "-n", "rgd", "-l", "westus2"]],
            vec![
                "group",
                "delete",
                "-n",
                "rgd",
                "-y",
                "--change-reference",
                "/changes/42",
            ],
        ),
        (
            vec![],
            vec!["group", "exists", "-n", "rgp", "--acquire-policy-token"],
        ),
        (
            vec![],
            vec!["group", "show", "-n", "rgp", "--change-reference", "x"],
        ),
        (vec![], vec!["group", "list", "--acquire-policy-token"]),
        (
            vec![],
            vec![
                "group",
                "list",
                "--subscription",
                "fake SUBSCRIPTION",
                "-o",
                "tsv",
                "--query",
                "[].name",
            ],
        ),
        (vec![], vec!["group", "list", "--subscription", "Nope"]),
        (
            vec![],
            vec![
                "group",
                "create",
                "-n",
                "rgp",
                "-l",
                "westus2",
                "--subscription",
                "Fake Subscription",
                "--change-reference",
                "/changes/7",
            ],
        ),
        (
            vec![],
            vec!["account", "show", "--subscription", "FAKE subscription"],
        ),
        (vec![], vec!["account", "show", "--subscription", "nope"]),
        (
            vec![],
            vec!["account", "set", "--subscription", "fake Subscription"],
        ),
        (vec![], vec!["account", "set", "-s", "Nope"]),
        (
            vec![],
            [
                crate::session::SP_LOGIN,
                &["--subscription", "FAKE subscription"],
            ]
            .concat(),
        ),
        (
            vec![],
            [crate::session::SP_LOGIN, &["--subscription", "Nope"]].concat(),
        ),
        // Automatic registration: the provider is unregistered before each turn, so the
        // first AKS request meets MissingSubscriptionRegistration.
        (
            vec![
                vec![
                    "provider",
                    "unregister",
                    "--namespace",
                    "Microsoft.ContainerService",
                ],
                vec![
                    "provider",
                    "show",
                    "--namespace",
                    "Microsoft.ContainerService",
                    "-o",
                    "none",
                ],
            ],
            vec!["aks", "show", "-g", "rgp", "-n", "nope"],
        ),
        // `login --skip-subscription-discovery` (`--skip-sub`): no subscription request at
        // all, one `GET /subscriptions/{id}` with `--subscription`, a failed read as az's
        // warning, and az's usage errors. Each turn starts from the plain login.
        (
            vec![sp.clone()],
            [crate::session::SP_LOGIN, &["--skip-sub"]].concat(),
        ),
        (
            vec![sp.clone()],
            [
                crate::session::SP_LOGIN,
                &[
                    "--skip-subscription-discovery",
                    "--subscription",
                    SUBSCRIPTION,
                ],
            ]
            .concat(),
        ),
        (
            vec![sp.clone()],
            [crate::session::SP_LOGIN, &["--skip-sub", "-s", MISSING]].concat(),
        ),
        (
            vec![sp.clone()],
            [
                crate::session::SP_LOGIN,
                &["--skip-sub", "-s", MISSING, "--allow-no-subscriptions"],
            ]
            .concat(),
        ),
        (
            vec![sp.clone()],
            [
                crate::session::SP_LOGIN,
                &["--skip-sub", "--subscription", "Fake Subscription"],
            ]
            .concat(),
        ),
        // Spellings Python's `uuid.UUID` accepts reach the URL as one encoded segment.
        (
            vec![sp.clone()],
            [
                crate::session::SP_LOGIN,
                &["--skip-sub", "-s", &braced, "--allow-no-subscriptions"],
            ]
            .concat(),
        ),
        (
            vec![sp.clone()],
            [
                crate::session::SP_LOGIN,
                &["--skip-sub", "-s", &urn, "--allow-no-subscriptions"],
            ]
            .concat(),
        ),
        (vec![], vec!["login", "--identity", "--skip-sub"]),
        (
            vec![sp.clone()],
            vec!["login", "--skip-sub", "--use-device-code"],
        ),
    ];
    let mut pairs = Vec::new();
    for (setup, args) in &cases {
        let mut at = Vec::new();
        for tool in ["az", "azrs"] {
            for s in setup {
                steps.push(("az", own(s)));
            }
            at.push(steps.len());
            steps.push((tool, own(args)));
        }
        pairs.push((args.join(" "), at[0], at[1]));
    }
    let mut plan = String::new();
    for (i, (tool, args)) in steps.iter().enumerate() {
        let _ = writeln!(plan, "s{i:03}\t{tool}\t{}", args.join("\t"));
    }
    let run = session::run("globals", python, &plan);
    assert!(
        run.output.status.success(),
        "session failed: {}",
        String::from_utf8_lossy(&run.output.stderr)
    );
    let log: Vec<Value> = std::fs::read_to_string(run.out.join("requests.jsonl"))
        .expect("requests.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("request line"))
        .collect();
    let read = |i: usize, ext: &str| {
        std::fs::read_to_string(run.out.join(format!("s{i:03}.{ext}"))).unwrap_or_default()
    };
    let count = |i: usize| read(i, "nreq").trim().parse::<usize>().unwrap_or(0);
    let outcome = |i: usize| Outcome {
        code: read(i, "rc").trim().to_string(),
        stdout: read(i, "out"),
        stderr: read(i, "err"),
        requests: log[if i == 0 { 0 } else { count(i - 1) }..count(i)]
            .iter()
            .filter(|r| !r["path"].as_str().unwrap_or_default().contains("/oauth2/"))
            .map(shape)
            .collect(),
    };
    for i in 0..setup_count {
        assert_eq!(read(i, "rc").trim(), "0", "setup {i}: {}", read(i, "err"));
    }

    let mut failures = Vec::new();
    for (name, a, b) in &pairs {
        let (az, azrs) = (outcome(*a), outcome(*b));
        let mut wrong = Vec::new();
        if az.code != azrs.code {
            wrong.push(format!("exit az {} azrs {}", az.code, azrs.code));
        }
        if az.stdout != azrs.stdout {
            wrong.push(format!("stdout az {:?} azrs {:?}", az.stdout, azrs.stdout));
        }
        if az.stderr != azrs.stderr {
            wrong.push(format!("stderr az {:?} azrs {:?}", az.stderr, azrs.stderr));
        }
        if az.requests != azrs.requests {
            wrong.push(format!(
                "requests\n  az   {:#?}\n  azrs {:#?}",
                az.requests, azrs.requests
            ));
        }
        println!(
            "{} {name} (exit {}, {} requests)",
            if wrong.is_empty() { "ok  " } else { "DIFF" },
            az.code,
            az.requests.len()
        );
        if !wrong.is_empty() {
            failures.push(format!("`{name}`: {}", wrong.join("; ")));
        }
    }
    // The cases exercise what they claim: az sent a policy token and registered a provider.
    let all: Vec<String> = log.iter().map(shape).collect();
    assert!(all.iter().any(|r| r.contains("+policy-token")));
    assert!(
        all.iter()
            .any(|r| r.contains("/register api-version=2016-02-01"))
    );
    assert!(
        failures.is_empty(),
        "{} of {} global-argument cases differ from az 2.91:\n{}",
        failures.len(),
        pairs.len(),
        failures.join("\n")
    );
}
