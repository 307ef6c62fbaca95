//! `extension show -n NAME`: one installed extension; no network.

use super::extensions;
use crate::cli::ExtensionShowArgs;
use crate::commands::{Ctx, Outcome};

/// `extension show`.
pub(crate) fn run(ctx: &Ctx, args: ExtensionShowArgs) -> anyhow::Result<Outcome> {
    Ok(Outcome::value(extensions(ctx, None)?.show(&args.name)?))
}
