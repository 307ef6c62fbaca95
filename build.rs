//! Link settings of the `azrs` binary that the release profile cannot express (issue 12:
//! start-up within 1.3x of an empty Rust program, and the per-command memory floor).
//!
//! `azrs` is linked as a position-dependent executable (`-no-pie`). As a PIE, the dynamic
//! loader applied about 20,000 relative relocations to the pointer tables of the image
//! (clap's, serde's and the help data's vtables and string slices) on every start, writing
//! to about 80 pages that then had to be copied: about a quarter of the loader's and the
//! kernel's start-up work for `azrs version`. Linked at a fixed address, the linker resolves
//! them once. The cost is that the executable's own image is not placed at a random
//! address (shared libraries, heap and stack still are).
//!
//! The functions everyday commands run are placed first in `.text`, in the order
//! `scripts/hot-code.order` lists them (`scripts/hot-code.sh` regenerates it). The kernel maps
//! code 64 KiB around each page a process faults in, so the ~700 scattered pages of code a
//! `group show` runs used to make ~7 MB of the 10 MB of code resident: most of its peak RSS,
//! and a page fault per window. Packed, they take a fraction of that. Only the order changes,
//! never what runs; a stale list (names that no longer exist) only costs memory again. This
//! needs lld, which rustc links x86_64 Linux GNU targets with by default; it is left out when
//! the flags pick another linker.
//!
//! OpenSSL's x86-64 build runs its CPU feature detection (`OPENSSL_cpuid_setup`) from the
//! `.init` section of every process that links it, about a dozen `cpuid` instructions; in a
//! virtual machine each is a trap to the hypervisor (8-17 µs apiece on the project's 2-core
//! machine), ~0.1 ms of every command for a library only key generation uses. The binary is
//! linked with `--wrap=OPENSSL_cpuid_setup` and `src/native/openssl_cpuid.c`, whose wrapper
//! lets the `.init` call do nothing and passes on OpenSSL's own, from its lazy initialisation
//! before azrs's first use of it (key generation, reading an SSH private key). C because the
//! workspace forbids `unsafe` Rust, and an exported symbol and a foreign call both are.
//!
//! Only the binary is affected: the library, tests and benches link as before.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=scripts/hot-code.order");
    println!("cargo:rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
    let target = std::env::var("TARGET").unwrap_or_default();
    println!("cargo:rerun-if-changed=src/native/openssl_cpuid.c");
    if target.contains("linux") && target.contains("gnu") {
        println!("cargo:rustc-link-arg-bin=azrs=-no-pie");
    }
    if target == "x86_64-unknown-linux-gnu" {
        // The object itself, not an archive: an archive member is pulled in only for a
        // symbol some earlier object needs, and the wrapper is needed only through `--wrap`.
        let objects = cc::Build::new()
            .file("src/native/openssl_cpuid.c")
            .opt_level(2)
            .compile_intermediates();
        for object in objects {
            println!("cargo:rustc-link-arg-bin=azrs={}", object.display());
        }
        println!("cargo:rustc-link-arg-bin=azrs=-Wl,--wrap=OPENSSL_cpuid_setup");
    }
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    let other_linker = flags.contains("linker") || flags.contains("link-self-contained");
    if target == "x86_64-unknown-linux-gnu" && !other_linker {
        let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
        let order = std::path::Path::new(&root).join("scripts/hot-code.order");
        if order.is_file() {
            println!(
                "cargo:rustc-link-arg-bin=azrs=-Wl,--symbol-ordering-file={}",
                order.display()
            );
            // A name the list has but this build lacks is expected as code changes.
            println!("cargo:rustc-link-arg-bin=azrs=-Wl,--no-warn-symbol-ordering");
        }
    }
}
