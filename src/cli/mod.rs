//! The command-line surface of azrs: the clap tree (one file per noun) and the az-compatible
//! argument parser around it.
//!
//! This module is pure data plus pure functions. It owns the names, short forms, defaults,
//! choices and help text of every command and option (mirroring az 2.91), and turns argv into
//! a typed [`Cli`] or into a [`ParseError`] whose text matches what az's argparse-based parser
//! prints (`ERROR: unrecognized arguments: ...`, `the following arguments are required: ...`,
//! invalid choices, misspelled commands). It does no I/O: it neither reads the environment or
//! config files (the app passes configured defaults in [`ParseOptions`]) nor prints anything
//! (the app prints [`ParseError`]'s texts through `term`).
//!
//! The tree follows uv's shape: `XNamespace { command: XCommand }`,
//! `enum XCommand { Verb(XVerbArgs), ... }`, one `XVerbArgs` struct per leaf; doc comments are
//! the help text.

mod account;
mod acr;
mod aks;
mod choice;
mod cloud;
mod completion;
mod config;
mod difflib;
mod examples;
mod extension;
mod feature;
mod group;
pub mod help;
mod identity;
mod login;
pub mod meta;
mod network;
mod nouns;
mod parse;
mod provider;
mod role;
mod wait;

pub use account::*;
pub use acr::*;
pub use aks::*;
pub use cloud::*;
pub use completion::*;
pub use config::*;
pub use extension::*;
pub use feature::*;
pub use group::*;
pub use identity::*;
pub use login::*;
pub use network::*;
pub use nouns::Command;
pub use parse::{ParseError, ParseOptions, UsageError, UsagePiece, parse_from, parse_with};
pub use provider::*;
pub use role::*;
pub use wait::WaitArgs;

use clap::{Args, CommandFactory, Parser, ValueEnum};

/// The program name azrs prints where az prints `az`.
pub const PROG: &str = "azrs";

/// azrs: a fast mirror of the Azure CLI for provisioning AKS clusters.
#[derive(Debug, Parser)]
#[command(
    name = "azrs",
    bin_name = "azrs",
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_required = true,
    arg_required_else_help = false
)]
pub struct Cli {
    /// Options every command accepts.
    #[command(flatten)]
    pub global: GlobalArgs,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,

    /// The option spellings the user typed, in argv order (global options included), e.g.
    /// `["-g", "-n", "--enable-managed-identity"]`. Filled by [`parse_with`]; this is what az
    /// sends as the `ParameterSetName` header.
    #[arg(skip)]
    pub typed_options: Vec<String>,
}

/// Options accepted by every command (az's global arguments).
#[derive(Debug, Clone, Default, Args)]
pub struct GlobalArgs {
    /// Output format.
    ///
    /// When absent, the app falls back to `AZURE_CORE_OUTPUT`, then `[core] output` in the
    /// config file, then `json`.
    #[arg(
        short = 'o',
        long,
        global = true,
        value_enum,
        ignore_case = true,
        value_name = "FORMAT"
    )]
    pub output: Option<OutputFormat>,

    /// JMESPath query string. See http://jmespath.org/ for more information and examples.
    #[arg(long, global = true, value_name = "JMESPATH")]
    pub query: Option<String>,

    /// Name or ID of subscription. You can configure the default subscription using
    /// `az account set -s NAME_OR_ID`.
    #[arg(long, global = true, value_name = "NAME_OR_ID")]
    pub subscription: Option<String>,

    /// Increase logging verbosity to show all debug logs.
    #[arg(long, global = true)]
    pub debug: bool,

    /// Increase logging verbosity. Use --debug for full debug logs.
    #[arg(long, global = true)]
    pub verbose: bool,

    /// Only show errors, suppressing warnings.
    #[arg(long, global = true)]
    pub only_show_errors: bool,

    /// Acquire an Azure Policy token automatically for this resource operation: before every
    /// request that is not a GET, az asks `acquirePolicyToken` and sends the token along
    /// (`arm::policy_token`). Not on `list`/`show` commands ([`global_option_applies`]).
    #[arg(long, global = true, hide = true)]
    pub acquire_policy_token: bool,

    /// The related change reference ID for this resource operation: sent in the policy token
    /// request, which it turns on as `--acquire-policy-token` does. Not on `list`/`show`.
    #[arg(long, global = true, hide = true, value_name = "ID")]
    pub change_reference: Option<String>,
}

