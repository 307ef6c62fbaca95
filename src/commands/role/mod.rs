//! `azrs role assignment create|list|delete`: Azure RBAC as az 2.91's `role` module does it.
//! `graph.rs` resolves `--assignee` through Microsoft Graph on the cloud's Graph endpoint;
//! `assignment/` holds the verbs and what they share (scopes, role lookups, the search).

pub mod assignment;
pub mod graph;

use crate::cli::RoleCommand;
use crate::commands::{Ctx, Outcome};

/// Runs one `role` verb.
pub(crate) async fn run(ctx: &Ctx, command: RoleCommand) -> anyhow::Result<Outcome> {
    match command {
        RoleCommand::Assignment(ns) => assignment::run(ctx, ns.command).await,
    }
}
