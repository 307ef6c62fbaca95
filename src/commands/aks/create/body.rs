//! The exact PUT body of `aks create`, key for key in the order az 2.91 sends it.
//!
//! Key order matters here because az's SDK (azure-mgmt-containerservice 41.6.0, TypeSpec
//! models) serialises a model in the order its attributes were *set*: `acs/managed_cluster_decorator.py`
//! `construct_mc_profile_default` and `acs/agentpool_decorator.py`
//! `construct_agentpool_profile_default` set them step by step, and an attribute set to `None`
//! is never written. The builders below follow those steps one for one; each optional key is
//! inserted at the step that sets it. Resolving the SSH key, the resource group's location and
//! the subscription is the caller's job; this file receives them as plain values.

use serde_json::{Map, Value, json};

use super::options::{AksCreateOptions, VIRTUAL_MACHINES, VMSS, given};

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
        // set_up_vnet_subnet_id
        if let Some(subnet) = given(&self.vnet_subnet_id) {
            p.insert("vnetSubnetID".into(), json!(subnet));
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
