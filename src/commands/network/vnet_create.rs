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
    // AAZ reads the group's location when none is given; a group it cannot find leaves the
    // location out and the PUT goes ahead (ARM then names the missing group).
    let location = match args.location.clone().filter(|l| !l.is_empty()) {
        Some(l) => Some(l),
        None => {
            let rg = group_path(&arm.subscription_id, &args.vnet.resource_group);
            match arm.client.get(&rg, api::RESOURCE_GROUPS).await {
                Ok(group) => group["location"].as_str().map(str::to_string),
                Err(e) if e.is_not_found() => None,
                Err(e) => return Err(e.into()),
            }
        }
    };
    let body = create_body(&args, location.as_deref(), tags);
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
fn create_body(
    args: &VnetCreateArgs,
    location: Option<&str>,
    tags: Option<Map<String, Value>>,
) -> Value {
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
    if let Some(l) = location {
        body.insert("location".into(), json!(l));
    }
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
            serde_json::to_string(&create_body(&a, Some("westus2"), None)).expect("json"),
            r#"{"location":"westus2","properties":{"addressSpace":{"addressPrefixes":["10.0.0.0/8"]},"enableDdosProtection":false,"enableVmProtection":false,"subnets":[{"name":"s","properties":{"addressPrefix":"10.240.0.0/16"}}]}}"#
        );
        let b = create_body(&args(), None, Some(Map::new()));
        assert!(b.get("location").is_none());
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
