//! `extension update -n NAME [--allow-preview B]`: the newest compatible version from the
//! index replaces the installed one (az's rollback on failure is the library's).
//!
//! Deliberate difference from az: `update` of an extension that is not installed installs it,
//! with a warning saying so.

use super::{extensions, tri_state, with_progress};
use crate::cli::ExtensionUpdateArgs;
use crate::commands::{Ctx, Outcome};
use crate::extension::Notice;

/// `extension update`.
pub(crate) async fn run(
    ctx: &Ctx,
    args: ExtensionUpdateArgs,
    notices: &mut Vec<Notice>,
) -> anyhow::Result<Outcome> {
    let allow_preview = tri_state(args.allow_preview.as_deref());
    with_progress(ctx, extensions(ctx, args.index.as_deref())?)
        .update(&args.name, allow_preview, notices)
        .await?;
    Ok(Outcome::none())
}
