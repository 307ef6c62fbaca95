//! `azrs aks ...`: managed Kubernetes clusters (az's built-in `acs` module, verbs in scope).
//!
//! Only what argparse checks lives here (names, arity, enum choices). az's validators — name
//! and version patterns, the SSH key rules, the identity matrix, `--format azure|exec` — run
//! in `commands::aks` and exit 1, so the matching options are plain strings.

use super::meta::{AzVerbArgs, ConfiguredDefault, VerbMeta};
use clap::{Args, Subcommand};

use super::choice::Choice;

/// Azure Kubernetes Service.
#[derive(Debug, Args)]
pub struct AksNamespace {
    /// The aks verb.
    #[command(subcommand)]
    pub command: AksCommand,
}

/// The `aks` verbs.
#[derive(Debug, Subcommand)]
pub enum AksCommand {
    /// Create a new managed Kubernetes cluster.
    Create(Box<AksCreateArgs>),
    /// Delete a managed Kubernetes cluster.
    Delete(AksDeleteArgs),
    /// Get access credentials for a managed Kubernetes cluster.
    #[command(name = "get-credentials")]
    GetCredentials(AksGetCredentialsArgs),
    /// List managed Kubernetes clusters.
    List(AksListArgs),
    /// Commands to manage node pools in Kubernetes kubernetes cluster.
    Nodepool(AksNodepoolNamespace),
    /// Show the details for a managed Kubernetes cluster.
    Show(AksShowArgs),
    /// Update a managed Kubernetes cluster. When called with no optional arguments this
    /// attempts to move the cluster to its goal state without changing the current cluster
    /// configuration. This can be used to move out of a non succeeded state.
    Update(Box<AksUpdateArgs>),
    /// Wait for a managed Kubernetes cluster to reach a desired state.
    Wait(AksWaitArgs),
}

impl AksCommand {
    /// The az command name, e.g. `"aks create"`.
    pub fn name(&self) -> &'static str {
        match self {
            AksCommand::Create(_) => "aks create",
            AksCommand::Delete(_) => "aks delete",
            AksCommand::GetCredentials(_) => "aks get-credentials",
            AksCommand::List(_) => "aks list",
            AksCommand::Nodepool(ns) => ns.command.name(),
            AksCommand::Show(_) => "aks show",
            AksCommand::Update(_) => "aks update",
            AksCommand::Wait(_) => "aks wait",
        }
    }
}

impl AksCommand {
    /// Every `aks` verb's path with az's argument metadata (see `cli::meta`).
    pub const VERBS: &'static [(&'static str, VerbMeta)] = &[
        ("aks create", AksCreateArgs::AZ),
        ("aks delete", AksDeleteArgs::AZ),
        ("aks get-credentials", AksGetCredentialsArgs::AZ),
        ("aks list", AksListArgs::AZ),
        ("aks nodepool list", AksNodepoolListArgs::AZ),
        ("aks nodepool show", AksNodepoolShowArgs::AZ),
        ("aks nodepool upgrade", AksNodepoolUpgradeArgs::AZ),
        ("aks show", AksShowArgs::AZ),
        ("aks update", AksUpdateArgs::AZ),
        ("aks wait", AksWaitArgs::AZ),
    ];
}

impl AzVerbArgs for AksCreateArgs {
    const AZ: VerbMeta = VerbMeta {
        defaults: &[
            ("resource_group", ConfiguredDefault::Group),
            ("location", ConfiguredDefault::Location),
        ],
        ..VerbMeta::PLAIN
    };
}

impl AzVerbArgs for AksDeleteArgs {
    const AZ: VerbMeta = VerbMeta {
        defaults: &[("resource_group", ConfiguredDefault::Group)],
        ..VerbMeta::PLAIN
    };
}

impl AzVerbArgs for AksGetCredentialsArgs {
    const AZ: VerbMeta = VerbMeta {
        defaults: &[("resource_group", ConfiguredDefault::Group)],
        ..VerbMeta::PLAIN
    };
}

