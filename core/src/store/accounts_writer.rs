//! Account lines written as they stream in: one batch, one transaction,
//! committed only by [`AccountsWriter::finish`] and only when nothing was
//! refused. Lines of a unit and month the store has no lines for are
//! written at once; lines of months already stored wait for the end, where
//! each category is compared with what is stored (an unchanged amount is
//! not written again; a category the file no longer has is revised to
//! zero).
//!
//! ```
//! use std::sync::Arc;
//! use styring_core::economy::{IncomingLine, SheetRef};
//! use styring_core::store::{BatchInfo, Store};
//! let mut store = Store::in_memory().unwrap();
//! let sheet = Arc::new(SheetRef::new("regnskap.xlsx", "Data"));
//! let line = IncomingLine { unit: "tekniske".parse().unwrap(), month: "2025-01".parse().unwrap(),
//!     category: "lønn".into(), amount: 8.0, sheet, cell: Some((1, 2)) };
//! let mut w = store.accounts_writer(&BatchInfo::new("import")).unwrap();
//! w.push(&line).unwrap();
//! let s = w.finish().unwrap();
//! assert_eq!((s.new, s.changed, s.unchanged), (1, 0, 0));
//! assert_eq!(store.account_lines().unwrap()[0].location.cell.as_deref(), Some("C2"));
//! ```

use super::{BatchInfo, BatchSummary, Lock, Store};
use crate::asof::format_instant;
use crate::economy::IncomingLine;
use crate::error::Error;
use crate::ids::UnitId;
use crate::period::Period;
use crate::problem::{Location, Problem, ProblemKind, Problems};
use chrono::Utc;
use rusqlite::params;
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

const INSERT: &str = "INSERT OR IGNORE INTO account_lines (unit, month, category, batch, amount, sheet, cell) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/// The numbers the store's dictionaries give account lines' units,
/// categories and sheets, each name added when new and looked up once.
#[derive(Debug, Default)]
pub(super) struct Names {
    units: HashMap<String, i64>,
    categories: HashMap<String, i64>,
    sheets: HashMap<String, i64>,
}

/// `name`'s id in the dictionary `table` (with its `column`), added if
/// new, remembered in `seen`.
fn dictionary_id(
    seen: &mut HashMap<String, i64>,
    tx: &rusqlite::Connection,
    (table, column): (&str, &str),
    name: &str,
) -> rusqlite::Result<i64> {
    if let Some(id) = seen.get(name) {
        return Ok(*id);
    }
    tx.prepare_cached(&format!(
        "INSERT OR IGNORE INTO {table} ({column}) VALUES (?1)"
    ))?
    .execute([name])?;
    let id = tx
        .prepare_cached(&format!("SELECT id FROM {table} WHERE {column} = ?1"))?
        .query_row([name], |r| r.get(0))?;
    seen.insert(name.to_string(), id);
    Ok(id)
}

impl Names {
    /// A unit's id (the table observations share).
    pub(super) fn unit(&mut self, tx: &rusqlite::Connection, code: &str) -> rusqlite::Result<i64> {
        dictionary_id(&mut self.units, tx, ("units", "code"), code)
    }

    /// A category's id (the empty name for none).
    pub(super) fn category(
        &mut self,
        tx: &rusqlite::Connection,
        name: &str,
    ) -> rusqlite::Result<i64> {
        dictionary_id(
            &mut self.categories,
            tx,
            ("account_categories", "name"),
            name,
        )
    }

    /// A sheet's id, if the line names one.
    pub(super) fn sheet(
        &mut self,
        tx: &rusqlite::Connection,
        name: Option<&str>,
    ) -> rusqlite::Result<Option<i64>> {
        name.map(|n| dictionary_id(&mut self.sheets, tx, ("sheet_names", "name"), n))
            .transpose()
    }
}

/// A batch of account lines being written; see the module.
pub struct AccountsWriter<'s> {
    tx: rusqlite::Transaction<'s>,
    path: String,
    wait: Duration,
    locks: Vec<Lock>,
    batch: i64,
    names: Names,
    /// Whether each (unit, month) seen had lines stored before this batch.
    stored: HashMap<(i64, i64), bool>,
    /// The last unit and sheet looked up, to spare the maps for lines in
    /// order: (unit, its id), (sheet, its id).
    last_unit: Option<(UnitId, i64)>,
    last_sheet: Option<(std::sync::Arc<crate::economy::SheetRef>, Option<i64>)>,
    /// Lines of stored months, compared at the end.
    deferred: Vec<IncomingLine>,
    any_stored: bool,
    written: usize,
    summary: BatchSummary,
    /// Refused months: the first line's place, the lock and how many.
    refused: BTreeMap<Period, (Location, usize, usize)>,
}

