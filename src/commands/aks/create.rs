//! `aks create` without I/O: the flag set, az's validator- and decorator-level checks with their
//! exact texts, the `dnsPrefix` algorithm and the PUT body, key for key in the order az 2.91
//! sends it.
//!
//! Key order matters here because az's SDK (azure-mgmt-containerservice 41.6.0, TypeSpec
//! models) serialises a model in the order its attributes were *set*: `acs/managed_cluster_decorator.py`
//! `construct_mc_profile_default` and `acs/agentpool_decorator.py`
//! `construct_agentpool_profile_default` set them step by step, and an attribute set to `None`
//! is never written. The builders below follow those steps one for one; each optional key is
//! inserted at the step that sets it. Resolving the SSH key, the resource group's location and
//! the subscription is the caller's job; this file receives them as plain values.

use serde_json::{Map, Value, json};

use super::AksError;

const VMSS: &str = "VirtualMachineScaleSets";
const AVAILABILITY_SET: &str = "AvailabilitySet";
const VIRTUAL_MACHINES: &str = "VirtualMachines";

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
        }
    }
}

/// Python truthiness for an optional string flag: `None` and `""` are both "not given".
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// Python's `$` also matches just before one final `\n`; az's validators use `re.match(...$)`.
fn strip_final_newline(s: &str) -> &str {
    s.strip_suffix('\n').unwrap_or(s)
}

/// `^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$` (`_validators.py`).
fn is_valid_cluster_name(name: &str) -> bool {
    let s = strip_final_newline(name).as_bytes();
    let edge = |c: &u8| c.is_ascii_alphanumeric();
    let inner = |c: &u8| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_';
    match s.len() {
        0 => false,
        1 => edge(&s[0]),
        n if n <= 63 => edge(&s[0]) && edge(&s[n - 1]) && s[1..n - 1].iter().all(inner),
        _ => false,
    }
}

/// `^[v|V]?(\d+\.\d+(?:\.\d+)?)$`: returns the captured version (prefix dropped) or `None`.
/// Note the character class also admits a literal `|`, exactly as az's pattern does.
fn normalise_k8s_version(raw: &str) -> Option<String> {
    let s = strip_final_newline(raw);
    let body = s.strip_prefix(['v', 'V', '|']).unwrap_or(s);
    let parts: Vec<&str> = body.split('.').collect();
    let numeric = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    ((parts.len() == 2 || parts.len() == 3) && parts.iter().all(numeric)).then(|| body.to_owned())
}

/// azure-mgmt-core `is_valid_resource_id`: the id must round-trip through
/// `parse_resource_id` → `resource_id`, i.e. be `/subscriptions/S[/resourceGroups/RG[/providers/NS/TYPE/NAME[/child pairs]]]`
/// (keywords case-insensitive).
pub(super) fn is_valid_resource_id(id: &str) -> bool {
    let segs: Vec<&str> = id.split('/').collect();
    if segs.len() < 3 || !segs[0].is_empty() || !segs[1].eq_ignore_ascii_case("subscriptions") {
        return false;
    }
    // msrestazure's parse drops empty parts, so the id no longer round-trips.
    // Regression: `.../userAssignedIdentities/` (no name) was accepted and sent.
    if segs[1..].iter().any(|s| s.is_empty()) {
        return false;
    }
    match segs.len() {
        3 => true,
        5 => segs[3].eq_ignore_ascii_case("resourcegroups"),
        n if n >= 9 => {
            segs[3].eq_ignore_ascii_case("resourcegroups")
                && segs[5].eq_ignore_ascii_case("providers")
                && child_segments_valid(&segs[9..])
        }
        _ => false,
    }
}

/// Children after `NS/TYPE/NAME`: pairs `type/name`, each optionally led by `providers/NS`.
fn child_segments_valid(mut rest: &[&str]) -> bool {
    while !rest.is_empty() {
        if rest[0].eq_ignore_ascii_case("providers") && rest.len() >= 4 {
            rest = &rest[4..];
        } else if rest.len() >= 2 {
            rest = &rest[2..];
        } else {
            return false;
        }
    }
    true
}

