//! `cloud register`: build a custom cloud as az's `_build_cloud` does and write it to
//! `clouds.config`. With `--endpoint-resource-manager` and without
//! `--skip-endpoint-discovery` it first reads `<arm>/metadata/endpoints` (no token, through
//! [`Ctx::transport`]; mapped by [`super::metadata`]), then lays `--cloud-config` and the
//! `--endpoint-*`/`--suffix-*` options over it, and insists on the four endpoints az needs.
//! Unlike az, endpoints that would carry tokens or secrets (`resource_manager`,
//! `active_directory`) must be `https://`.

use anyhow::Context as _;
use serde_json::Value;

use super::metadata;
use crate::arm::{self, ArmError};
use crate::cli::{CloudEndpointArgs, CloudRegisterArgs};
use crate::commands::{Ctx, Outcome, fail};
use crate::config::clouds::{self, set_pair};
use crate::config::{Cloud, ConfigDir, ConfigError, IniFile};

/// `azrs cloud register`.
pub async fn run(ctx: &Ctx, args: &CloudRegisterArgs) -> anyhow::Result<Outcome> {
    let cloud = build_cloud(ctx, args).await?;
    cloud_register(&ctx.config_dir, &cloud)?;
    Ok(Outcome::none())
}

/// `cloud register`: write a new custom cloud to `clouds.config`.
pub fn cloud_register(dir: &ConfigDir, cloud: &Cloud) -> Result<(), ConfigError> {
    if clouds::all_clouds(dir)?
        .iter()
        .any(|c| c.name == cloud.name)
    {
        return Err(ConfigError::User(format!(
            "The cloud '{}' is already registered.",
            cloud.name
        )));
    }
    if cloud.resource_manager().is_none() {
        return Err(ConfigError::User(
            "The endpoint 'resource_manager' for this cloud is not set.".into(),
        ));
    }
    let mut file = IniFile::load(&dir.clouds_file())?;
    file.set(&cloud.name, "profile", &cloud.profile);
    for (k, v) in &cloud.endpoints {
        file.set(&cloud.name, &format!("endpoint_{k}"), v);
    }
    for (k, v) in &cloud.suffixes {
        file.set(&cloud.name, &format!("suffix_{k}"), v);
    }
    file.save(&dir.clouds_file())
}

/// The endpoints az refuses to register a new cloud without, with their option names.
const REQUIRED_ENDPOINTS: &[(&str, &str)] = &[
    ("resource_manager", "--endpoint-resource-manager"),
    ("active_directory", "--endpoint-active-directory"),
    (
        "active_directory_resource_id",
        "--endpoint-active-directory-resource-id",
    ),
    (
        "active_directory_graph_resource_id",
        "--endpoint-active-directory-graph-resource-id",
    ),
];

/// Endpoints azrs sends tokens or client secrets to: plain http is refused.
const SECRET_BEARING_ENDPOINTS: &[&str] = &["resource_manager", "active_directory"];

