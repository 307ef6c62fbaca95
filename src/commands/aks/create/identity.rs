//! What az's `set_up_identity_profile` does for `aks create --assign-kubelet-identity K
//! --assign-identity A` before the PUT, in that order: GET K and GET A through the MSI path
//! template (ids lowercased, api `2024-11-30`), list the role assignments at K's lowercased
//! scope assigned to A's principal, and when "Managed Identity Operator" is missing, resolve
//! that role by name and PUT an assignment under a random GUID (az's ten tries, its progress
//! line on stderr, and its texts on failure).

use serde_json::{Value, json};

use super::options::AksCreateOptions;
use crate::arm::{ArmError, ArmPath, ArmRequest};
use crate::commands::{ArmContext, CliError, Ctx, fail};

/// The api-version az uses to read a user-assigned identity (`--assign-kubelet-identity`).
const MANAGED_IDENTITY_API: &str = "2024-11-30";
/// The api-versions of az's authorization SDK (azure-mgmt-authorization 5.0.0b2 defaults).
const ROLE_ASSIGNMENTS_API: &str = "2022-04-01";
const ROLE_DEFINITIONS_API: &str = "2022-05-01-preview";
/// The role the control-plane identity needs on a caller-provided kubelet identity.
const MANAGED_IDENTITY_OPERATOR: &str = "Managed Identity Operator";
const MANAGED_IDENTITY_OPERATOR_ID: &str = "f1a07417-d97a-45cb-824c-7a7467783830";
/// az's `add_role_assignment`: ten tries, sleeping `2 + 2·try` seconds after each failure.
const ROLE_ASSIGNMENT_TRIES: u32 = 10;
/// Width of az's determinate progress bar (`BAR_LEN`), message included.
const BAR_LEN: usize = 70;

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
fn identity_field(identity: &Value, key: &str) -> String {
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
async fn user_assigned_identity(arm: &ArmContext, resource_id: &str) -> anyhow::Result<Value> {
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

/// az's determinate progress line (`_format_value`): `\r<msg>[###   ]  12.3456%`.
fn progress_line(message: &str, percent: f64) -> String {
    let bar_len = BAR_LEN.saturating_sub(message.len() + 1);
    // Truncation as Python's int(); the product is never negative.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let completed = ((bar_len as f64) * percent) as usize;
    format!(
        "\r{message}[{:<bar_len$}]  {:.4}%",
        "#".repeat(completed.min(bar_len)),
        percent * 100.0
    )
}

/// az's `ensure_cluster_identity_permission_on_kubelet_identity`: list the assignments at the
/// (lowercased) kubelet identity's scope with `atScope() and assignedTo('<principal>')`; if none
/// grants "Managed Identity Operator" from that scope or above, create one (`add_role_assignment`:
/// resolve the role by name, PUT a random-GUID assignment with `principalType`
/// `ServicePrincipal`, a 409 counts as done; up to ten tries with az's progress line on stderr).
async fn ensure_managed_identity_operator(
    ctx: &Ctx,
    arm: &ArmContext,
    principal_id: &str,
    kubelet_id: &str,
) -> anyhow::Result<()> {
    let principal = principal_id.to_lowercase();
    let scope = kubelet_id.to_lowercase();
    let list = ArmRequest::get(
        &ArmPath::scope(&scope).lit("providers/Microsoft.Authorization/roleAssignments"),
        ROLE_ASSIGNMENTS_API,
    )
    .api_version_first()
    .query(
        "$filter",
        &format!("atScope() and assignedTo('{principal}')"),
    );
    let assignments = arm.client.list_all_request(list).await?;
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
    if granted {
        return Ok(());
    }

    const WAITING: &str = "Waiting for AAD role to propagate";
    for attempt in 0..ROLE_ASSIGNMENT_TRIES {
        let percent = 0.1 * f64::from(attempt);
        if attempt > 0 {
            ctx.term.write_stderr(&progress_line(WAITING, percent));
        }
        match create_role_assignment(arm, &scope, &principal).await {
            Ok(()) => {
                ctx.term.write_stderr(&format!(
                    "{}\n",
                    progress_line("AAD role propagation done", 1.0)
                ));
                return Ok(());
            }
            // az logs HTTP failures at info level (not shown) and everything else as an error.
            Err(AssignError::Http(e)) => tracing::info!("{e}"),
            Err(AssignError::Other(message)) => ctx.error_line(&message),
        }
        let delay = std::time::Duration::from_secs(2 + 2 * u64::from(attempt));
        tokio::time::sleep(crate::commands::poll_interval(ctx, delay)).await;
    }
    ctx.term.write_stderr(&format!(
        "{}\n",
        progress_line("AAD role propagation failed", 1.0)
    ));
    fail(format!(
        "Could not grant Managed Identity Operator permission to cluster identity at scope {scope}"
    ))
}

/// Why one try of `add_role_assignment_executor` failed.
enum AssignError {
    /// The service answered with an error (az: `HttpResponseError`, logged at info level).
    Http(ArmError),
    /// Anything else (az: logged as `ERROR: <text>`).
    Other(String),
}

/// One try: resolve the role's id by name at the scope, then PUT the assignment. A 409 (az maps
/// it to `ResourceExistsError`) or `RoleAssignmentExists` means the role is already there.
async fn create_role_assignment(
    arm: &ArmContext,
    scope: &str,
    principal: &str,
) -> Result<(), AssignError> {
    let classify = |e: ArmError| match e {
        e @ ArmError::Http { .. } => AssignError::Http(e),
        e => AssignError::Other(e.to_string()),
    };
    let defs = ArmRequest::get(
        &ArmPath::scope(scope).lit("providers/Microsoft.Authorization/roleDefinitions"),
        ROLE_DEFINITIONS_API,
    )
    .api_version_first()
    .query(
        "$filter",
        &format!("roleName eq '{MANAGED_IDENTITY_OPERATOR}'"),
    );
    let found = arm.client.list_all_request(defs).await;
    let found = match found {
        Ok(v) => v,
        Err(e) if is_exists(&e) => return Ok(()),
        Err(e) => return Err(classify(e)),
    };
    let ids: Vec<&str> = found
        .iter()
        .map(|d| d.get("id").and_then(Value::as_str).unwrap_or_default())
        .collect();
    let role_id = match ids.as_slice() {
        [] => {
            return Err(AssignError::Other(format!(
                "Role '{MANAGED_IDENTITY_OPERATOR}' doesn't exist."
            )));
        }
        [one] => (*one).to_owned(),
        many => {
            let listed: Vec<String> = many.iter().map(|i| format!("'{i}'")).collect();
            return Err(AssignError::Other(format!(
                "More than one role matches the given name '{MANAGED_IDENTITY_OPERATOR}'. Please pick a value from '[{}]'",
                listed.join(", ")
            )));
        }
    };
    // The key order az's SDK puts on the wire.
    let body = json!({"properties": {
        "principalId": principal,
        "principalType": "ServicePrincipal",
        "roleDefinitionId": role_id,
    }});
    let path = ArmPath::scope(scope)
        .lit("providers/Microsoft.Authorization/roleAssignments")
        .seg(&uuid::Uuid::new_v4().to_string());
    match arm
        .client
        .send(&ArmRequest::put(&path, ROLE_ASSIGNMENTS_API, body))
        .await
    {
        Ok(_) => Ok(()),
        Err(e) if is_exists(&e) => Ok(()),
        Err(e) => Err(classify(e)),
    }
}

/// az's `isinstance(ex, ResourceExistsError) or ex.error.code == 'RoleAssignmentExists'`.
fn is_exists(e: &ArmError) -> bool {
    e.status() == Some(409) || e.code() == Some("RoleAssignmentExists")
}
