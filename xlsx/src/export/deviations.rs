//! The deviation register as a workbook in the house style: one row per
//! deviation under the headings the importer reads (so the workbook goes
//! back in as it came out), the risk score coloured by the model's risk
//! matrix, and the measures on their own sheet. Times are Norwegian local
//! time. Reporters are never written; the handler (who received the
//! deviation) is.

use super::formats::Formats;
use crate::error::{write_err, XlsxError};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use std::path::Path;
use styring_core::local_time::in_norway;
use styring_core::model::Model;
use styring_core::register::{Deviation, DeviationState, Workflow};
use styring_core::Lang;

/// The headings of the register sheet, in Norwegian and English: each one
/// the importer recognises, except the risk score it computes itself.
const HEADINGS: [(&str, &str, f64); 16] = [
    ("Avviksnr", "Deviation id", 10.0),
    ("Enhet", "Unit", 22.0),
    ("Kategori", "Category", 30.0),
    ("Beskrivelse", "Description", 48.0),
    ("Hendelsestidspunkt", "Happened", 19.0),
    ("Registrert", "Registered", 16.0),
    ("Konsekvens", "Consequence", 11.0),
    ("Sannsynlighet", "Likelihood", 13.0),
    ("Risiko", "Risk", 9.0),
    ("Status", "State", 16.0),
    ("Mottatt", "Received", 16.0),
    ("Lukket", "Closed", 16.0),
    ("Saksbehandler", "Handler", 18.0),
    ("Frist", "Deadline", 16.0),
    ("Varslingsplikt", "Notification duty", 20.0),
    ("Varslet", "Notified", 16.0),
];

fn excel_time(at: chrono::DateTime<chrono::Utc>) -> Option<ExcelDateTime> {
    use chrono::{Datelike, Timelike};
    let t = in_norway(at);
    ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)
        .and_then(|d| d.and_hms(t.hour() as u16, t.minute() as u8, f64::from(t.second())))
        .ok()
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    e: &'a dyn Fn(rust_xlsxwriter::XlsxError) -> XlsxError,
    time: Format,
    fm: &'a Formats,
}

impl Sheet<'_> {
    fn text(&mut self, r: u32, c: u16, t: &str, f: &Format) -> Result<(), XlsxError> {
        if t.is_empty() {
            self.ws.write_blank(r, c, f).map_err(self.e)?;
        } else {
            self.ws
                .write_string_with_format(r, c, t, f)
                .map_err(self.e)?;
        }
        Ok(())
    }

    fn time(
        &mut self,
        r: u32,
        c: u16,
        at: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<(), XlsxError> {
        let f = self.time.clone();
        match at.and_then(excel_time) {
            Some(t) => self
                .ws
                .write_datetime_with_format(r, c, &t, &f)
                .map_err(self.e)?,
            None => self.ws.write_blank(r, c, &f).map_err(self.e)?,
        };
        Ok(())
    }
}

