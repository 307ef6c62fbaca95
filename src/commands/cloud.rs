//! `azrs cloud ...`: built-in and registered clouds, shared with az.

use crate::cli::CloudCommand;
use crate::commands::{Ctx, Outcome, fail};

/// Runs one `cloud` verb.
pub async fn run(_ctx: &Ctx, command: CloudCommand) -> anyhow::Result<Outcome> {
    fail(format!("'{}' is not implemented yet", command.name()))
}
