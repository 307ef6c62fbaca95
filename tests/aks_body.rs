//! The pure parts of `aks`: the `aks create` PUT body (against the body az 2.91 sent in the
//! recorded walkthrough), az's validation texts, the flattened cluster az prints (against the
//! walkthrough's stdout), the table transformers and the `aks wait` decisions.

#[path = "support/observed.rs"]
mod observed;

use azrs::commands::aks::{
    AksCreateOptions, AksError, WaitConditions, WaitDecision, WaitObservation, dns_name_prefix,
    flatten_cluster, wait_attempts,
};
use azrs::output::transformers;
use serde_json::{Value, json};

const SUB: &str = "00000000-0000-4000-8000-0000000005ab";

const WALKTHROUGH_KEY: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCdl/asyIphdIY61vnmKayN95a74i+gJE9uPdjcABiKC6lTftUQH1CMrlU/cyLe0eT6L5T6xQ3Xyzc4TNzCEkxTl+uT+VKSkOMQdFomwsv5vcfBpRQO83AYuFCPDBaBs2TXYcuPaD0kQWAZm+2PoEQmxIpc6+AskwiGEdjbp5kpxFUTTsICqQ3bjfrpNFhNQ5M9vz2EyBofKXzdynYWM/7sGL6P1cjwAdXudUM6yZNFyQd170FtwBFmkYV56ftfA3HeLPUiLYGIpiaWlFIFD5JbAm+Fewd2fycrVRWkiPCuzhQq7lkZd/We1EaWeQO/y99Dzi+9bPRfn1gwPbE2NPC3";
const WALKTHROUGH_PUT: &str = r#"{"location": "westus2", "properties": {"agentPoolProfiles": [{"name": "nodepool1", "orchestratorVersion": "", "vmSize": "", "osType": "Linux", "enableNodePublicIP": false, "count": 3, "enableAutoScaling": false, "scaleSetPriority": "Regular", "nodeTaints": [], "upgradeSettings": {}, "type": "VirtualMachineScaleSets", "enableEncryptionAtHost": false, "enableUltraSSD": false, "enableFIPS": false, "mode": "System"}], "kubernetesVersion": "", "dnsPrefix": "MyManagedC-MyResourceGroup-000000", "disableLocalAccounts": false, "enableRBAC": true, "linuxProfile": {"adminUsername": "azureuser", "ssh": {"publicKeys": [{"keyData": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCdl/asyIphdIY61vnmKayN95a74i+gJE9uPdjcABiKC6lTftUQH1CMrlU/cyLe0eT6L5T6xQ3Xyzc4TNzCEkxTl+uT+VKSkOMQdFomwsv5vcfBpRQO83AYuFCPDBaBs2TXYcuPaD0kQWAZm+2PoEQmxIpc6+AskwiGEdjbp5kpxFUTTsICqQ3bjfrpNFhNQ5M9vz2EyBofKXzdynYWM/7sGL6P1cjwAdXudUM6yZNFyQd170FtwBFmkYV56ftfA3HeLPUiLYGIpiaWlFIFD5JbAm+Fewd2fycrVRWkiPCuzhQq7lkZd/We1EaWeQO/y99Dzi+9bPRfn1gwPbE2NPC3"}]}}, "networkProfile": {"loadBalancerSku": "standard", "outboundType": "loadBalancer"}, "addonProfiles": {}, "storageProfile": {}, "bootstrapProfile": {"artifactSource": "Direct"}}, "identity": {"type": "SystemAssigned"}, "sku": {"name": "Base", "tier": "Free"}}"#;
const WALKTHROUGH_FINAL_GET: &str = r#"{"id": "/subscriptions/00000000-0000-4000-8000-0000000005ab/resourcegroups/MyResourceGroup/providers/Microsoft.ContainerService/managedClusters/MyManagedCluster", "location": "westus2", "name": "MyManagedCluster", "type": "Microsoft.ContainerService/ManagedClusters", "kind": "Base", "properties": {"provisioningState": "Succeeded", "powerState": {"code": "Running"}, "kubernetesVersion": "1.32.7", "currentKubernetesVersion": "1.32.7", "dnsPrefix": "MyManagedC-MyResourceGroup-000000", "fqdn": "mymanagedc-myresourcegroup-000000-e82f9fe2.hcp.westus2.azmk8s.io", "azurePortalFQDN": "mymanagedc-myresourcegroup-000000-e82f9fe2.portal.hcp.westus2.azmk8s.io", "servicePrincipalProfile": {"clientId": "msi"}, "nodeResourceGroup": "MC_MyResourceGroup_MyManagedCluster_westus2", "enableRBAC": true, "supportPlan": "KubernetesOfficial", "networkProfile": {"networkPlugin": "azure", "networkPluginMode": "overlay", "networkPolicy": "none", "networkDataplane": "azure", "loadBalancerSku": "standard", "loadBalancerProfile": {"managedOutboundIPs": {"count": 1}, "effectiveOutboundIPs": [{"id": "/subscriptions/00000000-0000-4000-8000-0000000005ab/resourcegroups/MC_MyResourceGroup_MyManagedCluster_westus2/providers/Microsoft.Network/publicIPAddresses/00000000-0000-0000-0000-0000e82f9fe2"}], "backendPoolType": "nodeIPConfiguration"}, "podCidr": "10.244.0.0/16", "serviceCidr": "10.0.0.0/16", "dnsServiceIP": "10.0.0.10", "outboundType": "loadBalancer", "podCidrs": ["10.244.0.0/16"], "serviceCidrs": ["10.0.0.0/16"], "ipFamilies": ["IPv4"]}, "maxAgentPools": 100, "identityProfile": {"kubeletidentity": {"resourceId": "/subscriptions/00000000-0000-4000-8000-0000000005ab/resourcegroups/MC_MyResourceGroup_MyManagedCluster_westus2/providers/Microsoft.ManagedIdentity/userAssignedIdentities/MyManagedCluster-agentpool", "clientId": "b87b60c7-b7e6-537e-b53e-45e04ce047f5", "objectId": "7dc72aa5-6c0d-5964-a782-6eb020df1317"}}, "autoUpgradeProfile": {"nodeOSUpgradeChannel": "NodeImage"}, "disableLocalAccounts": false, "securityProfile": {}, "storageProfile": {"diskCSIDriver": {"enabled": true}, "fileCSIDriver": {"enabled": true}, "snapshotController": {"enabled": true}}, "oidcIssuerProfile": {"enabled": false}, "workloadAutoScalerProfile": {}, "resourceUID": "e82f9fe2e82f9fe2e82f9fe2", "metricsProfile": {"costAnalysis": {"enabled": false}}, "bootstrapProfile": {"artifactSource": "Direct"}, "agentPoolProfiles": [{"name": "nodepool1", "count": 3, "vmSize": "Standard_D8ds_v5", "osDiskSizeGB": 128, "osDiskType": "Ephemeral", "kubeletDiskType": "OS", "maxPods": 250, "type": "VirtualMachineScaleSets", "enableAutoScaling": false, "scaleDownMode": "Delete", "powerState": {"code": "Running"}, "mode": "System", "osType": "Linux", "osSKU": "Ubuntu", "enableFIPS": false, "securityProfile": {"enableVTPM": false, "enableSecureBoot": false}, "nodeImageVersion": "AKSUbuntu-2204gen2containerd-202510.03.0", "upgradeSettings": {"maxSurge": "10%", "maxUnavailable": "0"}, "enableNodePublicIP": false, "scaleSetPriority": "Regular", "nodeTaints": [], "enableEncryptionAtHost": false, "enableUltraSSD": false, "orchestratorVersion": "1.32.7", "currentOrchestratorVersion": "1.32.7", "provisioningState": "Succeeded"}], "linuxProfile": {"adminUsername": "azureuser", "ssh": {"publicKeys": [{"keyData": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCdl/asyIphdIY61vnmKayN95a74i+gJE9uPdjcABiKC6lTftUQH1CMrlU/cyLe0eT6L5T6xQ3Xyzc4TNzCEkxTl+uT+VKSkOMQdFomwsv5vcfBpRQO83AYuFCPDBaBs2TXYcuPaD0kQWAZm+2PoEQmxIpc6+AskwiGEdjbp5kpxFUTTsICqQ3bjfrpNFhNQ5M9vz2EyBofKXzdynYWM/7sGL6P1cjwAdXudUM6yZNFyQd170FtwBFmkYV56ftfA3HeLPUiLYGIpiaWlFIFD5JbAm+Fewd2fycrVRWkiPCuzhQq7lkZd/We1EaWeQO/y99Dzi+9bPRfn1gwPbE2NPC3"}]}}, "addonProfiles": {}}, "identity": {"type": "SystemAssigned", "principalId": "432fba3a-5b4b-53a0-9e1c-4e1e53ba8a3c", "tenantId": "00000000-0000-4000-8000-00000000face"}, "sku": {"name": "Base", "tier": "Free"}, "eTag": "0028739241e8445b"}"#;

