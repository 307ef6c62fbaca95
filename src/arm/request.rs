//! Pure request construction: (typed path or URL, api-version, body) → `azure_core` `Request`.
//!
//! Nothing here does I/O, so every header and URL az would send is unit-tested without a server.
//! Paths are [`ArmPath`]s relative to the cloud's resource-manager endpoint, their segments
//! already encoded (`path.rs`); query values are form-encoded here (`%24filter=a+eq+%27b%27`,
//! as az's resources SDK sends them through `requests`). Absolute URLs (LRO status URLs,
//! `nextLink`s) are followed verbatim and never get another api-version.

use super::error::ArmError;
use super::path::{ArmPath, quote};
use azure_core::http::{Method, Request, Url};
use serde_json::Value;

/// Per-command headers az sends on every request of one invocation (`commands.md` §0.2).
#[derive(Debug, Clone)]
pub struct CommandHeaders {
    /// `x-ms-client-request-id`: one UUID for the whole command.
    pub client_request_id: String,
    /// `CommandName`, e.g. `aks create`.
    pub command_name: Option<String>,
    /// `ParameterSetName`, the option spellings typed, e.g. `-g -n --enable-managed-identity`.
    pub parameter_set_name: Option<String>,
}

impl CommandHeaders {
    /// Headers for one command invocation, with a fresh request id.
    pub fn new(command_name: Option<&str>, parameter_set_name: Option<&str>) -> Self {
        Self {
            client_request_id: uuid::Uuid::new_v4().to_string(),
            command_name: command_name.map(str::to_owned),
            parameter_set_name: parameter_set_name.map(str::to_owned),
        }
    }
}

impl Default for CommandHeaders {
    fn default() -> Self {
        Self::new(None, None)
    }
}

/// Where a request goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A path below the ARM endpoint plus its api-version and extra query parameters.
    Path {
        /// `/subscriptions/…`, segments encoded.
        path: ArmPath,
        /// The `api-version` query value.
        api_version: String,
        /// Additional query parameters, in order (`$filter`, `$expand`, …); keys are fixed
        /// text, values are encoded when the URL is built.
        query: Vec<(&'static str, String)>,
        /// Whether `api-version` comes before the other parameters (each SDK fills its
        /// parameter dict in its own order: resources/features last, AKS/authorization first).
        api_version_first: bool,
    },
    /// An absolute URL taken verbatim from a response header or `nextLink`.
    Absolute(String),
}

/// One ARM request, before it meets the pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct ArmRequest {
    /// HTTP method.
    pub method: Method,
    /// Path or absolute URL.
    pub target: Target,
    /// JSON body, if any.
    pub body: Option<Value>,
    /// `Accept` value: `application/json` for first requests, `*/*` for polls and pages.
    pub accept: &'static str,
    /// Extra headers (`Content-Type` on body-less POSTs az sends it with, `If-Match`, custom
    /// AKS headers), sent after the standard ones.
    pub headers: Vec<(String, String)>,
}

impl ArmRequest {
    fn with(method: Method, path: &ArmPath, api_version: &str, body: Option<Value>) -> Self {
        Self {
            method,
            target: Target::Path {
                path: path.clone(),
                api_version: api_version.to_owned(),
                query: Vec::new(),
                api_version_first: false,
            },
            body,
            accept: "application/json",
            headers: Vec::new(),
        }
    }

    /// `GET path?api-version=v`.
    pub fn get(path: &ArmPath, api_version: &str) -> Self {
        Self::with(Method::Get, path, api_version, None)
    }
    /// `HEAD path?api-version=v`.
    pub fn head(path: &ArmPath, api_version: &str) -> Self {
        Self::with(Method::Head, path, api_version, None)
    }
    /// `PUT path?api-version=v` with a JSON body.
    pub fn put(path: &ArmPath, api_version: &str, body: Value) -> Self {
        Self::with(Method::Put, path, api_version, Some(body))
    }
    /// `PATCH path?api-version=v` with a JSON body.
    pub fn patch(path: &ArmPath, api_version: &str, body: Value) -> Self {
        Self::with(Method::Patch, path, api_version, Some(body))
    }
    /// `DELETE path?api-version=v`.
    pub fn delete(path: &ArmPath, api_version: &str) -> Self {
        Self::with(Method::Delete, path, api_version, None)
    }
    /// `POST path?api-version=v`, optionally with a JSON body (else `Content-Length: 0`).
    pub fn post(path: &ArmPath, api_version: &str, body: Option<Value>) -> Self {
        Self::with(Method::Post, path, api_version, body)
    }
    /// `GET url` verbatim with `Accept: */*` (LRO polls, `nextLink` pages).
    pub fn get_absolute(url: &str) -> Self {
        Self {
            method: Method::Get,
            target: Target::Absolute(url.to_owned()),
            body: None,
            accept: "*/*",
            headers: Vec::new(),
        }
    }

