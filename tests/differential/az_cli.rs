//! Differential fidelity: the real az 2.91.0 is the oracle for azrs.
//!
//! One session, driven by `tests/differential/az_differential.sh` inside a loopback-only network
//! namespace: an `azrs-emulator` on 127.0.0.1, az sets up the shared `AZURE_CONFIG_DIR` (cloud
//! register/set, service-principal login) and the ARM state (feature and provider register,
//! groups with tags, an AKS cluster); then every comparison runs az and azrs back to back with the
//! same arguments against the same state and compares exit code, stdout and stderr byte for byte.
//! azrs gets no `AZRS_EMULATOR`: it finds the emulator only through az's config dir, so the
//! session also proves azrs reads az's cloud, profile and login.
//!
//! Differences the README documents are asserted as such (e.g. `azrs` instead of `az` in usage
//! errors), never skipped. Mutations run once per tool on names of equal length and are compared
//! after renaming. Without the az venv (`target/az-venv`, made by `.ci/az-conformance.sh
//! --install-only`) or without root (for `unshare -n`) the trial is reported as ignored, except
//! under `CI=true`, where it fails: CI must not lose the oracle silently.

use azrs_test_support::oracle::diff;
use std::fmt::Write as _;
use std::path::Path;

use crate::session;

/// Who runs a step.
#[derive(Clone, Copy, PartialEq)]
enum Tool {
    Az,
    Azrs,
}

/// How azrs's run must relate to az's.
#[derive(Clone)]
enum Expect {
    /// Exit code, stdout and stderr identical.
    Same,
    /// Identical once az's program name in usage errors reads `azrs` (README: "Messages name
    /// `azrs` where az names itself in usage errors and examples"); the texts must differ.
    ProgramName,
    /// A mutation on another name: identical once azrs's name is replaced by az's and the values
    /// the server derives from the name (GUIDs, eTag, resourceUid, FQDN hash) are masked.
    Renamed {
        az: &'static str,
        azrs: &'static str,
    },
    /// A usage error in the sweep over every command: identical once az's program name reads
    /// `azrs`, like [`Expect::ProgramName`], but az's text need not name the program (a missing
    /// required option without help examples does not).
    Usage,
    /// A README-documented wording: az's stderr with `az` replaced by `azrs`; both must occur.
    Documented {
        az: &'static str,
        azrs: &'static str,
    },
}

struct Comparison {
    name: String,
    az: usize,
    azrs: usize,
    expect: Expect,
}

/// The session's steps, in order, and the comparisons over them.
#[derive(Default)]
struct Plan {
    steps: Vec<(Tool, Vec<String>)>,
    comparisons: Vec<Comparison>,
    /// Steps that must exit 0 (setup and state creation by az).
    setup: Vec<usize>,
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

impl Plan {
    fn step(&mut self, tool: Tool, args: &[&str]) -> usize {
        self.steps.push((tool, strings(args)));
        self.steps.len() - 1
    }

    /// An az step that must succeed.
    fn setup(&mut self, args: &[&str]) {
        let i = self.step(Tool::Az, args);
        self.setup.push(i);
    }

    /// The same arguments through az and then azrs.
    fn both(&mut self, args: &[&str], expect: Expect) {
        let az = self.step(Tool::Az, args);
        let azrs = self.step(Tool::Azrs, args);
        self.comparisons.push(Comparison {
            name: args.join(" "),
            az,
            azrs,
            expect,
        });
    }

    fn same(&mut self, args: &[&str]) {
        self.both(args, Expect::Same);
    }

