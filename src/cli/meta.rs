//! What az knows about a verb's arguments that clap's attributes cannot say, declared on the
//! verb's args struct ([`AzVerbArgs::AZ`]) and collected per noun (`XCommand::VERBS`): which
//! options `[defaults] group`/`location` fill, az's order of an option's spellings (its
//! `option_strings`, printed in usage errors), and a requirement that another option (a global
//! one) may satisfy. The generic parser reads it by command path ([`for_path`]) and knows no
//! verb by name; `verb_metadata_matches_the_clap_tree` checks every verb against the tree.

use super::{
    AccountCommand, AcrCommand, AksCommand, CloudCommand, CompletionCommand, ConfigCommand,
    ExtensionCommand, FeatureCommand, GroupCommand, IdentityCommand, LoginArgs, LogoutArgs,
    NetworkCommand, ProviderCommand, RoleCommand, VersionArgs,
};

/// Which `[defaults]` key fills an option when it is not given (az's `configured_default`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfiguredDefault {
    /// `[defaults] group`.
    Group,
    /// `[defaults] location`.
    Location,
}

/// az's argument metadata for one verb.
#[derive(Clone, Copy, Debug)]
pub struct VerbMeta {
    /// Options filled from `[defaults]` when not given: `(arg id, key)`.
    pub defaults: &'static [(&'static str, ConfiguredDefault)],
    /// Options whose az spellings are ordered otherwise than long, short, then alias pairs:
    /// `(arg id, az's option_strings)`.
    pub spellings: &'static [(&'static str, &'static [&'static str])],
    /// A value az requires that clap sees as optional because any of these arg ids (a global
    /// among them) supplies it, with the spelling az's "required" error names.
    pub required_any_of: Option<(&'static [&'static str], &'static str)>,
}

impl VerbMeta {
    /// A verb clap describes completely.
    pub const PLAIN: VerbMeta = VerbMeta {
        defaults: &[],
        spellings: &[],
        required_any_of: None,
    };
}

/// Implemented by every verb's args struct; the default is [`VerbMeta::PLAIN`].
pub trait AzVerbArgs {
    /// az's metadata for this verb.
    const AZ: VerbMeta = VerbMeta::PLAIN;
}

impl AzVerbArgs for LoginArgs {}
impl AzVerbArgs for LogoutArgs {}
impl AzVerbArgs for VersionArgs {}

/// Every verb's command path with its metadata, noun by noun.
pub fn all() -> impl Iterator<Item = (&'static str, VerbMeta)> {
    let top: &[(&str, VerbMeta)] = &[
        ("login", LoginArgs::AZ),
        ("logout", LogoutArgs::AZ),
        ("version", VersionArgs::AZ),
    ];
    [
        AccountCommand::VERBS,
        AcrCommand::VERBS,
        AksCommand::VERBS,
        CloudCommand::VERBS,
        CompletionCommand::VERBS,
        ConfigCommand::VERBS,
        ExtensionCommand::VERBS,
        FeatureCommand::VERBS,
        GroupCommand::VERBS,
        IdentityCommand::VERBS,
        NetworkCommand::VERBS,
        ProviderCommand::VERBS,
        RoleCommand::VERBS,
        top,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// The metadata of the verb at `path` (`"group create"`); plain for a path that is no verb.
pub fn for_path(path: &str) -> VerbMeta {
    all()
        .find(|(p, _)| *p == path)
        .map_or(VerbMeta::PLAIN, |(_, m)| m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::CommandFactory;

    fn leaves(cmd: &clap::Command, prefix: &str, out: &mut Vec<(String, clap::Command)>) {
        for sub in cmd.get_subcommands() {
            let path = if prefix.is_empty() {
                sub.get_name().to_string()
            } else {
                format!("{prefix} {}", sub.get_name())
            };
            if sub.has_subcommands() {
                leaves(sub, &path, out);
            } else {
                out.push((path, sub.clone()));
            }
        }
    }

    fn spellings_of(arg: &clap::Arg) -> Vec<String> {
        let longs = arg
            .get_long()
            .into_iter()
            .chain(arg.get_all_aliases().unwrap_or_default())
            .map(|l| format!("--{l}"));
        let shorts = arg
            .get_short()
            .into_iter()
            .chain(arg.get_all_short_aliases().unwrap_or_default())
            .map(|s| format!("-{s}"));
        let mut all: Vec<String> = longs.chain(shorts).collect();
        all.sort();
        all
    }

    #[test]
    fn verb_metadata_matches_the_clap_tree() {
        let mut root = Cli::command();
        root.build();
        let mut tree = Vec::new();
        leaves(&root, "", &mut tree);
        let declared: Vec<&str> = all().map(|(p, _)| p).collect();
        let mut tree_paths: Vec<&str> = tree.iter().map(|(p, _)| p.as_str()).collect();
        let mut sorted = declared.clone();
        sorted.sort_unstable();
        tree_paths.sort_unstable();
        assert_eq!(sorted, tree_paths, "every verb declares its metadata once");

        for (path, leaf) in &tree {
            let meta = for_path(path);
            let arg = |id: &str| {
                leaf.get_arguments()
                    .find(|a| a.get_id() == id)
                    .unwrap_or_else(|| panic!("{path}: no option '{id}'"))
            };
            for (id, _) in meta.defaults {
                assert!(!arg(id).is_positional(), "{path}: {id}");
            }
            for (id, order) in meta.spellings {
                // The reordering names only spellings the option has (the account verbs'
                // `--subscription` is the global option's) and drops none of its visible ones;
                // hidden aliases az keeps out of its list may stay out.
                let arg = arg(id);
                let have = spellings_of(arg);
                for s in *order {
                    assert!(
                        have.iter().any(|h| h == s) || *s == "--subscription",
                        "{path}: {id} has no spelling {s}"
                    );
                }
                let visible = arg
                    .get_long()
                    .map(|l| format!("--{l}"))
                    .into_iter()
                    .chain(arg.get_short().map(|c| format!("-{c}")))
                    .chain(
                        arg.get_visible_aliases()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|l| format!("--{l}")),
                    );
                for v in visible {
                    assert!(order.contains(&v.as_str()), "{path}: {id} drops {v}");
                }
            }
            if let Some((ids, _)) = meta.required_any_of {
                for id in ids {
                    arg(id);
                }
            }
        }
    }

    #[test]
    fn defaults_are_the_verbs_az_configures() {
        let with = |key: ConfiguredDefault| -> Vec<&str> {
            all()
                .filter(|(_, m)| m.defaults.iter().any(|(_, k)| *k == key))
                .map(|(p, _)| p)
                .collect()
        };
        assert_eq!(
            with(ConfiguredDefault::Group),
            [
                "acr create",
                "acr delete",
                "acr list",
                "acr show",
                "aks create",
                "aks delete",
                "aks get-credentials",
                "aks list",
                "aks nodepool list",
                "aks nodepool show",
                "aks nodepool upgrade",
                "aks show",
                "aks update",
                "aks wait",
                "identity create",
                "identity delete",
                "identity list",
                "identity show",
                "network vnet create",
                "network vnet delete",
                "network vnet list",
                "network vnet show",
                "network vnet subnet create",
                "network vnet subnet list",
                "network vnet subnet show",
            ]
        );
        assert_eq!(
            with(ConfiguredDefault::Location),
            [
                "acr create",
                "aks create",
                "group create",
                "network vnet create"
            ]
        );
    }
}