impl AzVerbArgs for AksListArgs {
    const AZ: VerbMeta = VerbMeta {
        defaults: &[("resource_group", ConfiguredDefault::Group)],
        ..VerbMeta::PLAIN
    };
}

impl AzVerbArgs for AksShowArgs {
    const AZ: VerbMeta = VerbMeta {
        defaults: &[("resource_group", ConfiguredDefault::Group)],
        ..VerbMeta::PLAIN
    };
}

impl AzVerbArgs for AksUpdateArgs {
    const AZ: VerbMeta = VerbMeta {
        defaults: &[("resource_group", ConfiguredDefault::Group)],
        ..VerbMeta::PLAIN
    };
}

/// az's spellings of the node pool name (`options_list=['--nodepool-name', '--name', '-n']`).
const NODEPOOL_NAME_SPELLINGS: &[(&str, &[&str])] =
    &[("nodepool_name", &["--nodepool-name", "--name", "-n"])];

impl AzVerbArgs for AksNodepoolListArgs {
    const AZ: VerbMeta = VerbMeta {
        defaults: &[("resource_group", ConfiguredDefault::Group)],
        ..VerbMeta::PLAIN
    };
}

impl AzVerbArgs for AksNodepoolShowArgs {
    const AZ: VerbMeta = VerbMeta {
        defaults: &[("resource_group", ConfiguredDefault::Group)],
        spellings: NODEPOOL_NAME_SPELLINGS,
        ..VerbMeta::PLAIN
    };
}

impl AzVerbArgs for AksNodepoolUpgradeArgs {
    const AZ: VerbMeta = VerbMeta {
        defaults: &[("resource_group", ConfiguredDefault::Group)],
        spellings: NODEPOOL_NAME_SPELLINGS,
        ..VerbMeta::PLAIN
    };
}

impl AzVerbArgs for AksWaitArgs {
    const AZ: VerbMeta = VerbMeta {
        defaults: &[("resource_group", ConfiguredDefault::Group)],
        ..VerbMeta::PLAIN
    };
}

/// A cluster, addressed by resource group and name.
#[derive(Debug, Clone, Args)]
pub struct AksClusterArgs {
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

    /// Name of the managed cluster.
    #[arg(short = 'n', long, required = true, value_name = "NAME")]
    pub name: String,
}

const TIERS: Choice = Choice(&["free", "standard", "premium"]);
const SKUS: Choice = Choice(&["base", "automatic"]);
const NETWORK_PLUGINS: Choice = Choice(&["kubenet", "azure", "none"]);
const NETWORK_PLUGIN_MODES: Choice = Choice(&["overlay"]);
const LOAD_BALANCER_SKUS: Choice = Choice(&["basic", "standard"]);
const OUTBOUND_TYPES: Choice = Choice(&[
    "loadBalancer",
    "userDefinedRouting",
    "managedNATGateway",
    "userAssignedNATGateway",
    "none",
    "block",
]);
const OS_SKUS: Choice = Choice(&[
    "AzureLinux",
    "AzureLinux3",
    "CBLMariner",
    "Mariner",
    "Ubuntu",
    "Ubuntu2204",
    "Ubuntu2404",
    "Windows2019",
    "Windows2022",
]);
const ARTIFACT_SOURCES: Choice = Choice(&["Direct", "Cache"]);

/// `aks create`: create a new managed Kubernetes cluster.
#[derive(Debug, Clone, Args)]
pub struct AksCreateArgs {
    #[command(flatten)]
    pub cluster: AksClusterArgs,

    /// Location. Defaults to the location of the resource group.
    #[arg(short = 'l', long, value_name = "LOCATION")]
    pub location: Option<String>,

    /// Using a system assigned managed identity to manage cluster resource group.
    #[arg(long)]
    pub enable_managed_identity: bool,

    /// Specify an existing user assigned identity for control plane's usage in order to manage
    /// cluster resource group.
    #[arg(long, value_name = "ID")]
    pub assign_identity: Option<String>,

    /// Specify an existing user assigned identity for kubelet's usage, which is typically used
    /// to pull image from ACR.
    #[arg(long, value_name = "ID")]
    pub assign_kubelet_identity: Option<String>,

