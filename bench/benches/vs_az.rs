//! azrs side by side with the real az 2.91 (issue 12, goals 2-4), run by
//! `cargo bench -p azrs-bench --bench vs_az` after `cargo build --release`: one HTTPS emulator
//! (`target/release/azrs-emulator`) seeded with 10,000 resource groups, and both tools driven through
//! the same cases in one run, interleaved, each with its own config dir and home:
//!
//! - `group show` (one ARM request after the token);
//! - the seed walkthrough of `.ci/az-conformance.sh` (version, cloud register/set, login,
//!   extension list, feature register/list, provider register, group create, `aks create
//!   --enable-managed-identity --generate-ssh-keys` with a key already in `~/.ssh`, aks
//!   get-credentials), from a fresh config dir each run, summed over its steps;
//! - `group list` over the 10,000 groups in json, table, tsv and with a `--query`.
//!
//! It prints one table of medians and ratios: wall time, CPU time, peak RSS, requests and
//! token requests (both counted from the emulator's `requests.jsonl`). The emulator answers
//! long-running operations with `Retry-After: 0`, so wall time is the tools' own. When
//! `target/az-venv/bin/az` exists and `unshare` works (root), everything runs inside a
//! loopback-only network namespace (az phones home otherwise); without az, azrs alone is
//! measured. `AZRS_BENCH_RUNS` sets the runs per case (default 5); `AZRS_BENCH_CASES` picks
//! cases (comma-separated among `show`, `walkthrough`, `lists`; default all) and
//! `AZRS_BENCH_TOOLS` the tools (`azrs`, `az`; default both), so one figure can be re-taken
//! quickly. The header names the machine and its load average before and after, and the
//! JSON bytes a 10,000-group list receives (the yardstick of goal 4's memory figure).
//! `AZRS_BENCH_AZRS=/path/to/azrs` measures that build instead of this one (a baseline).
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::SystemTime;

use azrs_emulator::core::{self, Request, State};
use azrs_emulator::front::EmulatorOptions;
use common::{Cost, median, mib, ms, runs};

/// Resource groups in the emulator's state before the first command.
const GROUPS: usize = 10_000;

/// Writes a `state.json` holding `GROUPS` groups named `bench-0` …, built through the core,
/// and returns how many bytes of JSON a `group list` receives (every page's body).
fn seed(state_dir: &Path) -> usize {
    let mut s = EmulatorOptions::default().core_settings("https://127.0.0.1:1");
    s.verify_tokens = false;
    let mut state = State::default();
    let now = SystemTime::now();
    for i in 0..GROUPS {
        let req = Request {
            method: "PUT".into(),
            path_and_query: format!(
                "/subscriptions/{}/resourcegroups/bench-{i}?api-version=2024-11-01",
                s.subscription_id
            ),
            headers: vec![
                ("authorization".into(), "Bearer seed".into()),
                ("content-type".into(), "application/json".into()),
            ],
            body: br#"{"location":"westus2","tags":{"team":"bench"}}"#.to_vec(),
        };
        let resp = core::handle(&mut state, &s, now, &req);
        assert!(resp.status < 300, "seed PUT failed: {}", resp.status);
    }
    // The list's pages, as the server will send them (same core, same settings).
    let mut received = 0;
    let mut next = Some(format!(
        "/subscriptions/{}/resourcegroups?api-version=2024-11-01",
        s.subscription_id
    ));
    while let Some(path_and_query) = next.take() {
        let req = Request {
            method: "GET".into(),
            path_and_query,
            headers: vec![("authorization".into(), "Bearer seed".into())],
            body: Vec::new(),
        };
        let resp = core::handle(&mut state, &s, now, &req);
        assert_eq!(resp.status, 200, "seed list GET failed");
        received += resp.body.len();
        let page: serde_json::Value = serde_json::from_slice(&resp.body).expect("page is JSON");
        next = page["nextLink"]
            .as_str()
            .map(|l| l.trim_start_matches("https://127.0.0.1:1").to_string());
    }
    std::fs::create_dir_all(state_dir).expect("state dir");
    let bytes = serde_json::to_vec_pretty(&state).expect("serialise");
    std::fs::write(state_dir.join("state.json"), bytes).expect("write state.json");
    received
}

