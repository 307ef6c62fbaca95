//! `provider show -n NAMESPACE [--expand ...]`: one provider, resource types included.

use super::{provider_path, shape_provider};
use crate::arm::{ArmRequest, api};
use crate::cli::ProviderShowArgs;
use crate::commands::{Ctx, Outcome};

/// `provider show`.
pub(crate) async fn run(ctx: &Ctx, args: ProviderShowArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let mut req = ArmRequest::get(
        &provider_path(&arm.subscription_id, &args.namespace),
        api::PROVIDERS,
    );
    if let Some(expand) = args.expand.as_deref() {
        req = req.query("$expand", expand);
    }
    let provider = arm.client.send(&req).await?.json()?;
    Ok(Outcome::value(shape_provider(&provider)))
}
