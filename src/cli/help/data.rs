//! az 2.91's help texts as data, one JSON file per noun under `data/` (compiled in).
//!
//! The files hold what az's help object says about each page (summaries, argument groups,
//! option names, `[Required]`, allowed values, defaults, value sources, status tags and
//! messages, examples), dumped from the real az by `tests/golden/help/extract.py`
//! (`tests/golden/help/capture.sh` regenerates them with the goldens), plus azrs's own pages
//! (`completion`) written by hand in the same shape. This module only finds and decodes a
//! page; laying it out is [`super::layout`]'s job. A file is decoded only when help for that
//! noun is asked for, so commands pay nothing for it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

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

/// The data file of each noun (`capture.sh` writes them from the real az).
const FILES: &[(&str, &str)] = &[
    ("account", include_str!("data/account.json")),
    ("acr", include_str!("data/acr.json")),
    ("aks", include_str!("data/aks.json")),
    ("cloud", include_str!("data/cloud.json")),
    ("config", include_str!("data/config.json")),
    ("configure", include_str!("data/configure.json")),
    ("completion", include_str!("data/completion.json")),
    ("extension", include_str!("data/extension.json")),
    ("feature", include_str!("data/feature.json")),
    ("group", include_str!("data/group.json")),
    ("identity", include_str!("data/identity.json")),
    ("login", include_str!("data/login.json")),
    ("logout", include_str!("data/logout.json")),
    ("network", include_str!("data/network.json")),
    ("provider", include_str!("data/provider.json")),
    ("role", include_str!("data/role.json")),
    ("version", include_str!("data/version.json")),
];

/// Each file indexed once per process: the pages' keys and where each page's JSON text lies
/// (a borrowed [`RawValue`], no copy), so a help run decodes the pages it shows and no
/// others (`aks`'s file alone is 138 KB; decoding all of it was most of `aks create
/// --help`'s heap).
///
/// [`RawValue`]: serde_json::value::RawValue
static INDEXED: [OnceLock<BTreeMap<&'static str, &'static serde_json::value::RawValue>>;
    FILES.len()] = [const { OnceLock::new() }; FILES.len()];

fn indexed(index: usize) -> &'static BTreeMap<&'static str, &'static serde_json::value::RawValue> {
    INDEXED[index].get_or_init(|| {
        serde_json::from_str(FILES[index].1)
            .expect("the help data files are JSON objects of pages (checked by the tests)")
    })
}

/// The data of the page at `path` (`"aks create"`), if azrs has help data for it.
pub fn page(path: &str) -> Option<Page> {
    let noun = path.split(' ').next()?;
    let index = FILES.iter().position(|(n, _)| *n == noun)?;
    let raw = indexed(index).get(path)?;
    Some(
        serde_json::from_str(raw.get())
            .expect("the help data files decode into pages (checked by the tests)"),
    )
}

/// Every page path that has data, for the tests that check the data against the tree.
pub fn paths() -> Vec<String> {
    (0..FILES.len())
        .flat_map(|i| indexed(i).keys().map(|k| k.to_string()))
        .collect()
}
