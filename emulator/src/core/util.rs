//! Plumbing shared by every route of the emulator core: the parsed request (`Ctx`), JSON and
//! error responses in ARM's envelope, deterministic GUIDs/hashes, time formatting and `nextLink`
//! paging. Nothing here knows about a particular resource type.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Request, Response, Settings, catalog};

/// One request, parsed once: path segments (percent-decoded, original casing), their lowercase
/// twins for matching, and the decoded query pairs.
pub(crate) struct Ctx<'a> {
    pub settings: &'a Settings,
    pub req: &'a Request,
    pub now: OffsetDateTime,
    pub now_sys: std::time::SystemTime,
    pub method: String,
    pub path: String,
    pub segs: Vec<String>,
    pub lower: Vec<String>,
    pub query: Vec<(String, String)>,
    /// The request id of this exchange (also used as correlation id when none was sent).
    pub request_id: String,
}

impl<'a> Ctx<'a> {
    pub fn new(
        settings: &'a Settings,
        req: &'a Request,
        now_sys: std::time::SystemTime,
        request_id: String,
    ) -> Self {
        let now = OffsetDateTime::from(now_sys);
        let (path, query_str) = match req.path_and_query.split_once('?') {
            Some((p, q)) => (p.to_string(), q.to_string()),
            None => (req.path_and_query.clone(), String::new()),
        };
        let segs: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(decode_segment)
            .collect();
        let lower = segs.iter().map(|s| s.to_ascii_lowercase()).collect();
        let query = url::form_urlencoded::parse(query_str.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Ctx {
            settings,
            req,
            now,
            now_sys,
            method: req.method.to_ascii_uppercase(),
            path,
            segs,
            lower,
            query,
            request_id,
        }
    }

    /// A query parameter, key matched case-insensitively (ARM treats them so).
    pub fn q(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// A request header, name matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.req
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The settings' origin without a trailing slash.
    pub fn base(&self) -> &str {
        self.settings.base_url.trim_end_matches('/')
    }

    pub fn now_iso(&self) -> String {
        iso(self.now)
    }
}

/// One path segment, percent-decoded exactly once (`%2F` stays inside the name, as ARM keeps
/// it). Path rules, not form rules: `+`, `&` and `=` are literal characters of the segment.
/// Invalid UTF-8 after decoding becomes U+FFFD, so it can only fail name validation.
pub(crate) fn decode_segment(seg: &str) -> String {
    let b = seg.as_bytes();
    let hex = |c: u8| char::from(c).to_digit(16);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let pair = (b[i] == b'%')
            .then(|| Some((hex(*b.get(i + 1)?)?, hex(*b.get(i + 2)?)?)))
            .flatten();
        match pair {
            Some((hi, lo)) => {
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
                i += 3;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A failed request: status + ARM error envelope (+ extra headers).
#[derive(Debug, Clone)]
pub(crate) struct Fail {
    pub status: u16,
    pub code: String,
    pub message: String,
    /// Rarely used parts, boxed to keep `Result<_, Fail>` small.
    pub extra: Box<FailExtra>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct FailExtra {
    pub target: Option<String>,
    pub details: Option<Value>,
    pub headers: Vec<(String, String)>,
    /// A body that replaces ARM's envelope (identity endpoints answer in their own shapes).
    pub raw: Option<Value>,
}

impl Fail {
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        Fail {
            status,
            code: code.to_string(),
            message: message.into(),
            extra: Box::default(),
        }
    }

    /// A failure answered with `body` verbatim instead of ARM's envelope.
    pub fn raw(status: u16, body: Value) -> Self {
        let mut f = Fail::new(status, "", "");
        f.extra.raw = Some(body);
        f
    }

    pub fn target(mut self, target: &str) -> Self {
        self.extra.target = Some(target.to_string());
        self
    }

    pub fn details(mut self, details: Value) -> Self {
        self.extra.details = Some(details);
        self
    }

    pub fn header(mut self, name: &str, value: String) -> Self {
        self.extra.headers.push((name.to_string(), value));
        self
    }

    pub fn gateway(self) -> Self {
        self.header("x-ms-failure-cause", "gateway".into())
    }

    pub fn body(&self) -> Value {
        let mut err = serde_json::Map::new();
        err.insert("code".into(), json!(self.code));
        err.insert("message".into(), json!(self.message));
        if let Some(t) = &self.extra.target {
            err.insert("target".into(), json!(t));
        }
        if let Some(d) = &self.extra.details {
            err.insert("details".into(), d.clone());
        }
        json!({ "error": Value::Object(err) })
    }

    pub fn into_response(self) -> Response {
        let body = self.extra.raw.clone().unwrap_or_else(|| self.body());
        let mut resp = json_response(self.status, &body);
        resp.headers.extend(self.extra.headers);
        resp
    }
}

pub(crate) type Outcome = Result<Response, Fail>;

pub(crate) fn json_response(status: u16, body: &Value) -> Response {
    Response {
        status,
        headers: vec![(
            "Content-Type".into(),
            "application/json; charset=utf-8".into(),
        )],
        body: serde_json::to_vec(body).unwrap_or_default(),
    }
}

pub(crate) fn ok(body: &Value) -> Outcome {
    Ok(json_response(200, body))
}

pub(crate) fn empty(status: u16) -> Response {
    Response {
        status,
        headers: Vec::new(),
        body: Vec::new(),
    }
}

/// UTC timestamp as ARM and AKS print them (.NET round-trip form): seconds with up to seven
/// fractional digits (100 ns ticks), trailing zeros dropped, `Z` suffix, e.g.
/// `2024-07-22T07:48:44.5323715Z` or `2024-07-22T07:52:49.836118Z`.
pub(crate) fn iso(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    let whole = t.replace_nanosecond(0).unwrap_or(t);
    let mut out = whole.format(&Rfc3339).unwrap_or_default();
    let ticks = format!("{:07}", t.nanosecond() / 100);
    let ticks = ticks.trim_end_matches('0');
    if !ticks.is_empty() && out.ends_with('Z') {
        out.pop();
        out.push('.');
        out.push_str(ticks);
        out.push('Z');
    }
    out
}

pub(crate) fn sha(parts: &[&str]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    h.finalize().into()
}

/// Lowercase hex of the first `n` bytes of the hash of `parts`.
pub(crate) fn hex(parts: &[&str], n: usize) -> String {
    sha(parts)[..n].iter().map(|b| format!("{b:02x}")).collect()
}

/// A GUID derived from `parts` (name-based, version nibble 5): stable across runs.
pub(crate) fn guid(parts: &[&str]) -> String {
    let mut b = sha(parts);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b[..16].iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// One page of `items` starting at the request's `$skiptoken`, with a `nextLink` built from
/// `link_base` (an absolute URL that already carries `api-version` and any filter).
pub(crate) fn page(ctx: &Ctx, items: Vec<Value>, link_base: &str, trailing_empty: bool) -> Value {
    let size = ctx.settings.page_size;
    page_of(
        ctx,
        items.into_iter(),
        |v| v,
        link_base,
        trailing_empty,
        size,
    )
}

/// One page of the resources in `map` (keyed `rg/name`, lowercase) that live in group `rg`, or
/// of all of them: the list answer of every group-scoped resource type (identities, virtual
/// networks, registries). Checking that the group exists is the caller's.
pub(crate) fn page_in_group(
    ctx: &Ctx,
    map: &std::collections::BTreeMap<String, Value>,
    rg: Option<&str>,
) -> Value {
    let prefix = rg
        .map(|rg| format!("{}/", rg.to_ascii_lowercase()))
        .unwrap_or_default();
    let items = map
        .iter()
        .filter(|(k, _)| k.starts_with(&prefix))
        .map(|(_, v)| v);
    page_of(
        ctx,
        items,
        Value::clone,
        &list_link(ctx),
        false,
        ctx.settings.page_size,
    )
}

/// [`page`] over an iterator, with its own page size (0 = one page), whose items are rendered only when they fall on the page, and
/// which is walked only up to the item after the page (to know whether a `nextLink` is due):
/// a page of a 10,000-entry list costs the rendering of one page, not of every entry, so
/// listing everything page by page stays cheap (issue 12, goal 5).
pub(crate) fn page_of<T>(
    ctx: &Ctx,
    items: impl Iterator<Item = T>,
    render: impl FnMut(T) -> Value,
    link_base: &str,
    trailing_empty: bool,
    page_size: usize,
) -> Value {
    let skip: usize = ctx
        .q("$skiptoken")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let size = if page_size == 0 {
        usize::MAX
    } else {
        page_size
    };
    let mut rest = items.skip(skip);
    let slice: Vec<Value> = rest.by_ref().take(size).map(render).collect();
    // Items after this page: `skip + slice.len() < total`, without counting them all.
    let more = rest.next().is_some();
    let end = skip.saturating_add(slice.len());
    let mut out = serde_json::Map::new();
    let has_items = !slice.is_empty();
    out.insert("value".into(), Value::Array(slice));
    if more || (trailing_empty && has_items) {
        out.insert(
            "nextLink".into(),
            json!(format!("{link_base}&$skiptoken={end}")),
        );
    }
    Value::Object(out)
}

/// Percent-encodes a query value.
pub(crate) fn enc(v: &str) -> String {
    url::form_urlencoded::byte_serialize(v.as_bytes()).collect()
}

/// Normalises a location the way ARM does: lowercase, spaces removed.
pub(crate) fn norm_location(loc: &str) -> String {
    loc.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The body's `location`, normalised; 400 `LocationRequired` when it is missing or empty.
pub(crate) fn body_location(body: &Value) -> Result<String, Fail> {
    let Some(loc) = body["location"].as_str().filter(|l| !l.is_empty()) else {
        return Err(Fail::new(
            400,
            "LocationRequired",
            "The location property is required for this definition.",
        ));
    };
    Ok(norm_location(loc))
}

/// 400 `LocationNotAvailableForResourceType` unless `loc` (normalised) is one of the regions.
pub(crate) fn check_location_for_type(loc: &str, resource_type: &str) -> Result<(), Fail> {
    if catalog::location_known(loc) {
        return Ok(());
    }
    Err(Fail::new(
        400,
        "LocationNotAvailableForResourceType",
        format!(
            "The provided location '{loc}' is not available for resource type '{resource_type}'. List of available regions for the resource type is '{}'.",
            catalog::location_list()
        ),
    ))
}

/// 400 `MissingApiVersionParameter`, for ARM and the metadata endpoint alike.
pub(crate) fn missing_api_version() -> Fail {
    Fail::new(
        400,
        "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required for all requests.",
    )
}

/// The `nextLink` base of a list: this path with its `api-version`. Lists with filters build
/// their own (groups). The version has passed the allow-list, so encoding it changes nothing;
/// it is encoded anyway so the link stays a valid URL whatever the list accepts.
pub(crate) fn list_link(ctx: &Ctx) -> String {
    format!(
        "{}{}?api-version={}",
        ctx.base(),
        ctx.path,
        enc(ctx.q("api-version").unwrap_or_default())
    )
}

/// Parses a request body as a JSON object; `None` for an empty body.
pub(crate) fn body_json(ctx: &Ctx) -> Result<Option<Value>, Fail> {
    if ctx.req.body.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(None);
    }
    match serde_json::from_slice::<Value>(&ctx.req.body) {
        Ok(v @ Value::Object(_)) => Ok(Some(v)),
        Ok(_) => Err(Fail::new(
            400,
            "InvalidRequestContent",
            "The request content was invalid and could not be deserialized: 'expected a JSON object'.",
        )),
        Err(e) => Err(Fail::new(
            400,
            "InvalidRequestContent",
            format!("The request content was invalid and could not be deserialized: '{e}'."),
        )),
    }
}

/// `defaults` with every non-null field of `given` laid over it (objects merged one level).
pub(crate) fn overlay(defaults: Value, given: Option<&Value>) -> Value {
    let mut out = match defaults {
        Value::Object(m) => m,
        _ => serde_json::Map::new(),
    };
    if let Some(Value::Object(g)) = given {
        for (k, v) in g {
            if !v.is_null() {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {

    #[test]
    fn path_segments_are_decoded_once_with_path_rules() {
        // Regression: segments were decoded as form data, so a raw `&` cut the name short
        // (`my&rg` became `my`) and could address another group.
        for (raw, want) in [
            ("prod%23x", "prod#x"),
            ("x%2F..%2Fvictim", "x/../victim"),
            ("a%252Fb", "a%2Fb"),
            ("my%20rg", "my rg"),
            ("a+b", "a+b"),
            ("my&rg=1", "my&rg=1"),
            ("%E9%96%8B%E7%99%BA", "開発"),
            ("50%", "50%"),
            ("%zz%4", "%zz%4"),
        ] {
            assert_eq!(decode_segment(raw), want, "{raw}");
        }
    }

    use super::*;

    #[test]
    fn iso_uses_dotnet_ticks_without_trailing_zeros() {
        let t = OffsetDateTime::from_unix_timestamp_nanos(1_721_634_524_532_371_599)
            .expect("valid time");
        assert_eq!(iso(t), "2024-07-22T07:48:44.5323715Z");
        let t = OffsetDateTime::from_unix_timestamp_nanos(1_721_634_769_836_118_000)
            .expect("valid time");
        assert_eq!(iso(t), "2024-07-22T07:52:49.836118Z");
        let t = OffsetDateTime::from_unix_timestamp(1_721_634_769).expect("valid time");
        assert_eq!(iso(t), "2024-07-22T07:52:49Z");
    }
}
