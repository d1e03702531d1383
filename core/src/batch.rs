//! Compact batches: many observations already resolved to the model's
//! indicators and units, with where each came from, checked all together.
//! Importers build these directly (a million rows take tens of megabytes,
//! not gigabytes); [`Model::validate_batch`] builds one from text.
//!
//! ```
//! use styring_core::Localized;
//! use styring_core::batch::{Batch, BatchRow};
//! use styring_core::model::Model;
//! let m = Model::example();
//! let mut b = Batch::default();
//! let file = b.file("aurvoll.xlsx");
//! let sheet = b.sheet("Data");
//! let ind = m.indicator_index("M.1.5").unwrap() as u32;
//! let unit = m.unit_index("aurvoll").unwrap() as u32;
//! b.rows.push(BatchRow::new(ind, unit, "2025-05".parse().unwrap(), Some(2.5)).at(file, sheet, 6, 3));
//! let problems = m.check_batch(&b);
//! assert_eq!(problems[0].1.render(styring_core::Lang::Nb),
//!     "aurvoll.xlsx: Data!D7: verdien 250,0 % er utenfor gyldig område 0,0 %–100,0 % for «M.1.5»");
//! ```

use crate::indicator::Indicator;
use crate::lang::Lang;
use crate::model::Model;
use crate::period::Period;
use crate::problem::{Location, Problem, ProblemKind};

/// No file, sheet or cell.
pub const NONE: u32 = u32::MAX;

/// One observation in a [`Batch`].
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRow {
    /// Index into [`Model::indicators`].
    pub indicator: u32,
    /// Index into [`Model::units`].
    pub unit: u32,
    /// The period.
    pub period: Period,
    /// The value (`None`: reported missing).
    pub value: Option<f64>,
    /// The unit's comment.
    pub comment: Option<Box<str>>,
    /// Index into [`Batch::files`], or [`NONE`].
    pub file: u32,
    /// Index into [`Batch::sheets`], or [`NONE`].
    pub sheet: u32,
    /// Zero-based row of the cell, or [`NONE`].
    pub row: u32,
    /// Zero-based column of the cell.
    pub col: u32,
}

impl BatchRow {
    /// A row with no comment and no place.
    pub fn new(indicator: u32, unit: u32, period: Period, value: Option<f64>) -> BatchRow {
        BatchRow {
            indicator,
            unit,
            period,
            value,
            comment: None,
            file: NONE,
            sheet: NONE,
            row: NONE,
            col: 0,
        }
    }

    /// The same row at a file, sheet and cell.
    pub fn at(mut self, file: u32, sheet: u32, row: u32, col: u32) -> BatchRow {
        self.file = file;
        self.sheet = sheet;
        self.row = row;
        self.col = col;
        self
    }
}

/// Many observations with their provenance, compactly.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batch {
    /// File names the rows point into.
    pub files: Vec<String>,
    /// Sheet names the rows point into.
    pub sheets: Vec<String>,
    /// The observations.
    pub rows: Vec<BatchRow>,
}

/// `C7` for the zero-based cell (6, 2).
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col;
    loop {
        letters.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row as u64 + 1)
}

/// The zero-based (row, column) of a cell in A1 form, if it is one: the
/// inverse of [`a1`].
///
/// ```
/// use styring_core::batch::{a1, parse_a1};
/// assert_eq!(parse_a1("C7"), Some((6, 2)));
/// assert_eq!(parse_a1("AA1"), Some((0, 26)));
/// assert_eq!(parse_a1(&a1(1_048_575, 16_383)), Some((1_048_575, 16_383)));
/// assert_eq!(parse_a1("7C"), None);
/// assert_eq!(parse_a1("A0"), None);
/// ```
pub fn parse_a1(cell: &str) -> Option<(u32, u32)> {
    let split = cell.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = cell.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let mut col: u32 = 0;
    for b in letters.bytes() {
        col = col * 26 + u32::from(b - b'A') + 1;
    }
    let row: u32 = digits.parse().ok()?;
    (row >= 1).then(|| (row - 1, col - 1))
}

impl Batch {
    /// The index of a file name, added if new.
    pub fn file(&mut self, name: &str) -> u32 {
        intern(&mut self.files, name)
    }

    /// The index of a sheet name, added if new.
    pub fn sheet(&mut self, name: &str) -> u32 {
        intern(&mut self.sheets, name)
    }

