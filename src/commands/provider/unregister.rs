//! `provider unregister -n NAMESPACE [--wait]`: POST `…/unregister`.

use super::{provider_path, update};
use crate::cli::ProviderUnregisterArgs;
use crate::commands::{Ctx, Outcome};

/// `provider unregister`.
pub(crate) async fn run(ctx: &Ctx, args: ProviderUnregisterArgs) -> anyhow::Result<Outcome> {
    let path = provider_path(&ctx.arm()?.subscription_id, &args.namespace).lit("unregister");
    update(ctx, &args.namespace, &path, None, args.wait, false).await
}
