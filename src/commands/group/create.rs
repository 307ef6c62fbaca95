//! `group create`: PUT the group with az's body and print it as az's ResourceGroup model.

use serde_json::{Map, Value, json};

use super::{RESOURCE_GROUP, group_path};
use crate::arm::api;
use crate::cli::GroupCreateArgs;
use crate::commands::model;
use crate::commands::{Ctx, Outcome};

/// `group create -n NAME -l LOCATION [--tags ...] [--managed-by ...]`.
pub(crate) async fn run(ctx: &Ctx, args: GroupCreateArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = group_path(&arm.subscription_id, &args.group.name);
    let body = create_body(&args.location, &args.tags, args.managed_by.as_deref());
    let rg = arm.client.put(&path, api::RESOURCE_GROUPS, body).await?;
    Ok(Outcome::value(model::shape(&rg, RESOURCE_GROUP)))
}

/// The PUT body az sends: absent values omitted, `k` alone as a tag gives `""`.
fn create_body(location: &str, tags: &[String], managed_by: Option<&str>) -> Value {
    let mut body = Map::new();
    body.insert("location".into(), json!(location));
    let pairs = crate::py::tags(tags);
    if !tags.is_empty() {
        let tags: Map<String, Value> = pairs
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        body.insert("tags".into(), Value::Object(tags));
    }
    if let Some(m) = managed_by {
        body.insert("managedBy".into(), json!(m));
    }
    Value::Object(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_body_omits_absent_values() {
        assert_eq!(
            serde_json::to_string(&create_body("westus2", &[], None)).expect("json"),
            r#"{"location":"westus2"}"#
        );
        let tags = vec!["a=b".to_string(), "c".to_string()];
        assert_eq!(
            create_body("westus", &tags, Some("test_admin")),
            json!({"location": "westus", "tags": {"a": "b", "c": ""}, "managedBy": "test_admin"})
        );
    }
}
