//! `network vnet`/`subnet` and `acr` with the real az 2.91 as the oracle (`az_differential.sh`,
//! loopback-only namespace, one emulator): az and azrs take turns through the same commands,
//! each on its own resources where a command creates or deletes (names of equal length,
//! `…az…`/`…rs…`), on the same ones where it only reads. Each pair must agree on the exit code,
//! stdout, stderr (az's program name swapped, GUIDs and timestamps the emulator derives
//! masked), and on the requests sent: method, path, api-version, `CommandName`,
//! `ParameterSetName` and body. Bad input is in the plan too (exit 1, 2 and 3 cases).

use std::path::Path;

use serde_json::Value;

use crate::session;

/// One paired command: its words with `{}` standing for the tool's own name infix.
struct Pair {
    words: &'static str,
}

const PAIRS: &[Pair] = &[
    Pair {
        words: "network vnet create -g netrg -n vnet{} --address-prefixes 10.0.0.0/8 --subnet-name aks --subnet-prefixes 10.240.0.0/16 --tags env=dev",
    },
    Pair {
        words: "network vnet subnet create -g netrg --vnet-name vnet{} -n sub2 --address-prefixes 10.241.0.0/16",
    },
    Pair {
        words: "network vnet show -g netrg -n vnet{}",
    },
    Pair {
        words: "network vnet subnet show -g netrg --vnet-name vnet{} -n aks",
    },
    Pair {
        words: "network vnet subnet list -g netrg --vnet-name vnet{} -o table",
    },
    Pair {
        words: "network vnet list -g netrg -o table",
    },
    Pair {
        words: "network vnet list",
    },
    Pair {
        words: "network vnet subnet create -g netrg --vnet-name vnet{} -n bad --address-prefixes 10.241.0.0/24",
    },
    Pair {
        words: "network vnet subnet create -g netrg --vnet-name vnet{} -n bad --address-prefixes 11.0.0.0/24",
    },
    Pair {
        words: "network vnet create -g netrg -n v{}3 --address-prefixes 10.0.0.1/16",
    },
    Pair {
        words: "network vnet show -g netrg -n nope",
    },
    Pair {
        words: "network vnet subnet show -g netrg --vnet-name vnet{} -n nope",
    },
    Pair {
        words: "network vnet subnet show -g netrg --vnet-name vnet{}",
    },
    Pair {
        words: "network vnet create -g netrg -n v{}4 --tags c",
    },
    Pair {
        words: "network vnet subnet create -g netrg --vnet-name vnet{}",
    },
    Pair {
        words: "network vnet create -g nogroup -n v{}5",
    },
    Pair {
        words: "acr create -g netrg -n acr{}12345 --sku Basic",
    },
    Pair {
        words: "acr show -n acr{}12345",
    },
    Pair {
        words: "acr list -o table",
    },
    Pair {
        words: "acr create -g netrg -n My-Acr --sku Basic",
    },
    Pair {
        words: "acr create -g nogroup -n acr{}nogroup --sku Basic",
    },
    Pair {
        words: "acr create -g netrg -n acr{}2345 --sku Free",
    },
    Pair {
        words: "acr show -n nothere12",
    },
    Pair {
        words: "acr delete -n acr{}12345",
    },
    Pair {
        words: "acr delete -n acr{}12345 --yes",
    },
    Pair {
        words: "network vnet delete -g netrg -n vnet{}",
    },
    Pair {
        words: "network vnet list -g netrg",
    },
];

const SETUP: &[&str] = &[
    "az\tcloud\tregister\t--name\tEmu\t--endpoint-resource-manager\t@URL@/",
    "az\tcloud\tset\t--name\tEmu",
    "az\tlogin\t--service-principal\t-u\t@CLIENT_ID@\t-p\t@CLIENT_SECRET@\t--tenant\t@TENANT@",
    "az\tgroup\tcreate\t-n\tnetrg\t-l\twestus2",
];

fn step_id(i: usize) -> String {
    format!("s{i:02}")
}

/// The plan: setup, then each pair as az's step followed by azrs's.
fn plan() -> String {
    let mut lines: Vec<String> = SETUP.iter().map(|s| (*s).to_string()).collect();
    for p in PAIRS {
        for (tool, infix) in [("az", "az"), ("azrs", "rs")] {
            let words: Vec<String> = p.words.split(' ').map(|w| w.replace("{}", infix)).collect();
            lines.push(format!("{tool}\t{}", words.join("\t")));
        }
    }
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{}\t{l}\n", step_id(i)))
        .collect()
}

