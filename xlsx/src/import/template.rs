//! Reading our own template back.

use super::cells::{a1, Book, CellValue, ReadError};
use super::guard::Limits;
use super::values::{text_of, value_of};
use crate::template::*;
use std::collections::HashMap;
use std::ops::ControlFlow;
use styring_core::batch::{Batch, BatchRow};
use styring_core::model::Model;
use styring_core::period::Period;
use styring_core::problem::{Location, ProblemKind, Problems, Suggestion};
use styring_core::Text;

/// What the hidden sheet says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Meta {
    pub(crate) municipality: String,
    pub(crate) unit: String,
    pub(crate) year: i32,
    pub(crate) sheet: String,
    pub(crate) columns: Vec<Option<Period>>,
}

/// Reads the hidden sheet, if the workbook is one of our templates.
pub(crate) fn read_meta(book: &mut Book, limits: &Limits) -> Result<Option<Meta>, ReadError> {
    if !book.sheets.iter().any(|s| s.name == META_SHEET) {
        return Ok(None);
    }
    let mut rows: HashMap<u32, Vec<(u32, CellValue)>> = HashMap::new();
    book.rows(META_SHEET, limits, |r, cells| {
        if r < 20 {
            rows.insert(r, cells.to_vec());
        }
        if r > 20 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })?;
    let get = |r: u32, c: u32| -> Option<String> {
        rows.get(&r)?
            .iter()
            .find(|(cc, _)| *cc == c)
            .and_then(|(_, v)| text_of(v))
    };
    if get(0, 0).as_deref() != Some(MARKER) {
        return Ok(None);
    }
    let columns = (0..PERIOD_COLS as u32)
        .map(|k| get(5, 1 + k).and_then(|t| t.parse::<Period>().ok()))
        .collect();
    Ok(Some(Meta {
        municipality: get(1, 1).unwrap_or_default(),
        unit: get(2, 1).unwrap_or_default(),
        year: get(3, 1).and_then(|y| y.parse().ok()).unwrap_or(0),
        sheet: get(4, 1).unwrap_or_else(|| DATA_SHEET.to_string()),
        columns,
    }))
}

/// Reads the values of a template whose hidden sheet said `meta`.
/// What reading a template needs to know besides the workbook.
pub(crate) struct Context<'a> {
    pub(crate) model: &'a Model,
    pub(crate) file: &'a str,
    pub(crate) expected_unit: Option<&'a str>,
    pub(crate) limits: &'a Limits,
}

