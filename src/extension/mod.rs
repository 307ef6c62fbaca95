//! The `extension` module (being built).
