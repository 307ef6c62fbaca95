//! Microsoft Graph on the emulator's origin (`core::graph`): the cloud metadata names it, a
//! token for that audience is needed (an ARM token is refused), and the three lookups az's
//! `role assignment` makes find the test user, the signed-in service principal and the
//! service principal of every user-assigned identity.

use super::*;

const APP: &str = "00000000-0000-4000-8000-0000000a9901";
const TYPES: [&str; 4] = [
    "user",
    "group",
    "servicePrincipal",
    "directoryObjectPartnerReference",
];

fn graph_token(e: &Emu) -> String {
    issue_token(&e.settings, e.now, &format!("{BASE}/"), APP, "oid")
}

fn graph_get(e: &mut Emu, path_and_query: &str) -> Response {
    let t = graph_token(e);
    e.send(Request::new("GET", path_and_query).bearer(&t))
}

fn get_by_ids(e: &mut Emu, ids: &[&str]) -> Response {
    let t = graph_token(e);
    e.send(
        Request::new("POST", "/v1.0/directoryObjects/getByIds")
            .bearer(&t)
            .json(&json!({"ids": ids, "types": TYPES})),
    )
}

fn enc(filter: &str) -> String {
    url::form_urlencoded::byte_serialize(filter.as_bytes()).collect()
}

#[test]
fn metadata_points_graph_at_the_emulator() {
    let mut e = Emu::new();
    let r = e.send(Request::new(
        "GET",
        "/metadata/endpoints?api-version=2022-09-01",
    ));
    assert_eq!(r.json()["microsoftGraphResourceId"], format!("{BASE}/"));
}

#[test]
fn graph_finds_user_service_principal_and_identity_principals() {
    let mut e = Emu::new();
    let upn = e.settings.user.user_principal_name.clone();
    let r = graph_get(
        &mut e,
        &format!(
            "/v1.0/users?$filter={}",
            enc(&format!("userPrincipalName eq '{upn}'"))
        ),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json()["value"][0]["id"],
        e.settings.user.object_id.clone()
    );
    let none = graph_get(
        &mut e,
        &format!("/v1.0/users?$filter={}", enc("userPrincipalName eq 'x@y'")),
    );
    assert_eq!(none.json()["value"], json!([]));

    let sp_filter = |name: &str| {
        format!(
            "/v1.0/servicePrincipals?$filter={}",
            enc(&format!("servicePrincipalNames/any(c:c eq '{name}')"))
        )
    };
    let sp = graph_get(&mut e, &sp_filter(APP));
    let sp = &sp.json()["value"][0];
    assert_eq!(sp["appId"], APP);
    assert_eq!(sp["servicePrincipalNames"][0], APP);
    let sp_id = sp["id"].as_str().expect("id").to_owned();

    // A user-assigned identity has a service principal: object id = principalId.
    e.group("ids");
    let uami = e.call(
        "PUT",
        "/subscriptions/{sub}/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mid?api-version=2025-05-31-preview",
        Some(json!({"location": "westus2"})),
    );
    let props = uami.json()["properties"].clone();
    let client = props["clientId"].as_str().expect("client");
    let principal = props["principalId"].as_str().expect("principal");
    let found = graph_get(&mut e, &sp_filter(client));
    assert_eq!(found.json()["value"][0]["id"], principal);
    assert_eq!(
        found.json()["value"][0]["servicePrincipalType"],
        "ManagedIdentity"
    );

    // getByIds: in the order asked, typed, unknown ids skipped.
    let user = e.settings.user.object_id.clone();
    let r = get_by_ids(
        &mut e,
        &[
            principal,
            "00000000-0000-4000-8000-000000001111",
            &user,
            &sp_id,
        ],
    );
    assert_eq!(r.status, 200);
    let v = r.json()["value"].clone();
    let got: Vec<(&str, &str)> = v
        .as_array()
        .expect("list")
        .iter()
        .map(|o| {
            (
                o["id"].as_str().unwrap_or(""),
                o["@odata.type"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (principal, "#microsoft.graph.servicePrincipal"),
            (user.as_str(), "#microsoft.graph.user"),
            (sp_id.as_str(), "#microsoft.graph.servicePrincipal"),
        ]
    );
    assert_eq!(
        v[1]["userPrincipalName"],
        e.settings.user.user_principal_name
    );
}

#[test]
fn graph_refuses_wrong_tokens_bad_ids_and_filters() {
    let mut e = Emu::new();
    let arm = arm_token(&e.settings, e.now);
    let r = e.send(Request::new("GET", "/v1.0/users").bearer(&arm));
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error"]["code"], "InvalidAuthenticationToken");
    assert_eq!(
        r.json()["error"]["message"],
        "Access token validation failure. Invalid audience."
    );
    let r = e.send(Request::new("GET", "/v1.0/users"));
    assert_eq!(r.status, 401);

    let r = get_by_ids(&mut e, &["not-a-guid"]);
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"]["message"],
        "Invalid object identifier 'not-a-guid'."
    );
    let r = graph_get(
        &mut e,
        &format!("/v1.0/users?$filter={}", enc("startswith(displayName,'x')")),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["code"], "Request_UnsupportedQuery");
    // The display-name filter az's `aks` commands send is answered (no match here).
    let r = graph_get(
        &mut e,
        &format!(
            "/v1.0/servicePrincipals?$filter={}",
            enc("displayName eq 'no such app'")
        ),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["value"], serde_json::json!([]));
    let r = graph_get(&mut e, "/v1.0/groups");
    assert_eq!(r.status, 400);
}
