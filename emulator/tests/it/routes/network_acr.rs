//! Virtual networks, subnets and container registries: the network RP's long-running PUT and
//! DELETE, address-prefix checks worded as the RP words them, subnets living inside their
//! network, registries with global names, the generic resource list az's registry lookup
//! reads, and group delete taking all of them with it.

use super::*;

const NET: &str = "api-version=2025-07-01";
const SUBNET: &str = "api-version=2024-07-01";
const ACR: &str = "api-version=2026-09-01-preview";

fn vnet_path(rg: &str, name: &str) -> String {
    format!(
        "/subscriptions/{{sub}}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{name}"
    )
}

fn registry_path(rg: &str, name: &str) -> String {
    format!(
        "/subscriptions/{{sub}}/resourceGroups/{rg}/providers/Microsoft.ContainerRegistry/registries/{name}"
    )
}

fn vnet_body(prefix: &str, subnets: Value) -> Value {
    json!({"location": "westus2", "properties": {
        "addressSpace": {"addressPrefixes": [prefix]}, "subnets": subnets}})
}

#[test]
fn vnet_put_is_an_lro_with_its_subnets_inside() {
    let mut e = Emu::with(|s| s.lro_polls = 2);
    e.group("net");
    let path = format!("{}?{NET}", vnet_path("net", "VNet1"));
    let r = e.call(
        "PUT",
        &path,
        Some(vnet_body(
            "10.0.0.0/8",
            json!([{"name": "aks", "properties": {"addressPrefix": "10.240.0.0/16"}}]),
        )),
    );
    assert_eq!(r.status, 201);
    let v = r.json();
    assert_eq!(v["properties"]["provisioningState"], "Updating");
    let async_url = r.header("Azure-AsyncOperation").expect("async header");
    assert!(
        async_url.contains("/providers/Microsoft.Network/locations/westus2/operations/"),
        "{async_url}"
    );
    let subnet = &v["properties"]["subnets"][0];
    assert_eq!(
        subnet["id"],
        format!(
            "/subscriptions/{SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/VNet1/subnets/aks"
        )
    );
    assert_eq!(subnet["etag"], v["etag"]);
    assert_eq!(
        subnet["properties"]["privateLinkServiceNetworkPolicies"],
        "Enabled"
    );
    let polls = e.finish(&r);
    assert_eq!(polls.len(), 2);
    assert_eq!(polls[1].json()["status"], "Succeeded");
    let got = e.get(&path.replace("VNet1", "vnet1")).json();
    assert_eq!(got["name"], "VNet1");
    assert_eq!(got["properties"]["provisioningState"], "Succeeded");
    assert_eq!(
        got["properties"]["subnets"][0]["properties"]["provisioningState"],
        "Succeeded"
    );
    // The subnet is addressable on its own and listed with its network.
    let sub_path = format!("{}/subnets/AKS?{SUBNET}", vnet_path("net", "VNet1"));
    assert_eq!(e.get(&sub_path).json()["name"], "aks");
    let list = e.get(&format!("{}/subnets?{SUBNET}", vnet_path("net", "VNet1")));
    assert_eq!(list.json()["value"].as_array().map(Vec::len), Some(1));
    // An update answers 200 and keeps the resource GUID.
    let again = e.call("PUT", &path, Some(vnet_body("10.0.0.0/8", json!([]))));
    assert_eq!(again.status, 200);
    assert_eq!(
        again.json()["properties"]["resourceGuid"],
        got["properties"]["resourceGuid"]
    );
}

