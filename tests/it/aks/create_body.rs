//! `aks create`'s PUT body, built purely (no process, no emulator): the default body byte for
//! byte as az 2.91 sent it in the recorded walkthrough, `dnsPrefix` generation, and where each
//! network, agent-pool, sku, tag, RBAC and AAD flag lands. Validation texts are in
//! `create_validation`; the same bodies as sent by the binary are in `create`.

use super::*;

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