    /// Service principal used for authentication to Azure APIs.
    #[arg(long, value_name = "ID")]
    pub service_principal: Option<String>,

    /// Secret associated with the service principal. This argument is required if
    /// `--service-principal` is specified.
    #[arg(long, value_name = "SECRET")]
    pub client_secret: Option<String>,

    /// Generate SSH public and private key files if missing. The keys will be stored in the
    /// ~/.ssh directory.
    #[arg(long)]
    pub generate_ssh_keys: bool,

    /// Public key path or key contents to install on node VMs for SSH access. For example,
    /// 'ssh-rsa AAAAB...snip...UcyupgH azureuser@linuxvm'.
    #[arg(long, default_value = "~/.ssh/id_rsa.pub", value_name = "KEY_OR_PATH")]
    pub ssh_key_value: String,

    /// Do not use or create a local SSH key.
    #[arg(short = 'x', long)]
    pub no_ssh_key: bool,

    /// User account to create on node VMs for SSH access.
    #[arg(
        short = 'u',
        long,
        default_value = "azureuser",
        value_name = "USERNAME"
    )]
    pub admin_username: String,

    /// Version of Kubernetes to use for creating the cluster, such as "1.7.12" or "1.8.7".
    #[arg(short = 'k', long, value_name = "VERSION")]
    pub kubernetes_version: Option<String>,

    /// Number of nodes in the Kubernetes node pool. After creating a cluster, you can change
    /// the size of its node pool with `az aks scale`.
    #[arg(short = 'c', long, default_value_t = 3, value_name = "COUNT")]
    pub node_count: i64,

    /// Size of Virtual Machines to create as Kubernetes nodes. If not specified, the server
    /// picks a default.
    #[arg(short = 's', long, value_name = "VM_SIZE")]
    pub node_vm_size: Option<String>,

    /// Node pool name, up to 12 alphanumeric characters.
    #[arg(long, default_value = "nodepool1", value_name = "NAME")]
    pub nodepool_name: String,

    /// The OS SKU of the agent node pool.
    #[arg(long, value_parser = OS_SKUS, value_name = "OS_SKU")]
    pub os_sku: Option<String>,

    /// Size in GiB of the OS disk for each node in the node pool. Minimum 30 GiB.
    #[arg(long, value_name = "GIB")]
    pub node_osdisk_size: Option<i64>,

    /// Agent pool vm set type. VirtualMachineScaleSets, AvailabilitySet or VirtualMachines.
    #[arg(long, value_name = "TYPE")]
    pub vm_set_type: Option<String>,

    /// The maximum number of pods deployable to a node.
    #[arg(short = 'm', long, value_name = "COUNT")]
    pub max_pods: Option<i64>,

    /// Space-separated list of availability zones where agent nodes will be placed.
    #[arg(short = 'z', long, num_args = 1.., value_name = "ZONE")]
    pub zones: Vec<String>,

    /// Enable cluster autoscaler, default value is false.
    #[arg(long)]
    pub enable_cluster_autoscaler: bool,

    /// Minimum nodes count used for autoscaler, when "--enable-cluster-autoscaler" specified.
    /// Please specify the value in the range of [0, 1000].
    #[arg(long, value_name = "COUNT")]
    pub min_count: Option<i64>,

    /// Maximum nodes count used for autoscaler, when "--enable-cluster-autoscaler" specified.
    /// Please specify the value in the range of [0, 1000].
    #[arg(long, value_name = "COUNT")]
    pub max_count: Option<i64>,

    /// The Kubernetes network plugin to use.
    #[arg(long, value_parser = NETWORK_PLUGINS, value_name = "PLUGIN")]
    pub network_plugin: Option<String>,

    /// The network plugin mode to use.
    #[arg(long, value_parser = NETWORK_PLUGIN_MODES, value_name = "MODE")]
    pub network_plugin_mode: Option<String>,

    /// The Kubernetes network policy to use.
    #[arg(long, value_name = "POLICY")]
    pub network_policy: Option<String>,

    /// The ID of a subnet in an existing VNet into which to deploy the cluster.
    #[arg(long, value_name = "SUBNET_ID")]
    pub vnet_subnet_id: Option<String>,

    /// Deprecated (hidden in az 2.91): accepted and ignored, with az's deprecation warning.
    #[arg(long, hide = true, value_name = "CIDR")]
    pub docker_bridge_address: Option<String>,

    /// A CIDR notation IP range from which to assign pod IPs when kubenet or Azure CNI Overlay
    /// is used.
    #[arg(long, value_name = "CIDR")]
    pub pod_cidr: Option<String>,

    /// A CIDR notation IP range from which to assign service cluster IPs.
    #[arg(long, value_name = "CIDR")]
    pub service_cidr: Option<String>,

    /// An IP address assigned to the Kubernetes DNS service.
    #[arg(long, value_name = "IP")]
    pub dns_service_ip: Option<String>,

    /// Azure Load Balancer SKU selection for your cluster. basic or standard.
    #[arg(long, value_parser = LOAD_BALANCER_SKUS, value_name = "SKU")]
    pub load_balancer_sku: Option<String>,

    /// How outbound traffic will be configured for a cluster.
    #[arg(long, value_parser = OUTBOUND_TYPES, value_name = "TYPE")]
    pub outbound_type: Option<String>,

    /// Specify SKU tier for managed clusters. '--tier standard' enables a standard managed
    /// cluster service with a financially backed SLA. '--tier free' does not have a financially
    /// backed SLA.
    #[arg(long, value_parser = TIERS, value_name = "TIER")]
    pub tier: Option<String>,

    /// Specify SKU name for managed clusters. '--sku base' enables a base managed cluster.
    /// '--sku automatic' enables an automatic managed cluster.
    #[arg(long, value_parser = SKUS, value_name = "SKU")]
    pub sku: Option<String>,

    /// Prefix for hostnames that are created. If not specified, generate a hostname using the
    /// managed cluster and resource group names.
    #[arg(short = 'p', long, value_name = "PREFIX")]
    pub dns_name_prefix: Option<String>,

    /// Prefix for FQDN that is created for private cluster with custom private dns zone
    /// scenario.
    #[arg(long, value_name = "PREFIX")]
    pub fqdn_subdomain: Option<String>,

    /// Space-separated tags: key[=value] [key[=value] ...]. Use "" to clear existing tags.
    #[arg(long, num_args = 1.., value_name = "TAGS")]
    pub tags: Vec<String>,

    /// Enable OIDC issuer.
    #[arg(long)]
    pub enable_oidc_issuer: bool,

    /// Enable workload identity addon.
    #[arg(long)]
    pub enable_workload_identity: bool,

    /// Enable managed AAD feature for cluster.
    #[arg(long)]
    pub enable_aad: bool,

    /// Enable Azure RBAC to control authorization checks on cluster.
    #[arg(long)]
    pub enable_azure_rbac: bool,

    /// Disable Kubernetes Role-Based Access Control.
    #[arg(long)]
    pub disable_rbac: bool,

    /// Grant the 'acrpull' role assignment to the ACR specified by name or resource ID.
    #[arg(long, value_name = "ACR_NAME_OR_RESOURCE_ID")]
    pub attach_acr: Option<String>,

    /// Configure artifact source when bootstrapping the cluster.
    #[arg(long, value_parser = ARTIFACT_SOURCES, value_name = "SOURCE")]
    pub bootstrap_artifact_source: Option<String>,

    /// Send custom headers. When specified, format should be Key1=Value1,Key2=Value2.
    #[arg(long, value_name = "HEADERS")]
    pub aks_custom_headers: Option<String>,

    /// The value provided will be compared to the ETag of the managed cluster; if it matches
    /// the operation will be performed.
    #[arg(long, value_name = "ETAG")]
    pub if_match: Option<String>,

    /// Set to '*' to allow a new cluster to be created, but to prevent updating an existing
    /// cluster.
    #[arg(long, value_name = "ETAG")]
    pub if_none_match: Option<String>,

    /// Do not wait for the long-running operation to finish.
    #[arg(long)]
    pub no_wait: bool,

    /// Do not prompt for confirmation.
    #[arg(short = 'y', long)]
    pub yes: bool,
}

