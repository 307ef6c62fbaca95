//! `az extension …`: the library offline against a loopback wheel server (`manage`), the verbs
//! through the binary (`commands`), and the emulator's extension index through the in-process
//! transport (`emulator_index`). The cross-check with the real az is in the differential
//! binary.

mod commands;
mod emulator_index;
mod manage;
