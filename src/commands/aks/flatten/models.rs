//! The attribute tables of az 2.91 / azure-mgmt-containerservice 41.6.0's managedCluster
//! models, in model order (see the parent module for where each list comes from). Data only:
//! [`super::flatten_cluster`] walks them.

use super::Kind::{DateTime, Float, List, Map as MapOf, Model, Plain};
use super::{Field, Kind, f};

/// Passes through a nested model whose attribute list is not captured (see module doc).
const OPAQUE: Kind = Plain;

static POWER_STATE: &[Field] = &[f("code", "code", Plain)];
static ENABLED: &[Field] = &[f("enabled", "enabled", Plain)];
static USER_ASSIGNED_IDENTITY: &[Field] = &[
    f("resource_id", "resourceId", Plain),
    f("client_id", "clientId", Plain),
    f("object_id", "objectId", Plain),
];
static UAI_VALUE: &[Field] = &[
    f("principal_id", "principalId", Plain),
    f("client_id", "clientId", Plain),
];
static SYSTEM_DATA: &[Field] = &[
    f("created_by", "createdBy", Plain),
    f("created_by_type", "createdByType", Plain),
    f("created_at", "createdAt", DateTime),
    f("last_modified_by", "lastModifiedBy", Plain),
    f("last_modified_by_type", "lastModifiedByType", Plain),
    f("last_modified_at", "lastModifiedAt", DateTime),
];
static SKU: &[Field] = &[f("name", "name", Plain), f("tier", "tier", Plain)];
static EXTENDED_LOCATION: &[Field] = &[f("name", "name", Plain), f("type", "type", Plain)];
static IDENTITY: &[Field] = &[
    f("principal_id", "principalId", Plain),
    f("tenant_id", "tenantId", Plain),
    f("type", "type", Plain),
    f("delegated_resources", "delegatedResources", OPAQUE),
    f(
        "user_assigned_identities",
        "userAssignedIdentities",
        MapOf(UAI_VALUE),
    ),
];
static UPGRADE_SETTINGS: &[Field] = &[
    f("max_surge", "maxSurge", Plain),
    f("max_unavailable", "maxUnavailable", Plain),
    f("drain_timeout_in_minutes", "drainTimeoutInMinutes", Plain),
    f(
        "node_soak_duration_in_minutes",
        "nodeSoakDurationInMinutes",
        Plain,
    ),
    f(
        "undrainable_node_behavior",
        "undrainableNodeBehavior",
        Plain,
    ),
];
static AGENT_POOL_SECURITY: &[Field] = &[
    f("ssh_access", "sshAccess", Plain),
    f("enable_vtpm", "enableVTPM", Plain),
    f("enable_secure_boot", "enableSecureBoot", Plain),
];
pub(super) static AGENT_POOL: &[Field] = &[
    f("e_tag", "eTag", Plain),
    f("count", "count", Plain),
    f("vm_size", "vmSize", Plain),
    f("os_disk_size_gb", "osDiskSizeGB", Plain),
    f("os_disk_type", "osDiskType", Plain),
    f("kubelet_disk_type", "kubeletDiskType", Plain),
    f("workload_runtime", "workloadRuntime", Plain),
    f("message_of_the_day", "messageOfTheDay", Plain),
    f("vnet_subnet_id", "vnetSubnetID", Plain),
    f("pod_subnet_id", "podSubnetID", Plain),
    f("pod_ip_allocation_mode", "podIPAllocationMode", Plain),
    f("max_pods", "maxPods", Plain),
    f("os_type", "osType", Plain),
    f("os_sku", "osSKU", Plain),
    f("max_count", "maxCount", Plain),
    f("min_count", "minCount", Plain),
    f("enable_auto_scaling", "enableAutoScaling", Plain),
    f("scale_down_mode", "scaleDownMode", Plain),
    f("type", "type", Plain),
    f("mode", "mode", Plain),
    f("orchestrator_version", "orchestratorVersion", Plain),
    f(
        "current_orchestrator_version",
        "currentOrchestratorVersion",
        Plain,
    ),
    f("node_image_version", "nodeImageVersion", Plain),
    f(
        "upgrade_settings",
        "upgradeSettings",
        Model(UPGRADE_SETTINGS),
    ),
    f("provisioning_state", "provisioningState", Plain),
    f("power_state", "powerState", Model(POWER_STATE)),
    f("availability_zones", "availabilityZones", Plain),
    f("enable_node_public_ip", "enableNodePublicIP", Plain),
    f("node_public_ip_prefix_id", "nodePublicIPPrefixID", Plain),
    f("scale_set_priority", "scaleSetPriority", Plain),
    f("scale_set_eviction_policy", "scaleSetEvictionPolicy", Plain),
    f("spot_max_price", "spotMaxPrice", Float),
    f("tags", "tags", Plain),
    f("node_labels", "nodeLabels", Plain),
    f("node_taints", "nodeTaints", Plain),
    f(
        "proximity_placement_group_id",
        "proximityPlacementGroupID",
        Plain,
    ),
    f("kubelet_config", "kubeletConfig", OPAQUE),
    f("linux_os_config", "linuxOSConfig", OPAQUE),
    f("enable_encryption_at_host", "enableEncryptionAtHost", Plain),
    f("enable_ultra_ssd", "enableUltraSSD", Plain),
    f("enable_fips", "enableFIPS", Plain),
    f("gpu_instance_profile", "gpuInstanceProfile", Plain),
    f("creation_data", "creationData", OPAQUE),
    f(
        "capacity_reservation_group_id",
        "capacityReservationGroupID",
        Plain,
    ),
    f("host_group_id", "hostGroupID", Plain),
    f("network_profile", "networkProfile", OPAQUE),
    f("windows_profile", "windowsProfile", OPAQUE),
    f(
        "security_profile",
        "securityProfile",
        Model(AGENT_POOL_SECURITY),
    ),
    f("gpu_profile", "gpuProfile", OPAQUE),
    f("gateway_profile", "gatewayProfile", OPAQUE),
    f(
        "artifact_streaming_profile",
        "artifactStreamingProfile",
        OPAQUE,
    ),
    f("virtual_machines_profile", "virtualMachinesProfile", OPAQUE),
    f(
        "virtual_machine_nodes_status",
        "virtualMachineNodesStatus",
        Plain,
    ),
    f("status", "status", OPAQUE),
    f("local_dns_profile", "localDNSProfile", OPAQUE),
    f("name", "name", Plain),
];
static SSH_PUBLIC_KEY: &[Field] = &[f("key_data", "keyData", Plain)];
static SSH_CONFIG: &[Field] = &[f("public_keys", "publicKeys", List(SSH_PUBLIC_KEY))];
static LINUX_PROFILE: &[Field] = &[
    f("admin_username", "adminUsername", Plain),
    f("ssh", "ssh", Model(SSH_CONFIG)),
];
static WINDOWS_PROFILE: &[Field] = &[
    f("admin_username", "adminUsername", Plain),
    f("admin_password", "adminPassword", Plain),
    f("license_type", "licenseType", Plain),
    f("enable_csi_proxy", "enableCSIProxy", Plain),
    f("gmsa_profile", "gmsaProfile", OPAQUE),
];
static SERVICE_PRINCIPAL: &[Field] = &[
    f("client_id", "clientId", Plain),
    f("secret", "secret", Plain),
];
static ADDON: &[Field] = &[
    f("enabled", "enabled", Plain),
    f("config", "config", Plain),
    f("identity", "identity", Model(USER_ASSIGNED_IDENTITY)),
];
static OIDC_ISSUER: &[Field] = &[
    f("issuer_url", "issuerURL", Plain),
    f("enabled", "enabled", Plain),
];
static MANAGED_OUTBOUND_IPS: &[Field] = &[
    f("count", "count", Plain),
    f("count_ipv6", "countIPv6", Plain),
];
static RESOURCE_REFERENCE: &[Field] = &[f("id", "id", Plain)];
static LOAD_BALANCER_PROFILE: &[Field] = &[
    f(
        "managed_outbound_i_ps",
        "managedOutboundIPs",
        Model(MANAGED_OUTBOUND_IPS),
    ),
    f("outbound_ip_prefixes", "outboundIPPrefixes", OPAQUE),
    f("outbound_i_ps", "outboundIPs", OPAQUE),
    f(
        "effective_outbound_i_ps",
        "effectiveOutboundIPs",
        List(RESOURCE_REFERENCE),
    ),
    f("allocated_outbound_ports", "allocatedOutboundPorts", Plain),
    f("idle_timeout_in_minutes", "idleTimeoutInMinutes", Plain),
    f(
        "enable_multiple_standard_load_balancers",
        "enableMultipleStandardLoadBalancers",
        Plain,
    ),
    f("backend_pool_type", "backendPoolType", Plain),
];
static NETWORK_PROFILE: &[Field] = &[
    f("network_plugin", "networkPlugin", Plain),
    f("network_plugin_mode", "networkPluginMode", Plain),
    f("network_policy", "networkPolicy", Plain),
    f("network_mode", "networkMode", Plain),
    f("network_dataplane", "networkDataplane", Plain),
    f("advanced_networking", "advancedNetworking", OPAQUE),
    f("pod_cidr", "podCidr", Plain),
    f("service_cidr", "serviceCidr", Plain),
    f("dns_service_ip", "dnsServiceIP", Plain),
    f("outbound_type", "outboundType", Plain),
    f("load_balancer_sku", "loadBalancerSku", Plain),
    f(
        "load_balancer_profile",
        "loadBalancerProfile",
        Model(LOAD_BALANCER_PROFILE),
    ),
    f("nat_gateway_profile", "natGatewayProfile", OPAQUE),
    f(
        "static_egress_gateway_profile",
        "staticEgressGatewayProfile",
        OPAQUE,
    ),
    f("pod_cidrs", "podCidrs", Plain),
    f("service_cidrs", "serviceCidrs", Plain),
    f("ip_families", "ipFamilies", Plain),
];
static AAD_PROFILE: &[Field] = &[
    f("managed", "managed", Plain),
    f("enable_azure_rbac", "enableAzureRBAC", Plain),
    f("admin_group_object_i_ds", "adminGroupObjectIDs", Plain),
    f("client_app_id", "clientAppID", Plain),
    f("server_app_id", "serverAppID", Plain),
    f("server_app_secret", "serverAppSecret", Plain),
    f("tenant_id", "tenantID", Plain),
];
static AUTO_UPGRADE: &[Field] = &[
    f("upgrade_channel", "upgradeChannel", Plain),
    f("node_os_upgrade_channel", "nodeOSUpgradeChannel", Plain),
];
static API_SERVER_ACCESS: &[Field] = &[
    f("authorized_ip_ranges", "authorizedIPRanges", Plain),
    f("enable_private_cluster", "enablePrivateCluster", Plain),
    f("private_dns_zone", "privateDNSZone", Plain),
    f(
        "enable_private_cluster_public_fqdn",
        "enablePrivateClusterPublicFQDN",
        Plain,
    ),
    f("disable_run_command", "disableRunCommand", Plain),
    f("enable_vnet_integration", "enableVnetIntegration", Plain),
    f("subnet_id", "subnetId", Plain),
];
static PRIVATE_LINK_RESOURCE: &[Field] = &[
    f("id", "id", Plain),
    f("name", "name", Plain),
    f("type", "type", Plain),
    f("group_id", "groupId", Plain),
    f("required_members", "requiredMembers", Plain),
    f("private_link_service_id", "privateLinkServiceID", Plain),
];
static SECURITY_PROFILE: &[Field] = &[
    f("defender", "defender", OPAQUE),
    f("azure_key_vault_kms", "azureKeyVaultKms", OPAQUE),
    f("workload_identity", "workloadIdentity", Model(ENABLED)),
    f("image_cleaner", "imageCleaner", OPAQUE),
    f(
        "custom_ca_trust_certificates",
        "customCATrustCertificates",
        Plain,
    ),
];
static STORAGE_PROFILE: &[Field] = &[
    f("disk_csi_driver", "diskCSIDriver", Model(ENABLED)),
    f("file_csi_driver", "fileCSIDriver", Model(ENABLED)),
    f("snapshot_controller", "snapshotController", Model(ENABLED)),
    f("blob_csi_driver", "blobCSIDriver", Model(ENABLED)),
];
static WORKLOAD_AUTO_SCALER: &[Field] = &[
    f("keda", "keda", Model(ENABLED)),
    f(
        "vertical_pod_autoscaler",
        "verticalPodAutoscaler",
        Model(ENABLED),
    ),
];
static METRICS_PROFILE: &[Field] = &[f("cost_analysis", "costAnalysis", Model(ENABLED))];
static BOOTSTRAP_PROFILE: &[Field] = &[
    f("artifact_source", "artifactSource", Plain),
    f("container_registry_id", "containerRegistryId", Plain),
];

