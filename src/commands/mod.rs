//! The `commands` module (being built).

pub mod aks;
