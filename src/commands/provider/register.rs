//! `provider register -n NAMESPACE [--wait] [--consent-to-permissions] [-m MG]`: POST
//! `…/register` at the subscription, or at a management group with `-m`.

use serde_json::json;

use super::{provider_path, update};
use crate::arm::ArmPath;
use crate::cli::ProviderRegisterArgs;
use crate::commands::{Ctx, Outcome};

/// `provider register`.
pub(crate) async fn run(ctx: &Ctx, args: ProviderRegisterArgs) -> anyhow::Result<Outcome> {
    let body = args
        .consent_to_permissions
        .then(|| json!({"thirdPartyProviderConsent": {"consentToAuthorization": true}}));
    let path = match args.management_group_id.as_deref() {
        Some(mg) => ArmPath::root()
            .lit("providers/Microsoft.Management/managementGroups")
            .seg(mg)
            .lit("providers")
            .seg(&args.namespace)
            .lit("register"),
        None => provider_path(&ctx.arm()?.subscription_id, &args.namespace).lit("register"),
    };
    update(ctx, &args.namespace, &path, body, args.wait, true).await
}
