//! `azrs config get|set|unset` (az's experimental `config` group over the `config` INI) and
//! `azrs configure --defaults|--list-defaults`: clap data only.

use super::meta::{AzVerbArgs, VerbMeta};
use clap::{Args, Subcommand};

/// Manage Azure CLI configuration.
#[derive(Debug, Args)]
pub struct ConfigNamespace {
    /// The config verb.
    #[command(subcommand)]
    pub command: ConfigCommand,
}

/// The `config` verbs.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Get a configuration.
    Get(ConfigGetArgs),
    /// Set a configuration.
    Set(ConfigSetArgs),
    /// Unset a configuration.
    Unset(ConfigUnsetArgs),
}

impl ConfigCommand {
    /// The az command name, e.g. `"config set"`.
    pub fn name(&self) -> &'static str {
        match self {
            ConfigCommand::Get(_) => "config get",
            ConfigCommand::Set(_) => "config set",
            ConfigCommand::Unset(_) => "config unset",
        }
    }

    /// Every `config` verb's path with az's argument metadata (see `cli::meta`).
    pub const VERBS: &'static [(&'static str, VerbMeta)] = &[
        ("config get", ConfigGetArgs::AZ),
        ("config set", ConfigSetArgs::AZ),
        ("config unset", ConfigUnsetArgs::AZ),
        ("configure", ConfigureArgs::AZ),
    ];
}

impl AzVerbArgs for ConfigGetArgs {}
impl AzVerbArgs for ConfigSetArgs {}
impl AzVerbArgs for ConfigUnsetArgs {}
impl AzVerbArgs for ConfigureArgs {}

/// `config get [KEY] [--local]`.
#[derive(Debug, Clone, Args)]
pub struct ConfigGetArgs {
    /// The configuration to get. If not provided, all sections and configurations will be
    /// listed. If `section` is provided, all configurations under the specified section will be
    /// listed. If `<section>.<name>` is provided, only the corresponding configuration is shown.
    #[arg(value_name = "KEY")]
    pub key: Option<String>,
    /// Include local configuration. Scan from the working directory up to the root drive, then
    /// the global configuration and return the first occurrence.
    #[arg(long)]
    pub local: bool,
}

/// `config set KEY=VALUE ... [--local]`.
#[derive(Debug, Clone, Args)]
pub struct ConfigSetArgs {
    /// Space-separated configurations in the form of <section>.<key>=<value>.
    #[arg(value_name = "KEY_VALUE", required = true, num_args = 1..)]
    pub key_value: Vec<String>,
    /// Set as a local configuration in the working directory.
    #[arg(long)]
    pub local: bool,
}

/// `config unset KEY ... [--local]`.
#[derive(Debug, Clone, Args)]
pub struct ConfigUnsetArgs {
    /// The configuration to unset, in the form of <section>.<key>.
    #[arg(value_name = "KEY", required = true, num_args = 1..)]
    pub key: Vec<String>,
    /// Include local configuration. Scan from the working directory up to the root drive, then
    /// the global configuration and unset the first occurrence.
    #[arg(long)]
    pub local: bool,
}

/// `configure`: only its non-interactive forms.
#[derive(Debug, Clone, Args)]
pub struct ConfigureArgs {
    /// Space-separated 'name=value' pairs for common argument defaults.
    #[arg(short = 'd', long, value_name = "DEFAULTS", num_args = 1..)]
    pub defaults: Vec<String>,
    /// List all applicable defaults.
    #[arg(short = 'l', long, value_name = "BOOL", num_args = 0..=1,
          default_missing_value = "true", value_parser = ["true", "false"])]
    pub list_defaults: Option<String>,
    /// Scope of defaults. Using "local" for settings only effective under current folder.
    #[arg(long, value_name = "SCOPE", default_value = "global",
          value_parser = ["global", "local"], ignore_case = true)]
    pub scope: String,
}
