//! A benefit plan as a workbook in the house style and in the importer's
//! layout: `Prosjekt` (the project's facts) and `Gevinster` (one benefit
//! per row), so the workbook goes back in as it came out.

use super::formats::Formats;
use crate::error::{write_err, XlsxError};
use rust_xlsxwriter::Workbook;
use std::path::Path;
use styring_core::register::BenefitPlan;

fn build(plan: &BenefitPlan, path: &str) -> Result<Workbook, XlsxError> {
    let e = write_err(path);
    let fm = Formats::new();
    let mut wb = Workbook::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name("Prosjekt").map_err(&e)?;
        let facts = [
            ("Id", plan.id.clone()),
            ("Prosjekt", plan.project.clone()),
            ("Eier", plan.owner.clone()),
            ("Enheter", plan.units.join(", ")),
            ("Type", plan.kind.key().to_string()),
        ];
        for (r, (k, v)) in facts.iter().enumerate() {
            ws.write_string_with_format(r as u32, 0, *k, &fm.bold)
                .map_err(&e)?;
            ws.write_string(r as u32, 1, v).map_err(&e)?;
        }
        ws.set_column_width(0, 14).map_err(&e)?;
        ws.set_column_width(1, 48).map_err(&e)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name("Gevinster").map_err(&e)?;
    let heads = [
        ("Gevinst", 34.0),
        ("Type", 12.0),
        ("Måleenhet", 14.0),
        ("Beskrivelse", 36.0),
        ("Nullpunkt", 12.0),
        ("Nullpunktsdato", 14.0),
        ("Kilde", 20.0),
        ("Forventet", 12.0),
        ("Frist", 10.0),
        ("Eier", 16.0),
        ("Indikator", 10.0),
        ("Mål", 12.0),
        ("Tiltak", 30.0),
        ("Effekt", 30.0),
    ];
    for (c, (h, w)) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &fm.header)
            .map_err(&e)?;
        ws.set_column_width(c as u16, *w).map_err(&e)?;
    }
    ws.set_freeze_panes(1, 1).map_err(&e)?;
    for (i, b) in plan.benefits.iter().enumerate() {
        let r = 1 + i as u32;
        let x = &b.benefit;
        let texts: [(u16, String); 11] = [
            (0, x.name.clone()),
            (1, x.kind.key().to_string()),
            (2, x.measure_unit.clone().unwrap_or_default()),
            (3, b.description.clone()),
            (5, x.baseline.date.to_string()),
            (6, x.baseline.source.clone()),
            (8, x.due.to_string()),
            (9, b.owner.clone()),
            (10, b.indicator.clone().unwrap_or_default()),
            (11, b.goals.join(", ")),
            (12, b.measure.clone()),
        ];
        for (c, t) in texts {
            if !t.is_empty() {
                ws.write_string_with_format(r, c, &t, &fm.text)
                    .map_err(&e)?;
            }
        }
        if !b.effect.is_empty() {
            ws.write_string_with_format(r, 13, &b.effect, &fm.text)
                .map_err(&e)?;
        }
        ws.write_number_with_format(r, 4, x.baseline.value, &fm.text)
            .map_err(&e)?;
        ws.write_number_with_format(r, 7, x.expected, &fm.text)
            .map_err(&e)?;
    }
    Ok(wb)
}

/// Writes the plan to `path` atomically.
///
/// # Errors
/// [`XlsxError::Write`] or [`XlsxError::Io`].
pub fn write_benefit_plan_workbook(plan: &BenefitPlan, path: &Path) -> Result<(), XlsxError> {
    let p = path.display().to_string();
    let mut wb = build(plan, &p)?;
    styring_core::fsutil::write_atomic_with(path, |f| {
        wb.save_to_writer(f)
            .map_err(|e| std::io::Error::other(e.to_string()))
    })
    .map_err(|e| XlsxError::Io { path: p, source: e })
}
