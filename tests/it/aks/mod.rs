//! `azrs aks …`, by behaviour: one module per verb (`create` split into its pure body, its
//! validators and the binary end to end), plus the kubelet identity flow. The pure tests call
//! `azrs::commands::aks::…` directly; the others run the real binary against a fresh embedded
//! emulator per test (`azrs_test_support::sandbox`), checking stdout, stderr, exit codes and
//! the requests the emulator received. Resource groups are seeded straight into the emulator
//! (the `group` commands are not what is under test here); `Microsoft.ContainerService` is
//! left unregistered so the first AKS request proves azrs's automatic provider registration.
//! The real-az cross-checks of `aks create` live in the differential binary.

mod create;
mod create_body;
mod create_validation;
mod delete;
mod docs_flows;
mod get_credentials;
mod kubelet_identity;
mod kubelogin;
mod nodepool;
mod show_list;
mod update;
mod wait;

use std::time::SystemTime;

use azrs::commands::aks::AksError;
use azrs::commands::aks::create::AksCreateOptions;
use azrs::commands::aks::create::body::dns_name_prefix;
use azrs::commands::aks::flatten::flatten_cluster;
use azrs::commands::aks::{list as aks_list, show as aks_show};
use azrs::commands::wait::{WaitConditions, WaitDecision, WaitObservation, wait_attempts};
use azrs_emulator::core::{Request, arm_token};
use azrs_emulator::front::handle_in_process;
use azrs_emulator::front::inprocess::{IN_PROCESS_OPTIONS, IN_PROCESS_ORIGIN};
use azrs_test_support::observed;
use serde_json::{Value, json};

use crate::common::{Azrs, Run, SUB};

