//! The scorecard workbook: an overview sheet (units × indicators coloured
//! by status), one styringskort sheet per unit laid out like the seed's, a
//! municipality roll-up sheet and a legend. Print-ready and written
//! atomically.

use super::formats::Formats;
use crate::error::{write_err, XlsxError};
use chrono::NaiveDate;
use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, Sparkline, Workbook, Worksheet};
use std::collections::HashSet;
use std::path::Path;
use styring_core::complete::Complete;
use styring_core::indicator::MeasureKind;
use styring_core::model::Model;
use styring_core::scorecard::{Options, Overview, Row, Scorecard};
use styring_core::status::{Status, StatusCounts};
use styring_core::target::TargetValue;
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
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    /// Sheet names in order.
    pub sheets: Vec<String>,
    /// Status counts for the municipality.
    pub counts: StatusCounts,
}

/// Columns of a styringskort sheet.
const HIST: u16 = 4;
const C_CODE: u16 = 0;
const C_NAME: u16 = 1;
const C_HIST: u16 = 2;
const C_VALUE: u16 = C_HIST + HIST;
const C_PERIOD: u16 = C_VALUE + 1;
const C_BASIS: u16 = C_PERIOD + 1;
const C_TARGET: u16 = C_BASIS + 1;
const C_STATUS: u16 = C_TARGET + 1;
const C_TREND: u16 = C_STATUS + 1;
const C_REASON: u16 = C_TREND + 1;
const C_COMMENT: u16 = C_REASON + 1;
const C_SPARK: u16 = C_COMMENT + 1;
const HEAD_ROW: u32 = 4;

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