fn walkthrough_options() -> AksCreateOptions {
    AksCreateOptions {
        resource_group: "MyResourceGroup".into(),
        name: "MyManagedCluster".into(),
        enable_managed_identity: true,
        ssh_public_key: Some(WALKTHROUGH_KEY.into()),
        ..AksCreateOptions::default()
    }
}

fn parse(s: &str) -> Value {
    serde_json::from_str(s).expect("fixture is JSON")
}

/// Serialised with key order preserved, so equality also checks the order az sent.
fn ordered(v: &Value) -> String {
    serde_json::to_string(v).expect("serialisable")
}

fn body(o: &AksCreateOptions) -> Value {
    o.build_put_body("westus2", SUB)
}

fn props(b: &Value) -> &serde_json::Map<String, Value> {
    b["properties"].as_object().expect("properties object")
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect()
}

fn err_text(r: Result<(), AksError>) -> String {
    r.expect_err("expected an error").to_string()
}

// ---------------------------------------------------------------- default body

#[test]
fn default_body_is_byte_for_byte_what_az_sent() {
    let expected = parse(WALKTHROUGH_PUT);
    let got = body(&walkthrough_options());
    assert_eq!(ordered(&got), ordered(&expected));
}

#[test]
fn body_is_the_same_without_enable_managed_identity() {
    let mut o = walkthrough_options();
    o.enable_managed_identity = false;
    assert_eq!(ordered(&body(&o)), ordered(&parse(WALKTHROUGH_PUT)));
}

