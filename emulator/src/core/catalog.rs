//! The fixed facts of the emulated cloud that tests do not need to change: regions, api-version
//! allow-lists, the resource-provider and preview-feature catalogues with their seeded states,
//! and the Kubernetes versions AKS offers. Mutable registration states live in `State`.

/// Regions: (name, display name, regional display name).
pub(crate) const LOCATIONS: &[(&str, &str, &str)] = &[
    ("eastus", "East US", "(US) East US"),
    ("eastus2", "East US 2", "(US) East US 2"),
    ("westus2", "West US 2", "(US) West US 2"),
    ("westus3", "West US 3", "(US) West US 3"),
    ("centralus", "Central US", "(US) Central US"),
    ("northeurope", "North Europe", "(Europe) North Europe"),
    ("westeurope", "West Europe", "(Europe) West Europe"),
    ("uksouth", "UK South", "(Europe) UK South"),
    ("swedencentral", "Sweden Central", "(Europe) Sweden Central"),
    (
        "australiaeast",
        "Australia East",
        "(Asia Pacific) Australia East",
    ),
    ("japaneast", "Japan East", "(Asia Pacific) Japan East"),
];

pub(crate) fn location_known(name: &str) -> bool {
    LOCATIONS.iter().any(|(n, _, _)| *n == name)
}

pub(crate) fn location_list() -> String {
    LOCATIONS
        .iter()
        .map(|(n, _, _)| *n)
        .collect::<Vec<_>>()
        .join(",")
}

/// Which allow-list an ARM route checks its `api-version` against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ApiClass {
    /// `Microsoft.Resources` subscription-level APIs: subscriptions, tenants, locations.
    Subscriptions,
    /// Resource groups, providers, group operation results.
    Resources,
    /// `Microsoft.Features`.
    Features,
    /// `Microsoft.ContainerService` (RP type: unknown versions give `NoRegisteredProviderFound`).
    Aks,
    /// `Microsoft.ManagedIdentity/userAssignedIdentities`.
    ManagedIdentity,
    /// `Microsoft.Authorization` role assignments and role definitions.
    Authorization,
    /// `Microsoft.Network` virtual networks and subnets.
    Network,
    /// `Microsoft.ContainerRegistry` registries and name checks.
    ContainerRegistry,
    /// AKS operation status/result URLs: any version is accepted (clients follow them verbatim).
    Any,
}

impl ApiClass {
    pub fn versions(self) -> &'static [&'static str] {
        match self {
            ApiClass::Subscriptions => &[
                "2022-12-01",
                "2021-01-01",
                "2020-01-01",
                "2019-11-01",
                "2016-06-01",
            ],
            ApiClass::Resources => &[
                "2025-04-01",
                "2024-11-01",
                "2024-07-01",
                "2024-03-01",
                "2023-07-01",
                "2022-09-01",
                "2021-04-01",
                // azure-mgmt-core's automatic provider registration (register + polls).
                "2016-02-01",
            ],
            ApiClass::Features => &["2021-07-01", "2015-12-01"],
            ApiClass::Aks => &[
                "2026-08-01",
                "2026-06-01",
                "2026-01-01",
                "2025-10-01",
                "2025-08-01",
                "2025-07-01",
                "2025-05-01",
                "2024-10-01",
                "2024-09-01",
            ],
            ApiClass::ManagedIdentity => &[
                "2025-05-31-preview",
                "2025-01-31-preview",
                "2024-11-30",
                "2023-07-31-preview",
                "2023-01-31",
                "2022-01-31-preview",
                "2021-09-30-preview",
                "2018-11-30",
            ],
            ApiClass::Authorization => &[
                "2022-05-01-preview",
                "2022-04-01",
                "2020-10-01-preview",
                "2020-04-01-preview",
                "2018-09-01-preview",
                "2018-01-01-preview",
                "2015-07-01",
            ],
            ApiClass::Network => &[
                "2025-09-01",
                "2025-07-01",
                "2025-05-01",
                "2025-03-01",
                "2025-01-01",
                "2024-10-01",
                "2024-07-01",
                "2024-05-01",
                "2024-03-01",
                "2024-01-01",
                "2023-11-01",
                "2023-09-01",
                "2023-05-01",
                "2022-01-01",
            ],
            ApiClass::ContainerRegistry => &[
                "2026-09-01-preview",
                "2025-11-01",
                "2025-05-01-preview",
                "2025-04-01",
                "2025-03-01-preview",
                "2024-11-01-preview",
                "2023-07-01",
                "2023-01-01-preview",
                "2022-12-01",
                "2021-09-01",
                "2019-05-01",
            ],
            ApiClass::Any => &[],
        }
    }
}

