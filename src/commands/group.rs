//! `azrs group ...`: resource groups.

use crate::cli::GroupCommand;
use crate::commands::{Ctx, Outcome, fail};

/// Runs one `group` verb.
pub async fn run(_ctx: &Ctx, command: GroupCommand) -> anyhow::Result<Outcome> {
    fail(format!("'{}' is not implemented yet", command.name()))
}
