//! `aks create`'s validators, purely: az's texts for bad names, versions and pools, and the
//! identity matrix (system-assigned, service principal, user-assigned, kubelet identity) with
//! the body each valid combination builds and the error each invalid one gets.

use super::*;

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

// ---------------------------------------------------------------- bring-your-own subnet, registry

#[test]
fn vnet_subnet_id_must_be_a_resource_id_and_lands_in_the_pool() {
    let mut o = walkthrough_options();
    o.vnet_subnet_id = Some("notanid".into());
    assert_eq!(
        err_text(o.validate()),
        "--vnet-subnet-id is not a valid Azure resource ID."
    );
    let subnet = format!(
        "/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"
    );
    o.vnet_subnet_id = Some(subnet.clone());
    o.os_sku = Some("Ubuntu".into());
    assert_eq!(o.validate(), Ok(()));
    let b = body(&o);
    let pool = &b["properties"]["agentPoolProfiles"][0];
    assert_eq!(pool["vnetSubnetID"], subnet.as_str());
    // Right after the OS SKU, where az's set_up_vnet_subnet_id puts it.
    let k = keys(pool);
    let at = k.iter().position(|x| *x == "vnetSubnetID").expect("sent");
    assert_eq!(k[at - 1], "osSKU");
    assert_eq!(k[at + 1], "enableNodePublicIP");
    // Regression: the outbound types that need a subnet failed even with one.
    o.outbound_type = Some("userDefinedRouting".into());
    assert_eq!(o.decorator_check(), Ok(()));
    o.vnet_subnet_id = None;
    assert_eq!(
        err_text(o.decorator_check()),
        "--vnet-subnet-id must be specified for userDefinedRouting and it must be pre-configured with a route table with egress rules"
    );
}

#[test]
fn attach_acr_refuses_no_wait_on_a_managed_identity_cluster() {
    let mut o = walkthrough_options();
    o.attach_acr = Some("myregistry".into());
    assert_eq!(o.decorator_check(), Ok(()));
    o.no_wait = true;
    assert_eq!(
        err_text(o.decorator_check()),
        "When --attach-acr and --enable-managed-identity are both specified, --no-wait is not allowed, please wait until the whole operation succeeds."
    );
}

#[test]
fn create_bad_subnet_or_registry_input_sends_no_put() {
    let az = sandbox_with_group("rg", "westus2");
    let run = az
        .run(&[
            "aks",
            "create",
            "-g",
            "rg",
            "-n",
            "c1",
            "--vnet-subnet-id",
            "notanid",
            "--no-ssh-key",
        ])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "ERROR: --vnet-subnet-id is not a valid Azure resource ID.\n"
    );
    let run = az
        .run(&[
            "aks",
            "create",
            "-g",
            "rg",
            "-n",
            "c1",
            "--attach-acr",
            "r1",
            "--no-ssh-key",
            "--no-wait",
        ])
        .expect_code(1);
    assert!(
        run.stderr.strip_prefix(super::REGISTERING).is_some_and(
            |e| e.starts_with("ERROR: When --attach-acr and --enable-managed-identity")
        )
    );
    // The deprecated (hidden) option is accepted with az's warning first.
    let run = az
        .run(&[
            "aks",
            "create",
            "-g",
            "rg",
            "-n",
            "c1",
            "--vnet-subnet-id",
            "bad",
            "--docker-bridge-address",
            "172.17.0.1/16",
            "--no-ssh-key",
        ])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "WARNING: Option '--docker-bridge-address' has been deprecated and will be removed in a future release.\nERROR: --vnet-subnet-id is not a valid Azure resource ID.\n"
    );
    assert!(cluster_puts(&az).is_empty());
}
