//! `feature unregister --namespace NS -n NAME`.

use super::change;
use crate::cli::FeatureUnregisterArgs;
use crate::commands::{Ctx, Outcome};

/// `feature unregister`.
pub(crate) async fn run(ctx: &Ctx, args: FeatureUnregisterArgs) -> anyhow::Result<Outcome> {
    change(ctx, &args.feature, "unregister").await
}
