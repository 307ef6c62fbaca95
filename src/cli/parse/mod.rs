//! argv → [`Cli`], with az's parser behaviour and error texts.
//!
//! az parses with Python's argparse (through knack). Its observable rules, which clap does not
//! share, are reproduced here before clap sees the arguments:
//!
//! * the command path is resolved word by word; an unknown word is
//!   `'x' is misspelled or not recognized by the system.` (with `Did you mean 'y' ?` below the
//!   top level, difflib ratio ≥ 0.7) and a group without a verb is
//!   `the following arguments are required: _subcommand` with the group's help on stdout;
//! * options are consumed in argv order (long options may be abbreviated to a unique prefix);
//!   a bad choice or a missing value fails at once, then missing required options are
//!   reported together, then every unrecognised token (`unrecognized arguments: --foo bar`);
//! * `--query` is compiled while parsing, so a syntax error is a parser error;
//! * `-h`/`--help` prints az's help page ([`super::help`]) where argparse meets it: in a
//!   group, at once; in a command, after the tokens before it were checked (a bad value there
//!   is still an error) and before missing or unrecognised arguments are; with no arguments
//!   at all, az's welcome banner comes first;
//! * errors raised by a command's own parser (and a misspelled verb with a close match) end
//!   with up to three of the command's help examples, chosen as az's recommender does
//!   ([`super::examples`]); `unrecognized arguments` comes from the top-level parser and
//!   shows none.
//!
//! Once these checks pass, clap builds the typed [`Cli`]; for valid input both agree.
//! This parser knows no verb by name: what az says about a particular verb's options
//! (configured defaults, spelling order, requirements a global option satisfies) is declared on
//! that verb's args struct and read through [`super::meta`].
//! The texts follow the goldens G78 and G82–G87 (`spec/golden/output-goldens.json`).
//!
//! The pieces: [`walk`] finds the command path, [`leaf`] scans the leaf's options the way
//! argparse does, [`option`] knows how an option is spelled, [`suggest`] builds the
//! "did you mean" lines and picks help examples, [`error`] holds the error values and their
//! exact texts. This file wires them together and hands the result to clap.

mod error;
mod leaf;
mod option;
mod suggest;
mod walk;

use std::ffi::OsString;

use clap::{Command, FromArgMatches};

use super::help;
use super::meta::{self, ConfiguredDefault};
use super::nouns::{self, Nouns};
use super::{Cli, PROG};
use leaf::{Leaf, from_clap_error, scan_leaf};
use walk::walk_path;

pub use error::{ParseError, UsageError, UsagePiece};

/// Settings the parser needs from outside: the program name to print and the configured
/// defaults (`[defaults] group` / `location`) that make `-g` / `-l` optional, as in az.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions<'a> {
    /// The program name printed in messages, usage and examples (`azrs`; tests use `az`).
    pub prog: &'a str,
    /// `[defaults] group` (env `AZURE_DEFAULTS_GROUP`): default for the aks `--resource-group`.
    pub default_group: Option<&'a str>,
    /// `[defaults] location` (env `AZURE_DEFAULTS_LOCATION`): default for `--location`.
    pub default_location: Option<&'a str>,
}

impl Default for ParseOptions<'_> {
    fn default() -> Self {
        ParseOptions {
            prog: PROG,
            default_group: None,
            default_location: None,
        }
    }
}

/// Parses argv (the first item is the program path and is ignored) with default
/// [`ParseOptions`] (program name `azrs`, no configured defaults).
pub fn parse_from<I, T>(argv: I) -> Result<Cli, ParseError>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    parse_with(&ParseOptions::default(), argv)
}

