//! Service-principal credentials stored by `login`, in az's own store
//! `service_principal_entries.json` (a JSON list of `{client_id, tenant, client_secret |
//! certificate | client_assertion}`), so a login made by either tool works for both. The file is
//! written atomically with mode 0600 under az's lock file (`<file>.lockfile`); secrets never go
//! to `azureProfile.json`, and [`SecretString`]'s `Debug` prints nothing.

use super::{ConfigError, atomic_write, read_optional};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::path::Path;

/// A secret whose `Debug` output hides the value.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretString(String);

impl SecretString {
    /// Wrap a value.
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
    /// Reveal the value.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretString(<redacted>)")
    }
}

/// One stored service principal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServicePrincipalEntry {
    /// Application id.
    pub client_id: String,
    /// Tenant id.
    pub tenant: String,
    /// Client secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<SecretString>,
    /// Path of a PEM certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    /// A federated token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_assertion: Option<SecretString>,
    /// Fields written by other versions.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// The store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SecretStore {
    /// Entries in file order.
    pub entries: Vec<ServicePrincipalEntry>,
}

impl SecretStore {
    /// Load; missing file = empty store.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let Some(b) = read_optional(path)? else {
            return Ok(Self::default());
        };
        let b = b.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&b);
        if b.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self::default());
        }
        let entries = serde_json::from_slice(b).map_err(|e| ConfigError::Invalid {
            path: path.to_owned(),
            reason: e.to_string(),
        })?;
        Ok(Self { entries })
    }

    /// Write atomically with mode 0600.
    pub fn save(&self, path: &Path) -> Result<(), ConfigError> {
        let entries = serde_json::to_value(&self.entries).map_err(|e| ConfigError::Invalid {
            path: path.to_owned(),
            reason: e.to_string(),
        })?;
        // az's `persistence.save(json.dumps(content, indent=4))`.
        let text = crate::py::json::Dumps::indent(4).json(&entries);
        atomic_write(path, text.as_bytes(), Some(0o600))
    }

    /// Load, change and save under az's lock (`<file>.lockfile`, [`super::msal_lock`]), so
    /// concurrent az and azrs logins never lose each other's entries. `change` returns whether
    /// anything changed; nothing is written otherwise.
    pub fn update(path: &Path, change: impl FnOnce(&mut Self) -> bool) -> Result<(), ConfigError> {
        let _lock =
            super::msal_lock::MsalLock::acquire(path).map_err(|e| ConfigError::io(path, e))?;
        let mut store = Self::load(path)?;
        if change(&mut store) {
            store.save(path)?;
        }
        Ok(())
    }

    /// Find by client id (and tenant, when given), case-insensitively.
    pub fn find(&self, client_id: &str, tenant: Option<&str>) -> Option<&ServicePrincipalEntry> {
        self.entries.iter().find(|e| {
            e.client_id.eq_ignore_ascii_case(client_id)
                && tenant.is_none_or(|t| e.tenant.eq_ignore_ascii_case(t))
        })
    }

    /// Insert or replace the entry for `(client_id, tenant)`.
    pub fn upsert(&mut self, entry: ServicePrincipalEntry) {
        self.entries.retain(|e| {
            !(e.client_id.eq_ignore_ascii_case(&entry.client_id)
                && e.tenant.eq_ignore_ascii_case(&entry.tenant))
        });
        self.entries.push(entry);
    }

    /// Remove every entry of a client id (compared exactly, as az's `remove_entry` does);
    /// true if any.
    pub fn remove(&mut self, client_id: &str) -> bool {
        let n = self.entries.len();
        self.entries.retain(|e| e.client_id != client_id);
        n != self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Regression: the store was written compact (`[{"client_id":"a",...}]`); az writes
    // `json.dumps(content, indent=4)`.
    #[test]
    fn save_writes_az_layout() {
        let dir = std::env::temp_dir().join(format!("azrs-secrets-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("service_principal_entries.json");
        let store = SecretStore {
            entries: vec![ServicePrincipalEntry {
                client_id: "a".into(),
                tenant: "t".into(),
                client_secret: Some(SecretString::new("s")),
                certificate: None,
                client_assertion: None,
                other: Map::new(),
            }],
        };
        store.save(&path).expect("save");
        let written = std::fs::read_to_string(&path).expect("read");
        let _ = std::fs::remove_dir_all(&dir);
        // json.dumps([{"client_id": "a", "tenant": "t", "client_secret": "s"}], indent=4)
        assert_eq!(
            written,
            "[\n    {\n        \"client_id\": \"a\",\n        \"tenant\": \"t\",\n        \"client_secret\": \"s\"\n    }\n]"
        );
    }
}
