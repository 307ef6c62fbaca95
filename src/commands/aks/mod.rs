//! `az aks …`: the pure parts of the AKS commands.
//!
//! This module owns what az's `acs` command module computes without talking to ARM: the
//! validation of `aks create` flags and the exact PUT body az sends (`create`), the conversion
//! of an ARM managedCluster body into the JSON az prints (`flatten`) and the decision logic of
//! `aks wait` (`wait`); the `-o table` transformers live with the others in
//! `output::transformers`. Those files do no I/O, so every rule in them is testable without a server; the
//! verbs that send requests live beside them (`create_verb`, `credentials`, `verbs`) and call
//! into them.

mod create;
mod create_verb;
mod credentials;
mod flatten;
mod verbs;
mod wait;

pub use create::{AksCreateOptions, dns_name_prefix};
pub use flatten::flatten_cluster;
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

/// Runs one `aks` verb. With the aks-preview extension installed az runs the extension's
/// version of every `aks` verb and says so first; azrs prints the same notice.
pub async fn run(
    ctx: &crate::commands::Ctx,
    command: crate::cli::AksCommand,
) -> anyhow::Result<crate::commands::Outcome> {
    use crate::cli::AksCommand;
    if verbs::aks_preview_installed(ctx) {
        ctx.warn(&verbs::extension_override_warning("aks-preview"));
    }
    match command {
        AksCommand::Create(args) => create_verb::create(ctx, *args).await,
        AksCommand::Delete(args) => verbs::delete(ctx, args).await,
        AksCommand::GetCredentials(args) => credentials::get_credentials(ctx, args).await,
        AksCommand::List(args) => verbs::list(ctx, args).await,
        AksCommand::Show(args) => verbs::show(ctx, args).await,
        AksCommand::Wait(args) => verbs::wait(ctx, args).await,
    }
}
