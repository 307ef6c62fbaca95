//! `--attach-acr` / `--detach-acr` (az's `ensure_aks_acr`): find the registry, by resource id
//! (GET through the ACR SDK's path) or by name (every `Microsoft.ContainerRegistry/registries`
//! of the subscription, matched case-insensitively), then add or remove the kubelet identity's
//! `acrpull` assignment on it (`roles`), with az's texts when any step fails. A cluster that
//! authenticates with a service principal is named by its client id, which `roles` resolves
//! to an object id through Microsoft Graph on every try, as az does.

use serde_json::Value;

use super::create::validate::is_valid_resource_id;
use super::roles::{Principal, add_role_assignment_for, delete_role_assignments};
use crate::arm::{ArmError, ArmPath, ArmRequest};
use crate::commands::{ArmContext, Ctx, fail};
use crate::config::Profile;

/// The api-version of az's generic resources list (`get_resources_in_subscription`).
const RESOURCES_API: &str = "2024-11-01";
const REGISTRY_TYPE: &str = "Microsoft.ContainerRegistry/registries";
/// The role az grants (by name) on the registry.
const ACR_PULL: &str = "acrpull";

/// az's `AzCLIError(ex.message)` for a failed registry read: the service's error text as az
/// formats any ARM error, but exit code 1.
fn service_error(e: ArmError) -> anyhow::Result<Value> {
    match e {
        e @ ArmError::Http { .. } => fail(e.to_string()),
        e => Err(e.into()),
    }
}

/// The registry named by `acr` (resource id or name), as az's `ensure_aks_acr` finds it.
async fn find_registry(ctx: &Ctx, arm: &ArmContext, acr: &str) -> anyhow::Result<Value> {
    if is_valid_resource_id(acr) {
        let segs: Vec<&str> = acr.split('/').collect();
        // /subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}...
        let path = ArmPath::subscription(segs[2])
            .lit("resourceGroups")
            .seg(segs.get(4).copied().unwrap_or_default())
            .lit("providers/Microsoft.ContainerRegistry/registries")
            .seg(segs.get(8).copied().unwrap_or_default());
        return match arm
            .client
            .get(&path, crate::commands::acr::REGISTRY_API)
            .await
        {
            Ok(v) => Ok(v),
            Err(e) => service_error(e),
        };
    }
    let list = ArmRequest::get(
        &ArmPath::subscription(&arm.subscription_id).lit("resources"),
        RESOURCES_API,
    )
    .query("$filter", &format!("resourceType eq '{REGISTRY_TYPE}'"));
    let all = match arm.client.list_all_request(list).await {
        Ok(all) => all,
        Err(e @ ArmError::Http { .. }) if e.to_string().contains("was not found") => {
            return fail(format!(
                "ACR {acr} not found. Have you provided the right ACR name?"
            ));
        }
        Err(e) => return service_error(e),
    };
    let mut matches = all.into_iter().filter(|r| {
        r.get("name")
            .and_then(Value::as_str)
            .is_some_and(|n| n.eq_ignore_ascii_case(acr))
    });
    match (matches.next(), matches.next()) {
        (Some(one), None) => Ok(one),
        (Some(_), Some(_)) => fail(format!(
            "More than one resources with type '{REGISTRY_TYPE}' are found with name '{acr}'."
        )),
        (None, _) => {
            let message = format!(
                "The resource with name '{acr}' and type '{REGISTRY_TYPE}' could not be found"
            );
            fail(match subscription_name(ctx, &arm.subscription_id) {
                Some(name) => format!(
                    "{message} in subscription '{name} ({})'.",
                    arm.subscription_id
                ),
                None => format!("{message} in the current subscription."),
            })
        }
    }
}

/// The subscription's display name from `azureProfile.json`, when az's profile has it.
fn subscription_name(ctx: &Ctx, id: &str) -> Option<String> {
    let profile = Profile::load(&ctx.config_dir.profile_file()).ok()?;
    profile
        .subscriptions()
        .iter()
        .find(|s| {
            s.get("id")
                .and_then(Value::as_str)
                .is_some_and(|i| i.eq_ignore_ascii_case(id))
        })
        .and_then(|s| s.get("name").and_then(Value::as_str))
        .map(str::to_owned)
}

/// Whom the `acrpull` assignment is for.
pub(super) enum Assignee {
    /// A managed identity's object id (az: `is_service_principal=False`).
    ObjectId(String),
    /// A service principal's client id, which az resolves through Microsoft Graph.
    ServicePrincipal(String),
}

/// az's `ensure_aks_acr`: the registry first, then the assignment for `assignee`.
pub(super) async fn ensure_aks_acr(
    ctx: &Ctx,
    arm: &ArmContext,
    assignee: &Assignee,
    acr: &str,
    detach: bool,
) -> anyhow::Result<()> {
    let registry = find_registry(ctx, arm, acr).await?;
    let who = match assignee {
        Assignee::ObjectId(id) => Principal::ObjectId(id),
        Assignee::ServicePrincipal(client_id) => Principal::ServicePrincipal(client_id),
    };
    let scope = registry
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if detach {
        if !delete_role_assignments(ctx, arm, ACR_PULL, who, &scope).await? {
            return fail(
                "Could not delete role assignments for ACR. Are you an Owner on this subscription?",
            );
        }
        return Ok(());
    }
    if !add_role_assignment_for(ctx, arm, ACR_PULL, who, &scope).await? {
        return fail(
            "Could not create a role assignment for ACR. Are you an Owner on this subscription?",
        );
    }
    Ok(())
}

