//! Managed identities and authorization: user-assigned identities, role assignments at any
//! scope with az's filters and conflicts, role definitions by name, clusters with a kubelet
//! identity, and group delete taking identities and assignments with it.

use super::*;

// ------------------------------------------- managed identities, role assignments, kubelet

const MSI: &str = "api-version=2024-11-30";
const RA: &str = "api-version=2022-04-01";
const MIO: &str = "f1a07417-d97a-45cb-824c-7a7467783830";

fn uami_path(rg: &str, name: &str) -> String {
    format!(
        "/subscriptions/{{sub}}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}"
    )
}

#[test]
fn user_assigned_identity_put_get_list_delete() {
    let mut e = Emu::new();
    e.group("ids");
    let path = format!("{}?{MSI}", uami_path("ids", "Kube1"));
    let r = e.call(
        "PUT",
        &path,
        Some(json!({"location": "westus2", "tags": {"a": "b"}})),
    );
    assert_eq!(r.status, 201);
    let v = r.json();
    assert_eq!(v["name"], "Kube1");
    assert_eq!(
        v["type"],
        "Microsoft.ManagedIdentity/userAssignedIdentities"
    );
    assert_eq!(v["tags"], json!({"a": "b"}));
    assert_eq!(v["properties"]["tenantId"], TENANT);
    let principal = v["properties"]["principalId"].as_str().expect("principal");
    let client = v["properties"]["clientId"].as_str().expect("client");
    assert_ne!(principal, client);
    // Deterministic from the id; an update keeps them and answers 200.
    let again = e.call(
        "PUT",
        &path.replace("Kube1", "kube1"),
        Some(json!({"location": "westus2"})),
    );
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["name"], "Kube1");
    assert_eq!(again.json()["properties"]["principalId"], principal);
    assert_eq!(e.get(&path).json()["properties"]["clientId"], client);
    let list = e.get(&format!(
        "/subscriptions/{{sub}}/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities?{MSI}"
    ));
    assert_eq!(list.status, 200);
    assert_eq!(list.json()["value"].as_array().map(Vec::len), Some(1));
    let sub_list = e.get(&format!(
        "/subscriptions/{{sub}}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?{MSI}"
    ));
    assert_eq!(sub_list.json()["value"][0]["name"], "Kube1");
    assert_eq!(e.call("DELETE", &path, None).status, 200);
    assert_eq!(e.call("DELETE", &path, None).status, 204);
    let gone = e.get(&path);
    assert_eq!(gone.status, 404);
    assert_eq!(err_code(&gone), "ResourceNotFound");
    assert!(
        gone.json()["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("was not found")),
        "az tests the message for 'was not found'"
    );
}

#[test]
fn user_assigned_identity_errors() {
    let mut e = Emu::new();
    let path = format!("{}?{MSI}", uami_path("nogroup", "k"));
    let r = e.call(
        "PUT",
        &path.replace("/k?", "/kid?"),
        Some(json!({"location": "westus2"})),
    );
    assert_eq!(
        (r.status, err_code(&r)),
        (404, "ResourceGroupNotFound".into())
    );
    e.group("ids");
    let r = e.call(
        "PUT",
        &format!("{}?{MSI}", uami_path("ids", "kid")),
        Some(json!({})),
    );
    assert_eq!((r.status, err_code(&r)), (400, "LocationRequired".into()));
    let r = e.call(
        "PUT",
        &format!("{}?{MSI}", uami_path("ids", "k")),
        Some(json!({"location": "westus2"})),
    );
    assert_eq!(
        (r.status, err_code(&r)),
        (400, "InvalidResourceName".into())
    );
    let r = e.call(
        "PUT",
        &format!("{}?api-version=2019-01-01", uami_path("ids", "kid")),
        Some(json!({"location": "westus2"})),
    );
    assert_eq!(
        (r.status, err_code(&r)),
        (400, "InvalidApiVersionParameter".into())
    );
}

fn role_assignment_body(principal: &str) -> Value {
    json!({"properties": {
        "principalId": principal,
        "principalType": "ServicePrincipal",
        "roleDefinitionId": format!("/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/{MIO}")
    }})
}

