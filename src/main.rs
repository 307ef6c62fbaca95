//! The `azrs` binary: hands the process's argv, environment and terminal to
//! [`azrs::app::run`], which owns everything else, and exits with the code it returns.

use std::collections::HashMap;

fn main() -> std::process::ExitCode {
    let argv: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let env: HashMap<String, String> = std::env::vars_os()
        .map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.to_string_lossy().into_owned(),
            )
        })
        .collect();
    let term = azrs::term::Term::from_process();
    azrs::app::install_panic_hook();
    std::process::ExitCode::from(azrs::app::guarded(|| azrs::app::run(argv, env, &term)))
}