#[test]
fn body_without_ssh_key_lacks_only_linux_profile() {
    let mut expected = parse(WALKTHROUGH_PUT);
    expected["properties"]
        .as_object_mut()
        .expect("object")
        .shift_remove("linuxProfile");
    let mut o = walkthrough_options();
    o.ssh_public_key = None;
    assert_eq!(ordered(&body(&o)), ordered(&expected));
}

// ---------------------------------------------------------------- dnsPrefix

#[test]
fn dns_prefix_examples_from_the_spec() {
    assert_eq!(
        dns_name_prefix("MyManagedCluster", "MyResourceGroup", SUB),
        "MyManagedC-MyResourceGroup-000000"
    );
    assert_eq!(
        dns_name_prefix(
            "1st_cluster",
            "rg.prod(eu)",
            "12345678-0000-0000-0000-000000000000"
        ),
        "a1stcluste-rgprodeu-123456"
    );
    // 16-character resource-group cut, case kept, dashes kept.
    assert_eq!(
        dns_name_prefix("k8s-Dev", "a-very-long-resource-group-name", "abcdef99"),
        "k8s-Dev-a-very-long-reso-abcdef"
    );
}

#[test]
fn explicit_dns_prefix_and_fqdn_subdomain_replace_the_generated_prefix() {
    let mut o = walkthrough_options();
    o.dns_name_prefix = Some("mine".into());
    assert_eq!(body(&o)["properties"]["dnsPrefix"], "mine");

    let mut o = walkthrough_options();
    o.fqdn_subdomain = Some("sub1".into());
    let b = body(&o);
    assert!(props(&b).get("dnsPrefix").is_none());
    assert_eq!(b["properties"]["fqdnSubdomain"], "sub1");
    // fqdnSubdomain is set by set_up_api_server_access_profile, after addonProfiles.
    let k = keys(&b["properties"]);
    let pos = |n: &str| k.iter().position(|x| *x == n).expect(n);
    assert!(pos("addonProfiles") < pos("fqdnSubdomain"));
    assert!(pos("fqdnSubdomain") < pos("storageProfile"));
}

// ---------------------------------------------------------------- validators

#[test]
fn bad_cluster_names_get_azs_text() {
    let text = "--name cannot exceed 63 characters and can only contain letters, numbers, \
                underscores (_) or dashes (-).";
    let long_bad = "a".repeat(64);
    for bad in [
        "-lead",
        "trail_",
        "has space",
        "dot.ted",
        "",
        long_bad.as_str(),
    ] {
        let o = AksCreateOptions {
            name: bad.to_owned(),
            ..walkthrough_options()
        };
        assert_eq!(err_text(o.validate()), text, "name {bad:?}");
    }
    let long_good = "b".repeat(63);
    for good in ["a", "A1", "my_cluster-1", long_good.as_str()] {
        let o = AksCreateOptions {
            name: good.to_owned(),
            ..walkthrough_options()
        };
        assert_eq!(o.validate(), Ok(()), "name {good:?}");
    }
}

#[test]
fn kubernetes_version_is_validated_and_v_stripped() {
    let mut o = walkthrough_options();
    o.kubernetes_version = Some("v1.30.4".into());
    assert_eq!(o.validate(), Ok(()));
    let b = body(&o);
    assert_eq!(b["properties"]["kubernetesVersion"], "1.30.4");
    assert_eq!(
        b["properties"]["agentPoolProfiles"][0]["orchestratorVersion"],
        "1.30.4"
    );
    o.kubernetes_version = Some("V1.29".into());
    assert_eq!(o.kubernetes_version(), Ok("1.29".to_owned()));
    for bad in ["1", "latest", "1.2.3.4", "v1.", "1.x"] {
        o.kubernetes_version = Some(bad.into());
        assert_eq!(
            err_text(o.validate()),
            "--kubernetes-version should be the full version number or major.minor version \
             number, such as \"1.7.12\" or \"1.7\"",
            "version {bad:?}"
        );
    }
}

