//! knack's help layout (`knack.help.CLIHelp` with az's `CLIPrintMixin`): the header, the
//! `Subgroups:`/`Commands:` lists of a group, the `Arguments` of a command in their argument
//! groups, and the `Examples`, at knack's fixed width of 100 columns.
//!
//! The rules, as knack applies them: every line is filled by [`wrap::print_indent`] with
//! four-space indent levels; list entries are `name`, padding, tags (`[Preview]`,
//! `[Required]`, ...), ` : ` and the summary, with continuation lines hanging under the
//! summary column, which is set by the longest name-plus-tags of the whole page; arguments
//! are sorted by group (none first, then the other groups alphabetically, `Global Arguments`
//! last), required before optional, then by name; an argument's summary ends with its allowed
//! values (sorted), default and value sources. What to show comes from [`super::data`]; this
//! module does no lookups of its own.

use super::data::{Argument, Page};
use super::wrap::print_indent;

/// knack's `textwrap_width`: az's help does not follow the terminal's width.
const WIDTH: usize = 100;
/// knack's `FIRST_LINE_PREFIX`, between a name and its summary.
const SEPARATOR: &str = " : ";
/// knack's `REQUIRED_TAG`.
const REQUIRED: &str = "[Required]";

/// az's banner before the root page when it is run without arguments (`WELCOME_MESSAGE` in
/// `azure.cli.core._help`), `{prog}` standing for the program name.
const WELCOME: &str = r"
     /\
    /  \    _____   _ _  ___ _
   / /\ \  |_  / | | | \'__/ _\
  / ____ \  / /| |_| | | |  __/
 /_/    \_\/___|\__,_|_|  \___|


Welcome to the cool new Azure CLI!

Use `{prog} --version` to display the current version.
Here are the base commands:
";

/// The banner az prints (with Python's `print`, so one more line break) above the root page
/// when run without arguments.
pub fn welcome(prog: &str) -> String {
    format!("{}\n", WELCOME.replace("{prog}", prog))
}

/// One entry of a group's `Subgroups:` or `Commands:` list.
#[derive(Debug, Clone)]
pub struct Child {
    /// The last word of its path.
    pub name: String,
    /// Whether it is a group (listed under `Subgroups:`).
    pub is_group: bool,
    /// Its short summary.
    pub summary: String,
    /// Its status tags.
    pub tags: Vec<String>,
}

/// A name with its tags, measured as knack measures it.
struct Entry {
    name: String,
    tags: String,
    line_len: usize,
}

impl Entry {
    fn new(name: &str, tags: &[String]) -> Entry {
        let tags = tags.join(" ");
        // `_build_tags_string` counts each tag's length and then every space of the joined
        // string again (spaces inside a tag count twice); `_get_line_len` adds one column, two
        // with tags.
        let tags_len = tags.chars().count() + tags.matches(' ').count();
        let tags_len = if tags.is_empty() { 0 } else { tags_len };
        let line_len = name.chars().count() + tags_len + if tags_len > 0 { 2 } else { 1 };
        Entry {
            name: name.to_string(),
            tags,
            line_len,
        }
    }

    /// `{name}{padding}{tags}{separator}{summary}`, padded to the page's longest entry.
    fn line(&self, max_len: usize, summary: &str) -> String {
        let pad = if self.tags.is_empty() {
            max_len - self.line_len
        } else {
            max_len - self.line_len + 1
        };
        let separator = if summary.is_empty() { "" } else { SEPARATOR };
        format!(
            "{}{}{}{separator}{summary}",
            self.name,
            " ".repeat(pad),
            self.tags
        )
    }
}

/// `_get_hanging_indent` at indent level 1.
fn hanging(max_len: usize) -> usize {
    max_len + 4 + SEPARATOR.len() - 1
}

/// The header: `Group`/`Command`, the program and path with the summary, the long summary and
/// status messages, the links.
fn header(out: &mut String, prog: &str, page: &Page, is_group: bool) {
    out.push('\n');
    out.push_str(if is_group { "Group\n" } else { "Command\n" });
    let mut line = prog.to_string();
    if !page.path.is_empty() {
        line.push(' ');
        line.push_str(&page.path);
    }
    if !page.summary.is_empty() {
        line.push_str(SEPARATOR);
        line.push_str(&page.summary);
    }
    print_indent(out, &line, 1, None, WIDTH);
    let long: Vec<&str> = std::iter::once(page.long_summary.as_str())
        .filter(|s| !s.is_empty())
        .chain(page.messages.iter().map(String::as_str))
        .collect();
    print_indent(out, &long.join("\n"), 2, None, WIDTH);
    if let Some((last, first)) = page.links.split_last() {
        let links = if first.is_empty() {
            last.clone()
        } else {
            format!("{} and {last}", first.join(", "))
        };
        print_indent(
            out,
            &format!("For more information, see: {links}\n"),
            2,
            None,
            WIDTH,
        );
    }
    if !page.long_summary.is_empty() || page.deprecated {
        out.push('\n');
    }
}

