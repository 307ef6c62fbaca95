//! The `term` module (being built).
