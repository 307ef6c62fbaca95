//! Cluster credentials (kubeconfigs named as AKS names them, local accounts off, AAD users get
//! kubelogin) and the Kubernetes versions offered per location.

use super::*;

fn kubeconfig_of(r: &Response) -> String {
    let b64 = r.json()["kubeconfigs"][0]["value"]
        .as_str()
        .unwrap()
        .to_string();
    String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap(),
    )
    .unwrap()
}

#[test]
fn credentials_return_a_kubeconfig_named_like_aks() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("MyResourceGroup");
    let c = e.create_cluster("MyResourceGroup", "MyCluster");
    e.finish(&c);
    let fqdn = e.get(&cluster_path("MyResourceGroup", "MyCluster")).json()["properties"]["fqdn"]
        .as_str()
        .unwrap()
        .to_string();
    let path = |verb: &str| {
        format!(
            "/subscriptions/{{sub}}/resourceGroups/myResourceGroup/providers/Microsoft.ContainerService/managedClusters/MyCluster/{verb}?{AKS}"
        )
    };
    let r = e.call("POST", &path("listClusterUserCredential"), None);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["kubeconfigs"][0]["name"], "clusterUser");
    let kc = kubeconfig_of(&r);
    assert!(kc.starts_with(
        "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: RkFLRS1DQQ==\n"
    ));
    assert!(kc.contains(&format!(
        "    server: https://{fqdn}:443\n  name: MyCluster\n"
    )));
    assert!(kc.contains("    user: clusterUser_myResourceGroup_MyCluster\n"));
    assert!(kc.contains("current-context: MyCluster\nkind: Config\npreferences: {}\n"));
    assert!(kc.contains("    client-key-data: RkFLRS1DTElFTlQtS0VZ\n    token: fake-token-"));
    let r = e.call("POST", &path("listClusterAdminCredential"), None);
    assert_eq!(r.json()["kubeconfigs"][0]["name"], "clusterAdmin");
    assert!(kubeconfig_of(&r).contains("- name: clusterAdmin_myResourceGroup_MyCluster\n"));
    let r = e.call("POST", &format!("/subscriptions/{{sub}}/resourceGroups/MyResourceGroup/providers/Microsoft.ContainerService/managedClusters/Nope/listClusterUserCredential?{AKS}"), None);
    assert_eq!((r.status, err_code(&r).as_str()), (404, "ResourceNotFound"));
}

#[test]
fn local_accounts_off_refuses_admin_and_aad_users_get_kubelogin() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("rg");
    let mut b = cluster_body("aad");
    b["properties"]["disableLocalAccounts"] = json!(true);
    b["properties"]["aadProfile"] = json!({"managed": true, "enableAzureRBAC": true});
    let r = e.call("PUT", &cluster_path("rg", "aad"), Some(b));
    assert_eq!(r.status, 201);
    let base = "/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aad";
    let r = e.call(
        "POST",
        &format!("{base}/listClusterAdminCredential?{AKS}"),
        None,
    );
    assert_eq!((r.status, err_code(&r).as_str()), (400, "BadRequest"));
    let r = e.call(
        "POST",
        &format!("{base}/listClusterUserCredential?{AKS}&format=exec"),
        None,
    );
    let kc = kubeconfig_of(&r);
    assert!(kc.contains("      command: kubelogin\n"));
    assert!(kc.contains(&format!("      - {TENANT}\n")));
    assert!(!kc.contains("client-key-data"));
    let r = e.call(
        "POST",
        &format!("{base}/listClusterUserCredential?{AKS}&format=azure"),
        None,
    );
    assert!(kubeconfig_of(&r).contains("      name: azure\n"));
    let r = e.call(
        "POST",
        &format!("{base}/listClusterUserCredential?{AKS}&format=bogus"),
        None,
    );
    assert_eq!(r.status, 400);
}

#[test]
fn kubernetes_versions_per_location() {
    let mut e = Emu::new();
    e.register_aks();
    let v = e
        .get(&format!("/subscriptions/{{sub}}/providers/Microsoft.ContainerService/locations/westus2/kubernetesVersions?{AKS}"))
        .json();
    let values = v["values"].as_array().unwrap();
    let default: Vec<&Value> = values.iter().filter(|x| x["isDefault"] == true).collect();
    assert_eq!(default.len(), 1);
    assert_eq!(default[0]["version"], "1.32");
    assert!(
        default[0]["patchVersions"]["1.32.7"]["upgrades"]
            .as_array()
            .unwrap()
            .contains(&json!("1.33.3"))
    );
    let r = e.get(&format!("/subscriptions/{{sub}}/providers/Microsoft.ContainerService/locations/mars/kubernetesVersions?{AKS}"));
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (400, "LocationNotAvailableForResourceType")
    );
}
