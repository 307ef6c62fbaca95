//! `azrs config get|set|unset` and `azrs configure --defaults|--list-defaults`: read and write
//! az's `config` INI as knack's `CLIConfig` does, so a setting written by either program is
//! read by the other. Writes go through Python's `configparser` layout (every section as
//! `[name]`, `key = value` lines, a blank line after each section; comments are not kept,
//! as in az) with mode 0600. `--local` (and `configure --scope local`) use the chain knack
//! builds: a `<config dir name>/config` in the working directory and each parent, then the
//! global file; `AZURE_<SECTION>_<NAME>` variables come first when reading. knack lists those
//! in the process environment's order, which azrs does not keep: it sorts them by name.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::{Ctx, Outcome, fail};
use crate::cli::{ConfigCommand, ConfigureArgs};
use crate::config::IniFile;

/// az's warning for its experimental `config` group, printed before every `config` verb.
const EXPERIMENTAL: &str = "Command group 'config' is experimental and under development. \
                            Reference and support levels: https://aka.ms/CLI_refstatus";

/// Runs one `config` verb.
pub fn run(ctx: &Ctx, command: ConfigCommand) -> anyhow::Result<Outcome> {
    ctx.term
        .status(crate::term::StatusTag::Experimental, EXPERIMENTAL);
    let files = ConfigFiles::new(ctx);
    match command {
        ConfigCommand::Set(args) => {
            for kv in &args.key_value {
                let Some((key, value)) = kv.split_once('=') else {
                    return fail("usage error: [section].[name]=[value] ...");
                };
                let Some((section, name)) = key.split_once('.') else {
                    return fail("usage error: [section].[name]=[value] ...");
                };
                files.set(args.local, section, name, normalize(value))?;
            }
            Ok(Outcome::none())
        }
        ConfigCommand::Get(args) => get(ctx, &files, args.key.as_deref(), args.local),
        ConfigCommand::Unset(args) => {
            for key in &args.key {
                let Some((section, name)) = key.split_once('.') else {
                    return fail("usage error: [section].[name]");
                };
                files.remove(args.local, section, name)?;
            }
            Ok(Outcome::none())
        }
    }
}

/// `configure`: sets `[defaults]` entries and/or lists the non-empty ones.
pub fn configure(ctx: &Ctx, args: &ConfigureArgs) -> anyhow::Result<Outcome> {
    let files = ConfigFiles::new(ctx);
    let local = args.scope.eq_ignore_ascii_case("local");
    for default in &args.defaults {
        let Some((name, value)) = default.split_once('=') else {
            return fail("usage error: --defaults STRING=STRING STRING=STRING ...");
        };
        files.set(local, "defaults", name, normalize(value))?;
    }
    if args.list_defaults.as_deref() == Some("true") {
        let items: Vec<Value> = files
            .items(ctx, local, "defaults")
            .into_iter()
            .filter(|item| item["value"].as_str().is_some_and(|v| !v.is_empty()))
            .collect();
        return Ok(Outcome::value(Value::Array(items)));
    }
    if args.defaults.is_empty() {
        // az would start its interactive questionnaire here; azrs has only the
        // non-interactive forms.
        return fail(
            "azrs supports only the non-interactive forms of 'configure': use --defaults \
             NAME=VALUE ... or --list-defaults.",
        );
    }
    Ok(Outcome::none())
}

/// `config get`: everything, one section, or one `section.name`.
fn get(ctx: &Ctx, files: &ConfigFiles, key: Option<&str>, local: bool) -> anyhow::Result<Outcome> {
    let Some(key) = key.filter(|k| !k.is_empty()) else {
        let mut all = serde_json::Map::new();
        for section in files.sections(local) {
            let items = files.items(ctx, local, &section);
            all.insert(section, Value::Array(items));
        }
        return Ok(Outcome::value(Value::Object(all)));
    };
    let (section, name) = match key.split_once('.') {
        Some((s, n)) => (s, Some(n)),
        None => (key, None),
    };
    let items = files.items(ctx, local, section);
    match name {
        None => Ok(Outcome::value(Value::Array(items))),
        Some(name) => match items.into_iter().find(|i| i["name"] == name) {
            Some(item) => Ok(Outcome::value(item)),
            None => fail(format!("Configuration '{key}' is not set.")),
        },
    }
}

/// az treats a value of `''` or `""` as the empty string.
fn normalize(value: &str) -> &str {
    if value == "''" || value == "\"\"" {
        ""
    } else {
        value
    }
}

/// knack's chain of config files: local ones (working directory upwards) before the global.
struct ConfigFiles {
    global: PathBuf,
    /// `<cwd>/<config dir name>/config`, where `--local` writes.
    local_target: Option<PathBuf>,
    /// Existing local config dirs' files, nearest first.
    local_chain: Vec<PathBuf>,
}

