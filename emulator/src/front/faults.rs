//! Deterministic, seeded fault injection in front of the core: 429 with `Retry-After`,
//! 500, 503, slow answers and dropped connections, either at a rate (a seeded coin per
//! request) or as a queue ("the next N requests matching this route").
//!
//! A fault is decided *before* the core sees the request, so a faulted PUT creates
//! nothing. `Slow` is the exception that proves the rule: it delays the request and then
//! lets the core answer it, like a congested gateway.
//!
//! Determinism: one [`Faults`] owns a SplitMix64 generator seeded from
//! [`FaultConfig::seed`] and draws exactly one number per request, so the same seed and the
//! same request sequence give the same faults on every machine and every `rand` version.
//!
//! Rule syntax (the `--fault` flag, [`FaultRule::parse`]):
//! `[METHOD ]PATTERN=KINDS(xCOUNT|@RATE)`, e.g. `PUT /subscriptions/*/resourcegroups=429x2`
//! or `/subscriptions=500,503@0.5`. PATTERN matches path segments from the start,
//! case-insensitively; `*` matches any one segment; a trailing `$` requires the whole path.
//! Rules are tried in order before the global rate; the first rule that fires wins.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::core::Response;

/// Response header naming the injected fault (`429`, `500`, `503`) on a faulted answer.
pub const INJECTED_FAULT_HEADER: &str = "x-azrs-injected-fault";

/// One kind of injected failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FaultKind {
    /// 429 with `Retry-After`.
    TooManyRequests,
    /// 500.
    InternalError,
    /// 503 with `Retry-After`.
    ServiceUnavailable,
    /// Wait [`FaultConfig::slow`] before the core answers.
    Slow,
    /// Close the connection without an answer (an I/O error in process).
    Drop,
}

impl FaultKind {
    /// Parses `429`, `500`, `503`, `slow` or `drop`.
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "429" => Ok(Self::TooManyRequests),
            "500" => Ok(Self::InternalError),
            "503" => Ok(Self::ServiceUnavailable),
            "slow" => Ok(Self::Slow),
            "drop" => Ok(Self::Drop),
            other => Err(format!(
                "unknown fault kind '{other}' (expected 429, 500, 503, slow or drop)"
            )),
        }
    }

    /// Parses a comma-separated list of kinds.
    pub fn parse_list(s: &str) -> Result<Vec<Self>, String> {
        let kinds = s
            .split(',')
            .filter(|k| !k.trim().is_empty())
            .map(Self::parse)
            .collect::<Result<Vec<_>, _>>()?;
        if kinds.is_empty() {
            return Err("empty fault kind list".to_owned());
        }
        Ok(kinds)
    }

    /// The name used in flags, logs and counts.
    pub fn name(self) -> &'static str {
        match self {
            Self::TooManyRequests => "429",
            Self::InternalError => "500",
            Self::ServiceUnavailable => "503",
            Self::Slow => "slow",
            Self::Drop => "drop",
        }
    }

    /// The canned answer for status faults; `None` for `Slow` and `Drop`.
    pub fn response(self, retry_after_secs: u32) -> Option<Response> {
        let (status, code, message) = match self {
            Self::TooManyRequests => (
                429,
                "TooManyRequests",
                "Injected fault: too many requests. Retry after the indicated time.",
            ),
            Self::InternalError => (
                500,
                "InternalServerError",
                "Injected fault: internal server error.",
            ),
            Self::ServiceUnavailable => (
                503,
                "ServiceUnavailable",
                "Injected fault: the service is unavailable.",
            ),
            Self::Slow | Self::Drop => return None,
        };
        let body = serde_json::json!({"error": {"code": code, "message": message}});
        let mut headers = vec![
            (
                "content-type".to_owned(),
                "application/json; charset=utf-8".to_owned(),
            ),
            ("x-ms-failure-cause".to_owned(), "gateway".to_owned()),
            // Lets tests and logs tell an injected failure from one the core chose.
            (INJECTED_FAULT_HEADER.to_owned(), self.name().to_owned()),
        ];
        if matches!(self, Self::TooManyRequests | Self::ServiceUnavailable) {
            headers.push(("retry-after".to_owned(), retry_after_secs.to_string()));
        }
        Some(Response {
            status,
            headers,
            body: serde_json::to_vec(&body).unwrap_or_default(),
        })
    }
}

