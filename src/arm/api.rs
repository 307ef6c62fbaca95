//! The api-versions az 2.91 sends, one constant per ARM surface (`commands.md` §0.1).
//!
//! Callers pass these to the request builders; tests may pass other values. LRO status URLs and
//! `nextLink`s carry their own api-version and are never rewritten.

/// `Microsoft.Resources` resource groups (CLI profile pin).
pub const RESOURCE_GROUPS: &str = "2024-11-01";
/// `Microsoft.Resources` resource providers (register, show, list).
pub const PROVIDERS: &str = "2024-11-01";
/// `Microsoft.Features` (legacy features API and subscriptionFeatureRegistrations).
pub const FEATURES: &str = "2021-07-01";
/// Subscriptions (`GET /subscriptions`, used by login).
pub const SUBSCRIPTIONS: &str = "2022-12-01";
/// `Microsoft.ContainerService/managedClusters` (azure-mgmt-containerservice 41.6.0 default).
pub const MANAGED_CLUSTERS: &str = "2026-06-01";
/// Cloud metadata (`{arm}/metadata/endpoints`), fetched by `cloud register`.
pub const CLOUD_METADATA: &str = "2022-09-01";
