//! Clouds: the built-in AzureCloud, AzureChinaCloud, AzureUSGovernment and AzureBleuCloud, plus
//! custom clouds in az's `clouds.config` (one INI section per cloud, options `profile`, `endpoint_<name>`,
//! `suffix_<name>` and the per-cloud default `subscription`), and the active cloud in `[cloud]
//! name` of `config` (env `AZURE_CLOUD_NAME` wins). Sections named after built-in clouds overlay
//! the built-in values, as in az. Clouds registered with az are seen by azrs and vice versa.
//!
//! The built-in values are what az 2.91.0 prints for `cloud list` (checked against the real az
//! by `tests/az_differential.rs`).

use super::account;
use super::{ConfigDir, ConfigError, IniFile, Profile};
use serde_json::{Value, json};

/// A cloud: name, API profile, endpoints and suffixes keyed by az's snake_case attribute names.
#[derive(Debug, Clone, PartialEq)]
pub struct Cloud {
    /// Cloud name.
    pub name: String,
    /// API profile (`latest`).
    pub profile: String,
    /// `(attribute, value)` pairs, e.g. `("resource_manager", "https://management.azure.com/")`.
    pub endpoints: Vec<(String, String)>,
    /// `(attribute, value)` pairs, e.g. `("storage_endpoint", "core.windows.net")`.
    pub suffixes: Vec<(String, String)>,
}

/// Endpoint attributes az knows, in az's order (printed as camelCase, `null` when unset).
pub const ENDPOINT_NAMES: &[&str] = &[
    "management",
    "resource_manager",
    "sql_management",
    "batch_resource_id",
    "gallery",
    "active_directory",
    "active_directory_resource_id",
    "active_directory_graph_resource_id",
    "microsoft_graph_resource_id",
    "active_directory_data_lake_resource_id",
    "vm_image_alias_doc",
    "media_resource_id",
    "ossrdbms_resource_id",
    "log_analytics_resource_id",
    "app_insights_resource_id",
    "app_insights_telemetry_channel_resource_id",
    "synapse_analytics_resource_id",
    "attestation_resource_id",
    "portal",
    "app_service_resource_id",
    "azmirror_storage_account_resource_id",
];

