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

use std::collections::HashSet;
use std::ffi::OsString;
use std::fmt;

use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use super::difflib::get_close_matches;
use super::examples::{self, Mapping};
use super::meta::{self, ConfiguredDefault};
use super::{Cli, PROG};

/// The reference pair az prints after most parser errors.
const REFERENCE_LINK: &str = "https://aka.ms/cli_ref";
const REFERENCE_TEXT: &str = "Read more about the command in reference docs";
/// The recommendation az prints after a `--query` parser error.
const QUERY_REFERENCE: &str = "To learn more about --query, please visit: 'https://learn.microsoft.com/cli/azure/query-azure-cli'";

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

/// Why argv did not produce a command to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// `-h/--help`, or no command at all: print this text on stdout and exit 0.
    Help(String),
    /// A usage error: print [`UsageError::stdout`] (if any) on stdout and
    /// [`UsageError::stderr`] on stderr, exit 2.
    Usage(UsageError),
}

impl ParseError {
    /// The process exit code for this outcome (0 for help, 2 for usage errors).
    pub fn exit_code(&self) -> u8 {
        match self {
            ParseError::Help(_) => 0,
            ParseError::Usage(_) => UsageError::EXIT_CODE,
        }
    }
}

/// One help example: the command line and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The command line, starting with the program name.
    pub command: String,
    /// The example's description.
    pub description: String,
}

/// An argument-parser error, in the parts az prints them (so `term` can colour each part).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    /// The error record, printed as `ERROR: <message>`.
    pub message: String,
    /// Lines printed right below the error (`Did you mean 'list' ?`, the `--query` pointer).
    pub recommendations: Vec<String>,
    /// Examples printed under `Examples from command's help:`.
    pub examples: Vec<Example>,
    /// Whether the examples block and the `https://aka.ms/cli_ref` pair follow; az drops both
    /// when `[core] error_recommendation` is `off`.
    pub show_reference: bool,
    /// Text for stdout (a command group's help when its verb is missing).
    pub stdout: Option<String>,
}

impl UsageError {
    /// az exits with 2 on every parser error.
    pub const EXIT_CODE: u8 = 2;

    fn new(message: impl Into<String>) -> UsageError {
        UsageError {
            message: message.into(),
            recommendations: Vec::new(),
            examples: Vec::new(),
            show_reference: true,
            stdout: None,
        }
    }

    /// The error as a knack `error()` call reports it: the `--query` pointer for messages that
    /// mention `--query`, else the reference pair.
    fn from_error_call(message: String) -> UsageError {
        let mut err = UsageError::new(message);
        if err.message.contains("--query") {
            err.recommendations.push(QUERY_REFERENCE.to_string());
            err.show_reference = false;
        }
        err
    }

    /// The exact stderr text (uncoloured). `error_recommendation` is `[core]
    /// error_recommendation` (false when `off`): without it the examples and the reference
    /// pair are left out.
    pub fn stderr(&self, error_recommendation: bool) -> String {
        let mut out = format!("ERROR: {}\n", self.message);
        for line in &self.recommendations {
            out.push_str(line);
            out.push('\n');
        }
        if self.show_reference && error_recommendation {
            out.push('\n');
            if !self.examples.is_empty() {
                // az prints each example's title with a trailing newline of its own, so a
                // blank line follows every example, the last one included.
                out.push_str("Examples from command's help:\n");
                for ex in &self.examples {
                    out.push_str(&ex.command);
                    out.push('\n');
                    out.push_str(&ex.description);
                    out.push_str("\n\n");
                }
            }
            out.push_str(REFERENCE_LINK);
            out.push('\n');
            out.push_str(REFERENCE_TEXT);
            out.push('\n');
        }
        out
    }
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UsageError {}

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
    let mut root = apply_defaults(prepare(Cli::command(), opts.prog), opts);
    root.build();

    let walk = walk_path(&root, &args, opts.prog)?;
    let leaf = walk.leaf(&root);
    if walk.rest.iter().any(|t| t == "-h" || t == "--help") {
        return Err(ParseError::Help(leaf.clone().render_help().to_string()));
    }
    let scan = scan_leaf(&Leaf {
        cmd: leaf,
        path: walk.path.join(" "),
        rest: &walk.rest,
        prog: opts.prog,
    })
    .map_err(ParseError::Usage)?;

