//! Reading the accounting system's export: a long table with a header row
//! naming Enhet/Ansvar, Periode/Måned, Regnskap/Beløp and optionally
//! Kategori/Art (and Budsjett, which is not read: the budget comes from the
//! plan). The sign convention is stated — on the command or in the file as
//! `Fortegn: utgifter positive` above the table — never guessed.

use super::cells::{a1, Book, CellValue, ReadError};
use super::guard::Limits;
use super::number::{cell_period, parse_number};
use super::values::text_of;
use super::ImportOptions;
use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::Path;
use styring_core::economy::{AccountLine, Sign};
use styring_core::model::Model;
use styring_core::period::Frequency;
use styring_core::problem::{Location, ProblemKind, Problems};
use styring_core::{Lang, Localized};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Unit,
    Period,
    Amount,
    Category,
    Budget,
}

fn field(header: &str) -> Option<Field> {
    let h = header.trim().trim_end_matches(':').trim().to_lowercase();
    Some(match h.as_str() {
        "enhet" | "unit" | "ansvar" | "ansvarssted" | "enhets-id" | "tjenesteenhet" => Field::Unit,
        "periode" | "period" | "måned" | "month" | "regnskapsperiode" => Field::Period,
        "regnskap" | "beløp" | "belop" | "amount" | "accounts" | "netto" => Field::Amount,
        "kategori" | "category" | "art" | "kontoart" | "artsgruppe" => Field::Category,
        "budsjett" | "budget" => Field::Budget,
        _ => return None,
    })
}

/// A stated convention: `utgifter positive`, `expenses-negative` …
fn sign_of(text: &str) -> Option<Sign> {
    let t = text.trim().to_lowercase().replace([' ', '_'], "-");
    t.parse().ok()
}

fn is_sign_label(text: &str) -> bool {
    let t = text.trim().trim_end_matches(':').trim().to_lowercase();
    matches!(
        t.as_str(),
        "fortegn" | "sign" | "fortegnskonvensjon" | "sign convention"
    )
}

/// One file's account lines.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountsFile {
    /// The file as named in messages.
    pub file: String,
    /// The lines, expenses positive.
    pub lines: Vec<AccountLine>,
    /// The convention used.
    pub sign: Sign,
}