#[test]
fn nodepool_name_rules() {
    let mut o = walkthrough_options();
    o.nodepool_name = "abcdefghijklm".into();
    assert_eq!(
        err_text(o.validate()),
        "--nodepool-name can contain at most 12 characters"
    );
    o.nodepool_name = "pool-1".into();
    assert_eq!(
        err_text(o.validate()),
        "--nodepool-name should contain only alphanumeric characters"
    );
    o.nodepool_name = "sys01".into();
    assert_eq!(o.validate(), Ok(()));
    assert_eq!(
        body(&o)["properties"]["agentPoolProfiles"][0]["name"],
        "sys01"
    );
}

const UAMI: &str = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1";

#[test]
fn assign_identity_must_be_a_resource_id() {
    let mut o = walkthrough_options();
    o.assign_identity = Some("not-an-id".into());
    assert_eq!(
        err_text(o.validate()),
        "--assign-identity is not a valid Azure resource ID."
    );
    o.assign_identity = Some(
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities"
            .into(),
    );
    assert!(o.validate().is_err(), "type without a name is not an id");
    o.assign_identity = Some(UAMI.into());
    assert_eq!(o.validate(), Ok(()));
}

#[test]
fn dns_prefix_and_fqdn_subdomain_are_mutually_exclusive() {
    let mut o = walkthrough_options();
    o.dns_name_prefix = Some("p".into());
    o.fqdn_subdomain = Some("f".into());
    assert!(matches!(o.validate(), Err(AksError::MutuallyExclusive(_))));
}

// ---------------------------------------------------------------- identity matrix

#[test]
fn identity_default_is_system_assigned_without_sp_profile() {
    let b = body(&walkthrough_options());
    assert_eq!(b["identity"], json!({"type": "SystemAssigned"}));
    assert!(props(&b).get("servicePrincipalProfile").is_none());
    assert_eq!(walkthrough_options().identity_check(), Ok(()));
}

#[test]
fn identity_service_principal_with_secret() {
    let o = AksCreateOptions {
        service_principal: Some("app-id".into()),
        client_secret: Some("s3cret".into()),
        enable_managed_identity: false,
        ..walkthrough_options()
    };
    assert_eq!(o.identity_check(), Ok(()));
    let b = body(&o);
    assert!(b.get("identity").is_none());
    assert_eq!(
        b["properties"]["servicePrincipalProfile"],
        json!({"clientId": "app-id", "secret": "s3cret"})
    );
    // Set by set_up_service_principal_profile: after linuxProfile, before networkProfile.
    let k = keys(&b["properties"]);
    let pos = |n: &str| k.iter().position(|x| *x == n).expect(n);
    assert_eq!(pos("servicePrincipalProfile"), pos("linuxProfile") + 1);
    assert_eq!(pos("networkProfile"), pos("servicePrincipalProfile") + 1);
    assert_eq!(keys(&b), ["location", "properties", "sku"]);
}

#[test]
fn identity_half_a_service_principal_is_an_error() {
    let text = "Please provide both --service-principal and --client-secret to use sp as the \
                cluster identity. An sp can be created using the 'az ad sp create-for-rbac' \
                command.";
    let only_sp = AksCreateOptions {
        service_principal: Some("app".into()),
        ..walkthrough_options()
    };
    assert_eq!(err_text(only_sp.identity_check()), text);
    let only_secret = AksCreateOptions {
        client_secret: Some("x".into()),
        ..walkthrough_options()
    };
    assert_eq!(err_text(only_secret.identity_check()), text);
}

#[test]
fn identity_sp_with_enable_managed_identity_is_an_error() {
    let o = AksCreateOptions {
        service_principal: Some("app".into()),
        client_secret: Some("x".into()),
        enable_managed_identity: true,
        ..walkthrough_options()
    };
    assert_eq!(
        err_text(o.identity_check()),
        "Cannot specify --enable-managed-identity and --service-principal/--client-secret at \
         same time"
    );
}

#[test]
fn identity_user_assigned() {
    let o = AksCreateOptions {
        assign_identity: Some(UAMI.into()),
        ..walkthrough_options()
    };
    assert_eq!(o.identity_check(), Ok(()));
    let b = body(&o);
    assert_eq!(
        ordered(&b["identity"]),
        ordered(&json!({"type": "UserAssigned", "userAssignedIdentities": {UAMI: {}}}))
    );
}

#[test]
fn identity_assign_identity_with_sp_is_an_error() {
    let o = AksCreateOptions {
        assign_identity: Some(UAMI.into()),
        service_principal: Some("app".into()),
        client_secret: Some("x".into()),
        enable_managed_identity: false,
        ..walkthrough_options()
    };
    assert_eq!(
        err_text(o.identity_check()),
        "--assign-identity can only be specified when --enable-managed-identity is specified"
    );
}

