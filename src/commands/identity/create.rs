//! `identity create -g RG -n NAME [-l LOCATION] [--tags k=v ...] [--isolation-scope S]`: PUT
//! the identity. Without `--location` az first reads the group's location (and, when it cannot,
//! reports the location as missing rather than the group's error).

use serde_json::{Map, Value, json};

use super::{API, flatten, identity_path};
use crate::arm::api;
use crate::cli::IdentityCreateArgs;
use crate::commands::group::group_path;
use crate::commands::{Ctx, Outcome, fail};

/// `identity create`.
pub(crate) async fn run(ctx: &Ctx, args: IdentityCreateArgs) -> anyhow::Result<Outcome> {
    // aaz parses arguments before sending anything.
    let tags = match &args.tags {
        Some(items) => Some(parse_tags(items)?),
        None => None,
    };
    let arm = ctx.arm()?;
    let id = &args.identity;
    let location = match &args.location {
        Some(l) => l.clone(),
        None => {
            let group = arm
                .client
                .get(
                    &group_path(&arm.subscription_id, &id.resource_group),
                    api::RESOURCE_GROUPS,
                )
                .await;
            match group
                .ok()
                .and_then(|g| g.get("location").and_then(Value::as_str).map(str::to_owned))
            {
                Some(l) => l,
                None => return fail("InvalidArgumentValue: Missing required field: --location"),
            }
        }
    };
    let body = create_body(&location, tags, args.isolation_scope.as_deref());
    let path = identity_path(&arm.subscription_id, &id.resource_group, &id.name);
    let v = arm.client.put(&path, API, body).await?;
    Ok(Outcome::value(flatten(v)))
}

/// The PUT body in aaz's schema order: `location`, `properties`, `tags`.
fn create_body(location: &str, tags: Option<Map<String, Value>>, isolation: Option<&str>) -> Value {
    let mut body = Map::new();
    body.insert("location".into(), json!(location));
    if let Some(scope) = isolation {
        body.insert("properties".into(), json!({"isolationScope": scope}));
    }
    if let Some(tags) = tags {
        body.insert("tags".into(), Value::Object(tags));
    }
    Value::Object(body)
}

/// aaz's shorthand dict for `--tags`: every item `key=value`; a bare word is not a dict entry
/// and an empty value is refused, with aaz's words.
fn parse_tags(items: &[String]) -> anyhow::Result<Map<String, Value>> {
    let mut out = Map::new();
    for item in items {
        let Some((k, v)) = item.split_once('=') else {
            return fail(format!(
                "Failed to parse '--tags' argument: dict type value expected, got '{item}'(<class 'str'>)"
            ));
        };
        if v.is_empty() {
            return fail("Failed to parse '--tags' argument: argument value cannot be blank");
        }
        out.insert(k.to_owned(), json!(v));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_only_what_was_given() {
        assert_eq!(
            serde_json::to_string(&create_body("westus2", None, None)).expect("json"),
            r#"{"location":"westus2"}"#
        );
        let tags = parse_tags(&["a=b".into(), "c=d=e".into()]).expect("tags");
        assert_eq!(
            create_body("eastus", Some(tags), Some("Regional")),
            json!({"location": "eastus", "properties": {"isolationScope": "Regional"}, "tags": {"a": "b", "c": "d=e"}})
        );
    }

    #[test]
    fn tags_refuse_bare_words_and_blank_values_as_aaz() {
        let e = parse_tags(&["a=b".into(), "c".into()]).expect_err("bare");
        assert_eq!(
            e.to_string(),
            "Failed to parse '--tags' argument: dict type value expected, got 'c'(<class 'str'>)"
        );
        let e = parse_tags(&["c=".into()]).expect_err("blank");
        assert_eq!(
            e.to_string(),
            "Failed to parse '--tags' argument: argument value cannot be blank"
        );
    }
}
