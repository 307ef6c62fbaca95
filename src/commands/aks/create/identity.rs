//! What az's `set_up_identity_profile` does for `aks create --assign-kubelet-identity K
//! --assign-identity A` before the PUT, in that order: GET K and GET A through the MSI path
//! template (ids lowercased, api `2024-11-30`), list the role assignments at K's lowercased
//! scope assigned to A's principal, and when "Managed Identity Operator" is missing, resolve
//! that role by name and PUT an assignment under a random GUID (`roles`: az's ten tries, its
//! progress line on stderr; the failure text here). `aks update --assign-kubelet-identity`
//! reuses the identity read and the role check.

use serde_json::Value;

use super::options::AksCreateOptions;
use crate::arm::{ArmError, ArmPath};
use crate::commands::aks::roles::{add_role_assignment, list_for_scope};
use crate::commands::{ArmContext, CliError, Ctx, fail};

/// The api-version az uses to read a user-assigned identity (`--assign-kubelet-identity`).
const MANAGED_IDENTITY_API: &str = "2024-11-30";
/// The role the control-plane identity needs on a caller-provided kubelet identity.
const MANAGED_IDENTITY_OPERATOR: &str = "Managed Identity Operator";
const MANAGED_IDENTITY_OPERATOR_ID: &str = "f1a07417-d97a-45cb-824c-7a7467783830";

/// az's set_up_identity_profile: the kubelet identity, then the control-plane identity's
/// principal, then "Managed Identity Operator" for it on the kubelet identity. Adds
/// `identityProfile` to `body`; does nothing without `--assign-kubelet-identity`.
pub(super) async fn set_up_identity_profile(
    ctx: &Ctx,
    arm: &ArmContext,
    opts: &AksCreateOptions,
    body: &mut Value,
) -> anyhow::Result<()> {
    let Some(kubelet) = opts
        .assign_kubelet_identity
        .as_deref()
        .filter(|k| !k.is_empty())
    else {
        return Ok(());
    };
    let identity = user_assigned_identity(arm, kubelet).await?;
    AksCreateOptions::insert_kubelet_identity(
        body,
        kubelet,
        &identity_field(&identity, "clientId"),
        &identity_field(&identity, "principalId"),
    );
    let control_plane = opts.assign_identity.as_deref().unwrap_or_default();
    let cluster_identity = user_assigned_identity(arm, control_plane).await?;
    ensure_managed_identity_operator(
        ctx,
        arm,
        &identity_field(&cluster_identity, "principalId"),
        kubelet,
    )
    .await
}

/// A string property of an identity (`properties.<key>`), `""` when absent.
pub(in crate::commands::aks) fn identity_field(identity: &Value, key: &str) -> String {
    identity
        .pointer(&format!("/properties/{key}"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// az's `get_user_assigned_identity_by_resource_id`: the whole id is lowercased, split by
/// `/subscriptions/(.*?)/resourcegroups/(.*?)/providers/microsoft.managedidentity/
/// userassignedidentities/(.*)` (searched, not anchored), and read through the MSI client's own
/// path template. A 404-style "was not found" becomes `Identity '<name>' not found.` (exit 3);
/// any other HTTP failure is az's ServiceError with the service's text (exit 1).
pub(in crate::commands::aks) async fn user_assigned_identity(
    arm: &ArmContext,
    resource_id: &str,
) -> anyhow::Result<Value> {
    let lower = resource_id.to_lowercase();
    let parsed = lower.find("/subscriptions/").and_then(|i| {
        let rest = &lower[i + "/subscriptions/".len()..];
        let (sub, rest) = rest.split_once("/resourcegroups/")?;
        let (rg, name) =
            rest.split_once("/providers/microsoft.managedidentity/userassignedidentities/")?;
        Some((sub, rg, name.split('\n').next().unwrap_or_default()))
    });
    let Some((sub, rg, name)) = parsed else {
        return fail(format!(
            "Cannot parse identity name from provided resource id '{lower}'."
        ));
    };
    // az's regex split, then the MSI SDK quotes each of the three values into the path.
    let path = ArmPath::subscription(sub)
        .lit("resourceGroups")
        .seg(rg)
        .lit("providers/Microsoft.ManagedIdentity/userAssignedIdentities")
        .seg(name);
    match arm.client.get(&path, MANAGED_IDENTITY_API).await {
        Ok(v) => Ok(v),
        Err(e @ ArmError::Http { .. }) => {
            let message = e.to_string();
            if message.contains("was not found") {
                Err(CliError {
                    message: format!("Identity '{name}' not found."),
                    exit_code: 3,
                }
                .into())
            } else {
                fail(message)
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// az's `ensure_cluster_identity_permission_on_kubelet_identity`: list the assignments at the
/// (lowercased) kubelet identity's scope with `atScope() and assignedTo('<principal>')`; if none
/// grants "Managed Identity Operator" from that scope or above, add one (`roles`), failing
/// with az's text when ten tries do not.
pub(in crate::commands::aks) async fn ensure_managed_identity_operator(
    ctx: &Ctx,
    arm: &ArmContext,
    principal_id: &str,
    kubelet_id: &str,
) -> anyhow::Result<()> {
    let principal = principal_id.to_lowercase();
    let scope = kubelet_id.to_lowercase();
    let assignments = list_for_scope(
        arm,
        &scope,
        &format!("atScope() and assignedTo('{principal}')"),
    )
    .await?;
    let text = |a: &Value, key: &str| {
        a.pointer(&format!("/properties/{key}"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_lowercase()
    };
    let granted = assignments.iter().any(|a| {
        text(a, "roleDefinitionId").ends_with(MANAGED_IDENTITY_OPERATOR_ID)
            && text(a, "principalId") == principal
            && scope.starts_with(&text(a, "scope"))
    });
    if granted
        || add_role_assignment(ctx, arm, MANAGED_IDENTITY_OPERATOR, &principal, &scope).await?
    {
        return Ok(());
    }
    fail(format!(
        "Could not grant Managed Identity Operator permission to cluster identity at scope {scope}"
    ))
}
