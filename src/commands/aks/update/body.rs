//! The PUT body of `aks update`, from the cluster az read: az's SDK keeps the response as the
//! model's backing dict, so the body is that GET body in its own key order minus the
//! attributes the SDK marks read-only, with what the update decorator always does applied
//! (storage profile drivers and `sku`), then the identity flags' changes. A key az sets keeps
//! its place; a key the GET lacked is appended. Pure: no I/O.

use serde_json::{Map, Value, json};

/// Read-only attributes of azure-mgmt-containerservice's models (`visibility=["read"]`), as
/// wire paths: `*` is every key of a map, `[]` every element of a list.
const READ_ONLY: &[&[&str]] = &[
    &["id"],
    &["name"],
    &["type"],
    &["systemData"],
    &["eTag"],
    &["identity", "principalId"],
    &["identity", "tenantId"],
    &["identity", "userAssignedIdentities", "*", "principalId"],
    &["identity", "userAssignedIdentities", "*", "clientId"],
    &["properties", "provisioningState"],
    &["properties", "powerState"],
    &["properties", "maxAgentPools"],
    &["properties", "currentKubernetesVersion"],
    &["properties", "fqdn"],
    &["properties", "privateFQDN"],
    &["properties", "azurePortalFQDN"],
    &["properties", "resourceUID"],
    &["properties", "status", "provisioningError"],
    &["properties", "agentPoolProfiles", "[]", "eTag"],
    &[
        "properties",
        "agentPoolProfiles",
        "[]",
        "currentOrchestratorVersion",
    ],
    &["properties", "agentPoolProfiles", "[]", "provisioningState"],
    &[
        "properties",
        "agentPoolProfiles",
        "[]",
        "status",
        "provisioningError",
    ],
    &[
        "properties",
        "agentPoolProfiles",
        "[]",
        "localDNSProfile",
        "state",
    ],
    &[
        "properties",
        "networkProfile",
        "loadBalancerProfile",
        "effectiveOutboundIPs",
    ],
    &[
        "properties",
        "networkProfile",
        "natGatewayProfile",
        "effectiveOutboundIPs",
    ],
    &["properties", "oidcIssuerProfile", "issuerURL"],
    &["properties", "addonProfiles", "*", "identity"],
    &["properties", "ingressProfile", "webAppRouting", "identity"],
    &[
        "properties",
        "privateLinkResources",
        "[]",
        "privateLinkServiceID",
    ],
    &[
        "properties",
        "podIdentityProfile",
        "userAssignedIdentities",
        "[]",
        "provisioningState",
    ],
    &[
        "properties",
        "podIdentityProfile",
        "userAssignedIdentities",
        "[]",
        "provisioningInfo",
    ],
];

/// Removes the value at `path` (with `*` / `[]` fan-out) from `v`.
fn remove_path(v: &mut Value, path: &[&str]) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    match (*first, v) {
        ("*", Value::Object(m)) => m.values_mut().for_each(|c| remove_path(c, rest)),
        ("[]", Value::Array(a)) => a.iter_mut().for_each(|c| remove_path(c, rest)),
        (key, Value::Object(m)) if rest.is_empty() => {
            m.shift_remove(key);
        }
        (key, Value::Object(m)) => {
            if let Some(c) = m.get_mut(key) {
                remove_path(c, rest);
            }
        }
        _ => {}
    }
}

/// Sets `key` of `obj` (in place when present, appended otherwise), as assigning a model
/// attribute does to its backing dict.
fn set(obj: &mut Map<String, Value>, key: &str, value: Value) {
    obj.insert(key.to_owned(), value);
}

/// The object at `key` of `obj`, created (appended, empty) when absent or not an object.
fn object_at<'m>(obj: &'m mut Map<String, Value>, key: &str) -> &'m mut Map<String, Value> {
    let slot = obj.entry(key).or_insert_with(|| json!({}));
    if !slot.is_object() {
        *slot = json!({});
    }
    slot.as_object_mut()
        .expect("the slot was made an object above")
}

/// The PUT body az builds from `cluster` (the GET body) before any flag is applied: read-only
/// attributes dropped; `update_storage_profile` (the CSI drivers and snapshot controller set
/// to None without `--enable/--disable-*` flags, which drops them); `update_sku` (name
/// `Automatic` stays, anything else becomes `Base`; a missing tier becomes `Free`).
pub fn base_put_body(cluster: &Value) -> Value {
    let mut body = cluster.clone();
    for path in READ_ONLY {
        remove_path(&mut body, path);
    }
    let Value::Object(top) = &mut body else {
        return body;
    };
    let props = object_at(top, "properties");
    let storage = object_at(props, "storageProfile");
    for driver in [
        "diskCSIDriver",
        "fileCSIDriver",
        "blobCSIDriver",
        "snapshotController",
    ] {
        storage.shift_remove(driver);
    }
    let sku = object_at(top, "sku");
    let automatic = sku
        .get("name")
        .and_then(Value::as_str)
        .is_some_and(|n| n.eq_ignore_ascii_case("automatic"));
    set(
        sku,
        "name",
        json!(if automatic { "Automatic" } else { "Base" }),
    );
    if sku.get("tier").is_none_or(Value::is_null) {
        set(sku, "tier", json!("Free"));
    }
    body
}

