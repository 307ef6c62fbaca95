//! azrs's integration tests, one binary with a module per az noun or theme (ripgrep's layout:
//! one link step instead of two dozen). Most modules run azrs in a scrubbed sandbox against
//! the embedded emulator, in this process through `azrs::app::run` and a buffer terminal
//! (`common::Azrs::new`); the few that need a real process (signals, a closed pipe, the
//! binary's `main`: `binary`) spawn it (`common::Azrs::spawn`, each saying why); the pure
//! ones call the library directly.
//!
//! The support code is the `azrs-test-support` crate (`tests/support`): the sandbox, fake
//! HTTP, wheels, the recorded walkthrough output and the real-az oracle lookup, shared with the
//! differential binary (`tests/differential`), which holds every test that needs the real az
//! and reports it as ignored when az cannot run here. `common` holds helpers only this binary's
//! modules share.
// Deeply nested `json!` literals (kubeconfig documents) need more than the default 128.
#![recursion_limit = "512"]

mod account;
mod acr;
mod aks;
mod arm;
mod auth;
mod binary;
mod cli;
mod cloud;
mod common;
mod emulator_bind;
mod extension;
mod feature;
mod group;
mod hardening;
mod hostile_names;
mod http;
mod identity;
mod in_process;
mod interrupts;
mod kubeconfig;
mod login;
mod network;
mod output;
mod provider;
mod requests;
mod role;
mod sshkey;
mod terminal;
mod walkthrough;
