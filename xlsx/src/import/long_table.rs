//! Reading a long table: a header row (wherever it is) naming
//! Enhet/Unit, Indikator/Indicator, Periode/Period, Verdi/Value and
//! optionally Kommentar/Comment, then one value per row.

use super::cells::{a1, Book, CellValue, ReadError};
use super::guard::Limits;
use super::number::cell_period;
use super::values::{text_of, value_of};
use std::collections::HashMap;
use std::ops::ControlFlow;
use styring_core::batch::{Batch, BatchRow};
use styring_core::model::Model;
use styring_core::period::Period;
use styring_core::problem::{Location, ProblemKind, Problems, Suggestion};
use styring_core::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Unit,
    Indicator,
    Period,
    Value,
    Comment,
}

/// A text cell borrowed; a number typed as a code formatted.
fn as_text(v: &CellValue) -> Option<std::borrow::Cow<'_, str>> {
    match v {
        CellValue::Text(t) => Some(std::borrow::Cow::Borrowed(t.trim())),
        other => text_of(other).map(std::borrow::Cow::Owned),
    }
}

fn field(header: &str) -> Option<Field> {
    let h = header.trim().trim_end_matches(':').trim().to_lowercase();
    Some(match h.as_str() {
        "enhet" | "unit" | "enhets-id" | "enhetsid" | "tjenesteenhet" => Field::Unit,
        "indikator" | "indicator" | "kode" | "code" | "indikatorkode" => Field::Indicator,
        "periode" | "period" => Field::Period,
        "verdi" | "value" => Field::Value,
        "kommentar" | "comment" | "analyse" => Field::Comment,
        _ => return None,
    })
}

const SEARCH_ROWS: u32 = 100;

/// How many tables were found.
pub(crate) struct Found {
    pub(crate) tables: usize,
}

