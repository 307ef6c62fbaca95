//! The one retry policy of every outbound call: 408, 429, 500, 502, 503, 504 and dropped
//! connections (I/O and connection errors) are retried with exponential back-off, honouring
//! `retry-after-ms`, `x-ms-retry-after-ms` and `Retry-After` (seconds or HTTP date) on every
//! retried status — not only 429/503 as `azure_core`'s built-in policy does — bounded in count
//! ([`RetrySettings::max_retries`]) and in total time ([`RetrySettings::max_elapsed`]: no wait
//! or new try starts past it). A zero-delay switch keeps tests fast.
//!
//! When the retries are exhausted the last answer is handed back unchanged (the last error
//! status, or the last connection error), so each caller prints az's text for it exactly as it
//! would for a single failed try. Whether a status is a failure worth an error is the caller's
//! business, as is reading the body: a try that fails while its body streams is not retried here.

use azure_core::error::ErrorKind;
use azure_core::http::{
    Context, HttpClient, Request,
    headers::Headers,
    policies::{Policy, PolicyResult},
};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::log::HTTP_TARGET;

const RETRY_STATUSES: &[u16] = &[408, 429, 500, 502, 503, 504];

/// Retry settings.
#[derive(Debug, Clone)]
pub struct RetrySettings {
    /// Retries after the first try.
    pub max_retries: u32,
    /// Give up once this much time has passed (a wait that would cross it is not started).
    pub max_elapsed: Duration,
    /// First back-off delay; doubles per retry.
    pub initial_delay: Duration,
    /// Upper bound for one back-off delay or `Retry-After`.
    pub max_delay: Duration,
    /// Sleep zero instead of any delay (tests).
    pub zero_delays: bool,
}

impl RetrySettings {
    /// Entra token requests: at most six retries within 20 s (azure_core's default is eight
    /// within 60 s), so a token never holds a command for long; `auth`'s overall deadline
    /// bounds the whole acquisition on top of this. With real delays the 20 s deadline ends
    /// the retries first (0.5 + 1 + 2 + 4 + 5 + 5 s); the count matters when a dropped
    /// connection fails at once. Three retries lost one walkthrough in twenty under 30%
    /// injected faults.
    pub fn tokens() -> Self {
        Self {
            max_retries: 6,
            max_elapsed: Duration::from_secs(20),
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(5),
            zero_delays: false,
        }
    }

    /// These settings with delays zeroed when `zero` is set (the test knob).
    pub fn with_zero_delays(mut self, zero: bool) -> Self {
        self.zero_delays |= zero;
        self
    }
}

/// ARM, cloud metadata and extension downloads: az's own count (azure-core's `RetryPolicy`,
/// `retry_total=10`, back-off 0.8 s doubling), bounded in total by two minutes rather than by
/// azure-core's 120 s per wait. Four retries lost one walkthrough in ten under 30% injected
/// faults (five failed tries in a row are not rare over a hundred requests).
impl Default for RetrySettings {
    fn default() -> Self {
        Self {
            max_retries: 10,
            max_elapsed: Duration::from_secs(120),
            initial_delay: Duration::from_millis(800),
            max_delay: Duration::from_secs(60),
            zero_delays: false,
        }
    }
}

/// Parse the server's requested delay from response headers.
pub fn retry_after(headers: &Headers) -> Option<Duration> {
    for name in ["retry-after-ms", "x-ms-retry-after-ms"] {
        if let Some(v) =
            headers.get_optional_str(&azure_core::http::headers::HeaderName::from_static(name))
            && let Ok(ms) = v.trim().parse::<u64>()
        {
            return Some(Duration::from_millis(ms));
        }
    }
    let v = headers
        .get_optional_str(&azure_core::http::headers::RETRY_AFTER)?
        .trim();
    if let Ok(s) = v.parse::<u64>() {
        return Some(Duration::from_secs(s));
    }
    let when = azure_core::time::parse_rfc7231(v).ok()?;
    let now = azure_core::time::OffsetDateTime::now_utc();
    Some(if when <= now {
        Duration::ZERO
    } else {
        Duration::try_from(when - now).unwrap_or(Duration::ZERO)
    })
}

/// Per-call retry policy placed before the bearer policy (so each try re-authorises).
#[derive(Debug)]
pub struct RetryPolicy(pub RetrySettings);

#[async_trait::async_trait]
impl Policy for RetryPolicy {
    async fn send(
        &self,
        ctx: &Context,
        request: &mut Request,
        next: &[Arc<dyn Policy>],
    ) -> PolicyResult {
        let s = &self.0;
        let start = Instant::now();
        let mut attempt = 0u32;
        loop {
            if attempt > 0 {
                request.body_mut().reset().await?;
            }
            let result = next[0].send(ctx, request, &next[1..]).await;
            let server_delay = match &result {
                Ok(resp) if RETRY_STATUSES.contains(&u16::from(resp.status())) => {
                    retry_after(resp.headers())
                }
                Ok(_) => return result,
                Err(e) if matches!(e.kind(), ErrorKind::Io | ErrorKind::Connection) => None,
                Err(_) => return result,
            };
            if attempt >= s.max_retries {
                return result;
            }
            let backoff = s.initial_delay.saturating_mul(2u32.saturating_pow(attempt));
            let delay = server_delay
                .unwrap_or(backoff)
                .max(backoff)
                .min(s.max_delay);
            let delay = if s.zero_delays { Duration::ZERO } else { delay };
            if start.elapsed() + delay > s.max_elapsed {
                return result;
            }
            let status = result.as_ref().map(|r| u16::from(r.status())).ok();
            tracing::debug!(target: HTTP_TARGET, "Retrying (attempt {} of {}) after {:?}; status {:?}", attempt + 1, s.max_retries, delay, status);
            drop(result);
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            attempt += 1;
        }
    }
}