/// A group's page (the root's when `page.path` is empty): header, then its subgroups and
/// commands, each list sorted by name, then examples.
pub fn group(prog: &str, page: &Page, children: &[Child]) -> String {
    let mut out = String::new();
    header(&mut out, prog, page, true);
    let mut sorted: Vec<&Child> = children.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let entries: Vec<(Entry, &Child)> = sorted
        .into_iter()
        .map(|c| (Entry::new(&c.name, &c.tags), c))
        .collect();
    let max_len = entries.iter().map(|(e, _)| e.line_len).max().unwrap_or(0);
    for (title, groups) in [("Subgroups:", true), ("Commands:", false)] {
        let section: Vec<&(Entry, &Child)> = entries
            .iter()
            .filter(|(_, c)| c.is_group == groups)
            .collect();
        if section.is_empty() {
            continue;
        }
        print_indent(&mut out, title, 0, None, WIDTH);
        for (entry, child) in section {
            let summary = child.summary.replace('\n', " ");
            print_indent(
                &mut out,
                &entry.line(max_len, &summary),
                1,
                Some(hanging(max_len)),
                WIDTH,
            );
        }
        out.push('\n');
    }
    examples(&mut out, prog, page);
    out
}

/// A command's page: header, `Arguments` in their groups, examples.
pub fn command(prog: &str, page: &Page) -> String {
    let mut out = String::new();
    header(&mut out, prog, page, false);
    print_indent(&mut out, "Arguments", 0, None, WIDTH);
    let shown: Vec<&Argument> = page.arguments.iter().filter(|a| !a.hidden).collect();
    if shown.is_empty() {
        print_indent(&mut out, "None", 1, None, WIDTH);
        out.push('\n');
    } else {
        arguments(&mut out, page, &shown);
    }
    examples(&mut out, prog, page);
    out
}

/// knack's `ArgumentGroupRegistry` priority of a group, zero-padded as knack sorts it.
fn group_priority(page: &Page, group: Option<&str>) -> String {
    let priority = match group {
        None => 0,
        Some("Global Arguments") => 1000,
        Some(name) => {
            let mut others: Vec<&str> = page
                .arguments
                .iter()
                .filter_map(|a| a.group.as_deref())
                .filter(|g| *g != "Global Arguments")
                .collect();
            others.sort_unstable();
            others.dedup();
            2 + others.iter().position(|g| *g == name).unwrap_or(0)
        }
    };
    format!("{priority:06}")
}

fn arguments(out: &mut String, page: &Page, shown: &[&Argument]) {
    let mut rows: Vec<(String, &Argument, Entry)> = shown
        .iter()
        .map(|a| {
            let name = a.names.join(" ");
            // Python's `str(not required)`: "False" sorts before "True".
            let key = format!(
                "{}{}{name}",
                group_priority(page, a.group.as_deref()),
                if a.required { "False" } else { "True" }
            );
            let mut tags = a.tags.clone();
            if a.required {
                tags.push(REQUIRED.to_string());
            }
            (key, *a, Entry::new(&name, &tags))
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let max_len = rows.iter().map(|(_, _, e)| e.line_len).max().unwrap_or(0);
    let mut last_group: Option<Option<&str>> = None;
    for (_, arg, entry) in &rows {
        let group = arg.group.as_deref();
        if last_group != Some(group) {
            if let Some(name) = group {
                out.push('\n');
                out.push_str(name);
                out.push('\n');
            }
            last_group = Some(group);
        }
        print_indent(
            out,
            &entry.line(max_len, &short_summary(arg)),
            1,
            Some(hanging(max_len)),
            WIDTH,
        );
        let long: Vec<&str> = std::iter::once(arg.long_summary.as_str())
            .filter(|s| !s.is_empty())
            .chain(arg.messages.iter().map(String::as_str))
            .collect();
        if !long.is_empty() {
            print_indent(out, &long.join(" "), 2, None, WIDTH);
        }
    }
    out.push('\n');
}

/// `_build_short_summary`: the help text up to any " Possible values include", then allowed
/// values, default and value sources.
fn short_summary(arg: &Argument) -> String {
    let mut text = match arg.summary.find(" Possible values include") {
        Some(at) => arg.summary[..at].to_string(),
        None => arg.summary.clone(),
    };
    if !arg.choices.is_empty() {
        let mut choices = arg.choices.clone();
        choices.sort();
        text.push_str(&format!("  Allowed values: {}.", choices.join(", ")));
    }
    if let Some(default) = &arg.default {
        let source = arg.default_source.as_deref().unwrap_or("Default");
        text.push_str(&format!("  {source}: {default}."));
    }
    let of = |kind: &str| -> Vec<&str> {
        arg.value_sources
            .iter()
            .filter(|v| v.kind == kind)
            .map(|v| v.text.as_str())
            .collect()
    };
    let commands = of("command");
    if !commands.is_empty() {
        text.push_str(&format!("  Values from: {}.", commands.join(", ")));
    }
    let strings = of("string");
    if !strings.is_empty() {
        let joined = strings.join(", ");
        text.push_str("  ");
        text.push_str(&joined);
        if !joined.ends_with('.') {
            text.push('.');
        }
    }
    let urls = of("url");
    if !urls.is_empty() {
        text.push_str(&format!("  For more info, go to: {}.", urls.join(", ")));
    }
    text.trim().to_string()
}

/// The `Examples` section: each title, its description, the command (with `az` replaced by
/// the program name), then an empty line.
fn examples(out: &mut String, prog: &str, page: &Page) {
    if page.examples.is_empty() {
        return;
    }
    print_indent(out, "Examples", 0, None, WIDTH);
    for example in &page.examples {
        print_indent(out, &example.summary, 1, None, WIDTH);
        if !example.long_summary.is_empty() {
            print_indent(out, &example.long_summary, 2, None, WIDTH);
        }
        let command = match example.command.strip_prefix("az ") {
            Some(rest) => format!("{prog} {rest}"),
            None => example.command.clone(),
        };
        print_indent(out, &command, 2, None, WIDTH);
        out.push('\n');
    }
}
