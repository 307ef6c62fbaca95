//! azrs: a fast Rust mirror of the Azure CLI (`az` 2.91) for provisioning AKS clusters with
//! managed identities, plus an offline Azure Resource Manager emulator.
//!
//! The shape of the program (see `STYLE.md`): `cli` parses argv into pure data, `app` resolves
//! settings and builds the context, `commands` return `serde_json::Value`s, `output` renders
//! them, and `term` is the only module that writes to the terminal. The ARM emulator is
//! its own crate (`azrs-emulator`) and shares no code with the client; `embedded` is the one
//! seam through which the client runs it in process.

pub mod app;
pub mod arm;
pub mod auth;
pub mod cli;
pub mod commands;
pub mod config;
pub mod embedded;
pub mod extension;
pub mod http;
pub mod kubeconfig;
pub mod output;
pub mod platform;
pub mod py;
pub mod sshkey;
pub mod term;
pub mod yaml;