impl Store {
    /// Starts a batch of account lines: a write transaction that waits for
    /// other writers as every write does. Nothing is stored until
    /// [`AccountsWriter::finish`]; dropping the writer stores nothing.
    ///
    /// # Errors
    /// [`Error::Busy`] when another program writes longer than the wait;
    /// [`Error::Store`] when the database fails.
    pub fn accounts_writer(&mut self, batch: &BatchInfo) -> Result<AccountsWriter<'_>, Error> {
        let (path, wait) = (self.path.clone(), self.wait);
        let e = |e: rusqlite::Error| super::sql_error(&path, wait, e);
        let actor = batch.actor.as_ref().unwrap_or(&self.actor).clone();
        let (tx, locks) = self.begin_batch()?;
        let any_stored: bool = tx
            .query_row("SELECT EXISTS (SELECT 1 FROM account_lines)", [], |r| {
                r.get(0)
            })
            .map_err(e)?;
        let at = format_instant(batch.recorded_at.unwrap_or_else(Utc::now));
        let id = super::insert_batch(&tx, &at, batch, batch.file.as_deref(), &actor).map_err(e)?;
        Ok(AccountsWriter {
            tx,
            path,
            wait,
            locks,
            batch: id,
            names: Names::default(),
            stored: HashMap::new(),
            last_unit: None,
            last_sheet: None,
            deferred: Vec::new(),
            any_stored,
            written: 0,
            summary: BatchSummary::default(),
            refused: BTreeMap::new(),
        })
    }
}

