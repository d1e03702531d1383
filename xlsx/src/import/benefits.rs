//! Reading a benefit plan (gevinstrealiseringsplan) workbook: a sheet
//! `Prosjekt` of facts (Id, Prosjekt, Eier, Enheter, Type) and a sheet
//! `Gevinster` with one benefit per row under its header (Gevinst, Type,
//! Måleenhet, Beskrivelse, Nullpunkt, Nullpunktsdato, Kilde, Forventet,
//! Frist, Eier, Indikator, Mål, Tiltak, Effekt; English headings too).
//! Every cell is typed here with its problem at the cell; what the plan
//! means is checked in core ([`styring_core::register::check_benefit_plan`]).

use super::cells::{a1, Book, CellValue};
use super::number::{excel_date, parse_number};
use super::values::text_of;
use super::ImportOptions;
use std::ops::ControlFlow;
use std::path::Path;
use styring_core::problem::{Location, ProblemKind, Problems};
use styring_core::register::{
    Baseline, Benefit, BenefitKind, BenefitPlan, PlannedBenefit, ProjectKind,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Kind,
    Unit,
    Description,
    Baseline,
    BaselineDate,
    Source,
    Expected,
    Due,
    Owner,
    Indicator,
    Goals,
    Measure,
    Effect,
}

const COLS: usize = 14;

fn col(h: &str) -> Option<Col> {
    Some(
        match h.trim().trim_end_matches(':').to_lowercase().as_str() {
            "gevinst" | "benefit" => Col::Name,
            "type" | "kind" | "gevinsttype" => Col::Kind,
            "måleenhet" | "enhet for måling" | "measure unit" | "unit of measure" => Col::Unit,
            "beskrivelse" | "description" => Col::Description,
            "nullpunkt" | "nullpunktsmåling" | "baseline" => Col::Baseline,
            "nullpunktsdato" | "dato for nullpunkt" | "baseline date" => Col::BaselineDate,
            "kilde" | "source" => Col::Source,
            "forventet" | "forventet verdi" | "expected" | "expected value" => Col::Expected,
            "frist" | "realiseres innen" | "due" => Col::Due,
            "eier" | "gevinsteier" | "owner" => Col::Owner,
            "indikator" | "indicator" => Col::Indicator,
            "mål" | "goals" | "goal" => Col::Goals,
            "tiltak" | "measure" => Col::Measure,
            "effekt" | "effect" => Col::Effect,
            _ => return None,
        },
    )
}

fn heading(c: Col) -> (&'static str, &'static str) {
    match c {
        Col::Name => ("Gevinst", "Benefit"),
        Col::Kind => ("Type", "Kind"),
        Col::Unit => ("Måleenhet", "Measure unit"),
        Col::Description => ("Beskrivelse", "Description"),
        Col::Baseline => ("Nullpunkt", "Baseline"),
        Col::BaselineDate => ("Nullpunktsdato", "Baseline date"),
        Col::Source => ("Kilde", "Source"),
        Col::Expected => ("Forventet", "Expected"),
        Col::Due => ("Frist", "Due"),
        Col::Owner => ("Eier", "Owner"),
        Col::Indicator => ("Indikator", "Indicator"),
        Col::Goals => ("Mål", "Goals"),
        Col::Measure => ("Tiltak", "Measure"),
        Col::Effect => ("Effekt", "Effect"),
    }
}

const REQUIRED: [Col; 6] = [
    Col::Name,
    Col::Kind,
    Col::Baseline,
    Col::BaselineDate,
    Col::Expected,
    Col::Due,
];

/// Reads the plan in `path`.
///
/// # Errors
/// [`crate::XlsxError::Import`] with every problem at its cell: a file
/// that cannot be read, a missing sheet or heading, a benefit without its
/// baseline, text where a number or a date belongs, an unknown kind or
/// period.
pub fn read_benefit_plan(
    path: &Path,
    opts: &ImportOptions,
) -> Result<BenefitPlan, crate::XlsxError> {
    let mut problems = Problems::default();
    let got = super::load(path, &opts.limits, &mut problems).and_then(|(file, bytes)| {
        super::catch_panic(&file, &mut problems, |problems| {
            let mut book = super::open_book(&file, bytes, &opts.limits, problems)?;
            match read_book(&mut book, &file, opts, problems) {
                Ok(p) => p,
                Err(e) => {
                    super::read_error(&file, e, problems);
                    None
                }
            }
        })
    });
    match got {
        Some(p) if problems.is_empty() => Ok(p),
        _ => Err(crate::XlsxError::Import(problems)),
    }
}

