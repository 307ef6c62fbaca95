//! az's global `resourceGroup` injection (output.md §1.2): every object with a truthy string
//! `id` of the form `/subscriptions/S/resourceGroups/RG/providers/...` (at least 9 segments)
//! and no key spelled `resourcegroup` in any case gains `"resourceGroup": "RG"` at the end.
//! The walk skips the value of `sourceVault` keys.

use serde_json::Value;

/// Applies the injection in place, recursively.
pub fn inject_resource_group(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(inject_resource_group),
        Value::Object(map) => {
            let group = map
                .get("id")
                .and_then(Value::as_str)
                .filter(|_| !map.keys().any(|k| k.eq_ignore_ascii_case("resourcegroup")))
                .and_then(group_of);
            if let Some(group) = group {
                map.insert("resourceGroup".to_string(), Value::String(group));
            }
            for (key, child) in map.iter_mut() {
                if key != "sourceVault" {
                    inject_resource_group(child);
                }
            }
        }
        _ => {}
    }
}

fn group_of(id: &str) -> Option<String> {
    let parts: Vec<&str> = id.split('/').collect();
    if parts.len() > 8 && parts[3].eq_ignore_ascii_case("resourcegroups") {
        Some(parts[4].to_string())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn injects_for_resource_ids_only() {
        let mut v = json!({
            "id": "/subscriptions/s/resourcegroups/RG-One/providers/P/t/n",
            "group": {"id": "/subscriptions/s/resourceGroups/rg"},
            "kept": {"id": "/subscriptions/s/resourceGroups/a/providers/P/t/n", "ResourceGroup": "x"},
            "sourceVault": {"id": "/subscriptions/s/resourceGroups/v/providers/P/t/n"},
            "empty": {"id": ""}
        });
        inject_resource_group(&mut v);
        assert_eq!(v["resourceGroup"], "RG-One");
        assert_eq!(
            v.as_object()
                .expect("object")
                .keys()
                .next_back()
                .map(String::as_str),
            Some("resourceGroup")
        );
        assert!(v["group"].get("resourceGroup").is_none());
        assert!(v["kept"].get("resourceGroup").is_none());
        assert!(v["sourceVault"].get("resourceGroup").is_none());
        assert!(v["empty"].get("resourceGroup").is_none());
    }
}
