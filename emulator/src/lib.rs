//! The ARM emulator: a local Azure Resource Manager look-alike (like Azurite for Storage or
//! LocalStack for AWS). `core` is a pure, deterministic request handler over a serialisable
//! state; `front` holds the ways in: the HTTPS server, the in-process transport, the state-dir
//! store, TLS material and fault injection.
//!
//! This module deliberately shares no code with `arm` or `commands`, so a client bug cannot
//! be mirrored into the fake.

pub mod core;
pub mod front;