/// Reads every file's account lines with `sign` (from the command, if
/// given). Every problem in every file is reported; with any, nothing is
/// returned.
///
/// # Errors
/// [`crate::XlsxError::Import`] with every problem: a file that states no
/// convention when the command gives none, a stated convention that
/// contradicts the command's, unknown units or sectors, months that are
/// not months, amounts that are not numbers, and the same unit, month and
/// category twice with different amounts.
pub fn read_accounts(
    model: &Model,
    paths: &[&Path],
    sign: Option<Sign>,
    opts: &ImportOptions,
) -> Result<Vec<AccountsFile>, crate::XlsxError> {
    let mut problems = Problems::default();
    let mut out = Vec::new();
    for p in paths {
        let Some((file, bytes)) = super::load(p, &opts.limits, &mut problems) else {
            continue;
        };
        let got = super::catch_panic(&file, &mut problems, |problems| {
            let mut book = super::open_book(&file, bytes, &opts.limits, problems)?;
            match read_book(&mut book, model, &file, sign, &opts.limits, problems) {
                Ok(v) => v,
                Err(e) => {
                    super::read_error(&file, e, problems);
                    None
                }
            }
        });
        if let Some(f) = got {
            out.push(f);
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(crate::XlsxError::Import(problems))
    }
}

const SEARCH_ROWS: u32 = 100;

fn read_book(
    book: &mut Book,
    model: &Model,
    file: &str,
    sign: Option<Sign>,
    limits: &Limits,
    problems: &mut Problems,
) -> Result<Option<AccountsFile>, ReadError> {
    let sheets: Vec<String> = book
        .sheets
        .iter()
        .filter(|s| s.visible)
        .map(|s| s.name.clone())
        .collect();
    let mut lines: Vec<AccountLine> = Vec::new();
    let mut stated: Option<(Sign, Location)> = None;
    let mut tables = 0;
    // (unit, month, category) → (amount, cell), for duplicates.
    // (unit, month, category id) → (amount, row, column), for duplicates;
    // texts seen before resolve from caches (a million lines name a few
    // hundred units, months and categories).
    let mut seen: HashMap<(usize, i64, u32), (f64, u32, u32)> = HashMap::new();
    let mut categories: HashMap<String, u32> = HashMap::new();
    let mut unit_cache: HashMap<String, Option<&styring_core::ids::UnitId>> = HashMap::new();
    let mut period_cache: HashMap<String, styring_core::Period> = HashMap::new();
    let before = problems.len();
    for sheet in sheets {
        let loc = |r: u32, c: u32| Location {
            file: Some(file.to_string()),
            sheet: Some(sheet.clone()),
            cell: Some(a1(r, c)),
            entry: None,
        };
        let mut columns: Option<Vec<(Field, u32)>> = None;
        book.rows(&sheet, limits, |r, cells| {
            let Some(cols) = &columns else {
                if r >= SEARCH_ROWS {
                    return ControlFlow::Break(());
                }
                // A stated convention above the table.
                let texts: Vec<(u32, String)> =
                    cells.iter().filter_map(|(c, v)| text_of(v).map(|t| (*c, t))).collect();
                for w in texts.windows(2) {
                    if is_sign_label(&w[0].1) {
                        match sign_of(&w[1].1) {
                            Some(s) => stated = Some((s, loc(r, w[1].0))),
                            None => problems.add_kind(
                                ProblemKind::Invalid,
                                loc(r, w[1].0),
                                format!("«{}» er ikke en fortegnskonvensjon; skriv «utgifter positive» eller «utgifter negative»", w[1].1),
                                format!("\"{}\" is not a sign convention; write \"expenses positive\" or \"expenses negative\"", w[1].1),
                            ),
                        }
                    }
                }
                let found: Vec<(Field, u32)> = cells
                    .iter()
                    .filter_map(|(c, v)| text_of(v).as_deref().and_then(field).map(|f| (f, *c)))
                    .collect();
                let has = |f: Field| found.iter().any(|(g, _)| *g == f);
                if has(Field::Unit) && has(Field::Period) && has(Field::Amount) {
                    columns = Some(found);
                    tables += 1;
                }
                return ControlFlow::Continue(());
            };
            let get = |f: Field| {
                cols.iter()
                    .find(|(g, _)| *g == f)
                    .and_then(|(_, c)| cells.iter().find(|(x, _)| x == c).map(|(x, v)| (*x, v)))
            };
            let col_of = |f: Field| cols.iter().find(|(g, _)| *g == f).map(|x| x.1).unwrap_or(0);
            let (unit, period, amount) = (get(Field::Unit), get(Field::Period), get(Field::Amount));
            if unit.is_none() && period.is_none() && amount.is_none() {
                return ControlFlow::Continue(());
            }
            let mut ok = true;
            let cached = match unit.map(|(_, v)| v) {
                Some(CellValue::Text(t)) => unit_cache.get(t.trim()).copied(),
                _ => None,
            };
            let unit_id = match cached {
                Some(hit) => hit,
                None => match unit.and_then(|(_, v)| text_of(v)) {
                None => {
                    problems.add_kind(ProblemKind::Missing, loc(r, col_of(Field::Unit)), "mangler enhet", "the unit is missing");
                    None
                }
                // The model's one rule for naming a service unit (id or
                // name, with its «mente du»).
                Some(t) => match model.resolve_service_unit(&t) {
                    Ok(u) => {
                        unit_cache.insert(t.clone(), Some(&u.id));
                        Some(&u.id)
                    }
                    Err(e) => {
                        let kind = match e {
                            styring_core::Error::NotAServiceUnit { .. } => ProblemKind::NotApplicable,
                            _ => ProblemKind::UnknownUnit,
                        };
                        problems.add_kind(kind, loc(r, col_of(Field::Unit)), e.render(Lang::Nb), e.render(Lang::En));
                        None
                    }
                },
                },
            };
            ok &= unit_id.is_some();
            let month = match period {
                None => {
                    problems.add_kind(ProblemKind::Missing, loc(r, col_of(Field::Period)), "mangler periode", "the period is missing");
                    None
                }
                Some((_, CellValue::Text(t))) if period_cache.contains_key(t.as_str()) => {
                    period_cache.get(t.as_str()).copied()
                }
                Some((c, v)) => match cell_period(v, Some(Frequency::Month)) {
                    Ok(p) if p.frequency() == Frequency::Month => {
                        if let CellValue::Text(t) = v {
                            period_cache.insert(t.clone(), p);
                        }
                        Some(p)
                    }
                    Ok(p) => {
                        problems.add_kind(
                            ProblemKind::BadPeriod,
                            loc(r, c),
                            format!("{p} er ikke en måned; regnskapet leses per måned (f.eks. 2025-03)"),
                            format!("{p} is not a month; accounts are read per month (e.g. 2025-03)"),
                        );
                        None
                    }
                    Err((nb, en)) => {
                        problems.add_kind(ProblemKind::BadPeriod, loc(r, c), nb, en);
                        None
                    }
                },
            };
            ok &= month.is_some();
            let value = match amount {
                None => {
                    problems.add_kind(ProblemKind::Missing, loc(r, col_of(Field::Amount)), "mangler beløp", "the amount is missing");
                    None
                }
                Some((c, v)) => match amount_of(v) {
                    Ok(a) => Some((a, c)),
                    Err((nb, en)) => {
                        problems.add_kind(ProblemKind::NotANumber, loc(r, c), nb, en);
                        None
                    }
                },
            };
            ok &= value.is_some();
            let category = get(Field::Category).and_then(|(_, v)| text_of(v)).filter(|t| !t.is_empty());
            let (true, Some(unit), Some(month), Some((amount, c))) = (ok, unit_id, month, value) else {
                return ControlFlow::Continue(());
            };
            let n = categories.len() as u32;
            let cat = *categories.entry(category.clone().unwrap_or_default()).or_insert(n);
            let unit_ix = model.unit_index(unit.as_str()).unwrap_or(usize::MAX);
            let key = (unit_ix, month.to_key(), cat);
            if let Some((first, fr, fc)) = seen.get(&key) {
                if styring_core::batch::same_value(Some(*first), Some(amount)) {
                    return ControlFlow::Continue(());
                }
                let (at, here) = (a1(*fr, *fc), a1(r, c));
                problems.add_kind(
                    ProblemKind::Duplicate,
                    loc(r, c),
                    format!("{unit} {month}{} står to ganger med ulike beløp ({at} og {here}); fjern den ene", category.as_deref().map(|k| format!(" ({k})")).unwrap_or_default()),
                    format!("{unit} {month}{} appears twice with different amounts ({at} and {here}); remove one", category.as_deref().map(|k| format!(" ({k})")).unwrap_or_default()),
                );
                return ControlFlow::Continue(());
            }
            seen.insert(key, (amount, r, c));
            lines.push(AccountLine {
                unit: unit.clone(),
                month,
                category,
                amount,
                location: loc(r, c),
            });
            ControlFlow::Continue(())
        })?;
    }
    if tables == 0 {
        problems.add_kind(
            ProblemKind::Missing,
            Location::file(file),
            "fant ingen tabell med kolonnene Enhet, Periode og Regnskap (eller Beløp)",
            "found no table with the columns Unit, Period and Accounts (or Amount)",
        );
        return Ok(None);
    }
    let sign = match (sign, stated) {
        (None, None) => {
            problems.add_kind(
                ProblemKind::Missing,
                Location::file(file),
                "fortegnet er ikke oppgitt: bruk --sign expenses-positive eller --sign expenses-negative, eller skriv «Fortegn: utgifter positive» over tabellen",
                "the sign convention is not stated: use --sign expenses-positive or --sign expenses-negative, or write \"Sign: expenses positive\" above the table",
            );
            return Ok(None);
        }
        (Some(a), Some((b, at))) if a != b => {
            problems.add_kind(
                ProblemKind::BadSign,
                at,
                format!(
                    "filen sier {}, men kommandoen sier --sign {}; rett den ene",
                    b.key(),
                    a.key()
                ),
                format!(
                    "the file says {}, but the command says --sign {}; correct one of them",
                    b.key(),
                    a.key()
                ),
            );
            return Ok(None);
        }
        (Some(a), _) => a,
        (None, Some((b, _))) => b,
    };
    if problems.len() > before {
        return Ok(None);
    }
    for l in &mut lines {
        l.amount = sign.normalise(l.amount);
    }
    Ok(Some(AccountsFile {
        file: file.to_string(),
        lines,
        sign,
    }))
}

/// The amount in a cell, or why there is none.
fn amount_of(cell: &CellValue) -> Result<f64, (String, String)> {
    match cell {
        CellValue::Number(n) if n.is_finite() => Ok(*n),
        CellValue::Text(t) => parse_number(t).ok_or_else(|| {
            (
                format!("«{}» er ikke et beløp; skriv tallet i kroner (f.eks. 12 500 eller −3 200,50)", t.trim()),
                format!("\"{}\" is not an amount; write the number in kroner (e.g. 12500 or -3200.50)", t.trim()),
            )
        }),
        CellValue::Error(e) => Err((
            format!("cellen har feilverdien {e}; rett formelen eller skriv inn beløpet"),
            format!("the cell holds the error {e}; fix the formula or type the amount"),
        )),
        CellValue::NoCachedValue(f) => Err((
            format!("formelen ={f} har ingen lagret verdi; åpne filen i Excel, lagre den og send den på nytt"),
            format!("the formula ={f} has no saved value; open the file in Excel, save it and send it again"),
        )),
        _ => Err(("cellen er ikke et beløp".into(), "the cell is not an amount".into())),
    }
}
