//! What a successful `login` writes: the profile entries az records for the subscriptions the
//! identity sees (merged into `azureProfile.json` as az merges them, the cloud's default in
//! `clouds.config`) and the service principal's credential in the 0600 secret store.

use serde_json::{Map, Value, json};

use crate::commands::account::with_cloud_name;
use crate::config::subscriptions::{str_field, user_error};
use crate::config::{ConfigDir, ConfigError, Profile, SecretStore, ServicePrincipalEntry, clouds};

/// Who logged in.
#[derive(Debug, Clone, PartialEq)]
pub struct LoginUser {
    /// `user.name`: the app id, `systemAssignedIdentity`, `userAssignedIdentity`, or a UPN.
    pub name: String,
    /// `user.type`: `servicePrincipal` or `user`.
    pub user_type: String,
    /// `assignedIdentityInfo` for managed identities (`MSI`, `MSIClient-<id>`).
    pub assigned_identity_info: Option<String>,
}

/// The profile entry az writes for an ARM subscription object (`_normalize_properties`): the
/// tenant-level account (by its name, as az tells it) gets none of the multi-tenant fields,
/// and a managed identity's `assignedIdentityInfo` goes in `user`.
pub fn subscription_entry(arm: &Value, user: &LoginUser, cloud: &str) -> Value {
    let tenant = str_field(arm, "tenantId");
    let name = str_field(arm, "displayName");
    let mut m = Map::new();
    m.insert("id".into(), json!(str_field(arm, "subscriptionId")));
    m.insert("name".into(), json!(name));
    m.insert("state".into(), json!(str_field(arm, "state")));
    let mut who = Map::new();
    who.insert("name".into(), json!(user.name));
    who.insert("type".into(), json!(user.user_type));
    if let Some(info) = &user.assigned_identity_info {
        who.insert("assignedIdentityInfo".into(), json!(info));
    }
    m.insert("user".into(), Value::Object(who));
    m.insert("isDefault".into(), json!(false));
    m.insert("tenantId".into(), json!(tenant));
    m.insert("environmentName".into(), json!(cloud));
    if name == super::TENANT_LEVEL_ACCOUNT_NAME {
        return Value::Object(m);
    }
    let home = arm
        .get("homeTenantId")
        .and_then(Value::as_str)
        .unwrap_or(tenant);
    m.insert("homeTenantId".into(), json!(home));
    for k in ["tenantDefaultDomain", "tenantDisplayName"] {
        if let Some(v) = arm.get(k).filter(|v| v.is_string()) {
            m.insert(k.into(), v.clone());
        }
    }
    let mbt: Vec<Value> = arm
        .get("managedByTenants")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|t| json!({"tenantId": str_field(t, "tenantId")}))
                .collect()
        })
        .unwrap_or_default();
    m.insert("managedByTenants".into(), Value::Array(mbt));
    Value::Object(m)
}

/// After `GET /subscriptions`: merge the subscriptions into `azureProfile.json` as az does
/// (same-id entries replaced; the previous default kept if still present, else the first
/// `Enabled` new one), record the cloud's default in `clouds.config`, and return the list az
/// prints (`environmentName` shown as `cloudName`).
pub fn record_login(
    dir: &ConfigDir,
    cloud: &str,
    user: &LoginUser,
    arm_subscriptions: &[Value],
) -> Result<Value, ConfigError> {
    record_login_preferring(dir, cloud, user, arm_subscriptions, None)
}

/// [`record_login`] for `login --subscription NAME_OR_ID` (`preferred`): the subscription
/// answering to it by id or name (case-insensitive) becomes the default, and only the ones
/// answering to it are printed; none answering is az's error, raised after the profile was
/// written, as az does.
pub fn record_login_preferring(
    dir: &ConfigDir,
    cloud: &str,
    user: &LoginUser,
    arm_subscriptions: &[Value],
    preferred: Option<&str>,
) -> Result<Value, ConfigError> {
    let (shown, found) = record_login_answering(dir, cloud, user, arm_subscriptions, preferred)?;
    match preferred {
        Some(x) if !found => Err(user_error(format!(
            "Subscription '{x}' not found. Check the ID or name and try again."
        ))),
        _ => Ok(shown),
    }
}

/// [`record_login_preferring`] without its error: when no subscription answers to
/// `preferred`, every recorded one is returned and the flag is false (az's
/// `--skip-subscription-discovery` path, which warns instead).
pub fn record_login_answering(
    dir: &ConfigDir,
    cloud: &str,
    user: &LoginUser,
    arm_subscriptions: &[Value],
    preferred: Option<&str>,
) -> Result<(Value, bool), ConfigError> {
    let answers = |n: &Value, x: &str| {
        str_field(n, "id").to_lowercase() == x.to_lowercase()
            || str_field(n, "name").to_lowercase() == x.to_lowercase()
    };
    if arm_subscriptions.is_empty() {
        return Err(user_error(format!(
            "No subscriptions found for {}.",
            user.name
        )));
    }
    let mut p = Profile::load(&dir.profile_file())?;
    let new: Vec<Value> = arm_subscriptions
        .iter()
        .map(|s| subscription_entry(s, user, cloud))
        .collect();
    let old_default = p
        .subscriptions()
        .iter()
        .find(|s| s.get("isDefault").and_then(Value::as_bool) == Some(true))
        .map(|s| {
            (
                str_field(s, "id").to_owned(),
                str_field(&s["user"], "name").to_owned(),
            )
        });
    let subs = p.subscriptions_mut();
    for n in &new {
        let id = str_field(n, "id");
        match subs
            .iter_mut()
            .find(|s| str_field(s, "id").eq_ignore_ascii_case(id))
        {
            Some(slot) => *slot = n.clone(),
            None => subs.push(n.clone()),
        }
    }
    let preferred_pick = preferred.and_then(|x| new.iter().position(|n| answers(n, x)));
    let pick = preferred_pick
        .or_else(|| {
            old_default.and_then(|(id, uname)| {
                new.iter().position(|n| {
                    str_field(n, "id") == id && str_field(&n["user"], "name") == uname
                })
            })
        })
        .or_else(|| new.iter().position(|n| str_field(n, "state") == "Enabled"))
        .unwrap_or(0);
    let default_id = str_field(&new[pick], "id").to_owned();
    for s in subs.iter_mut() {
        let is = str_field(s, "id") == default_id;
        if let Some(o) = s.as_object_mut() {
            o.insert("isDefault".into(), Value::Bool(is));
        }
    }
    let recorded: Vec<&Value> = subs
        .iter()
        .filter(|s| new.iter().any(|n| str_field(n, "id") == str_field(s, "id")))
        .collect();
    let answering: Vec<&Value> = recorded
        .iter()
        .copied()
        .filter(|s| preferred.is_none_or(|x| answers(s, x)))
        .collect();
    let found = preferred.is_none() || !answering.is_empty();
    let shown: Vec<Value> = if found { answering } else { recorded }
        .into_iter()
        .map(with_cloud_name)
        .collect();
    p.save(&dir.profile_file())?;
    clouds::set_cloud_subscription(dir, cloud, &default_id)?;
    Ok((Value::Array(shown), found))
}

/// Store a service principal's secret, certificate path or federated token (mode 0600).
pub fn store_service_principal(
    dir: &ConfigDir,
    entry: ServicePrincipalEntry,
) -> Result<(), ConfigError> {
    SecretStore::update(&dir.secrets_file(), |store| {
        store.upsert(entry);
        true
    })
}
