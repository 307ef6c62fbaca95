//! The top-level nouns (`account`, `aks`, `group`, ...) and how much of the clap tree is built
//! for one run.
//!
//! Building the whole tree (every noun, verb and option, then clap's `build()` over all of
//! it) was the largest part of azrs's start-up that azrs itself controls (issue 12, goal 1),
//! yet a run needs the subtree of one noun: `group show` never looks at `aks`'s options. So
//! the noun enum's clap impls are written here by hand rather than derived: [`Cli::command`]
//! gives each noun as a shell (name and summary) whose subtree clap adds only when it builds
//! that noun ([`clap::Command::defer`]), and [`expand`] turns that root into one with the one noun argv
//! names in full and every other noun as a plain stub (name and summary, never expanded), which
//! is all the walk, the top-level error texts and completion of noun names read. The root's
//! own help lists nouns as groups or commands, so a walk that stays at the root gets every
//! noun in full. Each noun is built exactly as the derive built it (its args, then the
//! variant's summary), so help pages and completion scripts keep their bytes.
//!
//! [`Cli::command`]: clap::CommandFactory::command

use clap::{ArgMatches, Args, FromArgMatches, Subcommand};

use super::*;

/// One top-level noun: its name, its one-line summary (clap's `about`, without the trailing
/// period, as the derive wrote it from the variant's doc comment) and the function that adds
/// its subtree.
pub(crate) struct Noun {
    /// The word on the command line.
    pub(crate) name: &'static str,
    about: &'static str,
    /// Adds the noun's options and verbs to a command named after it, then sets the summary
    /// (last, so the variant's summary wins over the args struct's doc comment, as in the
    /// derive).
    expand: fn(clap::Command) -> clap::Command,
}

impl Noun {
    /// The noun with its whole subtree.
    pub(crate) fn full(&self) -> clap::Command {
        (self.expand)(clap::Command::new(self.name))
    }

    /// The noun as a name and a summary only: enough for the walk to recognise (or not) the
    /// word, never expanded.
    pub(crate) fn stub(&self) -> clap::Command {
        summary(clap::Command::new(self.name), self.about)
    }

    /// The stub that clap expands into [`Noun::full`] when it builds it (for any caller of
    /// [`Cli::command`](clap::CommandFactory::command) that builds the tree itself).
    fn deferred(&self) -> clap::Command {
        self.stub().defer(self.expand)
    }
}

/// The summary as the derive sets it from a one-paragraph doc comment.
fn summary(cmd: clap::Command, about: &'static str) -> clap::Command {
    cmd.about(about).long_about(None::<&str>)
}

