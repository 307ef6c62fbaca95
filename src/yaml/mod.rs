//! YAML as az's PyYAML 6 reads and writes it, for both `-o yaml`/`yamlc` (`output`) and
//! kubeconfig files (`kubeconfig`): [`emit`] reproduces `safe_dump(..., default_flow_style=
//! False)`, [`load`] reproduces `safe_load`'s typing, and both share the one YAML 1.1 implicit
//! resolver ([`resolve`]) so what the emitter leaves unquoted the loader reads back as a string.
//! Which options a caller needs (`allow_unicode`, colour) is the caller's; files and locks are
//! `kubeconfig`'s.

mod emit;
mod load;
mod resolve;
mod scalar;

pub use emit::{YamlOptions, dump, emit, render, yaml_number};
pub use load::{YamlError, parse};
pub use resolve::{Resolved, resolve_plain};
