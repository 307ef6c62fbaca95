//! Resource providers and preview features: registration required before AKS, register and
//! unregister advancing on later reads, refusals, unknown namespaces, the paged feature list.

use super::*;

// ---------------------------------------------------------------- providers

#[test]
fn aks_before_registration_is_409_missing_subscription_registration() {
    let mut e = Emu::new();
    e.group("rg");
    let r = e.create_cluster("rg", "c1");
    assert_eq!(r.status, 409);
    let msg = "The subscription is not registered to use namespace 'Microsoft.ContainerService'. See https://aka.ms/rps-not-found for how to register subscriptions.";
    assert_eq!(
        r.json(),
        json!({"error": {"code": "MissingSubscriptionRegistration", "message": msg,
            "details": [{"code": "MissingSubscriptionRegistration", "message": msg, "target": "Microsoft.ContainerService"}]}})
    );
    assert!(e.state.clusters.is_empty());
    let r = e.get(&format!(
        "/subscriptions/{{sub}}/providers/Microsoft.ContainerService/managedClusters?{AKS}"
    ));
    assert_eq!(r.status, 409);
}

#[test]
fn provider_register_and_unregister_advance_on_later_reads() {
    let mut e = Emu::new();
    let path = format!("/subscriptions/{{sub}}/providers/microsoft.containerservice?{RES}");
    let v = e.get(&path).json();
    assert_eq!(v["registrationState"], "NotRegistered");
    assert_eq!(v["namespace"], "Microsoft.ContainerService");
    assert_eq!(
        v["id"],
        format!("/subscriptions/{SUB}/providers/Microsoft.ContainerService")
    );
    let r = e.call(
        "POST",
        &format!("/subscriptions/{{sub}}/providers/Microsoft.ContainerService/register?{RES}"),
        None,
    );
    assert_eq!(r.json()["registrationState"], "Registering");
    assert_eq!(e.get(&path).json()["registrationState"], "Registered");
    let again = e.call(
        "POST",
        &format!("/subscriptions/{{sub}}/providers/Microsoft.ContainerService/register?{RES}"),
        None,
    );
    assert_eq!(again.json()["registrationState"], "Registered");
    let r = e.call(
        "POST",
        &format!("/subscriptions/{{sub}}/providers/Microsoft.ContainerService/unregister?{RES}"),
        None,
    );
    assert_eq!(r.json()["registrationState"], "Unregistering");
    // The list is a read too.
    let list = e
        .get(&format!("/subscriptions/{{sub}}/providers?{RES}"))
        .json();
    let aks = list["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["namespace"] == "Microsoft.ContainerService")
        .cloned()
        .unwrap();
    assert_eq!(aks["registrationState"], "Unregistered");
    e.group("rg");
    assert_eq!(e.create_cluster("rg", "c").status, 409);
}

#[test]
fn registration_can_take_several_reads_and_registering_can_be_refused() {
    let mut e = Emu::with(|s| {
        s.registration_reads = 2;
        s.registering_is_enough = false;
    });
    e.register_aks();
    e.group("rg");
    assert_eq!(e.create_cluster("rg", "c").status, 409);
    let path = format!("/subscriptions/{{sub}}/providers/Microsoft.ContainerService?{RES}");
    assert_eq!(e.get(&path).json()["registrationState"], "Registering");
    assert_eq!(e.get(&path).json()["registrationState"], "Registered");
    assert_eq!(e.create_cluster("rg", "c").status, 201);
}

#[test]
fn unknown_provider_namespace_is_404() {
    let mut e = Emu::new();
    let r = e.call(
        "POST",
        &format!("/subscriptions/{{sub}}/providers/Microsoft.Nope/register?{RES}"),
        None,
    );
    assert_eq!(
        (r.status, err_code(&r).as_str()),
        (404, "InvalidResourceNamespace")
    );
}

// ---------------------------------------------------------------- features

#[test]
fn feature_list_is_paged_and_register_advances_on_read() {
    let mut e = Emu::new();
    let base = "/subscriptions/{sub}/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/MSIPreview";
    let r = e.call("POST", &format!("{base}/register?{FEAT}"), None);
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        json!({"properties": {"state": "Registering"},
               "id": format!("/subscriptions/{SUB}/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/MSIPreview"),
               "type": "Microsoft.Features/providers/features", "name": "Microsoft.ContainerService/MSIPreview"})
    );
    let p1 = e
        .get(&format!(
            "/subscriptions/{{sub}}/providers/Microsoft.Features/features?{FEAT}"
        ))
        .json();
    assert_eq!(p1["value"].as_array().unwrap().len(), 6);
    let msi = p1["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "Microsoft.ContainerService/MSIPreview")
        .cloned()
        .unwrap();
    assert_eq!(msi["properties"]["state"], "Registered");
    let next = p1["nextLink"].as_str().unwrap().to_string();
    assert_eq!(
        next,
        format!(
            "{BASE}/subscriptions/{SUB}/providers/Microsoft.Features/features?{FEAT}&$skiptoken=6"
        )
    );
    let p2 = e.follow(&next).json();
    assert_eq!(p2["value"].as_array().unwrap().len(), 6);
    assert!(p2.get("nextLink").is_none());

    let ns = e.get(&format!("/subscriptions/{{sub}}/providers/Microsoft.Features/providers/microsoft.containerservice/features?{FEAT}")).json();
    assert!(ns["value"].as_array().unwrap().iter().all(|f| {
        f["name"]
            .as_str()
            .unwrap()
            .starts_with("Microsoft.ContainerService/")
    }));

    let r = e.call("POST", &format!("{base}/unregister?{FEAT}"), None);
    assert_eq!(r.json()["properties"]["state"], "Unregistering");
    assert_eq!(
        e.get(&format!("{base}?{FEAT}")).json()["properties"]["state"],
        "Unregistered"
    );
}

#[test]
fn unknown_feature_is_404() {
    let mut e = Emu::new();
    let r = e.get(&format!("/subscriptions/{{sub}}/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/NoSuch?{FEAT}"));
    assert_eq!((r.status, err_code(&r).as_str()), (404, "FeatureNotFound"));
}
