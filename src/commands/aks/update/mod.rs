//! `aks update -g RG -n NAME` with the identity and registry flags, in the order of az's
//! `AKSManagedClusterUpdateDecorator.update_mc_profile_default`: the argument validators
//! (`--assign-identity`, `--assign-kubelet-identity` ids, `--attach-acr` with `--detach-acr`),
//! the "nothing to update" check (a reconcile prompt), the GET of the cluster, the AcrPull
//! assignment for `--attach-acr`/`--detach-acr` (`crate::commands::aks::acr`), the identity
//! change (with its confirmation), the kubelet identity change (confirmation, the control-plane
//! identity's "Managed Identity Operator" on it), then the PUT of the body [`body`] builds and
//! its long-running operation. A declined confirmation ends the command with nothing printed
//! and exit 0, as az's `DecoratorEarlyExitException` does.

pub mod body;
mod parameters;

use serde_json::Value;

use super::create::identity::{
    ensure_managed_identity_operator, identity_field, user_assigned_identity,
};
use super::create::validate::is_valid_resource_id;
use super::flatten::flatten_cluster;
use super::{CLUSTERS_API, acr, cluster_path, extra_headers, with_headers};
use crate::arm::ArmRequest;
use crate::cli::AksUpdateArgs;
use crate::commands::{Ctx, Outcome, fail};

/// What az prints when a `prompt_y_n` finds no terminal: its unexpected-error report for
/// knack's `NoTTYException`, without the Python traceback lines (as azrs reports every
/// unexpected error), exit 1.
const NO_TTY: &str = "The command failed with an unexpected error. Here is the traceback:\nERROR: \nknack.prompting.NoTTYException\nTo check existing issues, please visit: https://github.com/Azure/azure-cli/issues";

/// Why the update stopped before its PUT without failing (az's `DecoratorEarlyExitException`).
struct EarlyExit;

/// az's `prompt_y_n(question, default="n")`: `Ok(true)` to go on, `Ok(false)` when declined.
fn ask(ctx: &Ctx, question: &str) -> anyhow::Result<bool> {
    match ctx.term.prompt_y_n_default_no(question)? {
        Some(answer) => Ok(answer),
        None => fail(NO_TTY),
    }
}

/// A flag's value when given and not empty (az treats `""` as not given).
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}

/// The parameter-level validators, in the order az registers them for `aks update`.
fn validate(args: &AksUpdateArgs) -> anyhow::Result<()> {
    if let Some(id) = given(&args.assign_identity)
        && !is_valid_resource_id(id)
    {
        return fail("--assign-identity is not a valid Azure resource ID.");
    }
    if let Some(id) = given(&args.assign_kubelet_identity)
        && !is_valid_resource_id(id)
    {
        return fail("--assign-kubelet-identity is not a valid Azure resource ID.");
    }
    if given(&args.attach_acr).is_some() && given(&args.detach_acr).is_some() {
        return fail("Cannot specify \"--attach-acr\" and \"--detach-acr\" at the same time.");
    }
    Ok(())
}

/// az's `check_raw_parameters`: any truthy flag besides the cluster's group and name counts
/// as a change (`--yes` and `--no-wait` too). With none, az asks whether to reconcile; "no"
/// lists every `aks update` option.
fn check_raw_parameters(ctx: &Ctx, args: &AksUpdateArgs) -> anyhow::Result<()> {
    let changed = args.enable_managed_identity
        || args.no_wait
        || args.yes
        || [
            &args.assign_identity,
            &args.assign_kubelet_identity,
            &args.attach_acr,
            &args.detach_acr,
            &args.aks_custom_headers,
            &args.if_match,
            &args.if_none_match,
        ]
        .into_iter()
        .any(|v| given(v).is_some());
    if changed
        || ask(
            ctx,
            "No argument specified to update. Would you like to reconcile to current settings?",
        )?
    {
        return Ok(());
    }
    fail(parameters::missing_parameters_message())
}

/// The cluster's identity as az's `update_identity` reads it: `spn` without one, else the
/// lowercased type, and the first user-assigned identity's id (`""` when none).
fn current_identity(cluster: &Value) -> (String, String) {
    let Some(identity) = cluster.get("identity").filter(|i| i.is_object()) else {
        return ("spn".to_owned(), String::new());
    };
    let kind = identity["type"].as_str().unwrap_or_default().to_lowercase();
    let first = identity["userAssignedIdentities"]
        .as_object()
        .and_then(|m| m.keys().next().cloned())
        .unwrap_or_default();
    (kind, first)
}

