//! The request methods commands call on [`ArmClient`]: `GET`/`HEAD`/`PUT`/`POST` of a typed
//! path, and lists that follow `nextLink` page by page. Each builds a pure [`ArmRequest`] and
//! hands it to [`ArmClient::send`]; retries, tokens and provider registration happen there.
//! Long-running operations are `lro.rs`'s.

use super::client::ArmClient;
use super::error::ArmError;
use super::path::ArmPath;
use super::request::ArmRequest;
use serde_json::Value;

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

    /// `GET /subscriptions` (all pages), as `login` needs it.
    pub async fn list_subscriptions(&self) -> Result<Vec<Value>, ArmError> {
        self.list_all(&ArmPath::subscriptions(), super::api::SUBSCRIPTIONS)
            .await
    }
}
