//! The `azrs` binary: a thin shell around [`azrs::app::main`], which owns everything else.

fn main() -> std::process::ExitCode {
    azrs::app::main()
}