#[test]
fn subnet_put_checks_prefixes_against_the_network_and_siblings() {
    let mut e = Emu::new();
    e.group("net");
    let vnet = vnet_path("net", "v");
    let r = e.call(
        "PUT",
        &format!("{vnet}?{NET}"),
        Some(vnet_body(
            "10.0.0.0/16",
            json!([{"name": "a", "properties": {"addressPrefix": "10.0.0.0/24"}}]),
        )),
    );
    assert_eq!(r.status, 201);
    let put = |e: &mut Emu, name: &str, prefix: &str| {
        e.call(
            "PUT",
            &format!("{vnet}/subnets/{name}?{SUBNET}"),
            Some(json!({"name": name, "properties": {"addressPrefix": prefix}})),
        )
    };
    let overlap = put(&mut e, "b", "10.0.0.128/25");
    assert_eq!(overlap.status, 400);
    assert_eq!(err_code(&overlap), "NetcfgSubnetRangesOverlap");
    assert!(
        overlap.json()["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("existing subnet 'a' in virtual network 'v'"))
    );
    let outside = put(&mut e, "b", "10.1.0.0/24");
    assert_eq!(err_code(&outside), "NetcfgSubnetRangeOutsideVnet");
    let host_bits = put(&mut e, "b", "10.0.1.1/24");
    assert_eq!(err_code(&host_bits), "InvalidCIDRNotation");
    let garbage = put(&mut e, "b", "ten/24");
    assert_eq!(err_code(&garbage), "InvalidAddressPrefixFormat");
    // Nothing changed: still one subnet.
    let list = e.get(&format!("{vnet}/subnets?{SUBNET}"));
    assert_eq!(list.json()["value"].as_array().map(Vec::len), Some(1));
    // A good one is added; re-putting the first updates it in place (200).
    assert_eq!(put(&mut e, "b", "10.0.1.0/24").status, 201);
    assert_eq!(put(&mut e, "A", "10.0.0.0/25").status, 200);
    let list = e.get(&format!("{vnet}/subnets?{SUBNET}")).json();
    assert_eq!(list["value"][0]["name"], "a");
    assert_eq!(
        list["value"][0]["properties"]["addressPrefix"],
        "10.0.0.0/25"
    );
    assert_eq!(list["value"].as_array().map(Vec::len), Some(2));
    // Missing subnet, missing network.
    let missing = e.get(&format!("{vnet}/subnets/zz?{SUBNET}"));
    assert_eq!(
        (missing.status, err_code(&missing)),
        (404, "NotFound".into())
    );
    let no_vnet = put(&mut e, "x", "10.0.2.0/24");
    assert_eq!(no_vnet.status, 201);
    let nowhere = e.call(
        "PUT",
        &format!("{}/subnets/x?{SUBNET}", vnet_path("net", "nope")),
        Some(json!({"properties": {"addressPrefix": "10.0.0.0/24"}})),
    );
    assert_eq!(
        (nowhere.status, err_code(&nowhere)),
        (404, "ResourceNotFound".into())
    );
}

#[test]
fn vnet_errors_are_worded_as_arm_words_them() {
    let mut e = Emu::new();
    let no_group = e.call(
        "PUT",
        &format!("{}?{NET}", vnet_path("ghost", "v")),
        Some(vnet_body("10.0.0.0/16", json!([]))),
    );
    assert_eq!(err_code(&no_group), "ResourceGroupNotFound");
    e.group("net");
    let bad_name = e.call(
        "PUT",
        &format!("{}?{NET}", vnet_path("net", "-v")),
        Some(vnet_body("10.0.0.0/16", json!([]))),
    );
    assert_eq!(err_code(&bad_name), "InvalidResourceName");
    let bad_space = e.call(
        "PUT",
        &format!("{}?{NET}", vnet_path("net", "v")),
        Some(vnet_body("10.0.0.0/33", json!([]))),
    );
    assert_eq!(err_code(&bad_space), "InvalidAddressPrefixFormat");
    let outside = e.call(
        "PUT",
        &format!("{}?{NET}", vnet_path("net", "v")),
        Some(vnet_body(
            "10.0.0.0/16",
            json!([{"name": "s", "properties": {"addressPrefix": "192.168.0.0/24"}}]),
        )),
    );
    assert_eq!(err_code(&outside), "NetcfgSubnetRangeOutsideVnet");
    let missing = e.get(&format!("{}?{NET}", vnet_path("net", "v")));
    assert_eq!(
        (missing.status, err_code(&missing)),
        (404, "ResourceNotFound".into())
    );
    let old_api = e.get(&format!("{}?api-version=2015-01-01", vnet_path("net", "v")));
    assert_eq!(err_code(&old_api), "InvalidApiVersionParameter");
    assert_eq!(
        e.call("DELETE", &format!("{}?{NET}", vnet_path("net", "v")), None)
            .status,
        204
    );
}

#[test]
fn vnet_delete_is_202_then_gone_and_group_delete_takes_everything() {
    let mut e = Emu::new();
    e.group("net");
    let path = format!("{}?{NET}", vnet_path("net", "v"));
    let r = e.call("PUT", &path, Some(vnet_body("10.0.0.0/16", json!([]))));
    e.finish(&r);
    let d = e.call("DELETE", &path, None);
    assert_eq!(d.status, 202);
    let location = d.header("Location").expect("Location").to_string();
    assert!(location.contains("/operationResults/"), "{location}");
    e.finish(&d);
    assert_eq!(e.follow(&location).status, 204);
    assert_eq!(e.get(&path).status, 404);

    // Group delete: networks and registries go with the group.
    let r = e.call("PUT", &path, Some(vnet_body("10.0.0.0/16", json!([]))));
    e.finish(&r);
    let acr = format!("{}?{ACR}", registry_path("net", "netacr01"));
    let r = e.call(
        "PUT",
        &acr,
        Some(json!({"location": "westus2", "sku": {"name": "Basic"}})),
    );
    e.finish(&r);
    let g = e.call(
        "DELETE",
        &format!("/subscriptions/{{sub}}/resourcegroups/net?{RES}"),
        None,
    );
    assert_eq!(g.status, 202);
    e.advance(600);
    e.group("net");
    assert_eq!(e.get(&path).status, 404);
    assert_eq!(e.get(&acr).status, 404);
}

#[test]
fn registry_put_get_list_delete_with_global_names() {
    let mut e = Emu::with(|s| s.lro_polls = 1);
    e.group("reg");
    e.group("other");
    let path = format!("{}?{ACR}", registry_path("reg", "MyAcr001"));
    let r = e.call(
        "PUT",
        &path,
        Some(json!({"location": "westus2", "sku": {"name": "Standard"},
            "properties": {"adminUserEnabled": true}})),
    );
    assert_eq!(r.status, 201);
    let v = r.json();
    assert_eq!(v["properties"]["provisioningState"], "Creating");
    assert_eq!(v["properties"]["loginServer"], "myacr001.azurecr.io");
    assert_eq!(v["properties"]["adminUserEnabled"], true);
    assert_eq!(v["sku"], json!({"name": "Standard", "tier": "Standard"}));
    let url = r.header("Azure-AsyncOperation").expect("async").to_string();
    assert!(
        url.contains("/registries/MyAcr001/operationStatuses/registries-"),
        "{url}"
    );
    e.finish(&r);
    assert_eq!(
        e.get(&path).json()["properties"]["provisioningState"],
        "Succeeded"
    );
    // The name is global: another group cannot take it, whatever the casing.
    let taken = e.call(
        "PUT",
        &format!("{}?{ACR}", registry_path("other", "myacr001")),
        Some(json!({"location": "westus2", "sku": {"name": "Basic"}})),
    );
    assert_eq!(
        (taken.status, err_code(&taken)),
        (409, "AlreadyInUse".into())
    );
    let check = |e: &mut Emu, name: &str| {
        e.call(
            "POST",
            &format!(
                "/subscriptions/{{sub}}/providers/Microsoft.ContainerRegistry/checkNameAvailability?{ACR}"
            ),
            Some(json!({"name": name, "type": "Microsoft.ContainerRegistry/registries"})),
        )
        .json()
    };
    assert_eq!(check(&mut e, "myacr001")["reason"], "AlreadyExists");
    assert_eq!(check(&mut e, "freename1")["nameAvailable"], true);
    assert_eq!(check(&mut e, "ab")["nameAvailable"], false);
    for bad in ["ab", "has-dash1", &"a".repeat(51)] {
        let r = e.call(
            "PUT",
            &format!("{}?{ACR}", registry_path("reg", bad)),
            Some(json!({"location": "westus2", "sku": {"name": "Basic"}})),
        );
        assert_eq!(err_code(&r), "InvalidResourceName", "{bad}");
    }
    let bad_sku = e.call(
        "PUT",
        &format!("{}?{ACR}", registry_path("reg", "skutest1")),
        Some(json!({"location": "westus2", "sku": {"name": "Free"}})),
    );
    assert_eq!(err_code(&bad_sku), "InvalidSku");
    // Lists and the generic resource list az's name lookup reads.
    let by_group = e.get(&format!(
        "/subscriptions/{{sub}}/resourceGroups/reg/providers/Microsoft.ContainerRegistry/registries?{ACR}"
    ));
    assert_eq!(by_group.json()["value"].as_array().map(Vec::len), Some(1));
    let resources = e.get(&format!(
        "/subscriptions/{{sub}}/resources?$filter=resourceType%20eq%20%27Microsoft.ContainerRegistry%2Fregistries%27&{RES}"
    ));
    assert_eq!(resources.status, 200);
    assert_eq!(
        resources.json()["value"][0]["id"],
        format!(
            "/subscriptions/{SUB}/resourceGroups/reg/providers/Microsoft.ContainerRegistry/registries/MyAcr001"
        )
    );
    let d = e.call("DELETE", &path, None);
    assert_eq!(d.status, 202);
    e.finish(&d);
    assert_eq!(err_code(&e.get(&path)), "ResourceNotFound");
    assert_eq!(e.call("DELETE", &path, None).status, 204);
}
