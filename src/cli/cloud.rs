//! `azrs cloud ...`: registered clouds (`clouds.config`) and the active cloud.

use super::meta::{AzVerbArgs, VerbMeta};
use clap::{Args, Subcommand};

use super::choice::Choice;

/// Manage registered Azure clouds.
#[derive(Debug, Args)]
pub struct CloudNamespace {
    /// The cloud verb.
    #[command(subcommand)]
    pub command: CloudCommand,
}

/// The `cloud` verbs.
#[derive(Debug, Subcommand)]
pub enum CloudCommand {
    /// List registered clouds.
    List(CloudListArgs),
    /// Register a cloud.
    Register(Box<CloudRegisterArgs>),
    /// Set the active cloud.
    Set(CloudSetArgs),
    /// Get the details of a registered cloud.
    Show(CloudShowArgs),
    /// Unregister a cloud.
    Unregister(CloudUnregisterArgs),
}

impl CloudCommand {
    /// The az command name, e.g. `"cloud register"`.
    pub fn name(&self) -> &'static str {
        match self {
            CloudCommand::List(_) => "cloud list",
            CloudCommand::Register(_) => "cloud register",
            CloudCommand::Set(_) => "cloud set",
            CloudCommand::Show(_) => "cloud show",
            CloudCommand::Unregister(_) => "cloud unregister",
        }
    }
}

impl CloudCommand {
    /// Every `cloud` verb's path with az's argument metadata (see `cli::meta`).
    pub const VERBS: &'static [(&'static str, VerbMeta)] = &[
        ("cloud list", CloudListArgs::AZ),
        ("cloud register", CloudRegisterArgs::AZ),
        ("cloud set", CloudSetArgs::AZ),
        ("cloud show", CloudShowArgs::AZ),
        ("cloud unregister", CloudUnregisterArgs::AZ),
    ];
}

impl AzVerbArgs for CloudListArgs {}

impl AzVerbArgs for CloudRegisterArgs {}

impl AzVerbArgs for CloudSetArgs {}

impl AzVerbArgs for CloudShowArgs {}

impl AzVerbArgs for CloudUnregisterArgs {}

/// The API profiles az 2.91 knows.
const PROFILES: Choice = Choice(&["latest"]);

/// `cloud list`: list registered clouds.
#[derive(Debug, Clone, Args)]
pub struct CloudListArgs {}

/// `cloud register`: register a custom cloud.
#[derive(Debug, Clone, Args)]
pub struct CloudRegisterArgs {
    /// Name of a registered cloud.
    #[arg(short = 'n', long, required = true, value_name = "NAME")]
    pub name: String,

    /// JSON encoded cloud configuration. Use @{file} to load from a file.
    #[arg(long, value_name = "JSON")]
    pub cloud_config: Option<String>,

    /// Profile to use for this cloud.
    #[arg(long, value_parser = PROFILES, value_name = "PROFILE")]
    pub profile: Option<String>,

    /// If specified, the cloud endpoints' auto discovery will be skipped.
    #[arg(long)]
    pub skip_endpoint_discovery: bool,

    #[command(flatten)]
    pub endpoints: CloudEndpointArgs,
}

/// The endpoint and suffix options of `cloud register`.
#[derive(Debug, Clone, Default, Args)]
pub struct CloudEndpointArgs {
    /// The management service endpoint.
    #[arg(long, value_name = "URL")]
    pub endpoint_management: Option<String>,
    /// The resource management endpoint.
    #[arg(long, value_name = "URL")]
    pub endpoint_resource_manager: Option<String>,
    /// The sql server management endpoint.
    #[arg(long, value_name = "URL")]
    pub endpoint_sql_management: Option<String>,
    /// The template gallery endpoint.
    #[arg(long, value_name = "URL")]
    pub endpoint_gallery: Option<String>,
    /// The Active Directory login endpoint.
    #[arg(long, value_name = "URL")]
    pub endpoint_active_directory: Option<String>,
    /// The resource ID to obtain AD tokens for.
    #[arg(long, value_name = "ID")]
    pub endpoint_active_directory_resource_id: Option<String>,
    /// The Active Directory resource ID.
    #[arg(long, value_name = "ID")]
    pub endpoint_active_directory_graph_resource_id: Option<String>,
    /// The Microsoft Graph resource ID.
    #[arg(long, value_name = "ID")]
    pub endpoint_microsoft_graph_resource_id: Option<String>,
    /// The Active Directory resource ID for data lake services.
    #[arg(long, value_name = "ID")]
    pub endpoint_active_directory_data_lake_resource_id: Option<String>,
    /// The URI of the document which caches commonly used virtual machine images.
    #[arg(long, value_name = "URL")]
    pub endpoint_vm_image_alias_doc: Option<String>,
    /// The DNS suffix for sql servers.
    #[arg(long, value_name = "SUFFIX")]
    pub suffix_sql_server_hostname: Option<String>,
    /// The endpoint suffix for storage accounts.
    #[arg(long, value_name = "SUFFIX")]
    pub suffix_storage_endpoint: Option<String>,
    /// The Key Vault service DNS suffix.
    #[arg(long, value_name = "SUFFIX")]
    pub suffix_keyvault_dns: Option<String>,
    /// The Data Lake store filesystem service DNS suffix.
    #[arg(long, value_name = "SUFFIX")]
    pub suffix_azure_datalake_store_file_system_endpoint: Option<String>,
    /// The Data Lake analytics job and catalog service DNS suffix.
    #[arg(long, value_name = "SUFFIX")]
    pub suffix_azure_datalake_analytics_catalog_and_job_endpoint: Option<String>,
    /// The Azure Container Registry login server suffix.
    #[arg(long, value_name = "SUFFIX")]
    pub suffix_acr_login_server_endpoint: Option<String>,
}

/// `cloud set`: make a registered cloud the active one.
#[derive(Debug, Clone, Args)]
pub struct CloudSetArgs {
    /// Name of a registered cloud.
    #[arg(short = 'n', long, required = true, value_name = "NAME")]
    pub name: String,

    /// Profile to use for this cloud.
    #[arg(long, value_parser = PROFILES, value_name = "PROFILE")]
    pub profile: Option<String>,
}

/// `cloud show`: show a registered cloud.
#[derive(Debug, Clone, Args)]
pub struct CloudShowArgs {
    /// Name of a registered cloud. Defaults to the active cloud.
    #[arg(short = 'n', long, value_name = "NAME")]
    pub name: Option<String>,
}

/// `cloud unregister`: remove a custom cloud.
#[derive(Debug, Clone, Args)]
pub struct CloudUnregisterArgs {
    /// Name of a registered cloud.
    #[arg(short = 'n', long, required = true, value_name = "NAME")]
    pub name: String,
}