/// Declares the noun enum, its table and its clap impls from one list, so a noun cannot be in
/// one and missing from another.
macro_rules! nouns {
    ($($(#[doc = $doc:literal])* $variant:ident($ty:ty) = $name:literal, $about:literal;)*) => {
        /// The top-level commands.
        #[derive(Debug)]
        pub enum Command {
            $($(#[doc = $doc])* $variant($ty),)*
        }

        /// Every noun, in the order the root's help lists them.
        pub(crate) const NOUNS: &[Noun] = &[
            $(Noun {
                name: $name,
                about: $about,
                expand: |cmd| summary(<$ty as Args>::augment_args(cmd), $about),
            },)*
        ];

        impl FromArgMatches for Command {
            fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
                Self::from_arg_matches_mut(&mut matches.clone())
            }

            fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
                match matches.remove_subcommand() {
                    $(Some((name, mut sub)) if name == $name => Ok(Command::$variant(
                        <$ty as FromArgMatches>::from_arg_matches_mut(&mut sub)?,
                    )),)*
                    Some((name, _)) => Err(clap::Error::raw(
                        clap::error::ErrorKind::InvalidSubcommand,
                        format!("the subcommand '{name}' wasn't recognized"),
                    )),
                    None => Err(clap::Error::raw(
                        clap::error::ErrorKind::MissingSubcommand,
                        "a subcommand is required but one was not provided",
                    )),
                }
            }

            fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
                self.update_from_arg_matches_mut(&mut matches.clone())
            }

            fn update_from_arg_matches_mut(
                &mut self,
                matches: &mut ArgMatches,
            ) -> Result<(), clap::Error> {
                *self = Self::from_arg_matches_mut(matches)?;
                Ok(())
            }
        }
    };
}

nouns! {
    /// Manage Azure subscription information.
    Account(AccountNamespace) = "account", "Manage Azure subscription information";
    /// Manage private registries with Azure Container Registries.
    Acr(AcrNamespace) = "acr", "Manage private registries with Azure Container Registries";
    /// Azure Kubernetes Service.
    Aks(AksNamespace) = "aks", "Azure Kubernetes Service";
    /// Manage registered Azure clouds.
    Cloud(CloudNamespace) = "cloud", "Manage registered Azure clouds";
    /// Print a shell completion script for azrs.
    Completion(CompletionNamespace) = "completion", "Print a shell completion script for azrs";
    /// Manage Azure CLI configuration.
    Config(ConfigNamespace) = "config", "Manage Azure CLI configuration";
    /// Manage Azure CLI configuration (its non-interactive forms).
    Configure(ConfigureArgs) = "configure",
        "Manage Azure CLI configuration (its non-interactive forms)";
    /// Manage and update CLI extensions.
    Extension(ExtensionNamespace) = "extension", "Manage and update CLI extensions";
    /// Manage resource provider features.
    Feature(FeatureNamespace) = "feature", "Manage resource provider features";
    /// Manage resource groups and template deployments.
    Group(GroupNamespace) = "group", "Manage resource groups and template deployments";
    /// Manage Managed Identities.
    Identity(IdentityNamespace) = "identity", "Manage Managed Identities";
    /// Log in to Azure.
    Login(Box<LoginArgs>) = "login", "Log in to Azure";
    /// Log out to remove access to Azure subscriptions.
    Logout(LogoutArgs) = "logout", "Log out to remove access to Azure subscriptions";
    /// Manage Azure Network resources.
    Network(NetworkNamespace) = "network", "Manage Azure Network resources";
    /// Manage resource providers.
    Provider(ProviderNamespace) = "provider", "Manage resource providers";
    /// Manage Azure role-based access control (Azure RBAC).
    Role(RoleNamespace) = "role", "Manage Azure role-based access control (Azure RBAC)";
    /// Show the versions of Azure CLI modules and extensions in JSON format by default or format
    /// configured by --output.
    Version(VersionArgs) = "version",
        "Show the versions of Azure CLI modules and extensions in JSON format by default or format configured by --output";
}

/// Which nouns [`Command::augment_subcommands`] adds to the root the derive builds: every
/// noun deferred (what [`Cli::command`] gives any caller), or, while [`root`] builds one, a
/// single noun in full or none at all.
///
/// [`Cli::command`]: clap::CommandFactory::command
#[derive(Clone, Copy)]
enum RootNouns {
    Deferred,
    Sole(usize),
    Without,
}

thread_local! {
    /// Set by [`root`] for the length of one `Cli::command()` call on this thread.
    static ROOT_NOUNS: std::cell::Cell<RootNouns> = const { std::cell::Cell::new(RootNouns::Deferred) };
}

/// The root command exactly as the derive builds it (name, settings, global options), with
/// only the nouns `which` asks for:
/// - [`Nouns::Only`] naming a noun: that noun alone, in full, at the place it has among all
///   nouns. A run that names a noun never reads the others (the walk descends into it at
///   once, and every text it can print is that noun's), while each noun in the root costs
///   clap a copy of every global option and of `--help` when it builds the root: most of
///   the heap and the page faults of a start-up (issue 12, goal 1);
/// - [`Nouns::Only`] naming no noun: every noun as a stub (the misspelled-command texts list
///   them all);
/// - [`Nouns::All`]: every noun in full (the root's help, completion);
/// - [`Nouns::None`]: no noun (enough to read the global options before the noun).
pub(crate) fn root(which: Nouns<'_>) -> clap::Command {
    use clap::CommandFactory;
    let sole = match which {
        Nouns::Only(name) => NOUNS
            .iter()
            .position(|n| n.name == name)
            .map(RootNouns::Sole),
        Nouns::None => Some(RootNouns::Without),
        Nouns::All => None,
    };
    match sole {
        Some(nouns) => {
            ROOT_NOUNS.set(nouns);
            let root = super::Cli::command();
            ROOT_NOUNS.set(RootNouns::Deferred);
            root
        }
        None => expand(super::Cli::command(), which),
    }
}

impl Subcommand for Command {
    fn augment_subcommands(cmd: clap::Command) -> clap::Command {
        match ROOT_NOUNS.get() {
            RootNouns::Deferred => cmd.subcommands(NOUNS.iter().map(Noun::deferred)),
            // clap numbers arguments and subcommands in the order they are added; the noun
            // keeps the number it has among all nouns.
            RootNouns::Sole(i) => {
                let noun = &NOUNS[i];
                cmd.subcommand(noun.full())
                    .mut_subcommand(noun.name, |sub| {
                        let first = sub.get_display_order();
                        sub.display_order(first + i)
                    })
            }
            RootNouns::Without => cmd,
        }
    }

    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_subcommands(cmd)
    }

    fn has_subcommand(name: &str) -> bool {
        NOUNS.iter().any(|n| n.name == name)
    }
}

