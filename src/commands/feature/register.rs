//! `feature register --namespace NS -n NAME [--wait]`. `--wait` is azrs's addition: az
//! returns while the feature is still `Registering`; with it azrs polls until `Registered`.

use serde_json::Value;

use super::{FEATURE, change, feature_path, features_get, show};
use crate::cli::{FeatureIdArgs, FeatureRegisterArgs};
use crate::commands::model;
use crate::commands::{Ctx, Outcome, poll_interval};
use crate::term::Spinner;

/// `feature register`.
pub(crate) async fn run(ctx: &Ctx, args: FeatureRegisterArgs) -> anyhow::Result<Outcome> {
    let result = change(ctx, &args.feature, "register").await?;
    if !args.wait {
        return Ok(result);
    }
    let value = wait_registered(ctx, &args.feature).await?;
    ctx.warn(&format!(
        "Feature '{}/{}' is registered. Run 'azrs provider register -n {}' to propagate it.",
        args.feature.namespace, args.feature.name, args.feature.namespace
    ));
    Ok(Outcome::table(value, show::table))
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
