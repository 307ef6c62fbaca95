//! The Microsoft Graph lookups az 2.91 makes for `role assignment`: the user by sign-in name,
//! the service principal by one of its names (an app id), directory objects by id
//! (`getByIds`). Requests go to the cloud's `microsoft_graph_resource_id` (under
//! `AZRS_EMULATOR`, the emulator's origin) through the ARM client's pipeline rebased there,
//! with a token for that resource (az's `resource_to_scopes`: resource + `/.default`).
//! A Graph failure is a [`GraphError`] carrying Graph's `error.message`, which is what az
//! prints; callers decide, as az does, when to fall back instead.

use serde_json::{Value, json};

use crate::arm::{ArmClient, ArmError, ArmRequest, Target, quote};
use crate::commands::{Ctx, fail};
use crate::config::clouds;

/// Graph's `error.message` for a failed call (az: `GraphError`).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct GraphError(pub String);

/// What az's `getByIds` asks for.
const OBJECT_TYPES: [&str; 4] = [
    "user",
    "group",
    "servicePrincipal",
    "directoryObjectPartnerReference",
];

/// A Graph client for this run's cloud.
pub struct Graph {
    client: ArmClient,
    /// `https://graph.microsoft.com` (no trailing slash), as az builds its URLs.
    endpoint: String,
}

impl Graph {
    /// The client for the active cloud's Graph endpoint.
    pub fn new(ctx: &Ctx) -> anyhow::Result<Graph> {
        let resource = match ctx.emulator_origin {
            Some(origin) => format!("{origin}/"),
            None => {
                let cloud = clouds::active_cloud(&ctx.config_dir, ctx.env_var("AZURE_CLOUD_NAME"))?;
                match cloud.endpoint("microsoft_graph_resource_id") {
                    Some(r) => r.to_owned(),
                    None => {
                        return fail(format!(
                            "The endpoint 'microsoft_graph_resource_id' for this cloud is not set but is used.\n{} may be corrupt or invalid.\nResolve the error or delete this file and try again.",
                            ctx.config_dir.clouds_file().display()
                        ));
                    }
                }
            }
        };
        let arm = ctx.arm()?;
        let client = arm
            .client
            .rebased(&resource, &format!("{resource}/.default"))?;
        Ok(Graph {
            client,
            endpoint: resource.trim_end_matches('/').to_owned(),
        })
    }

    async fn send(
        &self,
        method: &str,
        url: String,
        body: Option<Value>,
    ) -> Result<Vec<Value>, GraphError> {
        let req = ArmRequest {
            method: if method == "POST" {
                azure_core::http::Method::Post
            } else {
                azure_core::http::Method::Get
            },
            target: Target::Absolute(url),
            body,
            accept: "application/json",
            headers: Vec::new(),
        };
        let resp = self.client.send_raw(&req).await.map_err(graph_error)?;
        let v: Value = if resp.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&resp.body).map_err(|e| GraphError(e.to_string()))?
        };
        if !resp.is_success() {
            let message = v
                .pointer("/error/message")
                .and_then(Value::as_str)
                .unwrap_or("Graph request failed")
                .to_owned();
            return Err(GraphError(message));
        }
        Ok(v["value"].as_array().cloned().unwrap_or_default())
    }

    /// `GET /v1.0/users?$filter=…`.
    pub async fn user_list(&self, filter: &str) -> Result<Vec<Value>, GraphError> {
        let url = format!("{}/v1.0/users?$filter={}", self.endpoint, quote(filter));
        self.send("GET", url, None).await
    }

    /// `GET /v1.0/servicePrincipals?$filter=…`.
    pub async fn service_principal_list(&self, filter: &str) -> Result<Vec<Value>, GraphError> {
        let url = format!(
            "{}/v1.0/servicePrincipals?$filter={}",
            self.endpoint,
            quote(filter)
        );
        self.send("GET", url, None).await
    }

    /// `POST /v1.0/directoryObjects/getByIds` for `ids` (az sends them in one call up to 1000).
    pub async fn get_object_stubs(&self, ids: &[String]) -> Result<Vec<Value>, GraphError> {
        let mut out = Vec::new();
        for chunk in ids.chunks(1000) {
            let url = format!("{}/v1.0/directoryObjects/getByIds", self.endpoint);
            let body = json!({"ids": chunk, "types": OBJECT_TYPES});
            out.extend(self.send("POST", url, Some(body)).await?);
        }
        Ok(out)
    }
}

