//! Support code for azrs's integration tests, written once and shared by both test binaries:
//! `tests/it` (the libtest suite, a module per noun) and `tests/differential` (the real-az
//! trials, `harness = false`, so a trial that cannot run on this machine shows as ignored).
//!
//! It is a small library crate rather than a `common` module so that the two binaries share it
//! without `#[path]` includes and without `#![allow(dead_code)]`: items a library exports are
//! never dead code, whichever binary uses them. It depends on neither `azrs` nor
//! `azrs-emulator`: tests bring those in themselves, so this crate never sees two copies of
//! the client's types.
//!
//! - [`sandbox`]: azrs in a scrubbed environment with the embedded emulator, run in process
//!   (through a runner the test binary supplies) or as the spawned binary.
//! - [`fake_http`]: a scripted `HttpClient` that fails on unmatched requests and unused stubs.
//! - [`observed`]: what the real az 2.91 printed for the walkthrough's `aks create`.
//! - [`wheels`]: real extension wheels and a loopback HTTPS server with a throw-away CA.
//! - [`kubelogin`]: a fake `kubelogin` that records how `aks get-credentials` ran it.
//! - [`oracle`]: where the real az 2.91 venv is, whether it can run here, and a line diff.

pub mod fake_http;
pub mod kubelogin;
pub mod observed;
pub mod oracle;
pub mod sandbox;
pub mod wheels;