/// Suffix attributes az knows (printed as camelCase, `null` when unset).
pub const SUFFIX_NAMES: &[&str] = &[
    "storage_endpoint",
    "storage_sync_endpoint",
    "keyvault_dns",
    "mhsm_dns",
    "sql_server_hostname",
    "mysql_server_endpoint",
    "postgresql_server_endpoint",
    "mariadb_server_endpoint",
    "azure_datalake_store_file_system_endpoint",
    "azure_datalake_analytics_catalog_and_job_endpoint",
    "acr_login_server_endpoint",
    "synapse_analytics_endpoint",
    "attestation_endpoint",
];

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The built-in clouds, with the values az 2.91.0 prints for them (`cloud list`); an
/// attribute az leaves unset (printed as `null`) is absent here.
pub fn builtin_clouds() -> Vec<Cloud> {
    vec![
        Cloud {
            name: "AzureCloud".into(),
            profile: "latest".into(),
            endpoints: pairs(&[
                ("active_directory", "https://login.microsoftonline.com"),
                (
                    "active_directory_data_lake_resource_id",
                    "https://datalake.azure.net/",
                ),
                (
                    "active_directory_graph_resource_id",
                    "https://graph.windows.net/",
                ),
                (
                    "active_directory_resource_id",
                    "https://management.core.windows.net/",
                ),
                (
                    "app_insights_resource_id",
                    "https://api.applicationinsights.io",
                ),
                (
                    "app_insights_telemetry_channel_resource_id",
                    "https://dc.applicationinsights.azure.com/v2/track",
                ),
                ("app_service_resource_id", "https://appservice.azure.com"),
                ("attestation_resource_id", "https://attest.azure.net"),
                ("batch_resource_id", "https://batch.core.windows.net/"),
                ("gallery", "https://gallery.azure.com/"),
                ("log_analytics_resource_id", "https://api.loganalytics.io"),
                ("management", "https://management.core.windows.net/"),
                ("media_resource_id", "https://rest.media.azure.net"),
                (
                    "microsoft_graph_resource_id",
                    "https://graph.microsoft.com/",
                ),
                (
                    "ossrdbms_resource_id",
                    "https://ossrdbms-aad.database.windows.net",
                ),
                ("portal", "https://portal.azure.com"),
                ("resource_manager", "https://management.azure.com/"),
                (
                    "sql_management",
                    "https://management.core.windows.net:8443/",
                ),
                (
                    "synapse_analytics_resource_id",
                    "https://dev.azuresynapse.net",
                ),
                (
                    "vm_image_alias_doc",
                    "https://azcliprod.blob.core.windows.net/cli/vm/aliases.json",
                ),
            ]),
            suffixes: pairs(&[
                ("acr_login_server_endpoint", ".azurecr.io"),
                ("attestation_endpoint", ".attest.azure.net"),
                (
                    "azure_datalake_analytics_catalog_and_job_endpoint",
                    "azuredatalakeanalytics.net",
                ),
                (
                    "azure_datalake_store_file_system_endpoint",
                    "azuredatalakestore.net",
                ),
                ("keyvault_dns", ".vault.azure.net"),
                ("mariadb_server_endpoint", ".mariadb.database.azure.com"),
                ("mhsm_dns", ".managedhsm.azure.net"),
                ("mysql_server_endpoint", ".mysql.database.azure.com"),
                ("postgresql_server_endpoint", ".postgres.database.azure.com"),
                ("sql_server_hostname", ".database.windows.net"),
                ("storage_endpoint", "core.windows.net"),
                ("storage_sync_endpoint", "afs.azure.net"),
                ("synapse_analytics_endpoint", ".dev.azuresynapse.net"),
            ]),
        },
        Cloud {
            name: "AzureChinaCloud".into(),
            profile: "latest".into(),
            endpoints: pairs(&[
                ("active_directory", "https://login.chinacloudapi.cn"),
                (
                    "active_directory_graph_resource_id",
                    "https://graph.chinacloudapi.cn/",
                ),
                (
                    "active_directory_resource_id",
                    "https://management.core.chinacloudapi.cn/",
                ),
                (
                    "app_insights_resource_id",
                    "https://api.applicationinsights.azure.cn",
                ),
                (
                    "app_insights_telemetry_channel_resource_id",
                    "https://dc.applicationinsights.azure.cn/v2/track",
                ),
                (
                    "app_service_resource_id",
                    "https://management.core.chinacloudapi.cn/",
                ),
                ("batch_resource_id", "https://batch.chinacloudapi.cn/"),
                ("gallery", "https://gallery.chinacloudapi.cn/"),
                (
                    "log_analytics_resource_id",
                    "https://api.loganalytics.azure.cn",
                ),
                ("management", "https://management.core.chinacloudapi.cn/"),
                ("media_resource_id", "https://rest.media.chinacloudapi.cn"),
                (
                    "microsoft_graph_resource_id",
                    "https://microsoftgraph.chinacloudapi.cn",
                ),
                (
                    "ossrdbms_resource_id",
                    "https://ossrdbms-aad.database.chinacloudapi.cn",
                ),
                ("portal", "https://portal.azure.cn"),
                ("resource_manager", "https://management.chinacloudapi.cn"),
                (
                    "sql_management",
                    "https://management.core.chinacloudapi.cn:8443/",
                ),
                (
                    "synapse_analytics_resource_id",
                    "https://dev.azuresynapse.azure.cn",
                ),
                (
                    "vm_image_alias_doc",
                    "https://azcliprod.blob.core.windows.net/cli/vm/aliases.json",
                ),
            ]),
            suffixes: pairs(&[
                ("acr_login_server_endpoint", ".azurecr.cn"),
                ("keyvault_dns", ".vault.azure.cn"),
                (
                    "mariadb_server_endpoint",
                    ".mariadb.database.chinacloudapi.cn",
                ),
                ("mhsm_dns", ".managedhsm.azure.cn"),
                ("mysql_server_endpoint", ".mysql.database.chinacloudapi.cn"),
                (
                    "postgresql_server_endpoint",
                    ".postgres.database.chinacloudapi.cn",
                ),
                ("sql_server_hostname", ".database.chinacloudapi.cn"),
                ("storage_endpoint", "core.chinacloudapi.cn"),
                ("synapse_analytics_endpoint", ".dev.azuresynapse.azure.cn"),
            ]),
        },
        Cloud {
            name: "AzureUSGovernment".into(),
            profile: "latest".into(),
            endpoints: pairs(&[
                ("active_directory", "https://login.microsoftonline.us"),
                (
                    "active_directory_graph_resource_id",
                    "https://graph.microsoftazure.us/",
                ),
                (
                    "active_directory_resource_id",
                    "https://management.core.usgovcloudapi.net/",
                ),
                (
                    "app_insights_resource_id",
                    "https://api.applicationinsights.us",
                ),
                (
                    "app_insights_telemetry_channel_resource_id",
                    "https://dc.applicationinsights.us/v2/track",
                ),
                (
                    "app_service_resource_id",
                    "https://management.core.usgovcloudapi.net/",
                ),
                ("batch_resource_id", "https://batch.core.usgovcloudapi.net/"),
                ("gallery", "https://gallery.usgovcloudapi.net/"),
                ("log_analytics_resource_id", "https://api.loganalytics.us"),
                ("management", "https://management.core.usgovcloudapi.net/"),
                ("media_resource_id", "https://rest.media.usgovcloudapi.net"),
                ("microsoft_graph_resource_id", "https://graph.microsoft.us/"),
                (
                    "ossrdbms_resource_id",
                    "https://ossrdbms-aad.database.usgovcloudapi.net",
                ),
                ("portal", "https://portal.azure.us"),
                ("resource_manager", "https://management.usgovcloudapi.net/"),
                (
                    "sql_management",
                    "https://management.core.usgovcloudapi.net:8443/",
                ),
                (
                    "synapse_analytics_resource_id",
                    "https://dev.azuresynapse.usgovcloudapi.net",
                ),
                (
                    "vm_image_alias_doc",
                    "https://azcliprod.blob.core.windows.net/cli/vm/aliases.json",
                ),
            ]),
            suffixes: pairs(&[
                ("acr_login_server_endpoint", ".azurecr.us"),
                ("keyvault_dns", ".vault.usgovcloudapi.net"),
                (
                    "mariadb_server_endpoint",
                    ".mariadb.database.usgovcloudapi.net",
                ),
                ("mhsm_dns", ".managedhsm.usgovcloudapi.net"),
                ("mysql_server_endpoint", ".mysql.database.usgovcloudapi.net"),
                (
                    "postgresql_server_endpoint",
                    ".postgres.database.usgovcloudapi.net",
                ),
                ("sql_server_hostname", ".database.usgovcloudapi.net"),
                ("storage_endpoint", "core.usgovcloudapi.net"),
                ("storage_sync_endpoint", "afs.azure.us"),
                (
                    "synapse_analytics_endpoint",
                    ".dev.azuresynapse.usgovcloudapi.net",
                ),
            ]),
        },
        Cloud {
            name: "AzureBleuCloud".into(),
            profile: "latest".into(),
            endpoints: pairs(&[
                ("active_directory", "https://login.sovcloud-identity.fr"),
                (
                    "active_directory_graph_resource_id",
                    "https://graph.svc.sovcloud.fr/",
                ),
                (
                    "active_directory_resource_id",
                    "https://management.sovcloud-api.fr/",
                ),
                ("batch_resource_id", "https://batch.sovcloud-api.fr/"),
                ("gallery", "https://gallery.sovcloud-api.fr/"),
                ("management", "https://management.sovcloud-api.fr/"),
                ("media_resource_id", "https://rest.media.sovcloud-api.fr"),
                (
                    "microsoft_graph_resource_id",
                    "https://graph.svc.sovcloud.fr",
                ),
                (
                    "ossrdbms_resource_id",
                    "https://ossrdbms-aad.database.sovcloud-api.fr",
                ),
                ("portal", "https://portal.sovcloud-azure.fr"),
                ("resource_manager", "https://management.sovcloud-api.fr"),
                (
                    "sql_management",
                    "https://management.database.sovcloud-api.fr:8443/",
                ),
                (
                    "vm_image_alias_doc",
                    "https://azcliprod.blob.core.windows.net/cli/vm/aliases_master.json",
                ),
            ]),
            suffixes: pairs(&[
                ("acr_login_server_endpoint", ".azurecr.sovcloud-azure.fr"),
                ("attestation_endpoint", "attest.sovcloud-api.fr"),
                ("keyvault_dns", ".vault.sovcloud-api.fr"),
                (
                    "mariadb_server_endpoint",
                    ".mariadb.database.sovcloud-api.fr",
                ),
                ("mhsm_dns", ".managedhsm.sovcloud-api.fr"),
                ("mysql_server_endpoint", ".mysql.database.sovcloud-api.fr"),
                (
                    "postgresql_server_endpoint",
                    ".postgres.database.sovcloud-api.fr",
                ),
                ("sql_server_hostname", ".database.sovcloud-api.fr"),
                ("storage_endpoint", "core.sovcloud-api.fr"),
                ("storage_sync_endpoint", "afs.sovcloud-api.fr"),
                (
                    "synapse_analytics_endpoint",
                    ".dev.azuresynapse.sovcloud-api.fr",
                ),
            ]),
        },
    ]
}

