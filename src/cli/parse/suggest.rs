//! What az recommends after a parser error: `Did you mean` for a misspelled command word
//! (difflib ratio >= 0.7) and up to three help examples chosen as az's recommender does,
//! scored against the options the user typed. The example texts and the scoring live in
//! [`crate::cli::examples`] (a data table); this module only decides what to ask it.

use clap::Command;

use super::error::{Example, UsageError};
use super::option::az_spellings;
use crate::cli::difflib::get_close_matches;
use crate::cli::examples::{self, Mapping};

/// `'x' is misspelled or not recognized by the system.`, with a suggestion below the top level.
///
/// With a suggestion az looks up the examples of the command it infers: the group's words and
/// its arguments (`level`, the misspelling among them) with the misspelling replaced, joined
/// and cut at the first `-` (so `aks get-credental` or `group lst -n x` find no command and
/// show no examples). Having no command table for what was typed, it scores the examples with
/// its global options only.
pub(super) fn misspelled(
    group: &Command,
    path: &[String],
    word: &str,
    level: &[String],
    prog: &str,
) -> UsageError {
    let mut err = UsageError::new(format!(
        "'{word}' is misspelled or not recognized by the system."
    ));
    // az offers no suggestion for an unknown top-level command (golden G83).
    if path.is_empty() {
        return err;
    }
    let names: Vec<&str> = group
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name())
        .collect();
    if let Some(best) = get_close_matches(word, names, 3, 0.7).first() {
        err.recommendations.push(format!("Did you mean '{best}' ?"));
        let mut words: Vec<&str> = path.iter().map(String::as_str).collect();
        words.extend(
            level
                .iter()
                .map(|w| if w == word { *best } else { w.as_str() }),
        );
        let joined = words.join(" ");
        let inferred = joined
            .split_once('-')
            .map_or(joined.as_str(), |(head, _)| head);
        let typed = format!("{} {word}", path.join(" "));
        let user =
            examples::normalize_global(examples::option_names(level.iter().map(String::as_str)));
        err.examples = render_examples(
            examples::select(inferred, &typed, &user, Mapping::Global),
            prog,
        );
    }
    err
}

/// The examples az shows after a parser error in the command at `path` (argv after the
/// command words is `rest`), scored against the options the user gave.
pub(super) fn leaf_examples(
    leaf: &Command,
    path: &str,
    rest: &[String],
    prog: &str,
) -> Vec<Example> {
    if !examples::has_examples(path) {
        return Vec::new();
    }
    let mut user: Vec<String> = examples::option_names(rest.iter().map(String::as_str))
        .into_iter()
        .filter_map(|name| normal_option(leaf, path, name))
        .collect();
    user.sort();
    render_examples(examples::select(path, path, &user, Mapping::Command), prog)
}

/// az's normal form of an option name for the command at `path`: the longest spelling of the
/// option it names exactly (first in az's order on ties); `None` if the command has no such
/// option.
fn normal_option(leaf: &Command, path: &str, name: &str) -> Option<String> {
    let arg = leaf
        .get_arguments()
        .find(|a| az_spellings(path, a).iter().any(|s| s == name));
    match arg {
        Some(arg) => {
            let spellings = az_spellings(path, arg);
            let longest = spellings.iter().map(String::len).max().unwrap_or_default();
            spellings.into_iter().find(|s| s.len() == longest)
        }
        None => examples::normalize_global([name]).into_iter().next(),
    }
}

fn render_examples(selected: Vec<(&str, &str)>, prog: &str) -> Vec<Example> {
    selected
        .into_iter()
        .map(|(args, description)| Example {
            command: format!("{prog} {args}"),
            description: description.to_string(),
        })
        .collect()
}
