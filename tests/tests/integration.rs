//! End-to-end tests of the library: example data through the store into
//! scorecards, and crash safety of the store.

mod store_crash;
mod xlsx_files;
mod xlsx_round_trip;
