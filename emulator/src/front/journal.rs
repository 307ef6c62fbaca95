//! The journal `state.journal`: the requests handled since `state.json` was last written, one
//! JSON line each, so a request costs one small append instead of a rewrite of the whole
//! state.
//!
//! Why requests and not changed entries: the core is deterministic by contract (no clock, no
//! randomness; every id derives from `State::counter`), so replaying a request at its recorded
//! time with its recorded settings gives the same state, and finding which entries a request
//! changed would cost a walk of the whole state. Every handled request increments
//! `State::counter` exactly once, so each record carries the counter it was handled at (`c`)
//! and is applied only when it is the next one: records already folded into a newer
//! `state.json` are skipped, which makes compaction crash-safe without a second pointer file.
//!
//! Lines:
//! - `{"settings": N, "value": {...}}` defines settings number `N` (every field of the core's
//!   `Settings`) for the records after it; a writer adds its settings once per journal file.
//! - `{"c": C, "s": N, "t": [SECS, NANOS], "m": METHOD, "p": PATH, "h": [[K, V], ...],
//!   "b": BODY}` is an ARM request (`"b64"` instead of `"b"` for a body that is not UTF-8).
//!   Its bearer token is not kept: `"auth": "ok"` replays with token checks off (the
//!   original passed them), `"auth": "denied"` replays without the header (it failed them),
//!   so the core takes the same branch without the journal holding a credential.
//! - `{"c": C, "s": N, "t": [SECS, NANOS]}` is any other request (token, managed-identity,
//!   metadata, extension index). Those routes read but never change the state, except for the
//!   counter and settling due operations, which a no-op request at the same time reproduces;
//!   so client secrets, assertions and identity headers never reach the disk. The exception is
//!   person sign-in (device and authorization codes in flight): when a request changed
//!   `State::entra`, its record carries the new value as `"e"` (codes appear there only as
//!   hashes), and replay sets it after the no-op.
//!
//! This module only encodes and decodes; `store` decides when to append, replay and compact.

use std::time::{Duration, SystemTime};

use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::core::{self, Request, Response, Settings, State};

/// File name of the journal inside a state directory.
pub const JOURNAL_FILE: &str = "state.journal";

fn default_group_page_size() -> usize {
    Settings::new("").group_page_size
}

/// Every field of the core's `Settings`, so a replay uses exactly what the writer used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalSettings {
    base_url: String,
    lro_polls: u32,
    retry_after_secs: u32,
    tenant_id: String,
    subscription_id: String,
    subscription_name: String,
    sp_client_id: String,
    sp_client_secret: String,
    mi_client_id: String,
    mi_object_id: String,
    identity_header: String,
    github_request_token: String,
    github_issuer: String,
    github_subject: String,
    workload_issuer: String,
    workload_subject: String,
    signing_key: String,
    page_size: usize,
    /// Absent from journals written before it existed: ARM's default then.
    #[serde(default = "default_group_page_size")]
    group_page_size: usize,
    registration_reads: u32,
    registering_is_enough: bool,
    verify_tokens: bool,
    default_kubernetes_version: String,
    // Person sign-in (added later: journals written before them replay with the defaults).
    #[serde(default = "default_token_lifetime")]
    token_lifetime_secs: i64,
    #[serde(default = "default_refresh_token_lifetime")]
    refresh_token_lifetime_secs: i64,
    #[serde(default)]
    user: core::TestUser,
    #[serde(default = "default_public_clients")]
    public_client_ids: Vec<String>,
    #[serde(default)]
    device_code: core::DeviceCodePolicy,
}

fn default_token_lifetime() -> i64 {
    Settings::new("").token_lifetime_secs
}

fn default_refresh_token_lifetime() -> i64 {
    Settings::new("").refresh_token_lifetime_secs
}

fn default_public_clients() -> Vec<String> {
    Settings::new("").public_client_ids
}