    /// Where a row came from.
    pub fn location(&self, r: &BatchRow) -> Location {
        Location {
            file: self.files.get(r.file as usize).cloned(),
            sheet: self.sheets.get(r.sheet as usize).cloned(),
            cell: (r.row != NONE).then(|| a1(r.row, r.col)),
            entry: None,
        }
    }

    /// Appends another batch (its names re-indexed).
    pub fn extend(&mut self, other: Batch) {
        let files: Vec<u32> = other.files.iter().map(|f| self.file(f)).collect();
        let sheets: Vec<u32> = other.sheets.iter().map(|s| self.sheet(s)).collect();
        self.rows.extend(other.rows.into_iter().map(|mut r| {
            r.file = files.get(r.file as usize).copied().unwrap_or(NONE);
            r.sheet = sheets.get(r.sheet as usize).copied().unwrap_or(NONE);
            r
        }));
    }
}

fn intern(list: &mut Vec<String>, name: &str) -> u32 {
    if let Some(i) = list.iter().rposition(|x| x == name) {
        return i as u32;
    }
    list.push(name.to_string());
    (list.len() - 1) as u32
}

fn describe_range(ind: &Indicator, lang: Lang) -> String {
    let f = |v: f64| ind.measure.format(v, lang);
    match (ind.measure.min, ind.measure.max) {
        (Some(a), Some(b)) => format!("{}–{}", f(a), f(b)),
        (Some(a), None) => format!("≥ {}", f(a)),
        (None, Some(b)) => format!("≤ {}", f(b)),
        (None, None) => lang.pick("(alle tall)", "(any number)").to_string(),
    }
}

/// Longest comment kept, in characters.
pub const MAX_COMMENT_CHARS: usize = 4000;

/// Whether two values are the same to the 15 significant digits that
/// spreadsheets keep.
pub fn same_value(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x == y || (x - y).abs() <= 1e-14 * x.abs().max(y.abs()),
        (None, None) => true,
        _ => false,
    }
}

impl Model {
    /// Checks a resolved batch: the unit is a service unit the indicator
    /// applies to, the period has the indicator's frequency, the value is a
    /// finite number within the indicator's range, the comment is not too
    /// long, and no key has two different values. Returns every problem
    /// with the index of its row, in row order.
    pub fn check_batch(&self, b: &Batch) -> Vec<(usize, Problem)> {
        self.check_rows(&b.rows, &|i| {
            let l = b.location(&b.rows[i]);
            if l == Location::default() {
                Location::entry(format!("rad {}", i + 1))
            } else {
                l
            }
        })
    }

