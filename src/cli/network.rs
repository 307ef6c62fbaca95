//! `azrs network vnet ...` and `azrs network vnet subnet ...`: the virtual-network verbs the
//! AKS bring-your-own-subnet flow uses (az's `network` module, whose commands are AAZ-generated).
//! Only the options of that flow are modelled; az's many others (peering, NSGs, delegations,
//! IPAM pools) are unknown here and rejected as az rejects any unknown option.

use super::meta::{AzVerbArgs, ConfiguredDefault, VerbMeta};
use clap::{Args, Subcommand};

/// Manage Azure Network resources.
#[derive(Debug, Args)]
pub struct NetworkNamespace {
    /// The network group.
    #[command(subcommand)]
    pub command: NetworkCommand,
}

/// The `network` groups in scope.
#[derive(Debug, Subcommand)]
pub enum NetworkCommand {
    /// Manage Azure Virtual Networks.
    Vnet(VnetNamespace),
}

/// Manage Azure Virtual Networks.
#[derive(Debug, Args)]
pub struct VnetNamespace {
    /// The vnet verb.
    #[command(subcommand)]
    pub command: VnetCommand,
}

/// The `network vnet` verbs and the `subnet` group.
#[derive(Debug, Subcommand)]
pub enum VnetCommand {
    /// Create a virtual network.
    Create(VnetCreateArgs),
    /// Delete a virtual network.
    Delete(VnetDeleteArgs),
    /// List virtual networks.
    List(VnetListArgs),
    /// Get the details of a virtual network.
    Show(VnetShowArgs),
    /// Manage subnets in an Azure Virtual Network.
    Subnet(SubnetNamespace),
}

/// Manage subnets in an Azure Virtual Network.
#[derive(Debug, Args)]
pub struct SubnetNamespace {
    /// The subnet verb.
    #[command(subcommand)]
    pub command: SubnetCommand,
}

/// The `network vnet subnet` verbs.
#[derive(Debug, Subcommand)]
pub enum SubnetCommand {
    /// Create a subnet and associate an existing NSG and route table.
    Create(SubnetCreateArgs),
    /// List the subnets in a virtual network.
    List(SubnetListArgs),
    /// Show details of a subnet.
    Show(SubnetShowArgs),
}

impl NetworkCommand {
    /// The az command name, e.g. `"network vnet create"`.
    pub fn name(&self) -> &'static str {
        match self {
            NetworkCommand::Vnet(ns) => match &ns.command {
                VnetCommand::Create(_) => "network vnet create",
                VnetCommand::Delete(_) => "network vnet delete",
                VnetCommand::List(_) => "network vnet list",
                VnetCommand::Show(_) => "network vnet show",
                VnetCommand::Subnet(sub) => match sub.command {
                    SubnetCommand::Create(_) => "network vnet subnet create",
                    SubnetCommand::List(_) => "network vnet subnet list",
                    SubnetCommand::Show(_) => "network vnet subnet show",
                },
            },
        }
    }

    /// Every `network` verb's path with az's argument metadata (see `cli::meta`).
    pub const VERBS: &'static [(&'static str, VerbMeta)] = &[
        ("network vnet create", VnetCreateArgs::AZ),
        ("network vnet delete", VnetDeleteArgs::AZ),
        ("network vnet list", VnetListArgs::AZ),
        ("network vnet show", VnetShowArgs::AZ),
        ("network vnet subnet create", SubnetCreateArgs::AZ),
        ("network vnet subnet list", SubnetListArgs::AZ),
        ("network vnet subnet show", SubnetShowArgs::AZ),
    ];
}

/// `-g` filled from `[defaults] group`, as every AAZ resource-group argument is.
const GROUP_DEFAULT: VerbMeta = VerbMeta {
    defaults: &[("resource_group", ConfiguredDefault::Group)],
    ..VerbMeta::PLAIN
};