impl AccountsWriter<'_> {
    fn sql(&self, e: rusqlite::Error) -> Error {
        super::sql_error(&self.path, self.wait, e)
    }

    /// The store's number for `unit`.
    fn unit_id(&mut self, unit: &UnitId) -> Result<i64, Error> {
        if let Some((u, id)) = &self.last_unit {
            if u == unit {
                return Ok(*id);
            }
        }
        let id = self
            .names
            .unit(&self.tx, unit.as_str())
            .map_err(|e| super::sql_error(&self.path, self.wait, e))?;
        self.last_unit = Some((unit.clone(), id));
        Ok(id)
    }

    /// Whether the unit `unit` (its id) had lines for `month` before this
    /// batch.
    fn is_stored(&mut self, unit: i64, month: i64) -> Result<bool, Error> {
        if !self.any_stored {
            return Ok(false);
        }
        if let Some(s) = self.stored.get(&(unit, month)) {
            return Ok(*s);
        }
        let s: bool = self
            .tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM account_lines WHERE unit = ?1 AND month = ?2 AND batch < ?3)",
            )
            .and_then(|mut q| q.query_row(params![unit, month, self.batch], |r| r.get(0)))
            .map_err(|e| self.sql(e))?;
        self.stored.insert((unit, month), s);
        Ok(s)
    }

    /// The lock `month` is in, if any; the refusal is counted.
    fn refuse(&mut self, month: Period, at: impl FnOnce() -> Location) -> bool {
        let Some(i) = self.locks.iter().position(|l| l.period.contains(month)) else {
            return false;
        };
        self.refused.entry(month).or_insert_with(|| (at(), i, 0)).2 += 1;
        true
    }

    fn insert(&mut self, l: &IncomingLine, unit: i64, amount: f64) -> Result<bool, Error> {
        let sheet = match &self.last_sheet {
            Some((s, id)) if std::sync::Arc::ptr_eq(s, &l.sheet) => *id,
            _ => {
                let id = self
                    .names
                    .sheet(&self.tx, l.sheet.sheet.as_deref())
                    .map_err(|e| super::sql_error(&self.path, self.wait, e))?;
                self.last_sheet = Some((l.sheet.clone(), id));
                id
            }
        };
        let category = self
            .names
            .category(&self.tx, &l.category)
            .map_err(|e| super::sql_error(&self.path, self.wait, e))?;
        let n = self
            .tx
            .prepare_cached(INSERT)
            .and_then(|mut q| {
                q.execute(params![
                    unit,
                    l.month.to_key(),
                    category,
                    self.batch,
                    amount,
                    sheet,
                    l.cell_name()
                ])
            })
            .map_err(|e| self.sql(e))?;
        self.written += n;
        Ok(n == 1)
    }

    /// Takes in one line: written now if its unit and month have no
    /// stored lines, else compared at the end. A line whose key this batch
    /// already has is not written again.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn push(&mut self, l: &IncomingLine) -> Result<(), Error> {
        let unit = self.unit_id(&l.unit)?;
        if self.is_stored(unit, l.month.to_key())? {
            self.deferred.push(l.clone());
            return Ok(());
        }
        if self.refuse(l.month, || l.location()) || !self.refused.is_empty() {
            return Ok(());
        }
        if self.insert(l, unit, l.amount)? {
            self.summary.new += 1;
        }
        Ok(())
    }

    /// Compares the lines of stored months with what is stored, writes the
    /// differences, and commits, unless a line falls in a locked period:
    /// then nothing is stored and every locked month is reported.
    ///
    /// # Errors
    /// [`Error::Economy`] with each locked month (its first line, and how
    /// many); [`Error::Store`] or [`Error::Busy`] when the database fails.
    pub fn finish(mut self) -> Result<BatchSummary, Error> {
        let mut deferred = std::mem::take(&mut self.deferred);
        // Grouped by unit and month, the first line of each key kept.
        deferred.sort_by(|a, b| {
            (a.unit.as_str(), a.month.to_key(), &*a.category).cmp(&(
                b.unit.as_str(),
                b.month.to_key(),
                &*b.category,
            ))
        });
        deferred
            .dedup_by(|b, a| a.unit == b.unit && a.month == b.month && a.category == b.category);
        let mut start = 0;
        while start < deferred.len() {
            let head = (&deferred[start].unit, deferred[start].month);
            let end = deferred[start..]
                .iter()
                .position(|l| (&l.unit, l.month) != head)
                .map_or(deferred.len(), |n| start + n);
            self.revise(&deferred[start..end])?;
            start = end;
        }
        if !self.refused.is_empty() {
            let mut problems = Problems::default();
            for (month, (at, lock, n)) in std::mem::take(&mut self.refused) {
                let Some(l) = self.locks.get(lock) else {
                    continue;
                };
                let mut t = l.refusal((
                    &format!("regnskapet for {month}"),
                    &format!("the accounts for {month}"),
                ));
                if n > 1 {
                    t = crate::Text::new(
                        format!("{} ({n} linjer)", t.nb),
                        format!("{} ({n} lines)", t.en),
                    );
                }
                problems.push(Problem::new(at, t.nb, t.en).of_kind(ProblemKind::Locked));
            }
            return Err(Error::Economy(problems));
        }
        let mut summary = self.summary;
        if self.written == 0 {
            // Nothing changed: the batch is not kept either.
            summary.batch = 0;
            return Ok(summary);
        }
        summary.batch = self.batch;
        let (path, wait) = (self.path.clone(), self.wait);
        self.tx
            .commit()
            .map_err(|e| super::sql_error(&path, wait, e))?;
        Ok(summary)
    }

    /// One stored unit and month against its lines in this batch.
    fn revise(&mut self, lines: &[IncomingLine]) -> Result<(), Error> {
        let Some(first) = lines.first() else {
            return Ok(());
        };
        let month = first.month.to_key();
        let unit = self.unit_id(&first.unit)?;
        let current: Vec<(String, f64)> = self
            .tx
            .prepare_cached(
                "SELECT c.name, a.amount FROM account_lines a JOIN account_categories c ON c.id = a.category
                 WHERE a.unit = ?1 AND a.month = ?2
                 AND a.batch = (SELECT max(x.batch) FROM account_lines x
                                WHERE x.unit = a.unit AND x.month = a.month AND x.category = a.category
                                  AND x.batch < ?3)",
            )
            .and_then(|mut q| {
                q.query_map(params![unit, month, self.batch], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect()
            })
            .map_err(|e| self.sql(e))?;
        let stored: HashMap<&str, f64> = current.iter().map(|(c, a)| (c.as_str(), *a)).collect();
        // Each write with what it counts as (none for a revision to zero).
        let mut writes: Vec<(&IncomingLine, f64, Option<bool>)> = Vec::new();
        for l in lines {
            match stored.get(&*l.category) {
                Some(old) if crate::batch::same_value(Some(*old), Some(l.amount)) => {
                    self.summary.unchanged += 1
                }
                Some(_) => writes.push((l, l.amount, Some(false))),
                None => writes.push((l, l.amount, Some(true))),
            }
        }
        // Categories the file no longer has: revised to zero, at no cell.
        let gone: Vec<IncomingLine> = current
            .iter()
            .filter(|(c, a)| *a != 0.0 && !lines.iter().any(|l| &*l.category == c.as_str()))
            .map(|(c, _)| IncomingLine {
                category: c.as_str().into(),
                amount: 0.0,
                cell: None,
                sheet: Default::default(),
                ..first.clone()
            })
            .collect();
        for l in &gone {
            writes.push((l, 0.0, None));
        }
        for (l, amount, new) in writes {
            let entry = || match l.cell {
                Some(_) => l.location(),
                None => Location::entry(format!("{}/{}", l.unit, l.month)),
            };
            if self.refuse(l.month, entry) || !self.refused.is_empty() {
                continue;
            }
            match (self.insert(l, unit, amount)?, new) {
                (true, Some(true)) => self.summary.new += 1,
                (true, Some(false)) => self.summary.changed += 1,
                _ => {}
            }
        }
        Ok(())
    }
}