    /// As [`Model::check_batch`], with each row's location given by `loc`.
    pub fn check_rows(
        &self,
        rows: &[BatchRow],
        loc: &dyn Fn(usize) -> Location,
    ) -> Vec<(usize, Problem)> {
        let b = rows;
        let mut out: Vec<(usize, Problem)> = Vec::new();
        let inds = self.indicators();
        let units = self.units();
        let sectors: Vec<bool> = units
            .iter()
            .map(|u| self.is_sector(u.id.as_str()))
            .collect();
        for (i, r) in b.iter().enumerate() {
            let (Some(ind), Some(unit)) =
                (inds.get(r.indicator as usize), units.get(r.unit as usize))
            else {
                out.push((
                    i,
                    Problem::new(
                        loc(i),
                        "ukjent indikator eller enhet",
                        "unknown indicator or unit",
                    )
                    .of_kind(ProblemKind::UnknownReference),
                ));
                continue;
            };
            let mut add = |kind: ProblemKind, nb: String, en: String| {
                out.push((i, Problem::new(loc(i), nb, en).of_kind(kind)))
            };
            if sectors[r.unit as usize] {
                add(
                    ProblemKind::NotApplicable,
                    format!("«{}» er en sektor; verdier registreres på tjenesteenhetene og summeres opp", unit.id),
                    format!("\"{}\" is a sector; values are recorded for its units and rolled up", unit.id),
                );
            } else if !self.applies(ind, unit) {
                add(
                    ProblemKind::NotApplicable,
                    format!("indikator «{}» gjelder ikke for {}", ind.code, unit.name),
                    format!("indicator \"{}\" does not apply to {}", ind.code, unit.name),
                );
            } else if ind.ledger.is_some() {
                add(
                    ProblemKind::Computed,
                    format!(
                        "«{}» hentes fra økonomiplanen og regnskapet og kan ikke registreres; les inn regnskapet med `styring accounts import`",
                        ind.code
                    ),
                    format!(
                        "\"{}\" comes from the financial plan and the accounts and cannot be recorded; read the accounts in with `styring accounts import`",
                        ind.code
                    ),
                );
            } else if ind.computed.is_some() {
                add(
                    ProblemKind::Computed,
                    format!(
                        "«{}» beregnes fra andre indikatorer og kan ikke registreres; registrer tallene den beregnes fra",
                        ind.code
                    ),
                    format!(
                        "\"{}\" is computed from other indicators and cannot be recorded; record the values it is computed from",
                        ind.code
                    ),
                );
            }
            let p = r.period;
            if p.frequency() != ind.frequency {
                add(
                    ProblemKind::BadPeriod,
                    format!(
                        "perioden {p} er per {}, men «{}» måles per {}",
                        p.frequency().name_nb(),
                        ind.code,
                        ind.frequency.name_nb()
                    ),
                    format!(
                        "period {p} is a {}, but \"{}\" is measured per {}",
                        p.frequency(),
                        ind.code,
                        ind.frequency
                    ),
                );
            }
            if let Some(v) = r.value {
                if !v.is_finite() {
                    add(
                        ProblemKind::NotANumber,
                        format!("verdien er ikke et endelig tall ({v}) for «{}»", ind.code),
                        format!(
                            "the value is not a finite number ({v}) for \"{}\"",
                            ind.code
                        ),
                    );
                } else if ind.measure.check(v).is_err() {
                    add(
                        ProblemKind::OutOfRange,
                        format!(
                            "verdien {} er utenfor gyldig område {} for «{}»",
                            ind.measure.format(v, Lang::Nb),
                            describe_range(ind, Lang::Nb),
                            ind.code
                        ),
                        format!(
                            "the value {} is outside the valid range {} for \"{}\"",
                            ind.measure.format(v, Lang::En),
                            describe_range(ind, Lang::En),
                            ind.code
                        ),
                    );
                }
            }
            if let Some(c) = &r.comment {
                let n = c.chars().count();
                if n > MAX_COMMENT_CHARS {
                    add(
                        ProblemKind::OutOfRange,
                        format!("kommentaren er {n} tegn; maks er {MAX_COMMENT_CHARS}"),
                        format!("the comment is {n} characters; the most is {MAX_COMMENT_CHARS}"),
                    );
                }
            }
        }
        // Two different values for one key: sort row numbers by key.
        let mut order: Vec<u32> = (0..b.len() as u32).collect();
        let key = |i: u32| {
            let r = &b[i as usize];
            (r.indicator, r.unit, r.period.to_key(), i)
        };
        order.sort_unstable_by_key(|&i| key(i));
        for w in order.windows(2) {
            let (a, c) = (&b[w[0] as usize], &b[w[1] as usize]);
            if (a.indicator, a.unit, a.period) != (c.indicator, c.unit, c.period) {
                continue;
            }
            if same_value(a.value, c.value) && a.comment == c.comment {
                continue;
            }
            let first = order
                .iter()
                .find(|&&i| {
                    let x = &b[i as usize];
                    (x.indicator, x.unit, x.period) == (c.indicator, c.unit, c.period)
                })
                .copied()
                .unwrap_or(w[0]);
            let there = loc(first as usize).to_string();
            let (code, unit) = (&inds[c.indicator as usize].code, &units[c.unit as usize].id);
            out.push((
                w[1] as usize,
                Problem::new(
                    loc(w[1] as usize),
                    format!(
                        "{code}/{unit}/{} har allerede en annen verdi i samme innsending ({there})",
                        c.period
                    ),
                    format!(
                        "{code}/{unit}/{} already has another value in the same batch ({there})",
                        c.period
                    ),
                )
                .of_kind(ProblemKind::Duplicate),
            ));
        }
        out.sort_by_key(|x| x.0);
        out
    }
}

/// Keeps one row per key (the check has already refused conflicting
/// duplicates, so the rows of a key are equal). Sorts the rows by key.
pub fn dedup_rows(rows: &mut Vec<BatchRow>) {
    rows.sort_by_key(|r| (r.indicator, r.unit, r.period.to_key()));
    rows.dedup_by_key(|r| (r.indicator, r.unit, r.period.to_key()));
}