/// `aks delete`: delete a managed Kubernetes cluster.
#[derive(Debug, Clone, Args)]
pub struct AksDeleteArgs {
    #[command(flatten)]
    pub cluster: AksClusterArgs,

    /// Do not wait for the long-running operation to finish.
    #[arg(long)]
    pub no_wait: bool,

    /// Do not prompt for confirmation.
    #[arg(short = 'y', long)]
    pub yes: bool,

    /// The value provided will be compared to the ETag of the managed cluster; if it matches
    /// the operation will be performed.
    #[arg(long, value_name = "ETAG")]
    pub if_match: Option<String>,

    /// Set to '*' to prevent the operation when the cluster exists.
    #[arg(long, value_name = "ETAG")]
    pub if_none_match: Option<String>,
}

/// `aks get-credentials`: merge the cluster's kubeconfig into a local file.
#[derive(Debug, Clone, Args)]
pub struct AksGetCredentialsArgs {
    #[command(flatten)]
    pub cluster: AksClusterArgs,

    /// Get cluster administrator credentials. Default: cluster user credentials.
    #[arg(short = 'a', long)]
    pub admin: bool,

    /// If specified, overwrite the default context name. The `--admin` parameter takes
    /// precedence over `--context`.
    #[arg(long, value_name = "NAME")]
    pub context: Option<String>,

