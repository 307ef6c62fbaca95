//! `account show/list/set`, `login` bookkeeping, `logout`, and the subscription a command runs
//! against (`commands.md` §0.3, §5). Everything works on `azureProfile.json` as az writes it, so a
//! login made by az is used by azrs and the other way round. Error texts are az's.

use super::clouds::set_cloud_subscription;
use super::{ConfigDir, ConfigError, Profile, SecretStore, ServicePrincipalEntry};
use serde_json::{Map, Value, json};

/// `Please run 'azrs login' to setup account.` (az's text for an empty profile, naming azrs).
pub const LOGIN_FIRST: &str = "Please run 'azrs login' to setup account.";

pub(crate) fn str_field<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn in_cloud<'a>(p: &'a Profile, cloud: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    p.subscriptions()
        .iter()
        .filter(move |s| str_field(s, "environmentName") == cloud)
}

fn user_error(s: impl Into<String>) -> ConfigError {
    ConfigError::User(s.into())
}

/// Find a subscription of `cloud` by id or name (case-insensitive). Errors with az's texts.
fn find<'a>(p: &'a Profile, cloud: &'a str, name_or_id: &str) -> Result<&'a Value, ConfigError> {
    let matches: Vec<&Value> = in_cloud(p, cloud)
        .filter(|s| {
            str_field(s, "id").eq_ignore_ascii_case(name_or_id)
                || str_field(s, "name").eq_ignore_ascii_case(name_or_id)
        })
        .collect();
    let by_id: Vec<&&Value> = matches
        .iter()
        .filter(|s| str_field(s, "id").eq_ignore_ascii_case(name_or_id))
        .collect();
    match (matches.len(), by_id.first()) {
        (0, _) => Err(user_error(format!(
            "Subscription '{name_or_id}' not found. Check the spelling and casing and try again."
        ))),
        (_, Some(s)) => Ok(s),
        (1, None) => Ok(matches[0]),
        _ => Err(user_error(format!(
            "Multiple subscriptions with the name '{name_or_id}' found. Specify the subscription ID."
        ))),
    }
}

/// Make `name_or_id` the default of `cloud` (az `account set` matching). Returns (name, id).
pub(crate) fn set_default(
    p: &mut Profile,
    cloud: &str,
    name_or_id: &str,
) -> Result<(String, String), ConfigError> {
    let lower = name_or_id.to_ascii_lowercase();
    let hits: Vec<usize> = p
        .subscriptions()
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            str_field(s, "environmentName") == cloud
                && (str_field(s, "id").to_ascii_lowercase() == lower
                    || str_field(s, "name").to_ascii_lowercase() == lower)
        })
        .map(|(i, _)| i)
        .collect();
    let idx = match hits.as_slice() {
        [] => {
            return Err(user_error(format!(
                "The subscription of '{lower}' doesn't exist in cloud '{cloud}'."
            )));
        }
        [i] => *i,
        many => {
            // An exact id match wins over name matches.
            match many
                .iter()
                .find(|&&i| str_field(&p.subscriptions()[i], "id").eq_ignore_ascii_case(name_or_id))
            {
                Some(i) => *i,
                None => {
                    return Err(user_error(format!(
                        "The subscription of '{lower}' has more than one match in cloud '{cloud}'."
                    )));
                }
            }
        }
    };
    for (i, s) in p.subscriptions_mut().iter_mut().enumerate() {
        if (str_field(s, "environmentName") == cloud || i == idx)
            && let Some(o) = s.as_object_mut()
        {
            o.insert("isDefault".into(), Value::Bool(i == idx));
        }
    }
    let s = &p.subscriptions()[idx];
    Ok((
        str_field(s, "name").to_owned(),
        str_field(s, "id").to_owned(),
    ))
}

/// `account show [--subscription X]`.
pub fn account_show(
    dir: &ConfigDir,
    cloud: &str,
    subscription: Option<&str>,
) -> Result<Value, ConfigError> {
    let p = Profile::load(&dir.profile_file())?;
    if p.subscriptions().is_empty() {
        return Err(user_error(LOGIN_FIRST));
    }
    match subscription {
        Some(x) => find(&p, cloud, x).cloned(),
        None => in_cloud(&p, cloud)
            .find(|s| s.get("isDefault").and_then(Value::as_bool) == Some(true))
            .cloned()
            .ok_or_else(|| {
                user_error("No subscription found. Run 'az account set' to select a subscription.")
            }),
    }
}

