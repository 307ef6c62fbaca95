//! `network vnet list [-g RG]`: the group's (or the subscription's) networks, all pages, with
//! az's table transformer (`transform_vnet_table_output`).

use serde_json::{Map, Value, json};

use super::{VNET_API, aaz_flatten, vnets_path};
use crate::arm::ArmPath;
use crate::cli::VnetListArgs;
use crate::commands::{Ctx, Outcome};
use crate::output::TransformError;

pub(crate) async fn run(ctx: &Ctx, args: VnetListArgs) -> anyhow::Result<Outcome> {
    let arm = ctx.arm()?;
    let path = match args.resource_group.as_deref().filter(|g| !g.is_empty()) {
        Some(rg) => vnets_path(&arm.subscription_id, rg),
        None => ArmPath::subscription(&arm.subscription_id)
            .lit("providers/Microsoft.Network/virtualNetworks"),
    };
    let items = arm.client.list_all(&path, VNET_API).await?;
    Ok(Outcome::table(
        Value::Array(items.iter().map(aaz_flatten).collect()),
        table,
    ))
}

/// az's `transform_vnet_table_output`: one row per network; empty joins print `" "`, and a
/// missing `enableDdosProtection`/`enableVmProtection` prints `" "`.
pub fn table(value: &Value) -> Result<Value, TransformError> {
    let row = |v: &Value| -> Result<Value, TransformError> {
        let text = |k: &str| {
            v.get(k)
                .cloned()
                .ok_or_else(|| TransformError(format!("KeyError: '{k}'")))
        };
        let joined = |list: Option<&Value>| {
            let parts: Vec<&str> = list
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let s = parts.join(", ");
            if s.is_empty() { " ".to_string() } else { s }
        };
        let mut row = Map::new();
        row.insert("Name".into(), text("name")?);
        row.insert("ResourceGroup".into(), text("resourceGroup")?);
        row.insert("Location".into(), text("location")?);
        row.insert(
            "NumSubnets".into(),
            json!(v["subnets"].as_array().map_or(0, Vec::len)),
        );
        row.insert(
            "Prefixes".into(),
            json!(joined(v["addressSpace"].get("addressPrefixes"))),
        );
        row.insert(
            "DnsServers".into(),
            json!(joined(v["dhcpOptions"].get("dnsServers"))),
        );
        row.insert(
            "DDOSProtection".into(),
            v.get("enableDdosProtection").cloned().unwrap_or(json!(" ")),
        );
        row.insert(
            "VMProtection".into(),
            v.get("enableVmProtection").cloned().unwrap_or(json!(" ")),
        );
        Ok(Value::Object(row))
    };
    match value {
        Value::Array(items) => items
            .iter()
            .map(row)
            .collect::<Result<_, _>>()
            .map(Value::Array),
        other => row(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_follow_az_transformer() {
        let v = json!([{"name": "v", "resourceGroup": "rg", "location": "westus2",
            "subnets": [{}, {}], "addressSpace": {"addressPrefixes": ["10.0.0.0/8", "fd00::/8"]},
            "enableDdosProtection": false}]);
        let t = table(&v).expect("table");
        assert_eq!(
            t,
            json!([{"Name": "v", "ResourceGroup": "rg", "Location": "westus2", "NumSubnets": 2,
                "Prefixes": "10.0.0.0/8, fd00::/8", "DnsServers": " ", "DDOSProtection": false,
                "VMProtection": " "}])
        );
    }
}
