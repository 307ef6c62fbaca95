//! `azrs provider ...`: resource provider registration.

use crate::cli::ProviderCommand;
use crate::commands::{Ctx, Outcome, fail};

/// Runs one `provider` verb.
pub async fn run(_ctx: &Ctx, command: ProviderCommand) -> anyhow::Result<Outcome> {
    fail(format!("'{}' is not implemented yet", command.name()))
}
