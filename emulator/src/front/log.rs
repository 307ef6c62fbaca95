//! The request log `<state-dir>/requests.jsonl`: one JSON object per handled request, in
//! the spirit of `spec/reference/*-requests.jsonl`, with every secret redacted.
//!
//! Fields: `ts` (UTC, RFC 3339 with milliseconds), `front` (`https` or `in-process`),
//! `method`, `path`, `query` (object), `headers` (object, lower-case names), `body` (parsed
//! JSON, `{"form": {...}}` for form posts, `{"_bytes": N}` otherwise, `null` when empty),
//! `status` (absent for dropped connections), `fault` (the injected fault, if any),
//! `resp_headers`, `resp_body`, `ms`.
//!
//! Redaction: `Authorization` becomes `Bearer <redacted N chars>`; `x-identity-header`,
//! cookies and any header whose name contains `secret` or `token` become `<redacted>`;
//! in bodies, form fields and query parameters, any field whose name (ignoring case and
//! `_`) is a secret name (`client_secret`, `client_assertion`, `access_token`, `token`,
//! `password`, `refresh_token`, `device_code`, `user_code`, `code_verifier`, ...) becomes
//! `<redacted N chars>`, and the base64 kubeconfigs of `listCluster*Credential` answers become
//! `<redacted kubeconfig, N chars>`. Person sign-in adds three rules: an authorization `code`
//! is redacted in form fields, query parameters and the query or fragment of a `Location`
//! header (not in JSON, where `code` is ARM's error code); a redacted JSON string is also
//! cut out of its sibling strings (the device-code `message` repeats the `user_code`); and
//! non-JSON bodies (the `form_post` page carrying a code) are only counted.
//!
//! Each entry is written with one `write_all` on a file opened in append mode, so lines from
//! several processes do not interleave.
//!
//! A large response body (a list page of a thousand groups) that cannot hold anything to
//! redact is copied into the entry as it is, instead of being parsed into a tree, walked and
//! written again: that made logging cost more than answering. "Cannot hold anything" is
//! decided conservatively on the bytes (no name that could be a secret's or a kubeconfig's, no
//! `\u` escape that could spell one, no line break), and the copy is the same JSON the parse
//! would have written, since the core writes compact JSON in the order it is parsed back.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde_json::{Map, Value, json};

use crate::core::{Request, Response};

use super::faults::FaultKind;

/// File name of the request log inside a state directory.
pub const LOG_FILE: &str = "requests.jsonl";

/// Appends redacted entries to `requests.jsonl` in a state directory.
#[derive(Debug, Clone)]
pub struct RequestLog {
    path: PathBuf,
    front: &'static str,
}

impl RequestLog {
    /// The log of state directory `dir`, tagging entries with `front`.
    pub fn new(dir: &Path, front: &'static str) -> Self {
        Self {
            path: dir.join(LOG_FILE),
            front,
        }
    }

    /// Path of the log file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one entry. Logging never fails a request: an error is returned for the
    /// caller to report, and the request goes on.
    pub fn append(
        &self,
        at: SystemTime,
        req: &Request,
        resp: Option<&Response>,
        fault: Option<FaultKind>,
        took: Duration,
    ) -> std::io::Result<()> {
        let mut line = match resp.filter(|r| verbatim_body(&r.headers, &r.body)) {
            Some(r) => {
                let mut head = entry(self.front, at, req, None, fault, took);
                let ms = head
                    .as_object_mut()
                    .and_then(|m| m.shift_remove("ms"))
                    .unwrap_or(Value::Null);
                if let Some(m) = head.as_object_mut() {
                    // The keys `entry` gives an answered request, in its order.
                    m.insert("status".into(), json!(r.status));
                    if let Some(f) = fault {
                        m.shift_remove("fault");
                        m.insert("fault".into(), json!(f.name()));
                    }
                    m.insert("resp_headers".into(), headers(&r.headers));
                }
                let mut line = serde_json::to_vec(&head).map_err(std::io::Error::other)?;
                line.pop(); // the closing brace
                line.extend_from_slice(b",\"resp_body\":");
                line.extend_from_slice(&r.body);
                line.extend_from_slice(b",\"ms\":");
                serde_json::to_writer(&mut line, &ms).map_err(std::io::Error::other)?;
                line.push(b'}');
                line
            }
            None => serde_json::to_vec(&entry(self.front, at, req, resp, fault, took))
                .map_err(std::io::Error::other)?,
        };
        line.push(b'\n');
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        file.write_all(&line)
    }
}

