//! The `output` module (being built).
