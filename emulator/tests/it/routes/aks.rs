//! Managed clusters: create as a long-running operation with server-filled fields, update and
//! its immutable fields, input validation, missing clusters, paged lists and delete.

use super::*;

// ---------------------------------------------------------------- managed clusters

#[test]
fn cluster_create_runs_an_lro_and_fills_in_server_fields() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("MyResourceGroup");
    let r = e.create_cluster("MyResourceGroup", "MyCluster");
    assert_eq!(r.status, 201);
    assert_eq!(r.header("Retry-After"), Some("1"));
    let v = r.json();
    assert_eq!(
        v["id"],
        format!(
            "/subscriptions/{SUB}/resourcegroups/MyResourceGroup/providers/Microsoft.ContainerService/managedClusters/MyCluster"
        )
    );
    assert_eq!(v["type"], "Microsoft.ContainerService/ManagedClusters");
    let p = &v["properties"];
    assert_eq!(p["provisioningState"], "Creating");
    assert_eq!(p["agentPoolProfiles"][0]["provisioningState"], "Creating");
    assert_eq!(p["powerState"]["code"], "Running");
    assert_eq!(p["kubernetesVersion"], "1.32.7");
    assert_eq!(p["currentKubernetesVersion"], "1.32.7");
    assert_eq!(
        p["nodeResourceGroup"],
        "MC_MyResourceGroup_MyCluster_westus2"
    );
    assert_eq!(p["servicePrincipalProfile"], json!({"clientId": "msi"}));
    let fqdn = p["fqdn"].as_str().unwrap();
    assert!(
        fqdn.starts_with("mycluster-dns-") && fqdn.ends_with(".hcp.westus2.azmk8s.io"),
        "{fqdn}"
    );
    assert_eq!(
        fqdn.split('.').next().unwrap().len(),
        "mycluster-dns-".len() + 8
    );
    assert!(
        p["azurePortalFQDN"]
            .as_str()
            .unwrap()
            .contains(".portal.hcp.westus2.azmk8s.io")
    );
    assert_eq!(p["resourceUID"].as_str().unwrap().len(), 24);
    assert!(
        p.get("identityProfile").is_none(),
        "kubelet identity only after success"
    );
    assert_eq!(v["identity"]["tenantId"], TENANT);
    assert_eq!(v["identity"]["principalId"].as_str().unwrap().len(), 36);
    assert_eq!(p["agentPoolProfiles"][0]["vmSize"], "Standard_D8ds_v5");
    assert_eq!(
        p["agentPoolProfiles"][0]["upgradeSettings"]["maxSurge"],
        "10%"
    );
    assert_eq!(p["networkProfile"]["networkPlugin"], "azure");
    assert_eq!(p["networkProfile"]["loadBalancerSku"], "standard");

    let path = cluster_path("MyResourceGroup", "MyCluster");
    assert_eq!(
        e.get(&path).json()["properties"]["provisioningState"],
        "Creating"
    );
    let polls = e.finish(&r);
    assert_eq!(polls.len(), 2);
    let first = polls[0].json();
    assert_eq!(first["status"], "InProgress");
    assert!(first.get("endTime").is_none());
    assert_eq!(polls[0].header("Retry-After"), Some("1"));
    let last = polls[1].json();
    assert_eq!(last["status"], "Succeeded");
    assert!(last["endTime"].is_string() && last["startTime"].is_string());
    assert!(polls[1].header("Retry-After").is_none());

    let done = e.get(&path).json();
    let p = &done["properties"];
    assert_eq!(p["provisioningState"], "Succeeded");
    assert_eq!(p["agentPoolProfiles"][0]["provisioningState"], "Succeeded");
    let kubelet = &p["identityProfile"]["kubeletidentity"];
    assert_eq!(
        kubelet["resourceId"],
        format!(
            "/subscriptions/{SUB}/resourcegroups/MC_MyResourceGroup_MyCluster_westus2/providers/Microsoft.ManagedIdentity/userAssignedIdentities/MyCluster-agentpool"
        )
    );
    assert_eq!(kubelet["clientId"].as_str().unwrap().len(), 36);
    assert_ne!(done["eTag"], v["eTag"]);
    // Case-insensitive lookup keeps the first casing.
    let lower = e.get(&cluster_path("myresourcegroup", "mycluster")).json();
    assert_eq!(lower["name"], "MyCluster");
}

