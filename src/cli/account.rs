//! `azrs account ...`: the subscriptions cached in `azureProfile.json`.
//!
//! az spells the subscription option of `account show`/`account set` as
//! `--subscription/-s/--name/-n`. `--subscription` is also azrs's global option, so the leaf
//! declares `--name/-n/-s` and the app takes the global `--subscription` as the same value
//! ([`AccountShowArgs::subscription`]).

use super::meta::{AzVerbArgs, VerbMeta};
use clap::{Args, Subcommand};

/// Manage Azure subscription information.
#[derive(Debug, Args)]
pub struct AccountNamespace {
    /// The account verb.
    #[command(subcommand)]
    pub command: AccountCommand,
}

/// The `account` verbs.
#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Clear all subscriptions from the CLI's local cache.
    Clear(AccountClearArgs),
    /// Get a list of subscriptions for the logged in account. By default, only 'Enabled'
    /// subscriptions from the current cloud is shown.
    List(AccountListArgs),
    /// List supported regions for the current subscription.
    #[command(name = "list-locations")]
    ListLocations(AccountListLocationsArgs),
    /// Set a subscription to be the current active subscription.
    Set(AccountSetArgs),
    /// Get the details of a subscription.
    Show(AccountShowArgs),
}

impl AccountCommand {
    /// The az command name, e.g. `"account set"`.
    pub fn name(&self) -> &'static str {
        match self {
            AccountCommand::Clear(_) => "account clear",
            AccountCommand::List(_) => "account list",
            AccountCommand::ListLocations(_) => "account list-locations",
            AccountCommand::Set(_) => "account set",
            AccountCommand::Show(_) => "account show",
        }
    }
}

impl AccountCommand {
    /// Every `account` verb's path with az's argument metadata (see `cli::meta`).
    pub const VERBS: &'static [(&'static str, VerbMeta)] = &[
        ("account clear", AccountClearArgs::AZ),
        ("account list", AccountListArgs::AZ),
        ("account list-locations", AccountListLocationsArgs::AZ),
        ("account set", AccountSetArgs::AZ),
        ("account show", AccountShowArgs::AZ),
    ];
}

impl AzVerbArgs for AccountClearArgs {}
impl AzVerbArgs for AccountListArgs {}
impl AzVerbArgs for AccountListLocationsArgs {}

impl AzVerbArgs for AccountSetArgs {
    const AZ: VerbMeta = VerbMeta {
        spellings: &[("name", &["--subscription", "-s", "--name", "-n"])],
        // The subscription comes from `--name/-n/-s` or the global `--subscription`.
        required_any_of: Some((&["name", "subscription"], "--subscription/-s/--name/-n")),
        ..VerbMeta::PLAIN
    };
}

impl AzVerbArgs for AccountShowArgs {
    const AZ: VerbMeta = VerbMeta {
        spellings: &[("name", &["--subscription", "-s", "--name", "-n"])],
        ..VerbMeta::PLAIN
    };
}

/// An AAZ boolean's spellings (`AAZBoolArg`), matched case-insensitively, in the order az's
/// invalid-value error lists them (its help lists them sorted).
const AAZ_BOOL: super::choice::Choice =
    super::choice::Choice(&["true", "t", "yes", "y", "1", "false", "f", "no", "n", "0"]);

/// `account list-locations`: the regions of the current subscription (ARM, not the cache).
#[derive(Debug, Clone, Args)]
pub struct AccountListLocationsArgs {
    /// Whether to include extended locations (`--include-extended-locations` alone is true).
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_parser = AAZ_BOOL, value_name = "BOOL")]
    pub include_extended_locations: Option<String>,
}

impl AccountListLocationsArgs {
    /// The flag as the query parameter's value (`true`/`false`), when given.
    pub fn include_extended_locations(&self) -> Option<bool> {
        self.include_extended_locations
            .as_deref()
            .map(|v| matches!(v, "1" | "t" | "true" | "y" | "yes"))
    }
}

/// `account clear`: forget every subscription, cached token and stored secret.
#[derive(Debug, Clone, Args)]
pub struct AccountClearArgs {}

/// `account list`: list cached subscriptions.
#[derive(Debug, Clone, Args)]
pub struct AccountListArgs {
    /// List all subscriptions from all clouds, rather than just 'Enabled' ones.
    #[arg(long)]
    pub all: bool,

    /// Retrieve up-to-date subscriptions from server.
    #[arg(long)]
    pub refresh: bool,
}

/// `account set`: make a subscription the default.
#[derive(Debug, Clone, Args)]
pub struct AccountSetArgs {
    /// Name or ID of subscription.
    #[arg(
        short = 'n',
        long = "name",
        short_alias = 's',
        value_name = "NAME_OR_ID"
    )]
    pub name: Option<String>,
}

impl AccountSetArgs {
    /// The subscription to select: `--name/-n/-s`, else the global `--subscription`.
    pub fn subscription<'a>(&'a self, global: &'a super::GlobalArgs) -> Option<&'a str> {
        self.name.as_deref().or(global.subscription.as_deref())
    }
}

/// `account show`: show the default (or a named) subscription.
#[derive(Debug, Clone, Args)]
pub struct AccountShowArgs {
    /// Name or ID of subscription. Defaults to the current active subscription.
    #[arg(
        short = 'n',
        long = "name",
        short_alias = 's',
        value_name = "NAME_OR_ID"
    )]
    pub name: Option<String>,
}

impl AccountShowArgs {
    /// The subscription to show: `--name/-n/-s`, else the global `--subscription`, else `None`
    /// (the default subscription).
    pub fn subscription<'a>(&'a self, global: &'a super::GlobalArgs) -> Option<&'a str> {
        self.name.as_deref().or(global.subscription.as_deref())
    }
}
