//! `cloud set --name N [--profile P]`: switch the active cloud in `config` and, as az does, the
//! default subscription to the one recorded for that cloud (or its first enabled one), with
//! az's warnings.

use super::not_registered;
use crate::cli::CloudSetArgs;
use crate::commands::{Ctx, Outcome};
use crate::config::clouds::{active_cloud_name, all_clouds};
use crate::config::subscriptions::{set_default, str_field};
use crate::config::{ConfigDir, ConfigError, IniFile, Profile};

/// `azrs cloud set`.
pub fn run(ctx: &Ctx, args: &CloudSetArgs) -> anyhow::Result<Outcome> {
    for w in cloud_set(&ctx.config_dir, &args.name, ctx.env_var("AZURE_CLOUD_NAME"))? {
        ctx.warn(&w);
    }
    if let Some(profile) = &args.profile {
        set_profile(ctx, &args.name, profile)?;
    }
    Ok(Outcome::none())
}

/// `cloud set --name N`: switch the active cloud and its default subscription. Returns the
/// warnings az prints (in order); nothing for a no-op switch.
pub fn cloud_set(
    dir: &ConfigDir,
    name: &str,
    env_cloud_name: Option<&str>,
) -> Result<Vec<String>, ConfigError> {
    if !all_clouds(dir)?.iter().any(|c| c.name == name) {
        return Err(not_registered(name));
    }
    if active_cloud_name(dir, env_cloud_name)? == name {
        return Ok(vec![]);
    }
    let mut cfg = IniFile::load(&dir.config_file())?;
    cfg.set("cloud", "name", name);
    cfg.save(&dir.config_file())?;
    let mut warnings = vec![format!("Switched active cloud to '{name}'.")];
    let mut profile = Profile::load(&dir.profile_file())?;
    let preferred = IniFile::load(&dir.clouds_file())?.get(name, "subscription");
    let candidate = preferred.or_else(|| {
        profile
            .subscriptions()
            .iter()
            .find(|s| str_field(s, "environmentName") == name && str_field(s, "state") == "Enabled")
            .map(|s| str_field(s, "id").to_owned())
    });
    match candidate {
        Some(id) => {
            match set_default(&mut profile, name, &id) {
                Ok((sub_name, sub_id)) => {
                    profile.save(&dir.profile_file())?;
                    warnings.push(format!(
                        "Active subscription switched to '{sub_name} ({sub_id})'."
                    ));
                }
                Err(e) => {
                    warnings.push(e.to_string());
                    warnings.push("Unable to automatically switch the active subscription. Use 'az account set'.".into());
                }
            }
        }
        None => {
            warnings.push("Use 'az login' to log in to this cloud.".into());
            warnings.push("Use 'az account set' to set the active subscription.".into());
        }
    }
    Ok(warnings)
}

/// `cloud set --profile`: only `latest` exists in az 2.91, so this records it for the cloud.
fn set_profile(ctx: &Ctx, name: &str, profile: &str) -> anyhow::Result<()> {
    let path = ctx.config_dir.clouds_file();
    let mut file = IniFile::load(&path)?;
    file.set(name, "profile", profile);
    file.save(&path)?;
    Ok(())
}
