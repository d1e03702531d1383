//! `export`: the scorecard workbook of a period.

use super::{period, today, workspace, Context};
use crate::args::Files;
use crate::error::CliError;
use std::path::Path;

pub fn run(cx: &Context, files: &Files, p: &str, out: &Path) -> Result<(), CliError> {
    let ws = workspace(cx, files)?;
    let p = period(p)?;
    let extra = styring::kostra::workbook_section(ws.model(), ws.store(), p, cx.lang)?
        .into_iter()
        .collect();
    let summary = ws
        .engine()
        .export_xlsx_with(&ws.data()?, p, out, cx.lang, today(), extra)?;
    say!(
        "{} {} ({} {}).",
        cx.lang.pick("Skrev", "Wrote"),
        out.display(),
        summary.sheets.len(),
        cx.lang.pick("ark", "sheets")
    );
    Ok(())
}
