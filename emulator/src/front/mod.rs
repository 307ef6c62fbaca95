//! The emulator's front ends: the ways a request reaches `emulator::core` and the machinery
//! around it. `store` keeps the core's `State` in memory and persists it in a state directory
//! (a snapshot plus a journal of requests, `journal`, under an exclusive lock per request);
//! `limits` bounds what one client may cost the HTTPS server; `faults` injects deterministic,
//! seeded failures before the core sees a request; `tls` makes and keeps the test CA and
//! the server certificate; `server` is the loopback HTTPS listener used by the
//! `azrs-emulator` binary and by tests; `inprocess` is an `azure_core` transport that runs
//! requests through the same store and core without a socket; `log` writes the redacted
//! request log `requests.jsonl`.
//!
//! A state directory holds:
//!
//! | file | written by | content |
//! | --- | --- | --- |
//! | `state.json` | `store` | the core's `State` as of the last compaction, replaced atomically |
//! | `state.journal` | `store` | requests handled since, one JSON line each (`journal`); no credentials |
//! | `state.lock` | `store` | empty; held with an exclusive lock while a request is handled |
//! | `requests.jsonl` | `log` | one redacted JSON object per request |
//! | `ca.pem`, `ca-key.pem` | `tls` | the test CA clients trust; kept across restarts |
//! | `emulator.json` | `server` | how to reach the running HTTPS emulator (`settings`) |
//!
//! Sharing a state directory: any number of processes (HTTPS servers, in-process azrs runs,
//! tests) may use one directory at once. Each `Store` keeps the state in memory with its
//! position in `state.journal`; under the lock it first reads what others appended since
//! (nothing but a `stat` when nobody did) or, when a compaction replaced the journal file,
//! reloads `state.json` and replays the new journal. So a long-running server pays per request
//! only for its own request, and a short-lived azrs process pays one load when it starts.
//!
//! This module never interprets ARM semantics: that is the core's job. It deliberately does
//! not retry, cache or rewrite requests, so what a client sent is what the core sees.

pub mod faults;
pub mod inprocess;
pub mod journal;
pub mod limits;
pub mod log;
pub mod server;
pub mod settings;
pub mod store;
pub mod tls;

pub use faults::{FaultConfig, FaultCounts, FaultKind, FaultRule, Faults, Route};
pub use inprocess::{IN_PROCESS_ORIGIN, InProcessTransport, handle_in_process};
pub use limits::Limits;
pub use server::{RunningServer, ServerConfig, ServerError};
pub use settings::{EmulatorInfo, EmulatorOptions};
pub use store::{Store, StoreError};
