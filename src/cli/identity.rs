//! `azrs identity ...`: user-assigned managed identities (az's `identity` module, the
//! create/show/list/delete verbs the managed-identity docs use).

use clap::{Args, Subcommand};

use super::choice::Choice;
use super::meta::{AzVerbArgs, ConfiguredDefault, VerbMeta};

/// Manage Managed Identities.
#[derive(Debug, Args)]
pub struct IdentityNamespace {
    /// The identity verb.
    #[command(subcommand)]
    pub command: IdentityCommand,
}

/// The `identity` verbs.
#[derive(Debug, Subcommand)]
pub enum IdentityCommand {
    /// Create an identity.
    Create(IdentityCreateArgs),
    /// Delete an identity.
    Delete(IdentityDeleteArgs),
    /// List identities.
    List(IdentityListArgs),
    /// Show an identity.
    Show(IdentityShowArgs),
}

impl IdentityCommand {
    /// The az command name, e.g. `"identity create"`.
    pub fn name(&self) -> &'static str {
        match self {
            IdentityCommand::Create(_) => "identity create",
            IdentityCommand::Delete(_) => "identity delete",
            IdentityCommand::List(_) => "identity list",
            IdentityCommand::Show(_) => "identity show",
        }
    }

    /// Every `identity` verb's path with az's argument metadata (see `cli::meta`).
    pub const VERBS: &'static [(&'static str, VerbMeta)] = &[
        ("identity create", IdentityCreateArgs::AZ),
        ("identity delete", IdentityDeleteArgs::AZ),
        ("identity list", IdentityListArgs::AZ),
        ("identity show", IdentityShowArgs::AZ),
    ];
}

/// az lists the name's spellings `--name --resource-name -n`.
const NAMED: VerbMeta = VerbMeta {
    defaults: &[("resource_group", ConfiguredDefault::Group)],
    spellings: &[("name", &["--name", "--resource-name", "-n"])],
    required_any_of: None,
};

impl AzVerbArgs for IdentityCreateArgs {
    const AZ: VerbMeta = NAMED;
}

impl AzVerbArgs for IdentityDeleteArgs {
    const AZ: VerbMeta = NAMED;
}

impl AzVerbArgs for IdentityShowArgs {
    const AZ: VerbMeta = NAMED;
}

impl AzVerbArgs for IdentityListArgs {
    const AZ: VerbMeta = VerbMeta {
        defaults: &[("resource_group", ConfiguredDefault::Group)],
        ..VerbMeta::PLAIN
    };
}

/// One identity, addressed by resource group and name.
#[derive(Debug, Clone, Args)]
pub struct IdentityRefArgs {
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

    /// The name of the identity resource.
    #[arg(
        id = "name",
        short = 'n',
        long = "name",
        visible_alias = "resource-name",
        required = true,
        value_name = "NAME"
    )]
    pub name: String,
}

/// `identity create`.
#[derive(Debug, Clone, Args)]
pub struct IdentityCreateArgs {
    #[command(flatten)]
    pub identity: IdentityRefArgs,

    /// The geo-location where the resource lives. When not specified, the location of the
    /// resource group will be used.
    #[arg(short = 'l', long, value_name = "LOCATION")]
    pub location: Option<String>,

    /// Resource tags.
    #[arg(long, num_args = 1.., value_name = "TAGS")]
    pub tags: Option<Vec<String>>,

    /// Enum to configure regional restrictions on identity assignment, as necessary.
    #[arg(long, value_name = "SCOPE", value_parser = Choice(&["None", "Regional"]))]
    pub isolation_scope: Option<String>,
}

/// `identity delete`.
#[derive(Debug, Clone, Args)]
pub struct IdentityDeleteArgs {
    #[command(flatten)]
    pub identity: IdentityRefArgs,
}

/// `identity show`.
#[derive(Debug, Clone, Args)]
pub struct IdentityShowArgs {
    #[command(flatten)]
    pub identity: IdentityRefArgs,
}

/// `identity list`.
#[derive(Debug, Clone, Args)]
pub struct IdentityListArgs {
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