    /// Add a request header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// Add a query parameter; its value is encoded as az's SDKs encode query values
    /// (`quote(value, safe='')`), the key is sent as written (`$filter`).
    pub fn query(mut self, key: &'static str, value: &str) -> Self {
        if let Target::Path { query, .. } = &mut self.target {
            query.push((key, value.to_owned()));
        }
        self
    }

    /// Send `api-version` before the other query parameters, as the AKS and authorization
    /// SDKs do (the resources and features SDKs send it last, the default).
    pub fn api_version_first(mut self) -> Self {
        if let Target::Path {
            api_version_first, ..
        } = &mut self.target
        {
            *api_version_first = true;
        }
        self
    }

    /// Use `Accept: */*` (the final GET of an LRO).
    pub fn accept_any(mut self) -> Self {
        self.accept = "*/*";
        self
    }

    /// The full URL against `endpoint`. Absolute targets must share the endpoint's origin
    /// (scheme, host, port) so the bearer token never leaves ARM.
    pub fn url(&self, endpoint: &Url) -> Result<Url, ArmError> {
        match &self.target {
            Target::Path {
                path,
                api_version,
                query,
                api_version_first,
            } => {
                let base = endpoint.as_str().trim_end_matches('/');
                // The endpoint may carry a base path; the typed path goes below it verbatim.
                let text = [base, path.as_str()].concat();
                let mut url = Url::parse(&text)
                    .map_err(|e| ArmError::Refused(format!("invalid request URL '{text}': {e}")))?;
                // azure-core joins `key=value` pairs of already-quoted values with `&`.
                let version = ("api-version", api_version.as_str());
                let others = query.iter().map(|(k, v)| (*k, v.as_str()));
                let pairs: Vec<(&str, &str)> = if *api_version_first {
                    std::iter::once(version).chain(others).collect()
                } else {
                    others.chain(std::iter::once(version)).collect()
                };
                let text: Vec<String> = pairs
                    .iter()
                    .map(|(k, v)| [*k, "=", &quote(v)].concat())
                    .collect();
                url.set_query(Some(&text.join("&")));
                Ok(url)
            }
            Target::Absolute(u) => {
                let url = Url::parse(u).map_err(|e| {
                    ArmError::InvalidResponse(format!("invalid URL '{u}' in response: {e}"))
                })?;
                if url.origin() != endpoint.origin() {
                    return Err(ArmError::Refused(format!(
                        "refusing to follow '{u}': it is not on the resource manager endpoint '{endpoint}'"
                    )));
                }
                Ok(url)
            }
        }
    }

