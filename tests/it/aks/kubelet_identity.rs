//! `aks create --assign-identity A --assign-kubelet-identity K` through the binary against the
//! embedded emulator. Identities are created by PUTs sent straight into the emulator core,
//! then the emulator's request log shows what azrs sent, in az's order (commands.md §6.5,
//! `managed_cluster_decorator.py` `set_up_identity_profile`, `_roleassignments.py`): existence
//! GET, RG GET, GET K, GET A, list role assignments at K's lowercased scope with
//! `atScope() and assignedTo('<A principal>')`, role definitions by name, PUT of a "Managed
//! Identity Operator" assignment, cluster PUT. The same sequence against the real az 2.91 is
//! the differential binary's `aks_kubelet_identity` trial.

use super::*;

/// (method, path, api-version) of one request.
type Step = (String, String, String);

const MIO: &str = "f1a07417-d97a-45cb-824c-7a7467783830";
const DONE: &str =
    "\rAAD role propagation done[############################################]  100.0000%\n";

fn uami(rg: &str, name: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}"
    )
}

/// identity as the emulator created it.
fn sandbox_with_identities(names: &[&str]) -> (Azrs, Vec<Value>) {
    let az = Azrs::new();
    let (s, _) = emulator_request(
        &az,
        "PUT",
        &format!("/subscriptions/{SUB}/resourcegroups/rg?api-version=2024-11-01"),
        Some(json!({"location": "westus2"})),
    );
    assert_eq!(s, 201);
    // Registered up front, so azrs's automatic registration stays out of the sequences.
    let (s, _) = emulator_request(
        &az,
        "POST",
        &format!(
            "/subscriptions/{SUB}/providers/Microsoft.ContainerService/register?api-version=2024-11-01"
        ),
        None,
    );
    assert_eq!(s, 200);
    let ids = names
        .iter()
        .map(|n| {
            let (s, v) = emulator_request(
                &az,
                "PUT",
                &format!("{}?api-version=2024-11-30", uami("rg", n)),
                Some(json!({"location": "westus2"})),
            );
            assert_eq!(s, 201, "{v}");
            v
        })
        .collect();
    (az, ids)
}

fn create(az: &Azrs, cluster: &str, cp: &str, kubelet: &str) -> Run {
    az.run(&[
        "aks",
        "create",
        "-g",
        "rg",
        "-n",
        cluster,
        "--assign-identity",
        cp,
        "--assign-kubelet-identity",
        kubelet,
        "--no-ssh-key",
    ])
}

