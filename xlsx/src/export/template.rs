//! A unit's input template: one row per indicator that applies to the
//! unit, one column per period (months, tertials, the year) with only the
//! indicator's own periods open for input, a comment column, validation,
//! protection, an instructions sheet and a hidden sheet that tells the
//! import what it reads.

use super::formats::{number_format, Formats};
use crate::error::{write_err, XlsxError};
use crate::template::*;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, Format,
    FormatBorder, Workbook,
};
use std::path::Path;
use styring_core::complete::Complete;
use styring_core::indicator::MeasureKind;
use styring_core::model::Model;
use styring_core::Lang;

fn measure_word(k: MeasureKind) -> &'static str {
    match k {
        MeasureKind::Percent => "prosent",
        MeasureKind::Score => "skår",
        MeasureKind::Nok => "kroner",
        MeasureKind::Count => "antall",
        MeasureKind::Number => "tall",
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Des",
];

/// Writes the template for `unit` and `year` to `path` atomically,
/// pre-filled with the values `data` already has.
///
/// # Errors
/// [`XlsxError::Core`] for an unknown unit or a sector; [`XlsxError::Write`]
/// or [`XlsxError::Io`] when writing fails.
pub fn write_template(
    model: &Model,
    data: Option<&Complete>,
    unit: &str,
    year: i32,
    path: &Path,
) -> Result<usize, XlsxError> {
    let p = path.display().to_string();
    let (mut wb, rows) = build(model, data, unit, year, &p)?;
    styring_core::fsutil::write_atomic_with(path, |f| {
        wb.save_to_writer(f)
            .map_err(|e| std::io::Error::other(e.to_string()))
    })
    .map_err(|e| XlsxError::Io { path: p, source: e })?;
    Ok(rows)
}

/// The template as bytes (for tests and Python).
///
/// # Errors
/// As [`write_template`].
pub fn template_bytes(
    model: &Model,
    data: Option<&Complete>,
    unit: &str,
    year: i32,
) -> Result<Vec<u8>, XlsxError> {
    let (mut wb, _) = build(model, data, unit, year, "<memory>")?;
    wb.save_to_buffer().map_err(write_err("<memory>"))
}

