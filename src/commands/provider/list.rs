//! `provider list [--expand ...]`: every provider of the subscription, all pages.

use serde_json::Value;

use super::shape_provider;
use crate::arm::{ArmPath, ArmRequest, api};
use crate::cli::ProviderListArgs;
use crate::commands::{Ctx, Outcome};

/// `provider list`.
pub(crate) async fn run(ctx: &Ctx, args: ProviderListArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let mut req = ArmRequest::get(
        &ArmPath::subscription(&arm.subscription_id).lit("providers"),
        api::PROVIDERS,
    );
    if let Some(expand) = args.expand.as_deref() {
        req = req.query("$expand", expand);
    }
    let items = arm.client.list_all_request(req).await?;
    Ok(Outcome::value(Value::Array(
        items.iter().map(shape_provider).collect(),
    )))
}
