//! The emulator's front ends (being built): HTTPS server, in-process transport, state store.
