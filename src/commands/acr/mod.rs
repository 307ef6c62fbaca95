//! `azrs acr create|show|list|delete`: container registries as ARM resources, one file per
//! verb. az's `acr` module is SDK-based (azure-mgmt-containerregistry, api-version
//! 2026-09-01-preview), so a registry prints as that SDK's `Registry` model ([`registry_model`]:
//! `properties` flattened into the model, every model attribute present, `null` when absent,
//! timestamps re-printed by Python's `isoformat`), with az's `registry_output_format` table.
//! `show` and `delete` without `-g` find the group the way az does: the subscription's
//! generic resource list filtered on the registry type. This module holds what the verbs share.

pub mod create;
pub mod delete;
pub mod list;
pub mod show;

use serde_json::{Map, Value, json};

use crate::arm::{ArmPath, ArmRequest, api};
use crate::cli::AcrCommand;
use crate::commands::{Ctx, Outcome, fail};
use crate::output::TransformError;

/// The api-version of the registry operations az 2.91 sends.
pub(crate) const REGISTRY_API: &str = "2026-09-01-preview";
/// The registry resource type.
const REGISTRY_TYPE: &str = "Microsoft.ContainerRegistry/registries";
/// The login-server suffix of registry names (`<name>.azurecr.io`).
const LOGIN_SUFFIX: &str = ".azurecr.io";

/// Runs one `acr` verb.
pub(crate) async fn run(ctx: &Ctx, command: AcrCommand) -> anyhow::Result<Outcome> {
    match command {
        AcrCommand::Create(args) => create::run(ctx, args).await,
        AcrCommand::Delete(args) => delete::run(ctx, args).await,
        AcrCommand::List(args) => list::run(ctx, args).await,
        AcrCommand::Show(args) => show::run(ctx, args).await,
    }
}

/// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerRegistry/registries`.
pub(crate) fn registries_path(subscription: &str, resource_group: &str) -> ArmPath {
    ArmPath::subscription(subscription)
        .lit("resourceGroups")
        .seg(resource_group)
        .lit("providers/Microsoft.ContainerRegistry/registries")
}

/// One registry, group and name each one encoded segment.
pub(crate) fn registry_path(subscription: &str, resource_group: &str, name: &str) -> ArmPath {
    registries_path(subscription, resource_group).seg(name)
}

/// az's `validate_registry_name` (for `show` and `delete`): a login server
/// (`name.azurecr.io`) is cut to its name with a warning; a dash without that suffix, another
/// suffix, or a name outside 5–50 letters, digits and dashes is an error (exit 1).
pub(crate) fn registry_name(ctx: &Ctx, given: &str) -> anyhow::Result<String> {
    const BAD: &str = "Registry names may contain only alpha numeric characters and must be between 5 and 50 characters";
    let (head, suffix) = match given.split_once('.') {
        Some((h, s)) => (h, format!(".{s}")),
        None => (given, String::new()),
    };
    let dash = head.find('-');
    let name = if suffix.is_empty() {
        if dash.is_some() {
            return fail(BAD);
        }
        head.to_string()
    } else if suffix.eq_ignore_ascii_case(LOGIN_SUFFIX) {
        let (name, removed) = match dash {
            Some(i) => (&head[..i], format!("{}{suffix}", &head[i..])),
            None => (head, suffix.clone()),
        };
        ctx.warn(&format!(
            "Registry name is '{name}'. The following suffix '{removed}' is automatically omitted."
        ));
        name.to_string()
    } else {
        return fail(format!(
            "The login server suffix is not valid for the current cloud. Please try again using '{LOGIN_SUFFIX}'."
        ));
    };
    let valid = (5..=50).contains(&name.chars().count())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !valid {
        return fail(BAD);
    }
    Ok(name)
}

