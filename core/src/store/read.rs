//! Reading the store: datasets now, as of a time or as reported, every
//! revision of a value, and what was corrected since a time.

use super::{stored_actor, stored_instant, Correction, Revision, Store};
use crate::asof::{format_instant, AsOf};
use crate::error::Error;
use crate::model::Model;
use crate::observation::Dataset;
use crate::period::Period;
use chrono::{DateTime, Utc};
use rusqlite::params;
use std::collections::HashMap;

/// Store id → model index.
type IdMap = HashMap<i64, usize>;

impl Store {
    /// Maps store ids to model indexes for indicators and units.
    fn model_maps(&self, model: &Model) -> Result<(IdMap, IdMap), Error> {
        let mut out = (HashMap::new(), HashMap::new());
        for (table, map) in [("indicators", &mut out.0), ("units", &mut out.1)] {
            let mut q = self
                .conn
                .prepare(&format!("SELECT id, code FROM {table}"))
                .map_err(|e| self.sql(e))?;
            let mut rows = q.query([]).map_err(|e| self.sql(e))?;
            while let Some(r) = rows.next().map_err(|e| self.sql(e))? {
                let id: i64 = r.get(0).map_err(|e| self.sql(e))?;
                let code: String = r.get(1).map_err(|e| self.sql(e))?;
                let ix = if table == "indicators" {
                    model.indicator_index(&code)
                } else {
                    model.unit_index(&code)
                };
                if let Some(ix) = ix {
                    map.insert(id, ix);
                }
            }
        }
        Ok(out)
    }

