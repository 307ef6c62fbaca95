//! `account list [--all]`: the cached subscriptions of the active cloud (or of every cloud),
//! skipping the ones that are not `Enabled` with az's warning, and its table transformer.

use serde_json::{Map, Value, json};

use super::with_cloud_name;
use crate::config::subscriptions::{in_cloud, str_field};
use crate::config::{ConfigDir, ConfigError, Profile};
use crate::output::TransformError;
use crate::output::transformers::{index, rows};

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

/// az's table transformer for `account list` (a Python function):
/// `Name CloudName SubscriptionId TenantId State IsDefault`.
pub fn table(value: &Value) -> Result<Value, TransformError> {
    rows(value, |r| {
        let mut m = Map::new();
        m.insert("Name".into(), index(r, "name")?.clone());
        m.insert("CloudName".into(), index(r, "cloudName")?.clone());
        m.insert("SubscriptionId".into(), index(r, "id")?.clone());
        m.insert("TenantId".into(), index(r, "tenantId")?.clone());
        // az uses `r.get('state')` here: a missing state is an empty cell.
        m.insert(
            "State".into(),
            r.get("state").cloned().unwrap_or(Value::Null),
        );
        m.insert("IsDefault".into(), index(r, "isDefault")?.clone());
        Ok(m)
    })
}
