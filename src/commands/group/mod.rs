//! `azrs group create|show|list|delete|exists|wait`: resource groups (commands.md §4), one file per
//! verb. api-version 2024-11-01; the SDK's URL segment is lowercase `resourcegroups`, as az
//! sends it. This module holds what the verbs share: the dispatcher, the group's typed paths
//! (also used by `aks create` to read a group's location) and the ResourceGroup model az prints.

pub mod create;
pub mod delete;
pub mod exists;
pub mod list;
pub mod show;
pub mod wait;

use crate::arm::ArmPath;
use crate::cli::GroupCommand;
use crate::commands::{Ctx, Outcome};

/// Runs one `group` verb.
pub(crate) async fn run(ctx: &Ctx, command: GroupCommand) -> anyhow::Result<Outcome> {
    match command {
        GroupCommand::Create(args) => create::run(ctx, args).await,
        GroupCommand::Delete(args) => delete::run(ctx, args).await,
        GroupCommand::Exists(args) => exists::run(ctx, args).await,
        GroupCommand::List(args) => list::run(ctx, args).await,
        GroupCommand::Show(args) => show::run(ctx, args).await,
        GroupCommand::Wait(args) => wait::run(ctx, args).await,
    }
}

/// ResourceGroup (azure-mgmt-resource 24.0.0): the attributes az prints, in model order
/// (see [`crate::commands::model::shape`]).
pub(crate) const RESOURCE_GROUP: &[&str] = &[
    "id",
    "name",
    "type",
    "properties",
    "location",
    "managedBy",
    "tags",
];

/// `/subscriptions/{sub}/resourcegroups`, the collection (lowercase as the SDK spells it).
pub(crate) fn groups_path(subscription: &str) -> ArmPath {
    ArmPath::subscription(subscription).lit("resourcegroups")
}

/// `/subscriptions/{sub}/resourcegroups/{rg}`, the name one encoded segment.
pub(crate) fn group_path(subscription: &str, name: &str) -> ArmPath {
    groups_path(subscription).seg(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_paths_encode_the_name_once() {
        assert_eq!(
            group_path("s", "prod#x").as_str(),
            "/subscriptions/s/resourcegroups/prod%23x"
        );
        assert_eq!(groups_path("s").as_str(), "/subscriptions/s/resourcegroups");
    }
}
