//! `azureProfile.json`: az's list of cached subscriptions. az writes it with a UTF-8 BOM and
//! Python's `json.dump` layout (`", "` and `": "` separators, non-ASCII escaped); azrs reads
//! with or without the BOM and writes the same bytes az would. The document is kept as a
//! `serde_json::Value` with preserved key order, so unknown fields survive.

use super::{ConfigError, atomic_write, read_optional};
use crate::py::json::Dumps;
use serde_json::{Map, Value};
use std::path::Path;

/// The parsed profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    doc: Map<String, Value>,
}

impl Default for Profile {
    fn default() -> Self {
        Self::new()
    }
}

impl Profile {
    /// An empty profile with a fresh `installationId`, as az creates it.
    pub fn new() -> Self {
        let mut doc = Map::new();
        doc.insert(
            "installationId".into(),
            Value::String(uuid::Uuid::new_v4().to_string()),
        );
        doc.insert("subscriptions".into(), Value::Array(vec![]));
        Self { doc }
    }

    /// Parse bytes (BOM tolerated; empty → new profile).
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Self, ConfigError> {
        let b = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        if b.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self::new());
        }
        match serde_json::from_slice::<Value>(b) {
            Ok(Value::Object(doc)) => Ok(Self { doc }),
            Ok(_) => Err(ConfigError::Invalid {
                path: path.to_owned(),
                reason: "not a JSON object".into(),
            }),
            Err(e) => Err(ConfigError::Invalid {
                path: path.to_owned(),
                reason: e.to_string(),
            }),
        }
    }

    /// Load; a missing file gives a new profile.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        match read_optional(path)? {
            None => Ok(Self::new()),
            Some(b) => Self::parse(&b, path),
        }
    }

    /// Serialise as az does: BOM + Python `json.dump` text.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = b"\xef\xbb\xbf".to_vec();
        out.extend(
            Dumps::DEFAULT
                .json(&Value::Object(self.doc.clone()))
                .into_bytes(),
        );
        out
    }

    /// Write atomically.
    pub fn save(&self, path: &Path) -> Result<(), ConfigError> {
        atomic_write(path, &self.to_bytes(), None)
    }

    /// The subscription entries.
    pub fn subscriptions(&self) -> &[Value] {
        self.doc
            .get("subscriptions")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// Mutable subscription entries (created if missing).
    pub fn subscriptions_mut(&mut self) -> &mut Vec<Value> {
        let e = self
            .doc
            .entry("subscriptions")
            .or_insert_with(|| Value::Array(vec![]));
        if !e.is_array() {
            *e = Value::Array(vec![]);
        }
        match e {
            Value::Array(a) => a,
            _ => unreachable!("just made it an array"),
        }
    }

    /// Any other top-level field.
    pub fn field(&self, key: &str) -> Option<&Value> {
        self.doc.get(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn python_layout_and_ascii_escapes() {
        let v = json!({"a": [1, "é"], "b": {"c": null}});
        assert_eq!(
            Dumps::DEFAULT.json(&v),
            r#"{"a": [1, "\u00e9"], "b": {"c": null}}"#
        );
    }

    #[test]
    fn bom_round_trip_keeps_unknown_fields() {
        let raw =
            "\u{feff}{\"installationId\": \"x\", \"subscriptions\": [], \"future\": {\"k\": 1}}";
        let p = Profile::parse(raw.as_bytes(), Path::new("p")).unwrap();
        assert_eq!(p.to_bytes(), raw.as_bytes());
    }
}