#[test]
fn identity_kubelet_identity_needs_assign_identity() {
    let o = AksCreateOptions {
        assign_kubelet_identity: Some(UAMI.into()),
        ..walkthrough_options()
    };
    assert_eq!(
        err_text(o.identity_check()),
        "--assign-kubelet-identity can only be specified when --assign-identity is specified"
    );
    let ok = AksCreateOptions {
        assign_identity: Some(UAMI.into()),
        ..o
    };
    assert_eq!(ok.identity_check(), Ok(()));
}

#[test]
fn kubelet_identity_profile_lands_after_fqdn_subdomain() {
    let o = AksCreateOptions {
        assign_identity: Some(UAMI.into()),
        assign_kubelet_identity: Some("/k".into()),
        enable_workload_identity: true,
        enable_oidc_issuer: true,
        ..walkthrough_options()
    };
    let mut b = body(&o);
    AksCreateOptions::insert_kubelet_identity(&mut b, "/k", "cid", "oid");
    assert_eq!(
        ordered(&b["properties"]["identityProfile"]),
        r#"{"kubeletidentity":{"resourceId":"/k","clientId":"cid","objectId":"oid"}}"#
    );
    let k = keys(&b["properties"]);
    let pos = |n: &str| k.iter().position(|x| *x == n).expect(n);
    assert_eq!(pos("identityProfile"), pos("oidcIssuerProfile") + 1);
    assert_eq!(pos("securityProfile"), pos("identityProfile") + 1);
}

// ---------------------------------------------------------------- network

#[test]
fn network_default_has_only_sku_and_outbound_type() {
    let b = body(&walkthrough_options());
    assert_eq!(
        ordered(&b["properties"]["networkProfile"]),
        r#"{"loadBalancerSku":"standard","outboundType":"loadBalancer"}"#
    );
}

#[test]
fn network_flags_build_the_full_profile_in_sdk_kwarg_order() {
    let o = AksCreateOptions {
        network_plugin: Some("azure".into()),
        network_plugin_mode: Some("overlay".into()),
        pod_cidr: Some("192.168.0.0/16".into()),
        service_cidr: Some("10.1.0.0/16".into()),
        dns_service_ip: Some("10.1.0.10".into()),
        ..walkthrough_options()
    };
    assert_eq!(
        ordered(&body(&o)["properties"]["networkProfile"]),
        r#"{"networkPlugin":"azure","networkPluginMode":"overlay","podCidr":"192.168.0.0/16","serviceCidr":"10.1.0.0/16","dnsServiceIP":"10.1.0.10","loadBalancerSku":"standard","outboundType":"loadBalancer"}"#
    );
    let kubenet = AksCreateOptions {
        network_plugin: Some("kubenet".into()),
        outbound_type: Some("userDefinedRouting".into()),
        ..walkthrough_options()
    };
    assert_eq!(
        ordered(&body(&kubenet)["properties"]["networkProfile"]),
        r#"{"networkPlugin":"kubenet","loadBalancerSku":"standard","outboundType":"userDefinedRouting"}"#
    );
}

#[test]
fn network_basic_load_balancer_drops_outbound_type() {
    let o = AksCreateOptions {
        load_balancer_sku: Some("Basic".into()),
        ..walkthrough_options()
    };
    assert_eq!(
        ordered(&body(&o)["properties"]["networkProfile"]),
        r#"{"loadBalancerSku":"basic"}"#
    );
}

// ---------------------------------------------------------------- agent pool

#[test]
fn autoscaler_zones_and_pool_flags_land_where_az_sets_them() {
    let o = AksCreateOptions {
        node_count: 2,
        enable_cluster_autoscaler: true,
        min_count: Some(1),
        max_count: Some(5),
        zones: Some(vec!["1".into(), "2".into(), "3".into()]),
        os_sku: Some("AzureLinux".into()),
        node_osdisk_size: Some(64),
        max_pods: Some(50),
        node_vm_size: Some("Standard_D4s_v5".into()),
        vm_set_type: Some("virtualmachinescalesets".into()),
        ..walkthrough_options()
    };
    assert_eq!(o.validate(), Ok(()));
    assert_eq!(o.decorator_check(), Ok(()));
    let pool = &body(&o)["properties"]["agentPoolProfiles"][0];
    assert_eq!(
        ordered(pool),
        ordered(&json!({
            "name": "nodepool1", "orchestratorVersion": "", "vmSize": "Standard_D4s_v5",
            "osType": "Linux", "osSKU": "AzureLinux", "enableNodePublicIP": false, "count": 2,
            "enableAutoScaling": true, "minCount": 1, "maxCount": 5,
            "scaleSetPriority": "Regular", "nodeTaints": [], "osDiskSizeGB": 64,
            "upgradeSettings": {}, "type": "VirtualMachineScaleSets",
            "enableEncryptionAtHost": false, "enableUltraSSD": false, "enableFIPS": false,
            "availabilityZones": ["1", "2", "3"], "maxPods": 50, "mode": "System"
        }))
    );
}

