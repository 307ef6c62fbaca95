//! What `aks show`/`aks list` print: the flattened cluster (against the walkthrough's stdout),
//! the table transformer, both verbs through the binary in json and table, the missing-cluster
//! error, and the notice az prints when the `aks-preview` extension is installed.

use super::*;

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
    let rows = aks_show::table(&printed).expect("row");
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
    let rows = aks_list::table(&private).expect("rows");
    assert_eq!(rows[0]["fqdn"], "p.privatelink");
    assert_eq!(rows[1]["fqdn"], Value::Null);
    assert_eq!(rows[1]["location"], Value::Null);
}

#[test]
fn show_json_and_table() {
    let az = sandbox_with_group("rg", "westus2");
    az.run(&["aks", "create", "-g", "rg", "-n", "c1", "-k", "v1.31"])
        .ok();
    let shown = az.run(&["aks", "show", "-g", "rg", "-n", "c1"]).ok().json();
    assert_eq!(shown["name"], "c1");
    assert_eq!(shown["resourceGroup"], "rg");
    assert!(shown.get("properties").is_none());
    let puts = cluster_puts(&az);
    assert_eq!(puts[0]["body"]["properties"]["kubernetesVersion"], "1.31");
    let table = az
        .run(&["aks", "show", "-g", "rg", "-n", "c1", "-o", "table"])
        .ok();
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{table:#?}");
    assert!(lines[0].starts_with("Name    Location    ResourceGroup    KubernetesVersion"));
    assert!(
        lines[2].starts_with("c1      westus2     rg "),
        "{table:#?}"
    );
}

#[test]
fn show_missing_exits_3_with_arm_text() {
    let az = sandbox_with_group("rg", "westus2");
    let run = az
        .run(&["aks", "show", "-g", "rg", "-n", "nope"])
        .expect_code(3);
    assert!(
        run.stderr.strip_prefix(super::REGISTERING).is_some_and(|e| e.starts_with(
            "ERROR: (ResourceNotFound) The Resource 'Microsoft.ContainerService/managedClusters/nope' under resource group 'rg' was not found."
        )),
        "{run:#?}"
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn list_json_and_table() {
    let az = sandbox_with_group("rg", "westus2");
    emulator(
        &az,
        "PUT",
        &format!("/subscriptions/{SUB}/resourcegroups/other?api-version=2024-11-01"),
        Some(json!({"location": "eastus"})),
    );
    az.run(&["aks", "create", "-g", "rg", "-n", "a1"]).ok();
    az.run(&["aks", "create", "-g", "other", "-n", "b1"]).ok();

    let all = az.run(&["aks", "list"]).ok().json();
    let names: Vec<&str> = all
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"a1") && names.contains(&"b1"));
    assert!(all[0].get("properties").is_none(), "flattened");

    let in_rg = az.run(&["aks", "list", "-g", "rg"]).ok().json();
    assert_eq!(in_rg.as_array().map(Vec::len), Some(1));
    assert_eq!(in_rg[0]["resourceGroup"], "rg");

    let table = az.run(&["aks", "list", "-g", "rg", "-o", "table"]).ok();
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{table:#?}");
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        header,
        [
            "Name",
            "Location",
            "ResourceGroup",
            "KubernetesVersion",
            "CurrentKubernetesVersion",
            "ProvisioningState",
            "Fqdn"
        ]
    );
    let row: Vec<&str> = lines[2].split_whitespace().collect();
    assert_eq!(&row[..3], ["a1", "westus2", "rg"]);
    assert_eq!(row[5], "Succeeded");

    let empty = az.run(&["aks", "list", "-g", "nothing-here"]);
    assert_eq!(empty.code, 3, "{empty:#?}");
}

#[test]
fn aks_preview_installed_prints_override_notice() {
    let az = sandbox_with_group("rg", "westus2");
    // A wheel extension as az lays it out: <dir>/<name>/{azext_*/, <dist-info>/METADATA}.
    let root = az.config_dir().join("cliextensions/aks-preview");
    std::fs::create_dir_all(root.join("azext_aks_preview")).expect("mkdir");
    let ext = root.join("aks_preview-19.0.0b2.dist-info");
    std::fs::create_dir_all(&ext).expect("mkdir");
    std::fs::write(
        ext.join("METADATA"),
        "Metadata-Version: 2.1\nName: aks-preview\nVersion: 19.0.0b2\n",
    )
    .expect("write");
    let version = az.run(&["version"]).ok().json();
    assert_eq!(
        version["extensions"]["aks-preview"], "19.0.0b2",
        "the fixture is an installed extension"
    );
    let run = az.run(&["version"]).ok();
    assert_eq!(run.stderr, "", "only aks commands carry the notice");
    let run = az.run(&["aks", "list", "-g", "rg"]).ok();
    assert_eq!(
        run.stderr,
        format!(
            "WARNING: The behavior of this command has been altered by the following extension: aks-preview\n{}",
            super::REGISTERING
        )
    );
}
