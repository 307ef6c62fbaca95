//! `network vnet create -g RG -n NAME [--address-prefixes P...] [--subnet-name S
//! [--subnet-prefixes P...]] [-l LOC] [--tags k=v...] [--no-wait]`: az's AAZ PUT (location from
//! the group when not given), polled through `Azure-AsyncOperation`, then printed as
//! `{"newVNet": …}` client-flattened.

use serde_json::{Map, Value, json};

use super::{VNET_API, aaz_flatten, aaz_tags, vnet_path};
use crate::arm::api;
use crate::cli::VnetCreateArgs;
use crate::commands::group::group_path;
use crate::commands::{Ctx, Outcome};

/// The address space AAZ fills in when `--address-prefixes` is absent.
const DEFAULT_PREFIX: &str = "10.0.0.0/16";

pub(crate) async fn run(ctx: &Ctx, args: VnetCreateArgs) -> anyhow::Result<Outcome> {
    // AAZ parses its arguments (tags included) before sending anything.
    let tags = args.tags.as_deref().map(aaz_tags).transpose()?;
    let arm = ctx.arm()?;
    let location = match args.location.clone().filter(|l| !l.is_empty()) {
        Some(l) => l,
        None => {
            let rg = group_path(&arm.subscription_id, &args.vnet.resource_group);
            let group = arm.client.get(&rg, api::RESOURCE_GROUPS).await?;
            group["location"].as_str().unwrap_or_default().to_string()
        }
    };
    let body = create_body(&args, &location, tags);
    let path = vnet_path(
        &arm.subscription_id,
        &args.vnet.resource_group,
        &args.vnet.name,
    );
    let (opts, spinner) = crate::commands::lro_options(ctx, args.no_wait);
    let result = arm.client.put_lro(&path, VNET_API, body, &opts).await;
    spinner.finish();
    Ok(match result? {
        Some(vnet) => Outcome::value(json!({"newVNet": aaz_flatten(&vnet)})),
        None => Outcome::none(),
    })
}

/// The body AAZ builds: location, properties (address space, the two protection flags az
/// always sends, the one subnet when `--subnet-name` is given), then tags.
fn create_body(args: &VnetCreateArgs, location: &str, tags: Option<Map<String, Value>>) -> Value {
    let prefixes: Vec<String> = if args.address_prefixes.is_empty() {
        vec![DEFAULT_PREFIX.to_string()]
    } else {
        args.address_prefixes.clone()
    };
    let mut props = Map::new();
    props.insert(
        "addressSpace".into(),
        json!({"addressPrefixes": prefixes.clone()}),
    );
    props.insert("enableDdosProtection".into(), json!(false));
    props.insert("enableVmProtection".into(), json!(false));
    if let Some(name) = &args.subnet_name {
        let mut sp = Map::new();
        match args.subnet_prefixes.as_slice() {
            [] => {
                sp.insert("addressPrefix".into(), json!(default_subnet(&prefixes[0])));
            }
            [one] => {
                sp.insert("addressPrefix".into(), json!(one));
            }
            many => {
                sp.insert("addressPrefixes".into(), json!(many));
            }
        }
        props.insert(
            "subnets".into(),
            json!([{"name": name, "properties": Value::Object(sp)}]),
        );
    }
    let mut body = Map::new();
    body.insert("location".into(), json!(location));
    body.insert("properties".into(), Value::Object(props));
    if let Some(t) = tags {
        body.insert("tags".into(), Value::Object(t));
    }
    Value::Object(body)
}

/// az's default subnet prefix: the network's first prefix at /24, or at its own length when
/// that is already /24 or longer.
fn default_subnet(vnet_prefix: &str) -> String {
    match vnet_prefix.split_once('/') {
        Some((addr, bits)) => match bits.parse::<u32>() {
            Ok(b) if b < 24 => format!("{addr}/24"),
            _ => format!("{addr}/{bits}"),
        },
        None => vnet_prefix.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::VnetNameArgs;

    fn args() -> VnetCreateArgs {
        VnetCreateArgs {
            vnet: VnetNameArgs {
                resource_group: "rg".into(),
                name: "v".into(),
            },
            address_prefixes: Vec::new(),
            location: None,
            tags: None,
            subnet_name: None,
            subnet_prefixes: Vec::new(),
            no_wait: false,
        }
    }

    #[test]
    fn body_matches_what_az_sends() {
        let mut a = args();
        a.address_prefixes = vec!["10.0.0.0/8".into()];
        a.subnet_name = Some("s".into());
        a.subnet_prefixes = vec!["10.240.0.0/16".into()];
        assert_eq!(
            serde_json::to_string(&create_body(&a, "westus2", None)).expect("json"),
            r#"{"location":"westus2","properties":{"addressSpace":{"addressPrefixes":["10.0.0.0/8"]},"enableDdosProtection":false,"enableVmProtection":false,"subnets":[{"name":"s","properties":{"addressPrefix":"10.240.0.0/16"}}]}}"#
        );
        let b = create_body(&args(), "eastus", Some(Map::new()));
        assert_eq!(
            b["properties"]["addressSpace"]["addressPrefixes"][0],
            DEFAULT_PREFIX
        );
        assert!(b["properties"].get("subnets").is_none());
        assert_eq!(b["tags"], json!({}));
    }

    #[test]
    fn default_subnet_is_a_slash_24_of_the_first_prefix() {
        assert_eq!(default_subnet("10.0.0.0/16"), "10.0.0.0/24");
        assert_eq!(default_subnet("10.0.0.0/26"), "10.0.0.0/26");
        assert_eq!(default_subnet("10.0.0.0/24"), "10.0.0.0/24");
    }
}
