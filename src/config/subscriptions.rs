//! The subscriptions of `azureProfile.json` as a model: finding one by id or name within a
//! cloud, making one the cloud's default, the subscription a command runs against
//! (`commands.md` §0.3) and the stored login behind it. Error texts are az's.
//!
//! The verbs that print or rewrite these entries (`account show/list/set`, `login`, `logout`)
//! live in `commands`; this module only knows the file's shape, so az and azrs keep reading
//! each other's profile. It does not touch `clouds.config` (that is [`super::clouds`]).

use super::{ConfigDir, ConfigError, Profile, SecretStore, ServicePrincipalEntry};
use serde_json::Value;

/// `Please run 'azrs login' to setup account.` (az's text for an empty profile, naming azrs).
pub const LOGIN_FIRST: &str = "Please run 'azrs login' to setup account.";

/// A string field of a profile entry, `""` when absent.
pub fn str_field<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

/// The subscriptions recorded for `cloud`.
pub fn in_cloud<'a>(p: &'a Profile, cloud: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    p.subscriptions()
        .iter()
        .filter(move |s| str_field(s, "environmentName") == cloud)
}

pub(crate) fn user_error(s: impl Into<String>) -> ConfigError {
    ConfigError::User(s.into())
}

/// Whether `s` is `name_or_id` by id or by name, case-insensitively (az compares both
/// lowercased).
fn is_named(s: &Value, name_or_id: &str) -> bool {
    str_field(s, "id").to_lowercase() == name_or_id.to_lowercase()
        || str_field(s, "name").to_lowercase() == name_or_id.to_lowercase()
}

/// Find a subscription of `cloud` by id or name, as az's `Profile.get_subscription` does
/// (`account show --subscription X`, and every command once `--subscription` is resolved): more
/// than one entry answering to the value is an error, even when one of them answers by id.
pub fn find<'a>(
    p: &'a Profile,
    cloud: &'a str,
    name_or_id: &str,
) -> Result<&'a Value, ConfigError> {
    let matches: Vec<&Value> = in_cloud(p, cloud)
        .filter(|s| is_named(s, name_or_id))
        .collect();
    match matches.as_slice() {
        [] => Err(user_error(format!(
            "Subscription '{name_or_id}' not found. Check the spelling and casing and try again."
        ))),
        [one] => Ok(one),
        _ => Err(user_error(format!(
            "Multiple subscriptions with the name '{name_or_id}' found. Specify the subscription ID."
        ))),
    }
}

/// The id the global `--subscription NAME_OR_ID` stands for, as az's parser action
/// (`SubscriptionNameOrIdAction`) resolves it: the first subscription of `cloud`, in file
/// order, answering to the value by id or name. `None` when none does: az then warns
/// `Subscription 'X' not recognized.` and goes on with the value as typed.
pub fn id_for_flag(p: &Profile, cloud: &str, name_or_id: &str) -> Option<String> {
    in_cloud(p, cloud)
        .find(|s| is_named(s, name_or_id))
        .map(|s| str_field(s, "id").to_owned())
}

/// The warning az prints while parsing a global `--subscription` that no cached subscription
/// of `cloud` answers to (`None` when one does, or when the profile cannot be read: the
/// command then reports that itself).
pub fn unrecognized_warning(dir: &ConfigDir, cloud: &str, name_or_id: &str) -> Option<String> {
    let p = Profile::load(&dir.profile_file()).ok()?;
    // With no subscription cached for the cloud azrs takes the value as typed (credentials from
    // the environment, the embedded emulator before any login), where az would refuse to run
    // at all; a warning there would only be noise.
    in_cloud(&p, cloud).next()?;
    id_for_flag(&p, cloud, name_or_id)
        .is_none()
        .then(|| format!("Subscription '{name_or_id}' not recognized."))
}