impl AzVerbArgs for VnetCreateArgs {
    const AZ: VerbMeta = VerbMeta {
        defaults: &[
            ("resource_group", ConfiguredDefault::Group),
            ("location", ConfiguredDefault::Location),
        ],
        ..VerbMeta::PLAIN
    };
}
impl AzVerbArgs for VnetDeleteArgs {
    const AZ: VerbMeta = GROUP_DEFAULT;
}
impl AzVerbArgs for VnetListArgs {
    const AZ: VerbMeta = GROUP_DEFAULT;
}
impl AzVerbArgs for VnetShowArgs {
    const AZ: VerbMeta = GROUP_DEFAULT;
}
impl AzVerbArgs for SubnetCreateArgs {
    const AZ: VerbMeta = GROUP_DEFAULT;
}
impl AzVerbArgs for SubnetListArgs {
    const AZ: VerbMeta = GROUP_DEFAULT;
}
impl AzVerbArgs for SubnetShowArgs {
    const AZ: VerbMeta = GROUP_DEFAULT;
}

/// A virtual network, addressed by resource group and name.
#[derive(Debug, Clone, Args)]
pub struct VnetNameArgs {
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

    /// The virtual network (VNet) name.
    #[arg(short = 'n', long, required = true, value_name = "NAME")]
    pub name: String,
}

/// `network vnet create`.
#[derive(Debug, Clone, Args)]
pub struct VnetCreateArgs {
    #[command(flatten)]
    pub vnet: VnetNameArgs,

    /// Space-separated list of IP address prefixes for the VNet. Default: 10.0.0.0/16.
    #[arg(long, num_args = 1.., value_name = "PREFIXES")]
    pub address_prefixes: Vec<String>,

    /// Resource location. When not specified, the location of the resource group will be used.
    #[arg(short = 'l', long, value_name = "LOCATION")]
    pub location: Option<String>,

    /// Space-separated tags: key[=value] [key[=value] ...].
    #[arg(long, num_args = 0.., value_name = "TAGS")]
    pub tags: Option<Vec<String>>,

    /// Name of a new subnet to create within the VNet.
    #[arg(long, value_name = "NAME", help_heading = "Subnet")]
    pub subnet_name: Option<String>,

    /// Space-separated list of address prefixes in CIDR format for the new subnet. If omitted,
    /// automatically reserves a /24 (or as large as available) block within the VNet address
    /// space.
    #[arg(long, num_args = 1.., value_name = "PREFIXES", help_heading = "Subnet")]
    pub subnet_prefixes: Vec<String>,

    /// Do not wait for the long-running operation to finish.
    #[arg(long)]
    pub no_wait: bool,
}

/// `network vnet delete`.
#[derive(Debug, Clone, Args)]
pub struct VnetDeleteArgs {
    #[command(flatten)]
    pub vnet: VnetNameArgs,

    /// Do not wait for the long-running operation to finish.
    #[arg(long)]
    pub no_wait: bool,
}

/// `network vnet list`.
#[derive(Debug, Clone, Args)]
pub struct VnetListArgs {
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

/// `network vnet show`.
#[derive(Debug, Clone, Args)]
pub struct VnetShowArgs {
    #[command(flatten)]
    pub vnet: VnetNameArgs,
}

/// The virtual network a subnet verb works in.
#[derive(Debug, Clone, Args)]
pub struct SubnetParentArgs {
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

    /// The virtual network (VNet) name.
    #[arg(long, required = true, value_name = "NAME")]
    pub vnet_name: String,
}

/// `network vnet subnet create`.
#[derive(Debug, Clone, Args)]
pub struct SubnetCreateArgs {
    #[command(flatten)]
    pub parent: SubnetParentArgs,

    /// The subnet name.
    #[arg(short = 'n', long, required = true, value_name = "NAME")]
    pub name: String,

    /// Space-separated list of address prefixes in CIDR format.
    #[arg(long, num_args = 1.., value_name = "PREFIXES")]
    pub address_prefixes: Vec<String>,

    /// Do not wait for the long-running operation to finish.
    #[arg(long)]
    pub no_wait: bool,
}

/// `network vnet subnet list`.
#[derive(Debug, Clone, Args)]
pub struct SubnetListArgs {
    #[command(flatten)]
    pub parent: SubnetParentArgs,
}

/// `network vnet subnet show`.
#[derive(Debug, Clone, Args)]
pub struct SubnetShowArgs {
    #[command(flatten)]
    pub parent: SubnetParentArgs,

    /// The subnet name.
    #[arg(short = 'n', long, required = true, value_name = "NAME")]
    pub name: String,
}
