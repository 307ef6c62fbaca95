//! `cloud show [--name N]`: one cloud as az prints it (default: the active cloud).

use serde_json::Value;

use super::{cloud_json, not_registered};
use crate::config::clouds::{active_cloud_name, all_clouds};
use crate::config::{ConfigDir, ConfigError};

/// `cloud show [--name N]` (default: the active cloud).
pub fn cloud_show(
    dir: &ConfigDir,
    name: Option<&str>,
    env_cloud_name: Option<&str>,
) -> Result<Value, ConfigError> {
    let active = active_cloud_name(dir, env_cloud_name)?;
    let name = name.unwrap_or(&active);
    let c = all_clouds(dir)?
        .into_iter()
        .find(|c| c.name == name)
        .ok_or_else(|| not_registered(name))?;
    Ok(cloud_json(&c, c.name == active))
}
