//! `azrs account show|list|set|clear`: the subscriptions cached in `azureProfile.json`
//! (`commands.md` §5), one file per verb. No HTTP: everything is read from and written to the
//! config dir through the `config` models, so az and azrs see the same default subscription.
//! The exception is `account list-locations`, which asks ARM for the subscription's regions.
//! `account list --refresh` is accepted but serves the cache (re-querying every stored
//! credential is out of scope).
//!
//! The "active cloud" is the one `config` names, except under the embedded emulator
//! (`AZRS_EMULATOR`), where logins are recorded under
//! [`crate::config::clouds::EMULATOR_CLOUD`]; [`Ctx::active_cloud_name`] decides.

pub mod clear;
pub mod list;
pub mod list_locations;
pub mod set;
pub mod show;

use serde_json::{Map, Value};

use crate::cli::AccountCommand;
use crate::commands::{Ctx, Outcome, fail};

/// Runs one `account` verb.
pub async fn run(ctx: &Ctx, command: AccountCommand) -> anyhow::Result<Outcome> {
    let cloud = ctx.active_cloud_name()?;
    match command {
        AccountCommand::Clear(_) => {
            clear::account_clear(&ctx.config_dir)?;
            Ok(Outcome::none())
        }
        AccountCommand::Show(args) => {
            let sub = args.subscription(&ctx.global);
            let entry = show::account_show(&ctx.config_dir, &cloud, sub)?;
            Ok(Outcome::value(entry))
        }
        AccountCommand::List(args) => {
            let list = list::account_list(&ctx.config_dir, &cloud, args.all)?;
            for w in &list.warnings {
                ctx.warn(w);
            }
            Ok(Outcome::table(list.items, list::table))
        }
        AccountCommand::ListLocations(args) => list_locations::run(ctx, args).await,
        AccountCommand::Set(args) => {
            let Some(sub) = args.subscription(&ctx.global) else {
                return fail("the following arguments are required: --name/-n/--subscription/-s");
            };
            set::account_set(&ctx.config_dir, &cloud, sub)?;
            Ok(Outcome::none())
        }
    }
}

/// A profile entry as az prints it: `environmentName` shown as `cloudName`, keeping the key's
/// position (`account list` and `login` print this shape).
pub(crate) fn with_cloud_name(s: &Value) -> Value {
    match s {
        Value::Object(o) => {
            let mut m = Map::new();
            for (k, v) in o {
                let key = if k == "environmentName" {
                    "cloudName".to_owned()
                } else {
                    k.clone()
                };
                m.insert(key, v.clone());
            }
            Value::Object(m)
        }
        other => other.clone(),
    }
}
