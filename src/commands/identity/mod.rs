//! `azrs identity create|show|list|delete`: user-assigned managed identities
//! (`Microsoft.ManagedIdentity/userAssignedIdentities`), one file per verb. az 2.91's `identity`
//! module is generated (aaz): it sends api-version `2025-05-31-preview`, spells the path
//! `resourceGroups`, and prints the resource with `properties` flattened into the top level.
//! No table transformer: `-o table` is az's default table. This module holds what the verbs
//! share: the dispatcher, the typed paths and the printed shape.

pub mod create;
pub mod delete;
pub mod list;
pub mod show;

use serde_json::{Map, Value};

use crate::arm::ArmPath;
use crate::cli::IdentityCommand;
use crate::commands::{Ctx, Outcome};

/// The api-version az 2.91's `identity` commands send.
pub(crate) const API: &str = "2025-05-31-preview";

/// Runs one `identity` verb.
pub(crate) async fn run(ctx: &Ctx, command: IdentityCommand) -> anyhow::Result<Outcome> {
    match command {
        IdentityCommand::Create(args) => create::run(ctx, args).await,
        IdentityCommand::Delete(args) => delete::run(ctx, args).await,
        IdentityCommand::List(args) => list::run(ctx, args).await,
        IdentityCommand::Show(args) => show::run(ctx, args).await,
    }
}

/// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/
/// userAssignedIdentities`, the collection of a group.
pub(crate) fn group_collection(subscription: &str, group: &str) -> ArmPath {
    ArmPath::subscription(subscription)
        .lit("resourceGroups")
        .seg(group)
        .lit("providers/Microsoft.ManagedIdentity/userAssignedIdentities")
}

/// One identity's path, every name one encoded segment.
pub(crate) fn identity_path(subscription: &str, group: &str, name: &str) -> ArmPath {
    group_collection(subscription, group).seg(name)
}

/// The identity as az prints it: aaz flattens `properties` (`clientId`, `principalId`,
/// `tenantId`, `isolationScope`) into the resource.
pub(crate) fn flatten(resource: Value) -> Value {
    let Value::Object(mut map) = resource else {
        return resource;
    };
    if let Some(Value::Object(props)) = map.remove("properties") {
        for (k, v) in props {
            map.entry(k).or_insert(v);
        }
    }
    Value::Object(map.into_iter().collect::<Map<String, Value>>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_spell_resource_groups_as_aaz_and_encode_names() {
        assert_eq!(
            identity_path("s", "rg", "a b").as_str(),
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/a%20b"
        );
    }

    #[test]
    fn flatten_lifts_properties() {
        let v = flatten(json!({"id": "x", "properties": {"clientId": "c", "principalId": "p"}}));
        assert_eq!(v, json!({"id": "x", "clientId": "c", "principalId": "p"}));
    }
}