#[test]
fn cluster_update_is_200_updating_and_dns_prefix_is_immutable() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("rg");
    let r = e.create_cluster("rg", "c1");
    // A second PUT while the create runs is refused.
    let busy = e.create_cluster("rg", "c1");
    assert_eq!(
        (busy.status, err_code(&busy).as_str()),
        (409, "OperationNotAllowed")
    );
    e.finish(&r);
    let fqdn = e.get(&cluster_path("rg", "c1")).json()["properties"]["fqdn"].clone();
    // az's GET + modify + full PUT sends the server fields back unchanged.
    let mut full = e.get(&cluster_path("rg", "c1")).json();
    full["properties"]["agentPoolProfiles"][0]["count"] = json!(5);
    let u = e.call("PUT", &cluster_path("rg", "c1"), Some(full));
    assert_eq!(u.status, 200);
    let v = u.json();
    assert_eq!(v["properties"]["provisioningState"], "Updating");
    assert_eq!(v["properties"]["agentPoolProfiles"][0]["count"], 5);
    assert_eq!(v["properties"]["fqdn"], fqdn);
    assert!(v["properties"]["identityProfile"].is_object());
    e.finish(&u);
    let mut changed = cluster_body("other-dns");
    changed["location"] = json!("westus2");
    let r = e.call("PUT", &cluster_path("rg", "c1"), Some(changed));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"],
        json!({"code": "PropertyChangeNotAllowed", "message": "Changing property 'dnsPrefix' is not allowed.", "target": "dnsPrefix"})
    );
    let mut moved = cluster_body("c1-dns");
    moved["location"] = json!("eastus");
    let r = e.call("PUT", &cluster_path("rg", "c1"), Some(moved));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (409, "InvalidResourceLocation")
    );
}

#[test]
fn cluster_create_validates_its_input() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("rg");
    let put =
        |e: &mut Emu, name: &str, body: Value| e.call("PUT", &cluster_path("rg", name), Some(body));

    let r = put(&mut e, "-bad", cluster_body("x"));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "InvalidResourceName")
    );
    let r = put(&mut e, "c", cluster_body(""));
    assert_eq!((r.status, err_code(&r).as_str()), (400, "InvalidParameter"));
    assert_eq!(r.json()["error"]["target"], "dnsPrefix");
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("DNS prefix '' is invalid")
    );
    let r = put(&mut e, "c", cluster_body(&"a".repeat(55)));
    assert_eq!(r.json()["error"]["target"], "dnsPrefix");

    let mut b = cluster_body("ok");
    b["properties"]["kubernetesVersion"] = json!("1.20");
    let r = put(&mut e, "c", b);
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "AgentPoolK8sVersionNotSupported")
    );
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Version 1.20 is not supported in this region.")
    );

    let mut b = cluster_body("ok");
    b["location"] = json!("mars");
    let r = put(&mut e, "c", b);
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "LocationNotAvailableForResourceType")
    );

    let mut b = cluster_body("ok");
    b["properties"]["agentPoolProfiles"][0]["mode"] = json!("User");
    let r = put(&mut e, "c", b);
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "MustDefineAtLeastOneSystemPool")
    );

    let mut b = cluster_body("ok");
    b["properties"]["agentPoolProfiles"][0]["name"] = json!("Pool_1");
    let r = put(&mut e, "c", b);
    assert_eq!(r.json()["error"]["target"], "agentPoolProfile.name");

    let r = e.call(
        "PUT",
        &cluster_path("nogroup", "c"),
        Some(cluster_body("ok")),
    );
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (404, "ResourceGroupNotFound")
    );
    assert!(e.state.clusters.is_empty(), "nothing was created");

    let mut b = cluster_body("ok");
    b["properties"]["kubernetesVersion"] = json!("1.33");
    let r = put(&mut e, "c", b);
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["properties"]["kubernetesVersion"], "1.33");
    assert_eq!(r.json()["properties"]["currentKubernetesVersion"], "1.33.3");
}

