//! The `aks` verbs that read or remove a cluster: `show`, `list`, `delete`, `wait`, plus the
//! helpers every verb shares (the cluster's ARM path, the aks-preview notice, the spinner hook).
//!
//! Each verb sends its requests through the command's [`ArmClient`](crate::arm::ArmClient) and
//! returns the printed shape (`flatten_cluster`) for the app's renderer; the decision logic
//! (`wait`) and the table transformers (`table`) are pure and live beside this file.

use std::time::Duration;

use serde_json::{Value, json};

use super::{WaitConditions, WaitDecision, WaitObservation, flatten_cluster, wait_attempts};
use crate::arm::{ArmError, ArmPath, ArmRequest, api};
use crate::cli::{AksDeleteArgs, AksListArgs, AksShowArgs, AksWaitArgs};
use crate::commands::{CliError, Ctx, Outcome, fail};
use crate::output::transformers;

/// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters`.
pub(super) fn clusters_path(subscription_id: &str, resource_group: &str) -> ArmPath {
    ArmPath::subscription(subscription_id)
        .lit("resourceGroups")
        .seg(resource_group)
        .lit("providers/Microsoft.ContainerService/managedClusters")
}

/// The ARM path of one cluster, group and name each one encoded segment.
pub(super) fn cluster_path(subscription_id: &str, resource_group: &str, name: &str) -> ArmPath {
    clusters_path(subscription_id, resource_group).seg(name)
}

/// The api-version of `managedClusters` requests. With aks-preview installed az would load the
/// extension's SDK, whose preview api-version the spec does not name, so azrs keeps the
/// built-in module's version in both cases.
pub(super) const CLUSTERS_API: &str = api::MANAGED_CLUSTERS;

/// az's notice when an installed extension replaces a built-in command.
pub(super) fn extension_override_warning(extension: &str) -> String {
    format!("The behavior of this command has been altered by the following extension: {extension}")
}

/// Whether the `aks-preview` extension is installed (az then runs its version of `aks` verbs).
pub(super) fn aks_preview_installed(ctx: &Ctx) -> bool {
    crate::commands::extension::installed(ctx)
        .iter()
        .any(|e| e.name == "aks-preview")
}

/// Extra request headers from `--if-match`, `--if-none-match` and `--aks-custom-headers`
/// (`k=v,k2=v2`), in the order az adds them.
pub(super) fn extra_headers(
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
pub(super) fn with_headers(mut req: ArmRequest, headers: &[(String, String)]) -> ArmRequest {
    for (k, v) in headers {
        req = req.header(k, v);
    }
    req
}

/// `aks show`: the flattened cluster; 404 → ARM's error, exit 3.
pub async fn show(ctx: &Ctx, args: AksShowArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = cluster_path(
        &arm.subscription_id,
        &args.cluster.resource_group,
        &args.cluster.name,
    );
    let wire = arm.client.get(&path, CLUSTERS_API).await?;
    Ok(Outcome::table(
        flatten_cluster(&wire),
        transformers::aks_show,
    ))
}

/// `aks list`: every cluster of the group (or of the subscription), all pages.
pub async fn list(ctx: &Ctx, args: AksListArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = match args.resource_group.as_deref().filter(|g| !g.is_empty()) {
        Some(rg) => clusters_path(&arm.subscription_id, rg),
        None => ArmPath::subscription(&arm.subscription_id)
            .lit("providers/Microsoft.ContainerService/managedClusters"),
    };
    let items = arm.client.list_all(&path, CLUSTERS_API).await?;
    let printed: Vec<Value> = items.iter().map(flatten_cluster).collect();
    Ok(Outcome::table(
        Value::Array(printed),
        transformers::aks_list,
    ))
}

/// `aks delete`: prompt, `DELETE`, poll unless `--no-wait`; prints nothing.
pub async fn delete(ctx: &Ctx, args: AksDeleteArgs) -> anyhow::Result<Outcome> {
    // The same prompt as `group delete` (commands.md §0.6).
    crate::commands::confirm(ctx, crate::commands::CONFIRM_QUESTION, args.yes)?;
    let headers = extra_headers(
        args.if_match.as_deref(),
        args.if_none_match.as_deref(),
        None,
    );
    let arm = ctx.arm()?;
    let path = cluster_path(
        &arm.subscription_id,
        &args.cluster.resource_group,
        &args.cluster.name,
    );
    let (opts, spinner) = crate::commands::lro_options(ctx, args.no_wait);
    let result = arm
        .client
        .run_lro(
            with_headers(ArmRequest::delete(&path, CLUSTERS_API), &headers),
            None,
            &opts,
        )
        .await;
    spinner.finish();
    result?;
    Ok(Outcome::none())
}

/// `aks wait`: GET the cluster every `--interval` seconds until the condition holds.
pub async fn wait(ctx: &Ctx, args: AksWaitArgs) -> anyhow::Result<Outcome> {
    let conditions = WaitConditions::new(
        args.created,
        args.updated,
        args.deleted,
        args.exists,
        args.custom.as_deref(),
    )
    .map_err(|e| CliError::new(e.to_string()))?;
    let interval = i64::try_from(args.interval).unwrap_or(i64::MAX);
    let timeout = i64::try_from(args.timeout).unwrap_or(i64::MAX);
    // Python's range() rejects a zero step, so az fails here too (with a traceback).
    let Some(attempts) = wait_attempts(timeout, interval) else {
        return fail("--interval must be a positive number of seconds.");
    };
    let no_delay = ctx
        .env_var(crate::arm::NO_DELAY_ENV)
        .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
    let arm = ctx.arm()?;
    let path = cluster_path(
        &arm.subscription_id,
        &args.cluster.resource_group,
        &args.cluster.name,
    );
    for attempt in 0..attempts {
        let got: Result<Value, ArmError> = arm.client.get(&path, CLUSTERS_API).await;
        let printed = got.as_ref().ok().map(flatten_cluster);
        let observation = match (&got, &printed) {
            (_, Some(cluster)) => WaitObservation::Found(cluster),
            (Err(e), None) if e.is_not_found() => WaitObservation::NotFound,
            _ => WaitObservation::OtherError,
        };
        match conditions.decide(observation) {
            WaitDecision::Done => return Ok(Outcome::none()),
            WaitDecision::KeepWaiting => {}
            WaitDecision::Propagate => {
                return match got {
                    Err(e) => Err(e.into()),
                    Ok(_) => fail("The operation failed"),
                };
            }
            WaitDecision::Fail { message, exit_code } => {
                return Err(CliError {
                    message,
                    exit_code: u8::try_from(exit_code).unwrap_or(1),
                }
                .into());
            }
        }
        if !no_delay && attempt + 1 < attempts {
            tokio::time::sleep(Duration::from_secs(args.interval)).await;
        }
    }
    // az 2.91 returns (does not raise) its timeout error, which prints as `{}` with exit 0
    // (Azure/azure-cli#34004).
    Ok(Outcome::value(json!({})))
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
