//! `group list [--tag k[=v]]`: every group of the subscription, all pages, and az's table
//! transformer (`Name`, `Location`, `Status`).

use serde_json::{Map, Value};

use super::{RESOURCE_GROUP, groups_path};
use crate::arm::{ArmRequest, api};
use crate::cli::GroupListArgs;
use crate::commands::model;
use crate::commands::{Ctx, Outcome};
use crate::output::transformers::{index, rows};
use crate::output::{RawList, TransformError};

/// `group list`.
pub(crate) async fn run(ctx: &Ctx, args: GroupListArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let mut req = ArmRequest::get(&groups_path(&arm.subscription_id), api::RESOURCE_GROUPS);
    if let Some(tag) = args.tag.as_deref().filter(|t| !t.is_empty()) {
        req = req.query("$filter", &tag_filter(tag));
    }
    // Kept as text per item until printed: 10,000 groups as a tree cost ten times the JSON.
    let items = arm.client.list_all_raw(req).await?;
    Ok(Outcome::list_table(RawList::new(items, shape), table))
}

/// A wire group as az prints its `ResourceGroup` model.
fn shape(wire: Value) -> Value {
    model::shape(&wire, RESOURCE_GROUP)
}

/// `$filter` for `--tag k[=v]`, spelled as az sends it.
fn tag_filter(tag: &str) -> String {
    match tag.split_once('=') {
        Some((k, v)) => format!("tagname eq '{k}' and tagvalue eq '{v}'"),
        None => format!("tagname eq '{tag}'"),
    }
}

/// az's table transformer for `group list` (a Python function): `Name`, `Location`,
/// `Status = properties.provisioningState`; a missing key fails as Python's `r[key]` would.
pub fn table(value: &Value) -> Result<Value, TransformError> {
    rows(value, |r| {
        let mut m = Map::new();
        m.insert("Name".into(), index(r, "name")?.clone());
        m.insert("Location".into(), index(r, "location")?.clone());
        let state = index(index(r, "properties")?, "provisioningState")?;
        m.insert("Status".into(), state.clone());
        Ok(m)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_filters_as_az_sends_them() {
        assert_eq!(tag_filter("env"), "tagname eq 'env'");
        assert_eq!(
            tag_filter("env=prod"),
            "tagname eq 'env' and tagvalue eq 'prod'"
        );
    }
}
