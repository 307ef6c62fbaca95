//! `aks create --vnet-subnet-id S`: az's `process_add_role_assignment_for_vnet_subnet` before
//! the PUT and its post-creation grant. Unless some assignment at exactly S already grants
//! "Network Contributor", the cluster's identity gets that role on S: a user-assigned control
//! plane identity before the PUT (its principal read through the MSI path), a system-assigned
//! one right after the cluster exists (its `identity.principalId` from a fresh GET). A failed
//! grant is az's warning, not an error. A service-principal cluster gets the role before the
//! PUT, its client id resolved to an object id through Microsoft Graph (`roles`), as az does.

use serde_json::Value;

use super::identity::{identity_field, user_assigned_identity};
use super::options::AksCreateOptions;
use crate::commands::aks::roles::{Principal, add_role_assignment_for, list_for_scope};
use crate::commands::{ArmContext, Ctx};

/// The built-in "Network Contributor" role's id.
const NETWORK_CONTRIBUTOR_ID: &str = "4d97b98b-1d4f-4787-a291-c67834d212e7";
const NETWORK_CONTRIBUTOR: &str = "Network Contributor";
/// az's warning when the grant fails after its ten tries.
const GRANT_FAILED: &str =
    "Could not create a role assignment for subnet. Are you an Owner on this subscription?";

/// az's `subnet_role_assignment_exists`: an assignment listed `atScope()` at `scope` whose
/// scope is exactly `scope` and whose role is Network Contributor.
async fn role_exists(arm: &ArmContext, scope: &str) -> anyhow::Result<bool> {
    let assignments = list_for_scope(arm, scope, "atScope()").await?;
    Ok(assignments.iter().any(|a| {
        let text = |k: &str| {
            a.pointer(&format!("/properties/{k}"))
                .and_then(Value::as_str)
                .unwrap_or_default()
        };
        text("scope") == scope && text("roleDefinitionId").ends_with(NETWORK_CONTRIBUTOR_ID)
    }))
}

/// Grants Network Contributor on `scope` to `who`, warning as az does when it cannot.
async fn grant(ctx: &Ctx, arm: &ArmContext, who: Principal<'_>, scope: &str) -> anyhow::Result<()> {
    if !add_role_assignment_for(ctx, arm, NETWORK_CONTRIBUTOR, who, scope).await? {
        ctx.warn(GRANT_FAILED);
    }
    Ok(())
}

/// The step before the PUT. Returns the subnet still to grant once a system-assigned identity
/// exists (az's `need_post_creation_vnet_permission_granting`).
pub(super) async fn before_put(
    ctx: &Ctx,
    arm: &ArmContext,
    opts: &AksCreateOptions,
) -> anyhow::Result<Option<String>> {
    let Some(subnet) = opts.vnet_subnet_id.as_deref().filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if role_exists(arm, subnet).await? {
        return Ok(None);
    }
    // az's order: a user-assigned identity first, then the service principal's profile;
    // with neither, the system-assigned identity is granted once it exists.
    if let Some(identity_id) = opts.assign_identity.as_deref().filter(|s| !s.is_empty()) {
        let identity = user_assigned_identity(arm, identity_id).await?;
        let principal = identity_field(&identity, "principalId");
        grant(ctx, arm, Principal::ObjectId(&principal), subnet).await?;
        return Ok(None);
    }
    match opts.service_principal.as_deref().filter(|s| !s.is_empty()) {
        Some(sp) => {
            grant(ctx, arm, Principal::ServicePrincipal(sp), subnet).await?;
            Ok(None)
        }
        None => Ok(Some(subnet.to_owned())),
    }
}

/// az's `immediate_processing_after_request` for a system-assigned cluster: read the cluster
/// again and grant its identity's principal the role on the subnet.
pub(super) async fn after_create(
    ctx: &Ctx,
    arm: &ArmContext,
    cluster_path: &crate::arm::ArmPath,
    subnet: &str,
) -> anyhow::Result<()> {
    let cluster = arm
        .client
        .get(cluster_path, crate::commands::aks::CLUSTERS_API)
        .await?;
    let principal = cluster
        .pointer("/identity/principalId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    grant(ctx, arm, Principal::ObjectId(principal), subnet).await
}
