//! The command path: argv is walked word by word through the clap tree as argparse's
//! sub-parsers do, stopping at the leaf. A group without a verb shows its help (or the
//! `_subcommand` error), an unknown word is reported by [`super::suggest::misspelled`]. What the
//! leaf does with its own tokens is [`super::leaf`]'s business.

use clap::Command;

use super::error::{ParseError, UsageError};
use super::option::{find_option, is_option_like};
use super::suggest::misspelled;
use crate::cli::help;

/// The command path found in argv and the tokens left for the leaf.
pub(super) struct Walk {
    pub(super) path: Vec<String>,
    pub(super) rest: Vec<String>,
}

impl Walk {
    pub(super) fn leaf<'c>(&self, root: &'c Command) -> &'c Command {
        let mut cur = root;
        for word in &self.path {
            match cur.find_subcommand(word) {
                Some(sub) => cur = sub,
                None => break,
            }
        }
        cur
    }
}

/// What a token means to a group (a node with subcommands) on the walk.
enum Step {
    /// `-h`/`--help`: the group's help page.
    Help,
    /// `--version` at the root.
    Version,
    /// An option of the group's (kept for the leaf), with the next token as its value or not.
    Option { with_value: bool },
    /// A word: the next node of the path, or a misspelling.
    Word,
}

/// Classifies `tok` at group `cur` (`at_root` when the path is empty); `more` says whether a
/// token follows it. [`walk_path`] and [`noun`] share it, so they agree on the noun.
fn step(cur: &Command, at_root: bool, tok: &str, more: bool) -> Step {
    if tok == "-h" || tok == "--help" {
        return Step::Help;
    }
    if at_root && tok == "--version" {
        return Step::Version;
    }
    if is_option_like(tok) {
        // A known option's value belongs to it, not to the command path.
        let takes_value = find_option(cur, tok).is_some_and(|a| a.get_action().takes_values());
        return Step::Option {
            with_value: takes_value && !tok.contains('=') && more,
        };
    }
    Step::Word
}

/// The noun [`walk_path`] will descend into from `root`: the first word at the root level, or
/// `None` when the walk stays at the root (no word at all, or `-h`/`--help` before one). Only
/// the root's own options are read, so `root` may hold its nouns as stubs.
pub(super) fn noun<'a>(root: &Command, args: &'a [String]) -> Option<&'a str> {
    let mut i = 0;
    while i < args.len() {
        let tok = &args[i];
        i += 1;
        match step(root, true, tok, i < args.len()) {
            Step::Help => return None,
            Step::Version => {}
            Step::Option { with_value } => i += usize::from(with_value),
            Step::Word => return Some(tok),
        }
    }
    None
}

/// The command path to the leaf argv names, when it can be told before the tree is built:
/// the words from the noun down to a command without subcommands, with the root's own
/// options (the global options) allowed before the noun and nothing but words after it.
/// `None` when the walk would stop at a group (its page lists the children), meets `-h`,
/// `--version` or an option below the root, or a word that names nothing: then the walk
/// needs the whole built tree. Where it returns a path, [`walk_path`] walks the same one
/// (the same [`step`] at the root, the same subcommand lookup below it).
pub(super) fn leaf_path(root: &Command, args: &[String]) -> Option<Vec<String>> {
    let mut cur = root;
    let mut path = Vec::new();
    let mut i = 0;
    while cur.has_subcommands() {
        let tok = args.get(i)?;
        i += 1;
        match step(cur, path.is_empty(), tok, i < args.len()) {
            Step::Word => {
                cur = cur.find_subcommand(tok)?;
                path.push(cur.get_name().to_string());
            }
            Step::Option { with_value } if path.is_empty() => i += usize::from(with_value),
            Step::Option { .. } | Step::Help | Step::Version => return None,
        }
    }
    Some(path)
}

