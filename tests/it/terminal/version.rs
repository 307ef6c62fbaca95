//! `azrs --version` against az 2.91's text layout, and the extensions it lists.

use crate::common::Azrs;

#[test]
fn version_flag_prints_az_text_layout_that_ci_tasks_parse() {
    let azrs = Azrs::new();
    let run = azrs.run(&["--version"]).ok();
    // az 2.91's first lines, byte for byte (captured in a loopback-only namespace).
    assert!(
        run.stdout
            .starts_with("azure-cli                         2.91.0\n\n"),
        "{}",
        run.stdout
    );
    let re = regex::Regex::new(r"azure-cli\s+(\d+\.\d+\.\d+)").expect("regex");
    assert_eq!(&re.captures(&run.stdout).expect("CI regex")[1], "2.91.0");
    let azrs_line = format!("{:<25}{:>15}\n", "azrs", env!("CARGO_PKG_VERSION"));
    assert!(run.stdout.contains(&azrs_line), "{}", run.stdout);
    let config = azrs.config_dir();
    assert!(
        run.stdout
            .contains(&format!("Config directory '{}'\n", config.display())),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Extensions:"), "none installed");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    // `version` (the command) keeps az's JSON.
    let v = azrs.run(&["version"]).ok().json();
    assert_eq!(v["azure-cli"], "2.91.0");
    assert!(azrs.requests().is_empty(), "no network for --version");
}

#[test]
fn version_flag_lists_installed_extensions_as_az_does() {
    let azrs = Azrs::new();
    // A minimal installed wheel layout: the extension dir with a dist-info METADATA.
    let ext = azrs.config_dir().join("cliextensions").join("aks-preview");
    let info = ext.join("aks_preview-19.0.0b2.dist-info");
    std::fs::create_dir_all(&info).expect("mkdir");
    std::fs::create_dir_all(ext.join("azext_aks_preview")).expect("mkdir");
    std::fs::write(
        info.join("METADATA"),
        "Metadata-Version: 2.1\nName: aks-preview\nVersion: 19.0.0b2\n",
    )
    .expect("metadata");
    let run = azrs.run(&["--version"]).ok();
    let want = format!("\nExtensions:\n{:<20}{:>20}\n\n", "aks-preview", "19.0.0b2");
    assert!(run.stdout.contains(&want), "{}", run.stdout);
}