/// Builds the redacted log entry for one request.
pub fn entry(
    front: &str,
    at: SystemTime,
    req: &Request,
    resp: Option<&Response>,
    fault: Option<FaultKind>,
    took: Duration,
) -> Value {
    let (path, query) = match req.path_and_query.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (req.path_and_query.as_str(), None),
    };
    let mut e = Map::new();
    e.insert("ts".into(), json!(timestamp(at)));
    e.insert("front".into(), json!(front));
    e.insert("method".into(), json!(req.method));
    e.insert("path".into(), json!(path));
    e.insert(
        "query".into(),
        Value::Object(query.map(form).unwrap_or_default()),
    );
    e.insert("headers".into(), headers(&req.headers));
    e.insert("body".into(), body(&req.headers, &req.body));
    if let Some(r) = resp {
        e.insert("status".into(), json!(r.status));
    }
    if let Some(f) = fault {
        e.insert("fault".into(), json!(f.name()));
    }
    if let Some(r) = resp {
        e.insert("resp_headers".into(), headers(&r.headers));
        e.insert("resp_body".into(), body(&r.headers, &r.body));
    }
    e.insert("ms".into(), json!(took.as_secs_f64() * 1000.0));
    Value::Object(e)
}

fn timestamp(at: SystemTime) -> String {
    let t = time::OffsetDateTime::from(at);
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    t.format(&fmt).unwrap_or_default()
}

fn is_secret_name(name: &str) -> bool {
    let n: String = name
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    matches!(
        n.as_str(),
        "clientsecret"
            | "clientassertion"
            | "assertion"
            | "accesstoken"
            | "refreshtoken"
            | "idtoken"
            | "token"
            | "password"
            | "adminpassword"
            | "secret"
            | "devicecode"
            | "usercode"
            | "codeverifier"
            | "keydata"
            | "clientkeydata"
    )
}

fn redacted(s: &str) -> Value {
    json!(format!("<redacted {} chars>", s.chars().count()))
}

fn headers(hs: &[(String, String)]) -> Value {
    let mut m = Map::new();
    for (k, v) in hs {
        let name = k.to_ascii_lowercase();
        let value = if name == "authorization" {
            match v.split_once(' ') {
                Some((scheme, cred)) => {
                    json!(format!(
                        "{scheme} <redacted {} chars>",
                        cred.chars().count()
                    ))
                }
                None => redacted(v),
            }
        } else if name == "location" {
            json!(redact_url(v))
        } else if name == "x-identity-header"
            || name == "cookie"
            || name == "set-cookie"
            || name.contains("secret")
            || name.contains("token")
        {
            json!("<redacted>")
        } else {
            json!(v)
        };
        m.insert(name, value);
    }
    Value::Object(m)
}

fn content_type(hs: &[(String, String)]) -> String {
    hs.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.to_ascii_lowercase())
        .unwrap_or_default()
}

fn body(hs: &[(String, String)], bytes: &[u8]) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    if content_type(hs).starts_with("application/x-www-form-urlencoded") {
        return json!({ "form": form(&String::from_utf8_lossy(bytes)) });
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(mut v) => {
            redact_json(&mut v);
            v
        }
        Err(_) => json!({ "_bytes": bytes.len() }),
    }
}

/// Bodies at least this large may be logged verbatim (see the module docs); smaller ones are
/// cheap to parse and keep the one code path.
const VERBATIM_MIN: usize = 16 * 1024;