/// `environmentName` → `cloudName`, keeping the key's position.
fn with_cloud_name(s: &Value) -> Value {
    match s {
        Value::Object(o) => {
            let mut m = Map::new();
            for (k, v) in o {
                let key = if k == "environmentName" {
                    "cloudName".to_owned()
                } else {
                    k.clone()
                };
                m.insert(key, v.clone());
            }
            Value::Object(m)
        }
        other => other.clone(),
    }
}

/// Result of `account list`: the items plus the warnings az prints before them.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountList {
    /// The list az prints.
    pub items: Value,
    /// `WARNING:` lines, in order.
    pub warnings: Vec<String>,
}

/// `account list [--all]`.
pub fn account_list(dir: &ConfigDir, cloud: &str, all: bool) -> Result<AccountList, ConfigError> {
    let p = Profile::load(&dir.profile_file())?;
    if p.subscriptions().is_empty() {
        return Ok(AccountList {
            items: json!([]),
            warnings: vec!["Please run \"az login\" to access your accounts.".into()],
        });
    }
    let mut warnings = vec![];
    let chosen: Vec<&Value> = if all {
        p.subscriptions().iter().collect()
    } else {
        in_cloud(&p, cloud).collect()
    };
    let mut items = vec![];
    let mut skipped = false;
    for s in chosen {
        if !all && str_field(s, "state") != "Enabled" {
            skipped = true;
            continue;
        }
        items.push(with_cloud_name(s));
    }
    if skipped {
        warnings.push("A few accounts are skipped as they don't have 'Enabled' state. Use '--all' to display them.".into());
    }
    Ok(AccountList {
        items: Value::Array(items),
        warnings,
    })
}

/// `account set --subscription X`: writes `azureProfile.json` and the cloud's default in
/// `clouds.config`.
pub fn account_set(dir: &ConfigDir, cloud: &str, name_or_id: &str) -> Result<(), ConfigError> {
    let mut p = Profile::load(&dir.profile_file())?;
    if p.subscriptions().is_empty() {
        return Err(user_error(LOGIN_FIRST));
    }
    let (_, id) = set_default(&mut p, cloud, name_or_id)?;
    p.save(&dir.profile_file())?;
    set_cloud_subscription(dir, cloud, &id)
}

/// The subscription a command runs against.
#[derive(Debug, Clone, PartialEq)]
pub struct SubscriptionRef {
    /// Subscription id.
    pub id: String,
    /// Display name, when cached.
    pub name: Option<String>,
    /// Tenant, when cached.
    pub tenant_id: Option<String>,
    /// The cached entry, when there is one.
    pub entry: Option<Value>,
}

/// `--subscription` (id or name) > `AZURE_SUBSCRIPTION_ID` (azrs extension) > profile default.
/// A value not in the profile is used verbatim only when the profile has no subscriptions at all
/// (pure environment credentials); otherwise az's "not found" error.
pub fn resolve_subscription(
    dir: &ConfigDir,
    cloud: &str,
    flag: Option<&str>,
    env_subscription: Option<&str>,
) -> Result<SubscriptionRef, ConfigError> {
    let p = Profile::load(&dir.profile_file())?;
    let from = |s: &Value| SubscriptionRef {
        id: str_field(s, "id").to_owned(),
        name: s.get("name").and_then(Value::as_str).map(str::to_owned),
        tenant_id: s.get("tenantId").and_then(Value::as_str).map(str::to_owned),
        entry: Some(s.clone()),
    };
    let verbatim = |x: &str| SubscriptionRef {
        id: x.to_owned(),
        name: None,
        tenant_id: None,
        entry: None,
    };
    if let Some(x) = flag.or(env_subscription).filter(|x| !x.is_empty()) {
        if p.subscriptions().is_empty() {
            return Ok(verbatim(x));
        }
        return find(&p, cloud, x).map(from);
    }
    if p.subscriptions().is_empty() {
        return Err(user_error(LOGIN_FIRST));
    }
    in_cloud(&p, cloud)
        .find(|s| s.get("isDefault").and_then(Value::as_bool) == Some(true))
        .map(from)
        .ok_or_else(|| {
            user_error("No subscription found. Run 'az account set' to select a subscription.")
        })
}

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