    /// Build the `azure_core` request with every header az sends.
    pub fn to_request(&self, endpoint: &Url, cmd: &CommandHeaders) -> Result<Request, ArmError> {
        let mut req = Request::new(self.url(endpoint)?, self.method);
        req.insert_header("accept", self.accept);
        req.insert_header("x-ms-client-request-id", cmd.client_request_id.clone());
        if let Some(c) = &cmd.command_name {
            req.insert_header("commandname", c.clone());
        }
        if let Some(p) = &cmd.parameter_set_name {
            req.insert_header("parametersetname", p.clone());
        }
        match &self.body {
            Some(b) => {
                req.insert_header("content-type", "application/json");
                req.set_body(
                    super::body::python_dumps(b)
                        .map_err(|e| ArmError::InvalidResponse(e.to_string()))?,
                );
            }
            None if matches!(self.method, Method::Post | Method::Put | Method::Patch) => {
                req.insert_header("content-length", "0");
            }
            None => {}
        }
        for (name, value) in &self.headers {
            req.insert_header(name.clone(), value.clone());
        }
        Ok(req)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use azure_core::http::headers::HeaderName;
    use serde_json::json;

    fn ep() -> Url {
        Url::parse("https://management.azure.com/").unwrap()
    }

    fn header(r: &Request, n: &'static str) -> Option<String> {
        r.headers().get_optional_string(&HeaderName::from_static(n))
    }

    #[test]
    fn put_carries_body_api_version_and_command_headers() {
        let cmd = CommandHeaders::new(Some("group create"), Some("--name --location"));
        let r = ArmRequest::put(
            &ArmPath::subscription("s").lit("resourcegroups").seg("rg"),
            "2024-11-01",
            json!({"location":"westus2"}),
        )
        .to_request(&ep(), &cmd)
        .unwrap();
        assert_eq!(
            r.url().as_str(),
            "https://management.azure.com/subscriptions/s/resourcegroups/rg?api-version=2024-11-01"
        );
        assert_eq!(
            header(&r, "content-type").as_deref(),
            Some("application/json")
        );
        assert_eq!(header(&r, "commandname").as_deref(), Some("group create"));
        assert_eq!(
            header(&r, "parametersetname").as_deref(),
            Some("--name --location")
        );
        assert_eq!(
            header(&r, "x-ms-client-request-id"),
            Some(cmd.client_request_id.clone())
        );
        match r.body() {
            azure_core::http::Body::Bytes(b) => {
                assert_eq!(
                    serde_json::from_slice::<Value>(b).unwrap(),
                    json!({"location":"westus2"})
                )
            }
            _ => panic!("stream body"),
        }
    }

    #[test]
    fn empty_post_sends_content_length_zero() {
        let r = ArmRequest::post(
            &ArmPath::subscription("s")
                .lit("providers")
                .seg("Microsoft.ContainerService")
                .lit("register"),
            "2024-11-01",
            None,
        )
        .to_request(&ep(), &CommandHeaders::default())
        .unwrap();
        assert_eq!(header(&r, "content-length").as_deref(), Some("0"));
        assert_eq!(header(&r, "content-type"), None);
    }

    #[test]
    fn extra_query_and_endpoint_without_trailing_slash() {
        let e = Url::parse("https://127.0.0.1:8443").unwrap();
        let u = ArmRequest::get(&ArmPath::subscription("s").lit("resourcegroups"), "v1")
            .query("$filter", "tagname eq 'a'")
            .url(&e)
            .unwrap();
        assert_eq!(
            u.as_str(),
            "https://127.0.0.1:8443/subscriptions/s/resourcegroups?$filter=tagname%20eq%20%27a%27&api-version=v1"
        );
    }

    #[test]
    fn absolute_urls_are_verbatim_and_must_stay_on_arm() {
        let u = "https://management.azure.com/subscriptions/s/providers/Microsoft.ContainerService/locations/w/operations/1?api-version=2016-03-30&t=1&s=x";
        assert_eq!(ArmRequest::get_absolute(u).url(&ep()).unwrap().as_str(), u);
        assert_eq!(ArmRequest::get_absolute(u).accept, "*/*");
        let foreign = ArmRequest::get_absolute("https://evil.example/x").url(&ep());
        assert!(matches!(foreign, Err(ArmError::Refused(_))));
    }

    #[test]
    fn hostile_names_reach_the_url_as_one_encoded_segment() {
        // Regression (issue 10): names were formatted into the path and parsed as a URL, so
        // `prod#x` addressed `prod`, `x/../victim` addressed `victim` and `a?b` sent a query.
        for (name, want) in [
            ("prod#x", "/subscriptions/s/resourcegroups/prod%23x"),
            (
                "x/../victim",
                "/subscriptions/s/resourcegroups/x%2F..%2Fvictim",
            ),
            ("a?b", "/subscriptions/s/resourcegroups/a%3Fb"),
            ("a%2Fb", "/subscriptions/s/resourcegroups/a%252Fb"),
            ("my rg", "/subscriptions/s/resourcegroups/my%20rg"),
            ("開発", "/subscriptions/s/resourcegroups/%E9%96%8B%E7%99%BA"),
            ("(x)", "/subscriptions/s/resourcegroups/%28x%29"),
        ] {
            let path = ArmPath::subscription("s").lit("resourcegroups").seg(name);
            let u = ArmRequest::delete(&path, "2024-11-01").url(&ep()).unwrap();
            assert_eq!(u.path(), want, "{name}");
            assert_eq!(u.query(), Some("api-version=2024-11-01"), "{name}");
            assert_eq!(u.fragment(), None, "{name}");
        }
    }

    #[test]
    // Regression: query values were form-encoded (`%24filter=a+eq+b`) and api-version always
    // came last; az sends `$filter=a%20eq%20b` and AKS/authorization put api-version first.
    fn query_values_are_quoted_once_in_sdk_order() {
        let u = ArmRequest::get(&ArmPath::subscription("s").lit("resourcegroups"), "v")
            .query("$filter", "tagname eq 'a#b' and tagvalue eq 'x&y=z/開'")
            .url(&ep())
            .unwrap();
        // What azure-mgmt-resource 2024-11-01 builds for the same filter.
        assert_eq!(
            u.query(),
            Some(
                "$filter=tagname%20eq%20%27a%23b%27%20and%20tagvalue%20eq%20%27x%26y%3Dz%2F%E9%96%8B%27&api-version=v"
            )
        );
        let aks = ArmRequest::post(&ArmPath::root().lit("x"), "2026-06-01", None)
            .api_version_first()
            .query("server-fqdn", "public")
            .query("format", "exec")
            .url(&ep())
            .unwrap();
        assert_eq!(
            aks.query(),
            Some("api-version=2026-06-01&server-fqdn=public&format=exec")
        );
    }
}
