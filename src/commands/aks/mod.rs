//! `az aks …`: the pure parts of the AKS commands.
//!
//! This module owns what az's `acs` command module computes without talking to ARM: the
//! validation of `aks create` flags and the exact PUT body az sends (`create`), the conversion
//! of an ARM managedCluster body into the JSON az prints (`flatten`), the `-o table`
//! transformers of `aks show`/`aks list` (`table`) and the decision logic of `aks wait`
//! (`wait`). It deliberately does no I/O: the verbs that send requests live beside these files
//! and call into them, so every rule here is testable without a server.

mod create;
mod flatten;
mod table;
mod wait;

pub use create::{AksCreateOptions, dns_name_prefix, parse_tags};
pub use flatten::{flatten_cluster, to_camel_case};
pub use table::{list_table, show_table};
pub use wait::{WaitConditions, WaitDecision, WaitObservation, wait_attempts};

/// A user-facing `aks` error raised before any request is sent. Every variant prints as its
/// message (`ERROR: <message>`) and exits 1, like az's validator and decorator errors
/// (`InvalidArgumentValueError`, `MutuallyExclusiveArgumentError`,
/// `RequiredArgumentMissingError`, `CLIError` all map to exit 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AksError {
    /// A flag value az rejects (`InvalidArgumentValueError` / `CLIError`).
    #[error("{0}")]
    InvalidArgument(String),
    /// Two flags az refuses to combine (`MutuallyExclusiveArgumentError`).
    #[error("{0}")]
    MutuallyExclusive(String),
    /// A flag that needs another flag (`RequiredArgumentMissingError`).
    #[error("{0}")]
    RequiredArgumentMissing(String),
}

impl AksError {
    /// The process exit code az uses for this error (always 1 for these classes).
    pub fn exit_code(&self) -> i32 {
        1
    }
}

/// Runs one `aks` verb.
pub async fn run(
    _ctx: &crate::commands::Ctx,
    command: crate::cli::AksCommand,
) -> anyhow::Result<crate::commands::Outcome> {
    crate::commands::fail(format!("'{}' is not implemented yet", command.name()))
}
