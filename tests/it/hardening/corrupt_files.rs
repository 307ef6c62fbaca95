//! Corrupt files in the config dir, as az 2.91 treats them (issue 10, point 5). az reads
//! `azureProfile.json`, `config` and `clouds.config` before it parses the command line, so each
//! case holds for every command, `version` and `--help` included. The expected stderr is what
//! the real az printed in a loopback namespace for the same file, minus the Python traceback
//! above the exception lines (README: azrs prints only those lines).

use crate::common::Azrs;

/// A logged-in sandbox (az's layout: subscriptions recorded under the emulator cloud).
fn logged_in() -> Azrs {
    let az = Azrs::new();
    az.run(&["group", "list"]).ok();
    az
}

fn write(az: &Azrs, file: &str, text: &str) -> String {
    let path = az.config_dir().join(file);
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

#[test]
fn corrupt_config_is_configparsers_exception_for_every_command() {
    let az = logged_in();
    type Expected = fn(&str) -> String;
    let cases: [(&str, Expected); 4] = [
        ("[core]\noutput = json\nbroken line here\n", |p| {
            format!(
                "configparser.ParsingError: Source contains parsing errors: '{p}'\n\t[line  3]: 'broken line here\\n'\n"
            )
        }),
        ("[core\noutput = json\n", |p| {
            format!(
                "configparser.MissingSectionHeaderError: File contains no section headers.\nfile: '{p}', line: 1\n'[core\\n'\n"
            )
        }),
        ("[core]\noutput = json\n[core]\nx=1\n", |p| {
            format!(
                "configparser.DuplicateSectionError: While reading from '{p}' [line  3]: section 'core' already exists\n"
            )
        }),
        ("[core]\noutput = json\nOUTPUT : table\n", |p| {
            format!(
                "configparser.DuplicateOptionError: While reading from '{p}' [line  3]: option 'output' in section 'core' already exists\n"
            )
        }),
    ];
    for (text, want) in cases {
        let path = write(&az, "config", text);
        for args in [
            &["group", "list"][..],
            &["version"],
            &["group", "list", "--help"],
        ] {
            let run = az.run(args);
            assert_eq!(run.code, 1, "{args:?} with {text:?}: {run:#?}");
            assert_eq!(run.stderr, want(&path), "{args:?} with {text:?}");
            assert_eq!(run.stdout, "");
        }
        // The file is az's to fix: left as it was.
        assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
    }
}

#[test]
fn clouds_config_without_header_is_removed_with_azs_notice() {
    let az = logged_in();
    let path = write(&az, "clouds.config", "garbage\n");
    let run = az.run(&["version"]).ok();
    assert_eq!(
        run.stderr,
        format!("'{path}' is in bad format and has been removed.\n")
    );
    assert!(!std::path::Path::new(&path).exists());
    // Once removed, nothing more is said.
    assert_eq!(az.run(&["version"]).ok().stderr, "");
}

#[test]
fn clouds_config_removed_under_a_custom_cloud_resets_to_azurecloud_as_az_does() {
    let az = Azrs::new();
    let path = write(&az, "clouds.config", "no header here\n[Emu]\n");
    write(&az, "config", "[cloud]\nname = Emu\n\n");
    let run = az.run(&["version"]).ok();
    assert_eq!(
        run.stderr,
        format!(
            "'{path}' is in bad format and has been removed.\nThe cloud 'Emu' is not registered.\nResetting active cloud to'AzureCloud'.\n"
        )
    );
    let config = std::fs::read_to_string(az.config_dir().join("config")).expect("config");
    assert!(config.contains("name = AzureCloud"), "{config}");
    assert_eq!(az.run(&["version"]).ok().stderr, "");
}

#[test]
fn clouds_config_parse_errors_are_configparsers_exception() {
    let az = logged_in();
    let path = write(
        &az,
        "clouds.config",
        "[Emu]\nendpoint_resource_manager = x\nbroken\n",
    );
    let run = az.run(&["group", "list"]).expect_code(1);
    assert_eq!(
        run.stderr,
        format!(
            "configparser.ParsingError: Source contains parsing errors: '{path}'\n\t[line  3]: 'broken\\n'\n"
        )
    );
    let path = write(&az, "clouds.config", "[Emu]\na=1\n[Emu]\nb=2\n");
    let run = az.run(&["cloud", "list"]).expect_code(1);
    assert_eq!(
        run.stderr,
        format!(
            "configparser.DuplicateSectionError: While reading from '{path}' [line  3]: section 'Emu' already exists\n"
        )
    );
    assert!(std::path::Path::new(&path).exists(), "kept, as az keeps it");
}

#[test]
fn profile_that_is_not_json_is_reset_with_azs_notice() {
    for text in ["{\"subscriptions\": [\n", "", "garbage"] {
        let az = logged_in();
        let path = write(&az, "azureProfile.json", text);
        let run = az.run(&["account", "show"]).expect_code(1);
        assert_eq!(
            run.stderr,
            format!(
                "Failed to load or parse file {path}. It will be overridden by default settings.\nERROR: Please run 'azrs login' to setup account.\n"
            ),
            "{text:?}"
        );
        // az's Session.save: `{}` written with utf-8-sig.
        assert_eq!(std::fs::read(&path).expect("read"), "\u{feff}{}".as_bytes());
    }
}