/// (method, path, api-version) of every request `azrs aks create` sent.
fn sequence(az: &Azrs) -> Vec<Step> {
    az.requests()
        .into_iter()
        .filter(|r| r.pointer("/headers/commandname").and_then(Value::as_str) == Some("aks create"))
        .map(|r| {
            (
                r["method"].as_str().unwrap_or_default().to_owned(),
                r["path"].as_str().unwrap_or_default().to_owned(),
                r["query"]["api-version"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect()
}

#[test]
fn kubelet_identity_gets_operator_role_and_lands_in_the_cluster() {
    let (az, ids) = sandbox_with_identities(&["cpid", "kubeid"]);
    let (cp, kubelet) = (&ids[0], &ids[1]);
    let cp_principal = cp["properties"]["principalId"].as_str().expect("principal");
    let (a, k) = (uami("rg", "cpid"), uami("rg", "kubeid"));

    let run = create(&az, "c1", &a, &k);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stderr, DONE);

    let scope = k.to_lowercase();
    let cluster = format!(
        "/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1"
    );
    let seq = sequence(&az);
    let shape: Vec<(&str, String, &str)> = seq
        .iter()
        .map(|(m, p, v)| {
            let p = match p.rsplit_once("/roleAssignments/") {
                Some((head, _)) => format!("{head}/roleAssignments/{{guid}}"),
                None => p.clone(),
            };
            (m.as_str(), p, v.as_str())
        })
        .take(8)
        .collect();
    let expected: Vec<(&str, String, &str)> = vec![
        ("GET", cluster.clone(), "2026-06-01"),
        (
            "GET",
            format!("/subscriptions/{SUB}/resourcegroups/rg"),
            "2024-11-01",
        ),
        (
            "GET",
            k.to_lowercase()
                .replace("/resourcegroups/", "/resourceGroups/")
                .replace(
                    "/providers/microsoft.managedidentity/userassignedidentities/",
                    "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/",
                ),
            "2024-11-30",
        ),
        (
            "GET",
            a.to_lowercase()
                .replace("/resourcegroups/", "/resourceGroups/")
                .replace(
                    "/providers/microsoft.managedidentity/userassignedidentities/",
                    "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/",
                ),
            "2024-11-30",
        ),
        (
            "GET",
            format!("{scope}/providers/Microsoft.Authorization/roleAssignments"),
            "2022-04-01",
        ),
        (
            "GET",
            format!("{scope}/providers/Microsoft.Authorization/roleDefinitions"),
            "2022-05-01-preview",
        ),
        (
            "PUT",
            format!("{scope}/providers/Microsoft.Authorization/roleAssignments/{{guid}}"),
            "2022-04-01",
        ),
        ("PUT", cluster.clone(), "2026-06-01"),
    ];
    assert_eq!(shape, expected);

    let reqs = az.requests();
    let list = reqs
        .iter()
        .find(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("/roleAssignments"))
        })
        .expect("role assignment list");
    assert_eq!(
        list["query"]["$filter"],
        format!("atScope() and assignedTo('{cp_principal}')")
    );
    let ra_put = reqs
        .iter()
        .find(|r| {
            r["method"] == "PUT"
                && r["path"]
                    .as_str()
                    .is_some_and(|p| p.contains("/roleAssignments/"))
        })
        .expect("role assignment PUT");
    let body = &ra_put["body"]["properties"];
    assert!(
        body["roleDefinitionId"]
            .as_str()
            .is_some_and(|d| d.ends_with(MIO)),
        "{body}"
    );
    assert_eq!(body["principalId"], cp_principal);
    assert_eq!(body["principalType"], "ServicePrincipal");

    let put = reqs
        .iter()
        .find(|r| r["method"] == "PUT" && r["path"] == cluster.as_str())
        .expect("cluster PUT");
    assert_eq!(
        put["body"]["identity"],
        json!({"type": "UserAssigned", "userAssignedIdentities": {a.clone(): {}}})
    );
    let expected_profile = json!({"kubeletidentity": {
        "resourceId": k,
        "clientId": kubelet["properties"]["clientId"],
        "objectId": kubelet["properties"]["principalId"],
    }});
    assert_eq!(
        put["body"]["properties"]["identityProfile"],
        expected_profile
    );

    // The assignment exists afterwards, at the kubelet identity's scope.
    let (s, listed) = emulator_request(
        &az,
        "GET",
        &format!(
            "{scope}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=principalId%20eq%20'{cp_principal}'"
        ),
        None,
    );
    assert_eq!(s, 200);
    let value = listed["value"].as_array().expect("value");
    assert_eq!(value.len(), 1, "{listed}");
    assert_eq!(value[0]["properties"]["scope"], scope.as_str());

    let printed = run.json();
    assert_eq!(printed["identityProfile"], expected_profile);
    assert_eq!(printed["identity"]["type"], "UserAssigned");
    assert_eq!(
        printed["identity"]["userAssignedIdentities"][&a]["principalId"],
        cp_principal
    );

    // A second cluster: the assignment is found, so no second PUT and no progress line.
    let before = az.requests().len();
    let run = create(&az, "c2", &a, &k);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stderr, "");
    let later = &az.requests()[before..];
    let ra_puts = later
        .iter()
        .filter(|r| {
            r["method"] == "PUT"
                && r["path"]
                    .as_str()
                    .is_some_and(|p| p.contains("/roleAssignments/"))
        })
        .count();
    assert_eq!(ra_puts, 0);
    assert!(later.iter().any(|r| {
        r["method"] == "PUT"
            && r["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("/managedClusters/c2"))
    }));
}

#[test]
fn missing_kubelet_identity_exits_3_without_cluster_put() {
    let (az, _) = sandbox_with_identities(&["cpid"]);
    let run = create(&az, "c1", &uami("rg", "cpid"), &uami("rg", "NoSuchId"));
    assert_eq!(run.code, 3, "{run:#?}");
    assert_eq!(run.stdout, "");
    // az lowercases the id before it splits it.
    assert_eq!(run.stderr, "ERROR: Identity 'nosuchid' not found.\n");
    assert!(!az.requests().iter().any(|r| {
        r["method"] == "PUT"
            && r["path"]
                .as_str()
                .is_some_and(|p| p.contains("/managedClusters/"))
    }));
}

#[test]
fn missing_control_plane_identity_exits_3_before_any_role_request() {
    let (az, _) = sandbox_with_identities(&["kubeid"]);
    let run = create(&az, "c1", &uami("rg", "gone"), &uami("rg", "kubeid"));
    assert_eq!(run.code, 3, "{run:#?}");
    assert_eq!(run.stderr, "ERROR: Identity 'gone' not found.\n");
    assert!(!az.requests().iter().any(|r| {
        r["path"].as_str().is_some_and(|p| {
            p.contains("Microsoft.Authorization")
                || p.contains("/managedClusters/c1") && r["method"] == "PUT"
        })
    }));
}

#[test]
fn kubelet_identity_that_is_not_a_resource_id_fails_before_any_request() {
    let (az, _) = sandbox_with_identities(&["cpid"]);
    let before = az.requests().len();
    let run = create(&az, "c1", &uami("rg", "cpid"), "not-an-id");
    assert_eq!(run.code, 1, "{run:#?}");
    assert_eq!(
        run.stderr,
        "ERROR: --assign-kubelet-identity is not a valid Azure resource ID.\n"
    );
    assert_eq!(az.requests().len(), before);
}