impl From<&Settings> for JournalSettings {
    fn from(s: &Settings) -> Self {
        // Destructured without `..`: a field added to `Settings` must be added here too, or
        // replays would silently use its default.
        let Settings {
            base_url,
            lro_polls,
            retry_after_secs,
            tenant_id,
            subscription_id,
            subscription_name,
            sp_client_id,
            sp_client_secret,
            mi_client_id,
            mi_object_id,
            identity_header,
            github_request_token,
            github_issuer,
            github_subject,
            workload_issuer,
            workload_subject,
            signing_key,
            page_size,
            group_page_size,
            registration_reads,
            registering_is_enough,
            verify_tokens,
            default_kubernetes_version,
            token_lifetime_secs,
            refresh_token_lifetime_secs,
            user,
            public_client_ids,
            device_code,
        } = s.clone();
        Self {
            base_url,
            lro_polls,
            retry_after_secs,
            tenant_id,
            subscription_id,
            subscription_name,
            sp_client_id,
            sp_client_secret,
            mi_client_id,
            mi_object_id,
            identity_header,
            github_request_token,
            github_issuer,
            github_subject,
            workload_issuer,
            workload_subject,
            signing_key,
            page_size,
            group_page_size,
            registration_reads,
            registering_is_enough,
            verify_tokens,
            default_kubernetes_version,
            token_lifetime_secs,
            refresh_token_lifetime_secs,
            user,
            public_client_ids,
            device_code,
        }
    }
}

impl JournalSettings {
    fn to_settings(&self) -> Settings {
        let j = self.clone();
        let mut s = Settings::new(&j.base_url);
        s.base_url = j.base_url;
        s.lro_polls = j.lro_polls;
        s.retry_after_secs = j.retry_after_secs;
        s.tenant_id = j.tenant_id;
        s.subscription_id = j.subscription_id;
        s.subscription_name = j.subscription_name;
        s.sp_client_id = j.sp_client_id;
        s.sp_client_secret = j.sp_client_secret;
        s.mi_client_id = j.mi_client_id;
        s.mi_object_id = j.mi_object_id;
        s.identity_header = j.identity_header;
        s.github_request_token = j.github_request_token;
        s.github_issuer = j.github_issuer;
        s.github_subject = j.github_subject;
        s.workload_issuer = j.workload_issuer;
        s.workload_subject = j.workload_subject;
        s.signing_key = j.signing_key;
        s.page_size = j.page_size;
        s.group_page_size = j.group_page_size;
        s.registration_reads = j.registration_reads;
        s.registering_is_enough = j.registering_is_enough;
        s.verify_tokens = j.verify_tokens;
        s.default_kubernetes_version = j.default_kubernetes_version;
        s.token_lifetime_secs = j.token_lifetime_secs;
        s.refresh_token_lifetime_secs = j.refresh_token_lifetime_secs;
        s.user = j.user;
        s.public_client_ids = j.public_client_ids;
        s.device_code = j.device_code;
        s
    }
}

/// One journal line.
#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum Line {
    Settings {
        settings: usize,
        value: Box<JournalSettings>,
    },
    Request(Record),
}

#[derive(Debug, Serialize, Deserialize)]
struct Record {
    c: u64,
    s: usize,
    t: (u64, u32),
    #[serde(default, skip_serializing_if = "Option::is_none")]
    m: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    p: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    h: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    b: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    b64: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    auth: Option<String>,
    /// `State::entra` after a non-ARM request that changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    e: Option<Box<core::EntraState>>,
}

/// Why a journal line could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("line {line}: {source}")]
    Parse {
        line: usize,
        source: serde_json::Error,
    },
    #[error("line {line}: request {found} does not follow request {expected} of the state")]
    Gap {
        line: usize,
        found: u64,
        expected: u64,
    },
    #[error("line {line}: undefined settings {settings}")]
    Settings { line: usize, settings: usize },
}

/// What a journal file defines as it is read: the settings numbered so far.
#[derive(Debug, Default)]
pub struct Catalog {
    settings: Vec<JournalSettings>,
}

impl Catalog {
    /// The number of `settings` in this journal, and the line defining it if it is new.
    pub fn settings_line(&mut self, settings: &Settings) -> (usize, Option<Vec<u8>>) {
        let js = JournalSettings::from(settings);
        if let Some(n) = self.settings.iter().position(|s| *s == js) {
            return (n, None);
        }
        let n = self.settings.len();
        let line = Line::Settings {
            settings: n,
            value: Box::new(js.clone()),
        };
        self.settings.push(js);
        (n, Some(to_line(&line)))
    }

    /// Forgets what a replaced journal file defined.
    pub fn clear(&mut self) {
        self.settings.clear();
    }
}

fn to_line(line: &Line) -> Vec<u8> {
    // Serialising plain strings and numbers cannot fail.
    let mut v = serde_json::to_vec(line).unwrap_or_default();
    v.push(b'\n');
    v
}

