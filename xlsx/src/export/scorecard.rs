//! The scorecard workbook: an overview sheet (units × indicators coloured
//! by status), one styringskort sheet per unit laid out like the seed's, a
//! municipality roll-up sheet and a legend. Print-ready and written
//! atomically.

use super::formats::Formats;
use super::report::write_report_sheet;
use crate::error::{write_err, XlsxError};
use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, Worksheet};
use std::collections::HashSet;
use std::path::Path;
use styring_core::complete::Complete;
use styring_core::indicator::MeasureKind;
use styring_core::model::Model;
use styring_core::report::scorecard_report;
use styring_core::scorecard::{Options, Overview, Scorecard};
use styring_core::status::{Status, StatusCounts};
use styring_core::unit::Scope;
use styring_core::{Lang, Period};

/// How a scorecard workbook is written.
#[derive(Debug, Clone)]
pub struct ExportOptions<'a> {
    /// Language of labels.
    pub lang: Lang,
    /// The date printed in headers and footers.
    pub today: NaiveDate,
    /// Scorecard options (history length, custom rules …).
    pub scorecard: Options<'a>,
    /// More reports, one sheet each after the units' (the KOSTRA
    /// comparison, say).
    pub extra: Vec<styring_core::report::Report>,
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    /// Sheet names in order.
    pub sheets: Vec<String>,
    /// Status counts for the municipality.
    pub counts: StatusCounts,
}

