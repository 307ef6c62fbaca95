//! The parser's outcomes as values: help to print, or a usage error in the parts az prints it
//! (message, recommendations, examples, the reference pair), with the exact stderr text.
//! Deciding *which* error applies is left to the scanners in [`super::walk`] and
//! [`super::leaf`]; colouring and printing are left to `term`.

use std::fmt;

/// The reference pair az prints after most parser errors.
const REFERENCE_LINK: &str = "https://aka.ms/cli_ref";
const REFERENCE_TEXT: &str = "Read more about the command in reference docs";
/// The recommendation az prints after a `--query` parser error.
const QUERY_REFERENCE: &str = "To learn more about --query, please visit: 'https://learn.microsoft.com/cli/azure/query-azure-cli'";

/// Why argv did not produce a command to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// `-h/--help`, or no command at all: print this text on stdout and exit 0.
    Help(String),
    /// A usage error: print [`UsageError::stdout`] (if any) on stdout and
    /// [`UsageError::stderr`] on stderr, exit 2.
    Usage(UsageError),
    /// What az reports as an unexpected error while parsing (a `--query` nested past Python's
    /// recursion limit): this detail under az's unexpected-error line, exit 1.
    Unexpected(String),
}

impl From<UsageError> for ParseError {
    fn from(e: UsageError) -> Self {
        ParseError::Usage(e)
    }
}

impl ParseError {
    /// The process exit code for this outcome (0 for help, 2 for usage errors).
    pub fn exit_code(&self) -> u8 {
        match self {
            ParseError::Help(_) => 0,
            ParseError::Usage(_) => UsageError::EXIT_CODE,
            ParseError::Unexpected(_) => 1,
        }
    }
}

/// One help example: the command line and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The command line, starting with the program name.
    pub command: String,
    /// The example's description.
    pub description: String,
}

/// An argument-parser error, in the parts az prints them (so `term` can colour each part).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    /// The error record, printed as `ERROR: <message>`.
    pub message: String,
    /// Lines printed right below the error (`Did you mean 'list' ?`, the `--query` pointer).
    pub recommendations: Vec<String>,
    /// Examples printed under `Examples from command's help:`.
    pub examples: Vec<Example>,
    /// Whether the examples block and the `https://aka.ms/cli_ref` pair follow; az drops both
    /// when `[core] error_recommendation` is `off`.
    pub show_reference: bool,
    /// Text for stdout (a command group's help when its verb is missing).
    pub stdout: Option<String>,
}

impl UsageError {
    /// az exits with 2 on every parser error.
    pub const EXIT_CODE: u8 = 2;

    pub(super) fn new(message: impl Into<String>) -> UsageError {
        UsageError {
            message: message.into(),
            recommendations: Vec::new(),
            examples: Vec::new(),
            show_reference: true,
            stdout: None,
        }
    }

    /// The error as a knack `error()` call reports it: the `--query` pointer for messages that
    /// mention `--query`, else the reference pair.
    pub(super) fn from_error_call(message: String) -> UsageError {
        let mut err = UsageError::new(message);
        if err.message.contains("--query") {
            err.recommendations.push(QUERY_REFERENCE.to_string());
            err.show_reference = false;
        }
        err
    }

    /// The exact stderr text (uncoloured). `error_recommendation` is `[core]
    /// error_recommendation` (false when `off`): without it the examples and the reference
    /// pair are left out.
    pub fn stderr(&self, error_recommendation: bool) -> String {
        let mut out = format!("ERROR: {}\n", self.message);
        for line in &self.recommendations {
            out.push_str(line);
            out.push('\n');
        }
        if self.show_reference && error_recommendation {
            out.push('\n');
            if !self.examples.is_empty() {
                // az prints each example's title with a trailing newline of its own, so a
                // blank line follows every example, the last one included.
                out.push_str("Examples from command's help:\n");
                for ex in &self.examples {
                    out.push_str(&ex.command);
                    out.push('\n');
                    out.push_str(&ex.description);
                    out.push_str("\n\n");
                }
            }
            out.push_str(REFERENCE_LINK);
            out.push('\n');
            out.push_str(REFERENCE_TEXT);
            out.push('\n');
        }
        out
    }
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UsageError {}
