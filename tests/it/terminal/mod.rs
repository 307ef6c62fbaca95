//! What a person or a CI task meets first at the terminal: `--version`'s text layout (tasks
//! match `azure-cli\s+(\d+\.\d+\.\d+)`), next to `version`'s JSON, with the extensions azrs
//! sees; `config`/`configure` writing and reading az's `config` file; colour as knack decides
//! it; Tab completion of resource names from the live subscription. Through the app against the
//! embedded emulator, no network.

mod colour;
mod completion;
mod config;
mod globals;
mod user_agent;
mod version;
