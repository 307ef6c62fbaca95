//! `azrs cloud list|show|set|register|unregister`, one file per verb: the built-in clouds plus
//! custom ones in az's `clouds.config`, and the active cloud in `[cloud] name` of `config` (all
//! through the `config::clouds` model, so clouds registered with az are seen here and the other
//! way round). This module holds what the verbs share: the dispatcher and how az prints a cloud.

pub mod list;
pub mod metadata;
pub mod register;
pub mod set;
pub mod show;
pub mod unregister;

use serde_json::{Value, json};

use crate::cli::CloudCommand;
use crate::commands::{Ctx, Outcome};
use crate::config::clouds::{ENDPOINT_NAMES, SUFFIX_NAMES};
use crate::config::{Cloud, ConfigError};

/// Runs one `cloud` verb.
pub async fn run(ctx: &Ctx, command: CloudCommand) -> anyhow::Result<Outcome> {
    let env_cloud = ctx.env_var("AZURE_CLOUD_NAME");
    let dir = &ctx.config_dir;
    match command {
        CloudCommand::List(_) => Ok(Outcome::value(list::cloud_list(dir, env_cloud)?)),
        CloudCommand::Show(args) => Ok(Outcome::value(show::cloud_show(
            dir,
            args.name.as_deref(),
            env_cloud,
        )?)),
        CloudCommand::Set(args) => set::run(ctx, &args),
        CloudCommand::Register(args) => register::run(ctx, &args).await,
        CloudCommand::Unregister(args) => {
            unregister::cloud_unregister(dir, &args.name, env_cloud)?;
            Ok(Outcome::none())
        }
    }
}

/// az's error for a cloud name that is neither built in nor in `clouds.config`.
pub(crate) fn not_registered(name: &str) -> ConfigError {
    ConfigError::User(format!("The cloud '{name}' is not registered."))
}

/// The object az prints for `cloud show` / `cloud list` items: every attribute az knows,
/// `null` when unset, then any others the config holds, keys sorted.
pub fn cloud_json(cloud: &Cloud, is_active: bool) -> Value {
    fn section(known: &[&str], set: &[(String, String)]) -> Value {
        let mut all: Vec<(String, Value)> = known
            .iter()
            .filter(|k| !set.iter().any(|(s, _)| s == *k))
            .map(|k| (crate::py::camel_case(k), Value::Null))
            .chain(
                set.iter()
                    .map(|(k, v)| (crate::py::camel_case(k), Value::String(v.clone()))),
            )
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        Value::Object(all.into_iter().collect())
    }
    json!({
        "endpoints": section(ENDPOINT_NAMES, &cloud.endpoints),
        "isActive": is_active,
        "name": cloud.name,
        "profile": cloud.profile,
        "suffixes": section(SUFFIX_NAMES, &cloud.suffixes),
    })
}