    /// Kubernetes configuration file to update. Use "-" to print YAML to stdout instead.
    /// Default: the first entry of KUBECONFIG, else ~/.kube/config.
    #[arg(short = 'f', long, value_name = "PATH")]
    pub file: Option<String>,

    /// Overwrite any existing cluster entry with the same name.
    #[arg(long)]
    pub overwrite_existing: bool,

    /// Specify the format of the returned credential. Available values are ["exec", "azure"].
    /// Only take effect when requesting clusterUser credential of AAD clusters.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,

    /// Get private clusters credential with server address to be public fqdn.
    #[arg(long)]
    pub public_fqdn: bool,
}

/// `aks list`: list clusters of a resource group or of the subscription.
#[derive(Debug, Clone, Args)]
pub struct AksListArgs {
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

/// `aks show`: show a cluster.
#[derive(Debug, Clone, Args)]
pub struct AksShowArgs {
    #[command(flatten)]
    pub cluster: AksClusterArgs,
}

/// `aks wait`: poll a cluster until a condition holds.
#[derive(Debug, Clone, Args)]
pub struct AksWaitArgs {
    #[command(flatten)]
    pub cluster: AksClusterArgs,

    #[command(flatten)]
    pub wait: super::WaitArgs,
}

/// `aks update`: the identity and registry flags of a cluster update (az's other update flags
/// are not modelled).
#[derive(Debug, Clone, Args)]
pub struct AksUpdateArgs {
    #[command(flatten)]
    pub cluster: AksClusterArgs,

    /// Update current cluster to use managed identity to manage cluster resource group.
    #[arg(long)]
    pub enable_managed_identity: bool,

    /// Specify an existing user assigned identity to manage cluster resource group.
    #[arg(long, value_name = "ID")]
    pub assign_identity: Option<String>,

    /// Update cluster's kubelet identity to an existing user assigned identity. Please note
    /// this operation will recreate all agent nodes in the cluster.
    #[arg(long, value_name = "ID")]
    pub assign_kubelet_identity: Option<String>,

    /// Grant the 'acrpull' role assignment to the ACR specified by name or resource ID.
    #[arg(long, value_name = "ACR_NAME_OR_RESOURCE_ID")]
    pub attach_acr: Option<String>,

    /// Disable the 'acrpull' role assignment to the ACR specified by name or resource ID.
    #[arg(long, value_name = "ACR_NAME_OR_RESOURCE_ID")]
    pub detach_acr: Option<String>,