    let mut clap_argv: Vec<String> = Vec::with_capacity(args.len() + 1);
    clap_argv.push(opts.prog.to_string());
    clap_argv.extend(walk.path.iter().cloned());
    clap_argv.extend(scan.rewritten);
    let leaf = leaf.clone();
    let at = Leaf {
        cmd: &leaf,
        path: walk.path.join(" "),
        rest: &walk.rest,
        prog: opts.prog,
    };
    let matches = root
        .try_get_matches_from_mut(clap_argv)
        .map_err(|e| ParseError::Usage(from_clap_error(&e, &at)))?;
    let mut cli =
        Cli::from_arg_matches(&matches).map_err(|e| ParseError::Usage(from_clap_error(&e, &at)))?;
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

/// Makes options with a configured default optional and fills them in, as az does for
/// `[defaults] group` and `[defaults] location` (which options take them is each verb's
/// [`VerbMeta::defaults`]).
fn apply_defaults(mut root: Command, opts: &ParseOptions<'_>) -> Command {
    fn set_default(root: Command, path: &str, id: &str, value: &str) -> Command {
        let value = value.to_string();
        let id = id.to_string();
        let mut words = path.split(' ');
        let (Some(noun), Some(verb)) = (words.next(), words.next()) else {
            return root;
        };
        let verb = verb.to_string();
        root.mut_subcommand(noun, move |n| {
            n.mut_subcommand(verb, move |v| {
                v.mut_arg(id, move |a| a.required(false).default_value(value))
            })
        })
    }
    for (path, meta) in meta::all() {
        for (id, key) in meta.defaults {
            let value = match key {
                ConfiguredDefault::Group => opts.default_group,
                ConfiguredDefault::Location => opts.default_location,
            };
            if let Some(value) = value {
                root = set_default(root, path, id, value);
            }
        }
    }
    root
}

/// The command path found in argv and the tokens left for the leaf.
struct Walk {
    path: Vec<String>,
    rest: Vec<String>,
}

impl Walk {
    fn leaf<'c>(&self, root: &'c Command) -> &'c Command {
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

fn walk_path(root: &Command, args: &[String], prog: &str) -> Result<Walk, ParseError> {
    let mut cur = root;
    let mut path: Vec<String> = Vec::new();
    let mut rest: Vec<String> = Vec::new();
    let mut version = false;
    let mut i = 0;
    // Where the current group's own arguments start (argparse hands each sub-parser the rest).
    let mut level_start = 0;
    while i < args.len() {
        let tok = &args[i];
        i += 1;
        if !cur.has_subcommands() {
            rest.push(tok.clone());
            continue;
        }
        if tok == "-h" || tok == "--help" {
            return Err(ParseError::Help(cur.clone().render_help().to_string()));
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
                return Err(ParseError::Help(cur.clone().render_help().to_string()));
            }
            path.push("version".to_string());
        } else {
            let mut err = UsageError::new("the following arguments are required: _subcommand");
            err.stdout = Some(cur.clone().render_help().to_string());
            return Err(ParseError::Usage(err));
        }
    }
    Ok(Walk { path, rest })
}

/// `'x' is misspelled or not recognized by the system.`, with a suggestion below the top level.
///
/// With a suggestion az looks up the examples of the command it infers: the group's words and
/// its arguments (`level`, the misspelling among them) with the misspelling replaced, joined
/// and cut at the first `-` (so `aks get-credental` or `group lst -n x` find no command and
/// show no examples). Having no command table for what was typed, it scores the examples with
/// its global options only.
fn misspelled(
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
fn leaf_examples(leaf: &Command, path: &str, rest: &[String], prog: &str) -> Vec<Example> {
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

/// argparse treats `-5` and `-.5` as values, anything else starting with `-` (but `-` itself)
/// as an option.
fn is_option_like(tok: &str) -> bool {
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
fn find_option<'c>(cmd: &'c Command, tok: &str) -> Option<&'c Arg> {
    if let Some(long) = tok.strip_prefix("--") {
        let name = long.split_once('=').map_or(long, |(n, _)| n);
        cmd.get_arguments()
            .find(|a| longs(a).iter().any(|l| l == name))
    } else {
        let c = tok.chars().nth(1)?;
        cmd.get_arguments().find(|a| shorts(a).contains(&c))
    }
}

fn longs(arg: &Arg) -> Vec<String> {
    let mut out: Vec<String> = arg.get_long().map(str::to_string).into_iter().collect();
    out.extend(
        arg.get_all_aliases()
            .unwrap_or_default()
            .into_iter()
            .map(str::to_string),
    );
    out
}

fn shorts(arg: &Arg) -> Vec<char> {
    let mut out: Vec<char> = arg.get_short().into_iter().collect();
    out.extend(arg.get_all_short_aliases().unwrap_or_default());
    out
}

/// An option's spellings as az lists them: `--name/-n/--resource-group/-g`.
fn az_option_list(path: &str, arg: &Arg) -> String {
    az_spellings(path, arg).join("/")
}

/// An option's spellings in az's order (its `option_strings`).
fn az_spellings(path: &str, arg: &Arg) -> Vec<String> {
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
fn first_option(arg: &Arg) -> String {
    match (arg.get_long(), arg.get_short()) {
        (Some(l), _) => format!("--{l}"),
        (None, Some(s)) => format!("-{s}"),
        (None, None) => arg.get_id().to_string(),
    }
}

/// What the leaf scan found: the spellings typed and the argv to hand to clap.
struct Scan {
    typed: Vec<String>,
    rewritten: Vec<String>,
}

enum LongMatch<'c> {
    One(&'c Arg, String),
    Ambiguous(Vec<String>),
    None,
}

/// Resolves `--name` exactly, else as a unique prefix of one option (argparse's
/// `allow_abbrev`).
fn resolve_long<'c>(options: &[&'c Arg], name: &str) -> LongMatch<'c> {
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

