//! Python bindings for Styring (module `styring`), filled in by the Python
//! issue. Kept out of the workspace's default members so that a plain
//! `cargo test` needs no Python.

pub use styring_core as core;