/// Reads every visible sheet that has a long-table header.
pub(crate) fn read(
    book: &mut Book,
    model: &Model,
    file: &str,
    limits: &Limits,
    problems: &mut Problems,
    out: &mut Batch,
) -> Result<Found, ReadError> {
    let file_ix = out.file(file);
    // Texts seen before resolve from these caches.
    let mut unit_cache: HashMap<String, Option<u32>> = HashMap::new();
    let mut ind_cache: HashMap<String, Option<u32>> = HashMap::new();
    let mut period_cache: HashMap<String, [Option<Period>; 4]> = HashMap::new();
    let unit_ids: Vec<&str> = model.units().iter().map(|u| u.id.as_str()).collect();
    let codes: Vec<&str> = model.indicators().iter().map(|i| i.code.as_str()).collect();
    let sheets = book.visible_sheets();
    let mut tables = 0;
    let units_by_name: std::collections::HashMap<String, &str> = model
        .units()
        .iter()
        .map(|u| (u.name.to_lowercase(), u.id.as_str()))
        .collect();
    for sheet in sheets {
        let sheet_ix = out.sheet(&sheet);
        let loc = |r: u32, c: u32| Location {
            file: Some(file.to_string()),
            sheet: Some(sheet.clone()),
            cell: Some(a1(r, c)),
            entry: None,
        };
        let mut columns: Option<Vec<(Field, u32)>> = None;
        let mut header_problems = Problems::default();
        book.rows(&sheet, limits, |r, cells| {
            let Some(cols) = &columns else {
                if r >= SEARCH_ROWS {
                    return ControlFlow::Break(());
                }
                let mut found: Vec<(Field, u32)> = Vec::new();
                for (c, v) in cells {
                    let Some(f) = text_of(v).as_deref().and_then(field) else {
                        continue;
                    };
                    if let Some((_, first)) = found.iter().find(|(g, _)| *g == f) {
                        header_problems.add(
                            loc(r, *c),
                            format!(
                                "kolonnen «{}» finnes to ganger ({} og {}); fjern den ene",
                                text_of(v).unwrap_or_default(),
                                a1(r, *first),
                                a1(r, *c)
                            ),
                            format!(
                                "the column \"{}\" appears twice ({} and {}); remove one",
                                text_of(v).unwrap_or_default(),
                                a1(r, *first),
                                a1(r, *c)
                            ),
                        );
                        continue;
                    }
                    found.push((f, *c));
                }
                let has = |f: Field| found.iter().any(|(g, _)| *g == f);
                if has(Field::Unit)
                    && has(Field::Indicator)
                    && has(Field::Period)
                    && has(Field::Value)
                {
                    columns = Some(found);
                } else {
                    header_problems = Problems::default();
                }
                return ControlFlow::Continue(());
            };
            let get = |f: Field| -> Option<(u32, &CellValue)> {
                let col = cols.iter().find(|(g, _)| *g == f)?.1;
                cells.iter().find(|(c, _)| *c == col).map(|(c, v)| (*c, v))
            };
            let col_of = |f: Field| cols.iter().find(|(g, _)| *g == f).map(|x| x.1).unwrap_or(0);
            let (unit, ind, period, value) = (
                get(Field::Unit),
                get(Field::Indicator),
                get(Field::Period),
                get(Field::Value),
            );
            if unit.is_none() && ind.is_none() && period.is_none() && value.is_none() {
                return ControlFlow::Continue(());
            }
            let mut row_ok = true;
            let mut missing = |f: Field, nb: &str, en: &str| {
                problems.add(
                    loc(r, col_of(f)),
                    format!("{nb} mangler"),
                    format!("{en} is missing"),
                );
                row_ok = false;
            };
            // Borrow text cells; only numbers typed as codes are formatted.
            let unit_text = unit.and_then(|(_, v)| as_text(v));
            let ind_text = ind.and_then(|(_, v)| as_text(v));
            if unit_text.is_none() {
                missing(Field::Unit, "enhet", "unit");
            }
            if ind_text.is_none() {
                missing(Field::Indicator, "indikator", "indicator");
            }
            if period.is_none() {
                missing(Field::Period, "periode", "period");
            }
            if value.is_none() {
                missing(Field::Value, "verdi", "value");
            }
            let (Some(unit_text), Some(ind_text), Some((pc, pv)), Some((vc, vv)), true) =
                (unit_text, ind_text, period, value, row_ok)
            else {
                return ControlFlow::Continue(());
            };
            // Units by id or by name; indicators by code.
            let unit_ix = match unit_cache.get(unit_text.as_ref()) {
                Some(u) => *u,
                None => {
                    let u = model
                        .unit_index(&unit_text)
                        .or_else(|| {
                            units_by_name
                                .get(&unit_text.to_lowercase())
                                .and_then(|id| model.unit_index(id))
                        })
                        .map(|u| u as u32);
                    unit_cache.insert(unit_text.to_string(), u);
                    u
                }
            };
            let ind_ix = match ind_cache.get(ind_text.as_ref()) {
                Some(i) => *i,
                None => {
                    let i = model.indicator_index(&ind_text).map(|i| i as u32);
                    ind_cache.insert(ind_text.to_string(), i);
                    i
                }
            };
            let mut ok = true;
            if unit_ix.is_none() {
                let Text { nb, en } = Suggestion::closest(&unit_text, unit_ids.iter().copied())
                    .unknown(("enhet", "unit"), &unit_text);
                problems.add_kind(
                    ProblemKind::UnknownUnit,
                    loc(r, unit.map(|u| u.0).unwrap_or(0)),
                    nb,
                    en,
                );
                ok = false;
            }
            if ind_ix.is_none() {
                let Text { nb, en } = Suggestion::closest(&ind_text, codes.iter().copied())
                    .unknown(("indikator", "indicator"), &ind_text);
                problems.add_kind(
                    ProblemKind::UnknownIndicator,
                    loc(r, ind.map(|i| i.0).unwrap_or(0)),
                    nb,
                    en,
                );
                ok = false;
            }
            let freq = ind_ix.map(|i| model.indicators()[i as usize].frequency);
            let period = match pv {
                CellValue::Text(t) => {
                    let slot = freq.map(|f| f as usize).unwrap_or(3);
                    match period_cache.get(t.as_str()).and_then(|s| s[slot]) {
                        Some(p) => Ok(p),
                        None => cell_period(pv, freq).inspect(|p| {
                            period_cache.entry(t.clone()).or_insert([None; 4])[slot] = Some(*p);
                        }),
                    }
                }
                _ => cell_period(pv, freq),
            };
            let period = match period {
                Ok(p) => Some(p),
                Err((nb, en)) => {
                    problems.add(loc(r, pc), nb, en);
                    None
                }
            };
            let v = match value_of(vv, &ind_text) {
                Ok(v) => Some(v),
                Err((nb, en)) => {
                    problems.add(loc(r, vc), nb, en);
                    None
                }
            };
            let (Some(u), Some(i), Some(p), Some(v), true) = (unit_ix, ind_ix, period, v, ok)
            else {
                return ControlFlow::Continue(());
            };
            let mut row = BatchRow::new(i, u, p, Some(v)).at(file_ix, sheet_ix, r, vc);
            row.comment = get(Field::Comment)
                .and_then(|(_, c)| text_of(c))
                .filter(|c| !c.is_empty())
                .map(Box::from);
            out.rows.push(row);
            ControlFlow::Continue(())
        })?;
        if columns.is_some() {
            tables += 1;
            for p in header_problems.0 {
                problems.push(p);
            }
        }
    }
    Ok(Found { tables })
}