/// A method (optional) and a path pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Upper-case method, or `None` for any.
    pub method: Option<String>,
    /// Lower-case pattern segments; `*` matches one segment.
    segments: Vec<String>,
    /// Whether the pattern must cover the whole path (trailing `$`).
    exact: bool,
}

impl Route {
    /// Parses `[METHOD ]PATTERN`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (method, pattern) = match s.split_once(' ') {
            Some((m, p)) => (Some(m.trim().to_ascii_uppercase()), p.trim()),
            None => (None, s),
        };
        if !pattern.starts_with('/') {
            return Err(format!("route pattern '{pattern}' must start with '/'"));
        }
        let (pattern, exact) = match pattern.strip_suffix('$') {
            Some(p) => (p, true),
            None => (pattern, false),
        };
        Ok(Self {
            method,
            segments: split_path(pattern),
            exact,
        })
    }

    /// Whether a request with `method` and `path` (query ignored) matches.
    pub fn matches(&self, method: &str, path: &str) -> bool {
        if let Some(m) = &self.method
            && !m.eq_ignore_ascii_case(method)
        {
            return false;
        }
        let path = path
            .split('?')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let segs = split_path(&path);
        if segs.len() < self.segments.len() || (self.exact && segs.len() != self.segments.len()) {
            return false;
        }
        self.segments
            .iter()
            .zip(&segs)
            .all(|(p, s)| p == "*" || p == s)
    }
}

fn split_path(p: &str) -> Vec<String> {
    p.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// How often a rule fires.
#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    /// The next `n` matching requests.
    Next(u32),
    /// Each matching request with this probability (0..=1).
    Rate(f64),
}

/// A per-route fault rule.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    pub route: Route,
    /// Kinds to choose from (seeded, uniformly).
    pub kinds: Vec<FaultKind>,
    pub trigger: Trigger,
}

impl FaultRule {
    /// Parses `[METHOD ]PATTERN=KINDS(xCOUNT|@RATE)`; see the module docs.
    pub fn parse(s: &str) -> Result<Self, String> {
        let (route, spec) = s.rsplit_once('=').ok_or_else(|| {
            format!("fault rule '{s}' must look like 'ROUTE=KINDSxN' or 'ROUTE=KINDS@RATE'")
        })?;
        let route = Route::parse(route)?;
        let (kinds, trigger) = if let Some((k, n)) = spec.split_once('x') {
            let n = n
                .trim()
                .parse::<u32>()
                .map_err(|_| format!("bad count in fault rule '{s}'"))?;
            (k, Trigger::Next(n))
        } else if let Some((k, r)) = spec.split_once('@') {
            (k, Trigger::Rate(parse_rate(r)?))
        } else {
            (spec, Trigger::Next(1))
        };
        Ok(Self {
            route,
            kinds: FaultKind::parse_list(kinds)?,
            trigger,
        })
    }
}

/// Parses a probability in `0..=1`.
pub fn parse_rate(s: &str) -> Result<f64, String> {
    let r: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("fault rate '{s}' is not a number"))?;
    if !(0.0..=1.0).contains(&r) {
        return Err(format!("fault rate {r} is outside 0..1"));
    }
    Ok(r)
}

/// The whole fault configuration of one front end.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultConfig {
    pub seed: u64,
    /// Probability that any request (not caught by a rule) is faulted.
    pub rate: f64,
    /// Kinds the global rate chooses from.
    pub kinds: Vec<FaultKind>,
    pub rules: Vec<FaultRule>,
    /// `Retry-After` seconds on injected 429/503.
    pub retry_after_secs: u32,
    /// Delay of a `Slow` fault.
    pub slow: Duration,
}

impl Default for FaultConfig {
    /// No faults.
    fn default() -> Self {
        Self {
            seed: 0,
            rate: 0.0,
            kinds: vec![
                FaultKind::TooManyRequests,
                FaultKind::InternalError,
                FaultKind::ServiceUnavailable,
            ],
            rules: Vec::new(),
            retry_after_secs: 1,
            slow: Duration::from_millis(1500),
        }
    }
}

/// How many faults of each kind were injected.
pub type FaultCounts = BTreeMap<FaultKind, u64>;

/// The stateful injector: the seeded generator, the remaining queue counts, the tallies.
#[derive(Debug, Clone)]
pub struct Faults {
    config: FaultConfig,
    rng: SplitMix64,
    remaining: Vec<u32>,
    counts: FaultCounts,
}

