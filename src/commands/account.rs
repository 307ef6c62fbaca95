//! `azrs account show|list|set`: the subscriptions cached in `azureProfile.json`
//! (`commands.md` §5). No HTTP: everything is read from and written to the config dir through
//! `config::account`, so az and azrs see the same default subscription. `account list
//! --refresh` is accepted but serves the cache (re-querying every stored credential is out of
//! scope).
//!
//! The "active cloud" is the one `config` names, except under the embedded emulator
//! (`AZRS_EMULATOR`), where logins are recorded under [`crate::app::EMULATOR_CLOUD`].

use crate::cli::AccountCommand;
use crate::commands::{Ctx, Outcome, fail};
use crate::config;
use crate::output::transformers;

/// Runs one `account` verb.
pub async fn run(ctx: &Ctx, command: AccountCommand) -> anyhow::Result<Outcome> {
    let cloud = active_cloud_name(ctx)?;
    match command {
        AccountCommand::Show(args) => {
            let sub = args.subscription(&ctx.global);
            let entry = config::account::account_show(&ctx.config_dir, &cloud, sub)?;
            Ok(Outcome::value(entry))
        }
        AccountCommand::List(args) => {
            let list = config::account::account_list(&ctx.config_dir, &cloud, args.all)?;
            for w in &list.warnings {
                ctx.warn(w);
            }
            Ok(Outcome::table(list.items, transformers::account_list))
        }
        AccountCommand::Set(args) => {
            let Some(sub) = args.subscription(&ctx.global) else {
                return fail("the following arguments are required: --name/-n/--subscription/-s");
            };
            config::account::account_set(&ctx.config_dir, &cloud, sub)?;
            Ok(Outcome::none())
        }
    }
}

/// The cloud whose subscriptions `account` and `login` work on.
pub(crate) fn active_cloud_name(ctx: &Ctx) -> anyhow::Result<String> {
    if ctx.emulator_dir.is_some() {
        return Ok(crate::app::EMULATOR_CLOUD.to_string());
    }
    Ok(config::clouds::active_cloud_name(
        &ctx.config_dir,
        ctx.env_var("AZURE_CLOUD_NAME"),
    )?)
}
