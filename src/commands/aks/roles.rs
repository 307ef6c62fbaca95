//! az's role-assignment helpers of the `acs` module (`_roleassignments.py`), shared by
//! `aks create` and `aks update`: `add_role_assignment` (resolve a role by name at the scope,
//! PUT an assignment under a random GUID, ten tries with az's progress line on stderr) and
//! `delete_role_assignments` (find the principal's assignments of a role at exactly the scope
//! and DELETE each, with the same retry and progress). Callers decide what a failure means.
//! A service principal is named by its client id, which each try resolves to an object id
//! through Microsoft Graph first (az's `resolve_object_id` in `_graph.py`: by sign-in name,
//! service-principal name, display name, then object id), as az does with
//! `is_service_principal=True`; a managed identity is named by its object id already.

use serde_json::{Value, json};

use crate::arm::{ArmError, ArmPath, ArmRequest};
use crate::commands::role::graph::Graph;
use crate::commands::{ArmContext, Ctx};

/// The api-versions of az's authorization SDK (azure-mgmt-authorization 5.0.0b2 defaults).
pub(super) const ROLE_ASSIGNMENTS_API: &str = "2022-04-01";
const ROLE_DEFINITIONS_API: &str = "2022-05-01-preview";
/// az's retry: ten tries, sleeping `2 + 2·try` seconds after each failure.
const TRIES: u32 = 10;
/// Width of az's determinate progress bar (`BAR_LEN`), message included.
const BAR_LEN: usize = 70;

