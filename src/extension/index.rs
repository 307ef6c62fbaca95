//! The extension index: fetching it the way az does and choosing a version from it.
//!
//! Fetching: a plain GET, up to three attempts half a second apart for connection failures and
//! unparsable bodies; a non-200 answer fails at once. Messages are az's (`Unable to get extension
//! index.` plus the reason on the next line).
//!
//! Choosing (`resolve`) follows az 2.91's `resolve_from_index`: the three-state
//! `--allow-preview` with its two warnings, then the filters in az's order — universal wheels,
//! stable only (unless previews are allowed), the requested version or "newer than installed",
//! compatibility with CLI core 2.91.0 — and finally the newest. Each filter that leaves nothing
//! has az's message. Pure functions over `serde_json::Value`, unit-tested without a network.

use std::time::Duration;

use serde_json::{Map, Value};

use super::version::Version;
use super::wheel::{WheelName, truthy};
use super::{CLI_CORE_VERSION, ExtensionError, IndexError, Notice, http};

/// Attempts az makes to fetch the index.
pub const TRIES: usize = 3;

/// Fetches the index and returns its `extensions` object. A missing `extensions` key gives az's
/// warning and an empty map.
pub async fn fetch(
    client: &http::Client,
    url: &str,
    retry_delay: Duration,
    notices: &mut Vec<Notice>,
) -> Result<Map<String, Value>, ExtensionError> {
    let parsed = http::require_https(url)?;
    let mut attempt = 0;
    let index: Value = loop {
        attempt += 1;
        let failure = match http::get_index(client, &parsed).await {
            Ok(http::IndexResponse::Status(code)) => {
                return Err(IndexError::Status {
                    code,
                    url: url.to_string(),
                }
                .into());
            }
            Ok(http::IndexResponse::Body(body)) => match serde_json::from_slice(&body) {
                Ok(v) => break v,
                Err(e) => IndexError::BadJson(e.to_string()),
            },
            Err(detail) => IndexError::Network(detail),
        };
        tracing::debug!(attempt, %url, error = %failure, "extension index fetch failed");
        if attempt >= TRIES {
            return Err(failure.into());
        }
        tokio::time::sleep(retry_delay).await;
    };
    match index.get("extensions") {
        Some(Value::Object(m)) => Ok(m.clone()),
        _ => {
            notices.push(Notice::Warning(
                "Unable to get extensions from index. Improper index format.".into(),
            ));
            Ok(Map::new())
        }
    }
}

/// What `resolve` chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub download_url: String,
    pub sha256: Option<String>,
}

/// A resolution failure: az's message, without the "Use --debug" tail (the caller adds it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct NoCandidates(pub String);

fn version_of(item: &Value) -> Option<Version> {
    item.pointer("/metadata/version")
        .and_then(Value::as_str)
        .and_then(|v| Version::parse(v).ok())
}

/// az's `is_preview_from_extension_meta`: `azext.isPreview`, `azext.isExperimental`, or an
/// alpha/beta version.
pub fn is_preview_meta(metadata: &Value) -> bool {
    truthy(metadata.get("azext.isPreview"))
        || truthy(metadata.get("azext.isExperimental"))
        || metadata
            .get("version")
            .and_then(Value::as_str)
            .and_then(|v| Version::parse(v).ok())
            .is_some_and(|v| v.is_alpha_or_beta())
}

fn is_preview_item(item: &Value) -> bool {
    item.get("metadata").is_some_and(is_preview_meta)
}

fn is_universal(item: &Value) -> bool {
    item.get("filename")
        .and_then(Value::as_str)
        .and_then(WheelName::parse)
        .is_some_and(|w| w.is_universal())
}

/// The newest item (the first one among equals, as Python's `max`).
fn newest<'a>(items: &[&'a Value]) -> Option<&'a Value> {
    let mut best: Option<(&Value, Option<Version>)> = None;
    for item in items {
        let v = version_of(item);
        let better = match &best {
            None => true,
            Some((_, bv)) => v > *bv,
        };
        if better {
            best = Some((item, v));
        }
    }
    best.map(|(i, _)| i)
}

/// az's `ext_compat_with_cli`: `min <= 2.91.0 <= max`, a missing bound being unbounded.
pub fn compatible_with_cli(metadata: &Value) -> bool {
    compatibility_message(metadata).is_none()
}