/// `_get_dns_name_prefix`: `<name[..10]>-<rg[..16]>-<sub[..6]>` over `[A-Za-z0-9-]`, the name
/// part forced to start with a letter.
pub fn dns_name_prefix(name: &str, resource_group: &str, subscription_id: &str) -> String {
    let filter = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect()
    };
    let mut name_part: String = filter(name).chars().take(10).collect();
    if !name_part.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name_part = format!("a{name_part}").chars().take(10).collect();
    }
    let rg_part: String = filter(resource_group).chars().take(16).collect();
    let sub_part: String = subscription_id.chars().take(6).collect();
    format!("{name_part}-{rg_part}-{sub_part}")
}

impl AksCreateOptions {
    /// The validator-level checks az runs before any request, in az's order, with its texts.
    pub fn validate(&self) -> Result<(), AksError> {
        if !is_valid_cluster_name(&self.name) {
            return Err(AksError::InvalidArgument(
                "--name cannot exceed 63 characters and can only contain letters, numbers, \
                 underscores (_) or dashes (-)."
                    .to_owned(),
            ));
        }
        self.kubernetes_version()?;
        if !self.nodepool_name.is_empty() {
            if self.nodepool_name.chars().count() > 12 {
                return Err(AksError::InvalidArgument(
                    "--nodepool-name can contain at most 12 characters".to_owned(),
                ));
            }
            if !self.nodepool_name.chars().all(char::is_alphanumeric) {
                return Err(AksError::InvalidArgument(
                    "--nodepool-name should contain only alphanumeric characters".to_owned(),
                ));
            }
        }
        if let Some(id) = given(&self.assign_identity)
            && !is_valid_resource_id(id)
        {
            return Err(AksError::InvalidArgument(
                "--assign-identity is not a valid Azure resource ID.".to_owned(),
            ));
        }
        if given(&self.dns_name_prefix).is_some() && given(&self.fqdn_subdomain).is_some() {
            // Text UNVERIFIED (spec §6.2); taken from the decorator's getter.
            return Err(AksError::MutuallyExclusive(
                "--dns-name-prefix and --fqdn-subdomain cannot be used at same time".to_owned(),
            ));
        }
        self.vm_set_type()?;
        Ok(())
    }

    /// `-k` after az's validator: `""` when not given, else the captured `major.minor[.patch]`.
    pub fn kubernetes_version(&self) -> Result<String, AksError> {
        match given(&self.kubernetes_version) {
            None => Ok(String::new()),
            Some(raw) => normalise_k8s_version(raw).ok_or_else(|| {
                AksError::InvalidArgument(
                    "--kubernetes-version should be the full version number or major.minor \
                     version number, such as \"1.7.12\" or \"1.7\""
                        .to_owned(),
                )
            }),
        }
    }

