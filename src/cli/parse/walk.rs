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
        if tok == "-h" || tok == "--help" {
            return Err(ParseError::Help(help::render(root, &path, prog)));
        }
        if path.is_empty() && tok == "--version" {
            version = true;
            continue;
        }
        if is_option_like(tok) {
            rest.push(tok.clone());
            // A known option's value belongs to it, not to the command path.
            let takes_value = find_option(cur, tok).is_some_and(|a| a.get_action().takes_values());
            if takes_value && !tok.contains('=') && i < args.len() {
                rest.push(args[i].clone());
                i += 1;
            }
            continue;
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
