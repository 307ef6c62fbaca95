//! `azrs acr ...`: container registries as resources (az's `acr` module; create, show, list,
//! delete). Images, tokens, webhooks and the registry's data plane are out of scope. az's
//! name checks (lowercase, no dashes) run in `commands::acr` and exit 1, so `--name` is a plain
//! string here; `--sku` is az's enum.

use super::choice::Choice;
use super::meta::{AzVerbArgs, ConfiguredDefault, VerbMeta};
use clap::{Args, Subcommand};

/// Manage private registries with Azure Container Registries.
#[derive(Debug, Args)]
pub struct AcrNamespace {
    /// The acr verb.
    #[command(subcommand)]
    pub command: AcrCommand,
}

/// The `acr` verbs.
#[derive(Debug, Subcommand)]
pub enum AcrCommand {
    /// Create an Azure Container Registry.
    Create(AcrCreateArgs),
    /// Delete an Azure Container Registry.
    Delete(AcrDeleteArgs),
    /// List all container registries under the current subscription.
    List(AcrListArgs),
    /// Get the details of an Azure Container Registry.
    Show(AcrShowArgs),
}

impl AcrCommand {
    /// The az command name, e.g. `"acr create"`.
    pub fn name(&self) -> &'static str {
        match self {
            AcrCommand::Create(_) => "acr create",
            AcrCommand::Delete(_) => "acr delete",
            AcrCommand::List(_) => "acr list",
            AcrCommand::Show(_) => "acr show",
        }
    }

    /// Every `acr` verb's path with az's argument metadata (see `cli::meta`).
    pub const VERBS: &'static [(&'static str, VerbMeta)] = &[
        ("acr create", AcrCreateArgs::AZ),
        ("acr delete", AcrDeleteArgs::AZ),
        ("acr list", AcrListArgs::AZ),
        ("acr show", AcrShowArgs::AZ),
    ];
}

const GROUP_DEFAULT: VerbMeta = VerbMeta {
    defaults: &[("resource_group", ConfiguredDefault::Group)],
    ..VerbMeta::PLAIN
};

impl AzVerbArgs for AcrCreateArgs {
    const AZ: VerbMeta = VerbMeta {
        defaults: &[
            ("resource_group", ConfiguredDefault::Group),
            ("location", ConfiguredDefault::Location),
        ],
        ..VerbMeta::PLAIN
    };
}
impl AzVerbArgs for AcrDeleteArgs {
    const AZ: VerbMeta = GROUP_DEFAULT;
}
impl AzVerbArgs for AcrListArgs {
    const AZ: VerbMeta = GROUP_DEFAULT;
}
impl AzVerbArgs for AcrShowArgs {
    const AZ: VerbMeta = GROUP_DEFAULT;
}

/// az's `get_three_state_flag`: absent, bare (true) or explicit.
const TRUE_FALSE: Choice = Choice(&["false", "true"]);

/// The registry SKUs az offers.
const SKUS: Choice = Choice(&["Basic", "Standard", "Premium"]);

/// The registry name (`-n`), required by every verb but `list`.
#[derive(Debug, Clone, Args)]
pub struct AcrNameArg {
    /// The name of the container registry. It should be specified in lower case. You can
    /// configure the default registry name using `az configure --defaults acr=<registry name>`.
    #[arg(short = 'n', long, required = true, value_name = "NAME")]
    pub name: String,
}

/// `acr create`.
#[derive(Debug, Clone, Args)]
pub struct AcrCreateArgs {
    #[command(flatten)]
    pub registry: AcrNameArg,

    /// Name of resource group. You can configure the default group using
    /// `az configure --defaults group=<name>`.
    #[arg(
        id = "resource_group",
        short = 'g',
        long = "resource-group",
        required = true,
        value_name = "NAME"
    )]
    pub resource_group: String,

    /// The SKU of the container registry.
    #[arg(long, required = true, value_parser = SKUS, value_name = "SKU")]
    pub sku: String,

    /// Location. Values from: `az account list-locations`. You can configure the default
    /// location using `az configure --defaults location=<location>`.
    #[arg(short = 'l', long, value_name = "LOCATION")]
    pub location: Option<String>,

    /// Indicates whether the admin user is enabled.
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_parser = TRUE_FALSE, value_name = "BOOL")]
    pub admin_enabled: Option<String>,

    /// Space-separated tags: key[=value] [key[=value] ...]. Use "" to clear existing tags.
    #[arg(long, num_args = 0.., value_name = "TAGS")]
    pub tags: Option<Vec<String>>,
}

/// The optional resource group of `show`, `delete` and `list` (az finds it when absent).
#[derive(Debug, Clone, Args)]
pub struct AcrGroupArg {
    /// Name of resource group. You can configure the default group using
    /// `az configure --defaults group=<name>`.
    #[arg(
        id = "resource_group",
        short = 'g',
        long = "resource-group",
        value_name = "NAME"
    )]
    pub resource_group: Option<String>,
}

/// `acr delete`.
#[derive(Debug, Clone, Args)]
pub struct AcrDeleteArgs {
    #[command(flatten)]
    pub registry: AcrNameArg,

    #[command(flatten)]
    pub group: AcrGroupArg,

    /// Do not prompt for confirmation.
    #[arg(short = 'y', long)]
    pub yes: bool,
}

/// `acr list`.
#[derive(Debug, Clone, Args)]
pub struct AcrListArgs {
    #[command(flatten)]
    pub group: AcrGroupArg,
}

/// `acr show`.
#[derive(Debug, Clone, Args)]
pub struct AcrShowArgs {
    #[command(flatten)]
    pub registry: AcrNameArg,

    #[command(flatten)]
    pub group: AcrGroupArg,
}