/// Lower-case fragments of every name `redact_json` acts on (`is_secret_name` ignores `_` and
/// `-`, so `key_data` is caught by `key` and `data`-free names by their first word).
const REDACTABLE: [&[u8]; 7] = [
    b"secret",
    b"token",
    b"assertion",
    b"password",
    b"code",
    b"key",
    b"kubeconfig",
];

/// Whether a response body can go into the log as it is: large, JSON, on one line, and
/// without any fragment of a name redaction looks at.
fn verbatim_body(hs: &[(String, String)], bytes: &[u8]) -> bool {
    if bytes.len() < VERBATIM_MIN
        || content_type(hs).starts_with("application/x-www-form-urlencoded")
        || bytes
            .iter()
            .any(|b| matches!(b, b'\n' | b'\r' | b'\\') || !b.is_ascii())
    {
        return false;
    }
    // One pass, no copy: only bytes that start a fragment are compared further.
    let found = (0..bytes.len()).any(|i| {
        let first = bytes[i].to_ascii_lowercase();
        REDACTABLE.iter().any(|needle| {
            needle[0] == first
                && bytes
                    .get(i..i + needle.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        })
    });
    if found {
        return false;
    }
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok()
}

/// A secret name, or an OAuth authorization `code` (form fields and URLs only).
fn is_secret_param(name: &str) -> bool {
    name == "code" || is_secret_name(name)
}

/// `url` with the values of secret query and fragment parameters redacted.
fn redact_url(url: &str) -> String {
    let (head, fragment) = match url.split_once('#') {
        Some((h, f)) => (h, Some(f)),
        None => (url, None),
    };
    let (base, query) = match head.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (head, None),
    };
    let redact_pairs = |q: &str| {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in url::form_urlencoded::parse(q.as_bytes()) {
            if is_secret_param(&k) {
                out.append_pair(&k, &format!("<redacted {} chars>", v.chars().count()));
            } else {
                out.append_pair(&k, &v);
            }
        }
        out.finish()
    };
    let mut out = base.to_string();
    if let Some(q) = query {
        out.push('?');
        out.push_str(&redact_pairs(q));
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(&redact_pairs(f));
    }
    out
}

/// Parses a query string or form body into an object, redacting secret fields.
fn form(s: &str) -> Map<String, Value> {
    url::form_urlencoded::parse(s.as_bytes())
        .map(|(k, v)| {
            let value = if is_secret_param(&k) {
                redacted(&v)
            } else {
                json!(v)
            };
            (k.into_owned(), value)
        })
        .collect()
}

