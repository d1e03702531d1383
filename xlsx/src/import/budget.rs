//! Reading a plan version from the finance department's workbook: a sheet
//! with a header row `Linje | 2025 | 2026 | 2027 | 2028` and one row per
//! statement line, budget area, unit frame or key figure (what
//! [`crate::export::budget`] writes, or a simpler sheet of the same
//! columns), and a version sheet of facts (id, kind, title, decision, date,
//! based on). Sums are computed: a typed sum is checked against its lines.

use super::cells::{a1, Book, CellValue, ReadError};
use super::guard::Limits;
use super::number::parse_number;
use super::values::text_of;
use super::ImportOptions;
use crate::export::budget::FACTS;
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::Path;
use styring_core::economy::{
    round_kr, Decision, KeyFigure, Line, PlanSection, PlanVersion, Statement, Sum, VersionKind,
    YearBudget, PLAN_YEARS,
};
use styring_core::ids::UnitId;
use styring_core::model::Model;
use styring_core::problem::{Location, ProblemKind, Problems, Suggestion};
use styring_core::Lang;

/// What a row of the statement sheet is.
#[derive(Debug, Clone)]
enum Target {
    Line(Line),
    Area(UnitId),
    Unit(UnitId),
    Figure(KeyFigure),
    Sum(Sum),
}

/// Reads the plan version in the workbook at `path`.
///
/// # Errors
/// [`crate::XlsxError::Import`] with every problem: missing facts, an
/// unknown kind, a header without four consecutive years, an unknown line,
/// area or unit (with a suggestion), text in an amount, the same line
/// twice, a typed sum that its lines do not give.
pub fn read_budget(
    model: &Model,
    path: &Path,
    opts: &ImportOptions,
) -> Result<PlanVersion, crate::XlsxError> {
    read_budget_file(model, path, opts).map(|f| f.version)
}

/// A plan version's workbook: the version, and the measures of its
/// `Tiltak` sheet (for an alternative budget built on another version).
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetFile {
    /// The version (an alternative with measures has no years of its own:
    /// they come from the version it is based on).
    pub version: PlanVersion,
    /// The measures, each with whether it applies to every year (`alle`).
    pub measures: Option<Vec<(styring_core::economy::BudgetMeasure, bool)>>,
}

/// As [`read_budget`], with the measures of a `Tiltak` sheet.
///
/// # Errors
/// As [`read_budget`], and a measure's unknown target, years or amount.
pub fn read_budget_file(
    model: &Model,
    path: &Path,
    opts: &ImportOptions,
) -> Result<BudgetFile, crate::XlsxError> {
    let mut problems = Problems::default();
    let got = super::load(path, &opts.limits, &mut problems).and_then(|(file, bytes)| {
        super::catch_panic(&file, &mut problems, |problems| {
            let mut book = super::open_book(&file, bytes, &opts.limits, problems)?;
            let measures =
                match super::measures::read(&mut book, model, &file, &opts.limits, problems) {
                    Ok(m) => m,
                    Err(e) => {
                        super::read_error(&file, e, problems);
                        return None;
                    }
                };
            match read_book(
                &mut book,
                model,
                &file,
                &opts.limits,
                measures.is_some(),
                problems,
            ) {
                Ok(v) => v.map(|version| BudgetFile { version, measures }),
                Err(e) => {
                    super::read_error(&file, e, problems);
                    None
                }
            }
        })
    });
    match got {
        Some(v) if problems.is_empty() => Ok(v),
        _ => Err(crate::XlsxError::Import(problems)),
    }
}

fn fact_index(label: &str) -> Option<usize> {
    let t = label.trim().trim_end_matches(':').trim();
    FACTS
        .iter()
        .position(|(nb, en)| nb.eq_ignore_ascii_case(t) || en.eq_ignore_ascii_case(t))
}

fn year_of(v: &CellValue) -> Option<i32> {
    match v {
        CellValue::Number(n) if n.fract() == 0.0 && (1900.0..=2200.0).contains(n) => {
            Some(*n as i32)
        }
        CellValue::Text(t) => t.trim().parse().ok().filter(|y| (1900..=2200).contains(y)),
        _ => None,
    }
}

