//! `azrs feature ...`: Microsoft.Features registrations.

use crate::cli::FeatureCommand;
use crate::commands::{Ctx, Outcome, fail};

/// Runs one `feature` verb.
pub async fn run(_ctx: &Ctx, command: FeatureCommand) -> anyhow::Result<Outcome> {
    fail(format!("'{}' is not implemented yet", command.name()))
}