    /// A mutation: az runs `args` with `az_name`, azrs with `azrs_name` (replacing `@NAME@`).
    fn renamed(&mut self, args: &[&str], az_name: &'static str, azrs_name: &'static str) {
        let with =
            |n: &str| -> Vec<String> { args.iter().map(|a| a.replace("@NAME@", n)).collect() };
        let az_args = with(az_name);
        let azrs_args = with(azrs_name);
        self.steps.push((Tool::Az, az_args.clone()));
        let az = self.steps.len() - 1;
        self.steps.push((Tool::Azrs, azrs_args));
        let azrs = self.steps.len() - 1;
        self.comparisons.push(Comparison {
            name: az_args.join(" "),
            az,
            azrs,
            expect: Expect::Renamed {
                az: az_name,
                azrs: azrs_name,
            },
        });
    }

    fn to_tsv(&self) -> String {
        let mut out = String::new();
        for (i, (tool, args)) in self.steps.iter().enumerate() {
            let tool = match tool {
                Tool::Az => "az",
                Tool::Azrs => "azrs",
            };
            let _ = writeln!(out, "{}\t{tool}\t{}", step_id(i), args.join("\t"));
        }
        out
    }
}

fn step_id(i: usize) -> String {
    format!("s{i:03}")
}

#[derive(Debug, PartialEq)]
struct Outcome {
    code: String,
    stdout: String,
    stderr: String,
}

fn outcome(out: &Path, i: usize) -> Outcome {
    let read = |ext: &str| {
        std::fs::read_to_string(out.join(format!("{}.{ext}", step_id(i))))
            .unwrap_or_else(|e| format!("<missing {ext}: {e}>"))
    };
    Outcome {
        code: read("rc").trim().to_string(),
        stdout: read("out"),
        stderr: read("err"),
    }
}

/// az's usage errors with its program name swapped for azrs's (`ERROR: az group list: ...`,
/// `az group list --query ...` example lines, `usage: az ...`).
pub(crate) fn az_program_name_to_azrs(text: &str) -> String {
    text.lines()
        .map(|l| {
            for prefix in ["ERROR: az ", "usage: az ", "az "] {
                if let Some(rest) = l.strip_prefix(prefix) {
                    return format!("{}azrs {rest}", &prefix[..prefix.len() - 3]);
                }
            }
            l.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}

/// Masks what the emulator derives from a resource's name: GUIDs other than the emulator's
/// fixed tenant/subscription/client (`00000000-0000-4000-8000-…`), `eTag` and `resourceUid`
/// values, and the hash in AKS FQDNs (`-000000-<8 hex>.`).
fn mask_derived(text: &str) -> String {
    fn is_guid(b: &[u8]) -> bool {
        b.len() == 36
            && b.iter().enumerate().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => *c == b'-',
                _ => c.is_ascii_hexdigit(),
            })
    }
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let mut line = line.to_string();
        for key in ["\"eTag\": \"", "\"resourceUid\": \""] {
            if let Some(start) = line.find(key).map(|i| i + key.len())
                && let Some(len) = line[start..].find('"')
            {
                line.replace_range(start..start + len, "<derived>");
            }
        }
        while let Some(i) = line.find("-000000-")
            && line.len() >= i + 16
            && line.as_bytes()[i + 8..i + 16]
                .iter()
                .all(u8::is_ascii_hexdigit)
        {
            line.replace_range(i..i + 16, "-000000-<hash>");
        }
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if i + 36 <= b.len()
                && is_guid(&b[i..i + 36])
                && !line[i..].starts_with("00000000-0000-4000-8000-")
            {
                out.push_str("<guid>");
                i += 36;
            } else {
                let c = line[i..].chars().next().expect("in bounds");
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

/// Checks one comparison; `Err` carries the report of what differs.
fn check(c: &Comparison, az: &Outcome, azrs: &Outcome) -> Result<String, String> {
    let want = match &c.expect {
        Expect::Same => Outcome {
            code: az.code.clone(),
            stdout: az.stdout.clone(),
            stderr: az.stderr.clone(),
        },
        Expect::ProgramName => {
            let stderr = az_program_name_to_azrs(&az.stderr);
            if stderr == az.stderr {
                return Err("  az's stderr names no program; expected a usage error\n".into());
            }
            Outcome {
                code: az.code.clone(),
                stdout: az.stdout.clone(),
                stderr,
            }
        }
        Expect::Renamed { .. } => Outcome {
            code: az.code.clone(),
            stdout: mask_derived(&az.stdout),
            stderr: mask_derived(&az.stderr),
        },
        Expect::Usage => Outcome {
            code: az.code.clone(),
            stdout: az.stdout.clone(),
            stderr: az_program_name_to_azrs(&az.stderr),
        },
        Expect::Documented { az: a, azrs: r } => {
            if !az.stderr.contains(a) || !azrs.stderr.contains(r) {
                return Err(format!("  expected az to say {a:?} and azrs {r:?}\n"));
            }
            Outcome {
                code: az.code.clone(),
                stdout: az.stdout.clone(),
                stderr: az.stderr.replace(a, r),
            }
        }
    };
    let got = match &c.expect {
        Expect::Renamed { az: a, azrs: r } => Outcome {
            code: azrs.code.clone(),
            stdout: mask_derived(&azrs.stdout.replace(r, a)),
            stderr: mask_derived(&azrs.stderr.replace(r, a)),
        },
        _ => Outcome {
            code: azrs.code.clone(),
            stdout: azrs.stdout.clone(),
            stderr: azrs.stderr.clone(),
        },
    };
    if want == got {
        return Ok(match c.expect {
            Expect::Same => "same",
            Expect::ProgramName => "same but program name (documented)",
            Expect::Renamed { .. } => "same after renaming",
            Expect::Usage => "same but program name (documented)",
            Expect::Documented { .. } => "same but documented wording",
        }
        .into());
    }
    let mut report = String::new();
    if want.code != got.code {
        let _ = writeln!(report, "  exit code: az {}, azrs {}", want.code, got.code);
    }
    report += &diff("stdout", &want.stdout, &got.stdout);
    report += &diff("stderr", &want.stderr, &got.stderr);
    Err(report)
}

const G: &str = "diffrg";
const CLUSTER: &str = "diffaks";
const FEATURE: &str = "MSIPreview";
const NS: &str = "Microsoft.ContainerService";

/// Setup: az writes the shared config dir (cloud and login); azrs must read it as is.
fn login_setup(p: &mut Plan) {
    p.setup(&[
        "cloud",
        "register",
        "--name",
        "Emu",
        "--endpoint-resource-manager",
        "@URL@/",
    ]);
    p.setup(&["cloud", "set", "--name", "Emu"]);
    p.setup(crate::session::SP_LOGIN);
}

fn plan() -> Plan {
    let mut p = Plan::default();
    login_setup(&mut p);
    // ARM state, made by az.
    // One feature registered by each tool (names of equal length).
    p.renamed(
        &["feature", "register", "--name", "@NAME@", "--namespace", NS],
        FEATURE,
        "AKS-GitOps",
    );
    p.setup(&["provider", "register", "--namespace", NS]);
    p.setup(&[
        "group", "create", "-n", G, "-l", "westus2", "--tags", "env=dev", "team=a b", "empty=",
    ]);
    p.setup(&["group", "create", "-n", "diffrg2", "-l", "eastus"]);
    p.setup(&[
        "aks",
        "create",
        "-g",
        G,
        "-n",
        CLUSTER,
        "--enable-managed-identity",
        "--generate-ssh-keys",
    ]);

    // Reads over that state.
    for o in ["json", "jsonc", "table", "tsv", "yaml", "yamlc", "none"] {
        p.same(&["group", "show", "-n", G, "-o", o]);
        p.same(&["group", "list", "-o", o]);
    }
    for o in ["json", "table", "tsv", "yaml"] {
        p.same(&[
            "group",
            "show",
            "-n",
            G,
            "--query",
            "{n:name, l:location, t:tags}",
            "-o",
            o,
        ]);
        p.same(&[
            "group",
            "list",
            "--query",
            "[].{Name:name, Tags:tags, State:properties.provisioningState}",
            "-o",
            o,
        ]);
    }
    p.same(&[
        "group",
        "show",
        "-n",
        G,
        "--query",
        "tags.team",
        "-o",
        "tsv",
    ]);
    p.same(&["group", "show", "-n", G, "--query", "[name, location]"]);
    p.same(&["group", "show", "-n", G, "--query", "missing"]);
    p.same(&[
        "group",
        "list",
        "--query",
        "[?tags.env=='dev'].name",
        "-o",
        "tsv",
    ]);
    p.same(&["group", "list", "--tag", "env=dev", "-o", "table"]);
    p.same(&["group", "exists", "-n", G]);
    p.same(&["group", "exists", "-n", "nosuchgroup"]);
    p.same(&["group", "exists", "-n", G, "-o", "table"]);
    // `group wait`: az's generic wait over the group (its state under `properties`).
    for cond in [
        &["--exists"][..],
        &["--created"],
        &["--updated"],
        &["--custom", "properties.provisioningState=='Succeeded'"],
        &["--custom", "tags.env", "-o", "table"],
        &["--deleted", "--interval", "1", "--timeout", "1"],
        &[
            "--custom",
            "tags.nosuch",
            "--interval",
            "1",
            "--timeout",
            "1",
            "-o",
            "tsv",
        ],
        &[],
    ] {
        p.same(&[&["group", "wait", "-n", G][..], cond].concat());
    }
    p.same(&["group", "wait", "-n", "nosuchgroup", "--deleted"]);
    p.same(&["group", "wait", "-n", "nosuchgroup", "--updated"]);
    for o in ["json", "table", "tsv"] {
        p.same(&["feature", "show", "--namespace", NS, "-n", FEATURE, "-o", o]);
        p.same(&["feature", "list", "--namespace", NS, "-o", o]);
    }
    p.same(&[
        "feature",
        "list",
        "-o",
        "table",
        "--query",
        "[?contains(name, 'Microsoft.ContainerService/MSIPreview')].{Name:name,State:properties.state}",
    ]);
    p.same(&["provider", "show", "-n", NS]);
    p.same(&["provider", "show", "-n", NS, "-o", "table"]);
    p.same(&[
        "provider",
        "show",
        "-n",
        NS,
        "--query",
        "registrationState",
        "-o",
        "tsv",
    ]);
    for o in ["json", "table", "tsv", "yaml"] {
        p.same(&["aks", "show", "-g", G, "-n", CLUSTER, "-o", o]);
    }
    for o in ["json", "table", "tsv"] {
        p.same(&["aks", "list", "-o", o]);
        p.same(&["aks", "list", "-g", G, "-o", o]);
    }
    p.same(&[
        "aks",
        "show",
        "-g",
        G,
        "-n",
        CLUSTER,
        "--query",
        "{fqdn:fqdn, k8s:kubernetesVersion, pools:agentPoolProfiles[].name}",
    ]);
    p.same(&[
        "aks", "show", "-g", G, "-n", CLUSTER, "--query", "identity", "-o", "yaml",
    ]);
    for o in ["json", "table", "tsv"] {
        p.same(&["account", "show", "-o", o]);
        p.same(&["account", "list", "-o", o]);
        p.same(&["account", "list-locations", "-o", o]);
    }
    p.same(&[
        "account",
        "list-locations",
        "--query",
        "[?metadata.regionCategory=='Recommended'].{Name:name, Display:displayName}",
        "-o",
        "table",
    ]);
    p.same(&["account", "list-locations", "--include-extended-locations"]);
    p.same(&[
        "account",
        "list-locations",
        "--include-extended-locations",
        "NO",
        "-o",
        "tsv",
    ]);
    p.both(
        &[
            "account",
            "list-locations",
            "--include-extended-locations",
            "maybe",
        ],
        Expect::ProgramName,
    );
    // az's list-locations takes no `--subscription` (its help lists none).
    p.both(
        &["account", "list-locations", "--subscription", "x"],
        Expect::Usage,
    );
    // Regression: built-in clouds (AzureBleuCloud missing, wrong endpoints) and unset
    // attributes (az prints them as null) differed.
    p.same(&["cloud", "show"]);
    p.same(&["cloud", "show", "-n", "AzureCloud", "-o", "table"]);
    p.same(&["cloud", "list"]);
    p.same(&["cloud", "list", "-o", "table"]);
    p.same(&["extension", "list"]);
    p.same(&["extension", "list", "-o", "table"]);

    // Error paths.
    p.same(&["group", "show", "-n", "nosuchgroup"]);
    p.same(&["aks", "show", "-g", G, "-n", "nosuchaks"]);
    p.same(&["aks", "show", "-g", "nosuchgroup", "-n", CLUSTER]);
    p.same(&["feature", "show", "--namespace", NS, "-n", "NoSuchFeature"]);
    p.both(&["group", "list", "-o", "xml"], Expect::ProgramName);
    p.same(&["group", "list", "--query", "["]);
    p.same(&["group", "show"]);
    p.same(&["group", "frobnicate"]);
    p.same(&["frobnicate"]);
    p.same(&["group", "list", "--nosuchflag"]);
    p.both(&["group", "create", "-n", "nolocation"], Expect::Usage);
    // Misspellings az cuts at the first `-` (no examples), scores by option count, or cannot
    // match at all; options typed before an invalid `-o` reorder the examples.
    for args in [
        &["aks", "craete"][..],
        &["aks", "get-credental"],
        &["group", "lst", "-n", "x"],
        &["feature", "lst"],
        &["provider", "lst"],
        &["aks", "frobnicate"],
        &["cloud", "frobnicate"],
        &["extension", "frobnicate"],
        &["account", "frobnicate"],
        &["feature", "frobnicate"],
        &["provider", "frobnicate"],
        &["aks", "wait", "--created", "-o", "xml"],
        &["aks", "create", "-g", "x", "-o", "xml"],
        &["aks", "create", "--node-count", "3", "-o", "xml"],
        &["extension", "add", "--system", "-o", "xml"],
        &["group", "create", "-l", "x", "-g"],
        &["account", "show", "-n"],
        &["account", "set", "-s"],
        &["login", "-o", "xml"],
        &["login", "--service-principal", "-o", "xml"],
        &["logout", "-o", "xml"],
        &["version", "-o", "xml"],
        &["extension", "list-available", "-o", "xml"],
    ] {
        p.both(args, Expect::Usage);
    }

    // Usage errors of every command in scope: an invalid `-o`, no arguments at all and a
    // misspelled verb (last letter dropped: close enough for az's suggestion, and for `list`
    // a prefix of it, which az scores differently). Regression: azrs showed help examples az
    // does not have, other example texts, and `group create`/`account set` options in
    // another order.
    for cmd in [
        "group create",
        "group show",
        "group list",
        "group delete",
        "group exists",
        "group wait",
        "aks create",
        "aks show",
        "aks list",
        "aks delete",
        "aks get-credentials",
        "aks wait",
        "feature register",
        "feature unregister",
        "feature show",
        "feature list",
        "provider register",
        "provider unregister",
        "provider show",
        "provider list",
        "account show",
        "account list",
        "account list-locations",
        "account set",
        "cloud show",
        "cloud list",
        "cloud set",
        "cloud register",
        "cloud unregister",
        "extension list",
        "extension show",
        "extension add",
        "extension update",
        "extension remove",
    ] {
        let words: Vec<&str> = cmd.split(' ').collect();
        p.both(&[&words[..], &["-o", "xml"]].concat(), Expect::Usage);
        let verb = words[1];
        let misspelled = &verb[..verb.len() - 1];
        p.both(&[words[0], misspelled], Expect::Usage);
        if !matches!(
            cmd,
            "group list"
                | "aks list"
                | "feature list"
                | "provider list"
                | "account show"
                | "account list"
                | "cloud show"
                | "cloud list"
                | "extension list"
        ) {
            p.both(&words, Expect::Usage);
        }
    }

    // Mutations on names of equal length, so table widths match.
    p.renamed(
        &[
            "group", "create", "-n", "@NAME@", "-l", "westus2", "--tags", "env=dev", "team=a b",
        ],
        "mutaz",
        "murs0",
    );
    p.renamed(
        &["group", "show", "-n", "@NAME@", "-o", "table"],
        "mutaz",
        "murs0",
    );
    p.renamed(
        &[
            "aks",
            "get-credentials",
            "-g",
            G,
            "-n",
            CLUSTER,
            "-f",
            "@OUT@/@NAME@",
        ],
        "kubeaz",
        "kubers",
    );
    p.renamed(
        &["group", "delete", "-n", "@NAME@", "--yes"],
        "mutaz",
        "murs0",
    );
    // Regression: `cloud register` dropped az's leading dots on suffixes and the values az
    // takes from the built-in cloud the metadata names.
    p.renamed(
        &[
            "cloud",
            "register",
            "--name",
            "@NAME@",
            "--endpoint-resource-manager",
            "@URL@/",
        ],
        "CloudAz",
        "CloudRs",
    );
    p.renamed(&["cloud", "show", "-n", "@NAME@"], "CloudAz", "CloudRs");
    p.same(&["cloud", "list", "-o", "table"]);
    p.renamed(
        &["cloud", "unregister", "-n", "@NAME@"],
        "CloudAz",
        "CloudRs",
    );
    p.renamed(
        &["provider", "register", "--namespace", "@NAME@"],
        "Microsoft.Network",
        "Microsoft.Storage",
    );
    p.renamed(
        &[
            "provider",
            "show",
            "-n",
            "@NAME@",
            "--query",
            "{ns:namespace, state:registrationState}",
        ],
        "Microsoft.Network",
        "Microsoft.Storage",
    );
    p.renamed(
        &[
            "aks",
            "create",
            "-g",
            G,
            "-n",
            "@NAME@",
            "--enable-managed-identity",
            "--generate-ssh-keys",
        ],
        "aksaz1",
        "aksrs1",
    );
    p.same(&["group", "exists", "-n", "mutaz"]);
    p.same(&["group", "exists", "-n", "murs0"]);
    p.renamed(
        &["feature", "register", "--namespace", NS, "-n", "@NAME@"],
        "NoSuchAz",
        "NoSuchRs",
    );

    // Logged out (by az): the hint names the program (README-documented).
    p.setup(&["logout"]);
    for args in [&["account", "show"][..], &["group", "list"]] {
        p.both(
            args,
            Expect::Documented {
                az: "Please run 'az login' to setup account.",
                azrs: "Please run 'azrs login' to setup account.",
            },
        );
    }
    p
}

/// Runs `plan` in one namespace session and checks its setup steps; returns the session (its
/// temp dir is removed on drop) whose `out` holds the outcomes.
fn run_session(name: &str, plan: &Plan, python: &Path) -> session::Session {
    let run = session::run(name, python, &plan.to_tsv());
    assert!(
        run.output.status.success(),
        "session failed: {}\n{}",
        String::from_utf8_lossy(&run.output.stdout),
        String::from_utf8_lossy(&run.output.stderr)
    );
    for &i in &plan.setup {
        let o = outcome(&run.out, i);
        assert_eq!(
            o.code, "0",
            "setup step az {:?} failed: {o:#?}",
            plan.steps[i].1
        );
    }
    run
}

/// Checks every comparison of `plan`; returns the failures' report and the number that agree.
fn check_all(plan: &Plan, out: &Path) -> (String, usize) {
    let mut failures = String::new();
    let mut passed = 0;
    for c in &plan.comparisons {
        let (az, azrs) = (outcome(out, c.az), outcome(out, c.azrs));
        match check(c, &az, &azrs) {
            Ok(how) => {
                passed += 1;
                println!("ok   [{how}] {}", c.name);
            }
            Err(report) => {
                println!("DIFF {}\n{report}", c.name);
                let _ = writeln!(failures, "{}\n{report}", c.name);
            }
        }
    }
    (failures, passed)
}

pub fn azrs_prints_what_az_prints_for_the_same_arm_state(python: &Path) {
    let plan = plan();
    let session = run_session("az_cli", &plan, python);
    let out = &session.out;
    let (mut failures, mut passed) = check_all(&plan, out);

    // The kubeconfigs each tool wrote for the same cluster.
    let (kaz, krs) = (out.join("kubeaz"), out.join("kubers"));
    let kaz = std::fs::read_to_string(&kaz).unwrap_or_else(|e| format!("<missing: {e}>"));
    let krs = std::fs::read_to_string(&krs).unwrap_or_else(|e| format!("<missing: {e}>"));
    if kaz == krs {
        passed += 1;
        println!("ok   [same] kubeconfig written by get-credentials");
    } else {
        let report = diff("kubeconfig", &kaz, &krs);
        println!("DIFF kubeconfig written by get-credentials\n{report}");
        let _ = writeln!(failures, "kubeconfig\n{report}");
    }
    println!("{passed} comparisons agree");
    assert!(
        failures.is_empty(),
        "azrs differs from az 2.91.0:\n{failures}"
    );
}

pub fn program_name_swap_touches_only_usage_lines() {
    let az = "ERROR: az group list: bad\n\nExamples from command's help:\naz group list --query x\nList az things.\n";
    assert_eq!(
        az_program_name_to_azrs(az),
        "ERROR: azrs group list: bad\n\nExamples from command's help:\nazrs group list --query x\nList az things.\n"
    );
}

pub fn mask_derived_hides_only_name_derived_values() {
    let text = "\"eTag\": \"715a628fe743c437\",\n\"fqdn\": \"a-rg-000000-e30534ee.hcp.io\",\n\"principalId\": \"2284a679-84f9-585f-9665-d1dc130aa786\", \"sub\": \"00000000-0000-4000-8000-0000000005ab\"\n";
    assert_eq!(
        mask_derived(text),
        "\"eTag\": \"<derived>\",\n\"fqdn\": \"a-rg-000000-<hash>.hcp.io\",\n\"principalId\": \"<guid>\", \"sub\": \"00000000-0000-4000-8000-0000000005ab\"\n"
    );
}

/// Hostile names (issue 10): each is one path segment for az (`quote(name, safe='')`), so it
/// must be for azrs. The names that a traversal, `#` or `?` would turn into another resource
/// (`victim`, `prod`, `a`, `x`, cluster `c1`, `Microsoft.Compute`) exist, so touching them
/// would show.
const HOSTILE_GROUPS: &[&str] = &[
    "prod#x",
    "x/../victim",
    "a?b",
    "a%2Fb",
    "my rg",
    "開発",
    "(x)",
    "..%2Fvictim",
    "victim#",
];
const TRAVERSAL_NS: &str = "Microsoft.ContainerService/../Microsoft.Compute";

fn hostile_plan() -> Plan {
    let mut p = Plan::default();
    login_setup(&mut p);
    p.setup(&["provider", "register", "--namespace", NS]);
    for g in ["victim", "prod", "a", "x", "my"] {
        p.setup(&["group", "create", "-n", g, "-l", "westus2"]);
    }
    p.setup(&[
        "aks",
        "create",
        "-g",
        "prod",
        "-n",
        "c1",
        "--enable-managed-identity",
        "--generate-ssh-keys",
    ]);
    for &g in HOSTILE_GROUPS {
        p.same(&["group", "show", "-n", g]);
        p.same(&["group", "exists", "-n", g]);
        p.same(&["group", "delete", "-n", g, "--yes"]);
        p.same(&["aks", "show", "-g", g, "-n", "c1"]);
        p.same(&["aks", "delete", "-g", g, "-n", "c1", "--yes"]);
    }
    // Valid group names with characters az encodes: az creates, azrs repeats the same PUT.
    for g in HOSTILE_GROUPS {
        p.same(&["group", "create", "-n", g, "-l", "westus2"]);
        p.same(&["group", "show", "-n", g]);
    }
    for c in ["c1#not-this-one", "c1?x", "x/../c1", "c1 "] {
        p.same(&["aks", "show", "-g", "prod", "-n", c]);
        p.same(&["aks", "delete", "-g", "prod", "-n", c, "--yes"]);
    }
    for ns in [
        TRAVERSAL_NS,
        "Microsoft.Compute#x",
        "Microsoft.Compute?x",
        "開発",
    ] {
        p.same(&["provider", "show", "-n", ns]);
        p.same(&["feature", "show", "--namespace", ns, "-n", FEATURE]);
    }
    p.same(&[
        "feature",
        "show",
        "--namespace",
        NS,
        "-n",
        "../../Microsoft.Compute",
    ]);
    p.same(&["feature", "show", "--namespace", NS, "-n", "MSIPreview#x"]);
    // What a traversal would have reached is still there.
    for g in ["victim", "prod", "a", "x", "my"] {
        p.setup(&["group", "show", "-n", g]);
    }
    p.setup(&["aks", "show", "-g", "prod", "-n", "c1"]);
    p
}

/// The emulator's request log of the session.
fn request_log(out: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(out.join("requests.jsonl"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// `METHOD path {query}` of the ARM requests step `i` sent (token requests left out).
fn step_requests(out: &Path, log: &[serde_json::Value], i: usize) -> Vec<String> {
    let count = |j: usize| -> usize {
        std::fs::read_to_string(out.join(format!("{}.nreq", step_id(j))))
            .ok()
            .and_then(|t| t.trim().parse().ok())
            .unwrap_or(0)
    };
    let from = if i == 0 { 0 } else { count(i - 1) };
    log.get(from..count(i).min(log.len()))
        .unwrap_or_default()
        .iter()
        .filter_map(|e| {
            let path = e["path"].as_str()?;
            (path.starts_with("/subscriptions") || path.starts_with("/providers")).then(|| {
                format!(
                    "{} {path} {}",
                    e["method"].as_str().unwrap_or("?"),
                    e["query"]
                )
            })
        })
        .collect()
}

pub fn hostile_names_are_one_path_segment_as_in_az(python: &Path) {
    let plan = hostile_plan();
    let session = run_session("hostile_names", &plan, python);
    let out = &session.out;
    let (mut failures, passed) = check_all(&plan, out);
    let log = request_log(out);
    assert!(!log.is_empty(), "the emulator logged no request");
    for c in &plan.comparisons {
        let (az, azrs) = (
            step_requests(out, &log, c.az),
            step_requests(out, &log, c.azrs),
        );
        if az != azrs {
            let report = diff(
                "requests",
                &(az.join("\n") + "\n"),
                &(azrs.join("\n") + "\n"),
            );
            println!("DIFF requests of {}\n{report}", c.name);
            let _ = writeln!(failures, "requests of {}\n{report}", c.name);
        }
        // A name never addresses what a traversal, `#` or `?` in it would point at.
        for r in &azrs {
            let path = r.split(' ').nth(1).unwrap_or_default().to_ascii_lowercase();
            for target in [
                "/resourcegroups/victim",
                "/resourcegroups/prod",
                "/resourcegroups/a",
                "/resourcegroups/x",
                "/resourcegroups/my",
                "/providers/microsoft.compute",
                "/resourcegroups/prod/providers/microsoft.containerservice/managedclusters/c1",
            ] {
                assert!(
                    !path.ends_with(target),
                    "{} sent {r}, which addresses {target}",
                    c.name
                );
            }
        }
    }
    println!("{passed} comparisons agree");
    assert!(
        failures.is_empty(),
        "azrs differs from az 2.91.0 on hostile names:\n{failures}"
    );
}
