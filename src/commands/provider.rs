//! `azrs provider ...`: resource provider registration (commands.md §3), api-version
//! 2024-11-01. register/unregister never print a result: silent when already in the target
//! state, az's "still on-going" warning otherwise, or (`--wait`) polling every 10 s.

use serde_json::{Value, json};

use crate::arm::{ArmPath, ArmRequest, api};
use crate::cli::ProviderCommand;
use crate::commands::model::{self, PROVIDER, PROVIDER_RESOURCE_TYPE};
use crate::commands::{Ctx, Outcome, poll_interval};

/// Runs one `provider` verb.
pub async fn run(ctx: &Ctx, command: ProviderCommand) -> anyhow::Result<Outcome> {
    match command {
        ProviderCommand::List(args) => {
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
        ProviderCommand::Show(args) => {
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
        ProviderCommand::Register(args) => {
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
        ProviderCommand::Unregister(args) => {
            let path =
                provider_path(&ctx.arm()?.subscription_id, &args.namespace).lit("unregister");
            update(ctx, &args.namespace, &path, None, args.wait, false).await
        }
    }
}

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

/// az's `_update_provider`.
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