#[test]
fn autoscaler_validation_texts() {
    let base = AksCreateOptions {
        enable_cluster_autoscaler: true,
        ..walkthrough_options()
    };
    assert_eq!(
        err_text(base.decorator_check()),
        "Please specify both min-count and max-count when --enable-cluster-autoscaler enabled"
    );
    let inverted = AksCreateOptions {
        min_count: Some(5),
        max_count: Some(1),
        ..base.clone()
    };
    assert_eq!(
        err_text(inverted.decorator_check()),
        "Value of min-count should be less than or equal to value of max-count"
    );
    let outside = AksCreateOptions {
        min_count: Some(4),
        max_count: Some(6),
        ..base.clone()
    };
    assert_eq!(
        err_text(outside.decorator_check()),
        "node-count is not in the range of min-count and max-count"
    );
    let zero = AksCreateOptions {
        node_count: 0,
        min_count: Some(0),
        max_count: Some(2),
        ..base
    };
    assert_eq!(
        err_text(zero.decorator_check()),
        "Value of min-count should be greater than or equal to 1 for System node pools"
    );
    let without_flag = AksCreateOptions {
        min_count: Some(1),
        ..walkthrough_options()
    };
    assert_eq!(
        err_text(without_flag.decorator_check()),
        "min-count and max-count are required for --enable-cluster-autoscaler, please use the flag"
    );
}

#[test]
fn zero_os_disk_size_and_max_pods_mean_server_default() {
    let o = AksCreateOptions {
        node_osdisk_size: Some(0),
        max_pods: Some(0),
        ..walkthrough_options()
    };
    assert_eq!(ordered(&body(&o)), ordered(&parse(WALKTHROUGH_PUT)));
}

#[test]
fn vm_set_type_is_normalised_or_rejected() {
    let o = AksCreateOptions {
        vm_set_type: Some("availabilityset".into()),
        ..walkthrough_options()
    };
    assert_eq!(
        body(&o)["properties"]["agentPoolProfiles"][0]["type"],
        "AvailabilitySet"
    );
    let bad = AksCreateOptions {
        vm_set_type: Some("Spot".into()),
        ..walkthrough_options()
    };
    assert!(matches!(bad.validate(), Err(AksError::InvalidArgument(_))));
}

// ---------------------------------------------------------------- sku, tier, tags, rbac

