//! Account lines on their way in. Readers stream them one by one (a
//! million lines from one export), each naming its sheet once, shared;
//! [`Intake`] holds what the checks that need the whole stream keep: the
//! same unit, month and category twice with different amounts, months
//! after the financial plan or still to come, and each unit's monthly sums.
//!
//! ```
//! use std::sync::Arc;
//! use styring_core::economy::{IncomingLine, Intake, MonthRule, SheetRef};
//! use styring_core::Localized;
//! let sheet = Arc::new(SheetRef::new("regnskap.xlsx", "Data"));
//! let line = |amount: f64, row: u32| IncomingLine {
//!     unit: "tekniske".parse().unwrap(),
//!     month: "2025-03".parse().unwrap(),
//!     category: "lønn".into(),
//!     amount,
//!     sheet: sheet.clone(),
//!     cell: Some((row, 3)),
//! };
//! let rule = MonthRule { last_plan_year: Some(2028), today: "2025-10-01".parse().unwrap() };
//! let mut intake = Intake::new(rule);
//! intake.push(&line(100.0, 1));
//! intake.push(&line(100.0, 2)); // the same line twice: read once
//! intake.push(&line(90.0, 3));
//! let checked = intake.finish();
//! assert_eq!(checked.lines, 3);
//! assert_eq!(checked.problems.render(styring_core::Lang::Nb),
//!     "regnskap.xlsx: Data!D4: tekniske 2025-03 (lønn) står to ganger med ulike beløp (D2 og D4); fjern den ene");
//! ```

use super::ledger::{AccountLine, Accounts};
use crate::ids::UnitId;
use crate::period::Period;
use crate::problem::{Location, ProblemKind, Problems};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The file and sheet streamed lines were read from, shared by all of
/// them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SheetRef {
    /// The file as named in messages.
    pub file: Option<String>,
    /// The sheet.
    pub sheet: Option<String>,
}

impl SheetRef {
    /// A file's sheet.
    pub fn new(file: impl Into<String>, sheet: impl Into<String>) -> SheetRef {
        SheetRef {
            file: Some(file.into()),
            sheet: Some(sheet.into()),
        }
    }
}

/// One account line as a reader streams it: a unit's net amount for a
/// month and category, expenses positive, with the sheet it was read from
/// (shared) and its zero-based cell.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingLine {
    /// The service unit.
    pub unit: UnitId,
    /// The month.
    pub month: Period,
    /// The category (empty when the export has none).
    pub category: Arc<str>,
    /// Net kroner, expenses positive.
    pub amount: f64,
    /// Where it was read.
    pub sheet: Arc<SheetRef>,
    /// The amount's cell (zero-based row, column), if read from one.
    pub cell: Option<(u32, u32)>,
}

impl IncomingLine {
    /// Where the line was read, as problems name it.
    pub fn location(&self) -> Location {
        Location {
            file: self.sheet.file.clone(),
            sheet: self.sheet.sheet.clone(),
            cell: self.cell_name(),
            entry: None,
        }
    }

    /// The cell in A1 form, if any.
    pub fn cell_name(&self) -> Option<String> {
        self.cell.map(|(r, c)| crate::batch::a1(r, c))
    }

    /// The line an [`AccountLine`] names (its cell read back from A1
    /// form).
    pub fn of(line: &AccountLine, sheet: Arc<SheetRef>) -> IncomingLine {
        IncomingLine {
            unit: line.unit.clone(),
            month: line.month,
            category: line.category.as_deref().unwrap_or("").into(),
            amount: line.amount,
            sheet,
            cell: line
                .location
                .cell
                .as_deref()
                .and_then(crate::batch::parse_a1),
        }
    }
}

/// Which months accounts may be kept for: none after the financial plan's
/// last year, none still to come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthRule {
    /// The last year of the latest plan version, if any plan is stored.
    pub last_plan_year: Option<i32>,
    /// Today.
    pub today: NaiveDate,
}

