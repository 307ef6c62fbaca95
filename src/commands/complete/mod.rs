//! `azrs completion names` (the words typed in `AZRS_COMPLETE_WORDS`): the resource names a shell's completion hook offers
//! for `-g/--resource-group`, `-n/--name` (group, aks, identity, acr, network vnet),
//! `--cluster-name`, `--vnet-name` and `--namespace` (resource provider namespaces), listed
//! from the live subscription.
//!
//! This module owns three decisions: what the words typed ask for ([`query_for`]), where the
//! answer comes from (the [`cache`] in the config dir when it is fresh, else one ARM list
//! through the usual credential and token cache, with no retries and no provider
//! registration, cut off after [`BUDGET`]), and that any failure (not signed in, offline, a
//! slow or broken server, an unusable cache) completes nothing and prints nothing: a shell's
//! Tab key must never show an error or hang. It does not parse the command line as clap
//! would; it looks only at the command path, the option before the cursor and `-g`.

pub mod cache;

use std::time::{Duration, SystemTime};

use crate::arm::{ArmClient, ArmPath, api};
use crate::commands::{Ctx, Outcome};

/// The whole time a completion may take, token and every page included.
pub const BUDGET: Duration = Duration::from_secs(2);

/// What can be completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    ResourceGroup,
    Cluster,
    Identity,
    Registry,
    VirtualNetwork,
    ProviderNamespace,
}

impl NameKind {
    /// The cache key's word for this kind.
    pub fn key(self) -> &'static str {
        match self {
            NameKind::ResourceGroup => "groups",
            NameKind::Cluster => "clusters",
            NameKind::Identity => "identities",
            NameKind::Registry => "registries",
            NameKind::VirtualNetwork => "vnets",
            NameKind::ProviderNamespace => "providers",
        }
    }

    /// The provider collection below a subscription or group, for the kinds that have one.
    fn collection(self) -> Option<&'static str> {
        Some(match self {
            NameKind::Cluster => "providers/Microsoft.ContainerService/managedClusters",
            NameKind::Identity => "providers/Microsoft.ManagedIdentity/userAssignedIdentities",
            NameKind::Registry => "providers/Microsoft.ContainerRegistry/registries",
            NameKind::VirtualNetwork => "providers/Microsoft.Network/virtualNetworks",
            NameKind::ResourceGroup | NameKind::ProviderNamespace => return None,
        })
    }

    /// The api-version the matching `list` command uses.
    fn api_version(self) -> &'static str {
        match self {
            NameKind::ResourceGroup => api::RESOURCE_GROUPS,
            NameKind::Cluster => api::MANAGED_CLUSTERS,
            NameKind::Identity => crate::commands::identity::API,
            NameKind::Registry => crate::commands::acr::REGISTRY_API,
            NameKind::VirtualNetwork => crate::commands::network::VNET_API,
            NameKind::ProviderNamespace => api::PROVIDERS,
        }
    }
}

/// What the words typed ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameQuery {
    pub kind: NameKind,
    /// `-g`/`--resource-group` given earlier on the line, for the kinds that live in a group.
    pub resource_group: Option<String>,
    /// The word under the cursor: only names starting with it are offered.
    pub prefix: String,
}

/// Reads `words` (the line after the program name, the last being the word completed).
pub fn query_for(words: &[String]) -> Option<NameQuery> {
    let (prefix, before) = words.split_last()?;
    let option = before.last()?.as_str();
    let path: Vec<&str> = before
        .iter()
        .map(String::as_str)
        .take_while(|w| !w.starts_with('-'))
        .collect();
    let kind = match option {
        "-g" | "--resource-group" => NameKind::ResourceGroup,
        "--cluster-name" => NameKind::Cluster,
        "--vnet-name" => NameKind::VirtualNetwork,
        "--namespace" => NameKind::ProviderNamespace,
        "-n" | "--name" => match path.as_slice() {
            ["group", ..] => NameKind::ResourceGroup,
            ["aks", "nodepool", ..] => return None,
            ["aks", ..] => NameKind::Cluster,
            ["identity", ..] => NameKind::Identity,
            ["acr", ..] => NameKind::Registry,
            ["network", "vnet", "subnet", ..] => return None,
            ["network", "vnet", ..] => NameKind::VirtualNetwork,
            _ => return None,
        },
        _ => return None,
    };
    let resource_group = match kind {
        NameKind::ResourceGroup | NameKind::ProviderNamespace => None,
        _ => given_group(&before[..before.len() - 1]),
    };
    Some(NameQuery {
        kind,
        resource_group,
        prefix: prefix.clone(),
    })
}

/// The last `-g X`, `--resource-group X` or `--resource-group=X` among `words`.
fn given_group(words: &[String]) -> Option<String> {
    let mut found = None;
    let mut iter = words.iter();
    while let Some(w) = iter.next() {
        if w == "-g" || w == "--resource-group" {
            found = iter.next().cloned();
        } else if let Some(v) = w.strip_prefix("--resource-group=") {
            found = Some(v.to_owned());
        }
    }
    found.filter(|g| !g.is_empty())
}

/// The ARM list for `query` in `subscription`.
pub fn list_path(subscription: &str, query: &NameQuery) -> ArmPath {
    let sub = ArmPath::subscription(subscription);
    match (query.kind, query.kind.collection(), &query.resource_group) {
        (NameKind::ResourceGroup, ..) => crate::commands::group::groups_path(subscription),
        (NameKind::ProviderNamespace, ..) => sub.lit("providers"),
        (_, Some(collection), Some(rg)) => sub.lit("resourceGroups").seg(rg).lit(collection),
        (_, Some(collection), None) => sub.lit(collection),
        (_, None, _) => sub,
    }
}