/// az's `check_version_compatibility` message for incompatible metadata, or `None` when it is
/// compatible. An unparsable bound counts as not satisfied.
pub fn compatibility_message(metadata: &Value) -> Option<String> {
    let core = Version::parse(CLI_CORE_VERSION).expect("the core version constant is valid");
    let bound = |key: &str| {
        metadata
            .get(key)
            .filter(|v| truthy(Some(v)))
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
    };
    let min = bound("azext.minCliCoreVersion");
    let max = bound("azext.maxCliCoreVersion");
    let below_min = min
        .as_deref()
        .is_some_and(|m| Version::parse(m).map_or(true, |m| core < m));
    let above_max = !below_min
        && max
            .as_deref()
            .is_some_and(|m| Version::parse(m).map_or(true, |m| core > m));
    if !below_min && !above_max {
        return None;
    }
    let text = |key: &str| {
        metadata.get(key).map_or("None".to_string(), |v| {
            v.as_str().map_or_else(|| v.to_string(), str::to_string)
        })
    };
    let (name, version) = (text("name"), text("version"));
    let mut lines = vec![format!(
        "The '{name}' extension version {version} is not compatible with your current CLI core version {CLI_CORE_VERSION}."
    )];
    match (&min, &max) {
        (Some(min), Some(max)) => {
            lines.push(format!(
                "This extension requires a min of {min} and max of {max} CLI core."
            ));
            lines.push("Please run 'az upgrade' to upgrade to a compatible version.".into());
        }
        (Some(min), None) => {
            lines.push(format!("This extension requires a min of {min} CLI core."));
            lines.push("Please run 'az upgrade' to upgrade to a compatible version.".into());
        }
        (None, Some(max)) => {
            lines.push(format!("This extension requires a max of {max} CLI core."));
            lines.push(format!(
                "Please run 'az extension update -n {name}' to update the extension."
            ));
        }
        (None, None) => {}
    }
    Some(lines.join("\n"))
}

