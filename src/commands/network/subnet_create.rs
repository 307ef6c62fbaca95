//! `network vnet subnet create -g RG --vnet-name V -n NAME --address-prefixes P... [--no-wait]`:
//! az's AAZ PUT of the subnet (with the two network-policy values az always sends), polled
//! through `Azure-AsyncOperation`, printed client-flattened.

use serde_json::{Map, Value, json};

use super::{SUBNET_API, aaz_flatten, subnet_path};
use crate::cli::SubnetCreateArgs;
use crate::commands::{Ctx, Outcome};

pub(crate) async fn run(ctx: &Ctx, args: SubnetCreateArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = subnet_path(
        &arm.subscription_id,
        &args.parent.resource_group,
        &args.parent.vnet_name,
        &args.name,
    );
    let body = create_body(&args.name, &args.address_prefixes);
    let (opts, spinner) = crate::commands::lro_options(ctx, args.no_wait);
    let result = arm.client.put_lro(&path, SUBNET_API, body, &opts).await;
    spinner.finish();
    Ok(match result? {
        Some(subnet) => Outcome::value(aaz_flatten(&subnet)),
        None => Outcome::none(),
    })
}

/// The body AAZ builds: one prefix as `addressPrefix`, several as `addressPrefixes`.
fn create_body(name: &str, prefixes: &[String]) -> Value {
    let mut props = Map::new();
    match prefixes {
        [] => {}
        [one] => {
            props.insert("addressPrefix".into(), json!(one));
        }
        many => {
            props.insert("addressPrefixes".into(), json!(many));
        }
    }
    props.insert("privateEndpointNetworkPolicies".into(), json!("Disabled"));
    props.insert("privateLinkServiceNetworkPolicies".into(), json!("Enabled"));
    json!({"name": name, "properties": Value::Object(props)})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_matches_what_az_sends() {
        assert_eq!(
            serde_json::to_string(&create_body("sub2", &["10.241.0.0/16".into()])).expect("json"),
            r#"{"name":"sub2","properties":{"addressPrefix":"10.241.0.0/16","privateEndpointNetworkPolicies":"Disabled","privateLinkServiceNetworkPolicies":"Enabled"}}"#
        );
        let two = create_body("s", &["10.0.0.0/24".into(), "10.0.1.0/24".into()]);
        assert_eq!(
            two["properties"]["addressPrefixes"],
            json!(["10.0.0.0/24", "10.0.1.0/24"])
        );
    }
}