/// A valid, unique Excel sheet name from a unit's name.
pub(crate) fn sheet_name(name: &str, used: &mut HashSet<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect::<String>()
        .trim_matches('\'')
        .to_string();
    let base: String = clean.chars().take(31).collect();
    let mut candidate = if base.is_empty() {
        "Ark".to_string()
    } else {
        base.clone()
    };
    let mut n = 2;
    while used.contains(&candidate.to_lowercase()) {
        let suffix = format!(" ({n})");
        candidate = format!(
            "{}{suffix}",
            base.chars()
                .take(31 - suffix.chars().count())
                .collect::<String>()
        );
        n += 1;
    }
    used.insert(candidate.to_lowercase());
    candidate
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn period_label(p: Period, lang: Lang) -> String {
    p.label(lang)
}

fn print_setup(ws: &mut Worksheet, left: &str, period: &str, today: NaiveDate, lang: Lang) {
    let esc = |s: &str| s.replace('&', "&&");
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_header(format!(
        "&L&\"-,Bold\"{}&C{}&R{}",
        esc(left),
        esc(period),
        today.format("%d.%m.%Y")
    ));
    ws.set_footer(format!(
        "&LStyring&R{} &P {} &N",
        lang.pick("Side", "Page"),
        lang.pick("av", "of")
    ));
}

/// Writes the scorecard workbook for `period` to `path`, atomically: a
/// failed export leaves any earlier file at `path` as it was.
///
/// # Errors
/// [`XlsxError::Write`] or [`XlsxError::Io`].
pub fn write_scorecard_workbook(
    model: &Model,
    data: &Complete,
    period: Period,
    path: &Path,
    opts: &ExportOptions<'_>,
) -> Result<ExportSummary, XlsxError> {
    let p = path.display().to_string();
    let mut wb = build(model, data, period, opts, &p)?;
    styring_core::fsutil::write_atomic_with(path, |f| {
        wb.0.save_to_writer(f)
            .map_err(|e| std::io::Error::other(e.to_string()))
    })
    .map_err(|e| XlsxError::Io {
        path: p.clone(),
        source: e,
    })?;
    Ok(wb.1)
}

/// Builds the workbook in memory and returns its bytes.
///
/// # Errors
/// [`XlsxError::Write`].
pub fn scorecard_workbook_bytes(
    model: &Model,
    data: &Complete,
    period: Period,
    opts: &ExportOptions<'_>,
) -> Result<(Vec<u8>, ExportSummary), XlsxError> {
    let (mut wb, s) = build(model, data, period, opts, "<memory>")?;
    let bytes = wb.save_to_buffer().map_err(write_err("<memory>"))?;
    Ok((bytes, s))
}

fn build(
    model: &Model,
    data: &Complete,
    period: Period,
    opts: &ExportOptions<'_>,
    path: &str,
) -> Result<(Workbook, ExportSummary), XlsxError> {
    let lang = opts.lang;
    let e = write_err(path);
    let fm = Formats::new();
    let mut wb = Workbook::new();
    // Level 2 packs 11 % larger than the default 6 in 57 % of the time.
    wb.set_zip_compression_level(2);
    // Title and subject only: no author names are written.
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} — {}",
                lang.pick("Styringskort", "Scorecards"),
                model.municipality_name()
            ))
            .set_subject(period_label(period, lang))
            .set_author("")
            .set_company(""),
    );
    let mut used = HashSet::new();
    let mut sheets = Vec::new();
    let plabel = period_label(period, lang);

    // Overview.
    let overview = Overview::build(model, data, period, &opts.scorecard);
    let name = sheet_name(lang.pick("Oversikt", "Overview"), &mut used);
    sheets.push(name.clone());
    {
        let ws = wb.add_worksheet_with_constant_memory().map_err(&e)?;
        ws.set_name(&name).map_err(&e)?;
        write_overview(ws, model, &overview, &fm, lang, &plabel, opts.today).map_err(&e)?;
    }

    // The municipality, then one sheet per service unit: each card is a
    // Report, written by the one report renderer.
    let muni = Scorecard::build(model, data, &Scope::Municipality, period, &opts.scorecard)?;
    let mut write_card = |title: &str, card: &Scorecard| -> Result<(), XlsxError> {
        let name = sheet_name(title, &mut used);
        sheets.push(name.clone());
        let ws = wb.add_worksheet_with_constant_memory().map_err(&e)?;
        ws.set_name(&name).map_err(&e)?;
        let report = scorecard_report(model, card, lang);
        write_report_sheet(ws, &name, &report, &fm).map_err(&e)
    };
    write_card(model.municipality_name(), &muni)?;
    for unit in model.service_units(&Scope::Municipality) {
        let card = Scorecard::build(
            model,
            data,
            &Scope::Unit(unit.id.clone()),
            period,
            &opts.scorecard,
        )?;
        write_card(&unit.name, &card)?;
    }

    for report in &opts.extra {
        let name = sheet_name(&report.title, &mut used);
        sheets.push(name.clone());
        let ws = wb.add_worksheet_with_constant_memory().map_err(&e)?;
        ws.set_name(&name).map_err(&e)?;
        write_report_sheet(ws, &name, report, &fm).map_err(&e)?;
    }

    // Legend.
    let name = sheet_name(lang.pick("Tegnforklaring", "Legend"), &mut used);
    sheets.push(name.clone());
    {
        let ws = wb.add_worksheet();
        ws.set_name(&name).map_err(&e)?;
        write_legend(ws, &fm, lang).map_err(&e)?;
    }
    Ok((
        wb,
        ExportSummary {
            sheets,
            counts: muni.counts,
        },
    ))
}