fn graph_error(e: ArmError) -> GraphError {
    GraphError(e.to_string())
}

/// az's `ODATA_TYPE_TO_PRINCIPAL_TYPE`.
pub fn principal_type_of(object: &Value) -> Option<String> {
    match object.get("@odata.type").and_then(Value::as_str)? {
        "#microsoft.graph.user" => Some("User".into()),
        "#microsoft.graph.servicePrincipal" => Some("ServicePrincipal".into()),
        "#microsoft.graph.group" => Some("Group".into()),
        _ => None,
    }
}

/// az's `is_guid`: what Python's `uuid.UUID()` accepts.
pub use crate::py::is_guid;

/// az's `_resolve_object_id_and_type`: a sign-in name (has `@`) as a user, then any name of
/// a service principal, then a GUID as an object id. On a Graph failure az warns and, when
/// allowed and the assignee is a GUID, assumes it is an object id (type unknown).
pub async fn resolve_object_id_and_type(
    ctx: &Ctx,
    assignee: &str,
    fallback_to_object_id: bool,
) -> anyhow::Result<(String, Option<String>)> {
    let graph = Graph::new(ctx)?;
    match lookup(&graph, assignee).await {
        Ok(Some(found)) => Ok(found),
        Ok(None) => fail(format!(
            "Cannot find user or service principal in graph database for '{assignee}'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id {assignee}'."
        )),
        Err(e) => {
            ctx.warn(&format!(
                "Failed to query {assignee} by invoking Graph API. If you don't have permission to query Graph API, please specify --assignee-object-id and --assignee-principal-type."
            ));
            if fallback_to_object_id && is_guid(assignee) {
                ctx.warn(&format!("Assuming {assignee} as an object ID."));
                return Ok((assignee.to_owned(), None));
            }
            fail(e.0)
        }
    }
}

fn id_of(v: &Value) -> String {
    v.get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

async fn lookup(
    graph: &Graph,
    assignee: &str,
) -> Result<Option<(String, Option<String>)>, GraphError> {
    if assignee.contains('@') {
        let users = graph
            .user_list(&format!("userPrincipalName eq '{assignee}'"))
            .await?;
        if let Some(u) = users.first() {
            return Ok(Some((id_of(u), Some("User".into()))));
        }
    }
    let sps = graph
        .service_principal_list(&format!("servicePrincipalNames/any(c:c eq '{assignee}')"))
        .await?;
    if let Some(sp) = sps.first() {
        return Ok(Some((id_of(sp), Some("ServicePrincipal".into()))));
    }
    if is_guid(assignee) {
        let found = graph.get_object_stubs(&[assignee.to_owned()]).await?;
        if let Some(o) = found.first() {
            return Ok(Some((id_of(o), principal_type_of(o))));
        }
    }
    Ok(None)
}

/// az's `_get_displayable_name`: a user's sign-in name, a service principal's first name,
/// else the display name.
pub fn displayable_name(object: &Value) -> String {
    if let Some(upn) = object.get("userPrincipalName") {
        return upn.as_str().unwrap_or_default().to_owned();
    }
    if let Some(names) = object.get("servicePrincipalNames") {
        return names
            .get(0)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
    }
    object
        .get("displayName")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principal_types_follow_odata_types() {
        let t = |s: &str| principal_type_of(&json!({"@odata.type": s}));
        assert_eq!(t("#microsoft.graph.user").as_deref(), Some("User"));
        assert_eq!(
            t("#microsoft.graph.servicePrincipal").as_deref(),
            Some("ServicePrincipal")
        );
        assert_eq!(t("#microsoft.graph.device"), None);
    }

    #[test]
    fn displayable_names_prefer_upn_then_spn() {
        assert_eq!(
            displayable_name(&json!({"userPrincipalName": "u@x", "displayName": "U"})),
            "u@x"
        );
        assert_eq!(
            displayable_name(&json!({"servicePrincipalNames": ["app", "b"], "displayName": "S"})),
            "app"
        );
        assert_eq!(displayable_name(&json!({"displayName": "G"})), "G");
    }

    #[test]
    fn guids_are_what_python_uuid_accepts() {
        assert!(is_guid("00000000-0000-4000-8000-000000001111"));
        assert!(is_guid("{00000000-0000-4000-8000-000000001111}"));
        assert!(!is_guid("user@example.com"));
    }
}
