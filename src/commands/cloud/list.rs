//! `cloud list`: every cloud (built-ins overlaid by `clouds.config`, then custom clouds in file
//! order), each marked active or not. No table transformer (az registers none).

use serde_json::Value;

use super::cloud_json;
use crate::config::clouds::{active_cloud_name, all_clouds};
use crate::config::{ConfigDir, ConfigError};

/// `cloud list`.
pub fn cloud_list(dir: &ConfigDir, env_cloud_name: Option<&str>) -> Result<Value, ConfigError> {
    let active = active_cloud_name(dir, env_cloud_name)?;
    Ok(Value::Array(
        all_clouds(dir)?
            .iter()
            .map(|c| cloud_json(c, c.name == active))
            .collect(),
    ))
}
