//! `acquirePolicyToken` (az's `--acquire-policy-token`/`--change-reference`) and the
//! api-version azure-mgmt-core registers providers with.

use super::*;

const ACQUIRE: &str = "/subscriptions/{sub}/providers/Microsoft.Authorization/acquirePolicyToken";

fn operation(method: &str, change: Option<&str>) -> Value {
    json!({
        "operation": {
            "uri": format!("{BASE}/subscriptions/{SUB}/resourcegroups/rg1?{RES}"),
            "httpMethod": method,
            "content": {"location": "westus2"}
        },
        "changeReference": change
    })
}

#[test]
fn acquire_answers_a_token_derived_from_the_operation() {
    let mut e = Emu::new();
    let path = format!("{ACQUIRE}?api-version=2025-11-01");
    let r = e.call("POST", &path, Some(operation("PUT", Some("/changes/1"))));
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["result"], "Succeeded");
    assert_eq!(v["results"], json!([]));
    assert_eq!(v["changeReference"], "/changes/1");
    let token = v["token"].as_str().expect("token").to_owned();
    assert!(token.starts_with("PoP ") && token.len() == 68, "{token}");
    assert!(v["tokenId"].as_str().is_some_and(|t| t.len() == 36));
    assert!(v["expiration"].as_str().is_some_and(|t| t.ends_with('Z')));
    // The same operation gets the same token; another method another one.
    let again = e.call("POST", &path, Some(operation("PUT", None))).json();
    assert_eq!(again["token"], token.as_str());
    assert_eq!(again["changeReference"], Value::Null);
    let other = e
        .call("POST", &path, Some(operation("DELETE", None)))
        .json();
    assert_ne!(other["token"], token.as_str());
}

#[test]
fn acquire_refusals() {
    let mut e = Emu::new();
    let r = e.call(
        "POST",
        &format!("{ACQUIRE}?api-version=2024-11-01"),
        Some(operation("PUT", None)),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["code"], "InvalidApiVersionParameter");
    let r = e.call(
        "POST",
        &format!("{ACQUIRE}?api-version=2025-11-01"),
        Some(json!({"changeReference": null})),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["code"], "InvalidRequestContent");
    let r = e.call("GET", &format!("{ACQUIRE}?api-version=2025-11-01"), None);
    assert_eq!(r.status, 405);
    // Only at subscription scope.
    let r = e.call(
        "POST",
        "/subscriptions/{sub}/resourceGroups/rg1/providers/Microsoft.Authorization/acquirePolicyToken?api-version=2025-11-01",
        Some(operation("PUT", None)),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["code"], "InvalidResourceType");
}

#[test]
fn providers_register_with_azure_mgmt_cores_api_version() {
    let mut e = Emu::new();
    let ns = "/subscriptions/{sub}/providers/Microsoft.ContainerService";
    let r = e.call(
        "POST",
        &format!("{ns}/register?api-version=2016-02-01"),
        None,
    );
    assert_eq!(r.status, 200);
    let v = e.get(&format!("{ns}?api-version=2016-02-01")).json();
    assert_eq!(v["registrationState"], "Registered");
}
