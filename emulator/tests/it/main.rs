//! The emulator crate's integration tests, one binary: `routes` calls the core's `handle`
//! directly with a controlled clock, a module per resource type; `server` runs the front ends
//! end to end (HTTPS server, binary, store, faults, in-process transport); `replay` feeds the
//! core the requests the real az 2.91 sent in the walkthrough; `entra` signs the test user in.

mod entra;
mod replay;
mod routes;
mod server;