/// Whether the core treats `path_and_query` as an ARM route. Conservative: a first segment
/// that is percent-encoded counts as ARM, so the full request is kept.
pub(crate) fn is_arm(path_and_query: &str) -> bool {
    let path = path_and_query.split('?').next().unwrap_or_default();
    let first = path.split('/').find(|s| !s.is_empty()).unwrap_or_default();
    first.contains('%')
        || ["subscriptions", "tenants", "providers"]
            .iter()
            .any(|a| first.eq_ignore_ascii_case(a))
}

/// Headers kept in an ARM record: not the bearer token nor anything that looks like a secret.
fn keep_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    !(n == "authorization"
        || n == "cookie"
        || n == "x-identity-header"
        || n.contains("secret")
        || n.contains("token"))
}

/// The record line of `req`, handled at `counter` with settings number `s` at `now`, answered
/// with `resp`; `entra` is `State::entra` when the (non-ARM) request changed it.
pub fn record_line(
    counter: u64,
    s: usize,
    now: SystemTime,
    req: &Request,
    resp: &Response,
    entra: Option<&core::EntraState>,
) -> Vec<u8> {
    let since = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    let mut r = Record {
        c: counter,
        s,
        t: (since.as_secs(), since.subsec_nanos()),
        m: None,
        p: None,
        h: Vec::new(),
        b: None,
        b64: None,
        auth: None,
        e: entra.map(|e| Box::new(e.clone())),
    };
    if is_arm(&req.path_and_query) {
        r.m = Some(req.method.clone());
        r.p = Some(req.path_and_query.clone());
        r.h = req
            .headers
            .iter()
            .filter(|(k, _)| keep_header(k))
            .cloned()
            .collect();
        if !req.body.is_empty() {
            match std::str::from_utf8(&req.body) {
                Ok(text) => r.b = Some(text.to_owned()),
                Err(_) => {
                    r.b64 = Some(base64::engine::general_purpose::STANDARD.encode(&req.body));
                }
            }
        }
        // The core checks the bearer token before anything else on ARM routes, and only that
        // check answers 401.
        r.auth = Some(if resp.status == 401 { "denied" } else { "ok" }.to_owned());
    }
    to_line(&Line::Request(r))
}

/// Applies the complete lines of `bytes` to `state`, learning settings into `catalog`.
/// Returns how many bytes were consumed: a torn last line (no newline; a writer died
/// mid-append) is left unconsumed for the caller to cut off.
pub fn replay(
    state: &mut State,
    catalog: &mut Catalog,
    bytes: &[u8],
) -> Result<usize, ReplayError> {
    let mut consumed = 0;
    for (i, chunk) in bytes.split_inclusive(|b| *b == b'\n').enumerate() {
        if chunk.last() != Some(&b'\n') {
            break;
        }
        let line = serde_json::from_slice::<Line>(chunk).map_err(|source| ReplayError::Parse {
            line: i + 1,
            source,
        })?;
        match line {
            Line::Settings { settings, value } => {
                if settings == catalog.settings.len() {
                    catalog.settings.push(*value);
                } else if catalog.settings.get(settings) != Some(&*value) {
                    return Err(ReplayError::Settings {
                        line: i + 1,
                        settings,
                    });
                }
            }
            Line::Request(r) => apply(state, catalog, r, i + 1)?,
        }
        consumed += chunk.len();
    }
    Ok(consumed)
}

fn apply(state: &mut State, catalog: &Catalog, r: Record, line: usize) -> Result<(), ReplayError> {
    if r.c < state.counter {
        // Already part of the snapshot this journal is replayed over.
        return Ok(());
    }
    if r.c > state.counter {
        return Err(ReplayError::Gap {
            line,
            found: r.c,
            expected: state.counter,
        });
    }
    let mut settings = catalog
        .settings
        .get(r.s)
        .ok_or(ReplayError::Settings {
            line,
            settings: r.s,
        })?
        .to_settings();
    let now = SystemTime::UNIX_EPOCH + Duration::new(r.t.0, r.t.1);
    let req = match (r.m, r.p) {
        (Some(method), Some(path_and_query)) => {
            let mut headers = r.h;
            if r.auth.as_deref() == Some("ok") {
                settings.verify_tokens = false;
                headers.push(("authorization".to_owned(), "Bearer journal".to_owned()));
            }
            let body = match (r.b, r.b64) {
                (Some(text), _) => text.into_bytes(),
                (None, Some(b64)) => base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .unwrap_or_default(),
                (None, None) => Vec::new(),
            };
            Request {
                method,
                path_and_query,
                headers,
                body,
            }
        }
        // A route that never changes the state: a no-op request at the same time.
        _ => Request {
            method: "GET".to_owned(),
            path_and_query: "/".to_owned(),
            ..Request::default()
        },
    };
    let _ = core::handle(state, &settings, now, &req);
    if let Some(e) = r.e {
        state.entra = *e;
    }
    Ok(())
}