/// `update_identity`'s new identity: `SystemAssigned`, or `UserAssigned` with `id` (an empty
/// object as its value).
pub fn set_identity(body: &mut Value, user_assigned: Option<&str>) {
    let identity = match user_assigned {
        None => json!({"type": "SystemAssigned"}),
        Some(id) => json!({"type": "UserAssigned", "userAssignedIdentities": {id: {}}}),
    };
    if let Value::Object(top) = body {
        set(top, "identity", identity);
    }
}

/// `update_identity_profile`: the kubelet identity becomes `{"resourceId": id}` alone (its
/// client and object ids are the service's to fill in).
pub fn set_kubelet_identity(body: &mut Value, id: &str) {
    if let Value::Object(top) = body {
        let props = object_at(top, "properties");
        set(
            props,
            "identityProfile",
            json!({"kubeletidentity": {"resourceId": id}}),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(v: &Value) -> Vec<&str> {
        v.as_object().unwrap().keys().map(String::as_str).collect()
    }

    #[test]
    fn read_only_attributes_go_and_order_stays() {
        let got = json!({
            "id": "x", "location": "westus2", "name": "c", "type": "t", "kind": "Base",
            "properties": {
                "provisioningState": "Succeeded", "powerState": {"code": "Running"},
                "kubernetesVersion": "1.32.7", "fqdn": "f", "maxAgentPools": 100,
                "networkProfile": {"loadBalancerProfile": {"managedOutboundIPs": {"count": 1},
                    "effectiveOutboundIPs": [{"id": "ip"}], "backendPoolType": "b"}},
                "storageProfile": {"diskCSIDriver": {"enabled": true}, "other": 1},
                "agentPoolProfiles": [{"name": "np", "provisioningState": "Succeeded",
                    "currentOrchestratorVersion": "1.32.7", "orchestratorVersion": "1.32.7"}],
                "identityProfile": {"kubeletidentity": {"resourceId": "k", "clientId": "c", "objectId": "o"}},
            },
            "identity": {"type": "UserAssigned", "principalId": "p", "tenantId": "t",
                "userAssignedIdentities": {"/u": {"principalId": "p", "clientId": "c"}}},
            "sku": {"name": "Base"},
            "eTag": "e",
        });
        let body = base_put_body(&got);
        assert_eq!(
            keys(&body),
            ["location", "kind", "properties", "identity", "sku"]
        );
        assert_eq!(
            body["properties"],
            json!({
                "kubernetesVersion": "1.32.7",
                "networkProfile": {"loadBalancerProfile": {"managedOutboundIPs": {"count": 1}, "backendPoolType": "b"}},
                "storageProfile": {"other": 1},
                "agentPoolProfiles": [{"name": "np", "orchestratorVersion": "1.32.7"}],
                "identityProfile": {"kubeletidentity": {"resourceId": "k", "clientId": "c", "objectId": "o"}},
            })
        );
        assert_eq!(
            body["identity"],
            json!({"type": "UserAssigned", "userAssignedIdentities": {"/u": {}}})
        );
        assert_eq!(body["sku"], json!({"name": "Base", "tier": "Free"}));
    }

    #[test]
    fn missing_profiles_are_appended() {
        let mut body = base_put_body(&json!({"location": "l", "properties": {"dnsPrefix": "d"}}));
        assert_eq!(keys(&body), ["location", "properties", "sku"]);
        assert_eq!(keys(&body["properties"]), ["dnsPrefix", "storageProfile"]);
        set_identity(&mut body, None);
        set_kubelet_identity(&mut body, "/k");
        assert_eq!(keys(&body), ["location", "properties", "sku", "identity"]);
        assert_eq!(body["identity"], json!({"type": "SystemAssigned"}));
        assert_eq!(
            body["properties"]["identityProfile"],
            json!({"kubeletidentity": {"resourceId": "/k"}})
        );
    }

    #[test]
    fn identity_replaced_in_place() {
        let mut body = base_put_body(
            &json!({"location": "l", "identity": {"type": "SystemAssigned", "principalId": "p"}, "sku": {"name": "Automatic", "tier": "Standard"}}),
        );
        set_identity(&mut body, Some("/u/a"));
        assert_eq!(keys(&body), ["location", "identity", "sku", "properties"]);
        assert_eq!(
            body["identity"],
            json!({"type": "UserAssigned", "userAssignedIdentities": {"/u/a": {}}})
        );
        assert_eq!(
            body["sku"],
            json!({"name": "Automatic", "tier": "Standard"})
        );
    }
}