/// az's determinate progress line (`_format_value`): `\r<msg>[###   ]  12.3456%`.
pub(super) fn progress_line(message: &str, percent: f64) -> String {
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

/// Why one try failed.
enum TryError {
    /// The service answered with an error (az: `HttpResponseError`, logged at info level).
    Http(ArmError),
    /// Anything else (az: logged as `ERROR: <text>`).
    Other(String),
}

fn classify(e: ArmError) -> TryError {
    match e {
        e @ ArmError::Http { .. } => TryError::Http(e),
        e => TryError::Other(e.to_string()),
    }
}

/// az's `isinstance(ex, ResourceExistsError) or ex.error.code == 'RoleAssignmentExists'`.
fn is_exists(e: &ArmError) -> bool {
    e.status() == Some(409) || e.code() == Some("RoleAssignmentExists")
}

/// `…{scope}/providers/Microsoft.Authorization/roleAssignments`.
fn assignments_path(scope: &str) -> ArmPath {
    ArmPath::scope(scope).lit("providers/Microsoft.Authorization/roleAssignments")
}

/// The role assignments at `scope` matching `filter` (az's `list_for_scope`), all pages.
pub(super) async fn list_for_scope(
    arm: &ArmContext,
    scope: &str,
    filter: &str,
) -> Result<Vec<Value>, ArmError> {
    let list = ArmRequest::get(&assignments_path(scope), ROLE_ASSIGNMENTS_API)
        .api_version_first()
        .query("$filter", filter);
    arm.client.list_all_request(list).await
}

/// az's `resolve_role_id`: a GUID is taken as is; a name is looked up at `scope`.
async fn resolve_role_id(arm: &ArmContext, role: &str, scope: &str) -> Result<String, TryError> {
    if uuid::Uuid::try_parse(role).is_ok() {
        return Ok(role.to_owned());
    }
    let defs = ArmRequest::get(
        &ArmPath::scope(scope).lit("providers/Microsoft.Authorization/roleDefinitions"),
        ROLE_DEFINITIONS_API,
    )
    .api_version_first()
    .query("$filter", &format!("roleName eq '{role}'"));
    let found = arm.client.list_all_request(defs).await.map_err(classify)?;
    let ids: Vec<&str> = found
        .iter()
        .map(|d| d.get("id").and_then(Value::as_str).unwrap_or_default())
        .collect();
    match ids.as_slice() {
        [] => Err(TryError::Other(format!("Role '{role}' doesn't exist."))),
        [one] => Ok((*one).to_owned()),
        many => {
            let listed: Vec<String> = many.iter().map(|i| format!("'{i}'")).collect();
            Err(TryError::Other(format!(
                "More than one role matches the given name '{role}'. Please pick a value from '[{}]'",
                listed.join(", ")
            )))
        }
    }
}

/// Whom a role operation is for.
#[derive(Clone, Copy)]
pub(super) enum Principal<'a> {
    /// An object id, used as is (az: `is_service_principal=False`).
    ObjectId(&'a str),
    /// A service principal's client id, resolved through Graph on every try.
    ServicePrincipal(&'a str),
}

/// az's acs `resolve_object_id`: the first match of a user by sign-in name (when the name has
/// an `@`), a service principal by one of its names, a service principal by display name,
/// then any directory object by id. Any failure is an error line of the try, as az logs it.
async fn resolve_object_id(ctx: &Ctx, assignee: &str) -> Result<String, TryError> {
    let graph = Graph::new(ctx).map_err(|e| TryError::Other(e.to_string()))?;
    let other = |e: crate::commands::role::graph::GraphError| TryError::Other(e.0);
    let mut found = Vec::new();
    if assignee.contains('@') {
        found = graph
            .user_list(&format!("userPrincipalName eq '{assignee}'"))
            .await
            .map_err(other)?;
    }
    if found.is_empty() {
        found = graph
            .service_principal_list(&format!("servicePrincipalNames/any(c:c eq '{assignee}')"))
            .await
            .map_err(other)?;
    }
    if found.is_empty() {
        found = graph
            .service_principal_list(&format!("displayName eq '{assignee}'"))
            .await
            .map_err(other)?;
    }
    if found.is_empty() {
        found = graph
            .get_object_stubs(&[assignee.to_owned()])
            .await
            .map_err(other)?;
    }
    match found.first() {
        Some(object) => Ok(object
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()),
        None => Err(TryError::Other(format!(
            "No matches in graph database for '{assignee}'"
        ))),
    }
}

/// The object id of `who` for one try.
async fn object_id(ctx: &Ctx, who: Principal<'_>) -> Result<String, TryError> {
    match who {
        Principal::ObjectId(id) => Ok(id.to_owned()),
        Principal::ServicePrincipal(client_id) => resolve_object_id(ctx, client_id).await,
    }
}

/// One try of az's `add_role_assignment_executor`: resolve the role, then the principal's
/// object id, then PUT the assignment (`principalType` `ServicePrincipal`).
async fn create_once(
    ctx: &Ctx,
    arm: &ArmContext,
    role: &str,
    who: Principal<'_>,
    scope: &str,
) -> Result<(), TryError> {
    let role_id = match resolve_role_id(arm, role, scope).await {
        Err(TryError::Http(e)) if is_exists(&e) => return Ok(()),
        other => other?,
    };
    let principal = object_id(ctx, who).await?;
    // az's key order here varies from run to run (the SDK model's attributes come from a set),
    // so any order is az's; this is one it sends.
    let body = json!({"properties": {
        "principalId": principal,
        "principalType": "ServicePrincipal",
        "roleDefinitionId": role_id,
    }});
    let path = assignments_path(scope).seg(&uuid::Uuid::new_v4().to_string());
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

/// One try of az's `delete_role_assignments_executor` with a scope, a role and a principal:
/// the principal's object id, then list `atScope()` at the scope, keep the assignments exactly
/// at it (case-insensitive) of that role and principal, DELETE each by id.
async fn delete_once(
    ctx: &Ctx,
    arm: &ArmContext,
    role: &str,
    who: Principal<'_>,
    scope: &str,
) -> Result<(), TryError> {
    let principal = object_id(ctx, who).await?;
    let principal = principal.as_str();
    let assignments = list_for_scope(arm, scope, "atScope()")
        .await
        .map_err(classify)?;
    if assignments.is_empty() {
        return Ok(());
    }
    let role_id = resolve_role_id(arm, role, scope).await?;
    let text = |a: &Value, key: &str| {
        a.pointer(&format!("/properties/{key}"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    for a in assignments.iter().filter(|a| {
        text(a, "scope").eq_ignore_ascii_case(scope)
            && text(a, "roleDefinitionId") == role_id
            && text(a, "principalId") == principal
    }) {
        let id = a.get("id").and_then(Value::as_str).unwrap_or_default();
        arm.client
            .send(&ArmRequest::delete(
                &ArmPath::scope(id),
                ROLE_ASSIGNMENTS_API,
            ))
            .await
            .map_err(classify)?;
    }
    Ok(())
}

/// What a retried role operation is.
#[derive(Clone, Copy)]
enum Op {
    Add,
    Delete,
}

/// az's retry loop around one executor, with its progress lines on stderr: `true` when a try
/// succeeded, `false` after ten failures.
async fn with_retries(
    ctx: &Ctx,
    arm: &ArmContext,
    op: Op,
    role: &str,
    who: Principal<'_>,
    scope: &str,
) -> anyhow::Result<bool> {
    let (waiting, done, failed) = match op {
        Op::Add => (
            "Waiting for AAD role to propagate",
            "AAD role propagation done",
            "AAD role propagation failed",
        ),
        Op::Delete => (
            "Waiting for AAD role to delete",
            "AAD role deletion done",
            "AAD role deletion failed",
        ),
    };
    for attempt in 0..TRIES {
        if attempt > 0 {
            ctx.term
                .write_stderr(&progress_line(waiting, 0.1 * f64::from(attempt)));
        }
        let result = match op {
            Op::Add => create_once(ctx, arm, role, who, scope).await,
            Op::Delete => delete_once(ctx, arm, role, who, scope).await,
        };
        match result {
            Ok(()) => {
                ctx.term
                    .write_stderr(&format!("{}\n", progress_line(done, 1.0)));
                return Ok(true);
            }
            // az logs HTTP failures at info level (not shown) and everything else as an error.
            Err(TryError::Http(e)) => tracing::info!("{e}"),
            Err(TryError::Other(message)) => ctx.error_line(&message),
        }
        let delay = std::time::Duration::from_secs(2 + 2 * u64::from(attempt));
        tokio::time::sleep(crate::commands::poll_interval(ctx, delay)).await;
    }
    ctx.term
        .write_stderr(&format!("{}\n", progress_line(failed, 1.0)));
    Ok(false)
}

/// az's `add_role_assignment(cmd, role, object_id, is_service_principal=False, scope=scope)`.
pub(super) async fn add_role_assignment(
    ctx: &Ctx,
    arm: &ArmContext,
    role: &str,
    principal: &str,
    scope: &str,
) -> anyhow::Result<bool> {
    let who = Principal::ObjectId(principal);
    with_retries(ctx, arm, Op::Add, role, who, scope).await
}

/// az's `add_role_assignment` for `who` (a service principal: `is_service_principal=True`).
pub(super) async fn add_role_assignment_for(
    ctx: &Ctx,
    arm: &ArmContext,
    role: &str,
    who: Principal<'_>,
    scope: &str,
) -> anyhow::Result<bool> {
    with_retries(ctx, arm, Op::Add, role, who, scope).await
}

/// az's `delete_role_assignments(cli_ctx, role, principal, scope=scope,
/// is_service_principal=…)`.
pub(super) async fn delete_role_assignments(
    ctx: &Ctx,
    arm: &ArmContext,
    role: &str,
    who: Principal<'_>,
    scope: &str,
) -> anyhow::Result<bool> {
    with_retries(ctx, arm, Op::Delete, role, who, scope).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_line_as_az_draws_it() {
        assert_eq!(
            progress_line("AAD role propagation done", 1.0),
            "\rAAD role propagation done[############################################]  100.0000%"
        );
        assert_eq!(
            progress_line("Waiting for AAD role to propagate", 0.1),
            "\rWaiting for AAD role to propagate[###                                 ]  10.0000%"
        );
    }
}
