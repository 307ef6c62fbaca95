//! `-h`/`--help` as az 2.91 prints it: knack's layout of az's help texts, for the root, every
//! command group and every command in the clap tree.
//!
//! Which commands and groups exist is the clap tree's business: a group page lists the
//! subcommands azrs has (az's full lists would name commands azrs would then reject), each with
//! az's summary and tags. What az says about a page (summaries, arguments, examples) is data
//! ([`data`], dumped from the real az); how knack lays it out is [`layout`], with Python's
//! line filling in [`wrap`]. A command or group without data (none today; the tests require
//! data for every page) falls back to what the clap tree says about it, still in az's layout,
//! so clap's own help is never shown. This module prints nothing: the parser returns the page
//! as [`super::ParseError::Help`].

mod data;
mod layout;
mod wrap;

use clap::Command;

pub use data::{Argument, Page, page, paths};
pub use layout::{Child, command as command_page, group as group_page};

use super::meta;

/// The help page of the command or group at `path` in `root` (the whole tree), with `prog` as
/// the program name. `path` must name a node of the tree (the parser found it there); the root
/// is the empty path.
pub fn render(root: &Command, path: &[String], prog: &str) -> String {
    let mut node = root;
    for word in path {
        match node.find_subcommand(word) {
            Some(sub) => node = sub,
            None => break,
        }
    }
    let joined = path.join(" ");
    if node.has_subcommands() {
        let page = if joined.is_empty() {
            Page::default()
        } else {
            page(&joined).unwrap_or_else(|| from_clap(node, &joined, "group"))
        };
        layout::group(prog, &page, &children(node, &joined))
    } else {
        let page = match page(&joined) {
            Some(page) => accepted(page, node),
            None => from_clap(node, &joined, "command"),
        };
        layout::command(prog, &page)
    }
}

/// az's page cut to what the command in the clap tree accepts: an argument az lists is shown
/// when azrs accepts one of its spellings, and an option filled from `[defaults]` shows that
/// value as az does (`Config: myrg.`, no longer required).
fn accepted(mut page: Page, leaf: &Command) -> Page {
    let configured: Vec<&str> = meta::for_path(&page.path)
        .defaults
        .iter()
        .map(|(id, _)| *id)
        .collect();
    page.arguments.retain_mut(|arg| {
        let Some(option) = leaf
            .get_arguments()
            .find(|a| arg.names.iter().any(|n| spells(a, n)))
        else {
            return false;
        };
        // `[Required]` is az's (an option az requires unless `--ids` is given is not marked,
        // though azrs, without `--ids`, requires it), unless a configured default fills it.
        if configured.contains(&option.get_id().as_str())
            && let Some(value) = option.get_default_values().first()
        {
            arg.required = false;
            arg.default = Some(value.to_string_lossy().into_owned());
            arg.default_source = Some("Config".to_string());
        }
        true
    });
    page
}

/// Whether `name` (`--name`, `-n`) is one of the spellings of `arg`, hidden ones included.
pub fn spells(arg: &clap::Arg, name: &str) -> bool {
    if let Some(long) = name.strip_prefix("--") {
        arg.get_long() == Some(long) || arg.get_all_aliases().unwrap_or_default().contains(&long)
    } else if let Some(short) = name.strip_prefix('-') {
        let mut chars = short.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => {
                arg.get_short() == Some(c)
                    || arg.get_all_short_aliases().unwrap_or_default().contains(&c)
            }
            _ => false,
        }
    } else {
        false
    }
}

/// What az prints when run without arguments: its welcome banner, then the root page.
pub fn welcome(root: &Command, prog: &str) -> String {
    layout::welcome(prog) + &render(root, &[], prog)
}

/// The visible subcommands of `node` as entries of its page, with az's summaries and tags.
pub fn children(node: &Command, path: &str) -> Vec<Child> {
    node.get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| {
            let child_path = if path.is_empty() {
                sub.get_name().to_string()
            } else {
                format!("{path} {}", sub.get_name())
            };
            let kind = if sub.has_subcommands() {
                "group"
            } else {
                "command"
            };
            let data = page(&child_path).unwrap_or_else(|| from_clap(sub, &child_path, kind));
            Child {
                name: sub.get_name().to_string(),
                is_group: sub.has_subcommands(),
                summary: data.summary,
                tags: data.tags,
            }
        })
        .collect()
}

/// A page built from the clap tree alone: the about text as summary and every visible option
/// with its spellings, `[Required]`, allowed values and help, in the global arguments' group
/// when clap marks it global.
fn from_clap(node: &Command, path: &str, kind: &str) -> Page {
    let text =
        |s: Option<&clap::builder::StyledStr>| s.map(ToString::to_string).unwrap_or_default();
    let arguments = node
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_positional())
        .map(|a| {
            let mut names: Vec<String> = a
                .get_long()
                .into_iter()
                .chain(a.get_visible_aliases().unwrap_or_default())
                .map(|l| format!("--{l}"))
                .chain(
                    a.get_short()
                        .into_iter()
                        .chain(a.get_visible_short_aliases().unwrap_or_default())
                        .map(|s| format!("-{s}")),
                )
                .collect();
            names.sort();
            let is_help = matches!(a.get_action(), clap::ArgAction::Help);
            data::Argument {
                names,
                required: a.is_required_set(),
                group: (a.is_global_set() || is_help).then(|| "Global Arguments".to_string()),
                summary: if is_help {
                    "Show this help message and exit.".to_string()
                } else {
                    text(a.get_help())
                },
                choices: a
                    .get_possible_values()
                    .iter()
                    .map(|v| v.get_name().to_string())
                    .collect(),
                ..data::Argument::default()
            }
        })
        .collect();
    Page {
        path: path.to_string(),
        kind: kind.to_string(),
        summary: text(node.get_about()),
        arguments,
        ..Page::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_page_decodes_under_its_own_path() {
        let all = paths();
        assert!(all.len() > 70, "{}", all.len());
        for path in all {
            let page = page(&path).expect("listed pages decode");
            assert_eq!(page.path, path);
            assert!(matches!(page.kind.as_str(), "group" | "command"), "{path}");
        }
    }

    #[test]
    fn every_page_of_the_tree_renders_in_az_layout() {
        let mut root = crate::cli::command();
        root.build();
        let page = render(&root, &["aks".to_string(), "list".to_string()], "azrs");
        assert!(
            page.starts_with("\nCommand\n    azrs aks list : List managed Kubernetes clusters.\n")
        );
        let group = render(&root, &["aks".to_string()], "azrs");
        assert!(!group.contains("Usage:"), "{group}");
        assert!(
            group.contains(
                "\nCommands:\n    create          : Create a new managed Kubernetes cluster.\n"
            ),
            "{group}"
        );
    }

    #[test]
    fn a_page_without_data_is_laid_out_from_the_clap_tree() {
        let mut root = Command::new("azrs").subcommand(
            Command::new("zzz").about("Do z.").arg(
                clap::Arg::new("x")
                    .long("xx")
                    .short('x')
                    .required(true)
                    .help("The x."),
            ),
        );
        root.build();
        let page = render(&root, &["zzz".to_string()], "azrs");
        assert_eq!(
            page,
            "\nCommand\n    azrs zzz : Do z.\n\nArguments\n    --xx -x [Required] : The x.\n\nGlobal Arguments\n    --help -h          : Show this help message and exit.\n\n"
        );
    }
}
