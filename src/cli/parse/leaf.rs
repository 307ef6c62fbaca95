//! The leaf command's own tokens, consumed in argv order as argparse does: abbreviated long
//! options, attached short values, `choices` and the `--query` type checked value by value,
//! then missing required options together, then every unrecognised token. A clap error the
//! scan did not foresee is reworded here too. It builds the argv clap parses afterwards;
//! the command path itself was found by [`super::walk`].

use std::collections::HashSet;

use clap::{Arg, ArgAction, Command};

use super::error::{Example, ParseError, UsageError};
use super::option::{
    LongMatch, az_option_list, find_option, first_option, is_option_like, resolve_long, shorts,
};
use super::suggest::leaf_examples;
use crate::cli::difflib::get_close_matches;
use crate::cli::meta;

/// What the leaf scan found: the spellings typed and the argv to hand to clap.
pub(super) struct Scan {
    pub(super) typed: Vec<String>,
    pub(super) rewritten: Vec<String>,
    /// `-h`/`--help` was reached: argparse prints the help there and exits, so what came
    /// before it was checked and what comes after it is not.
    pub(super) help: bool,
}

/// The command being parsed, for the errors its own parser raises.
pub(super) struct Leaf<'a> {
    pub(super) cmd: &'a Command,
    /// The command words (`"group create"`).
    pub(super) path: String,
    /// argv after the command words.
    pub(super) rest: &'a [String],
    pub(super) prog: &'a str,
}

impl Leaf<'_> {
    /// An error raised by the command's parser (az's `error()` there): the `--query` pointer,
    /// or the command's best help examples and the reference pair.
    fn error(&self, message: String) -> UsageError {
        let mut err = UsageError::from_error_call(message);
        if err.show_reference {
            err.examples = self.examples();
        }
        err
    }

    fn examples(&self) -> Vec<Example> {
        leaf_examples(self.cmd, &self.path, self.rest, self.prog)
    }

    fn option_list(&self, arg: &Arg) -> String {
        az_option_list(&self.path, arg)
    }
}

pub(super) fn scan_leaf(at: &Leaf<'_>) -> Result<Scan, ParseError> {
    let (leaf, path, rest, prog) = (at.cmd, at.path.as_str(), at.rest, at.prog);
    let options: Vec<&Arg> = leaf
        .get_arguments()
        .filter(|a| !a.is_positional())
        .filter(|a| !matches!(a.get_action(), ArgAction::Version))
        // clap gives every leaf each global option; az's parser does not (`--change-reference`
        // on a `show` is an unrecognised argument there).
        .filter(|a| crate::cli::global_option_applies(path, a.get_id().as_str()))
        .collect();
    let command_prog = format!("{prog} {path}");
    let mut present: HashSet<String> = HashSet::new();
    let mut extras: Vec<String> = Vec::new();
    let mut typed: Vec<String> = Vec::new();
    let mut rewritten: Vec<String> = Vec::new();

    // Positional arguments (`config set KEY=VALUE ...`): tokens no option takes, in order.
    let positionals: Vec<&Arg> = leaf.get_arguments().filter(|a| a.is_positional()).collect();
    let mut loose: Vec<String> = Vec::new();

    let mut i = 0;
    while i < rest.len() {
        let tok = &rest[i];
        i += 1;
        if tok == "-h" {
            return Ok(Scan {
                typed,
                rewritten,
                help: true,
            });
        }
        if !is_option_like(tok) {
            if positionals.is_empty() {
                extras.push(tok.clone());
            } else {
                loose.push(tok.clone());
            }
            continue;
        }
        let (arg, spelling, inline, canonical) = if let Some(body) = tok.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            match resolve_long(&options, name) {
                // An abbreviation of `--help` is `--help` for argparse.
                LongMatch::One(arg, _) if matches!(arg.get_action(), ArgAction::Help) => {
                    return Ok(Scan {
                        typed,
                        rewritten,
                        help: true,
                    });
                }
                LongMatch::One(arg, full) => {
                    (arg, format!("--{name}"), inline, format!("--{full}"))
                }
                LongMatch::Ambiguous(list) => {
                    return Err(at
                        .error(format!(
                            "ambiguous option: {tok} could match {}",
                            list.join(", ")
                        ))
                        .into());
                }
                LongMatch::None => {
                    extras.push(tok.clone());
                    continue;
                }
            }
        } else {
            let mut chars = tok.chars();
            chars.next();
            let c = chars.next().unwrap_or('-');
            let attached: String = chars.collect();
            match options.iter().find(|a| shorts(a).contains(&c)) {
                Some(arg) if attached.is_empty() || arg.get_action().takes_values() => {
                    let inline = (!attached.is_empty()).then_some(attached);
                    (*arg, format!("-{c}"), inline, format!("-{c}"))
                }
                _ => {
                    extras.push(tok.clone());
                    continue;
                }
            }
        };
        typed.push(spelling);
        present.insert(arg.get_id().to_string());
        rewritten.push(canonical);

        if !arg.get_action().takes_values() {
            if let Some(v) = inline {
                return Err(at
                    .error(format!(
                        "argument {}: ignored explicit argument '{v}'",
                        at.option_list(arg)
                    ))
                    .into());
            }
            continue;
        }
        let range = arg.get_num_args().unwrap_or_default();
        let (min, max) = (range.min_values(), range.max_values());
        let mut values: Vec<String> = Vec::new();
        if let Some(v) = inline {
            values.push(v);
        } else {
            while values.len() < max && i < rest.len() && !is_option_like(&rest[i]) {
                values.push(rest[i].clone());
                i += 1;
            }
        }
        if values.len() < min {
            let expected = if max > 1 {
                "expected at least one argument"
            } else {
                "expected one argument"
            };
            return Err(at
                .error(format!("argument {}: {expected}", at.option_list(arg)))
                .into());
        }
        for value in &values {
            check_value(arg, value, &command_prog, at)?;
        }
        rewritten.extend(values);
    }

    let mut missing: Vec<String> = Vec::new();
    // argparse fills positionals in declaration order; what none takes is unrecognised.
    let mut loose = loose.into_iter().peekable();
    let mut positional_values: Vec<String> = Vec::new();
    for arg in &positionals {
        let max = arg.get_num_args().map_or(1, |r| r.max_values());
        let before = positional_values.len();
        while positional_values.len() - before < max {
            match loose.next() {
                Some(v) => positional_values.push(v),
                None => break,
            }
        }
        if arg.is_required_set() && positional_values.len() == before {
            missing.push(arg.get_id().to_string());
        }
    }
    extras.extend(loose);
    if !positional_values.is_empty() {
        rewritten.push("--".to_string());
        rewritten.extend(positional_values);
    }
    for arg in &options {
        if arg.is_required_set() && !present.contains(arg.get_id().as_str()) {
            missing.push(at.option_list(arg));
        }
    }
    if let Some((ids, spelling)) = meta::for_path(path).required_any_of
        && !ids.iter().any(|id| present.contains(*id))
    {
        missing.push(spelling.to_string());
    }
    if !missing.is_empty() {
        return Err(at
            .error(format!(
                "the following arguments are required: {}",
                missing.join(", ")
            ))
            .into());
    }
    // argparse reports leftovers from the top-level parser, whose help has no examples.
    if !extras.is_empty() {
        return Err(UsageError::from_error_call(format!(
            "unrecognized arguments: {}",
            extras.join(" ")
        ))
        .into());
    }
    Ok(Scan {
        typed,
        rewritten,
        help: false,
    })
}