#[test]
fn sku_and_tier_are_capitalised() {
    let sku = |sku: Option<&str>, tier: Option<&str>| {
        let o = AksCreateOptions {
            sku: sku.map(Into::into),
            tier: tier.map(Into::into),
            ..walkthrough_options()
        };
        ordered(&body(&o)["sku"])
    };
    assert_eq!(sku(None, None), r#"{"name":"Base","tier":"Free"}"#);
    assert_eq!(sku(None, Some("free")), r#"{"name":"Base","tier":"Free"}"#);
    assert_eq!(
        sku(None, Some("standard")),
        r#"{"name":"Base","tier":"Standard"}"#
    );
    assert_eq!(
        sku(Some("base"), Some("premium")),
        r#"{"name":"Base","tier":"Premium"}"#
    );
    assert_eq!(
        sku(Some("automatic"), None),
        r#"{"name":"Automatic","tier":"Standard"}"#
    );
    assert_eq!(
        sku(Some("automatic"), Some("premium")),
        r#"{"name":"Automatic","tier":"Premium"}"#
    );
}

#[test]
fn tags_follow_properties_at_the_top_level() {
    let o = AksCreateOptions {
        tags: Some(azrs::py::tags(&[
            "env=dev".into(),
            "team".into(),
            "env=prod".into(),
            "a=b=c".into(),
        ])),
        ..walkthrough_options()
    };
    let b = body(&o);
    assert_eq!(
        keys(&b),
        ["location", "properties", "tags", "identity", "sku"]
    );
    assert_eq!(ordered(&b["tags"]), r#"{"env":"prod","team":"","a":"b=c"}"#);
    let empty = AksCreateOptions {
        tags: Some(azrs::py::tags(&[String::new()])),
        ..walkthrough_options()
    };
    assert_eq!(body(&empty)["tags"], json!({}));
}

#[test]
fn disable_rbac_sends_enable_rbac_false() {
    let o = AksCreateOptions {
        disable_rbac: true,
        ..walkthrough_options()
    };
    assert_eq!(body(&o)["properties"]["enableRBAC"], false);
}

#[test]
fn admin_username_and_bootstrap_source_are_passed_through() {
    let o = AksCreateOptions {
        admin_username: "ops".into(),
        bootstrap_artifact_source: "Cache".into(),
        ..walkthrough_options()
    };
    let b = body(&o);
    assert_eq!(b["properties"]["linuxProfile"]["adminUsername"], "ops");
    assert_eq!(
        b["properties"]["bootstrapProfile"],
        json!({"artifactSource": "Cache"})
    );
}

// ---------------------------------------------------------------- aad, oidc, workload identity

#[test]
fn aad_oidc_and_workload_identity_profiles() {
    let o = AksCreateOptions {
        enable_aad: true,
        enable_azure_rbac: true,
        enable_oidc_issuer: true,
        enable_workload_identity: true,
        ..walkthrough_options()
    };
    assert_eq!(o.decorator_check(), Ok(()));
    let b = body(&o);
    let p = &b["properties"];
    assert_eq!(
        ordered(&p["aadProfile"]),
        r#"{"managed":true,"enableAzureRBAC":true}"#
    );
    assert_eq!(ordered(&p["oidcIssuerProfile"]), r#"{"enabled":true}"#);
    assert_eq!(
        ordered(&p["securityProfile"]),
        r#"{"workloadIdentity":{"enabled":true}}"#
    );
    assert_eq!(
        keys(p),
        [
            "agentPoolProfiles",
            "kubernetesVersion",
            "dnsPrefix",
            "disableLocalAccounts",
            "enableRBAC",
            "linuxProfile",
            "networkProfile",
            "addonProfiles",
            "aadProfile",
            "oidcIssuerProfile",
            "securityProfile",
            "storageProfile",
            "bootstrapProfile"
        ]
    );
    let aad_only = AksCreateOptions {
        enable_aad: true,
        ..walkthrough_options()
    };
    assert_eq!(
        ordered(&body(&aad_only)["properties"]["aadProfile"]),
        r#"{"managed":true,"enableAzureRBAC":false}"#
    );
}

#[test]
fn azure_rbac_needs_aad_and_rbac() {
    let o = AksCreateOptions {
        enable_azure_rbac: true,
        ..walkthrough_options()
    };
    assert!(matches!(
        o.decorator_check(),
        Err(AksError::RequiredArgumentMissing(_))
    ));
    let o = AksCreateOptions {
        enable_aad: true,
        enable_azure_rbac: true,
        disable_rbac: true,
        ..walkthrough_options()
    };
    assert!(matches!(
        o.decorator_check(),
        Err(AksError::MutuallyExclusive(_))
    ));
}

// ---------------------------------------------------------------- flatten

/// output.md §1.2, locally (the output module owns the real one).
fn inject_resource_group(v: &mut Value) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(inject_resource_group),
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if k != "sourceVault" {
                    inject_resource_group(child);
                }
            }
            let has_rg = map.keys().any(|k| k.eq_ignore_ascii_case("resourcegroup"));
            let rg = map
                .get("id")
                .and_then(Value::as_str)
                .filter(|id| !id.is_empty())
                .and_then(|id| {
                    let segs: Vec<&str> = id.split('/').collect();
                    (segs.len() > 8 && segs[3].eq_ignore_ascii_case("resourcegroups"))
                        .then(|| segs[4].to_owned())
                });
            if let (false, Some(rg)) = (has_rg, rg) {
                map.insert("resourceGroup".into(), Value::String(rg));
            }
        }
        _ => {}
    }
}

#[test]
fn flattened_final_get_is_exactly_what_az_printed() {
    let mut printed = flatten_cluster(&parse(WALKTHROUGH_FINAL_GET));
    inject_resource_group(&mut printed);
    let expected = parse(observed::AKS_CREATE_STDOUT);
    // Same keys at every level and same values (json output sorts keys, so order is moot).
    assert_eq!(printed, expected);
    assert_eq!(keys(&printed).len(), keys(&expected).len());
}

#[test]
fn flatten_keeps_unknown_keys_after_known_ones_and_converts_datetimes() {
    let wire = json!({
        "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c",
        "futureTopKey": 1,
        "systemData": {"createdAt": "2024-05-01T10:00:00.1234567Z", "createdBy": "me", "x": true},
        "properties": {
            "provisioningState": "Failed",
            "futureProp": {"a": 1},
            "aadProfile": {"managed": true, "enableAzureRBAC": true},
            "agentPoolProfiles": [{"name": "p", "spotMaxPrice": -1}],
            "addonProfiles": {"azurepolicy": {"enabled": false}}
        }
    });
    let printed = flatten_cluster(&wire);
    let k = keys(&printed);
    assert_eq!(&k[k.len() - 2..], ["futureTopKey", "futureProp"]);
    assert!(printed.get("properties").is_none());
    assert_eq!(
        printed["systemData"]["createdAt"],
        "2024-05-01T10:00:00.123456+00:00"
    );
    assert_eq!(printed["systemData"]["lastModifiedAt"], Value::Null);
    assert_eq!(printed["systemData"]["x"], true);
    assert_eq!(
        ordered(&printed["aadProfile"]),
        r#"{"managed":true,"enableAzureRbac":true,"adminGroupObjectIDs":null,"clientAppId":null,"serverAppId":null,"serverAppSecret":null,"tenantId":null}"#
    );
    assert_eq!(
        ordered(&printed["agentPoolProfiles"][0]["spotMaxPrice"]),
        "-1.0"
    );
    assert_eq!(
        ordered(&printed["addonProfiles"]),
        r#"{"azurepolicy":{"enabled":false,"config":null,"identity":null}}"#
    );
    assert_eq!(printed["linuxProfile"], Value::Null);
    assert_eq!(printed["apiServerAccessProfile"], Value::Null);
}

