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
        self.stderr_with(error_recommendation, &|piece, text| match piece {
            UsagePiece::Error => format!("ERROR: {text}"),
            _ => text.to_string(),
        })
    }

    /// The stderr text with each styled piece (see [`UsagePiece`]) as `style` writes it; the
    /// line breaks between pieces are added here.
    pub fn stderr_with(
        &self,
        error_recommendation: bool,
        style: &dyn Fn(UsagePiece, &str) -> String,
    ) -> String {
        let mut out = style(UsagePiece::Error, &self.message);
        out.push('\n');
        for line in &self.recommendations {
            out.push_str(line);
            out.push('\n');
        }
        if self.show_reference && error_recommendation {
            out.push('\n');
            if !self.examples.is_empty() {
                out.push_str("Examples from command's help:\n");
                for ex in &self.examples {
                    out.push_str(&style(UsagePiece::ExampleCommand, &ex.command));
                    out.push('\n');
                    // az prints each example's title with a trailing newline of its own (inside
                    // its colour), so a blank line follows every example, the last included.
                    out.push_str(&style(
                        UsagePiece::ExampleDescription,
                        &format!("{}\n", ex.description),
                    ));
                    out.push('\n');
                }
            }
            out.push_str(&style(UsagePiece::ReferenceLink, REFERENCE_LINK));
            out.push('\n');
            out.push_str(&style(UsagePiece::ReferenceText, REFERENCE_TEXT));
            out.push('\n');
        }
        out
    }
}

/// The pieces of a usage error that az prints styled when colour is on (the rest, such as
/// `Did you mean ...`, is printed plain either way).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsagePiece {
    /// The error record (`ERROR: ` + message when plain).
    Error,
    /// An example's command line (az highlights its words).
    ExampleCommand,
    /// An example's description, ending in its own line break.
    ExampleDescription,
    /// `https://aka.ms/cli_ref`.
    ReferenceLink,
    /// The line under the link.
    ReferenceText,
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UsageError {}