pub(super) const WALKTHROUGH_KEY: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCdl/asyIphdIY61vnmKayN95a74i+gJE9uPdjcABiKC6lTftUQH1CMrlU/cyLe0eT6L5T6xQ3Xyzc4TNzCEkxTl+uT+VKSkOMQdFomwsv5vcfBpRQO83AYuFCPDBaBs2TXYcuPaD0kQWAZm+2PoEQmxIpc6+AskwiGEdjbp5kpxFUTTsICqQ3bjfrpNFhNQ5M9vz2EyBofKXzdynYWM/7sGL6P1cjwAdXudUM6yZNFyQd170FtwBFmkYV56ftfA3HeLPUiLYGIpiaWlFIFD5JbAm+Fewd2fycrVRWkiPCuzhQq7lkZd/We1EaWeQO/y99Dzi+9bPRfn1gwPbE2NPC3";
pub(super) const WALKTHROUGH_PUT: &str = r#"{"location": "westus2", "properties": {"agentPoolProfiles": [{"name": "nodepool1", "orchestratorVersion": "", "vmSize": "", "osType": "Linux", "enableNodePublicIP": false, "count": 3, "enableAutoScaling": false, "scaleSetPriority": "Regular", "nodeTaints": [], "upgradeSettings": {}, "type": "VirtualMachineScaleSets", "enableEncryptionAtHost": false, "enableUltraSSD": false, "enableFIPS": false, "mode": "System"}], "kubernetesVersion": "", "dnsPrefix": "MyManagedC-MyResourceGroup-000000", "disableLocalAccounts": false, "enableRBAC": true, "linuxProfile": {"adminUsername": "azureuser", "ssh": {"publicKeys": [{"keyData": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCdl/asyIphdIY61vnmKayN95a74i+gJE9uPdjcABiKC6lTftUQH1CMrlU/cyLe0eT6L5T6xQ3Xyzc4TNzCEkxTl+uT+VKSkOMQdFomwsv5vcfBpRQO83AYuFCPDBaBs2TXYcuPaD0kQWAZm+2PoEQmxIpc6+AskwiGEdjbp5kpxFUTTsICqQ3bjfrpNFhNQ5M9vz2EyBofKXzdynYWM/7sGL6P1cjwAdXudUM6yZNFyQd170FtwBFmkYV56ftfA3HeLPUiLYGIpiaWlFIFD5JbAm+Fewd2fycrVRWkiPCuzhQq7lkZd/We1EaWeQO/y99Dzi+9bPRfn1gwPbE2NPC3"}]}}, "networkProfile": {"loadBalancerSku": "standard", "outboundType": "loadBalancer"}, "addonProfiles": {}, "storageProfile": {}, "bootstrapProfile": {"artifactSource": "Direct"}}, "identity": {"type": "SystemAssigned"}, "sku": {"name": "Base", "tier": "Free"}}"#;
pub(super) const WALKTHROUGH_FINAL_GET: &str = r#"{"id": "/subscriptions/00000000-0000-4000-8000-0000000005ab/resourcegroups/MyResourceGroup/providers/Microsoft.ContainerService/managedClusters/MyManagedCluster", "location": "westus2", "name": "MyManagedCluster", "type": "Microsoft.ContainerService/ManagedClusters", "kind": "Base", "properties": {"provisioningState": "Succeeded", "powerState": {"code": "Running"}, "kubernetesVersion": "1.32.7", "currentKubernetesVersion": "1.32.7", "dnsPrefix": "MyManagedC-MyResourceGroup-000000", "fqdn": "mymanagedc-myresourcegroup-000000-e82f9fe2.hcp.westus2.azmk8s.io", "azurePortalFQDN": "mymanagedc-myresourcegroup-000000-e82f9fe2.portal.hcp.westus2.azmk8s.io", "servicePrincipalProfile": {"clientId": "msi"}, "nodeResourceGroup": "MC_MyResourceGroup_MyManagedCluster_westus2", "enableRBAC": true, "supportPlan": "KubernetesOfficial", "networkProfile": {"networkPlugin": "azure", "networkPluginMode": "overlay", "networkPolicy": "none", "networkDataplane": "azure", "loadBalancerSku": "standard", "loadBalancerProfile": {"managedOutboundIPs": {"count": 1}, "effectiveOutboundIPs": [{"id": "/subscriptions/00000000-0000-4000-8000-0000000005ab/resourcegroups/MC_MyResourceGroup_MyManagedCluster_westus2/providers/Microsoft.Network/publicIPAddresses/00000000-0000-0000-0000-0000e82f9fe2"}], "backendPoolType": "nodeIPConfiguration"}, "podCidr": "10.244.0.0/16", "serviceCidr": "10.0.0.0/16", "dnsServiceIP": "10.0.0.10", "outboundType": "loadBalancer", "podCidrs": ["10.244.0.0/16"], "serviceCidrs": ["10.0.0.0/16"], "ipFamilies": ["IPv4"]}, "maxAgentPools": 100, "identityProfile": {"kubeletidentity": {"resourceId": "/subscriptions/00000000-0000-4000-8000-0000000005ab/resourcegroups/MC_MyResourceGroup_MyManagedCluster_westus2/providers/Microsoft.ManagedIdentity/userAssignedIdentities/MyManagedCluster-agentpool", "clientId": "b87b60c7-b7e6-537e-b53e-45e04ce047f5", "objectId": "7dc72aa5-6c0d-5964-a782-6eb020df1317"}}, "autoUpgradeProfile": {"nodeOSUpgradeChannel": "NodeImage"}, "disableLocalAccounts": false, "securityProfile": {}, "storageProfile": {"diskCSIDriver": {"enabled": true}, "fileCSIDriver": {"enabled": true}, "snapshotController": {"enabled": true}}, "oidcIssuerProfile": {"enabled": false}, "workloadAutoScalerProfile": {}, "resourceUID": "e82f9fe2e82f9fe2e82f9fe2", "metricsProfile": {"costAnalysis": {"enabled": false}}, "bootstrapProfile": {"artifactSource": "Direct"}, "agentPoolProfiles": [{"name": "nodepool1", "count": 3, "vmSize": "Standard_D8ds_v5", "osDiskSizeGB": 128, "osDiskType": "Ephemeral", "kubeletDiskType": "OS", "maxPods": 250, "type": "VirtualMachineScaleSets", "enableAutoScaling": false, "scaleDownMode": "Delete", "powerState": {"code": "Running"}, "mode": "System", "osType": "Linux", "osSKU": "Ubuntu", "enableFIPS": false, "securityProfile": {"enableVTPM": false, "enableSecureBoot": false}, "nodeImageVersion": "AKSUbuntu-2204gen2containerd-202510.03.0", "upgradeSettings": {"maxSurge": "10%", "maxUnavailable": "0"}, "enableNodePublicIP": false, "scaleSetPriority": "Regular", "nodeTaints": [], "enableEncryptionAtHost": false, "enableUltraSSD": false, "orchestratorVersion": "1.32.7", "currentOrchestratorVersion": "1.32.7", "provisioningState": "Succeeded"}], "linuxProfile": {"adminUsername": "azureuser", "ssh": {"publicKeys": [{"keyData": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCdl/asyIphdIY61vnmKayN95a74i+gJE9uPdjcABiKC6lTftUQH1CMrlU/cyLe0eT6L5T6xQ3Xyzc4TNzCEkxTl+uT+VKSkOMQdFomwsv5vcfBpRQO83AYuFCPDBaBs2TXYcuPaD0kQWAZm+2PoEQmxIpc6+AskwiGEdjbp5kpxFUTTsICqQ3bjfrpNFhNQ5M9vz2EyBofKXzdynYWM/7sGL6P1cjwAdXudUM6yZNFyQd170FtwBFmkYV56ftfA3HeLPUiLYGIpiaWlFIFD5JbAm+Fewd2fycrVRWkiPCuzhQq7lkZd/We1EaWeQO/y99Dzi+9bPRfn1gwPbE2NPC3"}]}}, "addonProfiles": {}}, "identity": {"type": "SystemAssigned", "principalId": "432fba3a-5b4b-53a0-9e1c-4e1e53ba8a3c", "tenantId": "00000000-0000-4000-8000-00000000face"}, "sku": {"name": "Base", "tier": "Free"}, "eTag": "0028739241e8445b"}"#;