/// Masks values the emulator derives per request (GUIDs other than its fixed
/// `00000000-0000-4000-8000-…` ones, timestamps) and the tools' own name infixes.
fn normalise(text: &str) -> String {
    let text = text.replace("rs", "az");
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        if rest.len() >= 36
            && rest.is_char_boundary(36)
            && uuid::Uuid::try_parse(&rest[..36]).is_ok()
            && !rest.starts_with("00000000-0000-4000-8000-")
        {
            out.push_str("{guid}");
            i += 36;
        } else if rest.len() >= 19
            && rest.is_char_boundary(19)
            && rest.as_bytes()[4] == b'-'
            && rest.as_bytes()[10] == b'T'
            && rest.as_bytes()[13] == b':'
            && rest[..4].bytes().all(|c| c.is_ascii_digit())
        {
            out.push_str("{time}");
            i += 19;
            // The fraction and offset, when present.
            while i < b.len()
                && (b[i].is_ascii_digit() || matches!(b[i], b'.' | b'+' | b':' | b'Z'))
            {
                i += 1;
            }
        } else {
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// az's usage lines name `az` where azrs names itself.
fn az_to_azrs(text: &str) -> String {
    text.lines()
        .map(|l| match l.strip_prefix("az ") {
            Some(rest) => format!("azrs {rest}"),
            None => l.replace("ERROR: az ", "ERROR: azrs "),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}

/// What one step sent: method, path, api-version (not for status polls, whose URL the
/// server names), the two command headers and the body, normalised.
fn sent(out: &Path, log: &[Value], i: usize) -> Vec<String> {
    let count = |j: usize| -> usize {
        std::fs::read_to_string(out.join(format!("{}.nreq", step_id(j))))
            .ok()
            .and_then(|t| t.trim().parse().ok())
            .unwrap_or(0)
    };
    let from = count(i - 1);
    log.get(from..count(i).min(log.len()))
        .unwrap_or_default()
        .iter()
        .filter(|e| {
            e["path"]
                .as_str()
                .is_some_and(|p| p.starts_with("/subscriptions"))
        })
        .map(|e| {
            let path = e["path"].as_str().unwrap_or_default();
            let poll = path.contains("/operations/") || path.contains("/operationStatuses/");
            normalise(&format!(
                "{} {path} {} {} [{}] {}",
                e["method"].as_str().unwrap_or("?"),
                if poll {
                    ""
                } else {
                    e["query"]["api-version"].as_str().unwrap_or("")
                },
                e["headers"]["commandname"].as_str().unwrap_or(""),
                e["headers"]["parametersetname"].as_str().unwrap_or(""),
                e["body"]
            ))
        })
        .collect()
}

pub fn az_and_azrs_agree_on_networks_and_registries(python: &Path) {
    let session::Session {
        dir: _dir,
        out,
        output: run,
    } = session::run("network_acr", python, &plan());
    assert!(
        run.status.success(),
        "script failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let read = |i: usize, ext: &str| {
        std::fs::read_to_string(out.join(format!("{}.{ext}", step_id(i)))).unwrap_or_default()
    };
    for i in 0..SETUP.len() {
        assert_eq!(
            read(i, "rc").trim(),
            "0",
            "setup step {i}: {}",
            read(i, "err")
        );
    }
    let log: Vec<Value> = std::fs::read_to_string(out.join("requests.jsonl"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let mut failures = Vec::new();
    for (n, p) in PAIRS.iter().enumerate() {
        let (az, rs) = (SETUP.len() + 2 * n, SETUP.len() + 2 * n + 1);
        let pairs = [
            ("exit code", read(az, "rc"), read(rs, "rc")),
            (
                "stdout",
                normalise(&read(az, "out")),
                normalise(&read(rs, "out")),
            ),
            (
                "stderr",
                normalise(&az_to_azrs(&read(az, "err"))),
                normalise(&read(rs, "err")),
            ),
            (
                "requests",
                sent(&out, &log, az).join("\n"),
                sent(&out, &log, rs).join("\n"),
            ),
        ];
        for (what, a, r) in pairs {
            if a != r {
                failures.push(format!(
                    "`{}` ({what}):\n{}",
                    p.words,
                    azrs_test_support::oracle::diff(what, &a, &r)
                ));
            }
        }
    }
    // The plan reached every kind of outcome (so a broken oracle cannot pass quietly).
    let codes: Vec<String> = (0..PAIRS.len())
        .map(|n| read(SETUP.len() + 2 * n, "rc").trim().to_string())
        .collect();
    for code in ["0", "1", "2", "3"] {
        assert!(
            codes.iter().any(|c| c == code),
            "no az step exited {code}: {codes:?}"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

pub fn normalising_hides_only_derived_values() {
    assert_eq!(
        normalise(
            "vnetrs W/\"6440be33-af65-5fdd-87ac-47c5663b21a0\" 2026-12-04T16:01:14.990216+00:00 x"
        ),
        "vnetaz W/\"{guid}\" {time} x"
    );
    assert_eq!(
        normalise("/subscriptions/00000000-0000-4000-8000-0000000005ab/x 2026-12-04T16:01:14Z"),
        "/subscriptions/00000000-0000-4000-8000-0000000005ab/x {time}"
    );
    assert_eq!(
        az_to_azrs("ERROR: az acr create: bad\n\naz acr create -n x\nazure\n"),
        "ERROR: azrs acr create: bad\n\nazrs acr create -n x\nazure\n"
    );
}
