//! `azrs provider list|show|register|unregister`: resource provider registration
//! (commands.md §3), api-version 2024-11-01, one file per verb. This module holds what the
//! verbs share: the dispatcher, the provider's typed path, the Provider model az prints, and
//! az's `_update_provider` (register and unregister never print a result: silent when already
//! in the target state, az's "still on-going" warning otherwise, or (`--wait`) polling every
//! 10 s). No verb has a table transformer (az registers none).

pub mod list;
pub mod register;
pub mod show;
pub mod unregister;

use serde_json::Value;

use crate::arm::{ArmPath, ArmRequest, api};
use crate::cli::ProviderCommand;
use crate::commands::model;
use crate::commands::{Ctx, Outcome, poll_interval};

/// Runs one `provider` verb.
pub(crate) async fn run(ctx: &Ctx, command: ProviderCommand) -> anyhow::Result<Outcome> {
    match command {
        ProviderCommand::List(args) => list::run(ctx, args).await,
        ProviderCommand::Show(args) => show::run(ctx, args).await,
        ProviderCommand::Register(args) => register::run(ctx, args).await,
        ProviderCommand::Unregister(args) => unregister::run(ctx, args).await,
    }
}

/// Provider (resources 2024-11-01).
const PROVIDER: &[&str] = &[
    "id",
    "namespace",
    "registrationState",
    "registrationPolicy",
    "resourceTypes",
    "providerAuthorizationConsentState",
];

/// ProviderResourceType (resources 2024-11-01).
const PROVIDER_RESOURCE_TYPE: &[&str] = &[
    "resourceType",
    "locations",
    "locationMappings",
    "aliases",
    "apiVersions",
    "defaultApiVersion",
    "zoneMappings",
    "apiProfiles",
    "capabilities",
    "properties",
];

/// `/subscriptions/{sub}/providers/{namespace}`, the namespace one encoded segment.
fn provider_path(subscription: &str, namespace: &str) -> ArmPath {
    ArmPath::subscription(subscription)
        .lit("providers")
        .seg(namespace)
}

/// A provider as az prints it, resource types included.
fn shape_provider(wire: &Value) -> Value {
    let mut shaped = model::shape(wire, PROVIDER);
    if let Some(Value::Array(types)) = shaped.get_mut("resourceTypes") {
        for t in types.iter_mut() {
            *t = model::shape(t, PROVIDER_RESOURCE_TYPE);
        }
    }
    shaped
}

/// az's `_update_provider`: POST `path` (…/register or …/unregister), then settle as the
/// module doc says.
async fn update(
    ctx: &Ctx,
    namespace: &str,
    path: &ArmPath,
    body: Option<Value>,
    wait: bool,
    register: bool,
) -> anyhow::Result<Outcome> {
    let target = if register {
        "Registered"
    } else {
        "Unregistered"
    };
    let arm = ctx.arm()?;
    // az's resources SDK sends `Content-Type: application/json` even with no body.
    let resp = arm
        .client
        .send(
            &ArmRequest::post(path, api::PROVIDERS, body)
                .header("content-type", "application/json"),
        )
        .await?
        .json()?;
    if state_of(&resp).eq_ignore_ascii_case(target) {
        return Ok(Outcome::none());
    }
    if wait {
        let show = provider_path(&arm.subscription_id, namespace);
        let interval = poll_interval(ctx, std::time::Duration::from_secs(10));
        loop {
            tokio::time::sleep(interval).await;
            let p = arm.client.get(&show, api::PROVIDERS).await?;
            if state_of(&p).eq_ignore_ascii_case(target) {
                return Ok(Outcome::none());
            }
        }
    }
    let action = if register {
        "Registering"
    } else {
        "Unregistering"
    };
    ctx.warn(&format!(
        "{action} is still on-going. You can monitor using 'az provider show -n {namespace}'"
    ));
    Ok(Outcome::none())
}

fn state_of(provider: &Value) -> &str {
    provider
        .get("registrationState")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_traversal_namespace_stays_one_segment() {
        // Regression (issue 10): `provider show -n 'Microsoft.ContainerService/../Microsoft.Compute'`
        // showed Microsoft.Compute.
        assert_eq!(
            provider_path("s", "Microsoft.ContainerService/../Microsoft.Compute").as_str(),
            "/subscriptions/s/providers/Microsoft.ContainerService%2F..%2FMicrosoft.Compute"
        );
    }
}