/// az's `update_identity`: the goal identity from `--enable-managed-identity` and
/// `--assign-identity`, its confirmation (one of three texts) and the new `identity`.
fn update_identity(
    ctx: &Ctx,
    args: &AksUpdateArgs,
    body: &mut Value,
) -> anyhow::Result<Option<EarlyExit>> {
    let assign = given(&args.assign_identity);
    if assign.is_some() && !args.enable_managed_identity {
        return fail(
            "--assign-identity can only be specified when --enable-managed-identity is specified",
        );
    }
    let (current, current_uai) = current_identity(body);
    let goal = match (args.enable_managed_identity, assign) {
        (false, _) => current.clone(),
        (true, None) => "systemassigned".to_owned(),
        (true, Some(_)) => "userassigned".to_owned(),
    };
    let changes =
        current != goal || (current == "userassigned" && assign.is_some_and(|a| a != current_uai));
    if !changes {
        return Ok(None);
    }
    let question = if current == "spn" {
        format!(
            "Your cluster is using service principal, and you are going to update the cluster to use {goal} managed identity.\nAfter updating, your cluster's control plane and addon pods will switch to use managed identity, but kubelet will KEEP USING SERVICE PRINCIPAL until you upgrade your agentpool.\nAre you sure you want to perform this operation?"
        )
    } else if current != goal {
        format!(
            "Your cluster is already using {current} managed identity, and you are going to update the cluster to use {goal} managed identity.\nAre you sure you want to perform this operation?"
        )
    } else {
        format!(
            "Your cluster is already using userassigned managed identity, current control plane identity is {current_uai},and you are going to update the cluster identity to {}.\nAre you sure you want to perform this operation?",
            assign.unwrap_or_default()
        )
    };
    if !args.yes && !ask(ctx, &question)? {
        return Ok(Some(EarlyExit));
    }
    body::set_identity(body, assign);
    Ok(None)
}

/// az's `update_identity_profile` for `--assign-kubelet-identity K`: the confirmation, the
/// control-plane identity (`--assign-identity`, else the cluster's first user-assigned one)
/// and its "Managed Identity Operator" on K, then `identityProfile`.
async fn update_identity_profile(
    ctx: &Ctx,
    args: &AksUpdateArgs,
    body: &mut Value,
) -> anyhow::Result<Option<EarlyExit>> {
    let Some(kubelet) = given(&args.assign_kubelet_identity) else {
        return Ok(None);
    };
    let question = format!(
        "You're going to update kubelet identity to {kubelet}, which will upgrade every node pool in the cluster and might take a while, do you wish to continue?"
    );
    if !args.yes && !ask(ctx, &question)? {
        return Ok(Some(EarlyExit));
    }
    // After `update_identity`, so a cluster just switched to a user-assigned identity counts.
    let (_, from_cluster) = current_identity(body);
    let control_plane = match given(&args.assign_identity) {
        Some(a) => a.to_owned(),
        None if !from_cluster.is_empty() => from_cluster,
        None => {
            return fail(
                "--assign-identity is not provided and the cluster identity type is not user assigned, cannot update kubelet identity",
            );
        }
    };
    let arm = ctx.arm()?;
    let identity = user_assigned_identity(arm, &control_plane).await?;
    ensure_managed_identity_operator(ctx, arm, &identity_field(&identity, "principalId"), kubelet)
        .await?;
    body::set_kubelet_identity(body, kubelet);
    Ok(None)
}

/// `aks update`.
pub(crate) async fn run(ctx: &Ctx, args: AksUpdateArgs) -> anyhow::Result<Outcome> {
    validate(&args)?;
    check_raw_parameters(ctx, &args)?;
    let headers = extra_headers(
        args.if_match.as_deref(),
        args.if_none_match.as_deref(),
        args.aks_custom_headers.as_deref(),
    );
    let arm = ctx.arm()?;
    let path = cluster_path(
        &arm.subscription_id,
        &args.cluster.resource_group,
        &args.cluster.name,
    );
    let cluster = arm.client.get(&path, CLUSTERS_API).await?;

    acr::attach_detach_on_update(
        ctx,
        arm,
        &cluster,
        given(&args.attach_acr),
        given(&args.detach_acr),
    )
    .await?;
    let mut body = body::base_put_body(&cluster);
    if update_identity(ctx, &args, &mut body)?.is_some()
        || update_identity_profile(ctx, &args, &mut body)
            .await?
            .is_some()
    {
        return Ok(Outcome::none());
    }

    // az's put_mc: a managed-identity cluster with --attach-acr is post-processed (the
    // registry attached again for the kubelet identity of the updated cluster), so the update
    // is waited for whatever --no-wait says.
    let attach = given(&args.attach_acr).filter(|_| acr::is_msi(&body));
    let (opts, spinner) = crate::commands::lro_options(ctx, args.no_wait && attach.is_none());
    let result = arm
        .client
        .run_lro(
            with_headers(ArmRequest::put(&path, CLUSTERS_API, body), &headers),
            Some(ArmRequest::get(&path, CLUSTERS_API).accept_any()),
            &opts,
        )
        .await;
    spinner.finish();
    let Some(updated) = result? else {
        return Ok(Outcome::none());
    };
    if let Some(registry) = attach {
        acr::attach_after_put(ctx, arm, &updated, registry).await?;
        // az's update post-processing logs its key vault check at warning level.
        ctx.warn(&format!(
            "keyvaultid: None, enable_kv: {}",
            acr::key_vault_addon_repr(&updated)
        ));
    }
    if args.no_wait {
        // az drops the result of a --no-wait command even when it waited.
        return Ok(Outcome::none());
    }
    Ok(Outcome::value(flatten_cluster(&updated)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn identity_of_a_service_principal_cluster_is_spn() {
        assert_eq!(
            current_identity(&json!({"properties": {}})),
            ("spn".into(), String::new())
        );
        assert_eq!(
            current_identity(
                &json!({"identity": {"type": "UserAssigned", "userAssignedIdentities": {"/a": {}, "/b": {}}}})
            ),
            ("userassigned".into(), "/a".into())
        );
    }
}