pub(super) fn walkthrough_options() -> AksCreateOptions {
    AksCreateOptions {
        resource_group: "MyResourceGroup".into(),
        name: "MyManagedCluster".into(),
        enable_managed_identity: true,
        ssh_public_key: Some(WALKTHROUGH_KEY.into()),
        ..AksCreateOptions::default()
    }
}

pub(super) fn parse(s: &str) -> Value {
    serde_json::from_str(s).expect("fixture is JSON")
}

/// Serialised with key order preserved, so equality also checks the order az sent.
pub(super) fn ordered(v: &Value) -> String {
    serde_json::to_string(v).expect("serialisable")
}

pub(super) fn body(o: &AksCreateOptions) -> Value {
    o.build_put_body("westus2", SUB)
}

pub(super) fn props(b: &Value) -> &serde_json::Map<String, Value> {
    b["properties"].as_object().expect("properties object")
}

pub(super) fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect()
}

pub(super) fn err_text(r: Result<(), AksError>) -> String {
    r.expect_err("expected an error").to_string()
}

/// Sends one authenticated request straight to the sandbox's emulator state; returns its
/// status and JSON body.
pub(super) fn emulator_request(
    az: &Azrs,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let settings = IN_PROCESS_OPTIONS.core_settings(IN_PROCESS_ORIGIN);
    let token = arm_token(&settings, SystemTime::now());
    let mut req = Request::new(method, path).bearer(&token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = handle_in_process(&az.emulator_dir(), &req).expect("emulator request");
    (resp.status, resp.json())
}

/// [`emulator_request`] that must succeed; returns the JSON body.
pub(super) fn emulator(az: &Azrs, method: &str, path: &str, body: Option<Value>) -> Value {
    let (status, value) = emulator_request(az, method, path, body);
    assert!(status < 300, "{method} {path}: {status} {value}");
    value
}

/// What az (and azrs) print on stderr while registering `Microsoft.ContainerService`
/// automatically, which the first AKS request of every sandbox here does.
pub(super) const REGISTERING: &str = "WARNING: Resource provider 'Microsoft.ContainerService' used by this operation is not registered. We are registering for you.\nWARNING: Registration succeeded.\n";

/// A sandbox with resource group `rg` in `location`.
pub(super) fn sandbox_with_group(rg: &str, location: &str) -> Azrs {
    let az = Azrs::new();
    emulator(
        &az,
        "PUT",
        &format!("/subscriptions/{SUB}/resourcegroups/{rg}?api-version=2024-11-01"),
        Some(json!({ "location": location })),
    );
    az
}

/// The requests azrs sent (the seeding requests above carry no `commandname`).
pub(super) fn azrs_requests(az: &Azrs) -> Vec<Value> {
    az.requests()
        .into_iter()
        .filter(|r| r.pointer("/headers/commandname").is_some())
        .collect()
}

pub(super) fn cluster_puts(az: &Azrs) -> Vec<Value> {
    azrs_requests(az)
        .into_iter()
        .filter(|r| {
            r["method"] == "PUT"
                && r["path"]
                    .as_str()
                    .is_some_and(|p| p.contains("/managedClusters/"))
        })
        .collect()
}
