//! `azrs extension add|update|remove|list|show|list-available`: az's extension commands on
//! az's on-disk layout, through [`crate::extension`].
//!
//! Settings are resolved once here, as az does: the user directory from `AZURE_EXTENSION_DIR` /
//! `[extension] dir` (else `$AZURE_CONFIG_DIR/cliextensions`), `[extension] sys_dir` and
//! `dev_sources`, the index URL from the hidden `--index`, else `[extension] index_url` /
//! `AZURE_EXTENSION_INDEX_URL`, else az's default, and extra CA roots from
//! `REQUESTS_CA_BUNDLE`. The library's notices are printed in order (`WARNING:` through
//! [`Ctx::warn`], `ERROR:` lines through [`Ctx::error_line`]) before the result or the error.
//! A download progress bar is drawn only when stderr is a terminal.
//!
//! One file per verb; this module holds what they share: the dispatcher, the notices and the
//! error text, the settings, and the download progress bar.

pub mod add;
pub mod list;
pub mod list_available;
pub mod remove;
pub mod show;
pub mod update;

use std::path::PathBuf;
use std::time::Duration;

use crate::cli::ExtensionCommand;
use crate::commands::{CliError, Ctx, Outcome};
use crate::extension::{self, ExtensionError, ExtensionSettings, Extensions, Notice, Progress};
use crate::term;

/// Runs one `extension` verb.
pub(crate) async fn run(ctx: &Ctx, command: ExtensionCommand) -> anyhow::Result<Outcome> {
    let mut notices = Vec::new();
    let result = run_verb(ctx, command, &mut notices).await;
    for n in &notices {
        match n {
            Notice::Warning(w) => ctx.warn(w),
            Notice::Error(e) => ctx.error_line(e),
        }
    }
    // The library's errors display az's text; report exactly that (no source chain).
    result.map_err(|e| match e.downcast::<ExtensionError>() {
        Ok(ext) => CliError::new(ext.to_string()).into(),
        Err(other) => other,
    })
}

async fn run_verb(
    ctx: &Ctx,
    command: ExtensionCommand,
    notices: &mut Vec<Notice>,
) -> Result<Outcome, anyhow::Error> {
    match command {
        ExtensionCommand::Add(args) => add::run(ctx, args, notices).await,
        ExtensionCommand::List(_) => list::run(ctx),
        ExtensionCommand::ListAvailable(args) => list_available::run(ctx, args, notices).await,
        ExtensionCommand::Remove(args) => remove::run(ctx, args),
        ExtensionCommand::Show(args) => show::run(ctx, args),
        ExtensionCommand::Update(args) => update::run(ctx, args, notices).await,
    }
}

/// `--allow-preview` as parsed (`None` when absent).
fn tri_state(v: Option<&str>) -> Option<bool> {
    v.map(|v| v.eq_ignore_ascii_case("true"))
}

/// The extensions installed in the user directory (no network, no transport).
pub(crate) fn installed(ctx: &Ctx) -> Vec<extension::Installed> {
    Extensions::new(ExtensionSettings::new(
        user_dir(ctx),
        extension::DEFAULT_INDEX_URL,
    ))
    .installed()
}

/// `AZURE_EXTENSION_DIR` / `[extension] dir`, else `$AZURE_CONFIG_DIR/cliextensions`.
pub(crate) fn user_dir(ctx: &Ctx) -> PathBuf {
    extension::user_dir(
        ctx.settings.get("extension", "dir").as_deref(),
        ctx.config_dir.path(),
        Some(ctx.home.as_path()),
    )
}

/// The extension settings for this invocation.
///
/// With the embedded emulator, the index is the emulator's (`<origin>/extensions/index.json`,
/// unless `--index` says otherwise) and downloads go through its in-process transport, so the
/// walkthrough runs with no network.
fn settings(ctx: &Ctx, index: Option<&str>) -> anyhow::Result<ExtensionSettings> {
    let dir = user_dir(ctx);
    let emulator_index = ctx
        .emulator_origin
        .map(|origin| format!("{origin}/extensions/index.json"));
    let index_url = index
        .map(str::to_owned)
        .or(emulator_index)
        .or_else(|| {
            ctx.settings
                .get("extension", "index_url")
                .filter(|u| !u.is_empty())
        })
        .unwrap_or_else(|| extension::DEFAULT_INDEX_URL.to_owned());
    let mut s = ExtensionSettings::new(dir, index_url);
    s.sys_dir = ctx
        .settings
        .get("extension", "sys_dir")
        .filter(|d| !d.is_empty())
        .map(|d| crate::py::expanduser(&d, &ctx.home));
    s.dev_sources = ctx
        .settings
        .get("extension", "dev_sources")
        .map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| crate::py::expanduser(p, &ctx.home))
                .collect()
        })
        .unwrap_or_default();
    s.ca_bundle = ctx.env_var("REQUESTS_CA_BUNDLE").map(PathBuf::from);
    s.home = Some(ctx.home.clone());
    if crate::commands::no_delay(ctx) {
        s.index_retry_delay = Duration::ZERO;
    }
    if ctx.emulator_origin.is_some() {
        s.transport = Some(ctx.transport()?);
    }
    Ok(s)
}

fn extensions(ctx: &Ctx, index: Option<&str>) -> anyhow::Result<Extensions> {
    Ok(Extensions::new(settings(ctx, index)?))
}

/// Draws the download bar on a terminal (a no-op otherwise).
fn with_progress(ctx: &Ctx, ext: Extensions) -> Extensions {
    let bar = term::Progress::new(&ctx.term, "Downloading");
    ext.with_progress(move |p| match p {
        Progress::Downloading { received, total } => bar.update(received, total),
        Progress::Validating | Progress::Installing => bar.finish(),
        Progress::Searching => {}
    })
}

#[cfg(test)]
mod tests {
    use super::tri_state;

    #[test]
    fn allow_preview_is_three_state() {
        assert_eq!(tri_state(None), None);
        assert_eq!(tri_state(Some("true")), Some(true));
        assert_eq!(tri_state(Some("False")), Some(false));
    }
}
