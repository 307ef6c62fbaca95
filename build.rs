//! Link settings of the `azrs` binary that the release profile cannot express (issue 12,
//! goal 1: start-up within 1.3x of an empty Rust program).
//!
//! `azrs` is linked as a position-dependent executable (`-no-pie`). As a PIE, the dynamic
//! loader applied about 20,000 relative relocations to the pointer tables of the image
//! (clap's, serde's and the help data's vtables and string slices) on every start, writing
//! to about 80 pages that then had to be copied: about a quarter of the loader's and the
//! kernel's start-up work for `azrs version`. Linked at a fixed address, the linker resolves
//! them once. The cost is that the executable's own image is not placed at a random
//! address (shared libraries, heap and stack still are). Only the binary is affected: the
//! library, tests and benches link as before.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.contains("linux") && target.contains("gnu") {
        println!("cargo:rustc-link-arg-bin=azrs=-no-pie");
    }
}