/// The command being parsed, for the errors its own parser raises.
struct Leaf<'a> {
    cmd: &'a Command,
    /// The command words (`"group create"`).
    path: String,
    /// argv after the command words.
    rest: &'a [String],
    prog: &'a str,
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

fn scan_leaf(at: &Leaf<'_>) -> Result<Scan, UsageError> {
    let (leaf, path, rest, prog) = (at.cmd, at.path.as_str(), at.rest, at.prog);
    let options: Vec<&Arg> = leaf
        .get_arguments()
        .filter(|a| !a.is_positional())
        .filter(|a| !matches!(a.get_action(), ArgAction::Help | ArgAction::Version))
        .collect();
    let command_prog = format!("{prog} {path}");
    let mut present: HashSet<String> = HashSet::new();
    let mut extras: Vec<String> = Vec::new();
    let mut typed: Vec<String> = Vec::new();
    let mut rewritten: Vec<String> = Vec::new();

    let mut i = 0;
    while i < rest.len() {
        let tok = &rest[i];
        i += 1;
        if !is_option_like(tok) {
            extras.push(tok.clone());
            continue;
        }
        let (arg, spelling, inline, canonical) = if let Some(body) = tok.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            match resolve_long(&options, name) {
                LongMatch::One(arg, full) => {
                    (arg, format!("--{name}"), inline, format!("--{full}"))
                }
                LongMatch::Ambiguous(list) => {
                    return Err(at.error(format!(
                        "ambiguous option: {tok} could match {}",
                        list.join(", ")
                    )));
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
                return Err(at.error(format!(
                    "argument {}: ignored explicit argument '{v}'",
                    at.option_list(arg)
                )));
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
            return Err(at.error(format!("argument {}: {expected}", at.option_list(arg))));
        }
        for value in &values {
            check_value(arg, value, &command_prog, at)?;
        }
        rewritten.extend(values);
    }

    let mut missing: Vec<String> = Vec::new();
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
        return Err(at.error(format!(
            "the following arguments are required: {}",
            missing.join(", ")
        )));
    }
    // argparse reports leftovers from the top-level parser, whose help has no examples.
    if !extras.is_empty() {
        return Err(UsageError::from_error_call(format!(
            "unrecognized arguments: {}",
            extras.join(" ")
        )));
    }
    Ok(Scan { typed, rewritten })
}

/// argparse's per-value checks: `choices` (az's `_check_value`) and the `--query` type.
fn check_value(
    arg: &Arg,
    value: &str,
    command_prog: &str,
    at: &Leaf<'_>,
) -> Result<(), UsageError> {
    if arg.get_id() == "query" {
        // The one JMESPath compiler; its syntax error is argparse's text for this type.
        return crate::output::Query::compile(value)
            .map(drop)
            .map_err(|e| at.error(e.to_string()));
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
    Err(err)
}

/// A clap error that the az-style checks above did not anticipate, reported in argparse's
/// words where possible. The only typed (non-string) values are integers, so a value that
/// fails validation is argparse's `invalid int value`.
fn from_clap_error(err: &clap::Error, at: &Leaf<'_>) -> UsageError {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_picks_quotes_like_python() {
        assert_eq!(crate::py::repr::str_repr("[?name=="), "'[?name=='");
        assert_eq!(crate::py::repr::str_repr("[?a=='b'"), "\"[?a=='b'\"");
        assert_eq!(crate::py::repr::str_repr("a'b\"c"), "'a\\'b\"c'");
    }

    #[test]
    fn negative_numbers_are_values() {
        assert!(!is_option_like("-5"));
        assert!(!is_option_like("-"));
        assert!(is_option_like("-g"));
        assert!(is_option_like("--name"));
    }
}
