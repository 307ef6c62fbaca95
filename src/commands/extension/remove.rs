//! `extension remove -n NAME`: deletes an installed extension's directory; prints nothing.

use super::extensions;
use crate::cli::ExtensionRemoveArgs;
use crate::commands::{Ctx, Outcome};

/// `extension remove`.
pub(crate) fn run(ctx: &Ctx, args: ExtensionRemoveArgs) -> anyhow::Result<Outcome> {
    extensions(ctx, None)?.remove(&args.name)?;
    Ok(Outcome::none())
}