fn write_overview(
    ws: &mut Worksheet,
    model: &Model,
    o: &Overview,
    fm: &Formats,
    lang: Lang,
    plabel: &str,
    today: NaiveDate,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let title = format!(
        "{} — {}",
        lang.pick("Oversikt", "Overview"),
        model.municipality_name()
    );
    ws.write_string_with_format(0, 0, &title, &fm.title)?;
    ws.write_string_with_format(
        1,
        0,
        format!(
            "{plabel} · {}",
            lang.pick(
                "hver celle viser verdien, farget etter status (● grønn, ▲ gul, ■ rød, ○ mangler data)",
                "each cell shows the value, coloured by status (● green, ▲ yellow, ■ red, ○ no data)"
            )
        ),
        &fm.subtitle,
    )?;
    ws.set_row_height(5, 150)?;
    ws.set_column_width(0, 28)?;
    let rotated = fm
        .header
        .clone()
        .set_rotation(90)
        .set_align(FormatAlign::Bottom)
        .set_font_size(9);
    let count_col = 1 + o.indicators.len() as u16;
    let counted = [Status::Green, Status::Yellow, Status::Red, Status::NoData];
    // Rows strictly in order: the workbook is written in constant memory.
    // Row 3: perspective bands over their indicators.
    ws.write_string_with_format(3, 0, "", &fm.header)?;
    let mut col = 1u16;
    let mut i = 0;
    while i < o.indicators.len() {
        let p = &o.indicators[i].2;
        let mut j = i;
        while j < o.indicators.len() && &o.indicators[j].2 == p {
            j += 1;
        }
        let name = model
            .perspective(p.as_str())
            .map(|x| x.name.as_str())
            .unwrap_or(p.as_str());
        let last = col + (j - i) as u16 - 1;
        if last > col {
            ws.merge_range(3, col, 3, last, name, &fm.perspective)?;
        } else {
            ws.write_string_with_format(3, col, name, &fm.perspective)?;
        }
        col = last + 1;
        i = j;
    }
    // Row 4: codes; row 5: names, turned.
    ws.write_string_with_format(4, 0, "", &fm.header)?;
    for (k, (code, _, _)) in o.indicators.iter().enumerate() {
        ws.write_string_with_format(4, 1 + k as u16, code.as_str(), &fm.header)?;
    }
    for (k, s) in counted.iter().enumerate() {
        ws.write_string_with_format(4, count_col + k as u16, s.symbol(), &fm.header)?;
    }
    ws.write_string_with_format(5, 0, lang.pick("Enhet", "Unit"), &fm.header)?;
    for (k, (code, name, _)) in o.indicators.iter().enumerate() {
        let c = 1 + k as u16;
        ws.write_string_with_format(5, c, name, &rotated)?;
        let wide = model
            .indicator(code.as_str())
            .is_some_and(|i| matches!(i.measure.kind, MeasureKind::Nok | MeasureKind::Count));
        ws.set_column_width(c, if wide { 11 } else { 8 })?;
    }
    for (k, s) in counted.iter().enumerate() {
        ws.write_string_with_format(5, count_col + k as u16, capitalised(s.word(lang)), &rotated)?;
        ws.set_column_width(count_col + k as u16, 6)?;
    }
    // One format per (indicator column, status), made once.
    let formats: Vec<Option<Vec<Format>>> = o
        .indicators
        .iter()
        .map(|(c, _, _)| {
            model.indicator(c.as_str()).map(|i| {
                Status::ALL
                    .iter()
                    .map(|s| fm.number_status(&i.measure, *s))
                    .collect()
            })
        })
        .collect();
    let status_ix = |s: Status| Status::ALL.iter().position(|x| *x == s).unwrap_or(0);
    let status_formats: Vec<Format> = Status::ALL.iter().map(|s| fm.status(*s)).collect();
    let measures: Vec<_> = o
        .indicators
        .iter()
        .map(|(c, _, _)| model.indicator(c.as_str()).map(|i| i.measure))
        .collect();
    for (u, (_, uname)) in o.units.iter().enumerate() {
        let r = 6 + u as u32;
        let is_total = u + 1 == o.units.len();
        let name_fmt = if is_total {
            fm.perspective.clone()
        } else {
            fm.text.clone()
        };
        ws.write_string_with_format(r, 0, uname, &name_fmt)?;
        for (k, cell) in o.cells[u].iter().enumerate() {
            let c = 1 + k as u16;
            let (Some(_), Some(fs)) = (measures[k], &formats[k]) else {
                continue;
            };
            match cell {
                None => {
                    ws.write_blank(r, c, &fm.muted)?;
                }
                Some(cell) => match cell.value {
                    Some(v) => {
                        ws.write_number_with_format(r, c, v, &fs[status_ix(cell.status)])?;
                    }
                    None => {
                        ws.write_string_with_format(
                            r,
                            c,
                            Status::NoData.symbol(),
                            &status_formats[status_ix(cell.status)],
                        )?;
                    }
                },
            }
        }
        for (k, s) in counted.iter().enumerate() {
            ws.write_number_with_format(
                r,
                count_col + k as u16,
                o.counts[u].get(*s) as f64,
                &fm.status(*s),
            )?;
        }
    }
    ws.set_freeze_panes(6, 1)?;
    print_setup(ws, lang.pick("Oversikt", "Overview"), plabel, today, lang);
    ws.set_repeat_rows(3, 5)?;
    ws.set_active(true);
    Ok(())
}