fn build(
    model: &Model,
    data: Option<&Complete>,
    unit: &str,
    year: i32,
    path: &str,
) -> Result<(Workbook, usize), XlsxError> {
    let e = write_err(path);
    let u = model.resolve_service_unit(unit)?;
    let unit = u.id.as_str();
    styring_core::period::check_year(i64::from(year)).map_err(styring_core::Error::from)?;
    let ui = model.unit_index(unit).ok_or_else(|| {
        XlsxError::Core(styring_core::Error::UnknownUnit {
            unit: unit.to_string(),
            suggestion: None,
        })
    })?;
    let fm = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Registrering — {} — {year}", u.name))
            .set_author(""),
    );
    let periods = period_columns(year);
    let input_border = |f: Format| {
        f.set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0x8EA9DB))
    };
    let closed = Format::new()
        .set_background_color(Color::RGB(0xD9D9D9))
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF));
    let comment_fmt = input_border(
        Format::new()
            .set_unlocked()
            .set_text_wrap()
            .set_align(rust_xlsxwriter::FormatAlign::Top),
    );
    let mut rows = 0usize;
    {
        let ws = wb.add_worksheet();
        ws.set_name(DATA_SHEET).map_err(&e)?;
        ws.write_string_with_format(
            0,
            0,
            format!("Registrering — {} — {year}", u.name),
            &fm.title,
        )
        .map_err(&e)?;
        ws.write_string_with_format(
            1,
            0,
            "Fyll inn de hvite feltene for indikatorens perioder. Grå felt gjelder ikke for indikatoren. Se arket «Veiledning».",
            &fm.subtitle,
        )
        .map_err(&e)?;
        let heads: Vec<String> = ["Kode", "Indikator", "Måleenhet", &format!("Mål {year}")]
            .iter()
            .map(|s| s.to_string())
            .chain(MONTHS.iter().map(|m| m.to_string()))
            .chain(["T1", "T2", "T3", "År"].iter().map(|s| s.to_string()))
            .chain(std::iter::once("Kommentar (enhetens analyse)".to_string()))
            .collect();
        for (c, h) in heads.iter().enumerate() {
            ws.write_string_with_format(HEADER_ROW, c as u16, h, &fm.header)
                .map_err(&e)?;
        }
        for (c, w) in [(0u16, 8.0), (1, 44.0), (2, 10.0), (3, 11.0)] {
            ws.set_column_width(c, w).map_err(&e)?;
        }
        for c in FIRST_PERIOD_COL..COMMENT_COL {
            ws.set_column_width(c, 8.5).map_err(&e)?;
        }
        ws.set_column_width(COMMENT_COL - 1, 11).map_err(&e)?;
        ws.set_column_width(COMMENT_COL, 50).map_err(&e)?;
        let mut r = HEADER_ROW + 1;
        for p in model.perspectives() {
            for fa in model.focus_areas().iter().filter(|f| f.perspective == p.id) {
                for ind in model
                    .indicators()
                    .iter()
                    .filter(|i| i.focus_area == fa.id && model.applies(i, u) && i.is_reported())
                {
                    let Some(ii) = model.indicator_index(ind.code.as_str()) else {
                        continue;
                    };
                    let num = input_border(
                        Format::new()
                            .set_unlocked()
                            .set_num_format(number_format(&ind.measure)),
                    );
                    ws.write_string_with_format(r, 0, ind.code.as_str(), &fm.code)
                        .map_err(&e)?;
                    ws.write_string_with_format(r, 1, &ind.name, &fm.text)
                        .map_err(&e)?;
                    ws.write_string_with_format(r, 2, measure_word(ind.measure.kind), &fm.muted)
                        .map_err(&e)?;
                    let target = model
                        .targets()
                        .find(&ind.code, Some(&u.id), periods[15])
                        .map(|t| t.value);
                    match target {
                        Some(styring_core::target::TargetValue::Value(v)) => {
                            ws.write_number_with_format(r, 3, v, &fm.number(&ind.measure))
                                .map_err(&e)?;
                        }
                        Some(styring_core::target::TargetValue::Range { min, max }) => {
                            let t = format!(
                                "{} til {}",
                                ind.measure.format(min, Lang::Nb),
                                ind.measure.format(max, Lang::Nb)
                            );
                            ws.write_string_with_format(r, 3, t, &fm.text).map_err(&e)?;
                        }
                        None => {
                            ws.write_string_with_format(r, 3, "–", &fm.muted)
                                .map_err(&e)?;
                        }
                    }
                    let mut last_with_value = None;
                    for (k, period) in periods.iter().enumerate() {
                        let c = FIRST_PERIOD_COL + k as u16;
                        if period.frequency() != ind.frequency {
                            ws.write_blank(r, c, &closed).map_err(&e)?;
                            continue;
                        }
                        match data.and_then(|d| d.get(ii, ui, *period)).flatten() {
                            Some(v) => {
                                ws.write_number_with_format(r, c, v, &num).map_err(&e)?;
                                last_with_value = Some(*period);
                            }
                            None => {
                                ws.write_blank(r, c, &num).map_err(&e)?;
                            }
                        }
                        let mut dv = DataValidation::new();
                        dv =
                            match (ind.measure.min, ind.measure.max) {
                                (Some(a), Some(b)) => {
                                    dv.allow_decimal_number(DataValidationRule::Between(a, b))
                                }
                                (Some(a), None) => dv.allow_decimal_number(
                                    DataValidationRule::GreaterThanOrEqualTo(a),
                                ),
                                (None, Some(b)) => dv
                                    .allow_decimal_number(DataValidationRule::LessThanOrEqualTo(b)),
                                (None, None) => dv
                                    .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15)),
                            };
                        let range = match (ind.measure.min, ind.measure.max) {
                            (Some(a), Some(b)) => format!(
                                "mellom {} og {}",
                                ind.measure.format(a, Lang::Nb),
                                ind.measure.format(b, Lang::Nb)
                            ),
                            (Some(a), None) => format!("minst {}", ind.measure.format(a, Lang::Nb)),
                            (None, Some(b)) => format!("høyst {}", ind.measure.format(b, Lang::Nb)),
                            (None, None) => "et tall".to_string(),
                        };
                        let dv = dv
                            .set_error_style(DataValidationErrorStyle::Stop)
                            .set_error_title("Ugyldig verdi")
                            .map_err(&e)?
                            .set_error_message(format!("{} må være {range}.", ind.code))
                            .map_err(&e)?;
                        ws.add_data_validation(r, c, r, c, &dv).map_err(&e)?;
                    }
                    let comment = last_with_value.and_then(|p| {
                        data.and_then(|d| {
                            d.series(ii, ui)
                                .into_iter()
                                .find(|(q, _, _)| *q == p)
                                .and_then(|(_, _, c)| c.map(str::to_string))
                        })
                    });
                    match comment {
                        Some(c) => ws
                            .write_string_with_format(r, COMMENT_COL, c, &comment_fmt)
                            .map_err(&e)?,
                        None => ws.write_blank(r, COMMENT_COL, &comment_fmt).map_err(&e)?,
                    };
                    let dv = DataValidation::new()
                        .allow_text_length(DataValidationRule::LessThanOrEqualTo(4000))
                        .set_error_title("For lang kommentar")
                        .map_err(&e)?
                        .set_error_message("Kommentaren kan ha høyst 4000 tegn.")
                        .map_err(&e)?;
                    ws.add_data_validation(r, COMMENT_COL, r, COMMENT_COL, &dv)
                        .map_err(&e)?;
                    r += 1;
                    rows += 1;
                }
            }
        }
        ws.set_freeze_panes(HEADER_ROW + 1, 2).map_err(&e)?;
        ws.protect();
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_header(format!("&L{}&C{year}&R&D", u.name.replace('&', "&&")));
        ws.set_active(true);
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Veiledning").map_err(&e)?;
        ws.set_column_width(0, 80).map_err(&e)?;
        ws.set_portrait();
        ws.set_paper_size(9);
        ws.set_margins(0.5, 0.5, 0.75, 0.75, 0.3, 0.3);
        let lines = [
            format!("Slik fyller du ut registreringen for {} for {year}", u.name),
            String::new(),
            "1. Fyll inn verdiene i de hvite feltene på arket «Registrering». Hver indikator har åpne felt bare for sine egne perioder (måned, tertial eller år); grå felt er stengt.".into(),
            "2. Prosenter skrives som prosent: skriv 5,3 for 5,3 % (feltet er allerede formatert som prosent).".into(),
            "3. Skriv gjerne en kort analyse i kommentarfeltet. Kommentaren knyttes til den siste verdien du har fylt inn på samme rad.".into(),
            "4. La et felt stå tomt når verdien ikke er kjent ennå. Ikke endre kodene i kolonne A, og ikke legg til eller slett rader.".into(),
            "5. Lagre filen og send den tilbake til økonomi-/styringsrådgiveren. Filen kontrolleres når den leses inn: blir noe funnet feil, får du beskjed om hvilken celle det gjelder, og ingenting lagres før alt er rett.".into(),
            String::new(),
            "Verdier som allerede er registrert, er fylt inn. Endrer du en registrert verdi, blir den gamle tatt vare på som en tidligere versjon.".into(),
        ];
        let computed: Vec<String> = model
            .indicators()
            .iter()
            .filter(|i| i.computed.is_some() && model.applies(i, u))
            .map(|i| format!("{} {}", i.code, i.name))
            .collect();
        let mut lines = lines.to_vec();
        if !computed.is_empty() {
            lines.push(String::new());
            lines.push(format!(
                "Disse indikatorene beregnes fra tallene du fyller inn, og er derfor ikke med i registreringen: {}.",
                computed.join("; ")
            ));
        }
        for (i, l) in lines.iter().enumerate() {
            let f = if i == 0 {
                fm.title.clone()
            } else {
                Format::new().set_text_wrap()
            };
            ws.write_string_with_format(i as u32, 0, l, &f)
                .map_err(&e)?;
            // Programs do not all grow a row for wrapped text, so each
            // row is made tall enough for its lines (about 75 characters
            // each in a column 80 wide).
            if i > 0 {
                let lines = l.chars().count().div_ceil(75).max(1);
                ws.set_row_height(i as u32, 15.0 * lines as f64)
                    .map_err(&e)?;
            }
        }
        ws.protect();
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(META_SHEET).map_err(&e)?;
        ws.write_string(0, 0, MARKER).map_err(&e)?;
        ws.write_number(0, 1, VERSION).map_err(&e)?;
        ws.write_string(1, 0, "kommune").map_err(&e)?;
        ws.write_string(1, 1, model.municipality_id().as_str())
            .map_err(&e)?;
        ws.write_string(1, 2, model.municipality_name())
            .map_err(&e)?;
        ws.write_string(2, 0, "enhet").map_err(&e)?;
        ws.write_string(2, 1, u.id.as_str()).map_err(&e)?;
        ws.write_string(2, 2, &u.name).map_err(&e)?;
        ws.write_string(3, 0, "år").map_err(&e)?;
        ws.write_number(3, 1, year).map_err(&e)?;
        ws.write_string(4, 0, "ark").map_err(&e)?;
        ws.write_string(4, 1, DATA_SHEET).map_err(&e)?;
        ws.write_string(5, 0, "kolonner").map_err(&e)?;
        for (k, p) in periods.iter().enumerate() {
            ws.write_string(5, 1 + k as u16, p.to_string())
                .map_err(&e)?;
        }
        ws.set_hidden(true);
        ws.protect();
    }
    Ok((wb, rows))
}
