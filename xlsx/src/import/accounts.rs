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
use std::sync::Arc;
use styring_core::economy::{IncomingLine, SheetRef, Sign};
use styring_core::ids::UnitId;
use styring_core::model::Model;
use styring_core::period::{Frequency, Period};
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

/// One file as read.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountsFile {
    /// The file as named in messages.
    pub file: String,
    /// How many account lines it has.
    pub lines: usize,
    /// The convention used.
    pub sign: Sign,
}

/// Reads every file's account lines with `sign` (from the command, if
/// given), handing each line to `sink` as it is read, expenses positive.
/// Every problem in every file is reported. Every line that reads goes to
/// `sink`, also in a file with problems (so that the checks of the whole
/// stream report theirs too): a caller that stores what it is handed must
/// store nothing when this fails.
///
/// The reader checks what one line shows; [`styring_core::economy::Intake`]
/// checks what needs them all (the same key twice, months outside the
/// plan).
///
/// # Errors
/// [`crate::XlsxError::Import`] with every problem: a file that states no
/// convention when the command gives none, a stated convention that
/// contradicts the command's, unknown units or sectors, months that are
/// not months, and amounts that are not numbers.
pub fn read_accounts(
    model: &Model,
    paths: &[&Path],
    sign: Option<Sign>,
    opts: &ImportOptions,
    sink: &mut dyn FnMut(IncomingLine),
) -> Result<Vec<AccountsFile>, crate::XlsxError> {
    let mut problems = Problems::default();
    let mut out = Vec::new();
    for p in paths {
        let Some((file, bytes)) = super::load(p, &opts.limits, &mut problems) else {
            continue;
        };
        let got = super::catch_panic(&file, &mut problems, |problems| {
            let mut book = super::open_book(&file, bytes, &opts.limits, problems)?;
            let mut reader = FileReader {
                model,
                file: &file,
                command: sign,
                stated: None,
                units: HashMap::new(),
                periods: HashMap::new(),
                categories: HashMap::new(),
                lines: 0,
                before: problems.len(),
            };
            match reader.read(&mut book, &opts.limits, problems, sink) {
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

/// One file being read, with what it has learnt: a million lines name a
/// few hundred units, months and categories, each resolved once.
struct FileReader<'a> {
    model: &'a Model,
    file: &'a str,
    command: Option<Sign>,
    stated: Option<(Sign, Location)>,
    units: HashMap<String, Option<UnitId>>,
    periods: HashMap<String, Period>,
    categories: HashMap<String, Arc<str>>,
    lines: usize,
    before: usize,
}

impl FileReader<'_> {
    fn loc(&self, sheet: &str, r: u32, c: u32) -> Location {
        Location {
            file: Some(self.file.to_string()),
            sheet: Some(sheet.to_string()),
            cell: Some(a1(r, c)),
            entry: None,
        }
    }

    /// The convention lines are read with, if it is known and not
    /// contradicted.
    fn sign(&self) -> Option<Sign> {
        match (self.command, &self.stated) {
            (Some(a), Some((b, _))) if a != *b => None,
            (Some(a), _) => Some(a),
            (None, Some((b, _))) => Some(*b),
            (None, None) => None,
        }
    }

    fn read(
        &mut self,
        book: &mut Book,
        limits: &Limits,
        problems: &mut Problems,
        sink: &mut dyn FnMut(IncomingLine),
    ) -> Result<Option<AccountsFile>, ReadError> {
        let sheets = book.visible_sheets();
        let mut tables = 0;
        for sheet in sheets {
            let shared = Arc::new(SheetRef::new(self.file, sheet.as_str()));
            let mut columns: Option<Columns> = None;
            book.rows(&sheet, limits, |r, cells| {
                match &columns {
                    None if r >= SEARCH_ROWS => return ControlFlow::Break(()),
                    None => {
                        columns = self.header(&sheet, r, cells, problems);
                        tables += usize::from(columns.is_some());
                    }
                    Some(cols) => {
                        if let Some(line) = self.line(&sheet, &shared, cols, r, cells, problems) {
                            self.lines += 1;
                            // Every line goes out, so that the checks of the
                            // whole stream see them all; without a known
                            // convention the file fails and is not stored.
                            let sign = self.sign().unwrap_or(Sign::ExpensesPositive);
                            sink(IncomingLine {
                                amount: sign.normalise(line.amount),
                                ..line
                            });
                        }
                    }
                }
                ControlFlow::Continue(())
            })?;
        }
        if tables == 0 {
            problems.add_kind(
                ProblemKind::Missing,
                Location::file(self.file),
                "fant ingen tabell med kolonnene Enhet, Periode og Regnskap (eller Beløp)",
                "found no table with the columns Unit, Period and Accounts (or Amount)",
            );
            return Ok(None);
        }
        let sign = match (self.command, self.stated.take()) {
            (None, None) => {
                problems.add_kind(
                    ProblemKind::Missing,
                    Location::file(self.file),
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
        if problems.len() > self.before {
            return Ok(None);
        }
        Ok(Some(AccountsFile {
            file: self.file.to_string(),
            lines: self.lines,
            sign,
        }))
    }

    /// A row above the table: a stated convention, or the header that
    /// starts the table.
    fn header(
        &mut self,
        sheet: &str,
        r: u32,
        cells: &[(u32, CellValue)],
        problems: &mut Problems,
    ) -> Option<Columns> {
        let texts: Vec<(u32, String)> = cells
            .iter()
            .filter_map(|(c, v)| text_of(v).map(|t| (*c, t)))
            .collect();
        for w in texts.windows(2) {
            if is_sign_label(&w[0].1) {
                match sign_of(&w[1].1) {
                    Some(s) => self.stated = Some((s, self.loc(sheet, r, w[1].0))),
                    None => problems.add_kind(
                        ProblemKind::Invalid,
                        self.loc(sheet, r, w[1].0),
                        format!("«{}» er ikke en fortegnskonvensjon; skriv «utgifter positive» eller «utgifter negative»", w[1].1),
                        format!("\"{}\" is not a sign convention; write \"expenses positive\" or \"expenses negative\"", w[1].1),
                    ),
                }
            }
        }
        let found: Vec<(Field, u32)> = texts
            .iter()
            .filter_map(|(c, t)| field(t).map(|f| (f, *c)))
            .collect();
        let col = |f: Field| found.iter().find(|(g, _)| *g == f).map(|x| x.1);
        Some(Columns {
            unit: col(Field::Unit)?,
            period: col(Field::Period)?,
            amount: col(Field::Amount)?,
            category: col(Field::Category),
        })
    }

    /// One row of the table as a line (the amount as the file has it), or
    /// its problems.
    fn line(
        &mut self,
        sheet: &str,
        shared: &Arc<SheetRef>,
        cols: &Columns,
        r: u32,
        cells: &[(u32, CellValue)],
        problems: &mut Problems,
    ) -> Option<IncomingLine> {
        let get = |c: u32| cells.iter().find(|(x, _)| *x == c).map(|(_, v)| v);
        let (unit, period, amount) = (get(cols.unit), get(cols.period), get(cols.amount));
        if unit.is_none() && period.is_none() && amount.is_none() {
            return None;
        }
        let unit = self.unit(unit, sheet, r, cols.unit, problems);
        let month = self.month(period, sheet, r, cols.period, problems);
        let amount = match amount {
            None => {
                problems.add_kind(
                    ProblemKind::Missing,
                    self.loc(sheet, r, cols.amount),
                    "mangler beløp",
                    "the amount is missing",
                );
                None
            }
            Some(v) => match amount_of(v) {
                Ok(a) => Some(a),
                Err((nb, en)) => {
                    problems.add_kind(
                        ProblemKind::NotANumber,
                        self.loc(sheet, r, cols.amount),
                        nb,
                        en,
                    );
                    None
                }
            },
        };
        let category = self.category(cols.category.and_then(get));
        Some(IncomingLine {
            unit: unit?,
            month: month?,
            category,
            amount: amount?,
            sheet: shared.clone(),
            cell: Some((r, cols.amount)),
        })
    }

    /// The service unit a cell names (id or name, through the model's one
    /// resolver with its «mente du»), each text resolved once.
    fn unit(
        &mut self,
        cell: Option<&CellValue>,
        sheet: &str,
        r: u32,
        c: u32,
        problems: &mut Problems,
    ) -> Option<UnitId> {
        if let Some(CellValue::Text(t)) = cell {
            if let Some(Some(hit)) = self.units.get(t.trim()) {
                return Some(hit.clone());
            }
        }
        let Some(t) = cell.and_then(text_of).filter(|t| !t.is_empty()) else {
            problems.add_kind(
                ProblemKind::Missing,
                self.loc(sheet, r, c),
                "mangler enhet",
                "the unit is missing",
            );
            return None;
        };
        match self.model.resolve_service_unit(&t) {
            Ok(u) => {
                self.units.insert(t, Some(u.id.clone()));
                Some(u.id.clone())
            }
            Err(e) => {
                let kind = match e {
                    styring_core::Error::NotAServiceUnit { .. } => ProblemKind::NotApplicable,
                    _ => ProblemKind::UnknownUnit,
                };
                problems.add_kind(
                    kind,
                    self.loc(sheet, r, c),
                    e.render(Lang::Nb),
                    e.render(Lang::En),
                );
                None
            }
        }
    }

    /// The month a cell names, each text read once.
    fn month(
        &mut self,
        cell: Option<&CellValue>,
        sheet: &str,
        r: u32,
        c: u32,
        problems: &mut Problems,
    ) -> Option<Period> {
        let Some(v) = cell else {
            problems.add_kind(
                ProblemKind::Missing,
                self.loc(sheet, r, c),
                "mangler periode",
                "the period is missing",
            );
            return None;
        };
        if let CellValue::Text(t) = v {
            if let Some(p) = self.periods.get(t.as_str()) {
                return Some(*p);
            }
        }
        match cell_period(v, Some(Frequency::Month)) {
            Ok(p) if p.frequency() == Frequency::Month => {
                if let CellValue::Text(t) = v {
                    self.periods.insert(t.clone(), p);
                }
                Some(p)
            }
            Ok(p) => {
                problems.add_kind(
                    ProblemKind::BadPeriod,
                    self.loc(sheet, r, c),
                    format!("{p} er ikke en måned; regnskapet leses per måned (f.eks. 2025-03)"),
                    format!("{p} is not a month; accounts are read per month (e.g. 2025-03)"),
                );
                None
            }
            Err((nb, en)) => {
                problems.add_kind(ProblemKind::BadPeriod, self.loc(sheet, r, c), nb, en);
                None
            }
        }
    }

    /// The category a cell names (empty for none), shared.
    fn category(&mut self, cell: Option<&CellValue>) -> Arc<str> {
        if let Some(CellValue::Text(t)) = cell {
            if let Some(c) = self.categories.get(t.as_str()) {
                return c.clone();
            }
        }
        let text = cell.and_then(text_of).unwrap_or_default();
        let shared: Arc<str> = text.as_str().into();
        if let Some(CellValue::Text(t)) = cell {
            self.categories.insert(t.clone(), shared.clone());
        }
        shared
    }
}

/// The table's columns.
struct Columns {
    unit: u32,
    period: u32,
    amount: u32,
    category: Option<u32>,
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
