//! The `arm` module (being built).