/// A seeded resource provider: namespace, initial registration state, resource types.
pub(crate) struct ProviderSeed {
    pub namespace: &'static str,
    pub state: &'static str,
    pub policy: &'static str,
    pub types: &'static [&'static str],
}

pub(crate) const PROVIDERS: &[ProviderSeed] = &[
    ProviderSeed {
        namespace: "Microsoft.Compute",
        state: "Registered",
        policy: "RegistrationRequired",
        types: &["virtualMachines", "virtualMachineScaleSets", "disks"],
    },
    ProviderSeed {
        namespace: "Microsoft.ContainerService",
        state: "NotRegistered",
        policy: "RegistrationRequired",
        types: &[
            "managedClusters",
            "managedClusters/agentPools",
            "locations",
            "locations/operations",
            "locations/operationresults",
            "locations/orchestrators",
            "locations/kubernetesVersions",
            "operations",
        ],
    },
    ProviderSeed {
        namespace: "Microsoft.ManagedIdentity",
        state: "Registered",
        policy: "RegistrationRequired",
        types: &["userAssignedIdentities", "operations"],
    },
    ProviderSeed {
        namespace: "Microsoft.Network",
        state: "Registered",
        policy: "RegistrationRequired",
        types: &["virtualNetworks", "publicIPAddresses", "loadBalancers"],
    },
    ProviderSeed {
        namespace: "Microsoft.OperationalInsights",
        state: "NotRegistered",
        policy: "RegistrationRequired",
        types: &["workspaces", "operations"],
    },
    ProviderSeed {
        namespace: "Microsoft.Storage",
        state: "Registered",
        policy: "RegistrationRequired",
        types: &["storageAccounts", "operations"],
    },
];

pub(crate) fn provider_seed(ns: &str) -> Option<&'static ProviderSeed> {
    PROVIDERS
        .iter()
        .find(|p| p.namespace.eq_ignore_ascii_case(ns))
}

/// Seeded preview features: (namespace, name, initial state), in the order ARM lists them.
pub(crate) const FEATURES: &[(&str, &str, &str)] = &[
    ("Microsoft.Compute", "EncryptionAtHost", "Registered"),
    (
        "Microsoft.Compute",
        "UseStandardSecurityType",
        "NotRegistered",
    ),
    ("Microsoft.ContainerService", "AKS-GitOps", "NotRegistered"),
    (
        "Microsoft.ContainerService",
        "AKS-PrometheusAddonPreview",
        "NotRegistered",
    ),
    (
        "Microsoft.ContainerService",
        "EnableAPIServerVnetIntegrationPreview",
        "NotRegistered",
    ),
    ("Microsoft.ContainerService", "MSIPreview", "NotRegistered"),
    (
        "Microsoft.ContainerService",
        "NodePublicIPPreview",
        "NotRegistered",
    ),
    (
        "Microsoft.ContainerService",
        "PodSubnetPreview",
        "Registered",
    ),
    (
        "Microsoft.Network",
        "AllowBringYourOwnPublicIpAddress",
        "NotRegistered",
    ),
    ("Microsoft.Network", "AllowPrivateEndpoints", "Registered"),
    ("Microsoft.Resources", "EUAPParticipation", "NotRegistered"),
    ("Microsoft.Storage", "AllowNFSV3", "NotRegistered"),
];

/// Kubernetes minors AKS offers, each with its patches (oldest first).
pub(crate) const K8S_VERSIONS: &[(&str, &[&str])] = &[
    ("1.31", &["1.31.10", "1.31.11"]),
    ("1.32", &["1.32.6", "1.32.7"]),
    ("1.33", &["1.33.2", "1.33.3"]),
];

/// Resolves a requested version (`""`, `major.minor` or `major.minor.patch`) to
/// (kubernetesVersion as echoed, full patch), or `None` when unsupported.
pub(crate) fn resolve_k8s(requested: &str, default: &str) -> Option<(String, String)> {
    if requested.is_empty() {
        return resolve_k8s(default, "").map(|(_, p)| (p.clone(), p));
    }
    for (minor, patches) in K8S_VERSIONS {
        if *minor == requested {
            let latest = patches.last()?;
            return Some((requested.to_string(), (*latest).to_string()));
        }
        if patches.contains(&requested) {
            return Some((requested.to_string(), requested.to_string()));
        }
    }
    None
}