    fn load(&self, model: &Model, as_of: Option<&str>) -> Result<Dataset, Error> {
        let mut data = Dataset::new(model);
        let (inds, units) = self.model_maps(model)?;
        let sql = match as_of {
            None => "SELECT indicator, unit, period, value, comment FROM observations ORDER BY indicator, unit, period, batch",
            Some(_) => {
                "SELECT o.indicator, o.unit, o.period, o.value, o.comment FROM observations o JOIN batches b ON b.id = o.batch
                 WHERE b.recorded_at <= ?1 ORDER BY o.indicator, o.unit, o.period, o.batch"
            }
        };
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.sql(e))?;
        let mut rows = match as_of {
            None => stmt.query([]),
            Some(t) => stmt.query([t]),
        }
        .map_err(|e| self.sql(e))?;
        while let Some(r) = rows.next().map_err(|e| self.sql(e))? {
            let ind: i64 = r.get(0).map_err(|e| self.sql(e))?;
            let unit: i64 = r.get(1).map_err(|e| self.sql(e))?;
            let (Some(&i), Some(&u)) = (inds.get(&ind), units.get(&unit)) else {
                continue;
            };
            let Some(period) = Period::from_key(r.get(2).map_err(|e| self.sql(e))?) else {
                continue;
            };
            let value: Option<f64> = r.get(3).map_err(|e| self.sql(e))?;
            let comment: Option<String> = r.get(4).map_err(|e| self.sql(e))?;
            data.push_sorted(i, u, period, value, comment);
        }
        Ok(data)
    }

    /// The current values, for scorecards.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn dataset(&self, model: &Model) -> Result<Dataset, Error> {
        self.load(model, None)
    }

    /// The values as they were at `at` (later corrections left out).
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn dataset_as_of(&self, model: &Model, at: DateTime<Utc>) -> Result<Dataset, Error> {
        self.load(model, Some(&format_instant(at)))
    }

    /// The values as reported when `period` was locked.
    ///
    /// # Errors
    /// [`Error::Lock`] when the period has never been locked.
    pub fn dataset_as_reported(&self, model: &Model, period: Period) -> Result<Dataset, Error> {
        let at = self.reported_instant(period)?;
        self.load(model, Some(&format_instant(at)))
    }

    /// The values as of `as_of`: now, at an instant, or as reported.
    ///
    /// # Errors
    /// As [`Store::dataset_as_reported`] and [`Store::dataset`].
    pub fn dataset_at(&self, model: &Model, as_of: &AsOf) -> Result<Dataset, Error> {
        let mut d = match as_of {
            AsOf::Now => self.dataset(model),
            AsOf::At(t) => self.dataset_as_of(model, *t),
            AsOf::Reported(p) => self.dataset_as_reported(model, *p),
        }?;
        // The ledger's indicators, from the plan and the accounts as they
        // stood then.
        if model.indicators().iter().any(|i| i.ledger.is_some()) {
            let at = self.instant(as_of)?;
            for (ind, unit, period, value) in self.ledger_values_at(model, at)? {
                d.set_computed(ind, unit, period, Some(value));
            }
        }
        // KOSTRA's figures for the municipality and its group, as the
        // store held them then.
        if model.indicators().iter().any(|i| i.kostra.is_some()) {
            let at = self.instant(as_of)?;
            let values: Vec<_> = self
                .kostra_values_at(at)?
                .into_iter()
                .map(|s| s.value)
                .collect();
            for (ind, year, point) in crate::kostra::points(model, &values) {
                d.set_kostra(ind, year, point);
            }
        }
        // The register's indicators, from the deviations as they stood
        // then.
        if model.indicators().iter().any(|i| i.register.is_some()) {
            let at = self.instant(as_of)?.unwrap_or_else(chrono::Utc::now);
            let all = self.deviations()?;
            for (ind, unit, period, value) in crate::register::register_values(model, &all, at) {
                d.set_computed(ind, unit, period, Some(value));
            }
        }
        Ok(d)
    }

    /// The instant `as_of` stands for: `None` for now, the lock's time for a
    /// reported period.
    ///
    /// # Errors
    /// [`Error::Lock`] when a period was never locked.
    pub fn instant(&self, as_of: &AsOf) -> Result<Option<DateTime<Utc>>, Error> {
        match as_of {
            AsOf::Now => Ok(None),
            AsOf::At(t) => Ok(Some(*t)),
            AsOf::Reported(p) => self.reported_instant(*p).map(Some),
        }
    }

    /// Every stored version of one key, oldest first.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails or holds a damaged time.
    pub fn revisions(
        &self,
        indicator: &str,
        unit: &str,
        period: Period,
    ) -> Result<Vec<Revision>, Error> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT o.batch, b.recorded_at, o.value, o.comment, b.source, b.file, o.sheet, o.cell, b.actor
                 FROM observations o JOIN batches b ON b.id = o.batch
                    JOIN indicators i ON i.id = o.indicator JOIN units u ON u.id = o.unit
                 WHERE i.code = ?1 AND u.code = ?2 AND o.period = ?3 ORDER BY o.batch",
            )
            .map_err(|e| self.sql(e))?;
        type Raw = (
            i64,
            String,
            Option<f64>,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let rows = stmt
            .query_map(params![indicator, unit, period.to_key()], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ))
            })
            .map_err(|e| self.sql(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (batch, at, value, comment, source, file, sheet, cell, actor): Raw =
                row.map_err(|e| self.sql(e))?;
            out.push(Revision {
                batch,
                recorded_at: stored_instant(&self.path, "batches.recorded_at", &at)?,
                actor: stored_actor(&self.path, "batches.actor", actor)?,
                value,
                comment,
                source,
                file,
                sheet,
                cell,
            });
        }
        Ok(out)
    }

    /// Values changed after `at`: what was reported then, and what is
    /// current now.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn corrections_since(&self, at: DateTime<Utc>) -> Result<Vec<Correction>, Error> {
        let t = format_instant(at);
        let mut stmt = self
            .conn
            .prepare(
                "WITH later AS (
                    SELECT o.indicator, o.unit, o.period, max(o.batch) AS batch, max(b.recorded_at) AS at
                    FROM observations o JOIN batches b ON b.id = o.batch
                    WHERE b.recorded_at > ?1 GROUP BY o.indicator, o.unit, o.period)
                 SELECT i.code, u.code, l.period,
                    (SELECT o.value FROM observations o JOIN batches b ON b.id = o.batch
                     WHERE o.indicator = l.indicator AND o.unit = l.unit AND o.period = l.period AND b.recorded_at <= ?1
                     ORDER BY o.batch DESC LIMIT 1),
                    (SELECT count(*) FROM observations o JOIN batches b ON b.id = o.batch
                     WHERE o.indicator = l.indicator AND o.unit = l.unit AND o.period = l.period AND b.recorded_at <= ?1),
                    (SELECT o.value FROM observations o WHERE o.indicator = l.indicator AND o.unit = l.unit
                     AND o.period = l.period AND o.batch = l.batch),
                    l.at
                 FROM later l JOIN indicators i ON i.id = l.indicator JOIN units u ON u.id = l.unit
                 ORDER BY i.code, u.code, l.period",
            )
            .map_err(|e| self.sql(e))?;
        type Raw = (String, String, i64, Option<f64>, i64, Option<f64>, String);
        let rows = stmt
            .query_map([&t], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })
            .map_err(|e| self.sql(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (indicator, unit, key, reported, before, current, at): Raw =
                row.map_err(|e| self.sql(e))?;
            if before == 0 {
                continue;
            }
            let period = Period::from_key(key).ok_or_else(|| {
                self.err(format!(
                    "period key {key} is out of range; the store is damaged"
                ))
            })?;
            out.push(Correction {
                indicator,
                unit,
                period,
                reported,
                current,
                corrected_at: stored_instant(&self.path, "batches.recorded_at", &at)?,
            });
        }
        Ok(out)
    }

    /// Number of stored revisions.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn revision_count(&self) -> Result<usize, Error> {
        self.conn
            .query_row("SELECT count(*) FROM observations", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n as usize)
            .map_err(|e| self.sql(e))
    }
}
