//! `cloud unregister --name N`: remove a custom cloud from `clouds.config`; az refuses the
//! active cloud and the built-in ones.

use super::not_registered;
use crate::config::clouds::{active_cloud_name, all_clouds, is_builtin};
use crate::config::{ConfigDir, ConfigError, IniFile};

/// `cloud unregister --name N`.
pub fn cloud_unregister(
    dir: &ConfigDir,
    name: &str,
    env_cloud_name: Option<&str>,
) -> Result<(), ConfigError> {
    if !all_clouds(dir)?.iter().any(|c| c.name == name) {
        return Err(not_registered(name));
    }
    if active_cloud_name(dir, env_cloud_name)? == name {
        return Err(ConfigError::User(format!(
            "The cloud '{name}' cannot be unregistered as it's currently active."
        )));
    }
    if is_builtin(name) {
        return Err(ConfigError::User(format!(
            "The cloud '{name}' cannot be unregistered as it's not a custom cloud."
        )));
    }
    let mut file = IniFile::load(&dir.clouds_file())?;
    file.remove_section(name);
    file.save(&dir.clouds_file())
}