#[test]
fn cluster_get_missing_is_resource_not_found() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("MyResourceGroup");
    let r = e.get(&cluster_path("MyResourceGroup", "MyManagedCluster"));
    assert_eq!(r.status, 404);
    assert_eq!(r.header("x-ms-failure-cause"), Some("gateway"));
    assert_eq!(
        r.json()["error"]["message"],
        "The Resource 'Microsoft.ContainerService/managedClusters/MyManagedCluster' under resource group 'MyResourceGroup' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"
    );
    assert_eq!(err_code(&r), "ResourceNotFound");
}

#[test]
fn cluster_lists_page_with_a_trailing_empty_page() {
    let mut e = Emu::with(|s| s.page_size = 2);
    e.register_aks();
    e.group("rg1");
    e.group("rg2");
    for (rg, n) in [("rg1", "a"), ("rg1", "b"), ("rg2", "c")] {
        assert_eq!(e.create_cluster(rg, n).status, 201);
    }
    let collect = |e: &mut Emu, path: &str| {
        let mut names = Vec::new();
        let mut pages = 0;
        let mut r = e.get(path);
        loop {
            pages += 1;
            let v = r.json();
            assert_eq!(r.status, 200);
            names.extend(
                v["value"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["name"].as_str().unwrap().to_string()),
            );
            match v["nextLink"].as_str() {
                Some(n) => r = e.follow(n),
                None => return (names, pages),
            }
        }
    };
    let (names, pages) = collect(
        &mut e,
        &format!(
            "/subscriptions/{{sub}}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters?{AKS}"
        ),
    );
    assert_eq!((names, pages), (vec!["a".to_string(), "b".to_string()], 2));
    let (names, pages) = collect(
        &mut e,
        &format!(
            "/subscriptions/{{sub}}/providers/Microsoft.ContainerService/managedClusters?{AKS}"
        ),
    );
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(pages, 3);
    let r = e.get(&format!("/subscriptions/{{sub}}/resourceGroups/none/providers/Microsoft.ContainerService/managedClusters?{AKS}"));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (404, "ResourceGroupNotFound")
    );
}

#[test]
fn cluster_delete_is_202_with_both_headers_then_gone() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("rg");
    let c = e.create_cluster("rg", "c1");
    e.finish(&c);
    let r = e.call("DELETE", &cluster_path("rg", "c1"), None);
    assert_eq!(r.status, 202);
    assert!(r.body.is_empty());
    let status_url = r.header("Azure-AsyncOperation").unwrap().to_string();
    let result_url = r.header("Location").unwrap().to_string();
    assert!(
        status_url.contains("/providers/Microsoft.ContainerService/locations/westus2/operations/")
    );
    assert!(
        result_url
            .contains("/providers/Microsoft.ContainerService/locations/westus2/operationresults/")
    );
    assert_eq!(
        e.get(&cluster_path("rg", "c1")).json()["properties"]["provisioningState"],
        "Deleting"
    );
    let res = e.follow(&result_url);
    assert_eq!(res.status, 202);
    assert!(res.header("Location").is_some());
    let st = e.follow(&status_url);
    assert_eq!(st.json()["status"], "Succeeded");
    assert_eq!(e.follow(&result_url).status, 204);
    assert_eq!(e.get(&cluster_path("rg", "c1")).status, 404);
    assert_eq!(
        e.call("DELETE", &cluster_path("rg", "c1"), None).status,
        204
    );
    let r = e.call("DELETE", &cluster_path("gone", "c1"), None);
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (404, "ResourceGroupNotFound")
    );
}