impl Faults {
    pub fn new(config: FaultConfig) -> Self {
        let remaining = config
            .rules
            .iter()
            .map(|r| match r.trigger {
                Trigger::Next(n) => n,
                Trigger::Rate(_) => 0,
            })
            .collect();
        Self {
            rng: SplitMix64(config.seed),
            config,
            remaining,
            counts: FaultCounts::new(),
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &FaultConfig {
        &self.config
    }

    /// Decides the fault (if any) for one request; call exactly once per request.
    pub fn decide(&mut self, method: &str, path: &str) -> Option<FaultKind> {
        // One draw per request whatever happens, so decisions depend only on the seed and
        // the request sequence, not on which rules exist.
        let coin = self.rng.next_f64();
        let pick = self.rng.next_u64();
        let mut chosen = None;
        for (i, rule) in self.config.rules.iter().enumerate() {
            if !rule.route.matches(method, path) {
                continue;
            }
            let fires = match rule.trigger {
                Trigger::Next(_) if self.remaining[i] > 0 => {
                    self.remaining[i] -= 1;
                    true
                }
                Trigger::Next(_) => false,
                Trigger::Rate(r) => coin < r,
            };
            if fires {
                chosen = Some(choose(&rule.kinds, pick));
                break;
            }
        }
        if chosen.is_none() && coin < self.config.rate {
            chosen = Some(choose(&self.config.kinds, pick));
        }
        if let Some(kind) = chosen {
            *self.counts.entry(kind).or_default() += 1;
        }
        chosen
    }

    /// Faults injected so far, by kind.
    pub fn counts(&self) -> FaultCounts {
        self.counts.clone()
    }
}

fn choose(kinds: &[FaultKind], pick: u64) -> FaultKind {
    let len = u64::try_from(kinds.len()).unwrap_or(1).max(1);
    let idx = usize::try_from(pick % len).unwrap_or(0);
    kinds.get(idx).copied().unwrap_or(FaultKind::InternalError)
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and fixed forever, unlike `StdRng`,
/// whose algorithm may change between `rand` versions.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)` from the top 53 bits.
    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sequence(seed: u64, n: usize) -> Vec<Option<FaultKind>> {
        let mut f = Faults::new(FaultConfig {
            seed,
            rate: 0.3,
            ..FaultConfig::default()
        });
        (0..n).map(|_| f.decide("GET", "/subscriptions")).collect()
    }

    #[test]
    fn same_seed_same_faults_other_seed_other_faults() {
        assert_eq!(sequence(7, 500), sequence(7, 500));
        assert_ne!(sequence(7, 500), sequence(8, 500));
    }

    #[test]
    fn rate_is_roughly_honoured() {
        let hits = sequence(42, 10_000).iter().flatten().count();
        assert!((2700..3300).contains(&hits), "{hits}");
    }

    #[test]
    fn queued_rule_hits_next_n_matching_only() {
        let rule = FaultRule::parse("PUT /subscriptions/*/resourcegroups=429x2").expect("rule");
        let mut f = Faults::new(FaultConfig {
            rules: vec![rule],
            ..FaultConfig::default()
        });
        assert_eq!(f.decide("GET", "/subscriptions/s/resourcegroups/g"), None);
        let put = "/subscriptions/S/resourceGroups/g?api-version=2024-11-01";
        assert_eq!(f.decide("put", put), Some(FaultKind::TooManyRequests));
        assert_eq!(f.decide("PUT", put), Some(FaultKind::TooManyRequests));
        assert_eq!(f.decide("PUT", put), None);
        assert_eq!(f.counts().get(&FaultKind::TooManyRequests), Some(&2));
    }

    #[test]
    fn exact_routes_and_parse_errors() {
        let r = Route::parse("/subscriptions$").expect("route");
        assert!(r.matches("GET", "/subscriptions?api-version=1"));
        assert!(!r.matches("GET", "/subscriptions/x"));
        assert!(FaultRule::parse("/x=404x1").is_err());
        assert!(FaultRule::parse("x=429x1").is_err());
        assert!(FaultRule::parse("/x=429@1.5").is_err());
        assert_eq!(
            FaultRule::parse("/x=500,drop@0.5").expect("rule").kinds,
            vec![FaultKind::InternalError, FaultKind::Drop]
        );
    }

    #[test]
    fn status_faults_carry_retry_after() {
        let r = FaultKind::TooManyRequests.response(0).expect("429");
        assert_eq!(r.status, 429);
        assert!(
            r.headers
                .contains(&("retry-after".to_owned(), "0".to_owned()))
        );
        assert!(FaultKind::Drop.response(1).is_none());
    }
}
