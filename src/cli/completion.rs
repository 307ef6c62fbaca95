//! `azrs completion <shell>`: shell completion scripts generated from the clap tree, each with
//! a hook that completes resource names from the live subscription by calling back into
//! `azrs completion names` (hidden; `commands::complete` answers it) when the word before the
//! cursor is one of [`NAME_OPTIONS`]. Everything else is clap's static completion. The words
//! typed travel in the environment variable [`WORDS_ENV`], one a line, not in argv: azrs
//! parses argv as az does (option abbreviations, unknown options refused), and the words are
//! full of options. This module only writes the scripts' text; it lists nothing itself.

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

/// The options whose values the hooks ask azrs for (`commands::complete` decides, from the
/// command typed, what each one names).
pub const NAME_OPTIONS: &[&str] = &[
    "-g",
    "--resource-group",
    "-n",
    "--name",
    "--cluster-name",
    "--vnet-name",
    "--namespace",
];

/// The words typed after the program name, each followed by a newline, the last being the word
/// under the cursor (so an empty current word is a final empty line).
pub const WORDS_ENV: &str = "AZRS_COMPLETE_WORDS";

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
    /// Names for the shells' hooks, not for people (the words come in `AZRS_COMPLETE_WORDS`).
    #[command(hide = true)]
    Names,
}

impl CompletionCommand {
    /// The az-style command name, e.g. `"completion bash"`.
    pub fn name(&self) -> &'static str {
        match self {
            CompletionCommand::Bash => "completion bash",
            CompletionCommand::Zsh => "completion zsh",
            CompletionCommand::Fish => "completion fish",
            CompletionCommand::Powershell => "completion powershell",
            CompletionCommand::Names => "completion names",
        }
    }

    fn shell(self) -> Option<Shell> {
        Some(match self {
            CompletionCommand::Bash => Shell::Bash,
            CompletionCommand::Zsh => Shell::Zsh,
            CompletionCommand::Fish => Shell::Fish,
            CompletionCommand::Powershell => Shell::PowerShell,
            CompletionCommand::Names => return None,
        })
    }

    /// The completion script for the program `azrs`, as bytes to print on stdout: clap's
    /// static script with the live-names hook added (empty for `names`, which is no shell).
    pub fn script(self) -> Vec<u8> {
        let Some(shell) = self.shell() else {
            return Vec::new();
        };
        let mut cmd = super::command();
        let mut out = Vec::new();
        clap_complete::generate(shell, &mut cmd, super::PROG, &mut out);
        let text = String::from_utf8_lossy(&out);
        with_live_names(shell, &text).into_bytes()
    }
}

/// `NAME_OPTIONS` as a shell `case` pattern (`-g|--resource-group|...`).
fn case_pattern() -> String {
    NAME_OPTIONS.join("|")
}