/// Which nouns [`expand`] builds in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nouns<'a> {
    /// Every noun (the root's help, completion).
    All,
    /// The noun with this name, if it is one; every other noun is a stub ([`expand`]) or
    /// left out ([`root`]).
    Only(&'a str),
    /// No noun ([`root`] only).
    None,
}

/// `root` (as [`Cli::command`] gives it: every noun deferred) with the nouns `which` names in
/// full and the others as stubs that clap never expands.
///
/// [`Cli::command`]: clap::CommandFactory::command
pub(crate) fn expand(root: clap::Command, which: Nouns<'_>) -> clap::Command {
    root.mut_subcommands(|sub| {
        // The place clap gave the shell when it was added (completion scripts order by it).
        let order = sub.get_display_order();
        match NOUNS.iter().find(|n| n.name == sub.get_name()) {
            Some(noun) if which == Nouns::All || which == Nouns::Only(noun.name) => {
                noun.full().display_order(order)
            }
            Some(noun) => noun.stub().display_order(order),
            // Not a noun of ours (none today): left as clap has it.
            None => sub,
        }
    })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn a_noun_built_alone_is_the_same_as_in_the_whole_tree() {
        let mut all = expand(Cli::command(), Nouns::All);
        all.build();
        for noun in NOUNS {
            let mut one = expand(Cli::command(), Nouns::Only(noun.name));
            one.build();
            let full = all.find_subcommand(noun.name).expect("a noun of the tree");
            let alone = one.find_subcommand(noun.name).expect("a noun of the tree");
            assert_eq!(format!("{full:#?}"), format!("{alone:#?}"), "{}", noun.name);
            let names = |root: &clap::Command| -> Vec<String> {
                root.get_subcommands()
                    .map(|s| format!("{} {:?}", s.get_name(), s.get_about()))
                    .collect()
            };
            assert_eq!(names(&all), names(&one), "the root lists every noun");
            for other in one.get_subcommands().filter(|s| s.get_name() != noun.name) {
                assert!(!other.has_subcommands(), "{} is a stub", other.get_name());
            }
            // The root a run builds for a noun it names: that noun alone, the same to the
            // last setting (its place among the nouns included), the root otherwise as built
            // with every noun.
            let mut sole = root(Nouns::Only(noun.name));
            sole.build();
            assert_eq!(
                names(&sole),
                [names(&one)[NOUNS.iter().position(|n| n.name == noun.name).unwrap()].clone()]
            );
            let alone = sole.find_subcommand(noun.name).expect("the noun");
            assert_eq!(format!("{full:#?}"), format!("{alone:#?}"), "{}", noun.name);
            let settings = |root: &clap::Command| {
                let mut root = root.clone();
                root = root.mut_subcommands(|s| s.about("-"));
                format!(
                    "{:?} {:?} {:?}",
                    root.get_name(),
                    root.get_bin_name(),
                    root.get_arguments()
                        .map(|a| format!("{a:?}"))
                        .collect::<Vec<_>>()
                )
            };
            assert_eq!(settings(&all), settings(&sole), "{}", noun.name);
        }
        // A word that is no noun gets every noun as a stub; `None`, no noun at all.
        let stubs = root(Nouns::Only("grop"));
        assert_eq!(stubs.get_subcommands().count(), NOUNS.len());
        assert!(stubs.get_subcommands().all(|s| !s.has_subcommands()));
        let bare = root(Nouns::None);
        assert_eq!(bare.get_subcommands().count(), 0);
        assert_eq!(
            bare.get_arguments()
                .map(|a| a.get_id().as_str())
                .collect::<Vec<_>>(),
            Cli::command()
                .get_arguments()
                .map(|a| a.get_id().as_str())
                .collect::<Vec<_>>()
        );
        // The thread's setting is back: `Cli::command()` defers every noun again.
        assert_eq!(Cli::command().get_subcommands().count(), NOUNS.len());
    }

    #[test]
    fn clap_expands_deferred_nouns_into_the_same_tree() {
        // Any caller that builds `Cli::command()` itself (completion, metadata checks) sees
        // every verb and option.
        fn paths(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
            for sub in cmd.get_subcommands() {
                let path = format!("{prefix} {}", sub.get_name());
                let mut args: Vec<&str> =
                    sub.get_arguments().map(|a| a.get_id().as_str()).collect();
                args.sort_unstable();
                out.push(format!("{path} {:?} {args:?}", sub.get_about()));
                paths(sub, &path, out);
            }
        }
        let mut lazy = Cli::command();
        lazy.build();
        let mut full = expand(Cli::command(), Nouns::All);
        full.build();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        paths(&lazy, "", &mut a);
        paths(&full, "", &mut b);
        assert!(a.len() > 80, "{}", a.len());
        assert_eq!(a, b);
    }
}