/// The names in list items (`namespace` for providers), sorted as a person reads them.
pub fn names_of(kind: NameKind, items: &[serde_json::Value]) -> Vec<String> {
    let field = match kind {
        NameKind::ProviderNamespace => "namespace",
        _ => "name",
    };
    let mut names: Vec<String> = items
        .iter()
        .filter_map(|i| i.get(field).and_then(|v| v.as_str()))
        .map(str::to_owned)
        .collect();
    names.sort_by_key(|n| n.to_lowercase());
    names.dedup();
    names
}

/// Lists the names for `query` with `client` (whose retries are switched off here), giving up
/// after `budget`. `None` on any failure or on the deadline.
pub async fn list_names(
    client: &ArmClient,
    subscription: &str,
    query: &NameQuery,
    budget: Duration,
) -> Option<Vec<String>> {
    let client = client
        .reconfigured(|o| {
            o.retry.max_retries = 0;
            o.auto_register_providers = false;
        })
        .ok()?;
    let path = list_path(subscription, query);
    let items = tokio::time::timeout(budget, client.list_all(&path, query.kind.api_version()))
        .await
        .ok()?
        .ok()?;
    Some(names_of(query.kind, &items))
}

/// The words in `AZRS_COMPLETE_WORDS` (each followed by a newline), or none when it is unset.
pub fn words_from_env(value: Option<&str>) -> Vec<String> {
    value
        .map(|v| {
            v.strip_suffix('\n')
                .unwrap_or(v)
                .split('\n')
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The hidden command: the matching names, one a line, or nothing at all.
pub async fn run(ctx: &Ctx) -> Outcome {
    let words = words_from_env(ctx.env.get(crate::cli::WORDS_ENV).map(String::as_str));
    Outcome::raw(complete(ctx, &words).await.unwrap_or_default())
}

async fn complete(ctx: &Ctx, words: &[String]) -> Option<String> {
    let query = query_for(words)?;
    let arm = ctx.arm().ok()?;
    let cache_file = cache::path(ctx.config_dir.path());
    let key = cache::key(&arm.subscription_id, &query);
    let now = SystemTime::now();
    let names = match cache::lookup(&cache_file, &key, now) {
        Some(names) => names,
        None => {
            let names = list_names(&arm.client, &arm.subscription_id, &query, BUDGET).await?;
            // A cache that cannot be written only costs the next completion a request.
            let _ = cache::store(&cache_file, &key, &names, now);
            names
        }
    };
    let mut out = String::new();
    for name in names.iter().filter(|n| n.starts_with(&query.prefix)) {
        out.push_str(name);
        out.push('\n');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line as the hooks send it: spaces become the newlines between words.
    fn words(line: &str) -> Vec<String> {
        words_from_env(Some(&format!("{}\n", line.replace(' ', "\n"))))
    }

    fn kind(line: &str) -> Option<NameKind> {
        query_for(&words(line)).map(|q| q.kind)
    }

    #[test]
    fn the_option_and_command_decide_what_is_listed() {
        assert_eq!(kind("group show -n "), Some(NameKind::ResourceGroup));
        assert_eq!(kind("aks show -g rg -n c"), Some(NameKind::Cluster));
        assert_eq!(kind("aks show -g "), Some(NameKind::ResourceGroup));
        assert_eq!(kind("identity show --name "), Some(NameKind::Identity));
        assert_eq!(kind("acr show -n "), Some(NameKind::Registry));
        assert_eq!(
            kind("network vnet show -n "),
            Some(NameKind::VirtualNetwork)
        );
        assert_eq!(
            kind("network vnet subnet list --vnet-name "),
            Some(NameKind::VirtualNetwork)
        );
        assert_eq!(
            kind("aks nodepool list --cluster-name "),
            Some(NameKind::Cluster)
        );
        assert_eq!(
            kind("provider register --namespace Microsoft.C"),
            Some(NameKind::ProviderNamespace)
        );
        assert_eq!(kind("aks nodepool show -n "), None);
        assert_eq!(kind("network vnet subnet show -n "), None);
        assert_eq!(kind("aks create -l "), None);
        assert_eq!(kind(""), None);
    }

    #[test]
    fn the_group_typed_earlier_narrows_the_list() {
        let q = query_for(&words("aks show --resource-group=rg1 -g rg2 -n my")).expect("query");
        assert_eq!(q.resource_group.as_deref(), Some("rg2"));
        assert_eq!(q.prefix, "my");
        assert_eq!(
            list_path("s", &q).as_str(),
            "/subscriptions/s/resourceGroups/rg2/providers/Microsoft.ContainerService/managedClusters"
        );
        let q = query_for(&words("group show -g x -n ")).expect("query");
        assert_eq!(q.resource_group, None);
        assert_eq!(
            list_path("s", &q).as_str(),
            "/subscriptions/s/resourcegroups"
        );
        let q = query_for(&words("acr list -g ")).expect("query");
        assert_eq!(q.kind, NameKind::ResourceGroup);
    }

    #[test]
    fn names_are_sorted_without_duplicates() {
        let items = vec![
            serde_json::json!({"name": "b"}),
            serde_json::json!({"name": "A"}),
            serde_json::json!({"name": "b"}),
            serde_json::json!({"id": "no name"}),
        ];
        assert_eq!(names_of(NameKind::Cluster, &items), ["A", "b"]);
        let items = vec![serde_json::json!({"namespace": "Microsoft.Network"})];
        assert_eq!(
            names_of(NameKind::ProviderNamespace, &items),
            ["Microsoft.Network"]
        );
    }
}