/// Parses argv (the first item is the program path and is ignored) the way az would.
pub fn parse_with<I, T>(opts: &ParseOptions<'_>, argv: I) -> Result<Cli, ParseError>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let args: Vec<String> = argv
        .into_iter()
        .skip(1)
        .map(|a| a.into().to_string_lossy().into_owned())
        .collect();
    // Only the noun argv names is in the tree (see `nouns::root`): building every noun's
    // options, or even copying the global options into every other noun, was most of the
    // start-up azrs itself controls.
    let which = match walk::noun(&nouns::root(Nouns::None), &args) {
        Some(word) => Nouns::Only(word),
        None => Nouns::All,
    };
    let mut root = apply_defaults(prepare(nouns::root(which), opts.prog), opts);
    // A command's run reads its own node and the groups above it, never a sibling: building
    // the tree copies every global option and `--help` into every node, so siblings left in
    // full cost as much again as the command itself (issue 12, goal 1).
    if let Some(path) = walk::leaf_path(&root, &args) {
        root = path_only(root, &path);
    }
    root.build();

    let walk = walk_path(&root, &args, opts.prog)?;
    let leaf = walk.leaf(&root);
    let scan = scan_leaf(&Leaf {
        cmd: leaf,
        path: walk.path.join(" "),
        rest: &walk.rest,
        prog: opts.prog,
    })?;
    if scan.help {
        return Err(ParseError::Help(help::render(&root, &walk.path, opts.prog)));
    }

    let mut clap_argv: Vec<String> = Vec::with_capacity(args.len() + 1);
    clap_argv.push(opts.prog.to_string());
    clap_argv.extend(walk.path.iter().cloned());
    clap_argv.extend(scan.rewritten);
    // clap's errors are reworded with the leaf's help (looked up again only then: the tree
    // is borrowed mutably while clap parses).
    let usage = |root: &Command, e: &clap::Error| {
        ParseError::Usage(from_clap_error(
            e,
            &Leaf {
                cmd: walk.leaf(root),
                path: walk.path.join(" "),
                rest: &walk.rest,
                prog: opts.prog,
            },
        ))
    };
    let matches = match root.try_get_matches_from_mut(clap_argv) {
        Ok(m) => m,
        Err(e) => return Err(usage(&root, &e)),
    };
    let mut cli = Cli::from_arg_matches(&matches).map_err(|e| usage(&root, &e))?;
    cli.typed_options = scan.typed;
    Ok(cli)
}

/// Names the tree after `prog` and lets a repeated option override the earlier one (argparse
/// keeps the last value; clap would reject the repetition).
pub(super) fn prepare(cmd: Command, prog: &str) -> Command {
    fn override_self(cmd: Command) -> Command {
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        let mut cmd = cmd.args_override_self(true);
        for name in names {
            cmd = cmd.mut_subcommand(name, override_self);
        }
        cmd
    }
    override_self(cmd.name(prog.to_string()).bin_name(prog.to_string()))
}

/// `root` with the groups on `path` (names, from the noun down to the leaf) holding only the
/// next node of the path: no sibling of a node on the path is left in the tree. Building a
/// group copies every global option and `--help` into each of its subcommands, so siblings,
/// even as empty stubs, cost as much again as the command itself (`aks` has nine).
fn path_only(root: Command, path: &[String]) -> Command {
    let Some((noun, below)) = path.split_first() else {
        return root;
    };
    root.mut_subcommand(noun, |group| keep_only(group, below))
}

/// `group` holding only its subcommand `path[0]` (itself cut down the same way).
fn keep_only(group: Command, path: &[String]) -> Command {
    let Some((next, below)) = path.split_first() else {
        return group;
    };
    let mut kept = None;
    let group = group.mut_subcommands(|sub| {
        if kept.is_none() && sub.get_name() == next {
            kept = Some(sub);
            Command::new("")
        } else {
            sub
        }
    });
    match kept {
        Some(kept) => shell(&group).subcommand(keep_only(kept, below)),
        None => group,
    }
}

