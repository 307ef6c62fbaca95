//! The YAML writer and reader against PyYAML's `safe_dump`/`safe_load` (where python3-yaml
//! is installed).

use super::*;

/// Runs `script` under python3 with `input` on stdin; `None` (with a notice) when python3 or
/// PyYAML is missing.
fn python_yaml(script: &str, input: &str) -> Option<String> {
    use std::io::Write as _;
    let probe = Command::new("python3").args(["-c", "import yaml"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("notice: python3 with PyYAML not found, skipping the differential check");
        return None;
    }
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("python3");
    assert!(out.status.success(), "python3 failed");
    Some(String::from_utf8(out.stdout).expect("utf-8"))
}

/// The writer produces PyYAML `safe_dump(default_flow_style=False)` bytes for JSON-shaped data.
#[test]
fn writer_matches_pyyaml_safe_dump() {
    let long = "word ".repeat(30);
    let value = json!({
        "plain": "abc", "empty": "", "yes": "yes", "on": "On", "null-ish": "null", "tilde": "~",
        "int-like": "123", "octal-like": "012", "float-like": "1.5", "dot5": ".5", "exp": "1e3",
        "exp2": "1.0e+3", "date": "2024-01-01", "datetime": "2024-01-01T00:00:00Z", "spaced": "2024-1-1 10:00:00",
        "colon": "a: b", "hash": "a #b", "lead": " x", "trail": "x ", "star": "*x", "dash": "-", "dashx": "-x",
        "dash-space": "- x", "q": "?x", "brackets": "[x]", "comma": "a,b", "quote": "it's", "dq": "say \"hi\"",
        "multi": "line1\nline2", "multi2": "a\n\nb\n", "tab": "a\tb", "bell": "bell\u{7}", "unicode": "Zoë – ✓",
        "emoji": "\u{1F600}", "sexa": "1:20", "sexaf": "1:20.5", "under": "1_000", "hex": "0x1F", "plus": "+1",
        "inf": ".inf", "nan": ".NaN", "merge": "<<", "eq": "=", "url": "https://x.example:443/a?b=c#d",
        "long": long, "longq": format!("'{long}"), "longdq": format!("{long}\t{long}"),
        "numbers": [0, -7, 12345678901234567890u64, 1.5, 0.1, 1e-7, 1e16, 123456789.125, -0.0, 100.0],
        "bools": [true, false, null], "nested": [[1, [2, []]], {}, {"a": {"b": [{"c": 1, "d": [1, 2]}]}}],
        "keys": {"1": "x", "00": "y", "08": "z", "": "empty", "a b": 1, "B": 2, "a": 3, "é": 4, "two\nlines": {"k": [1]}},
        "long-key": {"k".repeat(130): "v", "k".repeat(127): ["v"], "j".repeat(122): 1, "i".repeat(123): 2},
        "list-of-maps": [{"name": "n", "user": {"token": "t"}}, {"z": 1, "a": 2}],
    });
    let ours = azrs::yaml::dump(&value, false);
    let Some(theirs) = python_yaml(
        "import json,sys,yaml\nsys.stdout.write(yaml.safe_dump(json.loads(sys.stdin.read()), default_flow_style=False))",
        &value.to_string(),
    ) else {
        return;
    };
    assert_eq!(ours, theirs);
    // And what we wrote reads back to the same value.
    assert_eq!(yaml::parse(&ours).expect("parse"), value);
}

/// Root scalars and empty documents end like PyYAML's (`...` after a plain root scalar).
#[test]
fn writer_root_scalars_match_pyyaml() {
    for value in [
        json!("just a string"),
        json!(42),
        json!(true),
        json!("yes"),
        json!({}),
        json!([]),
        json!(null),
    ] {
        let ours = azrs::yaml::dump(&value, false);
        let Some(theirs) = python_yaml(
            "import json,sys,yaml\nsys.stdout.write(yaml.safe_dump(json.loads(sys.stdin.read()), default_flow_style=False))",
            &value.to_string(),
        ) else {
            return;
        };
        assert_eq!(ours, theirs, "{value}");
    }
}

/// The reader types plain scalars like PyYAML's `safe_load` (YAML 1.1).
#[test]
fn reader_matches_pyyaml_safe_load() {
    let text = "a: yes\nb: No\nc: on\nd: ~\ne: 012\nf: 0x1F\ng: 1_000\nh: 1:20\ni: 1.5\nj: 1e3\nk: 1.0e+3\nl: .5\nm: '123'\nn: \"x\\ty\"\no: -0b101\np: 12345678901234567890\nq: [1, two, {r: 3}]\ns: &anchor {t: 1}\nu: *anchor\nv: |\n  block\n  text\nw: >\n  folded\n  text\nx: !!str 42\ny: y\nz: 190:20:30.15\n";
    let ours = yaml::parse(text).expect("parse");
    let Some(theirs) = python_yaml(
        "import json,sys,yaml\nprint(json.dumps(yaml.safe_load(sys.stdin.read())))",
        text,
    ) else {
        return;
    };
    let theirs: Value = serde_json::from_str(&theirs).expect("json");
    assert_eq!(ours, theirs);
}