#[test]
fn role_assignments_at_any_scope_filter_and_conflict() {
    let mut e = Emu::new();
    e.group("ids");
    let scope = uami_path("ids", "kid").replace("{sub}", SUB).to_lowercase();
    let ra = |name: &str| {
        format!("{scope}/providers/Microsoft.Authorization/roleAssignments/{name}?{RA}")
    };
    let name = "4192caef-d4a8-48b2-a2ca-f4b48e478040";
    let r = e.call(
        "PUT",
        &ra(name),
        Some(role_assignment_body("AAAA-principal")),
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let v = r.json();
    assert_eq!(v["name"], name);
    assert_eq!(v["type"], "Microsoft.Authorization/roleAssignments");
    assert_eq!(v["properties"]["scope"], scope.as_str());
    assert_eq!(v["properties"]["principalType"], "ServicePrincipal");
    assert!(
        v["properties"]["roleDefinitionId"]
            .as_str()
            .is_some_and(|d| d.ends_with(MIO))
    );
    assert_eq!(e.get(&ra(name)).json()["name"], name);

    // Same role, principal and scope under another name: 409 RoleAssignmentExists.
    let dup = e.call(
        "PUT",
        &ra("5192caef-d4a8-48b2-a2ca-f4b48e478040"),
        Some(role_assignment_body("aaaa-PRINCIPAL")),
    );
    assert_eq!(
        (dup.status, err_code(&dup)),
        (409, "RoleAssignmentExists".into())
    );
    let bad = e.call("PUT", &ra("not-a-guid"), Some(role_assignment_body("p")));
    assert_eq!(
        (bad.status, err_code(&bad)),
        (400, "InvalidRoleAssignmentId".into())
    );
    let mut unknown = role_assignment_body("p");
    unknown["properties"]["roleDefinitionId"] = json!(
        "/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-0000-0000-000000000000"
    );
    let bad = e.call(
        "PUT",
        &ra("6192caef-d4a8-48b2-a2ca-f4b48e478040"),
        Some(unknown),
    );
    assert_eq!(
        (bad.status, err_code(&bad)),
        (400, "RoleDefinitionDoesNotExist".into())
    );

    // A group-level assignment for another principal.
    let group_scope = format!("/subscriptions/{SUB}/resourceGroups/ids");
    let r = e.call(
        "PUT",
        &format!("{group_scope}/providers/Microsoft.Authorization/roleAssignments/7192caef-d4a8-48b2-a2ca-f4b48e478040?{RA}"),
        Some(role_assignment_body("bbbb")),
    );
    assert_eq!(r.status, 201);

    let list = |e: &mut Emu, at: &str, filter: &str| -> Vec<String> {
        let r = e.get(&format!(
            "{at}/providers/Microsoft.Authorization/roleAssignments?{RA}&$filter={}",
            url::form_urlencoded::byte_serialize(filter.as_bytes()).collect::<String>()
        ));
        assert_eq!(
            r.status,
            200,
            "{filter}: {}",
            String::from_utf8_lossy(&r.body)
        );
        r.json()["value"]
            .as_array()
            .expect("value")
            .iter()
            .map(|a| {
                a["properties"]["principalId"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect()
    };
    // az's filter: at or above the scope, for one principal (case-insensitive).
    assert_eq!(
        list(&mut e, &scope, "atScope() and assignedTo('aaaa-principal')"),
        ["AAAA-principal"]
    );
    assert_eq!(list(&mut e, &scope, "atScope()").len(), 2);
    assert_eq!(list(&mut e, &scope, "assignedTo('bbbb')"), ["bbbb"]);
    // From the group: atScope() leaves out the identity-level one; principalId eq sees below.
    assert_eq!(list(&mut e, &group_scope, "atScope()"), ["bbbb"]);
    assert_eq!(
        list(&mut e, &group_scope, "principalId eq 'AAAA-principal'"),
        ["AAAA-principal"]
    );
    let r = e.get(&format!(
        "{scope}/providers/Microsoft.Authorization/roleAssignments?{RA}&$filter=nonsense"
    ));
    assert_eq!(r.status, 400);

    assert_eq!(e.call("DELETE", &ra(name), None).status, 200);
    assert_eq!(e.call("DELETE", &ra(name), None).status, 204);
    assert!(list(&mut e, &scope, "atScope() and assignedTo('aaaa-principal')").is_empty());
}

#[test]
fn role_definitions_resolve_managed_identity_operator_by_name() {
    let mut e = Emu::new();
    e.group("ids");
    let scope = uami_path("ids", "kid").replace("{sub}", SUB).to_lowercase();
    let r = e.get(&format!(
        "{scope}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-05-01-preview&$filter=roleName%20eq%20%27Managed%20Identity%20Operator%27"
    ));
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["value"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        v["value"][0]["id"],
        format!("/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/{MIO}")
    );
    assert_eq!(
        v["value"][0]["properties"]["roleName"],
        "Managed Identity Operator"
    );
    let none = e.get(&format!(
        "{scope}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-05-01-preview&$filter=roleName%20eq%20%27Nope%27"
    ));
    assert_eq!(none.json()["value"], json!([]));
    let missing_group = e.get(&format!(
        "/subscriptions/{SUB}/resourceGroups/nope/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-05-01-preview"
    ));
    assert_eq!(missing_group.status, 404);
}

#[test]
fn cluster_with_kubelet_identity_reports_it_and_rejects_a_missing_one() {
    let mut e = Emu::new();
    e.register_aks();
    e.group("ids");
    let kid = e
        .call(
            "PUT",
            &format!("{}?{MSI}", uami_path("ids", "kid")),
            Some(json!({"location": "westus2"})),
        )
        .json();
    let cp = e
        .call(
            "PUT",
            &format!("{}?{MSI}", uami_path("ids", "cp1")),
            Some(json!({"location": "westus2"})),
        )
        .json();
    let kid_id = uami_path("ids", "kid").replace("{sub}", SUB);
    let cp_id = uami_path("ids", "cp1").replace("{sub}", SUB);
    let body = |k: &str| {
        let mut b = cluster_body("kdns");
        b["identity"] =
            json!({"type": "UserAssigned", "userAssignedIdentities": {cp_id.clone(): {}}});
        b["properties"]["identityProfile"] =
            json!({"kubeletidentity": {"resourceId": k, "clientId": "stale", "objectId": "stale"}});
        b
    };
    let missing = e.call(
        "PUT",
        &cluster_path("ids", "k0"),
        Some(body(&kid_id.replace("/kid", "/nope"))),
    );
    assert_eq!(missing.status, 400);
    assert_eq!(err_code(&missing), "InvalidParameter");
    assert_eq!(e.get(&cluster_path("ids", "k0")).status, 404);

    let r = e.call("PUT", &cluster_path("ids", "k1"), Some(body(&kid_id)));
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    e.finish(&r);
    let c = e.get(&cluster_path("ids", "k1")).json();
    assert_eq!(
        c["properties"]["identityProfile"],
        json!({"kubeletidentity": {
            "resourceId": kid_id,
            "clientId": kid["properties"]["clientId"],
            "objectId": kid["properties"]["principalId"],
        }})
    );
    // The control-plane identity reports the identity's own ids.
    assert_eq!(
        c["identity"]["userAssignedIdentities"][&cp_id]["principalId"],
        cp["properties"]["principalId"]
    );
}

#[test]
fn group_delete_takes_identities_and_role_assignments_inside_it() {
    let mut e = Emu::new();
    e.group("ids");
    let path = format!("{}?{MSI}", uami_path("ids", "kid"));
    assert_eq!(
        e.call("PUT", &path, Some(json!({"location": "westus2"})))
            .status,
        201
    );
    let scope = uami_path("ids", "kid").replace("{sub}", SUB).to_lowercase();
    let ra = format!(
        "{scope}/providers/Microsoft.Authorization/roleAssignments/4192caef-d4a8-48b2-a2ca-f4b48e478040?{RA}"
    );
    assert_eq!(
        e.call("PUT", &ra, Some(role_assignment_body("p"))).status,
        201
    );
    let del = e.call(
        "DELETE",
        &format!("/subscriptions/{{sub}}/resourcegroups/ids?{RES}"),
        None,
    );
    assert_eq!(del.status, 202);
    let loc = del.header("Location").expect("Location").to_string();
    for _ in 0..10 {
        e.advance(30);
        if e.follow(&loc).status == 200 {
            break;
        }
    }
    e.group("ids");
    assert_eq!(e.get(&path).status, 404);
    assert_eq!(e.get(&ra).status, 404);
}
