//! End-to-end tests of the library: example data through the store into
//! scorecards, and crash safety of the store.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)] // a test: a panic is a failure

mod store_crash;
mod xlsx_files;
mod xlsx_round_trip;
