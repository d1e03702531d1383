//! # styring-xlsx — Excel in and out
//!
//! The units live in Excel. This crate writes each unit's input template,
//! imports what comes back (validated, all or nothing, with every problem
//! named by file, sheet and cell), and publishes coloured scorecard
//! workbooks. Reading uses calamine, writing rust_xlsxwriter; the domain
//! (statuses, roll-ups) stays in `styring-core`.
//!
//! | module | holds |
//! | --- | --- |
//! | [`export::scorecard`] | the scorecard workbook: overview, one sheet per unit, municipality, legend |
//! | [`export::formats`] | status colours and Norwegian number formats |
//! | [`error`] | [`XlsxError`] |

pub mod error;
pub mod export;

pub use error::XlsxError;
pub use export::scorecard::{write_scorecard_workbook, ExportOptions, ExportSummary};
pub mod import;
pub mod template;

pub use export::template::write_template;
pub use import::{import_files, ImportOptions};
