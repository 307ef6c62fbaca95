//! `azrs group ...`: resource groups (commands.md §4). api-version 2024-11-01; the SDK's URL
//! segment is lowercase `resourcegroups`, as az sends it.

use serde_json::{Map, Value, json};

use crate::arm::{ArmPath, ArmRequest, api};
use crate::cli::{GroupCommand, GroupCreateArgs, GroupDeleteArgs, GroupListArgs};
use crate::commands::model::{self, RESOURCE_GROUP};
use crate::commands::{Ctx, Outcome};
use crate::output::transformers;

/// Runs one `group` verb.
pub async fn run(ctx: &Ctx, command: GroupCommand) -> anyhow::Result<Outcome> {
    match command {
        GroupCommand::Create(args) => create(ctx, args).await,
        GroupCommand::Delete(args) => delete(ctx, args).await,
        GroupCommand::Exists(args) => {
            let arm = ctx.arm()?;
            let path = group_path(&arm.subscription_id, &args.group.name);
            let exists = arm.client.head_exists(&path, api::RESOURCE_GROUPS).await?;
            Ok(Outcome::value(Value::Bool(exists)))
        }
        GroupCommand::List(args) => list(ctx, args).await,
        GroupCommand::Show(args) => {
            let arm = ctx.arm()?;
            let path = group_path(&arm.subscription_id, &args.group.name);
            let rg = arm.client.get(&path, api::RESOURCE_GROUPS).await?;
            Ok(Outcome::value(model::shape(&rg, RESOURCE_GROUP)))
        }
    }
}

/// `/subscriptions/{sub}/resourcegroups`, the collection (lowercase as the SDK spells it).
pub fn groups_path(subscription: &str) -> ArmPath {
    ArmPath::subscription(subscription).lit("resourcegroups")
}

/// `/subscriptions/{sub}/resourcegroups/{rg}`, the name one encoded segment.
pub fn group_path(subscription: &str, name: &str) -> ArmPath {
    groups_path(subscription).seg(name)
}

/// The PUT body az sends: absent values omitted, `k` alone as a tag gives `""`.
pub fn create_body(location: &str, tags: &[String], managed_by: Option<&str>) -> Value {
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

async fn create(ctx: &Ctx, args: GroupCreateArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = group_path(&arm.subscription_id, &args.group.name);
    let body = create_body(&args.location, &args.tags, args.managed_by.as_deref());
    let rg = arm.client.put(&path, api::RESOURCE_GROUPS, body).await?;
    Ok(Outcome::value(model::shape(&rg, RESOURCE_GROUP)))
}

/// `$filter` for `--tag k[=v]`, spelled as az sends it.
pub fn tag_filter(tag: &str) -> String {
    match tag.split_once('=') {
        Some((k, v)) => format!("tagname eq '{k}' and tagvalue eq '{v}'"),
        None => format!("tagname eq '{tag}'"),
    }
}

async fn list(ctx: &Ctx, args: GroupListArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let mut req = ArmRequest::get(&groups_path(&arm.subscription_id), api::RESOURCE_GROUPS);
    if let Some(tag) = args.tag.as_deref().filter(|t| !t.is_empty()) {
        req = req.query("$filter", &tag_filter(tag));
    }
    let items = arm.client.list_all_request(req).await?;
    Ok(Outcome::table(
        model::shape_all(items, RESOURCE_GROUP),
        transformers::group_list,
    ))
}

async fn delete(ctx: &Ctx, args: GroupDeleteArgs) -> anyhow::Result<Outcome> {
    crate::commands::confirm(ctx, crate::commands::CONFIRM_QUESTION, args.yes)?;
    let arm = ctx.arm()?;
    let path = group_path(&arm.subscription_id, &args.group.name);
    let mut req = ArmRequest::delete(&path, api::RESOURCE_GROUPS);
    if let Some(types) = args.force_deletion_types.as_deref() {
        req = req.query("forceDeletionTypes", types);
    }
    let (opts, spinner) = crate::commands::lro_options(ctx, args.no_wait);
    let result = arm.client.run_lro(req, None, &opts).await;
    spinner.finish();
    result?;
    Ok(Outcome::none())
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

    #[test]
    fn group_paths_encode_the_name_once() {
        assert_eq!(
            group_path("s", "prod#x").as_str(),
            "/subscriptions/s/resourcegroups/prod%23x"
        );
        assert_eq!(groups_path("s").as_str(), "/subscriptions/s/resourcegroups");
    }

    #[test]
    fn tag_filters_as_az_sends_them() {
        assert_eq!(tag_filter("env"), "tagname eq 'env'");
        assert_eq!(
            tag_filter("env=prod"),
            "tagname eq 'env' and tagvalue eq 'prod'"
        );
    }
}
