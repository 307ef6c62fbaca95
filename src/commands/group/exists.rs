//! `group exists`: a HEAD on the group, printed as `true`/`false`.

use serde_json::Value;

use super::group_path;
use crate::arm::api;
use crate::cli::GroupExistsArgs;
use crate::commands::{Ctx, Outcome};

/// `group exists -n NAME`.
pub(crate) async fn run(ctx: &Ctx, args: GroupExistsArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = group_path(&arm.subscription_id, &args.group.name);
    let exists = arm.client.head_exists(&path, api::RESOURCE_GROUPS).await?;
    Ok(Outcome::value(Value::Bool(exists)))
}
