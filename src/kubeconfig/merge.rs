//! The merge itself, on parsed documents and without I/O: az's `merge_kubernetes_configurations`
//! and `_handle_merge`, step for step, including their quirks (a replaced entry moves to the
//! end; the admin rename follows the user name, not the `--admin` flag).

use serde_json::{Map, Value};

use super::KubeconfigError;

/// The three lists az merges, in its order.
const SECTIONS: [&str; 3] = ["clusters", "users", "contexts"];

/// Applies `--context NAME` and the `-admin` rename to the document from ARM.
pub(crate) fn rename_addition(
    addition: &mut Value,
    context_name: Option<&str>,
) -> Result<(), KubeconfigError> {
    let Value::Object(doc) = addition else {
        return Err(KubeconfigError::BadCredentials(
            "the kubeconfig is not a mapping".into(),
        ));
    };
    if let Some(name) = context_name {
        let context = first_entry(doc, "contexts")?;
        context.insert("name".into(), Value::String(name.into()));
        match context.get_mut("context") {
            Some(Value::Object(inner)) => {
                inner.insert("cluster".into(), Value::String(name.into()));
            }
            _ => {
                return Err(KubeconfigError::BadCredentials(
                    "contexts[0] has no context".into(),
                ));
            }
        }
        first_entry(doc, "clusters")?.insert("name".into(), Value::String(name.into()));
        doc.insert("current-context".into(), Value::String(name.into()));
    }
    // The first context whose user starts with "clusterAdmin" gets "-admin" and becomes current.
    let mut admin_name = None;
    if let Some(Value::Array(contexts)) = doc.get_mut("contexts") {
        for ctx in contexts.iter_mut() {
            let is_admin = ctx
                .get("context")
                .and_then(|c| c.get("user"))
                .and_then(Value::as_str)
                .is_some_and(|u| u.starts_with("clusterAdmin"));
            if !is_admin {
                continue;
            }
            let Some(name) = ctx.get("name").and_then(Value::as_str) else {
                continue;
            };
            let renamed = format!("{name}-admin");
            if let Value::Object(entry) = ctx {
                entry.insert("name".into(), Value::String(renamed.clone()));
            }
            admin_name = Some(renamed);
            break;
        }
    }
    if let Some(name) = admin_name {
        doc.insert("current-context".into(), Value::String(name));
    }
    Ok(())
}

fn first_entry<'a>(
    doc: &'a mut Map<String, Value>,
    key: &str,
) -> Result<&'a mut Map<String, Value>, KubeconfigError> {
    match doc
        .get_mut(key)
        .and_then(|v| v.as_array_mut())
        .and_then(|a| a.first_mut())
    {
        Some(Value::Object(entry)) => Ok(entry),
        _ => Err(KubeconfigError::BadCredentials(format!(
            "the kubeconfig has no {key}[0]"
        ))),
    }
}

/// Merges `addition` into `existing` (which may be null), returning the merged document.
/// `confirm` answers az's "Overwrite? (y/n)" question for a differing entry.
pub(crate) fn merge(
    existing: Value,
    addition: Value,
    overwrite_existing: bool,
    confirm: &mut dyn FnMut(&str) -> bool,
) -> Result<Value, KubeconfigError> {
    if existing.is_null() {
        return Ok(addition);
    }
    let Value::Object(add) = addition else {
        return Err(KubeconfigError::BadCredentials(
            "the kubeconfig is not a mapping".into(),
        ));
    };
    let mut existing = match existing {
        Value::Object(map) => map,
        _ => return Err(KubeconfigError::NoSuchKey("clusters".into())),
    };
    for section in SECTIONS {
        merge_section(&mut existing, &add, section, overwrite_existing, confirm)?;
    }
    let current = add.get("current-context").cloned().ok_or_else(|| {
        KubeconfigError::BadCredentials("the kubeconfig has no current-context".into())
    })?;
    existing.insert("current-context".into(), current);
    Ok(Value::Object(existing))
}

/// A name az would compare: items without a truthy `name` are skipped.
fn entry_name(item: &Value) -> Option<&Value> {
    let name = item.as_object()?.get("name")?;
    crate::py::truthy(name).then_some(name)
}

fn name_text(name: &Value) -> String {
    match name {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn merge_section(
    existing: &mut Map<String, Value>,
    addition: &Map<String, Value>,
    key: &str,
    overwrite_existing: bool,
    confirm: &mut dyn FnMut(&str) -> bool,
) -> Result<(), KubeconfigError> {
    let new_items = match addition.get(key) {
        Some(v) if crate::py::truthy(v) => v,
        _ => return Ok(()),
    };
    let Some(current) = existing.get(key) else {
        return Err(KubeconfigError::NoSuchKey(key.into()));
    };
    if !crate::py::truthy(current) {
        existing.insert(key.into(), new_items.clone());
        return Ok(());
    }
    let (Value::Array(new_items), Some(Value::Array(list))) = (new_items, existing.get_mut(key))
    else {
        return Err(KubeconfigError::NotAList(key.into()));
    };
    for item in new_items {
        // Python iterates the list by index while removing from it, so the entry after a
        // removed one is not looked at; `list.remove` drops the first *equal* entry.
        let mut index = 0;
        while index < list.len() {
            let same_name = match (entry_name(item), entry_name(&list[index])) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            };
            if same_name {
                let identical = *item == list[index];
                let name = entry_name(item).map(name_text).unwrap_or_default();
                let remove = overwrite_existing
                    || identical
                    || confirm(&format!(
                        "A different object named {name} already exists in your kubeconfig file.\nOverwrite?"
                    ));
                if !remove {
                    return Err(KubeconfigError::Conflict {
                        name,
                        section: key.into(),
                    });
                }
                let target = list[index].clone();
                if let Some(pos) = list.iter().position(|v| *v == target) {
                    list.remove(pos);
                }
            }
            index += 1;
        }
        list.push(item.clone());
    }
    Ok(())
}
