//! Writing batches of observations: one transaction per call, one store
//! batch per source file, locked periods refused.

use super::{BatchInfo, BatchSummary, Store};
use crate::asof::format_instant;
use crate::batch::{same_value, Batch, NONE};
use crate::error::Error;
use crate::model::Model;
use crate::observation::{Observation, ObservationInput};
use crate::period::Period;
use crate::problem::{Location, Problems};
use chrono::Utc;
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

/// Rows a batch writes, whatever holds them.
trait Rows {
    fn len(&self) -> usize;
    fn indicator(&self, i: usize) -> &str;
    fn unit(&self, i: usize) -> &str;
    fn period(&self, i: usize) -> Period;
    fn value(&self, i: usize) -> Option<f64>;
    fn comment(&self, i: usize) -> Option<&str>;
    fn file(&self, i: usize) -> Option<&str>;
    fn sheet(&self, i: usize) -> Option<&str>;
    fn cell(&self, i: usize) -> Option<String>;
    fn location(&self, i: usize) -> Location;
}

struct ObservationRows<'a>(&'a [Observation]);

impl Rows for ObservationRows<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn indicator(&self, i: usize) -> &str {
        self.0[i].indicator.as_str()
    }
    fn unit(&self, i: usize) -> &str {
        self.0[i].unit.as_str()
    }
    fn period(&self, i: usize) -> Period {
        self.0[i].period
    }
    fn value(&self, i: usize) -> Option<f64> {
        self.0[i].value
    }
    fn comment(&self, i: usize) -> Option<&str> {
        self.0[i].comment.as_deref()
    }
    fn file(&self, i: usize) -> Option<&str> {
        self.0[i].location.file.as_deref()
    }
    fn sheet(&self, i: usize) -> Option<&str> {
        self.0[i].location.sheet.as_deref()
    }
    fn cell(&self, i: usize) -> Option<String> {
        self.0[i].location.cell.clone()
    }
    fn location(&self, i: usize) -> Location {
        self.0[i].location.clone()
    }
}

struct BatchRows<'a> {
    model: &'a Model,
    batch: &'a Batch,
}

impl Rows for BatchRows<'_> {
    fn len(&self) -> usize {
        self.batch.rows.len()
    }
    fn indicator(&self, i: usize) -> &str {
        self.model.indicators()[self.batch.rows[i].indicator as usize]
            .code
            .as_str()
    }
    fn unit(&self, i: usize) -> &str {
        self.model.units()[self.batch.rows[i].unit as usize]
            .id
            .as_str()
    }
    fn period(&self, i: usize) -> Period {
        self.batch.rows[i].period
    }
    fn value(&self, i: usize) -> Option<f64> {
        self.batch.rows[i].value
    }
    fn comment(&self, i: usize) -> Option<&str> {
        self.batch.rows[i].comment.as_deref()
    }
    fn file(&self, i: usize) -> Option<&str> {
        self.batch
            .files
            .get(self.batch.rows[i].file as usize)
            .map(String::as_str)
    }
    fn sheet(&self, i: usize) -> Option<&str> {
        self.batch
            .sheets
            .get(self.batch.rows[i].sheet as usize)
            .map(String::as_str)
    }
    fn cell(&self, i: usize) -> Option<String> {
        let r = &self.batch.rows[i];
        (r.row != NONE).then(|| crate::batch::a1(r.row, r.col))
    }
    fn location(&self, i: usize) -> Location {
        self.batch.location(&self.batch.rows[i])
    }
}

/// The ids of `codes` in a dictionary table, adding the missing ones.
pub(super) fn dictionary<'a>(
    tx: &rusqlite::Connection,
    table: &str,
    codes: impl Iterator<Item = &'a str>,
) -> rusqlite::Result<HashMap<String, i64>> {
    let mut map: HashMap<String, i64> = HashMap::new();
    {
        let mut q = tx.prepare(&format!("SELECT code, id FROM {table}"))?;
        let mut rows = q.query([])?;
        while let Some(r) = rows.next()? {
            map.insert(r.get(0)?, r.get(1)?);
        }
    }
    let mut ins = tx.prepare(&format!("INSERT INTO {table} (code) VALUES (?1)"))?;
    for c in codes {
        if !map.contains_key(c) {
            ins.execute([c])?;
            map.insert(c.to_string(), tx.last_insert_rowid());
        }
    }
    Ok(map)
}