    /// `--vm-set-type` normalised to az's spelling (case-insensitive match).
    fn vm_set_type(&self) -> Result<&'static str, AksError> {
        let Some(raw) = given(&self.vm_set_type) else {
            return Ok(VMSS);
        };
        [VMSS, AVAILABILITY_SET, VIRTUAL_MACHINES]
            .into_iter()
            .find(|t| t.eq_ignore_ascii_case(raw))
            .ok_or_else(|| {
                // Text UNVERIFIED.
                AksError::InvalidArgument(
                    "--vm-set-type can only be VirtualMachineScaleSets, AvailabilitySet or \
                     VirtualMachines(Preview)"
                        .to_owned(),
                )
            })
    }

    /// Whether the cluster gets a managed identity: always, unless an SP and secret are given.
    fn managed_identity_on(&self) -> bool {
        !(given(&self.service_principal).is_some() && given(&self.client_secret).is_some())
    }

    /// The decorator-level identity matrix (spec §6.5), checked in az's order after the
    /// existence GET and before the PUT.
    pub fn identity_check(&self) -> Result<(), AksError> {
        let sp = given(&self.service_principal).is_some();
        let secret = given(&self.client_secret).is_some();
        if sp != secret {
            return Err(AksError::RequiredArgumentMissing(
                "Please provide both --service-principal and --client-secret to use sp as the \
                 cluster identity. An sp can be created using the 'az ad sp create-for-rbac' \
                 command."
                    .to_owned(),
            ));
        }
        if sp && secret && self.enable_managed_identity {
            return Err(AksError::MutuallyExclusive(
                "Cannot specify --enable-managed-identity and --service-principal/--client-secret \
                 at same time"
                    .to_owned(),
            ));
        }
        if given(&self.assign_identity).is_some() && !self.managed_identity_on() {
            return Err(AksError::RequiredArgumentMissing(
                "--assign-identity can only be specified when --enable-managed-identity is \
                 specified"
                    .to_owned(),
            ));
        }
        if given(&self.assign_kubelet_identity).is_some() && given(&self.assign_identity).is_none()
        {
            return Err(AksError::RequiredArgumentMissing(
                "--assign-kubelet-identity can only be specified when --assign-identity is \
                 specified"
                    .to_owned(),
            ));
        }
        Ok(())
    }

    /// All decorator-level checks in the order `construct_mc_profile_default` meets them:
    /// agent pool (autoscaler counts), service principal / identity, network profile, AAD.
    pub fn decorator_check(&self) -> Result<(), AksError> {
        self.autoscaler_check()?;
        self.identity_check()?;
        self.outbound_type_check()?;
        self.aad_check()
    }

    /// `_get_outbound_type` validation (managed_cluster_decorator.py), create mode. azrs has no
    /// `--vnet-subnet-id`, so the outbound types that need a BYO subnet always fail here.
    fn outbound_type_check(&self) -> Result<(), AksError> {
        let Some(outbound) = given(&self.outbound_type) else {
            return Ok(());
        };
        let basic = given(&self.load_balancer_sku).is_some_and(|s| s.eq_ignore_ascii_case("basic"));
        if basic {
            return Err(AksError::InvalidArgument(format!(
                "{outbound} doesn't support basic load balancer sku"
            )));
        }
        if matches!(outbound, "userDefinedRouting" | "userAssignedNATGateway") {
            let requirement = if outbound == "userDefinedRouting" {
                "a route table with egress rules"
            } else {
                "a NAT gateway with outbound ips"
            };
            let automatic = given(&self.sku).is_some_and(|s| s.eq_ignore_ascii_case("automatic"));
            return Err(AksError::RequiredArgumentMissing(if automatic {
                format!(
                    "For an Automatic cluster using Managed System Pool BYO VNet, \
                     --system-node-subnet-id, --node-subnet-id and --apiserver-subnet-id must be \
                     specified for {outbound}. For other BYO VNet clusters, specify \
                     --vnet-subnet-id. The subnet must be pre-configured with {requirement}"
                )
            } else {
                format!(
                    "--vnet-subnet-id must be specified for {outbound} and it must be \
                     pre-configured with {requirement}"
                )
            }));
        }
        Ok(())
    }

    /// `__validate_counts_in_autoscaler` (agentpool_decorator.py), create mode, System pool.
    fn autoscaler_check(&self) -> Result<(), AksError> {
        if self.enable_cluster_autoscaler {
            let (Some(min), Some(max)) = (self.min_count, self.max_count) else {
                return Err(AksError::RequiredArgumentMissing(
                    "Please specify both min-count and max-count when --enable-cluster-autoscaler \
                     enabled"
                        .to_owned(),
                ));
            };
            if min > max {
                return Err(AksError::InvalidArgument(
                    "Value of min-count should be less than or equal to value of max-count"
                        .to_owned(),
                ));
            }
            if self.node_count < min || self.node_count > max {
                return Err(AksError::InvalidArgument(
                    "node-count is not in the range of min-count and max-count".to_owned(),
                ));
            }
            if min < 1 {
                return Err(AksError::InvalidArgument(
                    "Value of min-count should be greater than or equal to 1 for System node pools"
                        .to_owned(),
                ));
            }
        } else if self.min_count.is_some() || self.max_count.is_some() {
            return Err(AksError::RequiredArgumentMissing(
                "min-count and max-count are required for --enable-cluster-autoscaler, please use \
                 the flag"
                    .to_owned(),
            ));
        }
        Ok(())
    }

    /// `--enable-azure-rbac` rules. Texts UNVERIFIED for 2.91 (taken from az's older custom.py).
    fn aad_check(&self) -> Result<(), AksError> {
        if self.enable_azure_rbac && !self.enable_aad {
            return Err(AksError::RequiredArgumentMissing(
                "\"--enable-azure-rbac\" can only be used together with \"--enable-aad\""
                    .to_owned(),
            ));
        }
        if self.enable_azure_rbac && self.disable_rbac {
            return Err(AksError::MutuallyExclusive(
                "\"--enable-azure-rbac\" can not be used together with \"--disable-rbac\""
                    .to_owned(),
            ));
        }
        Ok(())
    }

    /// The exact PUT body az sends for these flags. `location` is `--location` or the resource
    /// group's location; `subscription_id` feeds the generated `dnsPrefix`. Call [`Self::validate`]
    /// and [`Self::decorator_check`] first: an invalid `-k` or `--vm-set-type` falls back to az's
    /// defaults here rather than failing twice.
    pub fn build_put_body(&self, location: &str, subscription_id: &str) -> Value {
        let k8s = self.kubernetes_version().unwrap_or_default();
        let mut props = Map::new();
        props.insert(
            "agentPoolProfiles".into(),
            Value::Array(vec![self.agent_pool(&k8s)]),
        );

        let mut top = Map::new();
        top.insert("location".into(), json!(location));
        // `properties` is created by the first flattened attribute (the agent pool), so it sits
        // right after `location`; `tags` is set afterwards in `set_up_mc_properties`.
        if let Some(tags) = &self.tags {
            let map: Map<String, Value> = tags.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
            top.insert("tags".into(), Value::Object(map));
        }

        // set_up_mc_properties
        props.insert("kubernetesVersion".into(), json!(k8s));
        if given(&self.fqdn_subdomain).is_none() {
            let prefix = match given(&self.dns_name_prefix) {
                Some(p) => p.to_owned(),
                None => dns_name_prefix(&self.name, &self.resource_group, subscription_id),
            };
            props.insert("dnsPrefix".into(), json!(prefix));
        }
        props.insert("disableLocalAccounts".into(), json!(false));
        props.insert("enableRBAC".into(), json!(!self.disable_rbac));
        // set_up_linux_profile
        if let Some(key) = &self.ssh_public_key {
            props.insert(
                "linuxProfile".into(),
                json!({"adminUsername": self.admin_username,
                       "ssh": {"publicKeys": [{"keyData": key}]}}),
            );
        }
        // set_up_service_principal_profile
        if !self.managed_identity_on() {
            props.insert(
                "servicePrincipalProfile".into(),
                json!({"clientId": self.service_principal, "secret": self.client_secret}),
            );
        }
        props.insert("networkProfile".into(), self.network_profile());
        props.insert("addonProfiles".into(), json!({}));
        // set_up_aad_profile: admin group ids and tenant are out of scope (None, not sent).
        if self.enable_aad {
            props.insert(
                "aadProfile".into(),
                json!({"managed": true, "enableAzureRBAC": self.enable_azure_rbac}),
            );
        }
        if self.enable_oidc_issuer {
            props.insert("oidcIssuerProfile".into(), json!({"enabled": true}));
        }
        // set_up_api_server_access_profile sets fqdn_subdomain last.
        if let Some(sub) = given(&self.fqdn_subdomain) {
            props.insert("fqdnSubdomain".into(), json!(sub));
        }
        // set_up_identity (a top-level key)
        if self.managed_identity_on() {
            let identity = match given(&self.assign_identity) {
                None => json!({"type": "SystemAssigned"}),
                Some(id) => {
                    let mut uai = Map::new();
                    uai.insert(id.to_owned(), json!({}));
                    json!({"type": "UserAssigned", "userAssignedIdentities": uai})
                }
            };
            top.insert("identity".into(), identity);
        }
        // set_up_identity_profile (--assign-kubelet-identity) needs an MSI lookup: the caller
        // adds it afterwards with [`Self::insert_kubelet_identity`].
        top.insert("sku".into(), self.sku());
        // set_up_workload_identity_profile
        if self.enable_workload_identity {
            props.insert(
                "securityProfile".into(),
                json!({"workloadIdentity": {"enabled": true}}),
            );
        }
        props.insert("storageProfile".into(), json!({}));
        props.insert(
            "bootstrapProfile".into(),
            json!({"artifactSource": self.bootstrap_artifact_source}),
        );

        // Reassemble so that `properties` keeps its place right after `location`.
        let mut body = Map::new();
        let mut top_iter = top.into_iter();
        if let Some((k, v)) = top_iter.next() {
            body.insert(k, v);
        }
        body.insert("properties".into(), Value::Object(props));
        body.extend(top_iter);
        Value::Object(body)
    }

    /// Adds `properties.identityProfile.kubeletidentity` for `--assign-kubelet-identity` once the
    /// caller has looked the identity up (az's `set_up_identity_profile`: `resourceId`, then the
    /// identity's `clientId` and `principalId` as `objectId`). It lands where az sets it: after
    /// `fqdnSubdomain`, before `securityProfile`/`storageProfile`.
    pub fn insert_kubelet_identity(
        body: &mut Value,
        resource_id: &str,
        client_id: &str,
        object_id: &str,
    ) {
        let Some(Value::Object(props)) = body.get_mut("properties") else {
            return;
        };
        let profile = json!({"kubeletidentity": {"resourceId": resource_id,
                                                  "clientId": client_id,
                                                  "objectId": object_id}});
        let old = std::mem::take(props);
        let mut inserted = false;
        for (k, v) in old {
            if !inserted && (k == "securityProfile" || k == "storageProfile") {
                props.insert("identityProfile".into(), profile.clone());
                inserted = true;
            }
            props.insert(k, v);
        }
        if !inserted {
            props.insert("identityProfile".into(), profile);
        }
    }

    /// `construct_agentpool_profile_default`, in its setting order.
    fn agent_pool(&self, k8s: &str) -> Value {
        let vm_set_type = self.vm_set_type().unwrap_or(VMSS);
        let vm_size = given(&self.node_vm_size).unwrap_or("");
        let mut p = Map::new();
        p.insert("name".into(), json!(self.nodepool_name));
        // set_up_snapshot_properties
        p.insert("orchestratorVersion".into(), json!(k8s));
        p.insert("vmSize".into(), json!(vm_size));
        p.insert("osType".into(), json!("Linux"));
        if let Some(sku) = given(&self.os_sku) {
            p.insert("osSKU".into(), json!(sku));
        }
        // set_up_node_network_properties
        p.insert("enableNodePublicIP".into(), json!(false));
        // set_up_auto_scaler_properties
        p.insert("count".into(), json!(self.node_count));
        p.insert(
            "enableAutoScaling".into(),
            json!(self.enable_cluster_autoscaler),
        );
        if self.enable_cluster_autoscaler {
            if let Some(min) = self.min_count {
                p.insert("minCount".into(), json!(min));
            }
            if let Some(max) = self.max_count {
                p.insert("maxCount".into(), json!(max));
            }
        }
        // set_up_priority_properties / set_up_label_tag_taint
        p.insert("scaleSetPriority".into(), json!("Regular"));
        p.insert("nodeTaints".into(), json!([]));
        // set_up_osdisk_properties: 0 means "server default" and is not sent.
        if let Some(size) = self.node_osdisk_size.filter(|s| *s != 0) {
            p.insert("osDiskSizeGB".into(), json!(size));
        }
        p.insert("upgradeSettings".into(), json!({}));
        // set_up_vm_properties
        p.insert("type".into(), json!(vm_set_type));
        p.insert("enableEncryptionAtHost".into(), json!(false));
        p.insert("enableUltraSSD".into(), json!(false));
        p.insert("enableFIPS".into(), json!(false));
        if let Some(zones) = &self.zones {
            p.insert("availabilityZones".into(), json!(zones));
        }
        if let Some(max_pods) = self.max_pods.filter(|m| *m != 0) {
            p.insert("maxPods".into(), json!(max_pods));
        }
        p.insert("mode".into(), json!("System"));
        // set_up_virtual_machines_profile: VirtualMachines pools carry their scale in a profile
        // and drop the VMSS-only fields (UNVERIFIED: az's default VMs size when -s is absent).
        if vm_set_type == VIRTUAL_MACHINES {
            let scale = if self.enable_cluster_autoscaler {
                json!({"autoscale": [{"size": vm_size, "minCount": self.min_count,
                                       "maxCount": self.max_count}]})
            } else {
                json!({"manual": [{"size": vm_size, "count": self.node_count}]})
            };
            p.insert("virtualMachinesProfile".into(), json!({ "scale": scale }));
            p.shift_remove("vmSize");
            p.shift_remove("count");
            p.insert("enableAutoScaling".into(), json!(false));
            p.shift_remove("minCount");
            p.shift_remove("maxCount");
        }
        Value::Object(p)
    }

    /// `set_up_network_profile`: the two-key default, or the full profile once any network flag
    /// is given; a basic load balancer gets neither outbound type nor profile.
    fn network_profile(&self) -> Value {
        let lb_sku = given(&self.load_balancer_sku)
            .map(str::to_ascii_lowercase)
            .unwrap_or_else(|| "standard".to_owned());
        let outbound = given(&self.outbound_type).unwrap_or("loadBalancer");
        let plugin = given(&self.network_plugin);
        let fields = [
            ("networkPlugin", plugin),
            ("networkPluginMode", given(&self.network_plugin_mode)),
            ("podCidr", given(&self.pod_cidr)),
            ("serviceCidr", given(&self.service_cidr)),
            ("dnsServiceIP", given(&self.dns_service_ip)),
        ];
        let mut np = Map::new();
        if fields.iter().any(|(_, v)| v.is_some()) {
            for (key, value) in fields {
                if let Some(v) = value {
                    np.insert(key.into(), json!(v));
                }
            }
            np.insert("loadBalancerSku".into(), json!(lb_sku));
            np.insert("outboundType".into(), json!(outbound));
        } else if lb_sku == "basic" {
            np.insert("loadBalancerSku".into(), json!(lb_sku));
        } else {
            np.insert("loadBalancerSku".into(), json!(lb_sku));
            np.insert("outboundType".into(), json!(outbound));
        }
        Value::Object(np)
    }

    /// `set_up_sku`: name `Base`/`Automatic`, tier capitalised, `Free` when nothing set it.
    fn sku(&self) -> Value {
        let automatic = given(&self.sku).is_some_and(|s| s.eq_ignore_ascii_case("automatic"));
        let name = if automatic { "Automatic" } else { "Base" };
        let mut tier = automatic.then_some("Standard");
        match given(&self.tier).map(str::to_ascii_lowercase).as_deref() {
            Some("standard") => tier = Some("Standard"),
            Some("premium") => tier = Some("Premium"),
            _ => {}
        }
        json!({"name": name, "tier": tier.unwrap_or("Free")})
    }
}