fn redact_json(v: &mut Value) {
    match v {
        Value::Object(m) => {
            // Values redacted below, to cut out of their siblings too.
            let secrets: Vec<String> = m
                .iter()
                .filter(|(k, _)| is_secret_name(k))
                .filter_map(|(_, v)| v.as_str())
                .filter(|s| s.len() >= 6)
                .map(str::to_string)
                .collect();
            for (k, val) in m.iter_mut() {
                if let Value::String(s) = val
                    && !is_secret_name(k)
                    && secrets.iter().any(|x| s.contains(x.as_str()))
                {
                    for x in &secrets {
                        *s = s.replace(
                            x.as_str(),
                            &format!("<redacted {} chars>", x.chars().count()),
                        );
                    }
                    continue;
                }
                if is_secret_name(k) {
                    if let Value::String(s) = val {
                        *val = redacted(s);
                        continue;
                    }
                } else if k == "kubeconfigs" {
                    redact_kubeconfigs(val);
                    continue;
                }
                redact_json(val);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(redact_json),
        _ => {}
    }
}

fn redact_kubeconfigs(v: &mut Value) {
    if let Value::Array(items) = v {
        for item in items {
            if let Some(Value::String(s)) = item.get_mut("value") {
                *s = format!("<redacted kubeconfig, {} chars>", s.chars().count());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(k: &str, v: &str) -> (String, String) {
        (k.to_owned(), v.to_owned())
    }

    #[test]
    fn secrets_never_reach_the_entry() {
        let req = Request {
            method: "POST".into(),
            path_and_query: "/t/oauth2/v2.0/token?client_secret=QS1".into(),
            headers: vec![
                h("Authorization", "Bearer eyJSECRET"),
                h("Content-Type", "application/x-www-form-urlencoded"),
                h("x-identity-header", "IDH"),
            ],
            body: b"client_id=app&client_secret=S3CR3T&client_assertion=JWTX&scope=a".to_vec(),
        };
        let resp = Response {
            status: 200,
            headers: vec![h("content-type", "application/json")],
            body: br#"{"access_token":"TOK123","kubeconfigs":[{"name":"u","value":"S1VCRQ=="}],"nested":{"refresh_token":"RT"}}"#.to_vec(),
        };
        let e = entry(
            "https",
            SystemTime::UNIX_EPOCH,
            &req,
            Some(&resp),
            None,
            Duration::ZERO,
        );
        let text = e.to_string();
        for secret in [
            "eyJSECRET",
            "S3CR3T",
            "JWTX",
            "IDH",
            "TOK123",
            "S1VCRQ",
            "QS1",
            "\"RT\"",
        ] {
            assert!(!text.contains(secret), "{secret} leaked in {text}");
        }
        assert_eq!(e["headers"]["authorization"], "Bearer <redacted 9 chars>");
        assert_eq!(e["body"]["form"]["client_id"], "app");
        assert_eq!(e["body"]["form"]["scope"], "a");
        assert_eq!(e["ts"], "1970-01-01T00:00:00.000Z");
        assert_eq!(e["path"], "/t/oauth2/v2.0/token");
    }

    #[test]
    fn sign_in_codes_never_reach_the_entry() {
        let req = Request {
            method: "POST".into(),
            path_and_query: "/organizations/oauth2/v2.0/token?code=QCODE".into(),
            headers: vec![h("Content-Type", "application/x-www-form-urlencoded")],
            body: b"grant_type=authorization_code&code=AUTHC0DE&code_verifier=VER1F1ER&redirect_uri=http%3A%2F%2Flocalhost%3A1&device_code=DEVC0DE&refresh_token=REFRESH1".to_vec(),
        };
        let resp = Response {
            status: 200,
            headers: vec![h("content-type", "application/json")],
            body: br#"{"user_code":"USERC0DE9","device_code":"DEVC0DE2","message":"open the page and enter the code USERC0DE9 to authenticate.","error":{"code":"NotFound"}}"#.to_vec(),
        };
        let e = entry(
            "https",
            SystemTime::UNIX_EPOCH,
            &req,
            Some(&resp),
            None,
            Duration::ZERO,
        );
        let text = e.to_string();
        for secret in [
            "QCODE",
            "AUTHC0DE",
            "VER1F1ER",
            "DEVC0DE",
            "REFRESH1",
            "USERC0DE9",
        ] {
            assert!(!text.contains(secret), "{secret} leaked in {text}");
        }
        assert_eq!(e["body"]["form"]["redirect_uri"], "http://localhost:1");
        // ARM's error `code` in JSON is not a secret.
        assert_eq!(e["resp_body"]["error"]["code"], "NotFound");
        assert!(
            e["resp_body"]["message"]
                .as_str()
                .unwrap()
                .starts_with("open the page")
        );

        let redirect = Response {
            status: 302,
            headers: vec![h(
                "Location",
                "http://localhost:4/?code=LOCC0DE&state=s1&session_state=x",
            )],
            body: Vec::new(),
        };
        let get = Request::new("GET", "/t/oauth2/v2.0/authorize?client_id=c&state=s1");
        let e = entry(
            "https",
            SystemTime::UNIX_EPOCH,
            &get,
            Some(&redirect),
            None,
            Duration::ZERO,
        );
        let loc = e["resp_headers"]["location"].as_str().unwrap();
        assert!(!loc.contains("LOCC0DE"), "{loc}");
        assert!(
            loc.starts_with("http://localhost:4/?code=%3Credacted+7+chars%3E&state=s1"),
            "{loc}"
        );
        assert_eq!(
            redact_url("http://l/#code=FRAGC0DE&x=1"),
            "http://l/#code=%3Credacted+8+chars%3E&x=1"
        );
    }

    /// The line `append` writes for `resp`, and the one the parsed entry gives.
    fn appended_and_parsed(resp: &Response, fault: Option<FaultKind>) -> (String, String) {
        let dir = tempfile::tempdir().expect("tempdir");
        let log = RequestLog::new(dir.path(), "https");
        let req = Request::new(
            "GET",
            "/subscriptions/s/resourcegroups?api-version=2024-11-01",
        );
        let at = SystemTime::UNIX_EPOCH + Duration::from_millis(1_700_000_000_123);
        let took = Duration::from_micros(1234);
        log.append(at, &req, Some(resp), fault, took)
            .expect("append");
        let written = std::fs::read_to_string(log.path()).expect("log");
        let parsed = serde_json::to_string(&entry("https", at, &req, Some(resp), fault, took))
            .expect("entry");
        (written, format!("{parsed}\n"))
    }

    fn big_list(extra: &str) -> Response {
        let items: Vec<Value> = (0..300)
            .map(|i| {
                json!({"id": format!("/subscriptions/s/resourceGroups/g-{i}"), "name": format!("g-{i}"),
                       "location": "westus2", "tags": {"team": extra, "n": 1.50},
                       "properties": {"provisioningState": "Succeeded"}})
            })
            .collect();
        Response {
            status: 200,
            headers: vec![h("Content-Type", "application/json; charset=utf-8")],
            body: serde_json::to_vec(&json!({"value": items, "nextLink": "https://h/x?a=1&b=2"}))
                .expect("body"),
        }
    }

    // Regression guard for the verbatim path: it must write exactly what the parse wrote.
    #[test]
    fn a_large_plain_body_is_logged_verbatim_as_the_parse_would_write_it() {
        let resp = big_list("bench");
        assert!(verbatim_body(&resp.headers, &resp.body));
        for fault in [None, Some(FaultKind::Slow)] {
            let (written, parsed) = appended_and_parsed(&resp, fault);
            assert_eq!(written, parsed);
        }
    }

    #[test]
    fn a_large_body_that_may_hold_a_secret_is_parsed_and_redacted() {
        let mut resp = big_list("bench");
        let mut v: Value = serde_json::from_slice(&resp.body).expect("json");
        v["value"][7]["accessToken"] = json!("S3CRET-IN-A-BIG-BODY");
        resp.body = serde_json::to_vec(&v).expect("body");
        assert!(!verbatim_body(&resp.headers, &resp.body));
        let (written, parsed) = appended_and_parsed(&resp, None);
        assert_eq!(written, parsed);
        assert!(!written.contains("S3CRET-IN-A-BIG-BODY"), "{written}");
        // Escapes and line breaks also take the parse.
        let escaped = big_list("caf\\u{e9}");
        assert!(!verbatim_body(&escaped.headers, &escaped.body));
        let mut pretty = big_list("bench");
        pretty.body = serde_json::to_vec_pretty(&v).expect("pretty");
        assert!(!verbatim_body(&pretty.headers, &pretty.body));
    }

    #[test]
    fn plain_json_bodies_are_kept() {
        let req = Request {
            method: "PUT".into(),
            path_and_query: "/subscriptions/s/resourcegroups/g?api-version=2024-11-01".into(),
            headers: vec![h("content-type", "application/json")],
            body: br#"{"location":"westus2"}"#.to_vec(),
        };
        let e = entry(
            "in-process",
            SystemTime::now(),
            &req,
            None,
            Some(FaultKind::Drop),
            Duration::ZERO,
        );
        assert_eq!(e["body"]["location"], "westus2");
        assert_eq!(e["query"]["api-version"], "2024-11-01");
        assert_eq!(e["fault"], "drop");
        assert!(e.get("status").is_none());
    }
}