impl Store {
    /// Validates `inputs` against `model` and records them as one batch.
    ///
    /// # Errors
    /// [`Error::Observations`] listing every problem (unknown keys, wrong
    /// frequency, out-of-range values, conflicting duplicates, locked
    /// periods): then nothing is stored.
    pub fn record(
        &mut self,
        model: &Model,
        inputs: &[ObservationInput],
        batch: &BatchInfo,
    ) -> Result<BatchSummary, Error> {
        let obs = model.validate_batch(inputs).map_err(Error::Observations)?;
        self.record_validated(&obs, batch)
    }

    /// Records observations already validated by
    /// [`Model::validate_batch`] as one batch (all or nothing).
    ///
    /// # Errors
    /// [`Error::Observations`] for changes to locked periods;
    /// [`Error::Store`] when the database fails (then nothing is stored).
    pub fn record_validated(
        &mut self,
        obs: &[Observation],
        batch: &BatchInfo,
    ) -> Result<BatchSummary, Error> {
        let groups = self.record_by_file(obs, batch)?;
        let mut total = BatchSummary::default();
        for (_, s) in &groups {
            total.new += s.new;
            total.changed += s.changed;
            total.unchanged += s.unchanged;
            total.batch = total.batch.max(s.batch);
        }
        Ok(total)
    }

    /// As [`Store::record_validated`], with one batch per source file (the
    /// observations' `location.file`, else the batch's file), all in one
    /// transaction. Returns each file's summary in order of appearance.
    ///
    /// # Errors
    /// As [`Store::record_validated`]; then nothing is stored.
    pub fn record_by_file(
        &mut self,
        obs: &[Observation],
        batch: &BatchInfo,
    ) -> Result<Vec<(Option<String>, BatchSummary)>, Error> {
        self.record_rows(&ObservationRows(obs), batch)
    }

    /// Records a checked [`Batch`] (see [`Model::check_batch`]), one store
    /// batch per file, in one transaction.
    ///
    /// # Errors
    /// As [`Store::record_validated`]; then nothing is stored.
    pub fn record_batch(
        &mut self,
        model: &Model,
        rows: &Batch,
        batch: &BatchInfo,
    ) -> Result<Vec<(Option<String>, BatchSummary)>, Error> {
        self.record_rows(&BatchRows { model, batch: rows }, batch)
    }

