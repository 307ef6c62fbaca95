//! `azrs account ...`: the subscriptions cached in azureProfile.json.

use crate::cli::AccountCommand;
use crate::commands::{Ctx, Outcome, fail};

/// Runs one `account` verb.
pub async fn run(_ctx: &Ctx, command: AccountCommand) -> anyhow::Result<Outcome> {
    fail(format!("'{}' is not implemented yet", command.name()))
}
