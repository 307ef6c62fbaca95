//! `extension add (-n NAME | -s SOURCE) [--version V] [--allow-preview B] [--upgrade]
//! [--system] [--yes]`: install from the index or from a wheel (path or URL); prints nothing.

use super::{extensions, tri_state, with_progress};
use crate::cli::ExtensionAddArgs;
use crate::commands::{Ctx, Outcome};
use crate::extension::{self, AddArgs, ExtensionError, Notice};

/// `extension add`.
pub(crate) async fn run(
    ctx: &Ctx,
    args: ExtensionAddArgs,
    notices: &mut Vec<Notice>,
) -> anyhow::Result<Outcome> {
    if args.name.is_some() == args.source.is_some() {
        return Err(ExtensionError::AddUsage.into());
    }
    if args.source.is_some() {
        // A wheel from anywhere runs code in the CLI: az asks first.
        crate::commands::confirm(ctx, extension::ADD_SOURCE_CONFIRMATION, args.yes)?;
    }
    let add = AddArgs {
        name: args.name,
        source: args.source,
        version: args.version,
        allow_preview: tri_state(args.allow_preview.as_deref()),
        upgrade: args.upgrade,
        system: args.system,
    };
    with_progress(ctx, extensions(ctx, args.index.as_deref())?)
        .add(&add, notices)
        .await?;
    Ok(Outcome::none())
}