/// The machine, for the table's header: CPU model and count.
fn machine() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = info
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{model}, {cpus} CPUs")
}

/// The 1-, 5- and 15-minute load averages.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// The driver, run by bash (inside `unshare -rn` when az is measured). Positional: runner
/// (this binary), emulator, state dir, work dir, results file, runs, then the tools.
const SCRIPT: &str = r#"
set -euo pipefail
RUNNER=$1 EMULATOR=$2 STATE=$3 WORK=$4 OUT=$5 RUNS=$6
shift 6
[[ "${NETNS:-0}" == 1 ]] && ip link set lo up
"$EMULATOR" --port 0 --state-dir "$STATE" --retry-after 0 --lro-polls 2 \
  >"$WORK/emulator.out" 2>"$WORK/emulator.err" &
EMU=$!
trap 'kill $EMU 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do [[ -s "$WORK/emulator.out" ]] && break; sleep 0.05; done
URL="$(head -n 1 "$WORK/emulator.out")"; URL="${URL#listening on }"
[[ "$URL" == https://* ]] || { cat "$WORK/emulator.err" >&2; exit 1; }
export REQUESTS_CA_BUNDLE="$STATE/ca.pem" AZURE_CORE_COLLECT_TELEMETRY=false \
  AZURE_CORE_NO_COLOR=true AZURE_CORE_INSTANCE_DISCOVERY=false

requests() { wc -l <"$STATE/requests.jsonl" 2>/dev/null || echo 0; }
# m CASE RUN TOOL ARGS...: one measured command; appends "CASE TOOL RUN WALL CPU RSS REQ TOK".
m() {
  local case=$1 run=$2 tool=$3; shift 3
  local before after tok cost="$WORK/cost"
  rm -f "$cost"; before=$(requests)
  "$RUNNER" --runner "$cost" "${TOOLS[$tool]}" "$@" >/dev/null 2>>"$WORK/$tool.err"
  after=$(requests)
  tok=$(tail -n "+$((before + 1))" "$STATE/requests.jsonl" | grep -c '/oauth2/' || true)
  echo "$case $tool $run $(cat "$cost") $((after - before)) $tok" >>"$OUT"
}
use() {  # use TOOL: its own home and config dir
  export HOME="$WORK/$1/home" AZURE_CONFIG_DIR="$WORK/$1/azure"
  mkdir -p "$HOME"
}
walkthrough() {  # walkthrough CASE RUN TOOL: from a fresh config dir
  local c=$1 r=$2 t=$3
  use "$t"; rm -rf "$AZURE_CONFIG_DIR"
  m "$c" "$r" "$t" version
  m "$c" "$r" "$t" cloud register --name FakeAzureCloud --endpoint-resource-manager "$URL/"
  m "$c" "$r" "$t" cloud set --name FakeAzureCloud
  m "$c" "$r" "$t" login --service-principal --username "$CLIENT_ID" --password "$CLIENT_SECRET" --tenant "$TENANT"
  m "$c" "$r" "$t" extension list
  m "$c" "$r" "$t" feature register --name MSIPreview --namespace Microsoft.ContainerService
  m "$c" "$r" "$t" feature list -o table --query "[?contains(name, 'Microsoft.ContainerService/MSIPreview')].{Name:name,State:properties.state}"
  m "$c" "$r" "$t" provider register --namespace Microsoft.ContainerService
  m "$c" "$r" "$t" group create --name myResourceGroup --location westus2
  m "$c" "$r" "$t" aks create -g MyResourceGroup -n "Cluster-$t-$r" --enable-managed-identity --generate-ssh-keys
  m "$c" "$r" "$t" aks get-credentials --resource-group myResourceGroup --name "Cluster-$t-$r" --file "$WORK/$t/kubeconfig"
}

want() { [[ ",$CASES," == *",$1,"* ]]; }
declare -A TOOLS
for spec in "$@"; do TOOLS[${spec%%=*}]=${spec#*=}; done
# Warm-up (not recorded as a case): the first walkthrough also writes the SSH key to ~/.ssh
# and leaves each tool logged in for the other cases.
for t in "${!TOOLS[@]}"; do walkthrough warmup 0 "$t"; done
for r in $(seq 1 "$RUNS"); do
  for t in "${!TOOLS[@]}"; do
    want walkthrough && walkthrough walkthrough "$r" "$t"
    use "$t"
    if want show; then m "group_show" "$r" "$t" group show -n bench-0; fi
    if want lists; then
      m "list_json" "$r" "$t" group list
      m "list_table" "$r" "$t" group list -o table
      m "list_tsv" "$r" "$t" group list -o tsv
      m "list_query" "$r" "$t" group list --query "[?tags.team=='bench'].name"
    fi
  done
done
"#;

/// One case's figures for one tool: the median of per-run totals.
#[derive(Default)]
struct Figures {
    runs: BTreeMap<u32, (Cost, u64, u64)>,
}

impl Figures {
    fn median(&self) -> (Cost, u64, u64) {
        let costs: Vec<Cost> = self.runs.values().map(|r| r.0).collect();
        let mut req: Vec<u64> = self.runs.values().map(|r| r.1).collect();
        let mut tok: Vec<u64> = self.runs.values().map(|r| r.2).collect();
        req.sort();
        tok.sort();
        (median(&costs), req[req.len() / 2], tok[tok.len() / 2])
    }
}

fn main() -> ExitCode {
    if let Some(code) = common::runner_main() {
        return code;
    }
    let root = common::repo_root();
    // `AZRS_BENCH_AZRS` measures another azrs build (a baseline) against the same emulator.
    let (azrs, emulator) = match (
        common::release_binary("azrs"),
        common::release_binary("azrs-emulator"),
    ) {
        (Ok(azrs), Ok(emulator)) => (azrs, emulator),
        (Err(why), _) | (_, Err(why)) => {
            eprintln!("vs_az: {why}");
            return ExitCode::from(2);
        }
    };
    let azrs = std::env::var("AZRS_BENCH_AZRS")
        .ok()
        .unwrap_or_else(|| azrs.to_string_lossy().into_owned());
    let az = root.join("target/az-venv/bin/az");
    let netns = az.exists()
        && Command::new("unshare")
            .args(["-rn", "true"])
            .status()
            .is_ok_and(|s| s.success());
    if !netns {
        eprintln!("vs_az: the real az (target/az-venv) or `unshare -rn` is unavailable: azrs only");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (state, work, out) = (
        dir.path().join("state"),
        dir.path().join("work"),
        dir.path().join("results"),
    );
    std::fs::create_dir_all(&work).expect("work dir");
    let received = seed(&state);
    let cases =
        std::env::var("AZRS_BENCH_CASES").unwrap_or_else(|_| "show,walkthrough,lists".into());
    let only = std::env::var("AZRS_BENCH_TOOLS").unwrap_or_else(|_| "azrs,az".into());
    let only: Vec<&str> = only.split(',').map(str::trim).collect();
    let load_before = load_average();
    let s = EmulatorOptions::default().core_settings("https://127.0.0.1:1");
    let n = runs(5);
    let mut tools = Vec::new();
    if only.contains(&"azrs") {
        tools.push(format!("azrs={azrs}"));
    }
    if netns && only.contains(&"az") {
        tools.push(format!("az={}", az.display()));
    }
    let runner = std::env::current_exe().expect("own path");
    let mut cmd = if netns {
        let mut c = Command::new("unshare");
        c.args(["-rn", "bash", "-c", SCRIPT, "vs_az"]);
        c.env("NETNS", "1");
        c
    } else {
        let mut c = Command::new("bash");
        c.args(["-c", SCRIPT, "vs_az"]);
        c
    };
    let status = cmd
        .arg(&runner)
        .arg(&emulator)
        .arg(&state)
        .arg(&work)
        .arg(&out)
        .arg(n.to_string())
        .args(&tools)
        .env("TENANT", &s.tenant_id)
        .env("CLIENT_ID", &s.sp_client_id)
        .env("CLIENT_SECRET", &s.sp_client_secret)
        .env("CASES", &cases)
        .status()
        .expect("run bash");
    if !status.success() {
        for t in ["azrs", "az"] {
            if let Ok(e) = std::fs::read_to_string(work.join(format!("{t}.err"))) {
                eprintln!("--- {t} stderr (last lines):");
                for l in e
                    .lines()
                    .rev()
                    .take(20)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                {
                    eprintln!("{l}");
                }
            }
        }
        eprintln!("vs_az: the driver failed: {status}");
        return ExitCode::from(1);
    }
    println!(
        "{}; load average {load_before} before, {} after; a {GROUPS}-group list receives {:.2} MB of JSON",
        machine(),
        load_average(),
        received as f64 / 1e6
    );
    report(&std::fs::read_to_string(&out).unwrap_or_default(), n);
    ExitCode::SUCCESS
}

/// Prints the table from the driver's lines.
fn report(results: &str, n: usize) {
    let mut figures: BTreeMap<(String, String), Figures> = BTreeMap::new();
    for line in results.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        let [case, tool, run, wall, cpu, rss, req, tok] = w.as_slice() else {
            panic!("bad result line {line:?}");
        };
        let cost = Cost::parse(&format!("{wall} {cpu} {rss}")).expect("cost");
        let (req, tok): (u64, u64) = (req.parse().expect("n"), tok.parse().expect("n"));
        let f = figures
            .entry((case.to_string(), tool.to_string()))
            .or_default();
        let e = f
            .runs
            .entry(run.parse().expect("run"))
            .or_insert((Cost::default(), 0, 0));
        *e = (e.0.then(cost), e.1 + req, e.2 + tok);
    }
    println!("azrs vs az 2.91, {n} runs per case (medians; ratio = az / azrs)");
    println!(
        "| case | wall azrs | wall az | x | CPU azrs | CPU az | x | peak RSS azrs | peak RSS az | x | requests azrs / az | token requests azrs / az |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let cases = [
        ("group_show", "`group show`"),
        ("walkthrough", "seed walkthrough (11 commands)"),
        ("list_json", "`group list`, 10,000 groups, json"),
        ("list_table", "`group list -o table`"),
        ("list_tsv", "`group list -o tsv`"),
        ("list_query", "`group list --query`"),
    ];
    let ratio = |a: f64, b: f64| {
        if a > 0.0 {
            format!("{:.0}", b / a)
        } else {
            "-".into()
        }
    };
    for (key, label) in cases {
        let Some(rs) = figures.get(&(key.to_string(), "azrs".to_string())) else {
            continue;
        };
        let (r, rreq, rtok) = rs.median();
        let az = figures
            .get(&(key.to_string(), "az".to_string()))
            .map(Figures::median);
        let (aw, ac, am, areq, atok, xw, xc, xm) = match az {
            Some((a, areq, atok)) => (
                ms(a.wall),
                ms(a.cpu),
                mib(a.rss_kib),
                areq.to_string(),
                atok.to_string(),
                ratio(r.wall.as_secs_f64(), a.wall.as_secs_f64()),
                ratio(r.cpu.as_secs_f64(), a.cpu.as_secs_f64()),
                format!("{:.1}", a.rss_kib as f64 / r.rss_kib.max(1) as f64),
            ),
            None => Default::default(),
        };
        println!(
            "| {label} | {} | {aw} | {xw} | {} | {ac} | {xc} | {} | {am} | {xm} | {rreq} / {areq} | {rtok} / {atok} |",
            ms(r.wall),
            ms(r.cpu),
            mib(r.rss_kib),
        );
    }
}
