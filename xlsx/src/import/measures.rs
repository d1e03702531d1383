//! Reading a party's measures (tiltak) from a sheet named `Tiltak`: one row
//! per measure — what it changes (a unit, a budget area or a statement
//! line), the year or years (`2026`, `2026–2028`, `alle`), the amount and
//! its text. Applied to the version it is based on, they give an
//! alternative budget ([`styring_core::economy::apply_measures`]).

use super::cells::{a1, Book, CellValue, ReadError};
use super::guard::Limits;
use super::number::parse_number;
use super::values::text_of;
use std::ops::ControlFlow;
use styring_core::economy::{BudgetMeasure, Line, MeasureTarget};
use styring_core::model::Model;
use styring_core::problem::{Location, ProblemKind, Problems, Suggestion};

/// Whether `sheet` is a measures sheet.
pub(crate) fn is_measures_sheet(sheet: &str) -> bool {
    matches!(sheet.trim().to_lowercase().as_str(), "tiltak" | "measures")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Target,
    Years,
    Amount,
    Text,
}

fn col(h: &str) -> Option<Col> {
    Some(
        match h.trim().trim_end_matches(':').to_lowercase().as_str() {
            "gjelder" | "enhet" | "rammeområde" | "linje" | "target" | "unit" => Col::Target,
            "år" | "year" | "years" | "årene" => Col::Years,
            "beløp" | "amount" | "kroner" => Col::Amount,
            "tekst" | "text" | "tiltak" | "beskrivelse" => Col::Text,
            _ => return None,
        },
    )
}

/// The years a cell names: `2026`, `2026–2028` (or `-`), or `alle`/`all`
/// for every year of the plan (`None`: the plan's years, filled in later).
fn years_of(v: &CellValue) -> Result<Option<Vec<i32>>, ()> {
    match v {
        CellValue::Number(n) if n.fract() == 0.0 && (1900.0..=2200.0).contains(n) => {
            Ok(Some(vec![*n as i32]))
        }
        CellValue::Text(t) => {
            let t = t.trim().to_lowercase();
            if t == "alle" || t == "all" {
                return Ok(None);
            }
            let parts: Vec<&str> = t.split(['–', '-']).map(str::trim).collect();
            let ys: Vec<i32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
            match (&parts[..], &ys[..]) {
                ([_], [y]) if (1900..=2200).contains(y) => Ok(Some(vec![*y])),
                ([_, _], [a, b]) if a <= b && (1900..=2200).contains(a) && *b <= 2200 => {
                    Ok(Some((*a..=*b).collect()))
                }
                _ => Err(()),
            }
        }
        _ => Err(()),
    }
}

/// The measures on the measures sheets of `book`; `years` stands for
/// `alle`. Every problem is added at its cell.
pub(crate) fn read(
    book: &mut Book,
    model: &Model,
    file: &str,
    limits: &Limits,
    problems: &mut Problems,
) -> Result<Option<Vec<(BudgetMeasure, bool)>>, ReadError> {
    let sheets: Vec<String> = book
        .sheets
        .iter()
        .filter(|s| s.visible && is_measures_sheet(&s.name))
        .map(|s| s.name.clone())
        .collect();
    if sheets.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::new();
    for sheet in sheets {
        let loc = |r: u32, c: u32| Location {
            file: Some(file.to_string()),
            sheet: Some(sheet.clone()),
            cell: Some(a1(r, c)),
            entry: None,
        };
        let mut cols: Option<Vec<(Col, u32)>> = None;
        book.rows(&sheet, limits, |r, cells| {
            let Some(cs) = &cols else {
                let found: Vec<(Col, u32)> = cells
                    .iter()
                    .filter_map(|(c, v)| text_of(v).as_deref().and_then(col).map(|k| (k, *c)))
                    .collect();
                if [Col::Target, Col::Years, Col::Amount].iter().all(|k| found.iter().any(|f| f.0 == *k)) {
                    cols = Some(found);
                }
                return ControlFlow::Continue(());
            };
            let get = |k: Col| {
                cs.iter()
                    .find(|f| f.0 == k)
                    .and_then(|f| cells.iter().find(|(c, _)| *c == f.1))
                    .map(|(c, v)| (*c, v))
            };
            let Some((tc, tv)) = get(Col::Target) else {
                return ControlFlow::Continue(());
            };
            let what = text_of(tv).unwrap_or_default();
            let unit = model.resolve_unit(&what).ok();
            let target = match (unit, Line::find(&what)) {
                (Some(u), _) if model.is_sector(u.id.as_str()) => Some(MeasureTarget::Area(u.id.clone())),
                (Some(u), _) => Some(MeasureTarget::Unit(u.id.clone())),
                (None, Some(l)) => Some(MeasureTarget::Line(l)),
                (None, None) => {
                    let names: Vec<&str> = model
                        .units()
                        .iter()
                        .map(|u| u.name.as_str())
                        .chain(Line::ALL.iter().map(|l| l.name(styring_core::Lang::Nb)))
                        .collect();
                    let m = Suggestion::closest(&what, names).unknown(("enhet eller linje", "unit or line"), &what);
                    problems.add_kind(ProblemKind::UnknownReference, loc(r, tc), m.nb, m.en);
                    None
                }
            };
            let years = match get(Col::Years) {
                Some((c, v)) => match years_of(v) {
                    Ok(y) => Some(y),
                    Err(()) => {
                        problems.add_kind(
                            ProblemKind::BadPeriod,
                            loc(r, c),
                            format!("«{}» er ikke et år eller årene (skriv 2026, 2026–2028 eller alle)", text_of(v).unwrap_or_default()),
                            format!("\"{}\" is not a year or years (write 2026, 2026–2028 or all)", text_of(v).unwrap_or_default()),
                        );
                        None
                    }
                },
                None => {
                    problems.add_kind(ProblemKind::Missing, loc(r, tc), "tiltaket mangler år", "the measure has no year");
                    None
                }
            };
            let amount = match get(Col::Amount) {
                Some((_, CellValue::Number(n))) if n.is_finite() => Some(*n),
                Some((c, v)) => match text_of(v).as_deref().and_then(parse_number) {
                    Some(n) => Some(n),
                    None => {
                        problems.add_kind(
                            ProblemKind::NotANumber,
                            loc(r, c),
                            format!("«{}» er ikke et beløp", text_of(v).unwrap_or_default()),
                            format!("\"{}\" is not an amount", text_of(v).unwrap_or_default()),
                        );
                        None
                    }
                },
                None => {
                    problems.add_kind(ProblemKind::Missing, loc(r, tc), "tiltaket mangler beløp", "the measure has no amount");
                    None
                }
            };
            if let (Some(target), Some(years), Some(amount)) = (target, years, amount) {
                let text = get(Col::Text).and_then(|(_, v)| text_of(v)).unwrap_or_default();
                let all = years.is_none();
                out.push((
                    BudgetMeasure {
                        target,
                        years: years.unwrap_or_default(),
                        amount,
                        text,
                    },
                    all,
                ));
            }
            ControlFlow::Continue(())
        })?;
        if cols.is_none() {
            problems.add_kind(
                ProblemKind::Missing,
                Location {
                    file: Some(file.to_string()),
                    sheet: Some(sheet.clone()),
                    cell: None,
                    entry: None,
                },
                "arket Tiltak har ingen overskriftsrad med Gjelder, År og Beløp",
                "the sheet Tiltak has no header row with Target, Year and Amount",
            );
        }
    }
    Ok(Some(out))
}
