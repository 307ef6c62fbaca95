//! The flag set of `aks create` as plain values ([`AksCreateOptions`]), with az's defaults.
//! Validation lives in `validate`, the PUT body in `body`; this file is data only.

pub(super) const VMSS: &str = "VirtualMachineScaleSets";
pub(super) const AVAILABILITY_SET: &str = "AvailabilitySet";
pub(super) const VIRTUAL_MACHINES: &str = "VirtualMachines";

/// Every `aks create` flag the pure body builder understands, as plain values (already parsed
/// by the clap layer). `Default` gives az's defaults for an `aks create -g RG -n NAME` call.
#[derive(Debug, Clone, PartialEq)]
pub struct AksCreateOptions {
    pub resource_group: String,
    pub name: String,
    /// `--location`; `None` means "use the resource group's location" (resolved by the caller).
    pub location: Option<String>,
    /// `--enable-managed-identity` was typed explicitly (MI is on anyway unless an SP is given).
    pub enable_managed_identity: bool,
    pub assign_identity: Option<String>,
    pub assign_kubelet_identity: Option<String>,
    pub service_principal: Option<String>,
    pub client_secret: Option<String>,
    /// The public key text to send, already resolved by the SSH rules (`None` = no `linuxProfile`).
    pub ssh_public_key: Option<String>,
    pub admin_username: String,
    /// `-k` as typed (validated and `v`-stripped by [`AksCreateOptions::kubernetes_version`]).
    pub kubernetes_version: Option<String>,
    pub node_count: i64,
    pub node_vm_size: Option<String>,
    pub nodepool_name: String,
    pub os_sku: Option<String>,
    pub node_osdisk_size: Option<i64>,
    pub vm_set_type: Option<String>,
    pub max_pods: Option<i64>,
    pub zones: Option<Vec<String>>,
    pub enable_cluster_autoscaler: bool,
    pub min_count: Option<i64>,
    pub max_count: Option<i64>,
    /// `--vnet-subnet-id`: the node pool's bring-your-own subnet.
    pub vnet_subnet_id: Option<String>,
    pub network_plugin: Option<String>,
    pub network_plugin_mode: Option<String>,
    pub pod_cidr: Option<String>,
    pub service_cidr: Option<String>,
    pub dns_service_ip: Option<String>,
    pub load_balancer_sku: Option<String>,
    pub outbound_type: Option<String>,
    pub tier: Option<String>,
    pub sku: Option<String>,
    pub dns_name_prefix: Option<String>,
    pub fqdn_subdomain: Option<String>,
    /// `--tags`, already split into pairs (see [`crate::py::tags`]); `Some(vec![])` sends `{}`.
    pub tags: Option<Vec<(String, String)>>,
    pub enable_oidc_issuer: bool,
    pub enable_workload_identity: bool,
    pub enable_aad: bool,
    pub enable_azure_rbac: bool,
    pub disable_rbac: bool,
    pub bootstrap_artifact_source: String,
    /// `--attach-acr`: a registry name or id whose `acrpull` the kubelet identity gets.
    pub attach_acr: Option<String>,
    /// `--no-wait` (az refuses it with `--attach-acr` on a managed-identity cluster).
    pub no_wait: bool,
}

impl Default for AksCreateOptions {
    fn default() -> Self {
        AksCreateOptions {
            resource_group: String::new(),
            name: String::new(),
            location: None,
            enable_managed_identity: false,
            assign_identity: None,
            assign_kubelet_identity: None,
            service_principal: None,
            client_secret: None,
            ssh_public_key: None,
            admin_username: "azureuser".to_owned(),
            kubernetes_version: None,
            node_count: 3,
            node_vm_size: None,
            nodepool_name: "nodepool1".to_owned(),
            os_sku: None,
            node_osdisk_size: None,
            vm_set_type: None,
            max_pods: None,
            zones: None,
            enable_cluster_autoscaler: false,
            min_count: None,
            max_count: None,
            vnet_subnet_id: None,
            network_plugin: None,
            network_plugin_mode: None,
            pod_cidr: None,
            service_cidr: None,
            dns_service_ip: None,
            load_balancer_sku: None,
            outbound_type: None,
            tier: None,
            sku: None,
            dns_name_prefix: None,
            fqdn_subdomain: None,
            tags: None,
            enable_oidc_issuer: false,
            enable_workload_identity: false,
            enable_aad: false,
            enable_azure_rbac: false,
            disable_rbac: false,
            bootstrap_artifact_source: "Direct".to_owned(),
            attach_acr: None,
            no_wait: false,
        }
    }
}

/// Python truthiness for an optional string flag: `None` and `""` are both "not given".
pub(super) fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}