/// The end of a policy chain: hands the request to the transport.
#[derive(Debug)]
struct TransportCall(Arc<dyn HttpClient>);

#[async_trait::async_trait]
impl Policy for TransportCall {
    async fn send(
        &self,
        _: &Context,
        request: &mut Request,
        _: &[Arc<dyn Policy>],
    ) -> PolicyResult {
        self.0.execute_request(request).await
    }
}

/// Send one request straight to `transport` under the retry policy, with no other policy (no
/// headers added, no log): for calls az makes with a plain `requests.get` (cloud metadata, the
/// extension index, wheels). The response body is left unread.
pub async fn send(
    transport: &Arc<dyn HttpClient>,
    request: &mut Request,
    settings: &RetrySettings,
) -> PolicyResult {
    let chain: [Arc<dyn Policy>; 1] = [Arc::new(TransportCall(transport.clone()))];
    RetryPolicy(settings.clone())
        .send(&Context::new(), request, &chain)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::fake::{FakeTransport, Reply};

    /// Tiny real delays, so waits can be measured without slowing the suite.
    fn quick() -> RetrySettings {
        RetrySettings {
            max_retries: 4,
            max_elapsed: Duration::from_secs(10),
            initial_delay: Duration::from_millis(1),
            max_delay: Duration::from_secs(2),
            zero_delays: false,
        }
    }

    async fn run(
        replies: Vec<Reply>,
        settings: &RetrySettings,
    ) -> (azure_core::Result<u16>, usize, Duration) {
        let fake = Arc::new(FakeTransport::new(replies));
        let transport: Arc<dyn HttpClient> = fake.clone();
        let url = azure_core::http::Url::parse("https://example.test/x").expect("url");
        let mut request = Request::new(url, azure_core::http::Method::Get);
        let start = Instant::now();
        let result = send(&transport, &mut request, settings)
            .await
            .map(|r| u16::from(r.status()));
        (result, fake.seen().len(), start.elapsed())
    }

    #[test]
    fn retry_after_forms() {
        let mut h = Headers::new();
        h.insert("retry-after", "2");
        assert_eq!(retry_after(&h), Some(Duration::from_secs(2)));
        let mut h = Headers::new();
        h.insert("retry-after-ms", "150");
        h.insert("retry-after", "9");
        assert_eq!(retry_after(&h), Some(Duration::from_millis(150)));
        let mut h = Headers::new();
        h.insert("retry-after", "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        assert_eq!(retry_after(&Headers::new()), None);
    }

    #[tokio::test]
    async fn too_many_requests_waits_for_retry_after_then_succeeds() {
        let replies = vec![
            Reply::with_header(429, "retry-after-ms", "120"),
            Reply::status(200),
        ];
        let (result, tries, took) = run(replies, &quick()).await;
        assert_eq!(result.expect("answer"), 200);
        assert_eq!(tries, 2);
        assert!(took >= Duration::from_millis(120), "waited {took:?}");
    }

    #[tokio::test]
    async fn service_unavailable_is_retried() {
        let replies = vec![Reply::status(503), Reply::status(502), Reply::status(200)];
        let (result, tries, _) = run(replies, &quick()).await;
        assert_eq!(result.expect("answer"), 200);
        assert_eq!(tries, 3);
    }

    #[tokio::test]
    async fn dropped_connection_is_retried() {
        let replies = vec![Reply::Drop, Reply::Drop, Reply::body(200, b"{}")];
        let (result, tries, _) = run(replies, &quick()).await;
        assert_eq!(result.expect("answer"), 200);
        assert_eq!(tries, 3);
    }

    #[tokio::test]
    async fn client_errors_are_not_retried() {
        let (result, tries, _) = run(vec![Reply::status(404)], &quick()).await;
        assert_eq!(result.expect("answer"), 404);
        assert_eq!(tries, 1);
    }

    #[tokio::test]
    async fn exhausted_retries_hand_back_the_last_answer() {
        let s = quick();
        let replies = vec![Reply::status(503); 1 + s.max_retries as usize];
        let (result, tries, _) = run(replies, &s).await;
        assert_eq!(result.expect("the last answer"), 503);
        assert_eq!(tries, 1 + s.max_retries as usize);

        let replies = vec![Reply::Drop; 1 + s.max_retries as usize];
        let (result, _, _) = run(replies, &s).await;
        let err = result.expect_err("the last error");
        assert!(matches!(err.kind(), ErrorKind::Io), "{err}");
        assert!(err.to_string().contains("connection closed"), "{err}");
    }

    #[tokio::test]
    async fn a_wait_past_the_total_deadline_is_not_started() {
        let s = RetrySettings {
            max_elapsed: Duration::from_millis(500),
            ..quick()
        };
        let replies = vec![Reply::with_header(429, "retry-after", "3600")];
        let (result, tries, took) = run(replies, &s).await;
        assert_eq!(result.expect("the 429"), 429);
        assert_eq!(tries, 1);
        assert!(took < Duration::from_millis(500), "took {took:?}");
    }

    #[tokio::test]
    async fn zero_delays_skip_every_wait() {
        let s = quick().with_zero_delays(true);
        let replies = vec![
            Reply::with_header(429, "retry-after", "1"),
            Reply::with_header(503, "retry-after", "1"),
            Reply::status(200),
        ];
        let (result, tries, took) = run(replies, &s).await;
        assert_eq!(result.expect("answer"), 200);
        assert_eq!(tries, 3);
        assert!(took < Duration::from_millis(900), "took {took:?}");
    }
}
