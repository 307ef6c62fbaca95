//! How an option is spelled: argparse's option-or-value rule for `-5`, exact and abbreviated
//! long names (`allow_abbrev`), short forms, and az's own listing order of an option's
//! spellings (`--name/-n`), which a verb may declare in [`crate::cli::meta`]. It reads the
//! clap tree only; it raises no errors.

use clap::{Arg, Command};

use crate::cli::meta;

/// argparse treats `-5` and `-.5` as values, anything else starting with `-` (but `-` itself)
/// as an option.
pub(super) fn is_option_like(tok: &str) -> bool {
    if !tok.starts_with('-') || tok == "-" {
        return false;
    }
    let body = &tok[1..];
    let negative_number = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.chars().filter(|c| *c == '.').count() <= 1
        && !body.ends_with('.');
    !negative_number
}

/// The option of `cmd` that `tok` names exactly (`--name`, `--name=x`, `-n`, `-nx`).
pub(super) fn find_option<'c>(cmd: &'c Command, tok: &str) -> Option<&'c Arg> {
    if let Some(long) = tok.strip_prefix("--") {
        let name = long.split_once('=').map_or(long, |(n, _)| n);
        cmd.get_arguments()
            .find(|a| longs(a).iter().any(|l| l == name))
    } else {
        let c = tok.chars().nth(1)?;
        cmd.get_arguments().find(|a| shorts(a).contains(&c))
    }
}

pub(super) fn longs(arg: &Arg) -> Vec<String> {
    let mut out: Vec<String> = arg.get_long().map(str::to_string).into_iter().collect();
    out.extend(
        arg.get_all_aliases()
            .unwrap_or_default()
            .into_iter()
            .map(str::to_string),
    );
    out
}

pub(super) fn shorts(arg: &Arg) -> Vec<char> {
    let mut out: Vec<char> = arg.get_short().into_iter().collect();
    out.extend(arg.get_all_short_aliases().unwrap_or_default());
    out
}

/// An option's spellings as az lists them: `--name/-n/--resource-group/-g`.
pub(super) fn az_option_list(path: &str, arg: &Arg) -> String {
    az_spellings(path, arg).join("/")
}

/// An option's spellings in az's order (its `option_strings`).
pub(super) fn az_spellings(path: &str, arg: &Arg) -> Vec<String> {
    if let Some((_, order)) = meta::for_path(path)
        .spellings
        .iter()
        .find(|(id, _)| arg.get_id() == *id)
    {
        return order.iter().map(|s| (*s).to_string()).collect();
    }
    let mut parts: Vec<String> = Vec::new();
    if let Some(l) = arg.get_long() {
        parts.push(format!("--{l}"));
    }
    if let Some(s) = arg.get_short() {
        parts.push(format!("-{s}"));
    }
    let aliases = arg.get_visible_aliases().unwrap_or_default();
    let short_aliases = arg.get_visible_short_aliases().unwrap_or_default();
    for k in 0..aliases.len().max(short_aliases.len()) {
        if let Some(a) = aliases.get(k) {
            parts.push(format!("--{a}"));
        }
        if let Some(s) = short_aliases.get(k) {
            parts.push(format!("-{s}"));
        }
    }
    parts
}

/// az's `option_strings[0]`: the first spelling, used in "not a valid value for" messages.
pub(super) fn first_option(arg: &Arg) -> String {
    match (arg.get_long(), arg.get_short()) {
        (Some(l), _) => format!("--{l}"),
        (None, Some(s)) => format!("-{s}"),
        (None, None) => arg.get_id().to_string(),
    }
}

pub(super) enum LongMatch<'c> {
    One(&'c Arg, String),
    Ambiguous(Vec<String>),
    None,
}

/// Resolves `--name` exactly, else as a unique prefix of one option (argparse's
/// `allow_abbrev`).
pub(super) fn resolve_long<'c>(options: &[&'c Arg], name: &str) -> LongMatch<'c> {
    for arg in options {
        if longs(arg).iter().any(|l| l == name) {
            return LongMatch::One(arg, name.to_string());
        }
    }
    let mut hits: Vec<(&'c Arg, String)> = Vec::new();
    for arg in options {
        if let Some(l) = longs(arg).into_iter().find(|l| l.starts_with(name)) {
            hits.push((arg, l));
        }
    }
    match hits.len() {
        0 => LongMatch::None,
        1 => {
            let (arg, full) = hits.remove(0);
            LongMatch::One(arg, full)
        }
        _ => LongMatch::Ambiguous(hits.into_iter().map(|(_, l)| format!("--{l}")).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_numbers_are_values() {
        assert!(!is_option_like("-5"));
        assert!(!is_option_like("-"));
        assert!(is_option_like("-g"));
        assert!(is_option_like("--name"));
    }
}
