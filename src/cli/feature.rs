//! `azrs feature ...`: preview features of resource providers (`Microsoft.Features`).

use super::meta::{AzVerbArgs, VerbMeta};
use clap::{Args, Subcommand};

/// Manage resource provider features.
#[derive(Debug, Args)]
pub struct FeatureNamespace {
    /// The feature verb.
    #[command(subcommand)]
    pub command: FeatureCommand,
}

/// The `feature` verbs.
#[derive(Debug, Subcommand)]
pub enum FeatureCommand {
    /// List preview features.
    List(FeatureListArgs),
    /// Register a preview feature.
    Register(FeatureRegisterArgs),
    /// Get the details of a preview feature.
    Show(FeatureShowArgs),
    /// Unregister a preview feature.
    Unregister(FeatureUnregisterArgs),
}

impl FeatureCommand {
    /// The az command name, e.g. `"feature register"`.
    pub fn name(&self) -> &'static str {
        match self {
            FeatureCommand::List(_) => "feature list",
            FeatureCommand::Register(_) => "feature register",
            FeatureCommand::Show(_) => "feature show",
            FeatureCommand::Unregister(_) => "feature unregister",
        }
    }
}

impl FeatureCommand {
    /// Every `feature` verb's path with az's argument metadata (see `cli::meta`).
    pub const VERBS: &'static [(&'static str, VerbMeta)] = &[
        ("feature list", FeatureListArgs::AZ),
        ("feature register", FeatureRegisterArgs::AZ),
        ("feature show", FeatureShowArgs::AZ),
        ("feature unregister", FeatureUnregisterArgs::AZ),
    ];
}

impl AzVerbArgs for FeatureListArgs {}

impl AzVerbArgs for FeatureRegisterArgs {}

impl AzVerbArgs for FeatureShowArgs {}

impl AzVerbArgs for FeatureUnregisterArgs {}

/// A feature, addressed by provider namespace and feature name.
#[derive(Debug, Clone, Args)]
pub struct FeatureIdArgs {
    /// The resource namespace, aka 'provider'.
    #[arg(long, required = true, value_name = "NAMESPACE")]
    pub namespace: String,

    /// The feature name.
    #[arg(short = 'n', long, required = true, value_name = "NAME")]
    pub name: String,
}

/// `feature list`: list preview features, optionally of one provider.
#[derive(Debug, Clone, Args)]
pub struct FeatureListArgs {
    /// The resource namespace, aka 'provider'.
    #[arg(long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,
}

/// `feature register`: register a preview feature.
#[derive(Debug, Clone, Args)]
pub struct FeatureRegisterArgs {
    #[command(flatten)]
    pub feature: FeatureIdArgs,

    /// Wait until the feature state is `Registered` (an azrs extra; az has no such flag).
    #[arg(long)]
    pub wait: bool,
}

/// `feature show`: get the details of a preview feature.
#[derive(Debug, Clone, Args)]
pub struct FeatureShowArgs {
    #[command(flatten)]
    pub feature: FeatureIdArgs,
}

/// `feature unregister`: unregister a preview feature.
#[derive(Debug, Clone, Args)]
pub struct FeatureUnregisterArgs {
    #[command(flatten)]
    pub feature: FeatureIdArgs,
}