/// argparse's per-value checks: `choices` (az's `_check_value`) and the `--query` type.
fn check_value(
    arg: &Arg,
    value: &str,
    command_prog: &str,
    at: &Leaf<'_>,
) -> Result<(), ParseError> {
    if arg.get_id() == "query" {
        // The one JMESPath compiler; its syntax error is argparse's text for this type.
        return crate::output::Query::compile(value)
            .map(drop)
            .map_err(|e| match e {
                crate::output::QueryError::TooDeep => ParseError::Unexpected(e.to_string()),
                e => at.error(e.to_string()).into(),
            });
    }
    let choices: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|p| !p.is_hide_set())
        .map(|p| p.get_name().to_string())
        .collect();
    if choices.is_empty() || choices.iter().any(|c| c.eq_ignore_ascii_case(value)) {
        return Ok(());
    }
    // `--output` is lower-cased before it is checked.
    let shown = if arg.get_id() == "output" {
        value.to_lowercase()
    } else {
        value.to_string()
    };
    let mut err = UsageError::new(format!(
        "{command_prog}: '{shown}' is not a valid value for '{}'. Allowed values: {}.",
        first_option(arg),
        choices.join(", ")
    ));
    if let Some(best) =
        get_close_matches(&shown, choices.iter().map(String::as_str), 3, 0.7).first()
    {
        err.recommendations.push(format!("Did you mean '{best}' ?"));
    }
    err.examples = at.examples();
    Err(err.into())
}

/// A clap error that the az-style checks above did not anticipate, reported in argparse's
/// words where possible. The only typed (non-string) values are integers, so a value that
/// fails validation is argparse's `invalid int value`.
pub(super) fn from_clap_error(err: &clap::Error, at: &Leaf<'_>) -> UsageError {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let arg = match err.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(s)) => {
            s.split_whitespace().next().unwrap_or_default().to_string()
        }
        _ => String::new(),
    };
    let arg_list = find_option(at.cmd, &arg).map_or_else(|| arg.clone(), |a| at.option_list(a));
    let value = match err.get(ContextKind::InvalidValue) {
        Some(ContextValue::String(s)) => s.clone(),
        _ => String::new(),
    };
    let message = match err.kind() {
        ErrorKind::ValueValidation if !arg.is_empty() => {
            format!(
                "argument {arg_list}: invalid int value: {}",
                crate::py::repr::str_repr(&value)
            )
        }
        ErrorKind::InvalidValue if !arg.is_empty() => {
            format!(
                "argument {arg_list}: invalid value: {}",
                crate::py::repr::str_repr(&value)
            )
        }
        _ => {
            let text = err.render().to_string();
            let first = text.lines().next().unwrap_or_default();
            first.strip_prefix("error: ").unwrap_or(first).to_string()
        }
    };
    at.error(message)
}