/// az's `check_is_msi_cluster`: a system- or user-assigned identity.
pub(super) fn is_msi(cluster: &Value) -> bool {
    cluster
        .pointer("/identity/type")
        .and_then(Value::as_str)
        .is_some_and(|t| {
            t.eq_ignore_ascii_case("systemassigned") || t.eq_ignore_ascii_case("userassigned")
        })
}

/// The registry step of az's post-processing once a managed-identity cluster exists
/// (`aks create` and `aks update` with `--attach-acr`): `acrpull` for the kubelet identity of
/// `cluster`, or az's warning when the cluster reports none.
pub(super) async fn attach_after_put(
    ctx: &Ctx,
    arm: &ArmContext,
    cluster: &Value,
    acr: &str,
) -> anyhow::Result<()> {
    match cluster
        .pointer("/properties/identityProfile/kubeletidentity/objectId")
        .and_then(Value::as_str)
    {
        Some(object_id) => {
            let who = Assignee::ObjectId(object_id.to_owned());
            ensure_aks_acr(ctx, arm, &who, acr, false).await
        }
        None => {
            ctx.warn(
                "Your cluster is successfully created, but we failed to attach acr to it, you can manually grant permission to the identity named <ClUSTER_NAME>-agentpool in MC_ resource group to give it permission to pull from ACR.",
            );
            Ok(())
        }
    }
}

/// How az's `%s` prints its `enable_kv` value after an update: `get_enable_kv()` (False
/// without the flag) `or` the addon profiles' truthiness chain, so `{}` for no add-ons, `None`
/// when there are none at all or no key vault add-on, else that add-on's `enabled`.
pub(super) fn key_vault_addon_repr(cluster: &Value) -> String {
    match cluster.pointer("/properties/addonProfiles") {
        Some(Value::Object(m)) if m.is_empty() => "{}".to_owned(),
        Some(Value::Object(m)) => match m.get("azureKeyvaultSecretsProvider") {
            Some(addon) => match addon.get("enabled").and_then(Value::as_bool) {
                Some(true) => "True".to_owned(),
                Some(false) => "False".to_owned(),
                None => "None".to_owned(),
            },
            None => "None".to_owned(),
        },
        _ => "None".to_owned(),
    }
}

/// The principal the AcrPull assignment is for, as az's
/// `get_assignee_from_identity_or_sp_profile` picks it: the kubelet identity's object id of a
/// managed-identity cluster, else the service principal.
fn assignee(cluster: &Value) -> anyhow::Result<Assignee> {
    if is_msi(cluster) {
        return match cluster
            .pointer("/properties/identityProfile/kubeletidentity/objectId")
            .and_then(Value::as_str)
        {
            Some(id) if !id.is_empty() => Ok(Assignee::ObjectId(id.to_owned())),
            _ => fail(
                "Unexpected error getting kubelet's identity for the cluster. Please do not set --attach-acr or --detach-acr. You can manually grant or revoke permission to the identity named <ClUSTER_NAME>-agentpool in MC_ resource group to access ACR.",
            ),
        };
    }
    match cluster
        .pointer("/properties/servicePrincipalProfile/clientId")
        .and_then(Value::as_str)
    {
        Some(sp) if !sp.is_empty() => Ok(Assignee::ServicePrincipal(sp.to_owned())),
        _ => fail("Cannot get the AKS cluster's service principal."),
    }
}

/// az's `process_attach_detach_acr` in `aks update`, on the cluster as read (before any change).
pub(super) async fn attach_detach_on_update(
    ctx: &Ctx,
    arm: &ArmContext,
    cluster: &Value,
    attach: Option<&str>,
    detach: Option<&str>,
) -> anyhow::Result<()> {
    if attach.is_none() && detach.is_none() {
        return Ok(());
    }
    let who = assignee(cluster)?;
    if let Some(acr) = attach {
        ensure_aks_acr(ctx, arm, &who, acr, false).await?;
    }
    if let Some(acr) = detach {
        ensure_aks_acr(ctx, arm, &who, acr, true).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_vault_value_prints_as_python_would() {
        let with = |addons: Value| json!({"properties": {"addonProfiles": addons}});
        assert_eq!(key_vault_addon_repr(&json!({"properties": {}})), "None");
        assert_eq!(key_vault_addon_repr(&with(json!({}))), "{}");
        assert_eq!(
            key_vault_addon_repr(&with(json!({"x": {"enabled": true}}))),
            "None"
        );
        assert_eq!(
            key_vault_addon_repr(&with(
                json!({"azureKeyvaultSecretsProvider": {"enabled": false}})
            )),
            "False"
        );
    }

    #[test]
    fn managed_identity_clusters_by_identity_type() {
        assert!(is_msi(&json!({"identity": {"type": "SystemAssigned"}})));
        assert!(is_msi(&json!({"identity": {"type": "userassigned"}})));
        assert!(!is_msi(&json!({"identity": {"type": "None"}})));
        assert!(!is_msi(&json!({"properties": {}})));
    }
}
