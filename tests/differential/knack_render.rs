//! azrs's output formats against knack 2.91's own renderers: a fixed-seed generator makes a
//! few thousand JSON values (YAML-significant and multi-line strings, unicode, big and
//! negative integers, floats whose shortest form has a tie), the az venv's Python renders each
//! with `knack.output`'s `format_json`/`format_json_color`/`format_yaml`/`format_yaml_color`/
//! `format_table`/`format_tsv` (as az does for a command result without `--query` or a table
//! transformer), and azrs must print the same bytes for every one. Only local Python runs (no
//! az command), inside a loopback-only namespace when root, like the extension cross-check.

use std::path::Path;

use azrs::output::{Format, RenderOptions, render_to_string};
use azrs_test_support::oracle;
use serde_json::{Map, Value, json};

/// How many values one run compares; small enough to stay around a second.
const CASES: usize = 2500;
/// The fixed seed: a failure always reproduces.
const SEED: u64 = 0x6b6e_6163_6b32_3931;

/// Formats compared, with the name knack's `_FORMAT_DICT` uses, and whether a difference
/// fails the trial (all do now; the flag stays for a format being brought up).
const FORMATS: [(Format, &str, bool); 6] = [
    (Format::Json, "json", true),
    (Format::Jsonc, "jsonc", true),
    (Format::Yaml, "yaml", true),
    (Format::Yamlc, "yamlc", true),
    (Format::Table, "table", true),
    (Format::Tsv, "tsv", true),
];

/// Reads the values (one JSON document per line on stdin, parsed by `json.loads` as az parses
/// ARM responses) and prints, per value, a JSON object of format name to knack's text (or
/// `null` where knack raises: az then prints an error, not output).
const RENDER_PY: &str = r#"
import json, sys
from knack.output import OutputProducer
from knack.util import CommandResultItem
out = []
for line in sys.stdin:
    value = json.loads(line)
    row = {}
    for name in ("json", "jsonc", "yaml", "yamlc", "table", "tsv"):
        item = CommandResultItem(value, table_transformer=None, is_query_active=False)
        try:
            row[name] = OutputProducer._FORMAT_DICT[name](item)
        except Exception:
            row[name] = None
    out.append(row)
sys.stdout.write(json.dumps(out))
"#;

/// splitmix64: a tiny deterministic generator, so the cases do not depend on a crate's
/// algorithm staying the same across versions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Strings YAML 1.1 resolves to something else, or that need quoting, escaping or folding.
const STRINGS: &[&str] = &[
    "",
    " ",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "~",
    "null",
    "Null",
    "true",
    "False",
    "0",
    "012",
    "0x1F",
    "0o17",
    "1_000",
    "1e3",
    ".5",
    "-.inf",
    ".NaN",
    "+12",
    "1:20",
    "2024-01-02",
    "2024-01-02T03:04:05Z",
    "- item",
    "? key",
    ": v",
    "a: b",
    "a #b",
    "#c",
    "@x",
    "`x",
    "!tag",
    "&a",
    "*a",
    "|",
    ">",
    "%p",
    "'q'",
    "\"dq\"",
    "{a}",
    "[b]",
    "x,y",
    "trailing ",
    " leading",
    "tab\there",
    "line\nbreak",
    "two\n\nblank",
    "\r\nwin",
    "end\n",
    "\n",
    "Zoë",
    "日本語",
    "emoji 🚀",
    "ß",
    "\u{85}nel",
    "\u{2028}ls",
    "\u{a0}nbsp",
    "bell\u{7}",
    "\u{1b}[0m",
    "\u{feff}bom",
    "back\\slash",
    "eastus",
    "Succeeded",
    "rg-1",
    "very long value that keeps \
     going past eighty columns so the yaml emitter must think about folding it somewhere ok",
];

const KEYS: &[&str] = &[
    "name",
    "id",
    "type",
    "etag",
    "location",
    "tags",
    "provisioningState",
    "x",
    "Name",
    "b",
    "a",
    "zeta",
    "yes",
    "1",
    "key with space",
    "ключ",
    "",
    "n\nl",
    "count",
    "value",
];

/// Floats: ties in the shortest form (`919717736372973.2`), exponent boundaries, negatives.
const FLOATS: &[&str] = &[
    "919717736372973.2",
    "0.1",
    "-2.5",
    "1e16",
    "1e-05",
    "0.0001",
    "123456789012345.6",
    "1.7976931348623157e308",
    "5e-324",
    "-0.0",
    "0.30000000000000004",
    "1e22",
    "2.0",
];

fn number(rng: &mut Rng) -> Value {
    let text = match rng.below(6) {
        0 => rng.pick(FLOATS).to_string(),
        1 => format!("{}", rng.next() as i64),
        2 => format!(
            "-{}{:019}",
            1 + rng.next() % 1000,
            rng.next() % 10_000_000_000_000_000_000
        ),
        3 => format!("{}", rng.below(2000) as i64 - 1000),
        // A random finite double spelled as serde writes it (shortest round trip), which
        // Python's json parser reads back to the same double.
        4 => loop {
            let f = f64::from_bits(rng.next());
            if f.is_finite() {
                break serde_json::Number::from_f64(f).map_or("0".into(), |n| n.to_string());
            }
        },
        _ => {
            // Scaled doubles around the fixed/exponent boundary (1e16) where ties show.
            let f = (rng.next() >> 11) as f64 / 8.0 * [1.0, 0.1, 10.0][rng.below(3)];
            serde_json::Number::from_f64(f).map_or("0".into(), |n| n.to_string())
        }
    };
    serde_json::from_str(&text).expect("generated number parses")
}