fn read_book(
    book: &mut Book,
    model: &Model,
    file: &str,
    limits: &Limits,
    has_measures: bool,
    problems: &mut Problems,
) -> Result<Option<PlanVersion>, ReadError> {
    let before = problems.len();
    let sheets = book.visible_sheets();
    let mut facts: [Option<(String, Location)>; 7] = Default::default();
    let mut first_year: Option<i32> = None;
    let mut years: Vec<YearBudget> = vec![YearBudget::default(); PLAN_YEARS];
    let mut typed_sums: Vec<(Sum, usize, f64, Location)> = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut any_table = false;
    let areas = &model.economy().budget_areas;
    let unit_of = |t: &str| model.resolve_unit(t).ok();
    for sheet in sheets {
        if super::measures::is_measures_sheet(&sheet) {
            continue;
        }
        let loc = |r: u32, c: u32| Location {
            file: Some(file.to_string()),
            sheet: Some(sheet.clone()),
            cell: Some(a1(r, c)),
            entry: None,
        };
        let lower = sheet.to_lowercase();
        let mut section = if lower.contains("ramme") || lower.contains("frame") {
            PlanSection::Frames
        } else {
            PlanSection::Statement
        };
        let mut header: Option<(u32, Vec<(u32, usize)>)> = None;
        book.rows(&sheet, limits, |r, cells| {
            let texts: Vec<(u32, String)> = cells.iter().filter_map(|(c, v)| text_of(v).map(|t| (*c, t))).collect();
            // Facts: a label and its value.
            if let [(c0, label), rest @ ..] = &texts[..] {
                if let (Some(i), true) = (fact_index(label), header.is_none()) {
                    let value = rest.first().map(|(c, v)| (v.clone(), loc(r, *c))).unwrap_or((String::new(), loc(r, *c0)));
                    facts[i] = Some(value);
                    return ControlFlow::Continue(());
                }
            }
            let Some((_, cols)) = &header else {
                let first = texts.first().map(|t| t.1.to_lowercase());
                if matches!(first.as_deref(), Some("linje" | "line" | "enhet" | "unit")) {
                    let ys: Vec<(u32, i32)> = cells.iter().filter_map(|(c, v)| year_of(v).map(|y| (*c, y))).collect();
                    let consecutive = ys.windows(2).all(|w| w[1].1 == w[0].1 + 1);
                    if ys.len() != PLAN_YEARS || !consecutive {
                        problems.add_kind(
                            ProblemKind::Missing,
                            loc(r, texts[0].0),
                            format!("overskriftsraden må ha fire år på rad etter «{}» (f.eks. 2025, 2026, 2027, 2028)", texts[0].1),
                            format!("the header row needs four consecutive years after \"{}\" (e.g. 2025, 2026, 2027, 2028)", texts[0].1),
                        );
                        return ControlFlow::Break(());
                    }
                    let y0 = ys[0].1;
                    if let Some(f) = first_year.filter(|f| *f != y0) {
                        problems.add_kind(
                            ProblemKind::Invalid,
                            loc(r, ys[0].0),
                            format!("arket begynner med {y0}, et annet ark med {f}; en versjon har ett sett med år"),
                            format!("the sheet starts with {y0}, another sheet with {f}; a version has one set of years"),
                        );
                    }
                    first_year = Some(y0);
                    any_table = true;
                    header = Some((r, ys.iter().enumerate().map(|(i, (c, _))| (*c, i)).collect()));
                }
                return ControlFlow::Continue(());
            };
            let numbers: Vec<&(u32, CellValue)> = cells.iter().filter(|(c, _)| cols.iter().any(|(x, _)| x == c)).collect();
            let Some((lc, label)) = texts.iter().find(|(c, _)| !cols.iter().any(|(x, _)| x == c)).cloned() else {
                return ControlFlow::Continue(());
            };
            let numeric = numbers.iter().any(|(_, v)| match v {
                CellValue::Number(_) => true,
                CellValue::Text(t) => parse_number(t).is_some(),
                _ => false,
            });
            if !numeric {
                if let Some(s) = PlanSection::find(&label) {
                    // A band.
                    section = s;
                } else if texts.len() > 1 {
                    // Another table's header (the targets'): not read.
                    section = PlanSection::Targets;
                }
                // Else a group heading.
                return ControlFlow::Continue(());
            }
            // A repeated header (a second table on the sheet).
            if matches!(label.to_lowercase().as_str(), "linje" | "line" | "enhet" | "unit") {
                return ControlFlow::Continue(());
            }
            let target = match section {
                PlanSection::Statement => Line::find(&label)
                    .map(Target::Line)
                    .or_else(|| Sum::find(&label).map(Target::Sum))
                    .or_else(|| unit_of(&label).filter(|u| areas.contains(&u.id)).map(|u| Target::Area(u.id.clone()))),
                PlanSection::Frames => unit_of(&label).map(|u| Target::Unit(u.id.clone())),
                PlanSection::Figures => KeyFigure::ALL
                    .iter()
                    .copied()
                    .find(|k| k.key() == label || k.name(Lang::Nb).eq_ignore_ascii_case(&label) || k.name(Lang::En).eq_ignore_ascii_case(&label))
                    .map(Target::Figure),
                PlanSection::Balance | PlanSection::Targets => return ControlFlow::Continue(()),
            };
            let Some(target) = target else {
                let candidates: Vec<String> = match section {
                    PlanSection::Frames => model.units().iter().map(|u| u.name.clone()).collect(),
                    _ => Line::ALL
                        .iter()
                        .map(|l| l.name(Lang::Nb).to_string())
                        .chain(areas.iter().filter_map(|a| model.unit(a.as_str()).map(|u| u.name.clone())))
                        .collect(),
                };
                let s = Suggestion::closest(&label, candidates.iter().map(String::as_str));
                let what = match section {
                    PlanSection::Frames => ("enhet", "unit"),
                    _ => ("linje eller rammeområde", "line or budget area"),
                };
                let m = s.unknown(what, &label);
                problems.add_kind(ProblemKind::UnknownReference, loc(r, lc), m.nb, m.en);
                return ControlFlow::Continue(());
            };
            let key = format!("{target:?}");
            if let Some(first) = seen.get(&key) {
                problems.add_kind(
                    ProblemKind::Duplicate,
                    loc(r, lc),
                    format!("«{label}» står to ganger ({first} og {}); fjern den ene", a1(r, lc)),
                    format!("\"{label}\" appears twice ({first} and {}); remove one", a1(r, lc)),
                );
                return ControlFlow::Continue(());
            }
            seen.insert(key, a1(r, lc));
            for (c, v) in numbers {
                let Some((_, i)) = cols.iter().find(|(x, _)| x == c) else { continue };
                let amount = match v {
                    CellValue::Number(n) if n.is_finite() => *n,
                    CellValue::Text(t) => match parse_number(t) {
                        Some(n) => n,
                        None => {
                            problems.add_kind(
                                ProblemKind::NotANumber,
                                loc(r, *c),
                                format!("«{}» er ikke et beløp; skriv kroner som tall", t.trim()),
                                format!("\"{}\" is not an amount; write kroner as a number", t.trim()),
                            );
                            continue;
                        }
                    },
                    _ => {
                        problems.add_kind(ProblemKind::NotANumber, loc(r, *c), "cellen er ikke et beløp", "the cell is not an amount");
                        continue;
                    }
                };
                let y = &mut years[*i];
                match &target {
                    Target::Line(l) => {
                        y.lines.insert(*l, amount);
                    }
                    Target::Area(a) => {
                        y.areas.insert(a.clone(), amount);
                    }
                    Target::Unit(u) => {
                        y.units.insert(u.clone(), amount);
                    }
                    Target::Figure(k) => {
                        y.figures.insert(*k, amount);
                    }
                    Target::Sum(s) => typed_sums.push((*s, *i, amount, loc(r, *c))),
                }
            }
            ControlFlow::Continue(())
        })?;
    }
    if !any_table && !has_measures && problems.len() == before {
        problems.add_kind(
            ProblemKind::Missing,
            Location::file(file),
            "fant ingen tabell med overskriften «Linje» og fire år (f.eks. Linje | 2025 | 2026 | 2027 | 2028)",
            "found no table headed \"Line\" and four years (e.g. Line | 2025 | 2026 | 2027 | 2028)",
        );
    }
    for (s, i, typed, at) in typed_sums {
        let computed = s.of(&Statement::of(&years[i]));
        if round_kr(typed - computed) != 0.0 {
            let y = first_year.unwrap_or(0) + i as i32;
            problems.add_kind(
                ProblemKind::Invalid,
                at,
                format!("«{}» {y} er {} i arket, men linjene gir {}; summene regnes ut — rett linjene eller fjern summen", s.name(Lang::Nb), kr(typed), kr(computed)),
                format!("\"{}\" {y} is {} in the sheet, but the lines give {}; sums are computed — correct the lines or remove the sum", s.name(Lang::En), kr(typed), kr(computed)),
            );
        }
    }
    let fact = |i: usize| {
        facts[i]
            .as_ref()
            .map(|(v, _)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let missing = |problems: &mut Problems, i: usize| {
        problems.add_kind(
            ProblemKind::Missing,
            Location {
                file: Some(file.to_string()),
                sheet: Some(crate::export::budget::facts_sheet(Lang::Nb).to_string()),
                cell: None,
                entry: None,
            },
            format!("versjonen mangler «{}»", FACTS[i].0),
            format!("the version lacks \"{}\"", FACTS[i].1),
        );
    };
    let id = fact(0);
    if id.is_none() {
        missing(problems, 0);
    }
    let kind = match fact(1) {
        None => {
            missing(problems, 1);
            None
        }
        Some(k) => match k.parse::<VersionKind>() {
            Ok(k) => Some(k),
            Err(e) => {
                let at = facts[1].as_ref().map(|x| x.1.clone()).unwrap_or_default();
                problems.add_kind(
                    ProblemKind::Invalid,
                    at,
                    styring_core::Localized::render(&e, Lang::Nb),
                    styring_core::Localized::render(&e, Lang::En),
                );
                None
            }
        },
    };
    let decision = match (fact(3), fact(4)) {
        (Some(reference), Some(d)) => match chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d") {
            Ok(date) => Some(Decision { reference, date }),
            Err(_) => {
                let at = facts[4].as_ref().map(|x| x.1.clone()).unwrap_or_default();
                problems.add_kind(
                    ProblemKind::BadTime,
                    at,
                    format!("«{d}» er ikke en dato (skriv ÅÅÅÅ-MM-DD)"),
                    format!("\"{d}\" is not a date (write YYYY-MM-DD)"),
                );
                None
            }
        },
        (None, None) => None,
        (Some(_), None) => {
            missing(problems, 4);
            None
        }
        (None, Some(_)) => {
            missing(problems, 3);
            None
        }
    };
    if let (Some(stated), Some(f)) = (fact(6), first_year) {
        if stated != f.to_string() {
            let at = facts[6].as_ref().map(|x| x.1.clone()).unwrap_or_default();
            problems.add_kind(
                ProblemKind::Invalid,
                at,
                format!("første år er {stated}, men tabellen begynner med {f}"),
                format!("the first year is {stated}, but the table starts with {f}"),
            );
        }
    }
    if problems.len() > before {
        return Ok(None);
    }
    // An alternative of measures alone takes its years from its base.
    let first_year = first_year.or(has_measures.then_some(0));
    let (Some(id), Some(kind), Some(first_year)) = (id, kind, first_year) else {
        return Ok(None);
    };
    Ok(Some(PlanVersion {
        id,
        kind,
        title: fact(2).unwrap_or_else(|| format!("Økonomiplan {first_year}–{}", first_year + 3)),
        decision,
        based_on: fact(5),
        first_year,
        years,
    }))
}

fn kr(v: f64) -> String {
    styring_core::report::Cell::Money(v).text(Lang::Nb)
}