/// Make `name_or_id` the default of `cloud` (az `account set`, `set_active_subscription`):
/// exactly one subscription of the cloud must answer to it by id or name; the default flag is
/// cleared on every other entry, other clouds' included, as az does. Returns (name, id).
pub fn set_default(
    p: &mut Profile,
    cloud: &str,
    name_or_id: &str,
) -> Result<(String, String), ConfigError> {
    let lower = name_or_id.to_lowercase();
    let hits: Vec<usize> = p
        .subscriptions()
        .iter()
        .enumerate()
        .filter(|(_, s)| str_field(s, "environmentName") == cloud && is_named(s, name_or_id))
        .map(|(i, _)| i)
        .collect();
    let idx = match hits.as_slice() {
        [i] => *i,
        [] => {
            return Err(user_error(format!(
                "The subscription of '{lower}' doesn't exist in cloud '{cloud}'."
            )));
        }
        _ => {
            return Err(user_error(format!(
                "The subscription of '{lower}' has more than one match in cloud '{cloud}'."
            )));
        }
    };
    for (i, s) in p.subscriptions_mut().iter_mut().enumerate() {
        if let Some(o) = s.as_object_mut() {
            o.insert("isDefault".into(), Value::Bool(i == idx));
        }
    }
    let s = &p.subscriptions()[idx];
    Ok((
        str_field(s, "name").to_owned(),
        str_field(s, "id").to_owned(),
    ))
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
    let given = flag.or(env_subscription).filter(|x| !x.is_empty());
    if let Some(x) = given
        && p.subscriptions().is_empty()
    {
        return Ok(verbatim(x));
    }
    // az sees only the active cloud's subscriptions: none there is its login error, also when
    // other clouds have some (e.g. after a corrupt clouds.config reset the active cloud).
    if in_cloud(&p, cloud).next().is_none() {
        return Err(user_error(LOGIN_FIRST));
    }
    if let Some(x) = given {
        // The flag names the first match (az's parser action); `find` then checks that id as
        // az's `get_subscription` does. The environment variable is an id and is taken as is.
        let id = flag
            .filter(|f| !f.is_empty())
            .and_then(|f| id_for_flag(&p, cloud, f));
        return find(&p, cloud, id.as_deref().unwrap_or(x)).map(from);
    }
    in_cloud(&p, cloud)
        .find(|s| s.get("isDefault").and_then(Value::as_bool) == Some(true))
        .map(from)
        .ok_or_else(|| {
            user_error("No subscription found. Run 'az account set' to select a subscription.")
        })
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
    /// A person's login (tokens live in az's MSAL cache).
    User {
        /// Tenant of the subscription.
        tenant_id: Option<String>,
        /// `user.name`: the account's user name.
        username: String,
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
            username: uname.to_owned(),
        }));
    }
    // az keeps it in `user`; earlier azrs builds wrote it beside `user`, so both are read.
    let info = entry["user"]
        .get("assignedIdentityInfo")
        .or_else(|| entry.get("assignedIdentityInfo"))
        .and_then(Value::as_str);
    if let Some(info) = info {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_managed_identity_is_read_where_az_and_earlier_azrs_wrote_it() {
        let dir = ConfigDir::new("/nonexistent/azrs-test-config");
        let user = |info: Option<&str>| {
            let mut u = json!({"name": "userAssignedIdentity", "type": "servicePrincipal"});
            if let Some(i) = info {
                u["assignedIdentityInfo"] = json!(i);
            }
            u
        };
        let az = json!({"user": user(Some("MSIClient-abc")), "tenantId": "t"});
        let beside = json!({"user": user(None), "assignedIdentityInfo": "MSIClient-def"});
        let system = json!({"user": {"name": "systemAssignedIdentity", "type": "servicePrincipal", "assignedIdentityInfo": "MSI"}});
        for (entry, client) in [(az, Some("abc")), (beside, Some("def")), (system, None)] {
            assert_eq!(
                stored_login(&dir, &entry).expect("no file is read"),
                Some(StoredLogin::ManagedIdentity {
                    client_id: client.map(str::to_owned)
                })
            );
        }
    }
}