impl MonthRule {
    /// Why accounts cannot be kept for `month`, if they cannot.
    ///
    /// ```
    /// use styring_core::economy::MonthRule;
    /// let rule = MonthRule { last_plan_year: Some(2028), today: "2025-10-01".parse().unwrap() };
    /// assert!(rule.refusal("2025-10".parse().unwrap()).is_none());
    /// assert_eq!(rule.refusal("2025-11".parse().unwrap()).unwrap().nb,
    ///     "2025-11 ligger i fremtiden; regnskap føres for måneder som har vært");
    /// ```
    pub fn refusal(&self, month: Period) -> Option<crate::Text> {
        if let Some(y) = self.last_plan_year.filter(|y| month.year_number() > *y) {
            return Some(crate::Text::new(
                format!("{month} ligger etter økonomiplanen, som går til {y}"),
                format!("{month} is after the financial plan, which ends in {y}"),
            ));
        }
        (month.start() > self.today).then(|| {
            crate::Text::new(
                format!("{month} ligger i fremtiden; regnskap føres for måneder som har vært"),
                format!("{month} is in the future; accounts are kept for months that have passed"),
            )
        })
    }
}

/// What the checks keep of one line: its key as indices, its amount and
/// its place, in 32 bytes.
#[derive(Debug, Clone, Copy)]
struct Key {
    unit: u32,
    category: u32,
    month: i32,
    sheet: u32,
    row: u32,
    col: u32,
    amount: f64,
}

/// The checks of a stream of account lines that need all of it. Push every
/// line, then [`Intake::finish`].
#[derive(Debug)]
pub struct Intake {
    rule: MonthRule,
    units: HashMap<UnitId, u32>,
    unit_names: Vec<UnitId>,
    categories: HashMap<Arc<str>, u32>,
    category_names: Vec<Arc<str>>,
    sheets: Vec<Arc<SheetRef>>,
    keys: Vec<Key>,
    sums: HashMap<(u32, i32), f64>,
    /// Refused months: the first line's place, the reason and how many.
    refused: BTreeMap<Period, (Location, crate::Text, usize)>,
}

/// What [`Intake::finish`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// Every problem: duplicates with different amounts, refused months.
    pub problems: Problems,
    /// The lines' monthly sums per unit (categories summed; a line read
    /// twice counted once).
    pub accounts: Accounts,
    /// How many lines were pushed.
    pub lines: usize,
}

impl Intake {
    /// An intake refusing the months `rule` refuses.
    pub fn new(rule: MonthRule) -> Intake {
        Intake {
            rule,
            units: HashMap::new(),
            unit_names: Vec::new(),
            categories: HashMap::new(),
            category_names: Vec::new(),
            sheets: Vec::new(),
            keys: Vec::new(),
            sums: HashMap::new(),
            refused: BTreeMap::new(),
        }
    }

    /// Takes in one line.
    pub fn push(&mut self, l: &IncomingLine) {
        let unit = match self.units.get(&l.unit) {
            Some(i) => *i,
            None => {
                let i = self.unit_names.len() as u32;
                self.units.insert(l.unit.clone(), i);
                self.unit_names.push(l.unit.clone());
                i
            }
        };
        let category = match self.categories.get(&l.category) {
            Some(i) => *i,
            None => {
                let i = self.category_names.len() as u32;
                self.categories.insert(l.category.clone(), i);
                self.category_names.push(l.category.clone());
                i
            }
        };
        let sheet = match self.sheets.iter().rposition(|s| Arc::ptr_eq(s, &l.sheet)) {
            Some(i) => i as u32,
            None => {
                self.sheets.push(l.sheet.clone());
                (self.sheets.len() - 1) as u32
            }
        };
        if let Some(why) = self.rule.refusal(l.month) {
            self.refused
                .entry(l.month)
                .or_insert_with(|| (l.location(), why, 0))
                .2 += 1;
        }
        let (row, col) = l.cell.unwrap_or((u32::MAX, 0));
        self.keys.push(Key {
            unit,
            category,
            month: month_key(l.month),
            sheet,
            row,
            col,
            amount: l.amount,
        });
    }

