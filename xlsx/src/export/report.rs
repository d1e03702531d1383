//! Any [`Report`] as a workbook: one sheet per report, its sections one
//! under the other — a heading (with the section's light), then a
//! paragraph or a table whose cells keep their types: values are numbers
//! in the measure's format, lights are filled cells with symbol and word,
//! histories are numbers beside a sparkline. Texts come from
//! [`Cell::text`] and colours from [`styring_core::Status::look`]; nothing
//! is formatted here that the page or the terminal formats differently.
//!
//! ```
//! use styring_core::report::{Body, Cell, Column, Report, Section, Table, TableRow};
//! use styring_core::{Lang, Status};
//! let r = Report {
//!     title: "Oversikt — Øyer kommune".into(),
//!     scope: "Øyer kommune".into(),
//!     period: "2025-T2".parse().unwrap(),
//!     period_label: "2. tertial 2025".into(),
//!     subtitle: None,
//!     municipality: "Øyer kommune".into(),
//!     lang: Lang::Nb,
//!     sections: vec![Section {
//!         title: "Økonomi".into(),
//!         status: Some(Status::Red),
//!         body: Body::Table(Table {
//!             columns: vec![Column::new("area", "Rammeområde"), Column::new("deviation", "Avvik")],
//!             rows: vec![TableRow::data(vec![Cell::Text("Oppvekst".into()), Cell::Money(-1_250_000.0)])],
//!         }),
//!     }],
//! };
//! let bytes = styring_xlsx::export::report::report_workbook_bytes(&[r]).unwrap();
//! assert!(bytes.starts_with(b"PK"));
//! ```

use super::formats::Formats;
use super::scorecard::sheet_name;
use crate::error::{write_err, XlsxError};
use rust_xlsxwriter::{Sparkline, Workbook, Worksheet};
use std::collections::HashSet;
use std::path::Path;
use styring_core::indicator::{Measure, MeasureKind};
use styring_core::report::{Body, Cell, Report, Table};
use styring_core::Lang;

