//! What every command-line test runs the binary with: the binary, a run
//! that must succeed, a run that must fail.

#![allow(dead_code, clippy::unwrap_used)] // each test file uses what it needs

use std::path::Path;
use styring_tests::{run, text};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_styring");

/// Runs `args` in `dir`; it must succeed. Gives stdout.
pub fn ok(args: &[&str], dir: &Path) -> String {
    let o = run(BIN, args, dir);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{args:?}: {out}{err}");
    out
}

/// Runs `args` in `dir`; it must fail. Gives stderr.
pub fn fails(args: &[&str], dir: &Path) -> String {
    failure(args, dir).1
}

/// Runs `args` in `dir`; it must fail. Gives the exit code and stderr.
pub fn failure(args: &[&str], dir: &Path) -> (i32, String) {
    let o = run(BIN, args, dir);
    let (out, err) = text(&o);
    assert!(!o.status.success(), "{args:?} should fail: {out}");
    (o.status.code().unwrap_or(-1), err)
}