fn sheet_named(book: &Book, names: &[&str]) -> Option<String> {
    book.sheets
        .iter()
        .find(|s| s.visible && names.contains(&s.name.trim().to_lowercase().as_str()))
        .map(|s| s.name.clone())
}

fn read_book(
    book: &mut Book,
    file: &str,
    opts: &ImportOptions,
    problems: &mut Problems,
) -> Result<Option<BenefitPlan>, super::cells::ReadError> {
    let at = |sheet: &str, cell: Option<String>| Location {
        file: Some(file.to_string()),
        sheet: Some(sheet.to_string()),
        cell,
        entry: None,
    };
    let (Some(facts), Some(list)) = (
        sheet_named(book, &["prosjekt", "project"]),
        sheet_named(book, &["gevinster", "benefits"]),
    ) else {
        problems.add_kind(
            ProblemKind::Missing,
            Location::file(file),
            "en gevinstplan har arkene «Prosjekt» og «Gevinster»",
            "a benefit plan has the sheets \"Prosjekt\" (Project) and \"Gevinster\" (Benefits)",
        );
        return Ok(None);
    };
    // The project's facts: a label in one cell, its value in the next.
    let mut fact: [Option<String>; 5] = Default::default();
    book.rows(&facts, &opts.limits, |_, cells| {
        if let [(_, label), (_, value), ..] = cells.as_slice() {
            let i = match text_of(label)
                .unwrap_or_default()
                .trim()
                .trim_end_matches(':')
                .to_lowercase()
                .as_str()
            {
                "id" => 0,
                "prosjekt" | "project" => 1,
                "eier" | "prosjekteier" | "owner" => 2,
                "enheter" | "enhet" | "units" => 3,
                "type" | "kind" => 4,
                _ => return ControlFlow::Continue(()),
            };
            fact[i] = text_of(value).filter(|v| !v.is_empty());
        }
        ControlFlow::Continue(())
    })?;
    for (i, (nb, en)) in [("Id", "Id"), ("Prosjekt", "Project"), ("Eier", "Owner")]
        .iter()
        .enumerate()
    {
        if fact[i].is_none() {
            problems.add_kind(
                ProblemKind::Missing,
                at(&facts, None),
                format!("«{nb}» mangler på arket {facts}"),
                format!("\"{en}\" is missing on the sheet {facts}"),
            );
        }
    }
    let kind = match fact[4].as_deref() {
        None => Some(ProjectKind::Operations),
        Some(k) => match k.parse::<ProjectKind>() {
            Ok(k) => Some(k),
            Err(e) => {
                problems.add_kind(
                    ProblemKind::UnknownReference,
                    at(&facts, None),
                    format!(
                        "Type: {}",
                        styring_core::Localized::render(&e, styring_core::Lang::Nb)
                    ),
                    format!("Type: {e}"),
                );
                None
            }
        },
    };
    // The benefits.
    let mut cols: Option<[Option<u32>; COLS]> = None;
    let mut benefits = Vec::new();
    book.rows(&list, &opts.limits, |r, cells| {
        let Some(cs) = &cols else {
            let mut found: [Option<u32>; COLS] = [None; COLS];
            for (c, v) in cells.iter() {
                if let Some(k) = text_of(v).as_deref().and_then(col) {
                    found[k as usize].get_or_insert(*c);
                }
            }
            if REQUIRED.iter().all(|k| found[*k as usize].is_some()) {
                cols = Some(found);
            }
            return ControlFlow::Continue(());
        };
        let get = |k: Col| cs[k as usize].and_then(|c| cells.iter().find(|(x, _)| *x == c)).map(|(c, v)| (*c, v));
        let cell = |k: Col| Some(a1(r, cs[k as usize].unwrap_or(0)));
        let text = |k: Col| get(k).and_then(|(_, v)| text_of(v)).filter(|t| !t.is_empty());
        let Some(name) = text(Col::Name) else {
            return ControlFlow::Continue(());
        };
        let before = problems.len();
        let number = |k: Col, problems: &mut Problems| -> Option<f64> {
            let (nb, en) = heading(k);
            match get(k) {
                Some((_, CellValue::Number(n))) if n.is_finite() => Some(*n),
                Some((_, v)) if text_of(v).as_deref().and_then(parse_number).is_some() => text_of(v).as_deref().and_then(parse_number),
                Some((_, v)) => {
                    let shown = text_of(v).unwrap_or_default();
                    problems.add_kind(
                        ProblemKind::NotANumber,
                        at(&list, cell(k)),
                        format!("«{shown}» er ikke et tall ({nb})"),
                        format!("\"{shown}\" is not a number ({en})"),
                    );
                    None
                }
                None if k == Col::Baseline => {
                    problems.add_kind(
                        ProblemKind::Missing,
                        at(&list, cell(k)),
                        format!("gevinsten «{name}» mangler nullpunkt (nullpunktsmåling); mål utgangspunktet før gevinsten kan følges opp"),
                        format!("benefit \"{name}\" has no baseline; measure the starting point before the benefit can be followed up"),
                    );
                    None
                }
                None => {
                    problems.add_kind(ProblemKind::Missing, at(&list, cell(k)), format!("«{nb}» mangler"), format!("\"{en}\" is missing"));
                    None
                }
            }
        };
        let baseline = number(Col::Baseline, problems);
        let expected = number(Col::Expected, problems);
        let date = match get(Col::BaselineDate) {
            Some((_, CellValue::Date(d))) => excel_date(*d),
            Some((_, v)) => text_of(v).and_then(|t| styring_core::asof::parse_date(&t).ok()),
            None => None,
        };
        if date.is_none() {
            problems.add_kind(
                ProblemKind::BadPeriod,
                at(&list, cell(Col::BaselineDate)),
                "nullpunktsdatoen mangler eller er ikke en dato (skriv 2025-01-15)",
                "the baseline date is missing or not a date (write 2025-01-15)",
            );
        }
        let due = text(Col::Due).and_then(|t| match t.parse::<styring_core::Period>() {
            Ok(p) => Some(p),
            Err(e) => {
                problems.add_kind(
                    ProblemKind::BadPeriod,
                    at(&list, cell(Col::Due)),
                    styring_core::Localized::render(&e, styring_core::Lang::Nb),
                    styring_core::Localized::render(&e, styring_core::Lang::En),
                );
                None
            }
        });
        if text(Col::Due).is_none() {
            problems.add_kind(ProblemKind::Missing, at(&list, cell(Col::Due)), "«Frist» mangler (en periode: 2026, 2026-T2)", "\"Due\" is missing (a period: 2026, 2026-T2)");
        }
        let kind = match text(Col::Kind).map(|k| k.parse::<BenefitKind>()) {
            Some(Ok(k)) => Some(k),
            Some(Err(e)) => {
                problems.add_kind(
                    ProblemKind::UnknownReference,
                    at(&list, cell(Col::Kind)),
                    styring_core::Localized::render(&e, styring_core::Lang::Nb),
                    e.to_string(),
                );
                None
            }
            None => {
                problems.add_kind(ProblemKind::Missing, at(&list, cell(Col::Kind)), "«Type» mangler (økonomisk eller kvalitet)", "\"Kind\" is missing (economic or quality)");
                None
            }
        };
        if let (Some(value), Some(date), Some(expected), Some(due), Some(kind), true) =
            (baseline, date, expected, due, kind, problems.len() == before)
        {
            benefits.push(PlannedBenefit {
                benefit: Benefit {
                    name: name.clone(),
                    kind,
                    measure_unit: text(Col::Unit),
                    baseline: Baseline { value, date, source: text(Col::Source).unwrap_or_default() },
                    expected,
                    due,
                    realised: Vec::new(),
                },
                description: text(Col::Description).unwrap_or_default(),
                owner: text(Col::Owner).unwrap_or_default(),
                indicator: text(Col::Indicator),
                goals: text(Col::Goals)
                    .map(|g| g.split([',', ';']).map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect())
                    .unwrap_or_default(),
                measure: text(Col::Measure).unwrap_or_default(),
                effect: text(Col::Effect).unwrap_or_default(),
            });
        }
        ControlFlow::Continue(())
    })?;
    if cols.is_none() {
        let names: Vec<&str> = REQUIRED.iter().map(|k| heading(*k).0).collect();
        let names_en: Vec<&str> = REQUIRED.iter().map(|k| heading(*k).1).collect();
        problems.add_kind(
            ProblemKind::Missing,
            at(&list, None),
            format!("arket har ingen overskriftsrad med {}", names.join(", ")),
            format!("the sheet has no header row with {}", names_en.join(", ")),
        );
    }
    let (Some(id), Some(project), Some(owner), Some(kind)) =
        (fact[0].clone(), fact[1].clone(), fact[2].clone(), kind)
    else {
        return Ok(None);
    };
    let units = fact[3]
        .clone()
        .map(|u| {
            u.split([',', ';'])
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Ok(Some(BenefitPlan {
        id,
        project,
        owner,
        units,
        kind,
        benefits,
    }))
}
