//! The `auth` module (being built).
