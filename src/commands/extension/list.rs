//! `extension list`: the installed extensions (user and system directories); no network.

use super::extensions;
use crate::commands::{Ctx, Outcome};

/// `extension list`.
pub(crate) fn run(ctx: &Ctx) -> anyhow::Result<Outcome> {
    Ok(Outcome::value(extensions(ctx, None)?.list()))
}