fn write_legend(
    ws: &mut Worksheet,
    fm: &Formats,
    lang: Lang,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    ws.write_string_with_format(0, 0, lang.pick("Tegnforklaring", "Legend"), &fm.title)?;
    ws.set_column_width(0, 18)?;
    ws.set_column_width(1, 90)?;
    let rows: [(Status, &str, &str); 5] = [
        (Status::Green, "Målet er nådd.", "The target is met."),
        (
            Status::Yellow,
            "Nær målet (innenfor toleransen) eller på gult nivå.",
            "Close to the target (within tolerance) or in the yellow band.",
        ),
        (Status::Red, "Målet er ikke nådd.", "The target is missed."),
        (
            Status::NoData,
            "Ingen verdi for perioden, eller ikke noe mål å måle mot.",
            "No value for the period, or no target to judge it by.",
        ),
        (
            Status::Error,
            "Regelen kunne ikke regnes ut; se begrunnelsen.",
            "The rule failed; see the reason.",
        ),
    ];
    for (i, (s, nb, en)) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        ws.write_string_with_format(
            r,
            0,
            format!("{} {}", s.symbol(), capitalised(s.word(lang))),
            &fm.status(*s),
        )?;
        ws.write_string_with_format(r, 1, lang.pick(nb, en), &fm.text)?;
    }
    let notes: [(&str, &str); 5] = [
        ("Trend: pilen viser hvilken vei verdien gikk; ordet sier om det er bedre eller dårligere (for sykefravær er ↓ bedre).", "Trend: the arrow shows which way the value moved; the word says whether that is better or worse (for sick leave ↓ is better)."),
        ("Tidligere perioder: −1 er perioden før, −4 fire perioder før, i indikatorens egen periodelengde.", "Earlier periods: −1 is the period before, −4 four periods before, at the indicator's own period length."),
        ("Periode: perioden verdien gjelder. Årlige målinger vises med sitt eget år.", "Period: the period the value is for. Yearly measurements show their own year."),
        ("Grunnlag: hvor mange måneder eller enheter verdien bygger på.", "Basis: how many months or units the value is built from."),
        ("Kommunens verdier er regnet ut fra enhetenes tall etter hver indikators metode (snitt, vektet snitt, sum, min, maks eller forholdstall).", "The municipality's values are computed from the units' figures by each indicator's method (mean, weighted mean, sum, min, max or ratio)."),
    ];
    for (i, (nb, en)) in notes.iter().enumerate() {
        ws.write_string_with_format(
            9 + i as u32,
            0,
            lang.pick(nb, en),
            &Format::new().set_font_size(10),
        )?;
    }
    Ok(())
}

/// Writes only the overview sheet (units × indicators coloured by status)
/// for a computed [`Overview`], atomically, in constant memory. Used for
/// very large models and by the export benchmark.
///
/// # Errors
/// [`XlsxError::Write`] or [`XlsxError::Io`].
pub fn write_overview_workbook(
    model: &Model,
    overview: &Overview,
    path: &Path,
    lang: Lang,
    today: NaiveDate,
) -> Result<(), XlsxError> {
    let p = path.display().to_string();
    let e = write_err(&p);
    let fm = Formats::new();
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(2);
    {
        let ws = wb.add_worksheet_with_constant_memory().map_err(&e)?;
        ws.set_name(lang.pick("Oversikt", "Overview")).map_err(&e)?;
        let plabel = period_label(overview.period, lang);
        write_overview(ws, model, overview, &fm, lang, &plabel, today).map_err(&e)?;
    }
    styring_core::fsutil::write_atomic_with(path, |f| {
        wb.save_to_writer(f)
            .map_err(|e| std::io::Error::other(e.to_string()))
    })
    .map_err(|e| XlsxError::Io {
        path: p.clone(),
        source: e,
    })
}
