//! [`State`]: everything the emulated cloud remembers between requests (groups, registrations,
//! clusters, operations, identities, role assignments, rate-limit counters), as plain
//! serialisable records. It owns the shapes only; the modules of each resource own the rules
//! that change them, and `front::store` owns persisting them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A resource group as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Group {
    /// The name as first created.
    pub name: String,
    pub location: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_by: Option<String>,
    /// Id of the running delete operation, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleting: Option<String>,
}

/// A registration state of a provider or feature that differs from its seed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Registration {
    pub state: String,
    /// Reads left before a transitional state completes.
    #[serde(default)]
    pub reads_left: u32,
}

/// A managed cluster as stored: the full resource body as ARM returns it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cluster {
    pub resource: Value,
    /// Id of the running operation, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
}

/// What a long-running operation does when it completes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpKind {
    ClusterPut,
    ClusterDelete,
    GroupDelete,
}

/// A long-running operation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Operation {
    pub kind: OpKind,
    /// State key of the cluster (`rg/name`) or group (`rg`), lowercase.
    pub target: String,
    pub location: String,
    pub start: String,
    pub start_unix: i64,
    pub polls: u32,
    /// `InProgress`, `Succeeded`, `Failed` or `Canceled`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// Hourly request budget counters (for the `x-ms-ratelimit-remaining-*` headers).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RateWindow {
    pub hour: i64,
    pub reads: u32,
    pub writes: u32,
    pub deletes: u32,
}

/// Everything the emulated cloud remembers; serialisable so the front ends can persist it.
/// Keys of the maps are lowercase; seeds (providers, features) are implicit until changed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// Requests handled so far; the source of request ids.
    pub counter: u64,
    pub groups: BTreeMap<String, Group>,
    pub providers: BTreeMap<String, Registration>,
    pub features: BTreeMap<String, Registration>,
    pub clusters: BTreeMap<String, Cluster>,
    pub operations: BTreeMap<String, Operation>,
    pub ratelimit: RateWindow,
    /// User-assigned identities as ARM returns them, keyed `rg/name`.
    pub identities: BTreeMap<String, Value>,
    /// Role assignments as ARM returns them, keyed by their (GUID) name.
    pub role_assignments: BTreeMap<String, Value>,
    /// Virtual networks as ARM returns them, subnets inside, keyed `rg/name` (`network.rs`).
    pub vnets: BTreeMap<String, Value>,
    /// Container registries as ARM returns them, keyed `rg/name` (`acr.rs`).
    pub registries: BTreeMap<String, Value>,
    /// Operations of the RPs polled only through `Azure-AsyncOperation` (network, ACR).
    pub async_ops: BTreeMap<String, AsyncOp>,
    /// Person sign-in: device and authorization codes in flight, session revocation.
    pub entra: super::EntraState,
}

/// A long-running operation of the network or container-registry RP (`network.rs`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AsyncOp {
    /// What it works on: `vnet:rg/name` or `registry:rg/name`, lowercase.
    pub target: String,
    /// A DELETE (the target goes when it completes) rather than a PUT.
    pub delete: bool,
    pub start: String,
    pub polls: u32,
    /// `InProgress` or `Succeeded`.
    pub status: String,
}
