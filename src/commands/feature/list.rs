//! `feature list [--namespace NS]`: every feature of the subscription (or of one provider
//! namespace), all pages, and az's table transformer.

use serde_json::Value;

use super::{FEATURE, TABLE_ROW, features_base, features_get};
use crate::cli::FeatureListArgs;
use crate::commands::model;
use crate::commands::{Ctx, Outcome};
use crate::output::TransformError;
use crate::output::transformers::by_query;

/// `feature list`.
pub(crate) async fn run(ctx: &Ctx, args: FeatureListArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let base = features_base(&arm.subscription_id);
    let path = match args.namespace.as_deref() {
        Some(ns) => base.lit("providers").seg(ns).lit("features"),
        None => base.lit("features"),
    };
    let items = arm.client.list_all_request(features_get(&path)).await?;
    Ok(Outcome::table(model::shape_all(items, FEATURE), table))
}

/// az's table transformer for `feature list`: `[].{Name:name, RegistrationState:properties.state}`.
pub fn table(value: &Value) -> Result<Value, TransformError> {
    by_query(&format!("[].{TABLE_ROW}"), value)
}
