//! `azrs aks create|show|list|delete|wait|get-credentials|update` and `aks nodepool ...`:
//! managed clusters (`commands.md` §6-§9), one file per verb (`create`, `update` and
//! `nodepool` folders), with the role-assignment helpers they share (`roles`) and the registry
//! (`--attach-acr`/`--detach-acr`) steps (`acr`). Every verb returns the printed shape of a cluster, az's `todict` of the
//! SDK model, from [`flatten`]; `show` and `list` register az's table transformer beside them.
//! This module holds what the verbs share: the dispatcher and the aks-preview notice, the
//! cluster's typed paths and api-version, the extra request headers, and [`AksError`] (the
//! errors raised before any request is sent).

mod acr;
pub mod create;
pub mod delete;
pub mod flatten;
pub mod get_credentials;
pub mod list;
pub mod nodepool;
mod roles;
pub mod show;
pub mod update;
pub mod wait;

use crate::arm::{ArmPath, ArmRequest, api};
use crate::cli::AksCommand;
use crate::commands::{Ctx, Outcome};

/// A user-facing `aks` error raised before any request is sent. Every variant prints as its
/// message (`ERROR: <message>`) and exits 1, like az's validator and decorator errors
/// (`InvalidArgumentValueError`, `MutuallyExclusiveArgumentError`,
/// `RequiredArgumentMissingError`, `CLIError` all map to exit 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AksError {
    /// A flag value az rejects (`InvalidArgumentValueError` / `CLIError`).
    #[error("{0}")]
    InvalidArgument(String),
    /// Two flags az refuses to combine (`MutuallyExclusiveArgumentError`).
    #[error("{0}")]
    MutuallyExclusive(String),
    /// A flag that needs another flag (`RequiredArgumentMissingError`).
    #[error("{0}")]
    RequiredArgumentMissing(String),
}

/// Runs one `aks` verb. With the aks-preview extension installed az runs the extension's
/// version of every `aks` verb and says so first; azrs prints the same notice.
pub(crate) async fn run(ctx: &Ctx, command: AksCommand) -> anyhow::Result<Outcome> {
    if aks_preview_installed(ctx) {
        ctx.warn(&extension_override_warning("aks-preview"));
    }
    match command {
        AksCommand::Create(args) => create::run(ctx, *args).await,
        AksCommand::Delete(args) => delete::run(ctx, args).await,
        AksCommand::GetCredentials(args) => get_credentials::run(ctx, args).await,
        AksCommand::List(args) => list::run(ctx, args).await,
        AksCommand::Nodepool(ns) => nodepool::run(ctx, ns.command).await,
        AksCommand::Show(args) => show::run(ctx, args).await,
        AksCommand::Update(args) => update::run(ctx, *args).await,
        AksCommand::Wait(args) => wait::run(ctx, args).await,
    }
}

/// The row az's table transformers make of one printed cluster (`aks show`, `aks list`).
const TABLE_ROW: &str = "{name: name, location: location, resourceGroup: resourceGroup, \
    kubernetesVersion: kubernetesVersion, currentKubernetesVersion: currentKubernetesVersion, \
    provisioningState: provisioningState, fqdn: fqdn || privateFqdn}";

/// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters`.
fn clusters_path(subscription_id: &str, resource_group: &str) -> ArmPath {
    ArmPath::subscription(subscription_id)
        .lit("resourceGroups")
        .seg(resource_group)
        .lit("providers/Microsoft.ContainerService/managedClusters")
}

/// The ARM path of one cluster, group and name each one encoded segment.
fn cluster_path(subscription_id: &str, resource_group: &str, name: &str) -> ArmPath {
    clusters_path(subscription_id, resource_group).seg(name)
}

/// The api-version of `managedClusters` requests. With aks-preview installed az would load the
/// extension's SDK, whose preview api-version the spec does not name, so azrs keeps the
/// built-in module's version in both cases.
const CLUSTERS_API: &str = api::MANAGED_CLUSTERS;

/// az's notice when an installed extension replaces a built-in command.
fn extension_override_warning(extension: &str) -> String {
    format!("The behavior of this command has been altered by the following extension: {extension}")
}

/// Whether the `aks-preview` extension is installed (az then runs its version of `aks` verbs).
fn aks_preview_installed(ctx: &Ctx) -> bool {
    crate::commands::extension::installed(ctx)
        .iter()
        .any(|e| e.name == "aks-preview")
}

/// Extra request headers from `--if-match`, `--if-none-match` and `--aks-custom-headers`
/// (`k=v,k2=v2`), in the order az adds them.
fn extra_headers(
    if_match: Option<&str>,
    if_none_match: Option<&str>,
    custom: Option<&str>,
) -> Vec<(String, String)> {
    let mut headers = Vec::new();
    if let Some(v) = if_match {
        headers.push(("If-Match".to_string(), v.to_string()));
    }
    if let Some(v) = if_none_match {
        headers.push(("If-None-Match".to_string(), v.to_string()));
    }
    for pair in custom.unwrap_or_default().split(',') {
        if let Some((k, v)) = pair.split_once('=') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    headers
}

/// Adds `headers` to `req`.
fn with_headers(mut req: ArmRequest, headers: &[(String, String)]) -> ArmRequest {
    for (k, v) in headers {
        req = req.header(k, v);
    }
    req
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_paths_encode_group_and_name() {
        // Regression (issue 10): `aks delete -g rg -n 'c1#not-this-one'` deleted cluster c1.
        assert_eq!(
            cluster_path("s", "my rg", "c1#not-this-one").as_str(),
            "/subscriptions/s/resourceGroups/my%20rg/providers/Microsoft.ContainerService/managedClusters/c1%23not-this-one"
        );
        assert_eq!(
            clusters_path("s", "x/../victim").as_str(),
            "/subscriptions/s/resourceGroups/x%2F..%2Fvictim/providers/Microsoft.ContainerService/managedClusters"
        );
    }
}