/// AgentPool's own (sub-resource) attributes, read from the top of the wire body; its
/// `properties` are [`AGENT_POOL`]'s (the profile), printed at the top level.
pub(super) static AGENT_POOL_TOP: &[Field] = &[
    f("id", "id", Plain),
    f("name", "name", Plain),
    f("type", "type", Plain),
    f("system_data", "systemData", Model(SYSTEM_DATA)),
];

/// ManagedCluster's own (resource-level) attributes, read from the top of the wire body.
pub(super) static CLUSTER_TOP: &[Field] = &[
    f("id", "id", Plain),
    f("name", "name", Plain),
    f("type", "type", Plain),
    f("system_data", "systemData", Model(SYSTEM_DATA)),
    f("tags", "tags", Plain),
    f("location", "location", Plain),
    f("e_tag", "eTag", Plain),
    f("sku", "sku", Model(SKU)),
    f(
        "extended_location",
        "extendedLocation",
        Model(EXTENDED_LOCATION),
    ),
    f("identity", "identity", Model(IDENTITY)),
    f("kind", "kind", Plain),
];

/// ManagedClusterProperties, read from `properties` and printed at the top level.
pub(super) static CLUSTER_PROPERTIES: &[Field] = &[
    f("provisioning_state", "provisioningState", Plain),
    f("power_state", "powerState", Model(POWER_STATE)),
    f("max_agent_pools", "maxAgentPools", Plain),
    f("kubernetes_version", "kubernetesVersion", Plain),
    f(
        "current_kubernetes_version",
        "currentKubernetesVersion",
        Plain,
    ),
    f("dns_prefix", "dnsPrefix", Plain),
    f("fqdn_subdomain", "fqdnSubdomain", Plain),
    f("fqdn", "fqdn", Plain),
    f("private_fqdn", "privateFQDN", Plain),
    f("azure_portal_fqdn", "azurePortalFQDN", Plain),
    f("agent_pool_profiles", "agentPoolProfiles", List(AGENT_POOL)),
    f("linux_profile", "linuxProfile", Model(LINUX_PROFILE)),
    f("windows_profile", "windowsProfile", Model(WINDOWS_PROFILE)),
    f(
        "service_principal_profile",
        "servicePrincipalProfile",
        Model(SERVICE_PRINCIPAL),
    ),
    f("addon_profiles", "addonProfiles", MapOf(ADDON)),
    f("pod_identity_profile", "podIdentityProfile", OPAQUE),
    f(
        "oidc_issuer_profile",
        "oidcIssuerProfile",
        Model(OIDC_ISSUER),
    ),
    f("node_resource_group", "nodeResourceGroup", Plain),
    f(
        "node_resource_group_profile",
        "nodeResourceGroupProfile",
        OPAQUE,
    ),
    f("enable_rbac", "enableRBAC", Plain),
    f("support_plan", "supportPlan", Plain),
    f("network_profile", "networkProfile", Model(NETWORK_PROFILE)),
    f("aad_profile", "aadProfile", Model(AAD_PROFILE)),
    f(
        "auto_upgrade_profile",
        "autoUpgradeProfile",
        Model(AUTO_UPGRADE),
    ),
    f("upgrade_settings", "upgradeSettings", OPAQUE),
    f("auto_scaler_profile", "autoScalerProfile", OPAQUE),
    f(
        "api_server_access_profile",
        "apiServerAccessProfile",
        Model(API_SERVER_ACCESS),
    ),
    f("disk_encryption_set_id", "diskEncryptionSetID", Plain),
    f(
        "identity_profile",
        "identityProfile",
        MapOf(USER_ASSIGNED_IDENTITY),
    ),
    f(
        "private_link_resources",
        "privateLinkResources",
        List(PRIVATE_LINK_RESOURCE),
    ),
    f("disable_local_accounts", "disableLocalAccounts", Plain),
    f("http_proxy_config", "httpProxyConfig", OPAQUE),
    f(
        "security_profile",
        "securityProfile",
        Model(SECURITY_PROFILE),
    ),
    f("storage_profile", "storageProfile", Model(STORAGE_PROFILE)),
    f("ingress_profile", "ingressProfile", OPAQUE),
    f("public_network_access", "publicNetworkAccess", Plain),
    f(
        "workload_auto_scaler_profile",
        "workloadAutoScalerProfile",
        Model(WORKLOAD_AUTO_SCALER),
    ),
    f("azure_monitor_profile", "azureMonitorProfile", OPAQUE),
    f("service_mesh_profile", "serviceMeshProfile", OPAQUE),
    f("resource_uid", "resourceUID", Plain),
    f("metrics_profile", "metricsProfile", Model(METRICS_PROFILE)),
    f(
        "node_provisioning_profile",
        "nodeProvisioningProfile",
        OPAQUE,
    ),
    f(
        "bootstrap_profile",
        "bootstrapProfile",
        Model(BOOTSTRAP_PROFILE),
    ),
    f(
        "ai_toolchain_operator_profile",
        "aiToolchainOperatorProfile",
        Model(ENABLED),
    ),
    f("scheduler_profile", "schedulerProfile", OPAQUE),
    f("hosted_system_profile", "hostedSystemProfile", OPAQUE),
    f("status", "status", OPAQUE),
];