/// Adds the hook that asks `azrs completion names` for values to clap's script for `shell`.
fn with_live_names(shell: Shell, clap_script: &str) -> String {
    let prog = super::PROG;
    match shell {
        Shell::Bash => {
            // The same registration clap makes, pointed at the wrapper; the wrapper hands every
            // other word to clap's `_azrs`.
            let register = format!(
                "if [[ \"${{BASH_VERSINFO[0]}}\" -eq 4 && \"${{BASH_VERSINFO[1]}}\" -ge 4 || \"${{BASH_VERSINFO[0]}}\" -gt 4 ]]; then\n    complete -F _{prog}_live -o nosort -o bashdefault -o default {prog}\nelse\n    complete -F _{prog}_live -o bashdefault -o default {prog}\nfi\n"
            );
            format!(
                "{clap_script}
# Resource names from the live subscription (azrs completion names; nothing when offline).
_{prog}_live() {{
    local prev=\"${{COMP_WORDS[COMP_CWORD-1]}}\"
    case \"${{prev}}\" in
        {pattern})
            local IFS=$'\\n'
            local typed=\"${{COMP_WORDS[*]:1:COMP_CWORD}}\"$'\\n'
            COMPREPLY=( $({words_env}=\"${{typed}}\" \"${{COMP_WORDS[0]}}\" completion names 2>/dev/null) )
            return 0
            ;;
    esac
    _{prog} \"$@\"
}}

{register}",
                pattern = case_pattern(),
                words_env = WORDS_ENV
            )
        }
        Shell::Zsh => {
            let hook = format!(
                "# Resource names from the live subscription (azrs completion names; nothing when offline).
_{prog}_live() {{
    case \"${{words[CURRENT-1]}}\" in
        {pattern})
            local -a names
            local typed=\"${{(pj:\\n:)words[2,CURRENT]}}\"$'\\n'
            names=(\"${{(@f)$({words_env}=\"$typed\" ${{words[1]}} completion names 2>/dev/null)}}\")
            names=(${{names:#}})
            compadd -a names
            return
            ;;
    esac
    _{prog} \"$@\"
}}

if [ \"$funcstack[1]\" = \"_{prog}\" ]; then
    compdef _{prog}_live {prog}
    _{prog}_live \"$@\"
else
    compdef _{prog}_live {prog}
fi
",
                pattern = case_pattern(),
                words_env = WORDS_ENV
            );
            // clap's closing registration is replaced by the wrapper's.
            let tail = format!(
                "if [ \"$funcstack[1]\" = \"_{prog}\" ]; then\n    _{prog} \"$@\"\nelse\n    compdef _{prog} {prog}\nfi\n"
            );
            match clap_script.rfind(&tail) {
                Some(at) => format!("{}{hook}", &clap_script[..at]),
                None => format!("{clap_script}\n{hook}"),
            }
        }
        Shell::Fish => format!(
            "{clap_script}
# Resource names from the live subscription (azrs completion names; nothing when offline).
function __{prog}_live_wanted
    set -l typed (commandline -opc)
    contains -- $typed[-1] {options}
end
function __{prog}_live_names
    set -l typed (commandline -opc) (commandline -ct)
    # string join ends its output with a newline, which collect -N keeps: one after each word.
    set -lx {words_env} (string join \\n -- $typed[2..-1] | string collect -N)
    $typed[1] completion names 2>/dev/null
end
{per_option}",
            options = NAME_OPTIONS.join(" "),
            words_env = WORDS_ENV,
            // fish offers only an option's own argument completions after an option that takes
            // one, so the names are declared per option.
            per_option = NAME_OPTIONS
                .iter()
                .map(|o| {
                    let spec = match o.strip_prefix("--") {
                        Some(long) => format!("-l {long}"),
                        None => format!("-s {}", o.trim_start_matches('-')),
                    };
                    format!(
                        "complete -c {prog} -n __{prog}_live_wanted {spec} -r -f -a '(__{prog}_live_names)'\n"
                    )
                })
                .collect::<String>()
        ),
        _ => {
            // clap's completer becomes a value the wrapper falls back to.
            let opening =
                format!("Register-ArgumentCompleter -Native -CommandName '{prog}' -ScriptBlock {{");
            let static_block = clap_script.replacen(&opening, "$global:AzrsStaticCompleter = {", 1);
            let options: Vec<String> = NAME_OPTIONS.iter().map(|o| format!("'{o}'")).collect();
            format!(
                "{static_block}
# Resource names from the live subscription (azrs completion names; nothing when offline).
{opening}
    param($wordToComplete, $commandAst, $cursorPosition)
    $typed = @($commandAst.CommandElements | ForEach-Object {{ $_.ToString() }})
    if ($wordToComplete -eq '') {{ $typed += '' }}
    if ($typed.Count -ge 3 -and @({options}) -contains $typed[-2]) {{
        $env:{words_env} = ($typed[1..($typed.Count - 1)] -join \"`n\") + \"`n\"
        try {{
            & $typed[0] completion names 2>$null | ForEach-Object {{
                [CompletionResult]::new($_, $_, [CompletionResultType]::ParameterValue, $_)
            }}
        }} finally {{
            Remove-Item Env:{words_env} -ErrorAction SilentlyContinue
        }}
        return
    }}
    & $global:AzrsStaticCompleter $wordToComplete $commandAst $cursorPosition
}}
",
                options = options.join(", "),
                words_env = WORDS_ENV
            )
        }
    }
}

impl CompletionCommand {
    /// Every `completion` verb's path with az's argument metadata (see `cli::meta`).
    pub const VERBS: &'static [(&'static str, VerbMeta)] = &[
        ("completion bash", VerbMeta::PLAIN),
        ("completion zsh", VerbMeta::PLAIN),
        ("completion fish", VerbMeta::PLAIN),
        ("completion powershell", VerbMeta::PLAIN),
        ("completion names", VerbMeta::PLAIN),
    ];
}