fn is_builtin(name: &str) -> bool {
    builtin_clouds().iter().any(|c| c.name == name)
}

fn set_pair(list: &mut Vec<(String, String)>, k: &str, v: &str) {
    match list.iter_mut().find(|(x, _)| x == k) {
        Some(p) => p.1 = v.to_owned(),
        None => list.push((k.to_owned(), v.to_owned())),
    }
}

impl Cloud {
    /// An endpoint by attribute name.
    pub fn endpoint(&self, name: &str) -> Option<&str> {
        self.endpoints
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The resource-manager endpoint.
    pub fn resource_manager(&self) -> Option<&str> {
        self.endpoint("resource_manager")
    }

    /// The Entra authority host (`active_directory`).
    pub fn authority_host(&self) -> Option<&str> {
        self.endpoint("active_directory")
    }

    /// The ARM token scope as az forms it: the `active_directory_resource_id` (else
    /// `management`, else `resource_manager`) plus `/.default`, keeping the resource's trailing
    /// slash — `https://management.core.windows.net//.default` for the public cloud.
    pub fn arm_scope(&self) -> Option<String> {
        self.endpoint("active_directory_resource_id")
            .or_else(|| self.endpoint("management"))
            .or_else(|| self.resource_manager())
            .map(|r| format!("{r}/.default"))
    }

    /// The object az prints for `cloud show` / `cloud list` items: every attribute az knows,
    /// `null` when unset, then any others the config holds, keys sorted.
    pub fn to_json(&self, is_active: bool) -> Value {
        fn section(known: &[&str], set: &[(String, String)]) -> Value {
            let mut all: Vec<(String, Value)> = known
                .iter()
                .filter(|k| !set.iter().any(|(s, _)| s == *k))
                .map(|k| (crate::py::camel_case(k), Value::Null))
                .chain(
                    set.iter()
                        .map(|(k, v)| (crate::py::camel_case(k), Value::String(v.clone()))),
                )
                .collect();
            all.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(all.into_iter().collect())
        }
        json!({
            "endpoints": section(ENDPOINT_NAMES, &self.endpoints),
            "isActive": is_active,
            "name": self.name,
            "profile": self.profile,
            "suffixes": section(SUFFIX_NAMES, &self.suffixes),
        })
    }

    /// Build a cloud from ARM's `/metadata/endpoints` document (what `cloud register
    /// --endpoint-resource-manager` fetches), mapped as az 2.91 maps it: the suffixes az writes
    /// with a leading dot get one, and attributes the document lacks are taken from the built-in
    /// cloud the document names (`"name": "AzureCloud"`) where az does so; database server
    /// suffixes fall back to `.mariadb`/`.mysql`/`.postgres` + the SQL host name
    /// (`.database.azure.com` for AzureCloud).
    pub fn from_arm_metadata(name: &str, m: &Value) -> Self {
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
                suffix("attestationEndpoint", true)
                    .or_else(|| builtin_suffix("attestation_endpoint")),
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
}

/// All clouds: built-ins overlaid by `clouds.config`, then custom clouds in file order.
pub fn all_clouds(dir: &ConfigDir) -> Result<Vec<Cloud>, ConfigError> {
    let file = IniFile::load(&dir.clouds_file())?;
    let mut clouds = builtin_clouds();
    for section in file.sections() {
        let idx = match clouds.iter().position(|c| c.name == section) {
            Some(i) => i,
            None => {
                clouds.push(Cloud {
                    name: section.clone(),
                    profile: "latest".into(),
                    endpoints: vec![],
                    suffixes: vec![],
                });
                clouds.len() - 1
            }
        };
        let c = &mut clouds[idx];
        for (k, v) in file.items(&section) {
            if k == "profile" {
                c.profile = v;
            } else if let Some(e) = k.strip_prefix("endpoint_") {
                set_pair(&mut c.endpoints, e, &v);
            } else if let Some(s) = k.strip_prefix("suffix_") {
                set_pair(&mut c.suffixes, s, &v);
            }
        }
        if c.endpoint("management").is_none()
            && let Some(rm) = c.resource_manager().map(str::to_owned)
        {
            set_pair(&mut c.endpoints, "management", &rm);
        }
    }
    Ok(clouds)
}

/// The active cloud name: env `AZURE_CLOUD_NAME`, else `[cloud] name`, else `AzureCloud`.
pub fn active_cloud_name(
    dir: &ConfigDir,
    env_cloud_name: Option<&str>,
) -> Result<String, ConfigError> {
    if let Some(n) = env_cloud_name.filter(|n| !n.is_empty()) {
        return Ok(n.to_owned());
    }
    Ok(IniFile::load(&dir.config_file())?
        .get("cloud", "name")
        .unwrap_or_else(|| "AzureCloud".into()))
}

/// The active cloud (an unknown active name falls back to AzureCloud, as az does after warning).
pub fn active_cloud(dir: &ConfigDir, env_cloud_name: Option<&str>) -> Result<Cloud, ConfigError> {
    let name = active_cloud_name(dir, env_cloud_name)?;
    let clouds = all_clouds(dir)?;
    match clouds.iter().find(|c| c.name == name) {
        Some(c) => Ok(c.clone()),
        None => clouds
            .into_iter()
            .find(|c| c.name == "AzureCloud")
            .ok_or_else(|| ConfigError::User("The cloud 'AzureCloud' is not registered.".into())),
    }
}

fn not_registered(name: &str) -> ConfigError {
    ConfigError::User(format!("The cloud '{name}' is not registered."))
}

/// `cloud list`.
pub fn cloud_list(dir: &ConfigDir, env_cloud_name: Option<&str>) -> Result<Value, ConfigError> {
    let active = active_cloud_name(dir, env_cloud_name)?;
    Ok(Value::Array(
        all_clouds(dir)?
            .iter()
            .map(|c| c.to_json(c.name == active))
            .collect(),
    ))
}

/// `cloud show [--name N]` (default: the active cloud).
pub fn cloud_show(
    dir: &ConfigDir,
    name: Option<&str>,
    env_cloud_name: Option<&str>,
) -> Result<Value, ConfigError> {
    let active = active_cloud_name(dir, env_cloud_name)?;
    let name = name.unwrap_or(&active);
    let c = all_clouds(dir)?
        .into_iter()
        .find(|c| c.name == name)
        .ok_or_else(|| not_registered(name))?;
    Ok(c.to_json(c.name == active))
}

/// `cloud register`: write a new custom cloud to `clouds.config`.
pub fn cloud_register(dir: &ConfigDir, cloud: &Cloud) -> Result<(), ConfigError> {
    if all_clouds(dir)?.iter().any(|c| c.name == cloud.name) {
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

/// `cloud unregister --name N`.
pub fn cloud_unregister(
    dir: &ConfigDir,
    name: &str,
    env_cloud_name: Option<&str>,
) -> Result<(), ConfigError> {
    if !all_clouds(dir)?.iter().any(|c| c.name == name) {
        return Err(not_registered(name));
    }
    if active_cloud_name(dir, env_cloud_name)? == name {
        return Err(ConfigError::User(format!(
            "The cloud '{name}' cannot be unregistered as it's currently active."
        )));
    }
    if is_builtin(name) {
        return Err(ConfigError::User(format!(
            "The cloud '{name}' cannot be unregistered as it's not a custom cloud."
        )));
    }
    let mut file = IniFile::load(&dir.clouds_file())?;
    file.remove_section(name);
    file.save(&dir.clouds_file())
}

/// `cloud set --name N`: switch the active cloud and its default subscription. Returns the
/// warnings az prints (in order); nothing for a no-op switch.
pub fn cloud_set(
    dir: &ConfigDir,
    name: &str,
    env_cloud_name: Option<&str>,
) -> Result<Vec<String>, ConfigError> {
    if !all_clouds(dir)?.iter().any(|c| c.name == name) {
        return Err(not_registered(name));
    }
    if active_cloud_name(dir, env_cloud_name)? == name {
        return Ok(vec![]);
    }
    let mut cfg = IniFile::load(&dir.config_file())?;
    cfg.set("cloud", "name", name);
    cfg.save(&dir.config_file())?;
    let mut warnings = vec![format!("Switched active cloud to '{name}'.")];
    let mut profile = Profile::load(&dir.profile_file())?;
    let preferred = IniFile::load(&dir.clouds_file())?.get(name, "subscription");
    let candidate = preferred.or_else(|| {
        profile
            .subscriptions()
            .iter()
            .find(|s| {
                account::str_field(s, "environmentName") == name
                    && account::str_field(s, "state") == "Enabled"
            })
            .map(|s| account::str_field(s, "id").to_owned())
    });
    match candidate {
        Some(id) => {
            match account::set_default(&mut profile, name, &id) {
                Ok((sub_name, sub_id)) => {
                    profile.save(&dir.profile_file())?;
                    warnings.push(format!(
                        "Active subscription switched to '{sub_name} ({sub_id})'."
                    ));
                }
                Err(e) => {
                    warnings.push(e.to_string());
                    warnings.push("Unable to automatically switch the active subscription. Use 'az account set'.".into());
                }
            }
        }
        None => {
            warnings.push("Use 'az login' to log in to this cloud.".into());
            warnings.push("Use 'az account set' to set the active subscription.".into());
        }
    }
    Ok(warnings)
}

/// Record the per-cloud default subscription in `clouds.config`, as az does on `account set`
/// and `login`.
pub fn set_cloud_subscription(
    dir: &ConfigDir,
    cloud: &str,
    subscription_id: &str,
) -> Result<(), ConfigError> {
    let mut file = IniFile::load(&dir.clouds_file())?;
    file.set(cloud, "subscription", subscription_id);
    file.save(&dir.clouds_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_maps_login_and_arm() {
        let m = json!({"resourceManager":"https://127.0.0.1:8443/","authentication":{"loginEndpoint":"https://127.0.0.1:8443/","audiences":["https://management.core.windows.net/"]},"suffixes":{"storage":"core.windows.net"}});
        let c = Cloud::from_arm_metadata("Fake", &m);
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
        let c = Cloud::from_arm_metadata("Fake", &m);
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
