//! `acr list [-g RG]`: the group's (or the subscription's) registries, all pages, with az's
//! registry table.

use serde_json::Value;

use super::{REGISTRY_API, registries_path, registry_model, table};
use crate::arm::ArmPath;
use crate::cli::AcrListArgs;
use crate::commands::{Ctx, Outcome};

pub(crate) async fn run(ctx: &Ctx, args: AcrListArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = match args
        .group
        .resource_group
        .as_deref()
        .filter(|g| !g.is_empty())
    {
        Some(rg) => registries_path(&arm.subscription_id, rg),
        None => ArmPath::subscription(&arm.subscription_id)
            .lit("providers/Microsoft.ContainerRegistry/registries"),
    };
    let items = arm.client.list_all(&path, REGISTRY_API).await?;
    Ok(Outcome::table(
        Value::Array(items.iter().map(registry_model).collect()),
        table,
    ))
}
