//! `azrs provider ...`: resource provider registration.

use super::meta::{AzVerbArgs, VerbMeta};
use clap::{Args, Subcommand};

/// Manage resource providers.
#[derive(Debug, Args)]
pub struct ProviderNamespace {
    /// The provider verb.
    #[command(subcommand)]
    pub command: ProviderCommand,
}

/// The `provider` verbs.
#[derive(Debug, Subcommand)]
pub enum ProviderCommand {
    /// Gets all resource providers for a subscription.
    List(ProviderListArgs),
    /// Register a provider.
    Register(ProviderRegisterArgs),
    /// Gets the specified resource provider.
    Show(ProviderShowArgs),
    /// Unregister a provider.
    Unregister(ProviderUnregisterArgs),
}

impl ProviderCommand {
    /// The az command name, e.g. `"provider register"`.
    pub fn name(&self) -> &'static str {
        match self {
            ProviderCommand::List(_) => "provider list",
            ProviderCommand::Register(_) => "provider register",
            ProviderCommand::Show(_) => "provider show",
            ProviderCommand::Unregister(_) => "provider unregister",
        }
    }
}

impl ProviderCommand {
    /// Every `provider` verb's path with az's argument metadata (see `cli::meta`).
    pub const VERBS: &'static [(&'static str, VerbMeta)] = &[
        ("provider list", ProviderListArgs::AZ),
        ("provider register", ProviderRegisterArgs::AZ),
        ("provider show", ProviderShowArgs::AZ),
        ("provider unregister", ProviderUnregisterArgs::AZ),
    ];
}

impl AzVerbArgs for ProviderListArgs {}

impl AzVerbArgs for ProviderRegisterArgs {}

impl AzVerbArgs for ProviderShowArgs {}

impl AzVerbArgs for ProviderUnregisterArgs {}

/// `provider list`: list the providers of the subscription.
#[derive(Debug, Clone, Args)]
pub struct ProviderListArgs {
    /// Comma-separated properties to be expanded under resourceTypes, e.g.:
    /// resourceTypes/aliases.
    #[arg(long, value_name = "EXPAND")]
    pub expand: Option<String>,
}

/// `provider register`: register a provider.
#[derive(Debug, Clone, Args)]
pub struct ProviderRegisterArgs {
    /// The resource namespace, aka 'provider'.
    #[arg(short = 'n', long, required = true, value_name = "NAMESPACE")]
    pub namespace: String,

    /// Wait for the registration to finish.
    #[arg(long)]
    pub wait: bool,

    /// A value indicating whether authorization is consented or not.
    #[arg(short = 'c', long)]
    pub consent_to_permissions: bool,

    /// The management group id to register.
    #[arg(short = 'm', long, value_name = "ID")]
    pub management_group_id: Option<String>,

    /// Accept market place terms and RP terms for RPaaS (accepted and ignored).
    #[arg(long, hide = true)]
    pub accept_terms: bool,
}

/// `provider show`: get one provider.
#[derive(Debug, Clone, Args)]
pub struct ProviderShowArgs {
    /// The resource namespace, aka 'provider'.
    #[arg(short = 'n', long, required = true, value_name = "NAMESPACE")]
    pub namespace: String,

    /// Comma-separated properties to be expanded under resourceTypes, e.g.:
    /// resourceTypes/aliases.
    #[arg(long, value_name = "EXPAND")]
    pub expand: Option<String>,
}

/// `provider unregister`: unregister a provider.
#[derive(Debug, Clone, Args)]
pub struct ProviderUnregisterArgs {
    /// The resource namespace, aka 'provider'.
    #[arg(short = 'n', long, required = true, value_name = "NAMESPACE")]
    pub namespace: String,

    /// Wait for unregistration to finish.
    #[arg(long)]
    pub wait: bool,
}
