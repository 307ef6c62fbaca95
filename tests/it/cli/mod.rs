//! argv → `Cli` parsing: az's parser errors (goldens), every leaf with its short forms and
//! aliases, help rendering and completion scripts. Pure: no process, no environment.

mod aks;
mod errors;
mod help;
mod leaves;

use azrs::cli::{
    AccountCommand, AksCommand, CloudCommand, Command, CompletionCommand, ExtensionCommand,
    FeatureCommand, GroupCommand, OutputFormat, ParseError, ParseOptions, ProviderCommand,
    UsageError, parse_from, parse_with,
};

/// A parser-level case of `spec/golden/output-goldens.json` (az 2.91.0), copied verbatim:
/// argv after the program name, whether `[core] error_recommendation` is on, stderr, exit code.
/// stdout is empty in all of them.
struct GoldenCase {
    id: &'static str,
    argv: &'static [&'static str],
    error_recommendation: bool,
    stderr: &'static str,
    exit_code: u8,
}

const GOLDEN_PARSER_CASES: &[GoldenCase] = &[
    GoldenCase {
        id: "G78-query-syntax-error",
        argv: &["group", "list", "--query", "[?name=="],
        error_recommendation: true,
        stderr: "ERROR: argument --query: invalid jmespath_type value: '[?name=='\nTo learn more about --query, please visit: 'https://learn.microsoft.com/cli/azure/query-azure-cli'\n",
        exit_code: 2,
    },
    GoldenCase {
        id: "G82-output-invalid",
        argv: &["group", "list", "-o", "xml"],
        error_recommendation: true,
        stderr: "ERROR: az group list: 'xml' is not a valid value for '--output'. Allowed values: json, jsonc, yaml, yamlc, table, tsv, none.\n\nExamples from command's help:\naz group list --query \"[?location=='westus']\"\nList all resource groups located in the West US region.\n\nhttps://aka.ms/cli_ref\nRead more about the command in reference docs\n",
        exit_code: 2,
    },
    GoldenCase {
        id: "G83-unknown-command",
        argv: &["grop", "list"],
        error_recommendation: true,
        stderr: "ERROR: 'grop' is misspelled or not recognized by the system.\n\nhttps://aka.ms/cli_ref\nRead more about the command in reference docs\n",
        exit_code: 2,
    },
    GoldenCase {
        id: "G84-unknown-subcommand",
        argv: &["group", "lst"],
        error_recommendation: true,
        stderr: "ERROR: 'lst' is misspelled or not recognized by the system.\nDid you mean 'list' ?\n\nExamples from command's help:\naz group list --query \"[?location=='westus']\"\nList all resource groups located in the West US region.\n\nhttps://aka.ms/cli_ref\nRead more about the command in reference docs\n",
        exit_code: 2,
    },
    GoldenCase {
        id: "G85-error-recommendation-off",
        argv: &["group", "lst"],
        error_recommendation: false,
        stderr: "ERROR: 'lst' is misspelled or not recognized by the system.\nDid you mean 'list' ?\n",
        exit_code: 2,
    },
    GoldenCase {
        id: "G86-unknown-arg",
        argv: &["group", "list", "--foo", "bar"],
        error_recommendation: true,
        stderr: "ERROR: unrecognized arguments: --foo bar\n\nhttps://aka.ms/cli_ref\nRead more about the command in reference docs\n",
        exit_code: 2,
    },
    GoldenCase {
        id: "G87-missing-required",
        argv: &["group", "show"],
        error_recommendation: true,
        stderr: "ERROR: the following arguments are required: --name/-n/--resource-group/-g\n\nhttps://aka.ms/cli_ref\nRead more about the command in reference docs\n",
        exit_code: 2,
    },
];

fn az_options() -> ParseOptions<'static> {
    ParseOptions {
        prog: "az",
        ..ParseOptions::default()
    }
}

fn argv(args: &[&str]) -> Vec<String> {
    std::iter::once("azrs")
        .chain(args.iter().copied())
        .map(String::from)
        .collect()
}

fn parse(args: &[&str]) -> azrs::cli::Cli {
    match parse_from(argv(args)) {
        Ok(cli) => cli,
        Err(e) => panic!("{args:?} did not parse: {e:?}"),
    }
}

fn usage_error(args: &[&str]) -> UsageError {
    match parse_with(&az_options(), argv(args)) {
        Err(ParseError::Usage(e)) => e,
        other => panic!("{args:?}: expected a usage error, got {other:?}"),
    }
}
