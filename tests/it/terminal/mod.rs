//! What a person or a CI task meets first at the terminal: `--version`'s text layout (tasks
//! match `azure-cli\s+(\d+\.\d+\.\d+)`), next to `version`'s JSON, with the extensions azrs
//! sees; `config`/`configure` writing and reading az's `config` file. Through the app against
//! the embedded emulator, no network.

mod config;
mod globals;
mod user_agent;
mod version;