/// Chooses the entry to install for `name`, as az's `resolve_from_index`.
///
/// * `cur_version`: the installed version (update); only newer entries qualify.
/// * `target_version`: an exact version string (`add --version`).
/// * `allow_preview`: `None` when the flag was not given (az then decides and warns).
pub fn resolve(
    extensions: &Map<String, Value>,
    name: &str,
    cur_version: Option<&str>,
    target_version: Option<&str>,
    allow_preview: Option<bool>,
    notices: &mut Vec<Notice>,
) -> Result<Chosen, NoCandidates> {
    let mut candidates: Vec<&Value> = extensions
        .get(name)
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    if candidates.is_empty() {
        return Err(NoCandidates(format!(
            "No extension found with name '{name}'"
        )));
    }

    let allow_preview = match allow_preview {
        Some(b) => b,
        None => {
            let (preview, stable): (Vec<&Value>, Vec<&Value>) =
                candidates.iter().partition(|i| is_preview_item(i));
            if stable.is_empty() {
                notices.push(Notice::Warning(format!(
                    "No stable version of '{name}' to install. Preview versions allowed."
                )));
                true
            } else {
                if let (Some(p), Some(s)) = (newest(&preview), newest(&stable))
                    && version_of(p) > version_of(s)
                {
                    notices.push(Notice::Warning(format!(
                        "Extension '{name}' has a later preview version to install, add \
                         `--allow-preview True` to try preview version."
                    )));
                }
                false
            }
        }
    };

    let keep = |cands: &mut Vec<&Value>, f: &dyn Fn(&Value) -> bool, msg: String| {
        cands.retain(|c| f(c));
        if cands.is_empty() {
            Err(NoCandidates(msg))
        } else {
            Ok(())
        }
    };

    keep(
        &mut candidates,
        &is_universal,
        format!("No suitable extensions found for '{name}'."),
    )?;
    if !allow_preview {
        keep(
            &mut candidates,
            &|c| !is_preview_item(c),
            format!(
                "No suitable stable version of '{name}' to install. Add `--allow-preview True` \
                 to try preview versions"
            ),
        )?;
    }
    if let Some(target) = target_version {
        keep(
            &mut candidates,
            &|c| c.pointer("/metadata/version").and_then(Value::as_str) == Some(target),
            format!("Version '{target}' not found for extension '{name}'"),
        )?;
    } else if let Some(cur) = cur_version {
        let cur = Version::parse(cur).ok();
        keep(
            &mut candidates,
            &|c| version_of(c).is_some_and(|v| cur.as_ref().is_none_or(|cur| v > *cur)),
            format!("Latest version of '{name}' is already installed."),
        )?;
    }
    let before_compat = candidates.clone();
    if keep(
        &mut candidates,
        &|c| c.get("metadata").is_none_or(compatible_with_cli),
        String::new(),
    )
    .is_err()
    {
        let newest_meta = newest(&before_compat)
            .and_then(|c| c.get("metadata"))
            .cloned()
            .unwrap_or(Value::Null);
        return Err(NoCandidates(
            compatibility_message(&newest_meta).unwrap_or_default(),
        ));
    }
    let chosen = newest(&candidates)
        .ok_or_else(|| NoCandidates(format!("No suitable extensions found for '{name}'.")))?;
    tracing::debug!(?chosen, "chosen extension index entry");
    let download_url = chosen
        .get("downloadUrl")
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty())
        .ok_or_else(|| NoCandidates("No download url found.".into()))?;
    Ok(Chosen {
        download_url: download_url.to_string(),
        sha256: chosen
            .get("sha256Digest")
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}

/// `extension list-available` rows: for each name (sorted), the newest CLI-compatible entry,
/// previews included. `installed` maps installed wheel extension names to their versions.
pub fn available(
    extensions: &Map<String, Value>,
    installed: &dyn Fn(&str) -> Option<Option<String>>,
) -> Value {
    let mut names: Vec<&String> = extensions.keys().collect();
    names.sort();
    let mut rows = Vec::new();
    for name in names {
        let items: Vec<&Value> = extensions[name]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|i| i.get("metadata").is_none_or(compatible_with_cli))
                    .collect()
            })
            .unwrap_or_default();
        let Some(latest) = newest(&items) else {
            continue;
        };
        let meta = latest.get("metadata").cloned().unwrap_or(Value::Null);
        let installed_state = match installed(name) {
            None => Value::Bool(false),
            Some(ver) => {
                let newer = ver
                    .as_deref()
                    .and_then(|v| Version::parse(v).ok())
                    .is_some_and(|v| version_of(latest).is_some_and(|l| l > v));
                if newer {
                    Value::String("True (upgrade available)".into())
                } else {
                    Value::Bool(true)
                }
            }
        };
        let mut row = Map::new();
        row.insert("name".into(), Value::String(name.clone()));
        row.insert(
            "version".into(),
            meta.get("version").cloned().unwrap_or(Value::Null),
        );
        row.insert(
            "summary".into(),
            meta.get("summary").cloned().unwrap_or(Value::Null),
        );
        row.insert("preview".into(), Value::Bool(is_preview_meta(&meta)));
        row.insert("experimental".into(), Value::Bool(false));
        row.insert("installed".into(), installed_state);
        rows.push(Value::Object(row));
    }
    Value::Array(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(version: &str, meta: Value) -> Value {
        let mut m = json!({"name": "demo", "version": version, "summary": "s"});
        if let (Some(o), Value::Object(extra)) = (m.as_object_mut(), meta) {
            o.extend(extra);
        }
        json!({
            "downloadUrl": format!("https://h/demo-{version}-py3-none-any.whl"),
            "filename": format!("demo-{version}-py3-none-any.whl"),
            "sha256Digest": "00",
            "metadata": m,
        })
    }

    fn index(entries: Vec<Value>) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("demo".into(), Value::Array(entries));
        m
    }

    fn pick(
        idx: &Map<String, Value>,
        cur: Option<&str>,
        target: Option<&str>,
        allow: Option<bool>,
    ) -> (Result<String, String>, Vec<Notice>) {
        let mut notices = Vec::new();
        let r = resolve(idx, "demo", cur, target, allow, &mut notices)
            .map(|c| c.download_url)
            .map_err(|e| e.0);
        (r, notices)
    }

    #[test]
    fn only_previews_allows_them_with_warning() {
        let idx = index(vec![
            entry("19.0.0b1", json!({"azext.isPreview": true})),
            entry("19.0.0b2", json!({"azext.isPreview": true})),
        ]);
        let (r, n) = pick(&idx, None, None, None);
        assert!(r.expect("chosen").contains("19.0.0b2"));
        assert_eq!(
            n,
            vec![Notice::Warning(
                "No stable version of 'demo' to install. Preview versions allowed.".into()
            )]
        );
        let (r, _) = pick(&idx, Some("19.0.0b2"), None, None);
        assert_eq!(
            r.expect_err("nothing newer"),
            "Latest version of 'demo' is already installed."
        );
    }

    #[test]
    fn later_preview_warns_but_stable_wins() {
        let idx = index(vec![
            entry("1.0.0", json!({})),
            entry("1.1.0b1", json!({})),
            entry("1.0.1rc1", json!({})),
        ]);
        let (r, n) = pick(&idx, None, None, None);
        // rc is not preview in az's sense, so it is the newest stable.
        assert!(r.expect("chosen").contains("1.0.1rc1"));
        assert_eq!(n.len(), 1);
        let (r, n) = pick(&idx, None, None, Some(true));
        assert!(r.expect("chosen").contains("1.1.0b1"));
        assert!(n.is_empty());
        let (r, _) = pick(&idx, None, Some("1.1.0b1"), Some(false));
        assert_eq!(
            r.expect_err("preview filtered"),
            "Version '1.1.0b1' not found for extension 'demo'"
        );
    }

    #[test]
    fn explicit_false_with_only_previews_fails() {
        let idx = index(vec![entry("1.0.0", json!({"azext.isExperimental": true}))]);
        let (r, _) = pick(&idx, None, None, Some(false));
        assert_eq!(
            r.expect_err("no stable"),
            "No suitable stable version of 'demo' to install. Add `--allow-preview True` to try preview versions"
        );
    }

    #[test]
    fn compatibility_bounds_are_checked() {
        let idx = index(vec![
            entry("1.0.0", json!({"azext.minCliCoreVersion": "2.50.0"})),
            entry("2.0.0", json!({"azext.minCliCoreVersion": "2.99.0"})),
            entry("3.0.0", json!({"azext.maxCliCoreVersion": "2.80.0"})),
        ]);
        let (r, _) = pick(&idx, None, None, None);
        assert!(r.expect("chosen").contains("1.0.0"));
        let (r, _) = pick(&idx, None, Some("2.0.0"), None);
        assert_eq!(
            r.expect_err("too new"),
            "The 'demo' extension version 2.0.0 is not compatible with your current CLI core version 2.91.0.\n\
             This extension requires a min of 2.99.0 CLI core.\n\
             Please run 'az upgrade' to upgrade to a compatible version."
        );
        let (r, _) = pick(&idx, Some("1.0.0"), None, None);
        assert_eq!(
            r.expect_err("newest incompatible"),
            "The 'demo' extension version 3.0.0 is not compatible with your current CLI core version 2.91.0.\n\
             This extension requires a max of 2.80.0 CLI core.\n\
             Please run 'az extension update -n demo' to update the extension."
        );
    }

    #[test]
    fn platform_wheels_and_unknown_names() {
        let mut e = entry("1.0.0", json!({}));
        e["filename"] = json!("demo-1.0.0-cp311-cp311-linux_x86_64.whl");
        let idx = index(vec![e]);
        let (r, _) = pick(&idx, None, None, None);
        assert_eq!(
            r.expect_err("no universal"),
            "No suitable extensions found for 'demo'."
        );
        let mut n = Vec::new();
        let err = resolve(&idx, "nope", None, None, None, &mut n).expect_err("unknown");
        assert_eq!(err.0, "No extension found with name 'nope'");
    }

    #[test]
    fn available_marks_upgrades() {
        let idx = index(vec![
            entry("1.0.0", json!({})),
            entry("1.1.0b1", json!({})),
            entry("9.0.0", json!({"azext.minCliCoreVersion": "3.0.0"})),
        ]);
        let rows = available(&idx, &|_| Some(Some("1.0.0".into())));
        assert_eq!(
            rows,
            json!([{"name": "demo", "version": "1.1.0b1", "summary": "s", "preview": true,
                    "experimental": false, "installed": "True (upgrade available)"}])
        );
        let rows = available(&idx, &|_| None);
        assert_eq!(rows[0]["installed"], json!(false));
    }
}
