//! Nothing: this package holds the benchmarks of issue 12 (`benches/`), which run the
//! release binaries `cargo build --release` made (see `Cargo.toml`).
