//! `azrs version` (az's JSON map of component versions) and `azrs --version` (az's text
//! layout, which CI tasks parse with `azure-cli\s+(\d+\.\d+\.\d+)`). Both report the az
//! release azrs mirrors as `azure-cli`/`core`, then azrs's own version beside it, and the
//! extensions installed in the user's extension directory. Unlike az, azrs never asks the
//! network whether a newer release exists, so it prints no up-to-date notice; and it lists no
//! Python or pip dependencies, because it has none.

use serde_json::Value;

use super::Ctx;
use crate::extension::{CLI_CORE_VERSION, Installed};

/// `azrs version`: az's shape (`azure-cli`, `azure-cli-core`, `extensions`) plus azrs's own.
pub fn json(ctx: &Ctx) -> Value {
    let mut extensions = serde_json::Map::new();
    for ext in super::extension::installed(ctx) {
        if let Some(v) = ext.version() {
            extensions.insert(ext.name.clone(), Value::String(v));
        }
    }
    serde_json::json!({
        "azrs": env!("CARGO_PKG_VERSION"),
        "azure-cli": CLI_CORE_VERSION,
        "azure-cli-core": CLI_CORE_VERSION,
        "extensions": extensions,
    })
}

/// `azrs --version`: az 2.91's `get_az_version_string` layout.
pub fn text(ctx: &Ctx) -> String {
    let extensions = super::extension::installed(ctx);
    let ext_dir = super::extension::user_dir(ctx);
    layout(
        env!("CARGO_PKG_VERSION"),
        &extensions,
        &ctx.config_dir.path().display().to_string(),
        &ext_dir.display().to_string(),
    )
}

/// The text itself, pure for tests. Components are name left-justified to 25 and version
/// right-justified to 15 (az sorts the components after `azure-cli`: `azrs` before `core`);
/// extensions 20 and 20, with `Unknown` where the version cannot be read, as az prints.
fn layout(azrs: &str, extensions: &[Installed], config_dir: &str, ext_dir: &str) -> String {
    let component = |name: &str, version: &str| format!("{name:<25}{version:>15}\n");
    let mut out = component("azure-cli", CLI_CORE_VERSION);
    out.push('\n');
    out.push_str(&component("azrs", azrs));
    out.push_str(&component("core", CLI_CORE_VERSION));
    out.push('\n');
    if !extensions.is_empty() {
        out.push_str("Extensions:\n");
        for ext in extensions {
            let version = ext.version().unwrap_or_else(|| "Unknown".to_string());
            out.push_str(&format!("{:<20}{version:>20}\n", ext.name));
        }
        out.push('\n');
    }
    out.push_str(&format!("Config directory '{config_dir}'\n"));
    out.push_str(&format!("Extensions directory '{ext_dir}'\n"));
    // az ends its text with a blank line and `print` adds the last newline.
    out.push_str("\n\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_matches_the_ci_regex_and_az_columns() {
        let text = layout("0.1.0", &[], "/c", "/c/cliextensions");
        // az 2.91 in a fresh config dir starts with exactly these bytes (captured in a
        // loopback-only namespace): name to 25 columns, version right-aligned to 15.
        assert!(text.starts_with("azure-cli                         2.91.0\n\n"));
        let re = regex::Regex::new(r"azure-cli\s+(\d+\.\d+\.\d+)").expect("regex");
        assert_eq!(&re.captures(&text).expect("matches")[1], CLI_CORE_VERSION);
        assert_eq!(
            text,
            "azure-cli                         2.91.0\n\nazrs                               0.1.0\n\
             core                              2.91.0\n\nConfig directory '/c'\n\
             Extensions directory '/c/cliextensions'\n\n\n"
        );
    }
}