/// The group of registry `name`: `given`, or az's lookup in the subscription's resources
/// (`resourceType eq 'Microsoft.ContainerRegistry/registries'`), names compared
/// case-insensitively.
pub(crate) async fn resource_group_of(
    ctx: &Ctx,
    name: &str,
    given: Option<&str>,
) -> anyhow::Result<String> {
    if let Some(rg) = given.filter(|g| !g.is_empty()) {
        return Ok(rg.to_string());
    }
    let arm = ctx.arm()?;
    let path = ArmPath::subscription(&arm.subscription_id).lit("resources");
    let first = ArmRequest::get(&path, api::RESOURCE_GROUPS)
        .query("$filter", &format!("resourceType eq '{REGISTRY_TYPE}'"));
    let items = arm.client.list_all_request(first).await?;
    let found: Vec<&Value> = items
        .iter()
        .filter(|r| {
            r["name"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
        .collect();
    match found.as_slice() {
        [one] => {
            let id = one["id"].as_str().unwrap_or_default();
            let segs: Vec<&str> = id.split('/').collect();
            // `/subscriptions/{s}/resourceGroups/{rg}/…`: az takes the fifth segment.
            Ok(segs.get(4).copied().unwrap_or_default().to_string())
        }
        [] => {
            let message = format!(
                "The resource with name '{name}' and type '{REGISTRY_TYPE}' could not be found"
            );
            match subscription_name(ctx, &arm.subscription_id) {
                Some(sub) => fail(format!(
                    "{message} in subscription '{sub} ({})'.",
                    arm.subscription_id
                )),
                None => fail(format!("{message} in the current subscription.")),
            }
        }
        _ => fail(format!(
            "More than one resources with type '{REGISTRY_TYPE}' are found with name '{name}'."
        )),
    }
}

/// The profile's name of subscription `id` (az names it in the not-found message; without a
/// profile entry it says "the current subscription").
fn subscription_name(ctx: &Ctx, id: &str) -> Option<String> {
    let profile = crate::config::Profile::load(&ctx.config_dir.profile_file()).ok()?;
    profile
        .subscriptions()
        .iter()
        .find(|s| s["id"].as_str().is_some_and(|i| i.eq_ignore_ascii_case(id)))
        .and_then(|s| s["name"].as_str())
        .map(str::to_string)
}

/// One model attribute in the SDK's order: its wire key, the key az prints, its nested model
/// and whether it is a timestamp (re-printed by `isoformat`).
struct Attr {
    wire: &'static str,
    printed: &'static str,
    nested: Option<&'static [Attr]>,
    time: bool,
}

/// A plain attribute.
const fn a(key: &'static str) -> Attr {
    Attr {
        wire: key,
        printed: key,
        nested: None,
        time: false,
    }
}

/// A timestamp attribute.
const fn t(key: &'static str) -> Attr {
    Attr {
        time: true,
        ..a(key)
    }
}

/// A nested model.
const fn m(key: &'static str, nested: &'static [Attr]) -> Attr {
    Attr {
        nested: Some(nested),
        ..a(key)
    }
}

const SKU: &[Attr] = &[a("name"), a("tier")];
const SYSTEM_DATA: &[Attr] = &[
    a("createdBy"),
    a("createdByType"),
    t("createdAt"),
    a("lastModifiedBy"),
    a("lastModifiedByType"),
    t("lastModifiedAt"),
];
const STATUS: &[Attr] = &[a("status")];
const TRUST: &[Attr] = &[a("type"), a("status")];
const RETENTION: &[Attr] = &[a("days"), t("lastUpdatedTime"), a("status")];
const SOFT_DELETE: &[Attr] = &[a("retentionDays"), t("lastUpdatedTime"), a("status")];
const POLICIES: &[Attr] = &[
    m("quarantinePolicy", STATUS),
    m("trustPolicy", TRUST),
    m("retentionPolicy", RETENTION),
    m("exportPolicy", STATUS),
    // The SDK's attribute is `azure_ad_authentication_as_arm_policy`, printed camel-cased.
    Attr {
        wire: "azureADAuthenticationAsArmPolicy",
        printed: "azureAdAuthenticationAsArmPolicy",
        nested: Some(STATUS),
        time: false,
    },
    m("softDeletePolicy", SOFT_DELETE),
];
const ENCRYPTION: &[Attr] = &[a("status"), a("keyVaultProperties")];
/// The `Registry` model of the SDK az 2.91 ships, `properties` flattened in place.
const REGISTRY: &[Attr] = &[
    a("id"),
    a("name"),
    a("type"),
    m("systemData", SYSTEM_DATA),
    a("tags"),
    a("location"),
    a("loginServer"),
    t("creationDate"),
    a("provisioningState"),
    a("status"),
    a("adminUserEnabled"),
    a("networkRuleSet"),
    m("policies", POLICIES),
    m("encryption", ENCRYPTION),
    a("dataEndpointEnabled"),
    a("dataEndpointHostNames"),
    a("regionalEndpoints"),
    a("regionalEndpointHostNames"),
    a("endpointProtocol"),
    a("privateEndpointConnections"),
    a("publicNetworkAccess"),
    a("networkRuleBypassOptions"),
    a("networkRuleBypassAllowedForTasks"),
    a("zoneRedundancy"),
    a("anonymousPullEnabled"),
    a("metadataSearch"),
    a("autoGeneratedDomainNameLabelScope"),
    a("writableCacheRepos"),
    a("roleAssignmentMode"),
    m("sku", SKU),
    a("identity"),
];

fn shape(wire: &Value, attrs: &[Attr]) -> Value {
    let mut out = Map::new();
    for attr in attrs {
        let v = wire.get(attr.wire).cloned().unwrap_or(Value::Null);
        let v = match (attr.nested, &v) {
            (Some(n), Value::Object(_)) => shape(&v, n),
            _ if attr.time => v
                .as_str()
                .and_then(crate::py::isoformat)
                .map(Value::String)
                .unwrap_or(v),
            _ => v,
        };
        out.insert(attr.printed.to_string(), v);
    }
    Value::Object(out)
}

/// A registry as az prints it: the SDK model over the wire body with `properties` lifted.
pub(crate) fn registry_model(wire: &Value) -> Value {
    let mut lifted = wire.as_object().cloned().unwrap_or_default();
    if let Some(Value::Object(props)) = lifted.remove("properties") {
        for (k, v) in props {
            lifted.entry(k).or_insert(v);
        }
    }
    shape(&Value::Object(lifted), REGISTRY)
}

/// az's `registry_output_format`: one row per registry, values as `str()` (`' '` when empty),
/// the creation date as `%Y-%m-%dT%H:%M:%SZ`.
pub fn table(value: &Value) -> Result<Value, TransformError> {
    let text = |v: &Value| -> Value {
        match v {
            Value::Null => json!(" "),
            Value::String(s) if s.is_empty() => json!(" "),
            Value::String(s) => json!(s),
            Value::Bool(b) => json!(if *b { "True" } else { "False" }),
            Value::Number(n) => json!(n.to_string()),
            other => json!(other.to_string()),
        }
    };
    let row = |item: &Value| {
        let created = match &item["creationDate"] {
            Value::String(s) => json!(
                s.get(..19)
                    .filter(|_| s.len() >= 19)
                    .map(|d| format!("{d}Z"))
                    .unwrap_or_else(|| s.clone())
            ),
            other => text(other),
        };
        let mut row = Map::new();
        row.insert("NAME".into(), text(&item["name"]));
        row.insert("RESOURCE GROUP".into(), text(&item["resourceGroup"]));
        row.insert("LOCATION".into(), text(&item["location"]));
        row.insert("SKU".into(), text(&item["sku"]["name"]));
        row.insert("LOGIN SERVER".into(), text(&item["loginServer"]));
        row.insert("CREATION DATE".into(), created);
        row.insert("ADMIN ENABLED".into(), text(&item["adminUserEnabled"]));
        Value::Object(row)
    };
    Ok(match value {
        Value::Array(items) => Value::Array(items.iter().map(row).collect()),
        other => Value::Array(vec![row(other)]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_prints_as_the_sdk_model() {
        let wire = json!({"id": "/r", "name": "reg01", "sku": {"name": "Basic", "tier": "Basic"},
            "properties": {"loginServer": "reg01.azurecr.io", "creationDate": "2026-12-04T16:01:14.9902167Z",
                "adminUserEnabled": false,
                "policies": {"azureADAuthenticationAsArmPolicy": {"status": "enabled"}},
                "encryption": {"status": "disabled"}}});
        let m = registry_model(&wire);
        let keys: Vec<&String> = m.as_object().expect("object").keys().collect();
        assert_eq!(keys.len(), REGISTRY.len());
        assert_eq!(keys[0], "id");
        assert_eq!(m["creationDate"], "2026-12-04T16:01:14.990216+00:00");
        assert_eq!(
            m["policies"]["azureAdAuthenticationAsArmPolicy"]["status"],
            "enabled"
        );
        assert_eq!(m["policies"]["softDeletePolicy"], Value::Null);
        assert_eq!(m["encryption"]["keyVaultProperties"], Value::Null);
        assert_eq!(m["identity"], Value::Null);
    }

    #[test]
    fn table_rows_are_strings_as_az_prints_them() {
        let item = json!({"name": "reg01", "resourceGroup": "rg", "location": "westus2",
            "sku": {"name": "Basic"}, "loginServer": "reg01.azurecr.io",
            "creationDate": "2026-12-04T16:01:14.990216+00:00", "adminUserEnabled": false});
        let t = table(&item).expect("table");
        assert_eq!(t[0]["CREATION DATE"], "2026-12-04T16:01:14Z");
        assert_eq!(t[0]["ADMIN ENABLED"], "False");
        assert_eq!(table(&json!([{}])).expect("table")[0]["SKU"], " ");
    }
}
