//! `config set/get/unset` and `configure --defaults/--list-defaults` against the file and
//! output az 2.91 produced for the same commands (captured in a loopback-only namespace).

use crate::common::Azrs;
use serde_json::json;

const EXPERIMENTAL: &str = "WARNING: Command group 'config' is experimental and under development. \
                            Reference and support levels: https://aka.ms/CLI_refstatus\n";

#[test]
fn config_set_writes_az_layout_and_get_reads_it_back() {
    let azrs = Azrs::new();
    let run = azrs
        .run(&["config", "set", "core.output=table", "defaults.group=rg1"])
        .ok();
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, EXPERIMENTAL);
    let path = azrs.config_dir().join("config");
    assert_eq!(
        std::fs::read_to_string(&path).expect("config"),
        // az records the default cloud first, on its first run in the dir.
        "[cloud]\nname = AzureCloud\n\n[core]\noutput = table\n\n[defaults]\ngroup = rg1\n\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // `[core] output = table` now applies, as in az.
    let run = azrs.run(&["config", "get", "core.output"]).ok();
    let source = path.display().to_string();
    let width = source.chars().count();
    assert_eq!(
        run.stdout,
        format!(
            "Name    Source{}  Value\n------  {}  -------\noutput  {source}  table\n",
            " ".repeat(width - 6),
            "-".repeat(width)
        )
    );
    let v = azrs.run(&["config", "get", "-o", "json"]).ok().json();
    assert_eq!(
        v,
        json!({"cloud": [{"name": "name", "source": source, "value": "AzureCloud"}],
               "core": [{"name": "output", "source": source, "value": "table"}],
               "defaults": [{"name": "group", "source": source, "value": "rg1"}]})
    );
}

#[test]
fn config_errors_are_azs() {
    let azrs = Azrs::new();
    let run = azrs.run(&["config", "get", "core.nothing"]).expect_code(1);
    assert_eq!(
        run.stderr,
        format!("{EXPERIMENTAL}ERROR: Configuration 'core.nothing' is not set.\n")
    );
    let run = azrs.run(&["config", "set", "core=1"]).expect_code(1);
    assert!(
        run.stderr
            .ends_with("ERROR: usage error: [section].[name]=[value] ...\n")
    );
    let run = azrs.run(&["config", "unset", "core"]).expect_code(1);
    assert!(
        run.stderr
            .ends_with("ERROR: usage error: [section].[name]\n")
    );
    let run = azrs.run(&["configure", "--defaults", "bad"]).expect_code(1);
    assert_eq!(
        run.stderr,
        "ERROR: usage error: --defaults STRING=STRING STRING=STRING ...\n"
    );
}

#[test]
fn configure_defaults_then_list_and_unset() {
    let azrs = Azrs::new();
    azrs.run(&["config", "set", "core.output=table"]).ok();
    let run = azrs
        .run(&["configure", "--defaults", "location=eastus", "group="])
        .ok();
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let path = azrs.config_dir().join("config");
    assert_eq!(
        std::fs::read_to_string(&path).expect("config"),
        "[cloud]\nname = AzureCloud\n\n[core]\noutput = table\n\n[defaults]\nlocation = eastus\ngroup = \n\n"
    );
    let v = azrs.run(&["configure", "-l", "-o", "json"]).ok().json();
    let source = path.display().to_string();
    assert_eq!(
        v,
        json!([{"name": "location", "source": source, "value": "eastus"}])
    );
    azrs.run(&["config", "unset", "core.output"]).ok();
    assert_eq!(
        std::fs::read_to_string(&path).expect("config"),
        "[cloud]\nname = AzureCloud\n\n[core]\n\n[defaults]\nlocation = eastus\ngroup = \n\n"
    );
}