fn string(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => format!("{}{}", rng.pick(STRINGS), rng.pick(STRINGS)),
        _ => rng.pick(STRINGS).to_string(),
    }
}

fn scalar(rng: &mut Rng) -> Value {
    match rng.below(8) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 | 3 => number(rng),
        _ => Value::String(string(rng)),
    }
}

fn value(rng: &mut Rng, depth: usize) -> Value {
    match if depth >= 3 { 0 } else { rng.below(5) } {
        0 | 1 => scalar(rng),
        2 => Value::Array((0..rng.below(4)).map(|_| value(rng, depth + 1)).collect()),
        _ => {
            let mut map = Map::new();
            for _ in 0..rng.below(6) {
                map.insert(rng.pick(KEYS).to_string(), value(rng, depth + 1));
            }
            Value::Object(map)
        }
    }
}

/// A table-shaped result half the time (a list of flat objects, as `list` commands return),
/// so the table comparison sees columns, padding and multi-line cells rather than errors.
fn case(rng: &mut Rng) -> Value {
    if rng.below(2) == 0 {
        Value::Array(
            (0..1 + rng.below(4))
                .map(|_| {
                    let mut map = Map::new();
                    for _ in 0..1 + rng.below(5) {
                        map.insert(rng.pick(KEYS).to_string(), scalar(rng));
                    }
                    Value::Object(map)
                })
                .collect(),
        )
    } else {
        value(rng, 0)
    }
}

/// Generates the cases (fixed seed), renders them with knack and with azrs, and fails listing
/// the first differences.
pub fn azrs_renders_what_knack_renders(python: &Path) {
    let mut rng = Rng(SEED);
    let mut cases: Vec<Value> = (0..CASES).map(|_| case(&mut rng)).collect();
    // The issue's own regression: a float whose shortest form is a tie.
    cases.push(serde_json::from_str(r#"[{"size": 919717736372973.25}]"#).expect("literal"));
    // What the YAML lexer reads in its own way: document-end markers after root scalars,
    // folded plain, single- and double-quoted scalars (escaped breaks, `\ ` continuations),
    // `? ` keys, spaces inside quotes, and lines that look like keys, tags or comments.
    let long = "word ".repeat(24);
    for case in [
        json!("plain root"),
        json!(12.5),
        json!("yes"),
        json!({ "k": long.clone(), "l": [long.clone(), format!("'{long}'")] }),
        json!({ "d": format!("{long}\u{7}\t end  "), "m": "a\n\n b\n" }),
        json!({ (long.repeat(2)): 1, "": [ {"x: y": "#z", "!t": "&a *b"} ] }),
        json!([["- x", "? y", ": z"], {"a": {"b": {"c": "--- d", "e": "... f"}}}]),
        json!({ "p": format!("{long}: x # y"), "q": "a\u{a0}b \u{3000}c" }),
    ] {
        cases.push(case);
    }
    let input: String = cases.iter().map(|v| format!("{v}\n")).collect();
    let rendered = run_python(python, &input);
    let rows: Vec<Value> = serde_json::from_str(&rendered).expect("knack's JSON report");
    assert_eq!(rows.len(), cases.len(), "one knack row per case");

    let mut failures = Vec::new();
    let mut tally = String::new();
    for (format, name, required) in FORMATS {
        let opts = RenderOptions {
            format,
            query: None,
            color: true,
            table_transformer: None,
        };
        let (mut compared, mut differ) = (0usize, 0usize);
        for (value, row) in cases.iter().zip(&rows) {
            // az never calls a formatter for a `None` result (it prints nothing, as azrs does).
            if value.is_null() {
                continue;
            }
            compared += 1;
            let ours = render_to_string(value, &opts).ok();
            let theirs = row[name].as_str().map(str::to_string);
            if ours != theirs {
                differ += 1;
                if required && failures.len() < 12 {
                    failures.push(format!(
                        "{name} of {value}\n  knack: {theirs:?}\n  azrs:  {ours:?}"
                    ));
                }
            }
        }
        let note = if required {
            ""
        } else {
            " (reported, not required)"
        };
        tally.push_str(&format!("  {name}: {differ} of {compared} differ{note}\n"));
    }
    eprintln!("knack_render: fixed seed {SEED:#x}\n{tally}");
    assert!(
        failures.is_empty(),
        "azrs differs from knack 2.91:\n{tally}first differences:\n{}",
        failures.join("\n")
    );
}

/// Runs the render script on `input`; inside a loopback-only network namespace when root so
/// nothing the venv imports can reach the network.
fn run_python(python: &Path, input: &str) -> String {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut cmd = if oracle::is_root() {
        let mut c = Command::new("unshare");
        c.args(["-n", "--"]).arg(python);
        c
    } else {
        Command::new(python)
    };
    cmd.args(["-c", RENDER_PY])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONIOENCODING", "utf-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run the az venv's python");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("python output");
    writer
        .join()
        .expect("stdin writer")
        .expect("write cases to python");
    assert!(
        out.status.success(),
        "knack render script failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 report")
}
