//! The values in force, column by column, with texts stored once each: the
//! shape a DataFrame wants, read in one pass over the store.

use super::{Revision, Store};
use crate::error::Error;
use crate::period::Period;
use std::collections::HashMap;

/// Texts stored once each, with a code per row (`-1` for none).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Interned {
    /// One code per row: an index into `texts`, or `-1`.
    pub codes: Vec<i32>,
    /// Each distinct text once, in order of first appearance.
    pub texts: Vec<String>,
    index: HashMap<String, i32>,
}

impl Interned {
    /// The code of `text` (adding it when new); `-1` for `None`.
    fn code(&mut self, text: Option<&str>) -> i32 {
        let Some(s) = text else { return -1 };
        if let Some(&c) = self.index.get(s) {
            return c;
        }
        let c = self.texts.len() as i32;
        self.texts.push(s.to_string());
        self.index.insert(s.to_string(), c);
        c
    }

    fn push(&mut self, text: Option<&str>) {
        let c = self.code(text);
        self.codes.push(c);
    }

    fn set_last(&mut self, code: i32) {
        if let Some(last) = self.codes.last_mut() {
            *last = code;
        }
    }

    /// The text of row `row`, if any.
    pub fn get(&self, row: usize) -> Option<&str> {
        let c = *self.codes.get(row)?;
        usize::try_from(c)
            .ok()
            .and_then(|c| self.texts.get(c))
            .map(String::as_str)
    }
}

/// The values in force (the latest version of each key), one entry per
/// row in every column, ordered by indicator, unit and period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CurrentColumns {
    /// Indicator codes; `indicator` indexes into them.
    pub indicators: Vec<String>,
    /// Each row's indicator.
    pub indicator: Vec<i32>,
    /// Unit ids; `unit` indexes into them.
    pub units: Vec<String>,
    /// Each row's unit.
    pub unit: Vec<i32>,
    /// The periods that occur, in time order; `period` indexes into them.
    pub periods: Vec<Period>,
    /// Each row's period.
    pub period: Vec<i32>,
    /// Each row's value (NaN when reported missing).
    pub value: Vec<f64>,
    /// The store batch each row's value came in.
    pub batch: Vec<i64>,
    /// The units' comments.
    pub comment: Interned,
    /// The sheet each value was read from.
    pub sheet: Interned,
    /// The cell each value was read from.
    pub cell: Interned,
    /// When each value was recorded (UTC, ISO 8601).
    pub recorded_at: Interned,
    /// How each value came (`xlsx`, `python`, `json` …).
    pub source: Interned,
    /// The file each value came from.
    pub file: Interned,
}

impl CurrentColumns {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.value.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }
}

/// A batch's recorded_at, source and file.
type BatchText = (Option<String>, Option<String>, Option<String>);

