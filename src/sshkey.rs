//! The `sshkey` module (being built).