    fn record_rows(
        &mut self,
        obs: &dyn Rows,
        batch: &BatchInfo,
    ) -> Result<Vec<(Option<String>, BatchSummary)>, Error> {
        let mut groups: Vec<(Option<String>, BatchSummary)> = Vec::new();
        let mut group_of: Vec<usize> = Vec::with_capacity(obs.len());
        for i in 0..obs.len() {
            let f = obs
                .file(i)
                .map(str::to_string)
                .or_else(|| batch.file.clone());
            let g = match groups.iter().position(|(x, _)| *x == f) {
                Some(g) => g,
                None => {
                    groups.push((f, BatchSummary::default()));
                    groups.len() - 1
                }
            };
            group_of.push(g);
        }
        let (path, wait) = (self.path.clone(), self.wait);
        let e = |e: rusqlite::Error| super::sql_error(&path, wait, e);
        let actor = batch.actor.as_ref().unwrap_or(&self.actor).clone();
        let (tx, locks) = self.begin_batch()?;
        // (observation, indicator id, unit id, period key, group) written.
        let mut write: Vec<(u32, i64, i64, i64, u32)> = Vec::with_capacity(obs.len());
        let mut problems = Problems::default();
        {
            let ind_ids = dictionary(&tx, "indicators", (0..obs.len()).map(|i| obs.indicator(i)))
                .map_err(e)?;
            let unit_ids =
                dictionary(&tx, "units", (0..obs.len()).map(|i| obs.unit(i))).map_err(e)?;
            // What is stored now for the batch's keys: nothing for an empty
            // store; one scan for a big batch; point look-ups otherwise.
            let empty: bool = !tx
                .query_row("SELECT EXISTS (SELECT 1 FROM observations)", [], |r| {
                    r.get(0)
                })
                .map_err(e)?;
            type Current = (Option<f64>, Option<String>);
            let bulk: Option<HashMap<(i64, i64, i64), Current>> = if empty {
                Some(HashMap::new())
            } else if obs.len() > 5_000 {
                let mut ids: Vec<i64> = ind_ids.values().copied().collect();
                ids.sort_unstable();
                let mut map = HashMap::new();
                let mut q = tx
                    .prepare(
                        "SELECT unit, period, value, comment FROM observations WHERE indicator = ?1
                         ORDER BY unit, period, batch",
                    )
                    .map_err(e)?;
                for id in ids {
                    let mut rows = q.query([id]).map_err(e)?;
                    while let Some(r) = rows.next().map_err(e)? {
                        map.insert(
                            (id, r.get(0).map_err(e)?, r.get(1).map_err(e)?),
                            (r.get(2).map_err(e)?, r.get(3).map_err(e)?),
                        );
                    }
                }
                Some(map)
            } else {
                None
            };
            let mut current = tx
                .prepare_cached(
                    "SELECT value, comment FROM observations WHERE indicator = ?1 AND unit = ?2 AND period = ?3
                     ORDER BY batch DESC LIMIT 1",
                )
                .map_err(e)?;
            for i in 0..obs.len() {
                let (code, unit, period) = (obs.indicator(i), obs.unit(i), obs.period(i));
                let key = (ind_ids[code], unit_ids[unit], period.to_key());
                let old: Option<Current> = match &bulk {
                    Some(map) if map.is_empty() => None,
                    Some(map) => map.get(&key).cloned(),
                    None => current
                        .query_row(params![key.0, key.1, key.2], |r| Ok((r.get(0)?, r.get(1)?)))
                        .optional()
                        .map_err(e)?,
                };
                let same = old.as_ref().is_some_and(|(v, c)| {
                    same_value(*v, obs.value(i)) && c.as_deref() == obs.comment(i)
                });
                let summary = &mut groups[group_of[i]].1;
                if same {
                    summary.unchanged += 1;
                    continue;
                }
                if let Some(l) = locks.iter().find(|l| l.period.contains(period)) {
                    let mut loc = obs.location(i);
                    // The place says which value (a cell, or the row and
                    // its key); the message says why.
                    if loc.cell.is_none() && loc.entry.is_none() {
                        loc.entry = Some(format!("rad {}: {code}/{unit}/{period}", i + 1));
                    }
                    let t = l.refusal(("verdier", "values"));
                    problems.push(
                        crate::problem::Problem::new(loc, t.nb, t.en)
                            .of_kind(crate::problem::ProblemKind::Locked),
                    );
                    continue;
                }
                let summary = &mut groups[group_of[i]].1;
                if old.is_some() {
                    summary.changed += 1;
                } else {
                    summary.new += 1;
                }
                write.push((i as u32, key.0, key.1, key.2, group_of[i] as u32));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Observations(problems));
        }
        if write.is_empty() {
            return Ok(groups);
        }
        // Inserting in key order appends to the table's B-tree.
        write.sort_unstable_by_key(|w| (w.1, w.2, w.3));
        let at = format_instant(batch.recorded_at.unwrap_or_else(Utc::now));
        let mut ids: Vec<i64> = Vec::with_capacity(groups.len());
        for (g, (file, summary)) in groups.iter_mut().enumerate() {
            if !write.iter().any(|w| w.4 as usize == g) {
                ids.push(0);
                continue;
            }
            summary.batch =
                super::insert_batch(&tx, &at, batch, file.as_deref(), &actor).map_err(e)?;
            ids.push(summary.batch);
        }
        {
            // Many rows per statement: SQLite's per-statement cost dominates
            // otherwise.
            const ROWS: usize = 64;
            let one = "(?,?,?,?,?,?,?,?)";
            let head = "INSERT INTO observations (indicator, unit, period, batch, value, comment, sheet, cell) VALUES ";
            let mut many = tx
                .prepare_cached(&format!("{head}{}", vec![one; ROWS].join(",")))
                .map_err(e)?;
            let mut single = tx.prepare_cached(&format!("{head}{one}")).map_err(e)?;
            for chunk in write.chunks(ROWS) {
                let cells: Vec<Option<String>> =
                    chunk.iter().map(|w| obs.cell(w.0 as usize)).collect();
                let values: Vec<Option<f64>> =
                    chunk.iter().map(|w| obs.value(w.0 as usize)).collect();
                let comments: Vec<Option<&str>> =
                    chunk.iter().map(|w| obs.comment(w.0 as usize)).collect();
                let sheets: Vec<Option<&str>> =
                    chunk.iter().map(|w| obs.sheet(w.0 as usize)).collect();
                let mut ps: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(chunk.len() * 8);
                for (k, (_, ind, unit, period, g)) in chunk.iter().enumerate() {
                    ps.extend([
                        ind as &dyn rusqlite::ToSql,
                        unit,
                        period,
                        &ids[*g as usize],
                        &values[k],
                        &comments[k],
                        &sheets[k],
                        &cells[k],
                    ]);
                }
                if chunk.len() == ROWS {
                    many.execute(&*ps).map_err(e)?;
                } else {
                    for row in ps.chunks(8) {
                        single.execute(row).map_err(e)?;
                    }
                }
            }
        }
        tx.commit().map_err(e)?;
        Ok(groups)
    }
}