/// The cloud `cloud register` would write, built as az's `_build_cloud` builds it.
async fn build_cloud(ctx: &Ctx, args: &CloudRegisterArgs) -> anyhow::Result<Cloud> {
    let mut cloud = Cloud {
        name: args.name.clone(),
        profile: "latest".into(),
        endpoints: Vec::new(),
        suffixes: Vec::new(),
    };
    let config = match &args.cloud_config {
        Some(text) => Some(parse_cloud_config(text)?),
        None => None,
    };
    let mut overrides = Vec::new();
    let mut suffixes = Vec::new();
    if let Some(cfg) = &config {
        collect_config(cfg, &mut overrides, &mut suffixes, &mut cloud.profile);
    }
    collect_flags(&args.endpoints, &mut overrides, &mut suffixes);
    if let Some(p) = &args.profile {
        cloud.profile = p.clone();
    }

    let arm_endpoint = overrides
        .iter()
        .rev()
        .find(|(k, _)| k == "resource_manager")
        .map(|(_, v)| v.clone());
    if let Some(arm) = arm_endpoint.as_deref() {
        refuse_plain_http("resource_manager", arm)?;
        if !args.skip_endpoint_discovery {
            let metadata = discover(ctx, arm).await?;
            let found = metadata::from_arm_metadata(&args.name, &metadata);
            cloud.endpoints = found.endpoints;
            cloud.suffixes = found.suffixes;
        }
    }
    for (k, v) in overrides {
        set_pair(&mut cloud.endpoints, &k, &v);
    }
    for (k, v) in suffixes {
        set_pair(&mut cloud.suffixes, &k, &v);
    }

    let missing: Vec<&str> = REQUIRED_ENDPOINTS
        .iter()
        .filter(|(k, _)| cloud.endpoint(k).is_none_or(str::is_empty))
        .map(|(_, flag)| *flag)
        .collect();
    // az skips this check for a name already registered, so that case reports "already
    // registered" instead.
    let registered = clouds::all_clouds(&ctx.config_dir)?
        .iter()
        .any(|c| c.name == args.name);
    if !missing.is_empty() && !registered {
        return fail(format!(
            "The following endpoints are required for the CLI to function and were not specified on the command line, in the cloud config or could not be autodetected.\nSpecify them on the command line or through the cloud config file:\n{}",
            missing.join(", ")
        ));
    }
    for k in SECRET_BEARING_ENDPOINTS {
        if let Some(v) = cloud.endpoint(k) {
            refuse_plain_http(k, v)?;
        }
    }
    Ok(cloud)
}

fn refuse_plain_http(name: &str, value: &str) -> anyhow::Result<()> {
    if value
        .get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
    {
        return fail(format!(
            "The endpoint '{name}' ({value}) uses plain http://; azrs sends credentials only over https://."
        ));
    }
    Ok(())
}

/// `GET <arm>/metadata/endpoints`, with az's error texts.
async fn discover(ctx: &Ctx, arm_endpoint: &str) -> anyhow::Result<Value> {
    let transport = ctx.transport()?;
    let url = format!(
        "{}/metadata/endpoints?api-version={}",
        arm_endpoint.trim_end_matches('/'),
        arm::api::CLOUD_METADATA
    );
    // The test-only no-delay switch comes from this run's env map, never the process's
    // (`fetch_cloud_metadata` reads the process environment).
    let retry = arm::RetrySettings::default()
        .with_zero_delays(crate::commands::client_options(ctx).zero_delays);
    match arm::fetch_cloud_metadata_with(&transport, arm_endpoint, &retry).await {
        Ok(v) => Ok(v),
        Err(e) => {
            let detail = match &e {
                ArmError::Http { status, .. } => {
                    format!("Server returned status code {status} for {url}")
                }
                ArmError::InvalidResponse(d) => {
                    format!("Response body does not contain valid json. Error detail: {d}")
                }
                ArmError::Refused(d) => return fail(d.clone()),
                other => {
                    format!("Please ensure you have network connection. Error detail: {other}")
                }
            };
            fail(format!("Unable to get endpoints from the cloud.\n{detail}"))
        }
    }
}

/// `--cloud-config JSON` or `--cloud-config @FILE`.
fn parse_cloud_config(text: &str) -> anyhow::Result<Value> {
    let raw = match text.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the cloud config file '{path}'"))?,
        None => text.to_string(),
    };
    match serde_json::from_str::<Value>(raw.trim_start_matches('\u{feff}')) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => fail("The cloud config must be a JSON object."),
        Err(e) => fail(format!("Failed to parse the cloud config as JSON: {e}")),
    }
}

/// Reads `{"profile", "endpoints": {camelCase: …}, "suffixes": {…}}` (plus top-level
/// `endpoint_*`/`suffix_*` keys, which az also honours) into snake_case pairs.
fn collect_config(
    cfg: &Value,
    endpoints: &mut Vec<(String, String)>,
    suffixes: &mut Vec<(String, String)>,
    profile: &mut String,
) {
    let Some(obj) = cfg.as_object() else { return };
    for (key, value) in obj {
        let key = to_snake_case(key);
        match (key.as_str(), value) {
            ("profile", Value::String(p)) => *profile = p.clone(),
            ("endpoints", Value::Object(m)) => {
                for (k, v) in m {
                    if let Some(v) = v.as_str() {
                        endpoints.push((to_snake_case(k), v.to_string()));
                    }
                }
            }
            ("suffixes", Value::Object(m)) => {
                for (k, v) in m {
                    if let Some(v) = v.as_str() {
                        suffixes.push((to_snake_case(k), v.to_string()));
                    }
                }
            }
            (k, Value::String(v)) => {
                if let Some(e) = k.strip_prefix("endpoint_") {
                    endpoints.push((e.to_string(), v.clone()));
                } else if let Some(s) = k.strip_prefix("suffix_") {
                    suffixes.push((s.to_string(), v.clone()));
                }
            }
            _ => {}
        }
    }
}

