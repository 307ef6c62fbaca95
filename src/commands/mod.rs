//! The `commands` module (being built).
