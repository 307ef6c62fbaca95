//! Replays the requests real `az` 2.91 sent during the managed-identity AKS walkthrough
//! (`spec/reference/az-walkthrough-requests.jsonl`) against the emulator core and checks that
//! every answer has the status, LRO headers and response shape (keys, states, ids) the reference
//! double gave — minus the double artefacts the reference README lists.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use azrs_emulator::core::{Request, Settings, State, handle};
use base64::Engine;
use serde_json::Value;

fn reference_file(name: &str) -> PathBuf {
    let rel = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/spec/reference")
        .join(name);
    if rel.exists() {
        return rel;
    }
    PathBuf::from("/work/shared/spec/reference").join(name)
}

fn parse_ts(ts: &str) -> SystemTime {
    let t = time::OffsetDateTime::parse(ts, &time::format_description::well_known::Rfc3339)
        .or_else(|_| {
            time::OffsetDateTime::parse(
                &format!("{ts}Z"),
                &time::format_description::well_known::Rfc3339,
            )
        })
        .expect("reference timestamps are ISO 8601");
    SystemTime::UNIX_EPOCH + Duration::from_nanos(t.unix_timestamp_nanos() as u64)
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// Fields whose values (not only presence) must match the reference.
const SCALARS: &[&str] = &[
    "id",
    "registrationState",
    "state",
    "status",
    "provisioningState",
    "code",
    "location",
    "nodeResourceGroup",
    "dnsPrefix",
    "subscriptionId",
    "tenantId",
    "displayName",
    "token_type",
    "resourceManager",
];

fn compare(seq: u64, path: &str, want: &Value, got: &Value, skip: &[&str]) {
    let (mut wk, gk) = (keys(want), keys(got));
    for s in skip {
        wk.remove(*s);
    }
    let gk: BTreeSet<String> = gk
        .into_iter()
        .filter(|k| !skip.contains(&k.as_str()))
        .collect();
    assert_eq!(wk, gk, "seq {seq}: keys of {path} differ");
    for k in SCALARS {
        if let (Some(Value::String(w)), Some(Value::String(g))) = (want.get(*k), got.get(*k)) {
            assert_eq!(w, g, "seq {seq}: {path}.{k} differs");
        }
    }
    for nested in ["properties", "error", "identity", "sku", "authentication"] {
        if want.get(nested).is_some_and(Value::is_object) {
            compare(
                seq,
                &format!("{path}.{nested}"),
                &want[nested],
                &got[nested],
                skip,
            );
        }
    }
    if let (Some(Value::Array(w)), Some(Value::Array(g))) = (want.get("value"), got.get("value")) {
        assert_eq!(w.len(), g.len(), "seq {seq}: {path}.value length differs");
        for (i, (a, b)) in w.iter().zip(g).enumerate() {
            compare(seq, &format!("{path}.value[{i}]"), a, b, skip);
        }
    }
    if let (Some(Value::Array(w)), Some(Value::Array(g))) =
        (want.get("agentPoolProfiles"), got.get("agentPoolProfiles"))
    {
        assert_eq!(w.len(), g.len());
        compare(
            seq,
            &format!("{path}.agentPoolProfiles[0]"),
            &w[0],
            &g[0],
            skip,
        );
    }
}

fn kubeconfig_skeleton(b64: &str) -> String {
    let raw = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("kubeconfig value is base64");
    let text = String::from_utf8(raw).expect("kubeconfig is UTF-8");
    // The fqdn's random suffix and the token differ by design; everything else must match.
    text.lines()
        .map(|l| {
            if l.trim_start().starts_with("server:") {
                "    server: <fqdn>".to_string()
            } else if l.trim_start().starts_with("token:") {
                "    token: <token>".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn az_walkthrough_replays_with_reference_statuses_and_shapes() {
    let text = std::fs::read_to_string(reference_file("az-walkthrough-requests.jsonl"))
        .expect("reference request log is readable");
    let settings = Settings::new("https://127.0.0.1:8443");
    let mut state = State::default();
    let mut token = String::new();
    // LRO URLs are opaque: a poll of the reference's URL becomes a poll of ours.
    let mut lro_urls: Vec<(String, String)> = Vec::new();
    let mut replayed = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let rec: Value = serde_json::from_str(line).expect("each line is JSON");
        if rec["type"] != "request" || rec["listener"] != "https" {
            continue;
        }
        let seq = rec["seq"].as_u64().unwrap_or(0);
        let mut pq = rec["path"].as_str().unwrap_or("").to_string();
        let query: Vec<String> = rec["query"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| {
                let v = v.as_str().unwrap_or("");
                let e: String = url::form_urlencoded::byte_serialize(v.as_bytes()).collect();
                format!("{k}={e}")
            })
            .collect();
        if !query.is_empty() {
            pq = format!("{pq}?{}", query.join("&"));
        }
        if let Some((_, ours)) = lro_urls.iter().find(|(theirs, _)| {
            theirs.split('?').next() == Some(rec["path"].as_str().unwrap_or(""))
        }) {
            pq = ours.clone();
        }
        let mut req = Request::new(rec["method"].as_str().unwrap_or("GET"), &pq);
        for (k, v) in rec["headers"].as_object().into_iter().flatten() {
            let v = v.as_str().unwrap_or("");
            if k.eq_ignore_ascii_case("authorization") {
                assert!(!token.is_empty(), "seq {seq}: ARM call before login");
                req = req.bearer(&token);
            } else if !k.eq_ignore_ascii_case("content-length") {
                req = req.header(k, v);
            }
        }
        match &rec["body"] {
            Value::Null => {}
            Value::Object(b) if b.contains_key("form") => {
                let mut ser = url::form_urlencoded::Serializer::new(String::new());
                for (k, v) in b["form"].as_object().into_iter().flatten() {
                    let v = if k == "client_secret" {
                        settings.sp_client_secret.as_str()
                    } else {
                        v.as_str().unwrap_or("")
                    };
                    ser.append_pair(k, v);
                }
                req.body = ser.finish().into_bytes();
            }
            b => req.body = serde_json::to_vec(b).expect("body serialises"),
        }
        let now = parse_ts(rec["ts"].as_str().unwrap_or(""));
        let resp = handle(&mut state, &settings, now, &req);
        replayed += 1;

        let want_status = rec["status"].as_u64().unwrap_or(0) as u16;
        assert_eq!(resp.status, want_status, "seq {seq} {pq}: status");
        for h in ["Azure-AsyncOperation", "Location", "Retry-After"] {
            let want = rec["resp_headers"].get(h).is_some();
            assert_eq!(
                resp.header(h).is_some(),
                want,
                "seq {seq} {pq}: header {h} presence"
            );
        }
        if let Some(op) = resp.header("Azure-AsyncOperation") {
            assert!(op.starts_with("https://127.0.0.1:8443/subscriptions/"));
            assert_eq!(resp.header("Retry-After"), Some("1"));
        }
        for h in ["Azure-AsyncOperation", "Location"] {
            if let (Some(theirs), Some(ours)) = (rec["resp_headers"][h].as_str(), resp.header(h)) {
                let strip = |u: &str| u.trim_start_matches("https://127.0.0.1:8443").to_string();
                lro_urls.push((strip(theirs), strip(ours)));
            }
        }
        let got = resp.json();
        let want = &rec["resp_body"];
        if want.get("access_token").is_some() {
            token = got["access_token"].as_str().unwrap_or_default().to_string();
            assert_eq!(token.split('.').count(), 3, "a JWT was issued");
        }
        if let Some(kc) = want.get("kubeconfigs") {
            let w = kubeconfig_skeleton(kc[0]["value"].as_str().unwrap_or(""));
            let g = kubeconfig_skeleton(got["kubeconfigs"][0]["value"].as_str().unwrap_or(""));
            assert_eq!(w, g, "seq {seq}: kubeconfig structure");
            assert_eq!(got["kubeconfigs"][0]["name"], "clusterUser");
            continue;
        }
        // Double artefact: the reference 201 already had identityProfile; real AKS adds it
        // once provisioning succeeds (and so does the emulator).
        let skip: &[&str] = if want_status == 201 && want.get("kind").is_some() {
            assert!(got["properties"].get("identityProfile").is_none());
            &["identityProfile"]
        } else {
            &[]
        };
        compare(seq, "body", want, &got, skip);
    }
    assert_eq!(
        replayed, 16,
        "every https request of the walkthrough was replayed"
    );
}
