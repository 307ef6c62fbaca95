//! Clouds: the built-in AzureCloud, AzureChinaCloud, AzureUSGovernment and AzureBleuCloud, plus
//! custom clouds in az's `clouds.config` (one INI section per cloud, options `profile`, `endpoint_<name>`,
//! `suffix_<name>` and the per-cloud default `subscription`), and the active cloud in `[cloud]
//! name` of `config` (env `AZURE_CLOUD_NAME` wins). Sections named after built-in clouds overlay
//! the built-in values, as in az. Clouds registered with az are seen by azrs and vice versa.
//!
//! The built-in values are what az 2.91.0 prints for `cloud list` (checked against the real az
//! by `tests/az_differential.rs`). That built-in table is data, and most of this file's length:
//! it stays here whole rather than being split.
//!
//! This is the model only: reading and writing the files, and [`CloudTarget`], the endpoints a
//! run talks to. The `cloud` verbs (how a cloud is printed, registered from ARM metadata,
//! switched) live in `commands::cloud`.

use super::ini::{IniError, python_check};
use super::{ConfigDir, ConfigError, IniFile, read_optional};

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

/// Whether `name` is one of az's built-in clouds (those cannot be unregistered).
pub fn is_builtin(name: &str) -> bool {
    builtin_clouds().iter().any(|c| c.name == name)
}

/// Sets attribute `k` of an endpoint or suffix list, keeping its position when present.
pub fn set_pair(list: &mut Vec<(String, String)>, k: &str, v: &str) {
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

/// What az does with `clouds.config` and the active cloud as it starts, before any command runs
/// (so for every command, `--help` included): a `clouds.config` with no section header is
/// deleted, with az's notice; any other error Python's `configparser` finds in it is az's
/// exception; an active cloud (`active_name`: `[cloud] name` of `config`, env first) that is not
/// registered is reset to AzureCloud in `config`. Returns the lines az prints on stderr, in
/// order; az prints them bare (no `WARNING: `: its logging is not set up yet at that point).
pub fn startup_check(
    dir: &ConfigDir,
    active_name: Option<&str>,
) -> Result<Vec<String>, ConfigError> {
    let mut notices = Vec::new();
    let path = dir.clouds_file();
    let mut sections = Vec::new();
    if let Some(bytes) = read_optional(&path)? {
        let text = String::from_utf8_lossy(&bytes);
        match python_check(&text, &path.to_string_lossy()) {
            Ok(()) => sections = IniFile::parse(&text).sections(),
            Err(IniError::MissingSectionHeader { .. }) => {
                std::fs::remove_file(&path).map_err(|e| ConfigError::io(&path, e))?;
                notices.push(format!(
                    "'{}' is in bad format and has been removed.",
                    path.display()
                ));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let name = active_name.unwrap_or("AzureCloud");
    let known = is_builtin(name) || sections.iter().any(|s| s == name);
    if !known {
        notices.push(format!("The cloud '{name}' is not registered."));
        // az's text, missing space included.
        notices.push("Resetting active cloud to'AzureCloud'.".to_owned());
    }
    // az records the reset cloud after the notices above, and the default one on every run
    // that finds none active (neither `AZURE_CLOUD_NAME` nor `[cloud] name`); azrs shares the
    // file, so it does the same. Recording the default is best effort: az fails every command
    // on a read-only config dir, azrs keeps the commands that only read working there (README).
    let record = || -> Result<(), ConfigError> {
        let config = dir.config_file();
        let mut file = IniFile::load(&config)?;
        file.set("cloud", "name", "AzureCloud");
        file.save_as_knack(&config)
    };
    if !known {
        record()?;
    } else if active_name.is_none() {
        let _ = record();
    }
    Ok(notices)
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

/// The cloud name azrs records for logins made against the embedded emulator.
pub const EMULATOR_CLOUD: &str = "AzrsEmulator";

/// The ARM audience az asks tokens for when a cloud names none.
pub const DEFAULT_ARM_SCOPE: &str = "https://management.core.windows.net//.default";

/// Where one run's ARM and token calls go, resolved once per run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudTarget {
    /// The resource-manager endpoint.
    pub endpoint: String,
    /// The Entra authority host.
    pub authority: String,
    /// The ARM token scope.
    pub scope: String,
    /// The cloud name subscriptions are recorded under.
    pub cloud_name: String,
}

impl CloudTarget {
    /// The embedded emulator answering at `origin` (ARM and authority alike).
    pub fn emulator(origin: &str) -> CloudTarget {
        CloudTarget {
            endpoint: format!("{origin}/"),
            authority: origin.to_string(),
            scope: DEFAULT_ARM_SCOPE.to_string(),
            cloud_name: EMULATOR_CLOUD.to_string(),
        }
    }

    /// The active cloud's endpoints ([`active_cloud`]); az's error when it has no resource
    /// manager.
    pub fn active(
        dir: &ConfigDir,
        env_cloud_name: Option<&str>,
    ) -> Result<CloudTarget, ConfigError> {
        let cloud = active_cloud(dir, env_cloud_name)?;
        let endpoint = cloud.resource_manager().map(str::to_owned).ok_or_else(|| {
            ConfigError::User(format!(
                "The cloud '{}' has no resource manager endpoint.",
                cloud.name
            ))
        })?;
        let authority = cloud
            .authority_host()
            .unwrap_or("https://login.microsoftonline.com")
            .to_string();
        let scope = cloud
            .arm_scope()
            .unwrap_or_else(|| DEFAULT_ARM_SCOPE.to_string());
        Ok(CloudTarget {
            endpoint,
            authority,
            scope,
            cloud_name: cloud.name,
        })
    }
}