fn counts_text(c: &StatusCounts, lang: Lang) -> String {
    let parts: Vec<String> = c.parts(lang).into_iter().map(|p| p.1).collect();
    parts.join("    ")
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

    // Municipality.
    let muni = Scorecard::build(model, data, &Scope::Municipality, period, &opts.scorecard)?;
    let name = sheet_name(model.municipality_name(), &mut used);
    sheets.push(name.clone());
    {
        let ws = wb.add_worksheet_with_constant_memory().map_err(&e)?;
        ws.set_name(&name).map_err(&e)?;
        let sub = format!(
            "{plabel} · {}",
            lang.pick(
                "verdiene er regnet ut fra enhetenes tall etter hver indikators metode",
                "values are computed from the units' figures by each indicator's method"
            )
        );
        write_card(ws, &muni, &name, &sub, &fm, lang, opts.today).map_err(&e)?;
    }

    // One sheet per service unit.
    for unit in model.service_units(&Scope::Municipality) {
        let card = Scorecard::build(
            model,
            data,
            &Scope::Unit(unit.id.clone()),
            period,
            &opts.scorecard,
        )?;
        let name = sheet_name(&unit.name, &mut used);
        sheets.push(name.clone());
        let ws = wb.add_worksheet_with_constant_memory().map_err(&e)?;
        ws.set_name(&name).map_err(&e)?;
        let mut sub = plabel.clone();
        if !unit.leader.is_empty() {
            sub.push_str(&format!(
                " · {}: {}",
                lang.pick("Leder", "Leader"),
                unit.leader
            ));
        }
        if unit.fte > 0.0 {
            sub.push_str(&format!(
                " · {}: {}",
                lang.pick("Årsverk", "FTEs"),
                styring_core::lang::format_number(unit.fte, 1, lang)
            ));
        }
        write_card(ws, &card, &unit.name, &sub, &fm, lang, opts.today).map_err(&e)?;
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

fn trend_text(r: &Row, lang: Lang) -> String {
    match r.trend {
        styring_core::trend::Trend::Unknown => "".into(),
        t => format!("{} {}", t.arrow(), t.word(lang)),
    }
}

fn write_card(
    ws: &mut Worksheet,
    card: &Scorecard,
    title: &str,
    subtitle: &str,
    fm: &Formats,
    lang: Lang,
    today: NaiveDate,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    ws.write_string_with_format(
        0,
        0,
        format!("{} — {title}", lang.pick("Styringskort", "Scorecard")),
        &fm.title,
    )?;
    ws.write_string_with_format(1, 0, subtitle, &fm.subtitle)?;
    ws.write_string_with_format(
        2,
        0,
        counts_text(&card.counts, lang),
        &Format::new().set_bold(),
    )?;
    let heads: [(u16, &str, &str, f64); 14] = [
        (C_CODE, "Kode", "Code", 8.0),
        (C_NAME, "Indikator", "Indicator", 46.0),
        (C_HIST, "−4", "−4", 8.5),
        (C_HIST + 1, "−3", "−3", 8.5),
        (C_HIST + 2, "−2", "−2", 8.5),
        (C_HIST + 3, "−1", "−1", 8.5),
        (C_VALUE, "Verdi", "Value", 10.0),
        (C_PERIOD, "Periode", "Period", 9.0),
        (C_BASIS, "Grunnlag", "Basis", 14.0),
        (C_TARGET, "Mål", "Target", 12.0),
        (C_STATUS, "Status", "Status", 13.0),
        (C_TREND, "Trend", "Trend", 12.0),
        (C_REASON, "Begrunnelse", "Reason", 34.0),
        (C_COMMENT, "Enhetens kommentar", "Unit's comment", 40.0),
    ];
    // Rows strictly in order: the workbook is written in constant memory.
    ws.merge_range(
        HEAD_ROW - 1,
        C_HIST,
        HEAD_ROW - 1,
        C_HIST + HIST - 1,
        lang.pick("Tidligere perioder", "Earlier periods"),
        &fm.header,
    )?;
    for (c, nb, en, w) in heads {
        ws.write_string_with_format(HEAD_ROW, c, lang.pick(nb, en), &fm.header)?;
        ws.set_column_width(c, w)?;
    }
    ws.write_string_with_format(
        HEAD_ROW,
        C_SPARK,
        lang.pick("Utvikling", "Development"),
        &fm.header,
    )?;
    ws.set_column_width(C_SPARK, 14)?;
    let mut r = HEAD_ROW + 1;
    for p in &card.perspectives {
        let band = format!("{}   {} {}", p.name, p.status.symbol(), p.status.word(lang));
        ws.merge_range(r, 0, r, C_SPARK, &band, &fm.perspective)?;
        ws.set_row_height(r, 20)?;
        r += 1;
        for fa in &p.focus_areas {
            let cc = if fa.cross_cutting {
                lang.pick(" (gjennomgående)", " (cross-cutting)")
            } else {
                ""
            };
            ws.merge_range(
                r,
                0,
                r,
                C_SPARK,
                &format!("{} {}{cc}", fa.id, fa.name),
                &fm.focus_area,
            )?;
            r += 1;
            for row in &fa.rows {
                write_row(ws, r, row, fm, lang)?;
                r += 1;
            }
        }
    }
    ws.set_freeze_panes(HEAD_ROW + 1, 2)?;
    ws.set_repeat_rows(HEAD_ROW - 1, HEAD_ROW)?;
    let plabel = period_label(card.period, lang);
    print_setup(ws, &card.scope_name, &plabel, today, lang);
    Ok(())
}

fn write_row(
    ws: &mut Worksheet,
    r: u32,
    row: &Row,
    fm: &Formats,
    lang: Lang,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let num = fm.number(&row.measure);
    ws.write_string_with_format(r, C_CODE, row.indicator.as_str(), &fm.code)?;
    ws.write_string_with_format(r, C_NAME, &row.name, &fm.text)?;
    // The last HIST values before the current one, oldest first.
    let earlier: Vec<Option<f64>> = row
        .history
        .iter()
        .rev()
        .skip(1)
        .take(HIST as usize)
        .map(|x| x.1)
        .collect();
    for k in 0..HIST {
        let c = C_HIST + HIST - 1 - k;
        match earlier.get(k as usize).copied().flatten() {
            Some(v) => ws.write_number_with_format(r, c, v, &num)?,
            None => ws.write_blank(r, c, &num)?,
        };
    }
    match row.value {
        Some(v) => ws.write_number_with_format(
            r,
            C_VALUE,
            v,
            &fm.number_status(&row.measure, row.status).set_bold(),
        )?,
        None => ws.write_string_with_format(
            r,
            C_VALUE,
            "–",
            &fm.muted.clone().set_align(FormatAlign::Right),
        )?,
    };
    ws.write_string_with_format(r, C_PERIOD, row.value_period.to_string(), &fm.muted)?;
    let basis = match (&row.rollup, row.coverage) {
        (Some(ru), _) => format!(
            "{} {} {} {}",
            ru.units_counted,
            lang.pick("av", "of"),
            ru.units_expected,
            lang.pick("enheter", "units")
        ),
        (None, (n, m)) if m > 1 => format!("{n} {} {m}", lang.pick("av", "of")),
        _ => String::new(),
    };
    let basis = match (&row.computed_by, basis.is_empty()) {
        (Some(_), true) => lang.pick("beregnet", "computed").to_string(),
        (Some(_), false) => format!("{basis}, {}", lang.pick("beregnet", "computed")),
        (None, _) => basis,
    };
    ws.write_string_with_format(r, C_BASIS, basis, &fm.muted)?;
    match row.target {
        Some(TargetValue::Value(t)) => ws.write_number_with_format(r, C_TARGET, t, &num)?,
        Some(TargetValue::Range { .. }) => {
            ws.write_string_with_format(r, C_TARGET, row.target_text(lang), &fm.text)?
        }
        None => ws.write_string_with_format(
            r,
            C_TARGET,
            "–",
            &fm.muted.clone().set_align(FormatAlign::Right),
        )?,
    };
    let word = format!(
        "{} {}",
        row.status.symbol(),
        capitalised(row.status.word(lang))
    );
    ws.write_string_with_format(r, C_STATUS, word, &fm.status(row.status))?;
    ws.write_string_with_format(r, C_TREND, trend_text(row, lang), &fm.text)?;
    ws.write_string_with_format(r, C_REASON, row.reason_text(lang), &fm.text_wrap)?;
    ws.write_string_with_format(
        r,
        C_COMMENT,
        row.comment.clone().unwrap_or_default(),
        &fm.text_wrap,
    )?;
    ws.write_blank(r, C_SPARK, &fm.text)?;
    let points = earlier.iter().filter(|v| v.is_some()).count() + usize::from(row.value.is_some());
    if points >= 2 {
        let spark = Sparkline::new()
            .set_range((ws.name().as_str(), r, C_HIST, r, C_VALUE))
            .show_markers(true)
            .show_last_point(true)
            .set_sparkline_color(Color::RGB(0x1F3864));
        ws.add_sparkline(r, C_SPARK, &spark)?;
    }
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
