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
//! The binary's one reference into libm, `pow` (from tokio's multi-threaded scheduler, linked
//! in because azure_core enables it, never started by azrs), made the loader map and relocate
//! libm.so.6 at every start: ~47 µs of each command, measured as an empty program with and
//! without libm. It links with `--wrap=pow` and `src/native/lazy_libm.c`, whose wrapper opens
//! libm on the first call and passes the call on, so libm is not among the binary's needed
//! libraries.
//!
//! Those settings affect only the binary: the library, tests and benches link as before.
//!
//! The script also indexes the help data (`src/cli/help/data/*.json`, one object of pages per
//! noun) for `cli::help::data`: where each page's JSON text lies in its file, sorted by the
//! page's path. A `--help` run then decodes one page's bytes and scans nothing else; indexing
//! the noun's file at run time (11 KB for `group`, 138 KB for `aks`) was a fifth of the cost
//! of printing a help page.
fn main() {
    help_index();
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=scripts/hot-code.order");
    println!("cargo:rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
    let target = std::env::var("TARGET").unwrap_or_default();
    println!("cargo:rerun-if-changed=src/native/openssl_cpuid.c");
    println!("cargo:rerun-if-changed=src/native/lazy_libm.c");
    if target.contains("linux") && target.contains("gnu") {
        println!("cargo:rustc-link-arg-bin=azrs=-no-pie");
    }
    if target == "x86_64-unknown-linux-gnu" {
        // The object itself, not an archive: an archive member is pulled in only for a
        // symbol some earlier object needs, and the wrapper is needed only through `--wrap`.
        let objects = cc::Build::new()
            .file("src/native/openssl_cpuid.c")
            .file("src/native/lazy_libm.c")
            .opt_level(2)
            .compile_intermediates();
        for object in objects {
            println!("cargo:rustc-link-arg-bin=azrs={}", object.display());
        }
        println!("cargo:rustc-link-arg-bin=azrs=-Wl,--wrap=OPENSSL_cpuid_setup");
        println!("cargo:rustc-link-arg-bin=azrs=-Wl,--wrap=pow");
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

/// Writes `$OUT_DIR/help_index.rs`: `FILES` (each noun's data file, compiled in) and `PAGES`
/// (each page's path, file and byte range, sorted by path).
fn help_index() {
    use std::fmt::Write as _;
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = std::path::Path::new(&root).join("src/cli/help/data");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .expect("src/cli/help/data exists")
        .map(|entry| entry.expect("readable help data directory").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out =
        String::from("/// Each noun's help data file.\npub(super) const FILES: &[&str] = &[\n");
    let mut pages: Vec<(String, usize, usize, usize)> = Vec::new();
    for (index, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).expect("utf-8 help data");
        let map: std::collections::BTreeMap<&str, &serde_json::value::RawValue> =
            serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not an object of pages: {e}", path.display()));
        for (key, raw) in map {
            // The raw value borrows from `text`: its offset is the distance between the two.
            let start = raw.get().as_ptr() as usize - text.as_ptr() as usize;
            pages.push((key.to_string(), index, start, start + raw.get().len()));
        }
        writeln!(out, "    include_str!({:?}),", path.display().to_string()).expect("string");
    }
    pages.sort();
    out.push_str("];\n\n/// Each page: its path, its file in `FILES` and the byte range of its JSON there,\n/// sorted by path.\npub(super) const PAGES: &[(&str, usize, usize, usize)] = &[\n");
    for (key, file, start, end) in pages {
        writeln!(out, "    ({key:?}, {file}, {start}, {end}),").expect("string");
    }
    out.push_str("];\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("help_index.rs");
    std::fs::write(dest, out).expect("write help_index.rs");
}
