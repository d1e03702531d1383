//! Workbooks we write: scorecards (and, with the import, unit templates).

pub mod accounts;
pub mod benefits;
pub mod budget;
pub mod deviations;
pub mod formats;
pub mod report;
pub mod scorecard;
pub mod template;
