//! az 2.91's help texts as data, one JSON file per noun under `data/` (compiled in).
//!
//! The files hold what az's help object says about each page (summaries, argument groups,
//! option names, `[Required]`, allowed values, defaults, value sources, status tags and
//! messages, examples), dumped from the real az by `tests/golden/help/extract.py`
//! (`tests/golden/help/capture.sh` regenerates them with the goldens), plus azrs's own pages
//! (`completion`) written by hand in the same shape. This module only finds and decodes a
//! page; laying it out is [`super::layout`]'s job. build.rs indexes the files (where each
//! page's JSON lies), so a help run decodes the pages it shows and nothing else, and commands
//! pay nothing for it.

use serde::Deserialize;

/// One page's data: a command group or a command.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Page {
    /// The command path (`"group create"`).
    pub path: String,
    /// `"group"` or `"command"`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The short summary (knack has already normalised it: capital first, final period).
    pub summary: String,
    /// The long summary, paragraphs separated by `\n`.
    pub long_summary: String,
    /// Status tags (`[Preview]`, `[Deprecated]`, ...) shown beside the page's entry in its
    /// group.
    pub tags: Vec<String>,
    /// The status messages printed under the summary, one per tag.
    pub messages: Vec<String>,
    /// Whether az has deprecation information for it (knack then leaves a blank line after
    /// the header, as after a long summary).
    pub deprecated: bool,
    /// "For more information" links.
    pub links: Vec<String>,
    /// The arguments, in az's declaration order (the layout sorts them).
    pub arguments: Vec<Argument>,
    /// The examples, in help order.
    pub examples: Vec<Example>,
}

/// One argument of a command page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Argument {
    /// The option strings, sorted as az sorts them (`--name --resource-group -g -n`).
    pub names: Vec<String>,
    /// Whether az marks it `[Required]`.
    pub required: bool,
    /// Its argument group (`Global Arguments`, ...); none for the command's own arguments.
    pub group: Option<String>,
    /// The help text.
    pub summary: String,
    /// More help printed on the lines below.
    pub long_summary: String,
    /// Allowed values, unsorted (the layout sorts them as az does).
    pub choices: Vec<String>,
    /// The default, as Python formats it.
    pub default: Option<String>,
    /// What az calls the default's source when it is not `Default` (a configured default).
    pub default_source: Option<String>,
    /// Where values come from (`az account list-locations`, ...).
    pub value_sources: Vec<ValueSource>,
    /// Status tags (`[Deprecated]`, `[Preview]`, ...).
    pub tags: Vec<String>,
    /// The status messages printed below the argument.
    pub messages: Vec<String>,
    /// A deprecated spelling az keeps out of its help.
    pub hidden: bool,
}

/// One value source of an argument.
#[derive(Debug, Clone, Deserialize)]
pub struct ValueSource {
    /// `command`, `string` or `url`.
    pub kind: String,
    /// The command, text or address.
    pub text: String,
}

/// One help example.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Example {
    /// Its title.
    pub summary: String,
    /// Text printed between the title and the command.
    pub long_summary: String,
    /// The command line as az's help file has it (starting `az `, possibly with line breaks).
    pub command: String,
}

// `FILES` (each noun's JSON file, compiled in) and `PAGES` (path, file, byte range of the
// page's JSON in it; sorted by path), written by build.rs from `data/`.
include!(concat!(env!("OUT_DIR"), "/help_index.rs"));

/// The data of the page at `path` (`"aks create"`), if azrs has help data for it. Only that
/// page's JSON is decoded (build.rs indexed the files).
pub fn page(path: &str) -> Option<Page> {
    let at = PAGES.binary_search_by(|(p, ..)| (*p).cmp(path)).ok()?;
    let (_, file, start, end) = PAGES[at];
    Some(
        serde_json::from_str(&FILES[file][start..end])
            .expect("the help data files decode into pages (checked by the tests)"),
    )
}

/// Every page path that has data, for the tests that check the data against the tree.
pub fn paths() -> Vec<String> {
    PAGES.iter().map(|(p, ..)| p.to_string()).collect()
}
