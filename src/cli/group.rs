//! `azrs group ...`: resource group commands (az's `resource` module, `group` verbs in scope).

use super::meta::{AzVerbArgs, ConfiguredDefault, VerbMeta};
use clap::{Args, Subcommand};

use super::choice::Choice;

/// Manage resource groups and template deployments.
#[derive(Debug, Args)]
pub struct GroupNamespace {
    /// The group verb.
    #[command(subcommand)]
    pub command: GroupCommand,
}

/// The `group` verbs.
#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// Create a new resource group.
    Create(GroupCreateArgs),
    /// Delete a resource group.
    Delete(GroupDeleteArgs),
    /// Check if a resource group exists.
    Exists(GroupExistsArgs),
    /// List resource groups.
    List(GroupListArgs),
    /// Gets a resource group.
    Show(GroupShowArgs),
    /// Place the CLI in a waiting state until a condition of the resource group is met.
    Wait(GroupWaitArgs),
}

impl GroupCommand {
    /// The az command name, e.g. `"group create"`.
    pub fn name(&self) -> &'static str {
        match self {
            GroupCommand::Create(_) => "group create",
            GroupCommand::Delete(_) => "group delete",
            GroupCommand::Exists(_) => "group exists",
            GroupCommand::List(_) => "group list",
            GroupCommand::Show(_) => "group show",
            GroupCommand::Wait(_) => "group wait",
        }
    }
}

impl GroupCommand {
    /// Every `group` verb's path with az's argument metadata (see `cli::meta`).
    pub const VERBS: &'static [(&'static str, VerbMeta)] = &[
        ("group create", GroupCreateArgs::AZ),
        ("group delete", GroupDeleteArgs::AZ),
        ("group exists", GroupExistsArgs::AZ),
        ("group list", GroupListArgs::AZ),
        ("group show", GroupShowArgs::AZ),
        ("group wait", GroupWaitArgs::AZ),
    ];
}

impl AzVerbArgs for GroupCreateArgs {
    const AZ: VerbMeta = VerbMeta {
        defaults: &[("location", ConfiguredDefault::Location)],
        spellings: &[("name", &["--name", "--resource-group", "-n", "-g"])],
        required_any_of: None,
    };
}

impl AzVerbArgs for GroupDeleteArgs {}

impl AzVerbArgs for GroupExistsArgs {}

impl AzVerbArgs for GroupListArgs {}

impl AzVerbArgs for GroupShowArgs {}

impl AzVerbArgs for GroupWaitArgs {}

/// The resource group name, spelled `--name/-n/--resource-group/-g` as in az.
#[derive(Debug, Clone, Args)]
pub struct GroupNameArg {
    /// Name of resource group.
    #[arg(
        id = "name",
        long = "name",
        short = 'n',
        visible_alias = "resource-group",
        visible_short_alias = 'g',
        alias = "resource-group-name",
        required = true,
        value_name = "NAME"
    )]
    pub name: String,
}

/// `group create`: create a new resource group.
#[derive(Debug, Clone, Args)]
pub struct GroupCreateArgs {
    #[command(flatten)]
    pub group: GroupNameArg,

    /// Location. Values from: `az account list-locations`. You can configure the default
    /// location using `az configure --defaults location=<location>`.
    #[arg(short = 'l', long, required = true, value_name = "LOCATION")]
    pub location: String,

    /// Space-separated tags: key[=value] [key[=value] ...]. Use "" to clear existing tags.
    #[arg(long, num_args = 1.., value_name = "TAGS")]
    pub tags: Vec<String>,

    /// The ID of the resource that manages this resource group.
    #[arg(long, value_name = "ID")]
    pub managed_by: Option<String>,
}

/// `group delete`: delete a resource group.
#[derive(Debug, Clone, Args)]
pub struct GroupDeleteArgs {
    #[command(flatten)]
    pub group: GroupNameArg,

    /// The resource types you want to force delete.
    #[arg(
        short = 'f',
        long,
        value_name = "TYPE",
        value_parser = Choice(&[
            "Microsoft.Compute/virtualMachines",
            "Microsoft.Compute/virtualMachineScaleSets",
            "Microsoft.Databricks/workspaces",
        ])
    )]
    pub force_deletion_types: Option<String>,

    /// Do not wait for the long-running operation to finish.
    #[arg(long)]
    pub no_wait: bool,

    /// Do not prompt for confirmation.
    #[arg(short = 'y', long)]
    pub yes: bool,
}

/// `group exists`: check if a resource group exists.
#[derive(Debug, Clone, Args)]
pub struct GroupExistsArgs {
    #[command(flatten)]
    pub group: GroupNameArg,
}

/// `group list`: list resource groups.
#[derive(Debug, Clone, Args)]
pub struct GroupListArgs {
    /// A single tag in 'key[=value]' format. Use "" to clear existing tags.
    // az declares it `nargs='?'`: `--tag` alone is accepted and filters nothing.
    #[arg(long, value_name = "TAG", num_args = 0..=1)]
    pub tag: Option<String>,
}

/// `group show`: get a resource group.
#[derive(Debug, Clone, Args)]
pub struct GroupShowArgs {
    #[command(flatten)]
    pub group: GroupNameArg,
}

/// `group wait`: wait until a condition of the resource group is met.
#[derive(Debug, Clone, Args)]
pub struct GroupWaitArgs {
    #[command(flatten)]
    pub group: GroupNameArg,

    #[command(flatten)]
    pub wait: super::WaitArgs,
}