/// A group's node without its subcommands: the same name, texts, order and settings (the
/// test `a_group_shell_is_the_group_without_its_subcommands` compares everything clap's
/// `Debug` shows of every group of the tree).
fn shell(group: &Command) -> Command {
    let mut shell = Command::new(group.get_name().to_string())
        .subcommand_required(group.is_subcommand_required_set())
        .arg_required_else_help(group.is_arg_required_else_help_set())
        .args_override_self(group.is_args_override_self())
        .hide(group.is_hide_set())
        .display_order(group.get_display_order())
        .args(group.get_arguments().cloned())
        .groups(group.get_groups().cloned());
    if let Some(about) = group.get_about() {
        shell = shell.about(about.clone());
    }
    if let Some(about) = group.get_long_about() {
        shell = shell.long_about(about.clone());
    }
    shell
}

/// Makes options with a configured default optional and fills them in, as az does for
/// `[defaults] group` and `[defaults] location` (which options take them is each verb's
/// [`VerbMeta::defaults`]).
fn apply_defaults(mut root: Command, opts: &ParseOptions<'_>) -> Command {
    // Walks the whole path, so verbs of nested groups (`network vnet subnet create`) get
    // their defaults too.
    fn set_default(cmd: Command, words: &[&str], id: &str, value: &str) -> Command {
        match words.split_first() {
            None => {
                let value = value.to_string();
                cmd.mut_arg(id, move |a| a.required(false).default_value(value))
            }
            Some((word, rest)) => {
                let (rest, id, value) = (
                    rest.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
                    id.to_string(),
                    value.to_string(),
                );
                cmd.mut_subcommand(*word, move |sub| {
                    let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
                    set_default(sub, &rest, &id, &value)
                })
            }
        }
    }
    fn has_path(root: &Command, words: &[&str]) -> bool {
        let mut cur = root;
        for word in words {
            match cur.find_subcommand(word) {
                Some(sub) => cur = sub,
                None => return false,
            }
        }
        true
    }
    for (path, meta) in meta::all() {
        for (id, key) in meta.defaults {
            let value = match key {
                ConfiguredDefault::Group => opts.default_group,
                ConfiguredDefault::Location => opts.default_location,
            };
            if let Some(value) = value {
                let words: Vec<&str> = path.split(' ').collect();
                // A verb of a noun left as a stub is not in the tree: nothing to default.
                if words.len() >= 2 && has_path(&root, &words) {
                    root = set_default(root, &words, id, value);
                }
            }
        }
    }
    root
}

#[cfg(test)]
mod tests {
    #[test]
    fn repr_picks_quotes_like_python() {
        assert_eq!(crate::py::repr::str_repr("[?name=="), "'[?name=='");
        assert_eq!(crate::py::repr::str_repr("[?a=='b'"), "\"[?a=='b'\"");
        assert_eq!(crate::py::repr::str_repr("a'b\"c"), "'a\\'b\"c'");
    }
}

#[cfg(test)]
mod path_only_tests {
    use super::*;

    /// Every group of the tree, unbuilt, as `prepare` leaves it.
    fn groups(cmd: &Command, out: &mut Vec<Command>) {
        for sub in cmd.get_subcommands() {
            if sub.has_subcommands() {
                out.push(sub.clone());
                groups(sub, out);
            }
        }
    }

    #[test]
    fn a_group_shell_is_the_group_without_its_subcommands() {
        let root = prepare(nouns::root(Nouns::All), "azrs");
        let mut all = Vec::new();
        groups(&root, &mut all);
        assert!(all.len() > 15, "{}", all.len());
        for group in all {
            let rebuilt = shell(&group).subcommands(group.get_subcommands().cloned());
            let (rebuilt, group_text) = (format!("{rebuilt:?}"), format!("{group:?}"));
            let at = rebuilt
                .bytes()
                .zip(group_text.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(rebuilt.len().min(group_text.len()));
            assert_eq!(
                rebuilt
                    .get(at.saturating_sub(200)..)
                    .map(|t| &t[..t.len().min(300)]),
                group_text
                    .get(at.saturating_sub(200)..)
                    .map(|t| &t[..t.len().min(300)]),
                "{}",
                group.get_name()
            );
        }
    }
}
