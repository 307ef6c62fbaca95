//! The `config` module (being built).