/// The profile entry az writes for an ARM subscription object.
pub fn subscription_entry(arm: &Value, user: &LoginUser, cloud: &str) -> Value {
    let tenant = str_field(arm, "tenantId");
    let mut m = Map::new();
    m.insert("id".into(), json!(str_field(arm, "subscriptionId")));
    m.insert("name".into(), json!(str_field(arm, "displayName")));
    m.insert("state".into(), json!(str_field(arm, "state")));
    m.insert(
        "user".into(),
        json!({"name": user.name, "type": user.user_type}),
    );
    m.insert("isDefault".into(), json!(false));
    m.insert("tenantId".into(), json!(tenant));
    m.insert("environmentName".into(), json!(cloud));
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
    if let Some(info) = &user.assigned_identity_info {
        m.insert("assignedIdentityInfo".into(), json!(info));
    }
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
    let pick = old_default
        .and_then(|(id, uname)| {
            new.iter()
                .position(|n| str_field(n, "id") == id && str_field(&n["user"], "name") == uname)
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
    let shown: Vec<Value> = subs
        .iter()
        .filter(|s| new.iter().any(|n| str_field(n, "id") == str_field(s, "id")))
        .map(with_cloud_name)
        .collect();
    p.save(&dir.profile_file())?;
    set_cloud_subscription(dir, cloud, &default_id)?;
    Ok(Value::Array(shown))
}

/// Store a service principal's secret, certificate path or federated token (mode 0600).
pub fn store_service_principal(
    dir: &ConfigDir,
    entry: ServicePrincipalEntry,
) -> Result<(), ConfigError> {
    let mut store = SecretStore::load(&dir.secrets_file())?;
    store.upsert(entry);
    store.save(&dir.secrets_file())
}

/// `logout [--username U]`: drop that user's subscriptions (default: the user of the default
/// subscription) and stored secrets.
pub fn logout(dir: &ConfigDir, username: Option<&str>) -> Result<(), ConfigError> {
    let mut p = Profile::load(&dir.profile_file())?;
    let user = match username {
        Some(u) => u.to_owned(),
        None => p
            .subscriptions()
            .iter()
            .find(|s| s.get("isDefault").and_then(Value::as_bool) == Some(true))
            .map(|s| str_field(&s["user"], "name").to_owned())
            .ok_or_else(|| user_error("There are no active accounts."))?,
    };
    let before = p.subscriptions().len();
    p.subscriptions_mut()
        .retain(|s| !str_field(&s["user"], "name").eq_ignore_ascii_case(&user));
    if before == p.subscriptions().len() {
        return Err(user_error(format!("The user {user} was not found.")));
    }
    p.save(&dir.profile_file())?;
    let mut store = SecretStore::load(&dir.secrets_file())?;
    if store.remove(&user) {
        store.save(&dir.secrets_file())?;
    }
    Ok(())
}

/// How the default (or given) subscription was logged in, for credential selection.
#[derive(Debug, Clone, PartialEq)]
pub enum StoredLogin {
    /// A service principal with its stored entry (secret, certificate or federated token).
    ServicePrincipal(ServicePrincipalEntry),
    /// A managed identity; `client_id` for a user-assigned one.
    ManagedIdentity {
        /// User-assigned client id.
        client_id: Option<String>,
    },
    /// A user login made by az (tokens live in az's MSAL cache; reuse `az`).
    User {
        /// Tenant of the subscription.
        tenant_id: Option<String>,
    },
}

/// The stored login behind a cached subscription entry (`None` when it is a service principal
/// whose secret is not in the store).
pub fn stored_login(dir: &ConfigDir, entry: &Value) -> Result<Option<StoredLogin>, ConfigError> {
    let uname = str_field(&entry["user"], "name");
    let utype = str_field(&entry["user"], "type");
    let tenant = entry.get("tenantId").and_then(Value::as_str);
    if utype != "servicePrincipal" {
        return Ok(Some(StoredLogin::User {
            tenant_id: tenant.map(str::to_owned),
        }));
    }
    if let Some(info) = entry.get("assignedIdentityInfo").and_then(Value::as_str) {
        let client_id = info.strip_prefix("MSIClient-").map(str::to_owned);
        return Ok(Some(StoredLogin::ManagedIdentity { client_id }));
    }
    if uname == "systemAssignedIdentity" || uname == "userAssignedIdentity" {
        return Ok(Some(StoredLogin::ManagedIdentity { client_id: None }));
    }
    let store = SecretStore::load(&dir.secrets_file())?;
    Ok(store
        .find(uname, tenant)
        .or_else(|| store.find(uname, None))
        .cloned()
        .map(StoredLogin::ServicePrincipal))
}