    /// Every problem found, and the lines' monthly sums.
    pub fn finish(mut self) -> Checked {
        let lines = self.keys.len();
        let mut problems = Problems::default();
        for (_, (at, why, n)) in std::mem::take(&mut self.refused) {
            let (nb, en) = if n > 1 {
                (
                    format!("{} ({n} linjer)", why.nb),
                    format!("{} ({n} lines)", why.en),
                )
            } else {
                (why.nb, why.en)
            };
            problems.add_kind(ProblemKind::BadPeriod, at, nb, en);
        }
        // Sorted by key, lines in reading order within it: the first of
        // each key is the one kept.
        self.keys
            .sort_unstable_by_key(|k| (k.unit, k.month, k.category, k.sheet, k.row, k.col));
        let mut duplicates: Vec<(Key, Key)> = Vec::new();
        let mut first: Option<Key> = None;
        for k in &self.keys {
            match first {
                Some(f) if (f.unit, f.month, f.category) == (k.unit, k.month, k.category) => {
                    if !crate::batch::same_value(Some(f.amount), Some(k.amount)) {
                        duplicates.push((f, *k));
                    }
                    continue;
                }
                _ => first = Some(*k),
            }
            *self.sums.entry((k.unit, k.month)).or_insert(0.0) += k.amount;
        }
        duplicates.sort_unstable_by_key(|(_, k)| (k.sheet, k.row, k.col));
        for (f, k) in duplicates {
            problems.add_kind(
                ProblemKind::Duplicate,
                self.location(&k),
                self.duplicate_text(&f, &k, crate::Lang::Nb),
                self.duplicate_text(&f, &k, crate::Lang::En),
            );
        }
        let accounts = Accounts::from_sums(self.sums.iter().filter_map(|((u, m), v)| {
            Some((
                self.unit_names.get(*u as usize)?.clone(),
                Period::from_key(i64::from(*m))?,
                *v,
            ))
        }));
        Checked {
            problems,
            accounts,
            lines,
        }
    }

    fn location(&self, k: &Key) -> Location {
        let s = self.sheets.get(k.sheet as usize);
        Location {
            file: s.and_then(|s| s.file.clone()),
            sheet: s.and_then(|s| s.sheet.clone()),
            cell: (k.row != u32::MAX).then(|| crate::batch::a1(k.row, k.col)),
            entry: None,
        }
    }

    /// A cell as named next to `here`: with its sheet when it is another.
    fn cell(&self, k: &Key, here: &Key) -> String {
        let cell = if k.row == u32::MAX {
            "?".to_string()
        } else {
            crate::batch::a1(k.row, k.col)
        };
        match self.sheets.get(k.sheet as usize) {
            Some(s) if k.sheet != here.sheet => match &s.sheet {
                Some(name) => format!("{name}!{cell}"),
                None => cell,
            },
            _ => cell,
        }
    }

    fn duplicate_text(&self, first: &Key, k: &Key, lang: crate::Lang) -> String {
        let unit = self
            .unit_names
            .get(k.unit as usize)
            .map(|u| u.to_string())
            .unwrap_or_default();
        let month = Period::from_key(i64::from(k.month))
            .map(|m| m.to_string())
            .unwrap_or_default();
        let category = match self.category_names.get(k.category as usize) {
            Some(c) if !c.is_empty() => format!(" ({c})"),
            _ => String::new(),
        };
        let (at, here) = (self.cell(first, k), self.cell(k, k));
        match lang {
            crate::Lang::Nb => format!(
                "{unit} {month}{category} står to ganger med ulike beløp ({at} og {here}); fjern den ene"
            ),
            crate::Lang::En => format!(
                "{unit} {month}{category} appears twice with different amounts ({at} and {here}); remove one"
            ),
        }
    }
}

/// A month's key, small enough for the checks' 32 bytes (months are years
/// 1–9999).
fn month_key(m: Period) -> i32 {
    i32::try_from(m.to_key()).unwrap_or(i32::MAX)
}