pub(crate) fn read(
    book: &mut Book,
    meta: &Meta,
    cx: &Context<'_>,
    problems: &mut Problems,
    out: &mut Batch,
) -> Result<(), ReadError> {
    let (model, file, expected_unit, limits) = (cx.model, cx.file, cx.expected_unit, cx.limits);
    let loc = |sheet: &str, r: u32, c: u32| Location {
        file: Some(file.to_string()),
        sheet: Some(sheet.to_string()),
        cell: Some(a1(r, c)),
        entry: None,
    };
    let meta_loc = |r: u32, c: u32| loc(META_SHEET, r, c);
    if meta.municipality != model.municipality_id().as_str() {
        problems.add(
            meta_loc(1, 1),
            format!(
                "malen er laget for en annen kommune («{}»), ikke «{}»; bruk malen som ble sendt ut for {}",
                meta.municipality,
                model.municipality_id(),
                model.municipality_name()
            ),
            format!(
                "the template was made for another municipality (\"{}\"), not \"{}\"",
                meta.municipality,
                model.municipality_id()
            ),
        );
        return Ok(());
    }
    let Some(unit) = model.unit(&meta.unit) else {
        let s = Suggestion::closest(&meta.unit, model.units().iter().map(|u| u.id.as_str()));
        problems.add_kind(
            ProblemKind::UnknownUnit,
            meta_loc(2, 1),
            format!(
                "malen er for enheten «{}», som ikke finnes i modellen{}",
                meta.unit,
                s.text(styring_core::Lang::Nb)
            ),
            format!(
                "the template is for unit \"{}\", which is not in the model{}",
                meta.unit,
                s.text(styring_core::Lang::En)
            ),
        );
        return Ok(());
    };
    if let Some(expected) = expected_unit {
        if expected != meta.unit {
            problems.add(
                meta_loc(2, 1),
                format!(
                    "malen er for {} («{}»), ikke for «{expected}»",
                    unit.name, meta.unit
                ),
                format!(
                    "the template is for {} (\"{}\"), not for \"{expected}\"",
                    unit.name, meta.unit
                ),
            );
            return Ok(());
        }
    }
    if meta
        .columns
        .iter()
        .any(|c| c.is_none_or(|p| p.year_number() != meta.year))
    {
        problems.add(
            meta_loc(5, 1),
            "malens periodekolonner er ødelagt; lag en ny mal med `styring template`",
            "the template's period columns are broken; make a new one with `styring template`",
        );
        return Ok(());
    }
    let sheet = meta.sheet.clone();
    if !book.sheets.iter().any(|s| s.name == sheet) {
        problems.add(
            Location::file(file),
            format!("arket «{sheet}» mangler i malen"),
            format!("the sheet \"{sheet}\" is missing from the template"),
        );
        return Ok(());
    }
    let codes: Vec<&str> = model.indicators().iter().map(|i| i.code.as_str()).collect();
    let file_ix = out.file(file);
    let sheet_ix = out.sheet(&sheet);
    let Some(unit_ix) = model.unit_index(unit.id.as_str()).map(|u| u as u32) else {
        return Ok(());
    };
    book.rows(&sheet, limits, |r, cells| {
        if r <= HEADER_ROW {
            return ControlFlow::Continue(());
        }
        let code_cell = cells.iter().find(|(c, _)| *c == 0).and_then(|(_, v)| text_of(v));
        let has_input = cells.iter().any(|(c, _)| *c >= FIRST_PERIOD_COL as u32);
        let Some(code) = code_cell.filter(|c| !c.is_empty()) else {
            if has_input {
                problems.add(
                    loc(&sheet, r, 0),
                    "raden har verdier, men ingen indikatorkode i kolonne A",
                    "the row has values but no indicator code in column A",
                );
            }
            return ControlFlow::Continue(());
        };
        let Some(ind) = model.indicator(&code) else {
            let Text { nb, en } = Suggestion::closest(&code, codes.iter().copied())
                .unknown(("indikator", "indicator"), &code);
            problems.add_kind(ProblemKind::UnknownIndicator, loc(&sheet, r, 0), nb, en);
            return ControlFlow::Continue(());
        };
        let Some(ind_ix) = model.indicator_index(ind.code.as_str()).map(|i| i as u32) else {
            return ControlFlow::Continue(());
        };
        let mut last: Option<usize> = None;
        for (c, v) in cells.iter() {
            let c = *c;
            if c < FIRST_PERIOD_COL as u32 || c >= COMMENT_COL as u32 {
                continue;
            }
            let Some(period) = meta
                .columns
                .get((c - FIRST_PERIOD_COL as u32) as usize)
                .copied()
                .flatten()
            else {
                continue;
            };
            if period.frequency() != ind.frequency {
                problems.add(
                    loc(&sheet, r, c),
                    format!(
                        "verdien står i kolonnen for {period}, men «{}» måles per {}; flytt den til riktig kolonne",
                        ind.code,
                        ind.frequency.name_nb()
                    ),
                    format!("the value is in the column for {period}, but \"{}\" is measured per {}", ind.code, ind.frequency),
                );
                continue;
            }
            match value_of(v, ind.code.as_str()) {
                Ok(x) => {
                    out.rows.push(BatchRow::new(ind_ix, unit_ix, period, Some(x)).at(file_ix, sheet_ix, r, c));
                    last = Some(out.rows.len() - 1);
                }
                Err((nb, en)) => problems.add(loc(&sheet, r, c), nb, en),
            }
        }
        if let Some((_, v)) = cells.iter().find(|(c, _)| *c == COMMENT_COL as u32) {
            let text = text_of(v).unwrap_or_default();
            if !text.is_empty() {
                match last {
                    Some(i) => out.rows[i].comment = Some(Box::from(text.as_str())),
                    None => problems.add(
                        loc(&sheet, r, COMMENT_COL as u32),
                        "kommentaren hører til en verdi; fyll inn verdien for perioden kommentaren gjelder",
                        "a comment belongs to a value; fill in the value of the period it is about",
                    ),
                }
            }
        }
        ControlFlow::Continue(())
    })
}
