//! `azrs feature list|show|register|unregister`: Microsoft.Features registrations
//! (commands.md §2), api-version 2021-07-01, one file per verb. This module holds what the
//! verbs share: the dispatcher, the typed paths, the Features SDK's `Accept` header, the
//! FeatureResult model az prints, the columns of its table transformers, and the POST that
//! register and unregister both send.

pub mod list;
pub mod register;
pub mod show;
pub mod unregister;

use crate::arm::{ArmPath, ArmRequest, api};
use crate::cli::{FeatureCommand, FeatureIdArgs};
use crate::commands::model;
use crate::commands::{Ctx, Outcome};

/// Runs one `feature` verb.
pub(crate) async fn run(ctx: &Ctx, command: FeatureCommand) -> anyhow::Result<Outcome> {
    match command {
        FeatureCommand::List(args) => list::run(ctx, args).await,
        FeatureCommand::Show(args) => show::run(ctx, args).await,
        FeatureCommand::Register(args) => register::run(ctx, args).await,
        FeatureCommand::Unregister(args) => unregister::run(ctx, args).await,
    }
}

/// FeatureResult (features 2021-07-01).
const FEATURE: &[&str] = &["name", "properties", "id", "type"];

/// The row az's JMESPath table transformers make of one feature.
const TABLE_ROW: &str = "{Name:name, RegistrationState:properties.state}";

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
        show::table,
    ))
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
