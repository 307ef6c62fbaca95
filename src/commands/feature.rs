//! `azrs feature ...`: Microsoft.Features registrations (commands.md §2), api-version
//! 2021-07-01. `register --wait` is azrs's addition: az returns while the feature is still
//! `Registering`.

use serde_json::Value;

use crate::arm::{ArmPath, ArmRequest, api};
use crate::cli::{FeatureCommand, FeatureIdArgs};
use crate::commands::model::{self, FEATURE};
use crate::commands::{Ctx, Outcome, poll_interval};
use crate::output::transformers;
use crate::term::Spinner;

/// Runs one `feature` verb.
pub async fn run(ctx: &Ctx, command: FeatureCommand) -> anyhow::Result<Outcome> {
    match command {
        FeatureCommand::List(args) => {
            let arm = ctx.arm()?;
            let base = features_base(&arm.subscription_id);
            let path = match args.namespace.as_deref() {
                Some(ns) => base.lit("providers").seg(ns).lit("features"),
                None => base.lit("features"),
            };
            let items = arm.client.list_all_request(features_get(&path)).await?;
            Ok(Outcome::table(
                model::shape_all(items, FEATURE),
                transformers::feature_list,
            ))
        }
        FeatureCommand::Show(args) => {
            let arm = ctx.arm()?;
            let path = feature_path(&arm.subscription_id, &args.feature);
            let feature = arm.client.send(&features_get(&path)).await?.json()?;
            Ok(Outcome::table(
                model::shape(&feature, FEATURE),
                transformers::feature_show,
            ))
        }
        FeatureCommand::Register(args) => {
            let result = change(ctx, &args.feature, "register").await?;
            if !args.wait {
                return Ok(result);
            }
            let value = wait_registered(ctx, &args.feature).await?;
            ctx.warn(&format!(
                "Feature '{}/{}' is registered. Run 'azrs provider register -n {}' to propagate it.",
                args.feature.namespace, args.feature.name, args.feature.namespace
            ));
            Ok(Outcome::table(value, transformers::feature_show))
        }
        FeatureCommand::Unregister(args) => change(ctx, &args.feature, "unregister").await,
    }
}

/// The Features SDK asks for `application/json, text/json` on its first requests
/// (commands.md §0.2; nextLink pages stay `*/*`).
fn features_accept(mut req: ArmRequest) -> ArmRequest {
    req.accept = "application/json, text/json";
    req
}

fn features_get(path: &ArmPath) -> ArmRequest {
    features_accept(ArmRequest::get(path, api::FEATURES))
}

/// `/subscriptions/{sub}/providers/Microsoft.Features`.
fn features_base(subscription: &str) -> ArmPath {
    ArmPath::subscription(subscription).lit("providers/Microsoft.Features")
}

/// `…/Microsoft.Features/providers/{ns}/features/{name}`, namespace and name encoded.
fn feature_path(subscription: &str, f: &FeatureIdArgs) -> ArmPath {
    features_base(subscription)
        .lit("providers")
        .seg(&f.namespace)
        .lit("features")
        .seg(&f.name)
}

/// POST register/unregister; az warns before sending.
async fn change(ctx: &Ctx, f: &FeatureIdArgs, verb: &'static str) -> anyhow::Result<Outcome> {
    let done = if verb == "register" {
        "registered"
    } else {
        "unregistered"
    };
    ctx.warn(&format!(
        "Once the feature '{}' is {done}, invoking 'az provider register -n {}' is required to get the change propagated",
        f.name, f.namespace
    ));
    let arm = ctx.arm()?;
    let path = feature_path(&arm.subscription_id, f).lit(verb);
    let resp = arm
        .client
        .send(&features_accept(ArmRequest::post(
            &path,
            api::FEATURES,
            None,
        )))
        .await?;
    Ok(Outcome::table(
        model::shape(&resp.json()?, FEATURE),
        transformers::feature_show,
    ))
}

/// Polls the feature until `Registered` (spinner on a terminal).
async fn wait_registered(ctx: &Ctx, f: &FeatureIdArgs) -> anyhow::Result<Value> {
    let arm = ctx.arm()?;
    let path = feature_path(&arm.subscription_id, f);
    let spinner = Spinner::new(&ctx.term, "Waiting for the feature registration ..");
    let interval = poll_interval(ctx, std::time::Duration::from_secs(10));
    loop {
        let feature = arm
            .client
            .send(&features_get(&path))
            .await
            .and_then(|r| r.json());
        let feature = match feature {
            Ok(v) => v,
            Err(e) => {
                spinner.finish();
                return Err(e.into());
            }
        };
        let state = feature["properties"]["state"].as_str().unwrap_or_default();
        if state.eq_ignore_ascii_case("Registered") {
            spinner.finish();
            return Ok(model::shape(&feature, FEATURE));
        }
        spinner.tick();
        tokio::time::sleep(interval).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_paths_encode_namespace_and_name() {
        let f = FeatureIdArgs {
            namespace: "Microsoft.ContainerService/../Microsoft.Compute".into(),
            name: "F#x".into(),
        };
        assert_eq!(
            feature_path("s", &f).lit("register").as_str(),
            "/subscriptions/s/providers/Microsoft.Features/providers/Microsoft.ContainerService%2F..%2FMicrosoft.Compute/features/F%23x/register"
        );
    }
}
