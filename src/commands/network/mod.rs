//! `azrs network vnet ...` and `azrs network vnet subnet ...`: virtual networks and their
//! subnets, one file per verb (`vnet_create.rs`, `subnet_show.rs`, …). az's `network` commands
//! are AAZ-generated, which shows in what they send and print: virtual networks at api-version
//! 2025-07-01 and subnets at 2024-07-01 (each command pins its own), long-running PUTs and
//! DELETEs polled through `Azure-AsyncOperation`, and results printed "client-flattened"
//! ([`aaz_flatten`]): every `properties` object merged into its parent, keys in schema order.
//! This module holds what the verbs share: the dispatcher, the typed paths and the flattening.

pub mod subnet_create;
pub mod subnet_list;
pub mod subnet_show;
pub mod vnet_create;
pub mod vnet_delete;
pub mod vnet_list;
pub mod vnet_show;

use serde_json::{Map, Value};

use crate::arm::ArmPath;
use crate::cli::{NetworkCommand, SubnetCommand, VnetCommand};
use crate::commands::{Ctx, Outcome};

/// The api-version of az 2.91's `network vnet` commands (AAZ `2025-07-01`).
pub(crate) const VNET_API: &str = "2025-07-01";
/// The api-version of az 2.91's `network vnet subnet` commands (AAZ `2024-07-01`).
pub(crate) const SUBNET_API: &str = "2024-07-01";

/// Runs one `network` verb.
pub(crate) async fn run(ctx: &Ctx, command: NetworkCommand) -> anyhow::Result<Outcome> {
    match command {
        NetworkCommand::Vnet(ns) => match ns.command {
            VnetCommand::Create(args) => vnet_create::run(ctx, args).await,
            VnetCommand::Delete(args) => vnet_delete::run(ctx, args).await,
            VnetCommand::List(args) => vnet_list::run(ctx, args).await,
            VnetCommand::Show(args) => vnet_show::run(ctx, args).await,
            VnetCommand::Subnet(sub) => match sub.command {
                SubnetCommand::Create(args) => subnet_create::run(ctx, args).await,
                SubnetCommand::List(args) => subnet_list::run(ctx, args).await,
                SubnetCommand::Show(args) => subnet_show::run(ctx, args).await,
            },
        },
    }
}

/// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks`.
pub(crate) fn vnets_path(subscription: &str, resource_group: &str) -> ArmPath {
    ArmPath::subscription(subscription)
        .lit("resourceGroups")
        .seg(resource_group)
        .lit("providers/Microsoft.Network/virtualNetworks")
}

/// One virtual network, group and name each one encoded segment.
pub(crate) fn vnet_path(subscription: &str, resource_group: &str, name: &str) -> ArmPath {
    vnets_path(subscription, resource_group).seg(name)
}

/// One subnet of a virtual network (`…/virtualNetworks/{vnet}/subnets/{name}`).
pub(crate) fn subnet_path(
    subscription: &str,
    resource_group: &str,
    vnet: &str,
    name: &str,
) -> ArmPath {
    vnet_path(subscription, resource_group, vnet)
        .lit("subnets")
        .seg(name)
}

/// AAZ's client-flattened output of a network resource: each `properties` object merged into
/// the object holding it, at every depth, and keys in the order of AAZ's generated schemas
/// (alphabetical by attribute name, which for these resources is the wire names' order).
pub(crate) fn aaz_flatten(value: &Value) -> Value {
    match value {
        Value::Object(obj) => {
            let mut entries: Vec<(String, Value)> = Vec::with_capacity(obj.len());
            for (k, v) in obj {
                match (k.as_str(), v) {
                    ("properties", Value::Object(props)) => {
                        entries.extend(props.iter().map(|(pk, pv)| (pk.clone(), aaz_flatten(pv))));
                    }
                    _ => entries.push((k.clone(), aaz_flatten(v))),
                }
            }
            entries.sort_by_key(|e| e.0.to_ascii_lowercase());
            Value::Object(entries.into_iter().collect::<Map<String, Value>>())
        }
        Value::Array(items) => Value::Array(items.iter().map(aaz_flatten).collect()),
        other => other.clone(),
    }
}

/// az's AAZ `--tags` parsing: `k=v` pairs into a dict; a word without `=` is refused with
/// az's message (exit 1), unlike the SDK commands' tags which give it `""`.
pub(crate) fn aaz_tags(tags: &[String]) -> anyhow::Result<Map<String, Value>> {
    let mut out = Map::new();
    for t in tags {
        match t.split_once('=') {
            Some((k, v)) => {
                out.insert(k.to_string(), Value::String(v.to_string()));
            }
            None => {
                return crate::commands::fail(format!(
                    "Failed to parse '--tags' argument: dict type value expected, got '{t}'(<class 'str'>)"
                ));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flatten_merges_properties_at_every_depth_in_schema_order() {
        let wire = json!({"name": "v", "type": "T", "id": "/x", "etag": "e", "properties": {
            "subnets": [{"name": "s", "properties": {"addressPrefix": "10.0.0.0/24"}}],
            "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}});
        let flat = aaz_flatten(&wire);
        let keys: Vec<&String> = flat.as_object().expect("object").keys().collect();
        assert_eq!(
            keys,
            ["addressSpace", "etag", "id", "name", "subnets", "type"]
        );
        assert_eq!(flat["subnets"][0]["addressPrefix"], "10.0.0.0/24");
        assert!(flat["subnets"][0].get("properties").is_none());
    }

    #[test]
    fn aaz_tags_need_a_value() {
        let ok = aaz_tags(&["a=b".into(), "c=".into()]).expect("tags");
        assert_eq!(Value::Object(ok), json!({"a": "b", "c": ""}));
        let err = aaz_tags(&["a=b".into(), "c".into()]).expect_err("bare key");
        assert_eq!(
            err.to_string(),
            "Failed to parse '--tags' argument: dict type value expected, got 'c'(<class 'str'>)"
        );
    }

    #[test]
    fn paths_encode_each_name_once() {
        assert_eq!(
            subnet_path("s", "r g", "v#1", "a/b").as_str(),
            "/subscriptions/s/resourceGroups/r%20g/providers/Microsoft.Network/virtualNetworks/v%231/subnets/a%2Fb"
        );
    }
}