// ---------------------------------------------------------------- tables

#[test]
fn table_rows_take_fqdn_or_private_fqdn() {
    let mut printed = flatten_cluster(&parse(WALKTHROUGH_FINAL_GET));
    inject_resource_group(&mut printed);
    let rows = transformers::aks_show(&printed).expect("row");
    assert_eq!(
        ordered(&rows),
        ordered(&json!([{
            "name": "MyManagedCluster", "location": "westus2", "resourceGroup": "MyResourceGroup",
            "kubernetesVersion": "1.32.7", "currentKubernetesVersion": "1.32.7",
            "provisioningState": "Succeeded",
            "fqdn": "mymanagedc-myresourcegroup-000000-e82f9fe2.hcp.westus2.azmk8s.io"
        }]))
    );
    let private = json!([{"name": "p", "fqdn": "", "privateFqdn": "p.privatelink"}, {"name": "q"}]);
    let rows = transformers::aks_list(&private).expect("rows");
    assert_eq!(rows[0]["fqdn"], "p.privatelink");
    assert_eq!(rows[1]["fqdn"], Value::Null);
    assert_eq!(rows[1]["location"], Value::Null);
}

// ---------------------------------------------------------------- wait

fn conditions(flags: &str, custom: Option<&str>) -> WaitConditions {
    WaitConditions::new(
        flags.contains('c'),
        flags.contains('u'),
        flags.contains('d'),
        flags.contains('e'),
        custom,
    )
    .expect("valid conditions")
}

#[test]
fn wait_without_a_condition_is_a_usage_error() {
    let err = WaitConditions::new(false, false, false, false, None)
        .err()
        .expect("error");
    assert_eq!(
        err.to_string(),
        "incorrect usage: --created | --updated | --deleted | --exists | --custom JMESPATH"
    );
    assert!(WaitConditions::new(false, false, false, false, Some("[")).is_err());
}

#[test]
fn wait_decisions_follow_az() {
    use WaitDecision::*;
    use WaitObservation::*;
    let creating = json!({"provisioningState": "Creating"});
    let succeeded = json!({"provisioningState": "Succeeded", "powerState": {"code": "Running"},
                           "agentPoolProfiles": [], "maxAgentPools": 0});
    let failed = json!({"provisioningState": "FAILED"});

    let created = conditions("c", None);
    assert_eq!(created.decide(Found(&creating)), KeepWaiting);
    assert_eq!(created.decide(Found(&succeeded)), Done);
    assert_eq!(created.decide(NotFound), KeepWaiting);
    assert_eq!(created.decide(OtherError), Propagate);
    assert_eq!(
        created.decide(Found(&failed)),
        Fail {
            message: "The operation failed".into(),
            exit_code: 1
        }
    );

    let updated = conditions("u", None);
    assert_eq!(updated.decide(Found(&succeeded)), Done);
    assert_eq!(updated.decide(NotFound), Propagate);

    let deleted = conditions("d", None);
    assert_eq!(deleted.decide(Found(&succeeded)), KeepWaiting);
    assert_eq!(deleted.decide(NotFound), Done);

    let exists = conditions("e", None);
    assert_eq!(
        exists.decide(Found(&failed)),
        Done,
        "--exists is met before the state check"
    );
    assert_eq!(exists.decide(NotFound), KeepWaiting);

    let running = conditions("", Some("powerState.code == 'Running'"));
    assert_eq!(running.decide(Found(&succeeded)), Done);
    assert_eq!(running.decide(Found(&creating)), KeepWaiting);
    assert_eq!(running.decide(NotFound), KeepWaiting);
    // Python bool(): an empty list and 0 are false although JMESPath calls 0 truthy.
    assert_eq!(
        conditions("", Some("agentPoolProfiles")).decide(Found(&succeeded)),
        KeepWaiting
    );
    // Regression: numbers reached JMESPath as objects under serde_json's arbitrary_precision.
    assert_eq!(
        conditions("", Some("maxAgentPools")).decide(Found(&succeeded)),
        KeepWaiting
    );
    assert_eq!(
        conditions("", Some("maxAgentPools == `0`")).decide(Found(&succeeded)),
        Done
    );
}

#[test]
fn wait_attempts_match_python_range() {
    assert_eq!(wait_attempts(3600, 30), Some(120));
    assert_eq!(wait_attempts(10, 3), Some(4));
    assert_eq!(wait_attempts(0, 30), Some(0));
    assert_eq!(wait_attempts(10, 0), None);
}
