//! The `cli` module (being built).