impl ConfigFiles {
    fn new(ctx: &Ctx) -> ConfigFiles {
        let global_dir = ctx.config_dir.path().to_path_buf();
        let global = ctx.config_dir.config_file();
        let cwd = std::env::current_dir().ok();
        let Some(dir_name) = global_dir.file_name().map(|n| n.to_os_string()) else {
            return ConfigFiles {
                global,
                local_target: None,
                local_chain: Vec::new(),
            };
        };
        let file_name = global
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        let mut local_chain = Vec::new();
        let mut dir = cwd.clone();
        while let Some(d) = dir {
            let candidate = d.join(&dir_name);
            // Stop at the global config dir itself (knack compares normalised paths).
            if same_path(&candidate, &global_dir) {
                break;
            }
            if candidate.is_dir() {
                local_chain.push(candidate.join(&file_name));
            }
            dir = d.parent().map(Path::to_path_buf);
        }
        ConfigFiles {
            global,
            local_target: cwd.map(|c| c.join(&dir_name).join(&file_name)),
            local_chain,
        }
    }

    /// The files read, in order.
    fn chain(&self, local: bool) -> Vec<&Path> {
        let mut files: Vec<&Path> = Vec::new();
        if local {
            files.extend(self.local_chain.iter().map(PathBuf::as_path));
        }
        files.push(&self.global);
        files
    }

    /// Section names across the chain, first-seen order.
    fn sections(&self, local: bool) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for path in self.chain(local) {
            for s in load(path).map(|f| f.sections()).unwrap_or_default() {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }

    /// knack's `items(section)`: `{name, value, source}` from the environment, then each file.
    fn items(&self, ctx: &Ctx, local: bool, section: &str) -> Vec<Value> {
        let prefix = format!("AZURE_{}_", section.to_uppercase());
        let mut env: Vec<(&String, &String)> = ctx
            .env
            .iter()
            .filter(|(k, _)| {
                k.strip_prefix(&prefix).is_some_and(|rest| {
                    !rest.is_empty()
                        && rest
                            .chars()
                            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase() || c == '_')
                })
            })
            .collect();
        env.sort();
        let mut out: Vec<Value> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for (k, v) in env {
            let name = k[prefix.len()..].to_lowercase();
            if !seen.contains(&name) {
                seen.push(name.clone());
                out.push(json!({"name": name, "value": v, "source": k}));
            }
        }
        for path in self.chain(local) {
            let Ok(file) = load(path) else { continue };
            for (name, value) in file.items(section) {
                if !seen.contains(&name) {
                    seen.push(name.clone());
                    out.push(
                        json!({"name": name, "value": value, "source": path.display().to_string()}),
                    );
                }
            }
        }
        out
    }

    /// knack's `set_value`: the local file in the working directory or the global one.
    fn set(&self, local: bool, section: &str, name: &str, value: &str) -> anyhow::Result<()> {
        let path = match (&self.local_target, local) {
            (Some(p), true) => p.as_path(),
            _ => self.global.as_path(),
        };
        let mut file = IniFile::load_checked(path)?;
        file.set(section, name, value);
        write(path, &file)
    }

    /// knack's `remove_option`: the first file in the chain holding the option; a file that
    /// has the section is rewritten even when the option is not there (as knack does).
    fn remove(&self, local: bool, section: &str, name: &str) -> anyhow::Result<()> {
        for path in self.chain(local) {
            let mut file = IniFile::load_checked(path)?;
            if !file.has_section(section) {
                continue;
            }
            let existed = file.remove(section, name);
            write(path, &file)?;
            if existed {
                break;
            }
        }
        Ok(())
    }
}

fn load(path: &Path) -> anyhow::Result<IniFile> {
    Ok(IniFile::load_checked(path)?)
}

fn same_path(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Writes the file as Python's `ConfigParser.write` lays it out, mode 0600 as knack sets.
fn write(path: &Path, file: &IniFile) -> anyhow::Result<()> {
    file.save_as_knack(path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_text_is_configparsers_layout() {
        // What az 2.91 wrote after `config set core.output=table defaults.group=rg1` and
        // `configure --defaults location=eastus group=` (comments and spacing normalised).
        let mut file = IniFile::parse("[cloud]\nname=AzureCloud\n# note\n[core]\noutput = table\n");
        file.set("defaults", "group", "");
        file.set("defaults", "location", "eastus");
        assert_eq!(
            file.configparser_text(),
            "[cloud]\nname = AzureCloud\n\n[core]\noutput = table\n\n[defaults]\ngroup = \nlocation = eastus\n\n"
        );
        file.remove("core", "output");
        assert!(file.configparser_text().contains("[core]\n\n[defaults]"));
    }
}
