//! The request methods commands call on [`ArmClient`]: `GET`/`HEAD`/`PUT`/`POST` of a typed
//! path, and lists that follow `nextLink` page by page. Each builds a pure [`ArmRequest`] and
//! hands it to [`ArmClient::send`]; retries, tokens and provider registration happen there.
//! Long-running operations are `lro.rs`'s.

use super::client::ArmClient;
use super::error::ArmError;
use super::path::ArmPath;
use super::request::ArmRequest;
use super::response::ArmResponse;
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

impl ArmClient {
    /// `GET path` → body.
    pub async fn get(&self, path: &ArmPath, api_version: &str) -> Result<Value, ArmError> {
        self.send(&ArmRequest::get(path, api_version)).await?.json()
    }

    /// `HEAD path`: 204/2xx → true, 404 → false, anything else → error.
    pub async fn head_exists(&self, path: &ArmPath, api_version: &str) -> Result<bool, ArmError> {
        let resp = self.send_raw(&ArmRequest::head(path, api_version)).await?;
        match resp.status {
            404 => Ok(false),
            s if (200..300).contains(&s) => Ok(true),
            _ => Err(resp.to_error()),
        }
    }

    /// Synchronous `PUT path` (e.g. resource groups) → body.
    pub async fn put(
        &self,
        path: &ArmPath,
        api_version: &str,
        body: Value,
    ) -> Result<Value, ArmError> {
        self.send(&ArmRequest::put(path, api_version, body))
            .await?
            .json()
    }

    /// `POST path` with an optional body → body (`Null` when empty).
    pub async fn post(
        &self,
        path: &ArmPath,
        api_version: &str,
        body: Option<Value>,
    ) -> Result<Value, ArmError> {
        self.send(&ArmRequest::post(path, api_version, body))
            .await?
            .json()
    }

    /// Every item of a paged list: `value[]` of each page, following `nextLink` verbatim.
    pub async fn list_all(
        &self,
        path: &ArmPath,
        api_version: &str,
    ) -> Result<Vec<Value>, ArmError> {
        self.list_all_request(ArmRequest::get(path, api_version))
            .await
    }

    /// [`Self::list_all`] for a prepared request (extra query parameters such as `$filter`).
    pub async fn list_all_request(&self, first: ArmRequest) -> Result<Vec<Value>, ArmError> {
        let mut items = Vec::new();
        let mut req = first;
        let mut pages = 0usize;
        loop {
            let mut page = self.send(&req).await?.json()?;
            pages += 1;
            // Moved out of the page, not cloned: a 10,000-item list would otherwise hold every
            // item twice until the page is dropped.
            match page.get_mut("value").map(Value::take) {
                Some(Value::Array(a)) => items.extend(a),
                Some(Value::Null) | None => {}
                Some(_) => {
                    return Err(ArmError::InvalidResponse(
                        "list response 'value' is not an array".into(),
                    ));
                }
            }
            match page.get("nextLink").and_then(Value::as_str) {
                Some(next) if !next.is_empty() => {
                    if pages >= 10_000 {
                        return Err(ArmError::InvalidResponse("too many nextLink pages".into()));
                    }
                    req = ArmRequest::get_absolute(next);
                }
                _ => return Ok(items),
            }
        }
    }

    /// [`Self::list_all_request`] keeping each item as its JSON text, for lists long enough
    /// that a parsed tree would cost several times the bytes received (`group list` over
    /// 10,000 groups): the renderer parses one item at a time. Each page's body is dropped
    /// once its items are copied out. Same requests, items and errors as
    /// [`Self::list_all_request`].
    pub async fn list_all_raw(&self, first: ArmRequest) -> Result<Vec<Box<RawValue>>, ArmError> {
        let mut items = Vec::new();
        let mut req = first;
        let mut pages = 0usize;
        loop {
            let resp = self.send(&req).await?;
            pages += 1;
            let next = read_page(&resp, &mut items)?;
            match next {
                Some(next) if !next.is_empty() => {
                    if pages >= 10_000 {
                        return Err(ArmError::InvalidResponse("too many nextLink pages".into()));
                    }
                    req = ArmRequest::get_absolute(&next);
                }
                _ => return Ok(items),
            }
        }
    }

    /// `GET /subscriptions` (all pages), as `login` needs it.
    pub async fn list_subscriptions(&self) -> Result<Vec<Value>, ArmError> {
        self.list_all(&ArmPath::subscriptions(), super::api::SUBSCRIPTIONS)
            .await
    }
}

/// The two keys of a list page [`ArmClient::list_all_raw`] reads; the items stay unparsed.
#[derive(Deserialize)]
struct RawPage<'a> {
    #[serde(borrow)]
    value: Option<&'a RawValue>,
    #[serde(rename = "nextLink")]
    next_link: Option<Value>,
}

/// serde_json's nesting limit (127 open brackets) less the page object and its `value` array.
const MAX_ITEM_DEPTH: usize = 125;

/// Appends a page's items (as text) to `items` and returns its `nextLink`, exactly as
/// [`ArmClient::list_all_request`] reads a page. The typed read takes only the two keys; what
/// it cannot take the way the tree read does (invalid JSON, a body that is not an object, a
/// duplicate key, an item nested past the parser's limit) is read as a tree instead, so the
/// result or error is the tree read's.
fn read_page(
    resp: &ArmResponse,
    items: &mut Vec<Box<RawValue>>,
) -> Result<Option<String>, ArmError> {
    let not_array = || ArmError::InvalidResponse("list response 'value' is not an array".into());
    if let Ok(page) = serde_json::from_slice::<RawPage<'_>>(&resp.body) {
        let page_items = match page.value {
            Some(v) => serde_json::from_str::<Option<Vec<&RawValue>>>(v.get())
                .map_err(|_| not_array())?
                .unwrap_or_default(),
            None => Vec::new(),
        };
        if page_items
            .iter()
            .all(|i| nesting_depth(i.get()) <= MAX_ITEM_DEPTH)
        {
            items.extend(page_items.into_iter().map(RawValue::to_owned));
            return Ok(page
                .next_link
                .as_ref()
                .and_then(Value::as_str)
                .map(str::to_owned));
        }
    }
    let mut page = resp.json()?;
    match page.get_mut("value").map(Value::take) {
        Some(Value::Array(a)) => {
            for item in a {
                items.push(serde_json::value::to_raw_value(&item).map_err(|e| {
                    ArmError::InvalidResponse(format!("list item not re-encodable: {e}"))
                })?);
            }
        }
        Some(Value::Null) | None => {}
        Some(_) => return Err(not_array()),
    }
    Ok(page
        .get("nextLink")
        .and_then(Value::as_str)
        .map(str::to_owned))
}

/// How deeply `{`/`[` nest in a JSON text (strings skipped).
fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}
