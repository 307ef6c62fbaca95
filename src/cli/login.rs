//! `azrs login` and `azrs logout`.
//!
//! Which combinations are valid (service principal needs a tenant and a secret or a
//! certificate, managed identity excludes a password, ...) is checked by the `login` command,
//! like az's validators, and reported with exit code 1 — not here.

use clap::Args;

/// `login`: log in to Azure.
#[derive(Debug, Clone, Args)]
pub struct LoginArgs {
    /// User name, service principal client ID, or managed identity ID.
    #[arg(short = 'u', long, value_name = "USERNAME")]
    pub username: Option<String>,

    /// User password or service principal secret. Will prompt if not given.
    #[arg(short = 'p', long, value_name = "PASSWORD")]
    pub password: Option<String>,

    /// Log in with a service principal.
    #[arg(long)]
    pub service_principal: bool,

    /// PEM file with key and public certificate, for a service principal.
    #[arg(long, value_name = "PATH")]
    pub certificate: Option<String>,

    /// Use Subject Name + Issuer authentication in order to support automatic certificate
    /// rolls.
    #[arg(long)]
    pub use_cert_sn_issuer: bool,

    /// The Microsoft Entra tenant, must be provided when using a service principal.
    #[arg(short = 't', long, value_name = "TENANT")]
    pub tenant: Option<String>,

    /// Support accessing tenants without subscriptions. It's uncommon but useful to run
    /// tenant level commands, such as 'az ad'.
    #[arg(long)]
    pub allow_no_subscriptions: bool,

    /// Skip the subscription discovery process during login. Requires --tenant. Use with
    /// --subscription to fetch a single subscription without listing all.
    #[arg(long = "skip-subscription-discovery", visible_alias = "skip-sub")]
    pub skip_subscription_discovery: bool,

    /// `-s`, login's short spelling of the global `--subscription` (az's `login` has its own
    /// `--subscription -s`; the global option has no short form elsewhere).
    #[arg(short = 's', value_name = "SUBSCRIPTION", hide = true)]
    pub subscription_short: Option<String>,

    /// Log in using managed identity.
    #[arg(short = 'i', long)]
    pub identity: bool,

    /// Client ID of the user-assigned managed identity.
    #[arg(long, value_name = "CLIENT_ID")]
    pub client_id: Option<String>,

    /// Object ID of the user-assigned managed identity.
    #[arg(long, value_name = "OBJECT_ID")]
    pub object_id: Option<String>,

    /// Resource ID of the user-assigned managed identity.
    #[arg(long, value_name = "RESOURCE_ID")]
    pub resource_id: Option<String>,

    /// Federated token that can be used for OIDC token exchange.
    #[arg(long, value_name = "TOKEN")]
    pub federated_token: Option<String>,

    /// Use the device code flow instead of opening a browser.
    #[arg(long)]
    pub use_device_code: bool,

    /// Used in the /authorize request. It can cover only one static resource.
    #[arg(long, value_name = "SCOPE")]
    pub scope: Option<String>,

    /// Base64-encoded claims challenge requested by a resource API in the
    /// WWW-Authenticate header.
    #[arg(long, value_name = "CLAIMS")]
    pub claims_challenge: Option<String>,
}

/// `logout`: log out to remove access to Azure subscriptions.
#[derive(Debug, Clone, Args)]
pub struct LogoutArgs {
    /// Account user, if missing, logout the current active account.
    #[arg(long, value_name = "USERNAME")]
    pub username: Option<String>,
}
