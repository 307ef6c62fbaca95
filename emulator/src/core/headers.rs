//! The headers every ARM answer carries: request, correlation and routing ids, the hourly
//! `x-ms-ratelimit-remaining-*` budget (kept in [`State`]), and ARM's caching and security
//! headers. Non-ARM routes get only `x-ms-request-id`, which `handle` adds itself.

use super::http::Response;
use super::state::{RateWindow, State};
use super::util::Ctx;

/// Adds the headers every ARM response carries (request ids, routing id, rate-limit counters).
pub(super) fn arm_headers(state: &mut State, ctx: &Ctx, resp: &mut Response) {
    let correlation = ctx
        .header("x-ms-correlation-request-id")
        .unwrap_or(&ctx.request_id)
        .to_string();
    let stamp = format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        ctx.now.year(),
        u8::from(ctx.now.month()),
        ctx.now.day(),
        ctx.now.hour(),
        ctx.now.minute(),
        ctx.now.second()
    );
    let hour = ctx.now.unix_timestamp().div_euclid(3600);
    let rl = &mut state.ratelimit;
    if rl.hour != hour {
        *rl = RateWindow {
            hour,
            ..RateWindow::default()
        };
    }
    let (name, remaining) = match ctx.method.as_str() {
        "GET" | "HEAD" => {
            rl.reads += 1;
            ("reads", 12000u32.saturating_sub(rl.reads))
        }
        "DELETE" => {
            rl.deletes += 1;
            ("deletes", 15000u32.saturating_sub(rl.deletes))
        }
        _ => {
            rl.writes += 1;
            ("writes", 1200u32.saturating_sub(rl.writes))
        }
    };
    let scope =
        if ctx.lower.first().map(String::as_str) == Some("subscriptions") && ctx.lower.len() > 1 {
            "subscription"
        } else {
            "tenant"
        };
    let h = &mut resp.headers;
    h.push(("x-ms-request-id".into(), ctx.request_id.clone()));
    h.push(("x-ms-correlation-request-id".into(), correlation));
    h.push((
        "x-ms-routing-request-id".into(),
        format!("WESTUS2:{stamp}:{}", ctx.request_id),
    ));
    h.push((
        format!("x-ms-ratelimit-remaining-{scope}-{name}"),
        remaining.to_string(),
    ));
    h.push(("Cache-Control".into(), "no-cache".into()));
    h.push(("Pragma".into(), "no-cache".into()));
    h.push(("Expires".into(), "-1".into()));
    h.push((
        "Strict-Transport-Security".into(),
        "max-age=31536000; includeSubDomains".into(),
    ));
    h.push(("X-Content-Type-Options".into(), "nosniff".into()));
}
