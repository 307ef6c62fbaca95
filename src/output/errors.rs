//! The stderr texts az prints, as pure strings for the `term` module to write: log-record
//! lines (`ERROR: ` / `WARNING: ` on the first line only) and the `--query` recommendation.
//! The text of an ARM error is not here: it is [`crate::arm::ArmError`]'s `Display`, which
//! the binary and the goldens both use.

/// The line az prints after any `--query` error.
pub const QUERY_HELP_LINE: &str = "To learn more about --query, please visit: 'https://learn.microsoft.com/cli/azure/query-azure-cli'";

/// `ERROR: <msg>\n` (prefix on the first line only, as knack's log formatter does).
pub fn error_line(message: &str) -> String {
    format!("ERROR: {message}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_only_on_the_first_line() {
        assert_eq!(error_line("a\nb"), "ERROR: a\nb\n");
    }
}
