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

/// A batch of account lines being written; see the module.
pub struct AccountsWriter<'s> {
    tx: rusqlite::Transaction<'s>,
    path: String,
    wait: Duration,
    locks: Vec<Lock>,
    batch: i64,
    /// Whether each (unit, month) seen had lines stored before this batch.
    stored: HashMap<(UnitId, i64), bool>,
    /// The last group looked up, to spare the map for lines in order.
    last: Option<((UnitId, i64), bool)>,
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
            stored: HashMap::new(),
            last: None,
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

    /// Whether `unit` had lines for `month` before this batch.
    fn is_stored(&mut self, unit: &UnitId, month: i64) -> Result<bool, Error> {
        if !self.any_stored {
            return Ok(false);
        }
        if let Some(((u, m), s)) = &self.last {
            if u == unit && *m == month {
                return Ok(*s);
            }
        }
        let key = (unit.clone(), month);
        let stored = match self.stored.get(&key) {
            Some(s) => *s,
            None => {
                let s: bool = self
                    .tx
                    .prepare_cached(
                        "SELECT EXISTS (SELECT 1 FROM account_lines WHERE unit = ?1 AND month = ?2 AND batch < ?3)",
                    )
                    .and_then(|mut q| {
                        q.query_row(params![unit.as_str(), month, self.batch], |r| r.get(0))
                    })
                    .map_err(|e| self.sql(e))?;
                self.stored.insert(key.clone(), s);
                s
            }
        };
        self.last = Some((key, stored));
        Ok(stored)
    }

    /// The lock `month` is in, if any; the refusal is counted.
    fn refuse(&mut self, month: Period, at: impl FnOnce() -> Location) -> bool {
        let Some(i) = self.locks.iter().position(|l| l.period.contains(month)) else {
            return false;
        };
        self.refused.entry(month).or_insert_with(|| (at(), i, 0)).2 += 1;
        true
    }

    fn insert(&mut self, l: &IncomingLine, amount: f64) -> Result<bool, Error> {
        let n = self
            .tx
            .prepare_cached(INSERT)
            .and_then(|mut q| {
                q.execute(params![
                    l.unit.as_str(),
                    l.month.to_key(),
                    &*l.category,
                    self.batch,
                    amount,
                    l.sheet.sheet.as_deref(),
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
        let month = l.month.to_key();
        if self.is_stored(&l.unit, month)? {
            self.deferred.push(l.clone());
            return Ok(());
        }
        if self.refuse(l.month, || l.location()) || !self.refused.is_empty() {
            return Ok(());
        }
        if self.insert(l, l.amount)? {
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
        let current: Vec<(String, f64)> = self
            .tx
            .prepare_cached(
                "SELECT a.category, a.amount FROM account_lines a WHERE a.unit = ?1 AND a.month = ?2
                 AND a.batch = (SELECT max(x.batch) FROM account_lines x
                                WHERE x.unit = a.unit AND x.month = a.month AND x.category = a.category
                                  AND x.batch < ?3)",
            )
            .and_then(|mut q| {
                q.query_map(params![first.unit.as_str(), month, self.batch], |r| {
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
            match (self.insert(l, amount)?, new) {
                (true, Some(true)) => self.summary.new += 1,
                (true, Some(false)) => self.summary.changed += 1,
                _ => {}
            }
        }
        Ok(())
    }
}