    /// Send custom headers. When specified, format should be Key1=Value1,Key2=Value2.
    #[arg(long, value_name = "HEADERS")]
    pub aks_custom_headers: Option<String>,

    /// The value provided will be compared to the ETag of the managed cluster; if it matches
    /// the operation will be performed.
    #[arg(long, value_name = "ETAG")]
    pub if_match: Option<String>,

    /// Set to '*' to allow a new cluster to be created, but to prevent updating an existing
    /// cluster.
    #[arg(long, value_name = "ETAG")]
    pub if_none_match: Option<String>,

    /// Do not wait for the long-running operation to finish.
    #[arg(long)]
    pub no_wait: bool,

    /// Do not prompt for confirmation.
    #[arg(short = 'y', long)]
    pub yes: bool,
}

/// Commands to manage node pools in Kubernetes kubernetes cluster.
#[derive(Debug, Args)]
pub struct AksNodepoolNamespace {
    /// The nodepool verb.
    #[command(subcommand)]
    pub command: AksNodepoolCommand,
}

/// The `aks nodepool` verbs.
#[derive(Debug, Subcommand)]
pub enum AksNodepoolCommand {
    /// List node pools in the managed Kubernetes cluster. To get list of nodes in the cluster
    /// run `kubectl get nodes` command.
    List(AksNodepoolListArgs),
    /// Show the details for a node pool in the managed Kubernetes cluster.
    Show(AksNodepoolShowArgs),
    /// Upgrade the node pool in a managed Kubernetes cluster.
    Upgrade(AksNodepoolUpgradeArgs),
}

impl AksNodepoolCommand {
    /// The az command name, e.g. `"aks nodepool list"`.
    pub fn name(&self) -> &'static str {
        match self {
            AksNodepoolCommand::List(_) => "aks nodepool list",
            AksNodepoolCommand::Show(_) => "aks nodepool show",
            AksNodepoolCommand::Upgrade(_) => "aks nodepool upgrade",
        }
    }
}

/// The resource group and cluster of `aks nodepool` verbs.
#[derive(Debug, Clone, Args)]
pub struct AksNodepoolClusterArgs {
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

    /// The cluster name.
    #[arg(long, required = true, value_name = "NAME")]
    pub cluster_name: String,
}

/// `aks nodepool list`.
#[derive(Debug, Clone, Args)]
pub struct AksNodepoolListArgs {
    #[command(flatten)]
    pub cluster: AksNodepoolClusterArgs,
}

/// `aks nodepool show`.
#[derive(Debug, Clone, Args)]
pub struct AksNodepoolShowArgs {
    #[command(flatten)]
    pub cluster: AksNodepoolClusterArgs,

    /// The node pool name.
    #[arg(
        short = 'n',
        long = "nodepool-name",
        visible_alias = "name",
        required = true,
        value_name = "NAME"
    )]
    pub nodepool_name: String,
}

/// `aks nodepool upgrade`.
#[derive(Debug, Clone, Args)]
pub struct AksNodepoolUpgradeArgs {
    #[command(flatten)]
    pub cluster: AksNodepoolClusterArgs,

    /// The node pool name.
    #[arg(
        short = 'n',
        long = "nodepool-name",
        visible_alias = "name",
        required = true,
        value_name = "NAME"
    )]
    pub nodepool_name: String,

    /// Version of Kubernetes to upgrade the node pool to, such as "1.16.9".
    #[arg(short = 'k', long, value_name = "VERSION")]
    pub kubernetes_version: Option<String>,

    /// Only upgrade agent pool's node image.
    #[arg(long)]
    pub node_image_only: bool,

    /// Send custom headers. When specified, format should be Key1=Value1,Key2=Value2.
    #[arg(long, value_name = "HEADERS")]
    pub aks_custom_headers: Option<String>,

    /// Do not wait for the long-running operation to finish.
    #[arg(long)]
    pub no_wait: bool,

    /// Do not prompt for confirmation.
    #[arg(short = 'y', long)]
    pub yes: bool,
}