impl Store {
    /// The values in force, column by column (see [`CurrentColumns`]).
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn current_columns(&self) -> Result<CurrentColumns, Error> {
        let err = |e: rusqlite::Error| self.err(e);
        let names = |sql: &str| -> Result<Vec<(i64, String)>, Error> {
            let mut st = self.conn.prepare(sql).map_err(err)?;
            let rows = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(err)?;
            rows.collect::<Result<_, _>>().map_err(err)
        };
        let inds = names("SELECT id, code FROM indicators ORDER BY id")?;
        let units = names("SELECT id, code FROM units ORDER BY id")?;
        let position = |rows: &[(i64, String)]| -> HashMap<i64, i32> {
            rows.iter()
                .enumerate()
                .map(|(k, (id, _))| (*id, k as i32))
                .collect()
        };
        let (ind_pos, unit_pos) = (position(&inds), position(&units));
        let mut batches: HashMap<i64, BatchText> = HashMap::new();
        {
            let mut st = self
                .conn
                .prepare("SELECT id, recorded_at, source, file FROM batches")
                .map_err(err)?;
            let rows = st
                .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))
                .map_err(err)?;
            for row in rows {
                let (id, b) = row.map_err(err)?;
                batches.insert(id, b);
            }
        }
        let mut c = CurrentColumns {
            indicators: inds.into_iter().map(|(_, s)| s).collect(),
            units: units.into_iter().map(|(_, s)| s).collect(),
            ..CurrentColumns::default()
        };
        // Period keys are year × 100 + a small index and batch ids count
        // from 1, so tables find them faster than hashing would.
        let mut period_keys: Vec<i64> = Vec::new();
        let mut period_slot: Vec<i32> = Vec::new();
        let mut batch_codes: Vec<Option<(i32, i32, i32)>> = Vec::new();
        let mut st = self
            .conn
            .prepare(
                "SELECT indicator, unit, period, batch, value, comment, sheet, cell
                 FROM observations ORDER BY indicator, unit, period, batch",
            )
            .map_err(err)?;
        let mut rows = st.query([]).map_err(err)?;
        let mut last: Option<(i64, i64, i64)> = None;
        while let Some(r) = rows.next().map_err(err)? {
            let key: (i64, i64, i64) = (
                r.get(0).map_err(err)?,
                r.get(1).map_err(err)?,
                r.get(2).map_err(err)?,
            );
            let batch: i64 = r.get(3).map_err(err)?;
            let value: Option<f64> = r.get(4).map_err(err)?;
            let text = |i: usize| -> Result<Option<&str>, Error> {
                match r.get_ref(i).map_err(err)? {
                    rusqlite::types::ValueRef::Text(t) => Ok(std::str::from_utf8(t).ok()),
                    _ => Ok(None),
                }
            };
            let (comment, sheet, cell) = (text(5)?, text(6)?, text(7)?);
            let slot = usize::try_from(batch).unwrap_or(0);
            if batch_codes.len() <= slot {
                batch_codes.resize(slot + 1, None);
            }
            let b = match batch_codes[slot] {
                Some(b) => b,
                None => {
                    let (r, s, f) = batches.get(&batch).cloned().unwrap_or_default();
                    let b = (
                        c.recorded_at.code(r.as_deref()),
                        c.source.code(s.as_deref()),
                        c.file.code(f.as_deref()),
                    );
                    batch_codes[slot] = Some(b);
                    b
                }
            };
            // Periods are checked on the way in (years 1900–2200).
            let pslot = usize::try_from(key.2 - 190_000)
                .ok()
                .filter(|s| *s < 40_000)
                .ok_or_else(|| self.err(format!("period key {} is out of range", key.2)))?;
            if period_slot.len() <= pslot {
                period_slot.resize(pslot + 1, -1);
            }
            if period_slot[pslot] < 0 {
                period_keys.push(key.2);
                period_slot[pslot] = (period_keys.len() - 1) as i32;
            }
            let p = period_slot[pslot];
            if last == Some(key) {
                // A later version of the same key replaces the one just read.
                let n = c.value.len() - 1;
                c.value[n] = value.unwrap_or(f64::NAN);
                c.batch[n] = batch;
                let codes = (
                    c.comment.code(comment),
                    c.sheet.code(sheet),
                    c.cell.code(cell),
                );
                c.comment.set_last(codes.0);
                c.sheet.set_last(codes.1);
                c.cell.set_last(codes.2);
                c.recorded_at.set_last(b.0);
                c.source.set_last(b.1);
                c.file.set_last(b.2);
                continue;
            }
            last = Some(key);
            c.indicator.push(ind_pos.get(&key.0).copied().unwrap_or(-1));
            c.unit.push(unit_pos.get(&key.1).copied().unwrap_or(-1));
            c.period.push(p);
            c.value.push(value.unwrap_or(f64::NAN));
            c.batch.push(batch);
            c.comment.push(comment);
            c.sheet.push(sheet);
            c.cell.push(cell);
            c.recorded_at.codes.push(b.0);
            c.source.codes.push(b.1);
            c.file.codes.push(b.2);
        }
        // Periods in time order.
        let mut order: Vec<usize> = (0..period_keys.len()).collect();
        order.sort_by_key(|&k| period_keys[k]);
        let mut remap = vec![0i32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old] = new as i32;
            let p = Period::from_key(period_keys[old]).ok_or_else(|| self.err("bad period key"))?;
            c.periods.push(p);
        }
        for code in &mut c.period {
            *code = remap[*code as usize];
        }
        Ok(c)
    }

    /// Every version of every period of one series, oldest period first
    /// and, within it, oldest version first.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn history(&self, indicator: &str, unit: &str) -> Result<Vec<(Period, Revision)>, Error> {
        let err = |e: rusqlite::Error| self.err(e);
        let keys: Vec<i64> = self
            .conn
            .prepare(
                "SELECT DISTINCT o.period FROM observations o
                 JOIN indicators i ON i.id = o.indicator JOIN units u ON u.id = o.unit
                 WHERE i.code = ?1 AND u.code = ?2 ORDER BY o.period",
            )
            .and_then(|mut s| {
                s.query_map([indicator, unit], |r| r.get(0))?
                    .collect::<Result<_, _>>()
            })
            .map_err(err)?;
        let mut out = Vec::new();
        for p in keys.into_iter().filter_map(Period::from_key) {
            for r in self.revisions(indicator, unit, p)? {
                out.push((p, r));
            }
        }
        Ok(out)
    }

    /// Number of values in force (keys with at least one version).
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn current_len(&self) -> Result<usize, Error> {
        self.conn
            .query_row(
                "SELECT count(*) FROM (SELECT 1 FROM observations GROUP BY indicator, unit, period)",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as usize)
            .map_err(|e| self.err(e))
    }
}
