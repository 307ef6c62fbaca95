//! `azrs extension ...`: manage the CLI extensions installed in az's on-disk layout.

use super::meta::{AzVerbArgs, VerbMeta};
use clap::{Args, Subcommand};

use super::choice::Choice;

/// Manage and update CLI extensions.
#[derive(Debug, Args)]
pub struct ExtensionNamespace {
    /// The extension verb.
    #[command(subcommand)]
    pub command: ExtensionCommand,
}

/// The `extension` verbs.
#[derive(Debug, Subcommand)]
pub enum ExtensionCommand {
    /// Add an extension.
    Add(ExtensionAddArgs),
    /// List the installed extensions.
    List(ExtensionListArgs),
    /// List publicly available extensions.
    #[command(name = "list-available")]
    ListAvailable(ExtensionListAvailableArgs),
    /// Remove an extension.
    Remove(ExtensionRemoveArgs),
    /// Show an extension.
    Show(ExtensionShowArgs),
    /// Update an extension.
    Update(ExtensionUpdateArgs),
}

impl ExtensionCommand {
    /// The az command name, e.g. `"extension add"`.
    pub fn name(&self) -> &'static str {
        match self {
            ExtensionCommand::Add(_) => "extension add",
            ExtensionCommand::List(_) => "extension list",
            ExtensionCommand::ListAvailable(_) => "extension list-available",
            ExtensionCommand::Remove(_) => "extension remove",
            ExtensionCommand::Show(_) => "extension show",
            ExtensionCommand::Update(_) => "extension update",
        }
    }
}

impl ExtensionCommand {
    /// Every `extension` verb's path with az's argument metadata (see `cli::meta`).
    pub const VERBS: &'static [(&'static str, VerbMeta)] = &[
        ("extension add", ExtensionAddArgs::AZ),
        ("extension list", ExtensionListArgs::AZ),
        ("extension list-available", ExtensionListAvailableArgs::AZ),
        ("extension remove", ExtensionRemoveArgs::AZ),
        ("extension show", ExtensionShowArgs::AZ),
        ("extension update", ExtensionUpdateArgs::AZ),
    ];
}

impl AzVerbArgs for ExtensionAddArgs {}

impl AzVerbArgs for ExtensionListArgs {}

impl AzVerbArgs for ExtensionListAvailableArgs {}

impl AzVerbArgs for ExtensionRemoveArgs {}

impl AzVerbArgs for ExtensionShowArgs {}

impl AzVerbArgs for ExtensionUpdateArgs {}

/// The three-state `--allow-preview [true|false]` flag: absent, bare (true) or explicit.
const TRUE_FALSE: Choice = Choice(&["false", "true"]);

/// `extension add`: install an extension by name from the index, or from a wheel.
#[derive(Debug, Clone, Args)]
pub struct ExtensionAddArgs {
    /// Name of extension.
    #[arg(short = 'n', long, value_name = "NAME")]
    pub name: Option<String>,

    /// Filepath or URL to an extension.
    #[arg(short = 's', long, value_name = "SOURCE")]
    pub source: Option<String>,

    /// The specific version of an extension, or `latest`.
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,

    /// Include preview versions of extensions.
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_parser = TRUE_FALSE, value_name = "BOOL")]
    pub allow_preview: Option<String>,

    /// Update the extension if already installed, otherwise just install the extension.
    #[arg(long)]
    pub upgrade: bool,

    /// Use a system directory for the extension (`[extension] sys_dir` /
    /// `AZURE_EXTENSION_SYS_DIR`).
    #[arg(long)]
    pub system: bool,

    /// Do not prompt for confirmation.
    #[arg(short = 'y', long)]
    pub yes: bool,

    /// Space-separated list of extra URLs of package indexes to use (accepted; azrs installs
    /// pure wheels only).
    #[arg(long, num_args = 1.., value_name = "URL")]
    pub pip_extra_index_urls: Vec<String>,

    /// Proxy for pip to use for extension dependencies, in the form of
    /// [user:passwd@]proxy.server:port (accepted; azrs installs pure wheels only).
    #[arg(long, value_name = "PROXY")]
    pub pip_proxy: Option<String>,

    /// Index URL to use instead of the default extension index.
    #[arg(long, hide = true, value_name = "URL")]
    pub index: Option<String>,
}

/// `extension list`: list the installed extensions.
#[derive(Debug, Clone, Args)]
pub struct ExtensionListArgs {}

/// `extension list-available`: list publicly available extensions.
#[derive(Debug, Clone, Args)]
pub struct ExtensionListAvailableArgs {
    /// Show the raw data from the extension index.
    #[arg(short = 'd', long)]
    pub show_details: bool,

    /// Index URL to use instead of the default extension index.
    #[arg(long, hide = true, value_name = "URL")]
    pub index: Option<String>,
}

/// `extension remove`: remove an extension.
#[derive(Debug, Clone, Args)]
pub struct ExtensionRemoveArgs {
    /// Name of extension.
    #[arg(short = 'n', long, required = true, value_name = "NAME")]
    pub name: String,
}

/// `extension show`: show an extension.
#[derive(Debug, Clone, Args)]
pub struct ExtensionShowArgs {
    /// Name of extension.
    #[arg(short = 'n', long, required = true, value_name = "NAME")]
    pub name: String,
}

/// `extension update`: update an installed extension to the newest suitable version.
#[derive(Debug, Clone, Args)]
pub struct ExtensionUpdateArgs {
    /// Name of extension.
    #[arg(short = 'n', long, required = true, value_name = "NAME")]
    pub name: String,

    /// Include preview versions of extensions.
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_parser = TRUE_FALSE, value_name = "BOOL")]
    pub allow_preview: Option<String>,

    /// Space-separated list of extra URLs of package indexes to use (accepted; azrs installs
    /// pure wheels only).
    #[arg(long, num_args = 1.., value_name = "URL")]
    pub pip_extra_index_urls: Vec<String>,

    /// Proxy for pip to use for extension dependencies (accepted; azrs installs pure wheels
    /// only).
    #[arg(long, value_name = "PROXY")]
    pub pip_proxy: Option<String>,

    /// Index URL to use instead of the default extension index.
    #[arg(long, hide = true, value_name = "URL")]
    pub index: Option<String>,
}
