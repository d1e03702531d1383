//! Excel adapter for Styring: importing unit workbooks (calamine) and
//! writing templates and coloured scorecard workbooks (rust_xlsxwriter).
//!
//! This crate is filled in by the Excel issue; today it only re-exports the
//! core so that the workspace has its final shape.

pub use styring_core as core;