/// A value for tests and tools: the state a journal leads to from `state`.
pub fn replayed(mut state: State, bytes: &[u8]) -> Result<State, ReplayError> {
    replay(&mut state, &mut Catalog::default(), bytes)?;
    Ok(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings::new("https://127.0.0.1:1")
    }

    fn put_group(name: &str, bearer: &str) -> Request {
        Request {
            method: "PUT".into(),
            path_and_query: format!(
                "/subscriptions/{}/resourcegroups/{name}?api-version=2024-11-01",
                settings().subscription_id
            ),
            headers: vec![
                ("authorization".into(), bearer.into()),
                ("content-type".into(), "application/json".into()),
            ],
            body: br#"{"location":"westus2"}"#.to_vec(),
        }
    }

    /// Handles `reqs` live while journaling them, replays the journal over an empty state and
    /// checks both states serialise identically.
    fn live_and_replayed(reqs: &[Request]) -> (State, State, Vec<u8>) {
        let s = settings();
        let now = SystemTime::now();
        let mut live = State::default();
        let mut catalog = Catalog::default();
        let mut journal = Vec::new();
        for req in reqs {
            let (n, def) = catalog.settings_line(&s);
            journal.extend(def.unwrap_or_default());
            let c = live.counter;
            let resp = core::handle(&mut live, &s, now, req);
            journal.extend(record_line(c, n, now, req, &resp, None));
        }
        let replayed = replayed(State::default(), &journal).expect("replay");
        (live, replayed, journal)
    }

    #[test]
    fn replay_reproduces_the_live_state_without_keeping_credentials() {
        let token = core::arm_token(&settings(), SystemTime::now());
        let token_req = Request {
            method: "POST".into(),
            path_and_query: "/t/oauth2/v2.0/token".into(),
            headers: vec![],
            body: b"client_secret=S3CR3T-VALUE".to_vec(),
        };
        let reqs = [
            put_group("kept", &format!("Bearer {token}")),
            token_req,
            put_group("refused", "Bearer not-a-token"),
            put_group("other", &format!("Bearer {token}")),
        ];
        let (live, replayed, journal) = live_and_replayed(&reqs);
        assert_eq!(
            serde_json::to_string(&live).expect("live"),
            serde_json::to_string(&replayed).expect("replayed")
        );
        assert!(replayed.groups.contains_key("kept") && !replayed.groups.contains_key("refused"));
        let text = String::from_utf8(journal).expect("utf8");
        assert!(!text.contains(&token), "bearer token journaled");
        assert!(!text.contains("S3CR3T-VALUE"), "client secret journaled");
    }

    #[test]
    fn torn_last_line_is_left_and_old_records_are_skipped() {
        let token = core::arm_token(&settings(), SystemTime::now());
        let (live, _, journal) = live_and_replayed(&[put_group("a", &format!("Bearer {token}"))]);
        let mut torn = journal.clone();
        torn.extend_from_slice(b"{\"c\": 9, \"s\"");
        let mut state = State::default();
        let used = replay(&mut state, &mut Catalog::default(), &torn).expect("replay");
        assert_eq!(used, journal.len());
        // Replaying over a state that already holds the record changes nothing.
        let again = replayed(live.clone(), &journal).expect("replay over newer snapshot");
        assert_eq!(again.counter, live.counter);
    }

    #[test]
    fn a_gap_is_an_error() {
        let token = core::arm_token(&settings(), SystemTime::now());
        let (_, _, journal) = live_and_replayed(&[put_group("a", &format!("Bearer {token}"))]);
        let text = String::from_utf8(journal)
            .expect("utf8")
            .replace("\"c\":0", "\"c\":5");
        assert!(matches!(
            replayed(State::default(), text.as_bytes()),
            Err(ReplayError::Gap { .. })
        ));
    }
}