/// Whether the global option with clap id `id` is an option of the command `path`
/// (`"group show"`) in az 2.91, whose parser rejects it elsewhere as an unrecognised argument.
/// az adds its policy arguments to every command but those named `list` or `show`
/// (`register_global_policy_argument`), and `--subscription` to the commands that work on a
/// subscription (`account show/set` and `login` declare their own). The help goldens list the
/// same sets (checked by a test).
pub fn global_option_applies(path: &str, id: &str) -> bool {
    let verb = path.rsplit(' ').next().unwrap_or(path);
    match id {
        "acquire_policy_token" | "change_reference" => verb != "list" && verb != "show",
        "subscription" => {
            let noun = path.split(' ').next().unwrap_or(path);
            !matches!(
                noun,
                "cloud" | "config" | "configure" | "extension" | "logout"
            ) && !matches!(
                path,
                "account clear" | "account list" | "account list-locations"
            )
        }
        _ => true,
    }
}

/// The values `--output/-o` accepts (matched case-insensitively): the renderer's own format
/// enum, so the parser and the renderer can never disagree on the list.
pub use crate::output::Format as OutputFormat;

/// `--output` as clap sees it: az's seven names in az's order (the order of its "Allowed
/// values" message), each with its `--help` line.
impl ValueEnum for OutputFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &OutputFormat::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let help = match self {
            OutputFormat::Json => "JSON, sorted keys, two-space indent.",
            OutputFormat::Jsonc => "Coloured JSON.",
            OutputFormat::Yaml => "YAML.",
            OutputFormat::Yamlc => "Coloured YAML.",
            OutputFormat::Table => "A human-readable table.",
            OutputFormat::Tsv => "Tab-separated values, no keys.",
            OutputFormat::None => "No output, only errors and warnings.",
        };
        Some(clap::builder::PossibleValue::new(self.name()).help(help))
    }
}

/// `version` takes no options of its own; `azrs --version` arrives here with `text` set
/// (az prints its text layout for the flag and JSON for the command).
#[derive(Debug, Clone, Default, Args)]
pub struct VersionArgs {
    #[arg(long = "version", hide = true)]
    pub text: bool,
}

impl Command {
    /// The command name as az spells it (`"aks create"`); az sends it as the `CommandName`
    /// header.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Account(ns) => ns.command.name(),
            Command::Acr(ns) => ns.command.name(),
            Command::Aks(ns) => ns.command.name(),
            Command::Cloud(ns) => ns.command.name(),
            Command::Completion(ns) => ns.command.name(),
            Command::Config(ns) => ns.command.name(),
            Command::Configure(_) => "configure",
            Command::Extension(ns) => ns.command.name(),
            Command::Feature(ns) => ns.command.name(),
            Command::Group(ns) => ns.command.name(),
            Command::Identity(ns) => ns.command.name(),
            Command::Login(_) => "login",
            Command::Logout(_) => "logout",
            Command::Network(ns) => ns.command.name(),
            Command::Provider(ns) => ns.command.name(),
            Command::Role(ns) => ns.command.name(),
            Command::Version(_) => "version",
        }
    }
}

/// The clap command for the whole tree, every noun in full (for help rendering and shell
/// completion), named `azrs`.
pub fn command() -> clap::Command {
    parse::prepare(nouns::expand(Cli::command(), nouns::Nouns::All), PROG)
}

#[cfg(test)]
mod global_tests {
    use super::*;

    // The rule above against az's own help pages: an option is in a command's help exactly
    // when the rule says the command takes it.
    #[test]
    fn global_options_follow_azs_help_pages() {
        let mut checked = 0;
        for path in help::paths() {
            let Some(page) = help::page(&path) else {
                continue;
            };
            if page.kind != "command" {
                continue;
            }
            for (id, name) in [
                ("acquire_policy_token", "--acquire-policy-token"),
                ("change_reference", "--change-reference"),
                ("subscription", "--subscription"),
            ] {
                let listed = page
                    .arguments
                    .iter()
                    .any(|a| a.names.iter().any(|n| n == name));
                assert_eq!(global_option_applies(&path, id), listed, "{path} {name}");
                checked += 1;
            }
        }
        assert!(checked > 100, "only {checked} checks");
    }
}
