//! The finance department's workbook of a plan version: the budget
//! statement with its sums, the units' frames, the key figures and the
//! targets on one print-ready sheet (the one report renderer), and the
//! version's facts on a second. [`crate::import::budget`] reads it back
//! unchanged.

use super::formats::Formats;
use super::report::write_report_sheet;
use crate::error::{write_err, XlsxError};
use rust_xlsxwriter::{Workbook, Worksheet};
use std::path::Path;
use styring_core::economy::{statement_report, PlanVersion};
use styring_core::model::Model;
use styring_core::Lang;

/// The labels of the version sheet, (Norwegian, English), in order.
pub(crate) const FACTS: [(&str, &str); 7] = [
    ("Id", "Id"),
    ("Type", "Kind"),
    ("Tittel", "Title"),
    ("Vedtak", "Decision"),
    ("Dato", "Date"),
    ("Bygger på", "Based on"),
    ("Første år", "First year"),
];

/// The name of the version sheet.
pub(crate) fn facts_sheet(lang: Lang) -> &'static str {
    lang.pick("Versjon", "Version")
}

fn write_facts(
    ws: &mut Worksheet,
    plan: &PlanVersion,
    fm: &Formats,
    lang: Lang,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    ws.write_string_with_format(0, 0, lang.pick("Versjonen", "The version"), &fm.title)?;
    let values = [
        plan.id.clone(),
        plan.kind.key().to_string(),
        plan.title.clone(),
        plan.decision
            .as_ref()
            .map(|d| d.reference.clone())
            .unwrap_or_default(),
        plan.decision
            .as_ref()
            .map(|d| d.date.to_string())
            .unwrap_or_default(),
        plan.based_on.clone().unwrap_or_default(),
        plan.first_year.to_string(),
    ];
    for (i, ((nb, en), v)) in FACTS.iter().zip(values).enumerate() {
        let r = 2 + i as u32;
        ws.write_string_with_format(r, 0, lang.pick(nb, en), &fm.header)?;
        ws.write_string_with_format(r, 1, v, &fm.text)?;
    }
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 48)?;
    Ok(())
}

fn build(model: &Model, plan: &PlanVersion, lang: Lang, path: &str) -> Result<Workbook, XlsxError> {
    let e = write_err(path);
    let fm = Formats::new();
    let mut wb = Workbook::new();
    let report = statement_report(model, plan, lang);
    let name = lang.pick("Økonomiplan", "Financial plan");
    {
        let ws = wb.add_worksheet();
        ws.set_name(name).map_err(&e)?;
        write_report_sheet(ws, name, &report, &fm).map_err(&e)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name(facts_sheet(lang)).map_err(&e)?;
    write_facts(ws, plan, &fm, lang).map_err(&e)?;
    Ok(wb)
}

/// The workbook of `plan`, in memory.
///
/// # Errors
/// [`XlsxError::Write`].
pub fn budget_workbook_bytes(
    model: &Model,
    plan: &PlanVersion,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = build(model, plan, lang, "<memory>")?;
    wb.save_to_buffer().map_err(write_err("<memory>"))
}

/// Writes the workbook of `plan` to `path` atomically.
///
/// # Errors
/// [`XlsxError::Write`] or [`XlsxError::Io`]; the old file stays on failure.
pub fn write_budget_workbook(
    model: &Model,
    plan: &PlanVersion,
    path: &Path,
    lang: Lang,
) -> Result<(), XlsxError> {
    let p = path.display().to_string();
    let mut wb = build(model, plan, lang, &p)?;
    styring_core::fsutil::write_atomic_with(path, |f| {
        wb.save_to_writer(f)
            .map_err(|e| std::io::Error::other(e.to_string()))
    })
    .map_err(|e| XlsxError::Io { path: p, source: e })
}