pub(super) fn walk_path(root: &Command, args: &[String], prog: &str) -> Result<Walk, ParseError> {
    let mut cur = root;
    let mut path: Vec<String> = Vec::new();
    let mut rest: Vec<String> = Vec::new();
    let mut version = false;
    let mut i = 0;
    // Where the current group's own arguments start (argparse hands each sub-parser the rest).
    let mut level_start = 0;
    if args.is_empty() {
        return Err(ParseError::Help(help::welcome(root, prog)));
    }
    while i < args.len() {
        let tok = &args[i];
        i += 1;
        if !cur.has_subcommands() {
            rest.push(tok.clone());
            continue;
        }
        match step(cur, path.is_empty(), tok, i < args.len()) {
            Step::Help => return Err(ParseError::Help(help::render(root, &path, prog))),
            Step::Version => {
                version = true;
                continue;
            }
            Step::Option { with_value } => {
                rest.push(tok.clone());
                if with_value {
                    rest.push(args[i].clone());
                    i += 1;
                }
                continue;
            }
            Step::Word => {}
        }
        match cur.find_subcommand(tok) {
            Some(sub) => {
                path.push(tok.clone());
                cur = sub;
                level_start = i;
            }
            None => {
                return Err(ParseError::Usage(misspelled(
                    cur,
                    &path,
                    tok,
                    &args[level_start..],
                    prog,
                )));
            }
        }
    }
    if cur.has_subcommands() {
        if path.is_empty() {
            if !version {
                return Err(ParseError::Help(help::render(root, &path, prog)));
            }
            path.push("version".to_string());
            rest.push("--version".to_string());
        } else {
            let mut err = UsageError::new("the following arguments are required: _subcommand");
            err.stdout = Some(help::render(root, &path, prog));
            return Err(ParseError::Usage(err));
        }
    }
    Ok(Walk { path, rest })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    #[test]
    fn the_noun_is_the_first_word_the_walk_descends_into() {
        let mut root = crate::cli::command();
        root.build();
        let stubs = Cli::command();
        let cases: &[(&str, Option<&str>)] = &[
            ("group show -n x", Some("group")),
            ("-o json group show -n x", Some("group")),
            ("--output=json group list", Some("group")),
            (
                "--query [].name --subscription aks group list",
                Some("group"),
            ),
            ("--debug version", Some("version")),
            ("--version", None),
            ("-h group", None),
            ("", None),
            ("grop list", Some("grop")),
            ("group", Some("group")),
            ("network vnet subnet list -g rg", Some("network")),
        ];
        for (argv, expected) in cases {
            let args: Vec<String> = argv.split_whitespace().map(String::from).collect();
            assert_eq!(noun(&stubs, &args), *expected, "{argv}");
            // Where the walk descends, it is into that noun.
            if let Ok(walk) = walk_path(&root, &args, "azrs")
                && expected.is_some()
            {
                assert_eq!(walk.path.first().map(String::as_str), *expected, "{argv}");
            }
        }
    }

    #[test]
    fn the_leaf_path_is_told_only_where_the_walk_would_find_the_same_leaf() {
        let mut root = crate::cli::command();
        root.build();
        let unbuilt = crate::cli::command();
        let cases: &[(&str, Option<&str>)] = &[
            ("group show -n x", Some("group show")),
            ("-o json group list", Some("group list")),
            ("--query [].name group list --tag a", Some("group list")),
            (
                "network vnet subnet list -g rg",
                Some("network vnet subnet list"),
            ),
            ("aks nodepool", None),
            ("group", None),
            ("group -o json show -n x", None),
            ("group --help", None),
            ("-h group show", None),
            ("--version", None),
            ("grop list", None),
            ("group shw", None),
            ("", None),
        ];
        for (argv, expected) in cases {
            let args: Vec<String> = argv.split_whitespace().map(String::from).collect();
            let told = leaf_path(&unbuilt, &args).map(|p| p.join(" "));
            assert_eq!(told.as_deref(), *expected, "{argv}");
            if let Some(path) = told {
                let walk = walk_path(&root, &args, "azrs").expect("a leaf walks");
                assert_eq!(walk.path.join(" "), path, "{argv}");
            }
        }
    }
}
