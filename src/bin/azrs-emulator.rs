//! The standalone ARM emulator binary (being built).

fn main() {}