fn build(
    model: &Model,
    deviations: &[Deviation],
    lang: Lang,
    path: &str,
) -> Result<Workbook, XlsxError> {
    let e = write_err(path);
    let fm = Formats::new();
    let mut wb = Workbook::new();
    let matrix = &model.deviations().matrix;
    {
        let ws = wb.add_worksheet();
        ws.set_name(lang.pick("Avvik", "Deviations")).map_err(&e)?;
        for (c, (nb, en, width)) in HEADINGS.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, lang.pick(nb, en), &fm.header)
                .map_err(&e)?;
            ws.set_column_width(c as u16, *width).map_err(&e)?;
        }
        ws.set_freeze_panes(1, 1).map_err(&e)?;
        // On paper: landscape, as wide as the page, the headings on each.
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0).map_err(&e)?;
        let time = fm.text.clone().set_num_format("dd.mm.yyyy hh:mm");
        let mut s = Sheet {
            ws,
            e: &e,
            time,
            fm: &fm,
        };
        for (i, d) in deviations.iter().enumerate() {
            let r = 1 + i as u32;
            let (text, wrap, code) = (&s.fm.text, &s.fm.text_wrap, &s.fm.code);
            let (text, wrap, code) = (text.clone(), wrap.clone(), code.clone());
            let unit = model
                .unit(d.report.unit.as_str())
                .map_or_else(|| d.report.unit.to_string(), |u| u.name.clone());
            s.text(r, 0, &d.id, &code)?;
            s.text(r, 1, &unit, &text)?;
            s.text(r, 2, &d.report.category, &text)?;
            s.text(r, 3, &d.report.description, &wrap)?;
            s.time(r, 4, Some(d.report.happened))?;
            s.time(r, 5, Some(d.registered()))?;
            let risk = d.report.risk;
            s.ws.write_number_with_format(r, 6, f64::from(risk.consequence()), &text)
                .map_err(&e)?;
            s.ws.write_number_with_format(r, 7, f64::from(risk.likelihood()), &text)
                .map_err(&e)?;
            let level = s.fm.status(matrix.level(risk).status());
            s.ws.write_number_with_format(r, 8, f64::from(risk.score()), &level)
                .map_err(&e)?;
            s.text(r, 9, d.history.current().word(lang), &text)?;
            s.time(r, 10, d.history.entered(DeviationState::Mottatt))?;
            s.time(r, 11, d.closed_at())?;
            let handler = d
                .history
                .steps()
                .get(1)
                .map(|st| st.actor.as_str())
                .unwrap_or("");
            s.text(r, 12, handler, &text)?;
            // A deadline that lasts a whole day is written as that day,
            // and read back as its end.
            let local = in_norway(d.deadline);
            if local.time() >= chrono::NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default() {
                use chrono::Datelike;
                let day = ExcelDateTime::from_ymd(
                    local.year() as u16,
                    local.month() as u8,
                    local.day() as u8,
                )
                .map_err(&e)?;
                let f = s.fm.text.clone().set_num_format("dd.mm.yyyy");
                s.ws.write_datetime_with_format(r, 13, &day, &f)
                    .map_err(&e)?;
            } else {
                s.time(r, 13, Some(d.deadline))?;
            }
            s.text(r, 14, d.report.duty.map_or("", |x| x.label(lang)), &text)?;
            s.time(r, 15, d.notified)?;
        }
        if !deviations.is_empty() {
            s.ws.autofilter(0, 0, deviations.len() as u32, (HEADINGS.len() - 1) as u16)
                .map_err(&e)?;
        }
    }
    // The measures, by deviation.
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("Tiltak", "Measures")).map_err(&e)?;
    for (c, (h, w)) in [
        (lang.pick("Avviksnr", "Deviation id"), 10.0),
        (lang.pick("Tiltak", "Measure"), 48.0),
        (lang.pick("Eier", "Owner"), 18.0),
        (lang.pick("Status", "State"), 12.0),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &fm.header)
            .map_err(&e)?;
        ws.set_column_width(c as u16, *w).map_err(&e)?;
    }
    ws.set_freeze_panes(1, 0).map_err(&e)?;
    let mut r = 1;
    for d in deviations {
        for m in &d.measures {
            ws.write_string_with_format(r, 0, &d.id, &fm.code)
                .map_err(&e)?;
            ws.write_string_with_format(r, 1, &m.text, &fm.text_wrap)
                .map_err(&e)?;
            ws.write_string_with_format(r, 2, m.owner.as_str(), &fm.text)
                .map_err(&e)?;
            ws.write_string_with_format(r, 3, m.history.current().word(lang), &fm.text)
                .map_err(&e)?;
            r += 1;
        }
    }
    Ok(wb)
}

/// The register in memory.
///
/// # Errors
/// [`XlsxError::Write`].
pub fn deviations_workbook_bytes(
    model: &Model,
    deviations: &[Deviation],
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    build(model, deviations, lang, "<memory>")?
        .save_to_buffer()
        .map_err(write_err("<memory>"))
}

/// Writes the register to `path` atomically.
///
/// # Errors
/// [`XlsxError::Write`] or [`XlsxError::Io`].
pub fn write_deviations_workbook(
    model: &Model,
    deviations: &[Deviation],
    lang: Lang,
    path: &Path,
) -> Result<(), XlsxError> {
    let p = path.display().to_string();
    let mut wb = build(model, deviations, lang, &p)?;
    styring_core::fsutil::write_atomic_with(path, |f| {
        wb.save_to_writer(f)
            .map_err(|e| std::io::Error::other(e.to_string()))
    })
    .map_err(|e| XlsxError::Io { path: p, source: e })
}
