//! `azrs completion <shell>`: shell completion scripts generated from the clap tree.

use super::meta::VerbMeta;
use clap::{Args, Subcommand};
use clap_complete::Shell;

/// Print a shell completion script for azrs.
#[derive(Debug, Args)]
pub struct CompletionNamespace {
    /// The shell.
    #[command(subcommand)]
    pub command: CompletionCommand,
}

/// The shells azrs can complete for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum CompletionCommand {
    /// Print the bash completion script.
    Bash,
    /// Print the zsh completion script.
    Zsh,
    /// Print the fish completion script.
    Fish,
    /// Print the PowerShell completion script.
    Powershell,
}

impl CompletionCommand {
    /// The az-style command name, e.g. `"completion bash"`.
    pub fn name(&self) -> &'static str {
        match self {
            CompletionCommand::Bash => "completion bash",
            CompletionCommand::Zsh => "completion zsh",
            CompletionCommand::Fish => "completion fish",
            CompletionCommand::Powershell => "completion powershell",
        }
    }

    fn shell(self) -> Shell {
        match self {
            CompletionCommand::Bash => Shell::Bash,
            CompletionCommand::Zsh => Shell::Zsh,
            CompletionCommand::Fish => Shell::Fish,
            CompletionCommand::Powershell => Shell::PowerShell,
        }
    }

    /// The completion script for the program `azrs`, as bytes to print on stdout.
    pub fn script(self) -> Vec<u8> {
        let mut cmd = super::command();
        let mut out = Vec::new();
        clap_complete::generate(self.shell(), &mut cmd, super::PROG, &mut out);
        out
    }
}

impl CompletionCommand {
    /// Every `completion` verb's path with az's argument metadata (see `cli::meta`).
    pub const VERBS: &'static [(&'static str, VerbMeta)] = &[
        ("completion bash", VerbMeta::PLAIN),
        ("completion zsh", VerbMeta::PLAIN),
        ("completion fish", VerbMeta::PLAIN),
        ("completion powershell", VerbMeta::PLAIN),
    ];
}
