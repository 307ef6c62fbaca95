//! `feature show --namespace NS -n NAME`: one feature, and az's table transformer (also
//! registered for `register` and `unregister`).

use serde_json::Value;

use super::{FEATURE, TABLE_ROW, feature_path, features_get};
use crate::cli::FeatureShowArgs;
use crate::commands::model;
use crate::commands::{Ctx, Outcome};
use crate::output::TransformError;
use crate::output::transformers::by_query;

/// `feature show`.
pub(crate) async fn run(ctx: &Ctx, args: FeatureShowArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = feature_path(&arm.subscription_id, &args.feature);
    let feature = arm.client.send(&features_get(&path)).await?.json()?;
    Ok(Outcome::table(model::shape(&feature, FEATURE), table))
}

/// az's table transformer for `feature show|register|unregister`:
/// `{Name:name, RegistrationState:properties.state}`.
pub fn table(value: &Value) -> Result<Value, TransformError> {
    by_query(TABLE_ROW, value)
}
