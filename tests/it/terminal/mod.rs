//! What a person or a CI task meets first at the terminal: `--version`'s text layout (tasks
//! match `azure-cli\s+(\d+\.\d+\.\d+)`), next to `version`'s JSON, with the extensions azrs
//! sees. Through the real process against the embedded emulator, no network.

mod version;