fn collect_flags(
    a: &CloudEndpointArgs,
    endpoints: &mut Vec<(String, String)>,
    suffixes: &mut Vec<(String, String)>,
) {
    let ep = [
        ("management", &a.endpoint_management),
        ("resource_manager", &a.endpoint_resource_manager),
        ("sql_management", &a.endpoint_sql_management),
        ("gallery", &a.endpoint_gallery),
        ("active_directory", &a.endpoint_active_directory),
        (
            "active_directory_resource_id",
            &a.endpoint_active_directory_resource_id,
        ),
        (
            "active_directory_graph_resource_id",
            &a.endpoint_active_directory_graph_resource_id,
        ),
        (
            "microsoft_graph_resource_id",
            &a.endpoint_microsoft_graph_resource_id,
        ),
        (
            "active_directory_data_lake_resource_id",
            &a.endpoint_active_directory_data_lake_resource_id,
        ),
        ("vm_image_alias_doc", &a.endpoint_vm_image_alias_doc),
    ];
    for (k, v) in ep {
        if let Some(v) = v {
            endpoints.push((k.to_string(), v.clone()));
        }
    }
    let sf = [
        ("sql_server_hostname", &a.suffix_sql_server_hostname),
        ("storage_endpoint", &a.suffix_storage_endpoint),
        ("keyvault_dns", &a.suffix_keyvault_dns),
        (
            "azure_datalake_store_file_system_endpoint",
            &a.suffix_azure_datalake_store_file_system_endpoint,
        ),
        (
            "azure_datalake_analytics_catalog_and_job_endpoint",
            &a.suffix_azure_datalake_analytics_catalog_and_job_endpoint,
        ),
        (
            "acr_login_server_endpoint",
            &a.suffix_acr_login_server_endpoint,
        ),
    ];
    for (k, v) in sf {
        if let Some(v) = v {
            suffixes.push((k.to_string(), v.clone()));
        }
    }
}

/// knack's `to_snake_case`: `resourceManager` → `resource_manager`.
fn to_snake_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_like_knack() {
        assert_eq!(to_snake_case("resourceManager"), "resource_manager");
        assert_eq!(
            to_snake_case("activeDirectoryResourceId"),
            "active_directory_resource_id"
        );
        assert_eq!(to_snake_case("portal"), "portal");
    }

    #[test]
    fn cloud_config_reads_nested_and_flat_keys() {
        let cfg = serde_json::json!({
            "profile": "latest",
            "endpoints": {"resourceManager": "https://arm.test/", "activeDirectory": "https://login.test"},
            "suffixes": {"storageEndpoint": "core.test"},
            "endpoint_gallery": "https://gallery.test/"
        });
        let (mut e, mut s, mut p) = (vec![], vec![], String::new());
        collect_config(&cfg, &mut e, &mut s, &mut p);
        assert_eq!(p, "latest");
        assert!(e.contains(&("resource_manager".into(), "https://arm.test/".into())));
        assert!(e.contains(&("active_directory".into(), "https://login.test".into())));
        assert!(e.contains(&("gallery".into(), "https://gallery.test/".into())));
        assert_eq!(s, vec![("storage_endpoint".into(), "core.test".into())]);
    }

    #[test]
    fn plain_http_is_refused_https_allowed() {
        assert!(refuse_plain_http("resource_manager", "HTTP://x").is_err());
        assert!(refuse_plain_http("resource_manager", "https://x").is_ok());
    }
}
