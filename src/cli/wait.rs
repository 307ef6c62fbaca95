//! The wait condition arguments every `wait` verb shares (az's generic `wait_command`).

use clap::Args;

/// `--created | --updated | --deleted | --exists | --custom`, `--interval`, `--timeout`.
#[derive(Debug, Clone, Args)]
pub struct WaitArgs {
    /// Wait until created with 'provisioningState' at 'Succeeded'.
    #[arg(long)]
    pub created: bool,

    /// Wait until updated with provisioningState at 'Succeeded'.
    #[arg(long)]
    pub updated: bool,

    /// Wait until deleted.
    #[arg(long)]
    pub deleted: bool,

    /// Wait until the resource exists.
    #[arg(long)]
    pub exists: bool,

    /// Wait until the condition satisfies a custom JMESPath query. E.g.
    /// provisioningState!='InProgress', instanceView.statuses[?code=='PowerState/running'].
    #[arg(long, value_name = "JMESPATH")]
    pub custom: Option<String>,

    /// Polling interval in seconds.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub interval: u64,

    /// Maximum wait in seconds.
    #[arg(long, default_value_t = 3600, value_name = "SECONDS")]
    pub timeout: u64,
}
