//! `ResourceId`: parsing and formatting of ARM resource ids
//! (`/subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}]…`).
//!
//! ARM and resource providers disagree on the casing of fixed segments (`resourceGroups` versus
//! `resourcegroups`, `managedClusters` versus `ManagedClusters`), so ids compare
//! case-insensitively while keeping the casing they were built with for display.
//!
//! `Display` prints the id as text (as ARM prints ids in bodies); a request path is built from
//! it with `to_path` (`path.rs`), which encodes every name segment once.

use std::fmt;

/// Why a string is not a resource id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid resource id '{id}': {reason}")]
pub struct ResourceIdError {
    /// The rejected input.
    pub id: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// A parsed ARM resource id. Equality and hashing ignore case.
#[derive(Debug, Clone)]
pub struct ResourceId {
    subscription: String,
    resource_group: Option<String>,
    /// `Some(namespace)` when the id has a `/providers/{ns}` part.
    namespace: Option<String>,
    /// `(type, name)` pairs after the namespace; the name of the last pair is the resource name.
    types: Vec<(String, String)>,
}

impl ResourceId {
    /// `/subscriptions/{sub}`.
    pub fn subscription(sub: &str) -> Self {
        Self {
            subscription: sub.to_owned(),
            resource_group: None,
            namespace: None,
            types: vec![],
        }
    }

    /// `/subscriptions/{sub}/resourceGroups/{rg}`.
    pub fn resource_group(sub: &str, rg: &str) -> Self {
        Self {
            resource_group: Some(rg.to_owned()),
            ..Self::subscription(sub)
        }
    }

    /// `/subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}`.
    pub fn resource(sub: &str, rg: &str, namespace: &str, rtype: &str, name: &str) -> Self {
        Self {
            namespace: Some(namespace.to_owned()),
            types: vec![(rtype.to_owned(), name.to_owned())],
            ..Self::resource_group(sub, rg)
        }
    }

    /// Parse an id. Accepts any casing of the fixed segments and a trailing `/`.
    pub fn parse(id: &str) -> Result<Self, ResourceIdError> {
        let err = |reason| ResourceIdError {
            id: id.to_owned(),
            reason,
        };
        let trimmed = id.trim_end_matches('/');
        let rest = trimmed
            .strip_prefix('/')
            .ok_or_else(|| err("must start with '/'"))?;
        let segs: Vec<&str> = rest.split('/').collect();
        if segs.iter().any(|s| s.is_empty()) {
            return Err(err("empty segment"));
        }
        if segs.len() < 2 || !segs[0].eq_ignore_ascii_case("subscriptions") {
            return Err(err("must start with /subscriptions/{id}"));
        }
        let mut out = Self::subscription(segs[1]);
        let mut i = 2;
        if i < segs.len() && segs[i].eq_ignore_ascii_case("resourceGroups") {
            let rg = segs
                .get(i + 1)
                .ok_or_else(|| err("resource group name missing"))?;
            out.resource_group = Some((*rg).to_owned());
            i += 2;
        }
        if i < segs.len() {
            if !segs[i].eq_ignore_ascii_case("providers") {
                return Err(err("expected 'providers'"));
            }
            let ns = segs
                .get(i + 1)
                .ok_or_else(|| err("provider namespace missing"))?;
            out.namespace = Some((*ns).to_owned());
            i += 2;
            let pairs = &segs[i..];
            if !pairs.len().is_multiple_of(2) {
                return Err(err("resource type without a name"));
            }
            out.types = pairs
                .chunks(2)
                .map(|c| (c[0].to_owned(), c[1].to_owned()))
                .collect();
        }
        Ok(out)
    }

    /// The subscription id.
    pub fn subscription_id(&self) -> &str {
        &self.subscription
    }

    /// The resource group name, if the id is group-scoped.
    pub fn resource_group_name(&self) -> Option<&str> {
        self.resource_group.as_deref()
    }

    /// The provider namespace, if any (`Microsoft.ContainerService`).
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// The full type, e.g. `Microsoft.ContainerService/managedClusters`.
    pub fn resource_type(&self) -> Option<String> {
        let ns = self.namespace.as_deref()?;
        let mut t = ns.to_owned();
        for (ty, _) in &self.types {
            t.push('/');
            t.push_str(ty);
        }
        Some(t)
    }

    /// The last name segment: the resource, else the group, else the subscription.
    pub fn name(&self) -> &str {
        if let Some((_, n)) = self.types.last() {
            n
        } else if let Some(rg) = &self.resource_group {
            rg
        } else {
            &self.subscription
        }
    }

    /// The `(type, name)` pairs after the namespace, outermost first.
    pub fn type_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.types.iter().map(|(t, n)| (t.as_str(), n.as_str()))
    }

    /// A child id: `self/{type}/{name}` (for example an agent pool of a cluster).
    pub fn child(&self, rtype: &str, name: &str) -> Self {
        let mut c = self.clone();
        c.types.push((rtype.to_owned(), name.to_owned()));
        c
    }
}

impl fmt::Display for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/subscriptions/{}", self.subscription)?;
        if let Some(rg) = &self.resource_group {
            write!(f, "/resourceGroups/{rg}")?;
        }
        if let Some(ns) = &self.namespace {
            write!(f, "/providers/{ns}")?;
            for (t, n) in &self.types {
                write!(f, "/{t}/{n}")?;
            }
        }
        Ok(())
    }
}

impl std::str::FromStr for ResourceId {
    type Err = ResourceIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl PartialEq for ResourceId {
    fn eq(&self, other: &Self) -> bool {
        self.to_string().eq_ignore_ascii_case(&other.to_string())
    }
}

impl Eq for ResourceId {}

impl std::hash::Hash for ResourceId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.to_string().to_ascii_lowercase().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_aks_id_with_lowercase_segments() {
        let id = ResourceId::parse(
            "/subscriptions/s1/resourcegroups/RG/providers/Microsoft.ContainerService/managedClusters/c1",
        )
        .unwrap();
        assert_eq!(id.subscription_id(), "s1");
        assert_eq!(id.resource_group_name(), Some("RG"));
        assert_eq!(id.name(), "c1");
        assert_eq!(
            id.resource_type().unwrap(),
            "Microsoft.ContainerService/managedClusters"
        );
        assert_eq!(
            id.to_string(),
            "/subscriptions/s1/resourceGroups/RG/providers/Microsoft.ContainerService/managedClusters/c1"
        );
    }

    #[test]
    fn compares_case_insensitively() {
        let a = ResourceId::parse("/subscriptions/S/resourceGroups/rg").unwrap();
        let b = ResourceId::parse("/SUBSCRIPTIONS/s/RESOURCEGROUPS/RG/").unwrap();
        assert_eq!(a, b);
        assert_ne!(a, ResourceId::resource_group("s", "rg2"));
    }

    #[test]
    fn subscription_level_provider_ids() {
        let id = ResourceId::parse(
            "/subscriptions/s/providers/Microsoft.Features/providers/Microsoft.Network/features/X",
        )
        .unwrap();
        assert_eq!(id.resource_group_name(), None);
        assert_eq!(id.name(), "X");
    }

    #[test]
    fn rejects_malformed_ids() {
        for bad in [
            "",
            "subscriptions/s",
            "/subscriptions",
            "/subscriptions/s/resourceGroups",
            "/subscriptions/s/foo/bar",
            "/subscriptions/s/providers/ns/type",
            "/subscriptions//x",
        ] {
            assert!(ResourceId::parse(bad).is_err(), "{bad}");
        }
    }
}
