//! The emulator core: a pure, deterministic request handler. [`handle`] maps one HTTP request
//! (method, path and query, headers, body) to one response over a serialisable [`State`], with
//! the facts of the emulated cloud in [`Settings`] and the current time passed in as `now`.
//! It owns ARM semantics (routes, api-version checks, bearer-token checks, the error envelope,
//! long-running operations, paging, registration state machines) and the identity endpoints of
//! the same origin. It does no I/O, reads no clock and draws no randomness: every id, request id,
//! GUID and token is derived from counters and hashes in `State`, so a replay of the same
//! requests at the same times gives byte-identical answers. It deliberately does not own
//! listening, TLS, persistence or fault injection (`emulator::front` does).
//!
//! Where things are: [`handle`] below is the whole entry point; `routes` holds the ARM route
//! table (in its docs, with every route and answer) and dispatcher, `settings` the cloud's facts
//! and their defaults, `state` what is remembered, `http` the request and response types,
//! `headers` the headers of every ARM answer, `util` the shared plumbing (parsed request, error
//! envelope, paging, hashes), and one module per resource type owns that type's answers.
//!
//! # Behaviour across routes
//!
//! Registration states advance on later reads: after `register`, the state flips from
//! `Registering` to `Registered` (and `Unregistering` to `Unregistered`) on the
//! `registration_reads`-th read of that provider or feature (get or list). AKS routes answer 409
//! `MissingSubscriptionRegistration` unless `Microsoft.ContainerService` is `Registered` (or
//! `Registering`, when `registering_is_enough`). Long-running operations finish on their
//! `lro_polls`-th status poll, or once `lro_polls × max(retry_after_secs, 1)` seconds have passed
//! (so `--no-wait` users see progress too), measured from the exact start time; the resource's
//! `provisioningState` moves with them. Operation times are printed like ARM's (.NET ticks, e.g.
//! `2024-07-22T07:48:44.5323715Z`).
//!
//! Error codes marked UNVERIFIED in `spec/arm.md` are used as written there.

mod acr;
mod aks;
mod authz;
mod catalog;
mod entra;
pub mod extensions;
pub mod graph;
mod groups;
mod headers;
mod http;
mod identity;
mod kubeconfig;
mod lro;
mod msi;
mod network;
mod policy_token;
mod registry;
mod routes;
mod settings;
mod state;
mod subscriptions;
mod token;
mod util;

use std::time::SystemTime;

pub use entra::{AuthCode, DeviceGrant, EntraState};
pub use http::{Request, Response};
pub use settings::{AZURE_CLI_CLIENT_ID, DeviceCodeOutcome, DeviceCodePolicy, Settings, TestUser};
pub use state::{AsyncOp, Cluster, Group, OpKind, Operation, RateWindow, Registration, State};
pub use token::{
    AUDIENCE_EXCHANGE, arm_token, github_oidc_token, issue_token, verify_token, workload_token,
};
use util::{Ctx, Fail};

/// Handles one request at time `now`, mutating `state`.
pub fn handle(state: &mut State, settings: &Settings, now: SystemTime, req: &Request) -> Response {
    state.counter += 1;
    let request_id = util::guid(&["request", &state.counter.to_string()]);
    let ctx = Ctx::new(settings, req, now, request_id);
    lro::settle_due(state, &ctx);
    let first = ctx.lower.first().map(String::as_str).unwrap_or("");
    let arm = matches!(first, "subscriptions" | "tenants" | "providers");
    let mut resp = if arm {
        match routes::arm_request(state, &ctx) {
            Ok(r) => r,
            Err(f) => f.into_response(),
        }
    } else if first == "extensions" {
        extensions::route(&ctx).unwrap_or_else(Fail::into_response)
    } else if first == "v1.0" {
        graph::route(state, &ctx).unwrap_or_else(Fail::into_response)
    } else {
        match identity::route(state, &ctx) {
            Ok(r) => r,
            Err(f) => f.into_response(),
        }
    };
    if arm {
        headers::arm_headers(state, &ctx, &mut resp);
    } else {
        resp.headers
            .push(("x-ms-request-id".into(), ctx.request_id.clone()));
    }
    if ctx.method == "HEAD" {
        resp.body.clear();
    }
    resp
}
