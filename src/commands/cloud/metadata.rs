//! The mapping az 2.91 applies to ARM's `/metadata/endpoints` document when `cloud register`
//! discovers a cloud: which metadata key feeds which endpoint or suffix, the leading dots az
//! adds, and the values it borrows from the built-in cloud the document names. Pure: the fetch
//! is in [`super::register`].

use serde_json::Value;

use crate::config::Cloud;
use crate::config::clouds::builtin_clouds;

/// Build a cloud from ARM's `/metadata/endpoints` document (what `cloud register
/// --endpoint-resource-manager` fetches), mapped as az 2.91 maps it: the suffixes az writes
/// with a leading dot get one, and attributes the document lacks are taken from the built-in
/// cloud the document names (`"name": "AzureCloud"`) where az does so; database server
/// suffixes fall back to `.mariadb`/`.mysql`/`.postgres` + the SQL host name
/// (`.database.azure.com` for AzureCloud).
pub fn from_arm_metadata(name: &str, m: &Value) -> Cloud {
    let s = |p: &str| m.pointer(p).and_then(Value::as_str).map(str::to_owned);
    let named = s("/name").unwrap_or_default();
    let builtin = builtin_clouds().into_iter().find(|c| c.name == named);
    let fallback = |list: fn(&Cloud) -> &Vec<(String, String)>, k: &str| {
        builtin
            .as_ref()
            .and_then(|c| list(c).iter().find(|(x, _)| x == k).map(|(_, v)| v.clone()))
    };
    let audience = s("/authentication/audiences/0");
    // (attribute, metadata key, fall back to the named built-in cloud)
    let endpoint_map: &[(&str, &str, bool)] = &[
        ("active_directory", "/authentication/loginEndpoint", false),
        (
            "active_directory_data_lake_resource_id",
            "/activeDirectoryDataLake",
            false,
        ),
        (
            "active_directory_graph_resource_id",
            "/graphAudience",
            false,
        ),
        ("app_insights_resource_id", "/appInsightsResourceId", true),
        (
            "app_insights_telemetry_channel_resource_id",
            "/appInsightsTelemetryChannelResourceId",
            true,
        ),
        ("app_service_resource_id", "/appServiceResourceId", true),
        ("attestation_resource_id", "/attestationResourceId", true),
        (
            "azmirror_storage_account_resource_id",
            "/azmirrorStorageAccountResourceId",
            false,
        ),
        ("batch_resource_id", "/batch", false),
        ("gallery", "/gallery", false),
        ("log_analytics_resource_id", "/logAnalyticsResourceId", true),
        ("media_resource_id", "/media", false),
        (
            "microsoft_graph_resource_id",
            "/microsoftGraphResourceId",
            true,
        ),
        ("ossrdbms_resource_id", "/ossrdbmsResourceId", true),
        ("portal", "/portal", false),
        ("resource_manager", "/resourceManager", false),
        ("sql_management", "/sqlManagement", false),
        (
            "synapse_analytics_resource_id",
            "/synapseAnalyticsResourceId",
            true,
        ),
        ("vm_image_alias_doc", "/vmImageAliasDoc", false),
    ];
    let mut endpoints = Vec::new();
    for k in ["management", "active_directory_resource_id"] {
        if let Some(a) = &audience {
            endpoints.push((k.to_owned(), a.clone()));
        }
    }
    for (k, p, falls_back) in endpoint_map {
        let v = s(p).or_else(|| falls_back.then(|| fallback(|c| &c.endpoints, k)).flatten());
        if let Some(v) = v {
            endpoints.push(((*k).to_owned(), v));
        }
    }
    let dotted = |v: String| {
        if v.is_empty() || v.starts_with('.') {
            v
        } else {
            format!(".{v}")
        }
    };
    let suffix = |key: &str, dot: bool| {
        s(&format!("/suffixes/{key}")).map(|v| if dot { dotted(v) } else { v })
    };
    let sql_host = suffix("sqlServerHostname", true);
    let db = |prefix: &str| {
        if named == "AzureCloud" {
            Some(format!("{prefix}.database.azure.com"))
        } else {
            sql_host.as_ref().map(|h| format!("{prefix}{h}"))
        }
    };
    let builtin_suffix = |k: &str| fallback(|c| &c.suffixes, k);
    let suffix_values = [
        ("acr_login_server_endpoint", suffix("acrLoginServer", true)),
        (
            "attestation_endpoint",
            suffix("attestationEndpoint", true).or_else(|| builtin_suffix("attestation_endpoint")),
        ),
        (
            "azure_datalake_analytics_catalog_and_job_endpoint",
            suffix("azureDataLakeAnalyticsCatalogAndJob", false),
        ),
        (
            "azure_datalake_store_file_system_endpoint",
            suffix("azureDataLakeStoreFileSystem", false),
        ),
        ("keyvault_dns", suffix("keyVaultDns", true)),
        (
            "mariadb_server_endpoint",
            suffix("mariadbServerEndpoint", true).or_else(|| db(".mariadb")),
        ),
        (
            "mhsm_dns",
            suffix("mhsmDns", true).or_else(|| builtin_suffix("mhsm_dns")),
        ),
        (
            "mysql_server_endpoint",
            suffix("mysqlServerEndpoint", true).or_else(|| db(".mysql")),
        ),
        (
            "postgresql_server_endpoint",
            suffix("postgresqlServerEndpoint", true).or_else(|| db(".postgres")),
        ),
        ("sql_server_hostname", sql_host.clone()),
        ("storage_endpoint", suffix("storage", false)),
        (
            "storage_sync_endpoint",
            suffix("storageSyncEndpointSuffix", false)
                .or_else(|| builtin_suffix("storage_sync_endpoint")),
        ),
        (
            "synapse_analytics_endpoint",
            suffix("synapseAnalytics", true)
                .or_else(|| builtin_suffix("synapse_analytics_endpoint")),
        ),
    ];
    let suffixes = suffix_values
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
        .collect();
    // az writes a registered cloud's attributes to `clouds.config` in alphabetical order.
    endpoints.sort();
    Cloud {
        name: name.to_owned(),
        profile: "latest".into(),
        endpoints,
        suffixes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn metadata_maps_login_and_arm() {
        let m = json!({"resourceManager":"https://127.0.0.1:8443/","authentication":{"loginEndpoint":"https://127.0.0.1:8443/","audiences":["https://management.core.windows.net/"]},"suffixes":{"storage":"core.windows.net"}});
        let c = from_arm_metadata("Fake", &m);
        assert_eq!(c.resource_manager(), Some("https://127.0.0.1:8443/"));
        assert_eq!(c.authority_host(), Some("https://127.0.0.1:8443/"));
        assert_eq!(
            c.endpoint("management"),
            Some("https://management.core.windows.net/")
        );
        assert_eq!(
            c.arm_scope().as_deref(),
            Some("https://management.core.windows.net//.default")
        );
    }

    // Regression: `cloud register` stored metadata suffixes without az's leading dot and lacked
    // the values az takes from the built-in cloud the metadata names.
    #[test]
    fn metadata_suffixes_get_dots_and_builtin_fallbacks() {
        let m = json!({"name":"AzureCloud","resourceManager":"https://127.0.0.1:8443/","authentication":{"loginEndpoint":"https://127.0.0.1:8443/","audiences":["https://management.core.windows.net/"]},"suffixes":{"storage":"core.windows.net","keyVaultDns":"vault.azure.net","sqlServerHostname":".database.windows.net"}});
        let c = from_arm_metadata("Fake", &m);
        let suffix = |k: &str| {
            c.suffixes
                .iter()
                .find(|(x, _)| x == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(suffix("keyvault_dns"), Some(".vault.azure.net"));
        assert_eq!(suffix("storage_endpoint"), Some("core.windows.net"));
        assert_eq!(
            suffix("mysql_server_endpoint"),
            Some(".mysql.database.azure.com")
        );
        assert_eq!(suffix("storage_sync_endpoint"), Some("afs.azure.net"));
        assert_eq!(
            c.endpoint("app_service_resource_id"),
            Some("https://appservice.azure.com")
        );
        assert_eq!(c.endpoint("gallery"), None);
    }
}
