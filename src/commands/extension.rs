//! `azrs extension ...`: az extensions in az's own layout.

use crate::cli::ExtensionCommand;
use crate::commands::{Ctx, Outcome, fail};

/// Runs one `extension` verb.
pub async fn run(_ctx: &Ctx, command: ExtensionCommand) -> anyhow::Result<Outcome> {
    fail(format!("'{}' is not implemented yet", command.name()))
}