/// Columns a history cell spreads over in any table of the report: its
/// values, then a sparkline. One width for the whole report, so tables
/// that share columns line up under one header.
fn history_width(report: &Report) -> usize {
    report
        .sections
        .iter()
        .filter_map(|s| s.table())
        .flat_map(|t| t.rows.iter())
        .flat_map(|r| r.cells.iter())
        .map(|c| match c {
            Cell::History { points, .. } => points.len(),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

/// The sheet columns of each report column: (first, how many).
fn layout(t: &Table, hist: usize) -> Vec<(u16, u16)> {
    let hist = hist.min(200) as u16;
    let mut at = 0u16;
    t.columns
        .iter()
        .map(|c| {
            let n = if c.key == "history" && hist > 0 {
                hist + 1
            } else {
                1
            };
            let here = (at, n);
            at = at.saturating_add(n);
            here
        })
        .collect()
}

fn width(key: &str) -> f64 {
    match key {
        "indicator" | "code" => 8.0,
        "name" | "unit" => 40.0,
        "status" => 12.0,
        "trend" => 12.0,
        "period" => 9.0,
        "basis" => 13.0,
        "reason" => 34.0,
        "comment" => 40.0,
        "computed_as" => 46.0,
        "against_group" => 40.0,
        "break" => 30.0,
        _ => 12.0,
    }
}

fn money() -> Measure {
    Measure {
        kind: MeasureKind::Nok,
        decimals: 0,
        min: None,
        max: None,
    }
}

fn percent() -> Measure {
    Measure {
        kind: MeasureKind::Percent,
        decimals: 1,
        min: None,
        max: None,
    }
}

/// Two tables with the same columns are written as one, headed once.
fn same_columns(a: &Table, b: &Table) -> bool {
    a.columns.len() == b.columns.len()
        && a.columns
            .iter()
            .zip(&b.columns)
            .all(|(x, y)| x.key == y.key && x.title == y.title)
}

/// Writes `report` on `ws`, top to bottom (the sheet may be in constant
/// memory): the title, the municipality and period, the subtitle; then
/// each section as a band with its light, and its paragraph or table.
/// Consecutive tables with the same columns share one header, which is
/// frozen on screen and repeated on every printed page when it is the
/// only one.
pub(crate) fn write_report_sheet(
    ws: &mut Worksheet,
    sheet: &str,
    report: &Report,
    fm: &Formats,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let lang = report.lang;
    let hist = history_width(report);
    let tables: Vec<&Table> = report.sections.iter().filter_map(|s| s.table()).collect();
    let last_col = tables
        .iter()
        .map(|t| layout(t, hist).last().map(|(a, n)| a + n - 1).unwrap_or(0))
        .max()
        .unwrap_or(0);
    // Widths first: the first table that has a column decides it.
    let mut widths: Vec<Option<f64>> = vec![None; usize::from(last_col) + 1];
    for t in &tables {
        for (i, (col, (at, n))) in t.columns.iter().zip(layout(t, hist)).enumerate() {
            // Kroner up to hundreds of millions with the sign: `−126 759 601 kr`.
            let money = t
                .rows
                .iter()
                .any(|r| matches!(r.cells.get(i), Some(Cell::Money(_))));
            for k in 0..n {
                let w = if n == 1 && money {
                    17.0
                } else if n == 1 {
                    width(&col.key)
                } else if k + 1 == n {
                    14.0
                } else {
                    8.5
                };
                if let Some(slot) = widths.get_mut(usize::from(at + k)) {
                    slot.get_or_insert(w);
                }
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        if let Some(w) = w {
            ws.set_column_width(c as u16, *w)?;
        }
    }
    ws.write_string_with_format(0, 0, &report.title, &fm.title)?;
    ws.write_string_with_format(
        1,
        0,
        format!("{} · {}", report.municipality, report.period_label),
        &fm.subtitle,
    )?;
    let mut r: u32 = 2;
    if let Some(sub) = &report.subtitle {
        ws.write_string_with_format(r, 0, sub, &fm.subtitle)?;
        r += 1;
    }
    r += 1;
    let mut headed: Option<&Table> = None;
    let mut headers: Vec<u32> = Vec::new();
    for s in &report.sections {
        let band = match s.status {
            Some(st) => format!("{}   {} {}", s.title, st.symbol(), st.word(lang)),
            None => s.title.clone(),
        };
        match &s.body {
            Body::Paragraph(p) => {
                headed = None;
                if last_col > 0 {
                    ws.merge_range(r, 0, r, last_col, &band, &fm.perspective)?;
                } else {
                    ws.write_string_with_format(r, 0, &band, &fm.perspective)?;
                }
                ws.write_string_with_format(r + 1, 0, p, &fm.bold)?;
                r += 3;
            }
            Body::Table(t) => {
                if !headed.is_some_and(|h| same_columns(h, t)) {
                    write_header(ws, r, t, hist, fm)?;
                    headers.push(r);
                    r += 1;
                    headed = Some(t);
                }
                ws.set_row_height(r, 20)?;
                if last_col > 0 {
                    ws.merge_range(r, 0, r, last_col, &band, &fm.perspective)?;
                } else {
                    ws.write_string_with_format(r, 0, &band, &fm.perspective)?;
                }
                r = write_rows(ws, sheet, r + 1, t, hist, last_col, fm, lang)?;
            }
        }
    }
    if let [h] = headers[..] {
        ws.set_freeze_panes(h + 1, 2)?;
        ws.set_repeat_rows(h, h)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    let esc = |s: &str| s.replace('&', "&&");
    ws.set_header(format!(
        "&L&\"-,Bold\"{}&C{}&R&D",
        esc(&report.scope),
        esc(&report.period_label)
    ));
    ws.set_footer(format!(
        "&L{}&R{} &P {} &N",
        esc(&report.municipality),
        lang.pick("Side", "Page"),
        lang.pick("av", "of")
    ));
    Ok(())
}

/// The header row of a table; a history heads its values and sparkline.
fn write_header(
    ws: &mut Worksheet,
    r: u32,
    t: &Table,
    hist: usize,
    fm: &Formats,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    // Tall enough for the longest title wrapped in its column (about one
    // character a unit of width).
    let lines = t
        .columns
        .iter()
        .zip(layout(t, hist))
        .map(|(col, (_, n))| {
            let room = if n > 1 {
                8.5 * n as f64
            } else {
                width(&col.key)
            };
            // Words wrap short of the edge: four fifths of the room.
            (col.title.chars().count() as f64 / (0.8 * room).max(1.0)).ceil()
        })
        .fold(1.0, f64::max);
    if lines > 1.0 {
        ws.set_row_height(r, 15.0 * lines.min(4.0))?;
    }
    for (col, (at, n)) in t.columns.iter().zip(layout(t, hist)) {
        if n > 1 {
            ws.merge_range(r, at, r, at + n - 1, &col.title, &fm.header)?;
        } else {
            ws.write_string_with_format(r, at, &col.title, &fm.header)?;
        }
    }
    Ok(())
}

/// Writes a table's rows from row `r`; returns the row after them.
#[allow(clippy::too_many_arguments)]
fn write_rows(
    ws: &mut Worksheet,
    sheet: &str,
    mut r: u32,
    t: &Table,
    hist: usize,
    last: u16,
    fm: &Formats,
    lang: Lang,
) -> Result<u32, rust_xlsxwriter::XlsxError> {
    let cols = layout(t, hist);
    for row in &t.rows {
        if row.group {
            let text = row.cells.first().map(|c| c.text(lang)).unwrap_or_default();
            if last > 0 {
                ws.merge_range(r, 0, r, last, &text, &fm.focus_area)?;
            } else {
                ws.write_string_with_format(r, 0, &text, &fm.focus_area)?;
            }
            r += 1;
            continue;
        }
        for ((cell, (at, n)), col) in row.cells.iter().zip(&cols).zip(&t.columns) {
            // Reasons are sentences: they wrap like comments.
            if col.key == "reason" {
                if let Cell::Text(text) = cell {
                    ws.write_string_with_format(r, *at, text, &fm.text_wrap)?;
                    continue;
                }
            }
            write_cell(ws, sheet, (r, *at, *n), cell, fm, lang)?;
        }
        r += 1;
        if let Some(note) = &row.note {
            ws.write_string_with_format(r, 1, note, &fm.muted_plain)?;
            r += 1;
        }
    }
    Ok(r + 1)
}

fn write_cell(
    ws: &mut Worksheet,
    sheet: &str,
    (r, c, span): (u32, u16, u16),
    cell: &Cell,
    fm: &Formats,
    lang: Lang,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    match cell {
        Cell::Empty => {
            ws.write_blank(r, c, &fm.text)?;
        }
        Cell::Code(t) => {
            ws.write_string_with_format(r, c, t, &fm.code)?;
        }
        Cell::Text(t) => {
            ws.write_string_with_format(r, c, t, &fm.text)?;
        }
        Cell::Comment(t) => {
            ws.write_string_with_format(r, c, t, &fm.text_wrap)?;
        }
        Cell::Value {
            value: Some(v),
            measure,
            ..
        } => {
            ws.write_number_with_format(r, c, *v, &fm.number(measure))?;
        }
        Cell::Value { value: None, .. } => {
            ws.write_string_with_format(r, c, "–", &fm.muted)?;
        }
        Cell::Money(v) => {
            ws.write_number_with_format(r, c, *v, &fm.number(&money()))?;
        }
        Cell::Percent(v) => {
            ws.write_number_with_format(r, c, *v, &fm.number(&percent()))?;
        }
        Cell::Status { status, .. } => {
            ws.write_string_with_format(r, c, cell.text(lang), &fm.status(*status))?;
        }
        Cell::Trend(_) => {
            ws.write_string_with_format(r, c, cell.text(lang), &fm.text)?;
        }
        Cell::History { points, measure } => {
            let values = span.saturating_sub(1);
            let num = fm.number(measure);
            // The newest value stands next to the sparkline; a shorter
            // history leaves the first columns blank.
            let shown: Vec<Option<f64>> = points
                .iter()
                .rev()
                .take(usize::from(values))
                .map(|p| p.1)
                .collect();
            for k in 0..values {
                let col = c + values - 1 - k;
                match shown.get(usize::from(k)).copied().flatten() {
                    Some(v) => ws.write_number_with_format(r, col, v, &num)?,
                    None => ws.write_blank(r, col, &num)?,
                };
            }
            if values > 1 && points.iter().any(|(_, v)| v.is_some()) {
                let spark = Sparkline::new()
                    .set_range((sheet, r, c, r, c + values - 1))
                    .show_last_point(true);
                ws.add_sparkline(r, c + values, &spark)?;
            }
        }
    }
    Ok(())
}

/// A workbook of `reports`, one sheet each.
///
/// # Errors
/// [`XlsxError::Write`].
pub fn report_workbook_bytes(reports: &[Report]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = build(reports, "<memory>")?;
    wb.save_to_buffer().map_err(write_err("<memory>"))
}

/// Writes `reports` (one sheet each) to `path` atomically.
///
/// # Errors
/// [`XlsxError::Write`] or [`XlsxError::Io`]; the old file stays on failure.
pub fn write_report_workbook(reports: &[Report], path: &Path) -> Result<(), XlsxError> {
    let p = path.display().to_string();
    let mut wb = build(reports, &p)?;
    styring_core::fsutil::write_atomic_with(path, |f| {
        wb.save_to_writer(f)
            .map_err(|e| std::io::Error::other(e.to_string()))
    })
    .map_err(|e| XlsxError::Io { path: p, source: e })
}

fn build(reports: &[Report], path: &str) -> Result<Workbook, XlsxError> {
    let e = write_err(path);
    let fm = Formats::new();
    let mut wb = Workbook::new();
    let mut used = HashSet::new();
    for r in reports {
        let ws = wb.add_worksheet();
        let name = sheet_name(&r.scope, &mut used);
        ws.set_name(&name).map_err(&e)?;
        write_report_sheet(ws, &name, r, &fm).map_err(&e)?;
    }
    Ok(wb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use styring_core::report::{Column, Section, TableRow};
    use styring_core::Status;

    #[test]
    fn a_history_spreads_over_its_values_and_a_sparkline() {
        let t = Table {
            columns: vec![
                Column::new("indicator", "Kode"),
                Column::new("history", "Historikk"),
                Column::new("status", "Status"),
            ],
            rows: vec![TableRow::data(vec![
                Cell::Code("M.1.5".into()),
                Cell::History {
                    points: vec![
                        ("2025-03".parse().unwrap(), Some(0.05)),
                        ("2025-04".parse().unwrap(), None),
                        ("2025-05".parse().unwrap(), Some(0.04)),
                    ],
                    measure: percent(),
                },
                Cell::Status {
                    status: Status::Green,
                    reason: None,
                },
            ])],
        };
        // Code in A; three values in B–D and the sparkline in E; status in F.
        assert_eq!(layout(&t, 3), [(0, 1), (1, 4), (5, 1)]);
        let report = Report {
            title: "Styringskort — A".into(),
            scope: "A".into(),
            period: "2025-05".parse().unwrap(),
            period_label: "mai 2025".into(),
            subtitle: None,
            municipality: "Testby kommune".into(),
            lang: Lang::Nb,
            sections: vec![Section {
                title: "Medarbeidere".into(),
                status: Some(Status::Green),
                body: Body::Table(t),
            }],
        };
        let bytes = report_workbook_bytes(&[report]).unwrap();
        assert!(bytes.starts_with(b"PK"));
    }
}
