//! Observations: (indicator, unit, period) → value or missing, with a
//! comment and provenance; validation of a batch against the model; and
//! [`Dataset`], the in-memory view that scorecards are computed from.
//!
//! ```
//! use styring_core::Localized;
//! use styring_core::model::Model;
//! use styring_core::observation::{Dataset, ObservationInput};
//! let model = Model::example();
//! let ok = model.validate_batch(&[ObservationInput::new("M.1.5", "aurvoll", "2025-05", Some(0.04))]).unwrap();
//! let mut data = Dataset::new(&model);
//! data.insert_all(&ok);
//! assert_eq!(data.len(), 1);
//! let bad = model.validate_batch(&[ObservationInput::new("M.15", "aurvoll", "2025-05", Some(2.5))]).unwrap_err();
//! assert_eq!(bad.0[0].render(styring_core::lang::Lang::Nb), "rad 1: ukjent indikator «M.15» — mente du «M.1.5»?");
//! ```

use crate::batch::BatchRow;
use crate::ids::{IndicatorCode, UnitId};
use crate::model::Model;
use crate::period::Period;
use crate::problem::{Location, Problem, ProblemKind, Problems, Suggestion};
use crate::text::Localized;
use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Provenance {
    /// What delivered it: `import`, `demo`, `manual`, `python`, `computed by …`.
    pub source: String,
    /// The file it was read from.
    pub file: Option<String>,
    /// The sheet.
    pub sheet: Option<String>,
    /// The cell (A1).
    pub cell: Option<String>,
}

/// One observation as it arrives, unchecked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ObservationInput {
    /// Indicator code as typed.
    pub indicator: String,
    /// Unit id as typed.
    pub unit: String,
    /// Period as typed (any accepted form).
    pub period: String,
    /// The value (`None` for explicitly missing).
    pub value: Option<f64>,
    /// The unit's comment.
    pub comment: Option<String>,
    /// Where it is in its file (used in messages and kept as provenance).
    pub location: Location,
}

impl ObservationInput {
    /// An input with no comment and no location.
    pub fn new(indicator: &str, unit: &str, period: &str, value: Option<f64>) -> ObservationInput {
        ObservationInput {
            indicator: indicator.to_string(),
            unit: unit.to_string(),
            period: period.to_string(),
            value,
            ..ObservationInput::default()
        }
    }

    /// The same input with a comment.
    pub fn with_comment(mut self, comment: &str) -> ObservationInput {
        self.comment = Some(comment.to_string());
        self
    }
}

/// A validated observation.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// The indicator.
    pub indicator: IndicatorCode,
    /// The service unit.
    pub unit: UnitId,
    /// The period, at the indicator's frequency.
    pub period: Period,
    /// The value, or `None` when reported as missing.
    pub value: Option<f64>,
    /// The unit's comment.
    pub comment: Option<String>,
    /// Sheet and cell it came from, if any.
    pub location: Location,
}

pub use crate::batch::MAX_COMMENT_CHARS;

impl Model {
    /// Checks a batch against the model: known indicator and service unit,
    /// the indicator applies to the unit, the period is at the indicator's
    /// frequency, the value is finite and within the indicator's range, and
    /// no key appears twice with different values. Reports every problem,
    /// in row order.
    ///
    /// # Errors
    /// [`Problems`], one per fault, each with its row or cell.
    pub fn validate_batch(
        &self,
        inputs: &[ObservationInput],
    ) -> Result<Vec<Observation>, Problems> {
        let mut found: Vec<(usize, crate::problem::Problem)> = Vec::new();
        let mut rows: Vec<BatchRow> = Vec::with_capacity(inputs.len());
        let mut from: Vec<usize> = Vec::with_capacity(inputs.len());
        let loc_of = |i: usize| {
            let l = &inputs[i].location;
            if l.cell.is_none() && l.entry.is_none() {
                let mut l = l.clone();
                l.entry = Some(format!("rad {}", i + 1));
                l
            } else {
                l.clone()
            }
        };
        for (i, x) in inputs.iter().enumerate() {
            let mut add = |kind: ProblemKind, Text { nb, en }: Text| {
                found.push((i, Problem::new(loc_of(i), nb, en).of_kind(kind)))
            };
            let ind = self.indicator_index(x.indicator.trim());
            if ind.is_none() {
                let s = Suggestion::closest(
                    &x.indicator,
                    self.indicators().iter().map(|i| i.code.as_str()),
                );
                add(
                    ProblemKind::UnknownIndicator,
                    s.unknown(("indikator", "indicator"), &x.indicator),
                );
            }
            let unit = self.unit_index(x.unit.trim());
            if unit.is_none() {
                let s = Suggestion::closest(&x.unit, self.units().iter().map(|u| u.id.as_str()));
                add(
                    ProblemKind::UnknownUnit,
                    s.unknown(("enhet", "unit"), &x.unit),
                );
            }
            let period = match x.period.parse::<Period>() {
                Ok(p) => Some(p),
                Err(e) => {
                    add(ProblemKind::BadPeriod, e.text());
                    None
                }
            };
            if let (Some(ind), Some(unit), Some(period)) = (ind, unit, period) {
                let mut r = BatchRow::new(ind as u32, unit as u32, period, x.value);
                r.comment = x
                    .comment
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(Box::from);
                rows.push(r);
                from.push(i);
            }
        }
        for (k, p) in self.check_rows(&rows, &|k| loc_of(from[k])) {
            found.push((from[k], p));
        }
        if !found.is_empty() {
            found.sort_by_key(|x| x.0);
            return Err(Problems(found.into_iter().map(|x| x.1).collect()));
        }
        let mut seen = std::collections::HashSet::with_capacity(rows.len());
        Ok(rows
            .into_iter()
            .zip(from)
            .filter(|(r, _)| seen.insert((r.indicator, r.unit, r.period.to_key())))
            .map(|(r, i)| Observation {
                indicator: self.indicators()[r.indicator as usize].code.clone(),
                unit: self.units()[r.unit as usize].id.clone(),
                period: r.period,
                value: r.value,
                comment: r.comment.map(String::from),
                location: inputs[i].location.clone(),
            })
            .collect())
    }
}

/// A point in a series: period key, value (NaN when reported missing),
/// comment index (0 for none).
#[derive(Debug, Clone, Copy)]
struct Point {
    key: i32,
    value: f64,
    comment: u32,
}

/// One value of an indicator for a unit over a period, possibly aggregated.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodValue {
    /// The value.
    pub value: f64,
    /// The period the value is for (the asked period, or the latest
    /// earlier period of a coarser indicator).
    pub period: Period,
    /// How many values went into it.
    pub count: usize,
    /// How many were expected (e.g. 4 months in a tertial).
    pub expected: usize,
}

/// The current values of a store, in memory, indexed for scorecards.
#[derive(Debug, Clone)]
pub struct Dataset {
    units: usize,
    unit_index: HashMap<UnitId, usize>,
    indicator_index: HashMap<IndicatorCode, usize>,
    series: HashMap<u64, Vec<Point>>,
    comments: Vec<String>,
    len: usize,
    /// Computed indicators and the script that computes each.
    computed_by: HashMap<usize, String>,
    /// Computations that failed: series key → (period key, message).
    computed_errors: HashMap<u64, Vec<(i32, String)>>,
    /// KOSTRA's figures: (indicator, year) → the municipality's, the
    /// group's, and a break.
    kostra: HashMap<(usize, i32), crate::kostra::KostraPoint>,
}

impl Dataset {
    /// An empty dataset for `model`.
    pub fn new(model: &Model) -> Dataset {
        Dataset {
            units: model.units().len(),
            unit_index: model
                .units()
                .iter()
                .enumerate()
                .map(|(i, u)| (u.id.clone(), i))
                .collect(),
            indicator_index: model
                .indicators()
                .iter()
                .enumerate()
                .map(|(i, x)| (x.code.clone(), i))
                .collect(),
            series: HashMap::new(),
            comments: vec![String::new()],
            len: 0,
            computed_by: HashMap::new(),
            computed_errors: HashMap::new(),
            kostra: HashMap::new(),
        }
    }

    /// Sets KOSTRA's figures for indicator `ind` in `year` (see
    /// [`crate::kostra::points`]).
    pub fn set_kostra(&mut self, ind: usize, year: i32, point: crate::kostra::KostraPoint) {
        self.kostra.insert((ind, year), point);
    }

    /// KOSTRA's figures for indicator `ind` in `year`, if any.
    pub fn kostra(&self, ind: usize, year: i32) -> Option<&crate::kostra::KostraPoint> {
        self.kostra.get(&(ind, year))
    }

    /// Whether the dataset holds any KOSTRA figures for `ind`.
    pub fn has_kostra(&self, ind: usize) -> bool {
        self.kostra.keys().any(|(i, _)| *i == ind)
    }

    fn key(&self, ind: usize, unit: usize) -> u64 {
        (ind as u64) * (self.units as u64 + 1) + unit as u64
    }

    /// Inserts (or replaces) one value. Unknown indicators or units (not in
    /// the model the dataset was made for) are ignored.
    pub fn insert(
        &mut self,
        indicator: &str,
        unit: &str,
        period: Period,
        value: Option<f64>,
        comment: Option<&str>,
    ) {
        let (Some(&i), Some(&u)) = (
            self.indicator_index.get(indicator),
            self.unit_index.get(unit),
        ) else {
            return;
        };
        let comment = match comment {
            Some(c) if !c.is_empty() => {
                self.comments.push(c.to_string());
                (self.comments.len() - 1) as u32
            }
            _ => 0,
        };
        let p = Point {
            key: period.to_key() as i32,
            value: value.unwrap_or(f64::NAN),
            comment,
        };
        let k = self.key(i, u);
        self.put(k, p);
    }

    /// Puts a point in its place in series `k`, replacing one for the same
    /// period.
    fn put(&mut self, k: u64, p: Point) {
        let s = self.series.entry(k).or_default();
        match s.binary_search_by_key(&p.key, |x| x.key) {
            Ok(pos) => s[pos] = p,
            Err(pos) => {
                s.insert(pos, p);
                self.len += 1;
            }
        }
    }

    /// Inserts validated observations.
    pub fn insert_all(&mut self, obs: &[Observation]) {
        for o in obs {
            self.insert(
                o.indicator.as_str(),
                o.unit.as_str(),
                o.period,
                o.value,
                o.comment.as_deref(),
            );
        }
    }

    /// Appends a value known to be later than any in its series (fast bulk
    /// load from the store, which reads in key order).
    pub(crate) fn push_sorted(
        &mut self,
        ind: usize,
        unit: usize,
        period: Period,
        value: Option<f64>,
        comment: Option<String>,
    ) {
        let comment = match comment {
            Some(c) if !c.is_empty() => {
                self.comments.push(c);
                (self.comments.len() - 1) as u32
            }
            _ => 0,
        };
        let k = self.key(ind, unit);
        let p = Point {
            key: period.to_key() as i32,
            value: value.unwrap_or(f64::NAN),
            comment,
        };
        let s = self.series.entry(k).or_default();
        if s.last().is_some_and(|l| l.key >= p.key) {
            if let Ok(pos) = s.binary_search_by_key(&p.key, |x| x.key) {
                s[pos] = p;
                return;
            }
            let pos = s.partition_point(|x| x.key < p.key);
            s.insert(pos, p);
        } else {
            s.push(p);
        }
        self.len += 1;
    }

    /// Number of stored (indicator, unit, period) entries.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the dataset is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn points(&self, ind: usize, unit: usize) -> &[Point] {
        self.series
            .get(&self.key(ind, unit))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The stored value for exactly this key (`Some(None)` when reported
    /// missing, `None` when never reported).
    pub fn get(&self, ind: usize, unit: usize, period: Period) -> Option<Option<f64>> {
        let s = self.points(ind, unit);
        let k = period.to_key() as i32;
        s.binary_search_by_key(&k, |x| x.key).ok().map(|i| {
            let v = s[i].value;
            if v.is_nan() {
                None
            } else {
                Some(v)
            }
        })
    }

    /// Every stored point of a series, oldest first: (period, value, comment).
    pub fn series(&self, ind: usize, unit: usize) -> Vec<(Period, Option<f64>, Option<&str>)> {
        self.points(ind, unit)
            .iter()
            .filter_map(|p| {
                let period = Period::from_key(p.key as i64)?;
                let v = if p.value.is_nan() {
                    None
                } else {
                    Some(p.value)
                };
                let c = if p.comment == 0 {
                    None
                } else {
                    Some(self.comments[p.comment as usize].as_str())
                };
                Some((period, v, c))
            })
            .collect()
    }

    /// The value of indicator `ind` for service unit `unit` over `period`:
    /// aggregated by the indicator's time aggregation when the indicator is
    /// finer than the period, the value itself when equal, and the latest
    /// value starting on or before the period's end when coarser.
    pub fn value(
        &self,
        model: &Model,
        ind: usize,
        unit: usize,
        period: Period,
    ) -> Option<PeriodValue> {
        let indicator = &model.indicators()[ind];
        let s = self.points(ind, unit);
        if s.is_empty() {
            return None;
        }
        let f = indicator.frequency;
        if f <= period.frequency() {
            let subs = period.subperiods(f);
            let (first, last) = (subs.first()?.to_key() as i32, subs.last()?.to_key() as i32);
            let lo = s.partition_point(|p| p.key < first);
            let hi = s.partition_point(|p| p.key <= last);
            let vals = &s[lo..hi];
            let mut buf = [0f64; 12];
            let mut n = 0;
            for p in vals {
                if !p.value.is_nan() && n < 12 {
                    buf[n] = p.value;
                    n += 1;
                }
            }
            let value = indicator.aggregate_time.apply(&buf[..n])?;
            Some(PeriodValue {
                value,
                period,
                count: n,
                expected: subs.len(),
            })
        } else {
            // Coarser indicator: latest value of a period that starts by
            // the end of the asked period.
            let own = period.coarsen(f)?;
            let k = own.to_key() as i32;
            let hi = s.partition_point(|p| p.key <= k);
            s[..hi]
                .iter()
                .rev()
                .find(|p| !p.value.is_nan())
                .and_then(|p| {
                    Some(PeriodValue {
                        value: p.value,
                        period: Period::from_key(p.key as i64)?,
                        count: 1,
                        expected: 1,
                    })
                })
        }
    }

    /// The latest comment within `period` (or on the coarser period shown).
    pub fn comment(&self, model: &Model, ind: usize, unit: usize, period: Period) -> Option<&str> {
        let s = self.points(ind, unit);
        let (first, last) = span(model, ind, period)?;
        let lo = s.partition_point(|p| p.key < first);
        let hi = s.partition_point(|p| p.key <= last);
        s[lo..hi]
            .iter()
            .rev()
            .find(|p| p.comment != 0)
            .map(|p| self.comments[p.comment as usize].as_str())
    }

    /// Marks indicator `ind` as computed by `script`: every value stored
    /// for it so far is dropped (units do not report computed indicators),
    /// and what [`Dataset::set_computed`] adds carries that provenance.
    pub fn begin_computed(&mut self, ind: usize, script: &str) {
        let units = self.units as u64 + 1;
        let mut dropped = 0;
        self.series.retain(|k, s| {
            let keep = k / units != ind as u64;
            if !keep {
                dropped += s.len();
            }
            keep
        });
        self.len -= dropped;
        self.computed_errors.retain(|k, _| k / units != ind as u64);
        self.computed_by.insert(ind, script.to_string());
    }

    /// Stores a computed value (`None`: the script gave no value).
    pub fn set_computed(&mut self, ind: usize, unit: usize, period: Period, value: Option<f64>) {
        let k = self.key(ind, unit);
        let p = Point {
            key: period.to_key() as i32,
            value: value.unwrap_or(f64::NAN),
            comment: 0,
        };
        self.put(k, p);
    }

    /// Records that computing `ind` for `unit` and `period` failed.
    pub fn set_computed_error(&mut self, ind: usize, unit: usize, period: Period, message: String) {
        let k = self.key(ind, unit);
        self.computed_errors
            .entry(k)
            .or_default()
            .push((period.to_key() as i32, message));
    }

    /// The script that computes indicator `ind`, if it is computed.
    pub fn computed_by(&self, ind: usize) -> Option<&str> {
        self.computed_by.get(&ind).map(String::as_str)
    }

    /// Whether any computation failed.
    pub fn has_computed_errors(&self) -> bool {
        !self.computed_errors.is_empty()
    }

    /// The first failed computation of `ind` for `unit` within `period`
    /// (or the coarser period holding it), if any.
    pub fn computed_error(
        &self,
        model: &Model,
        ind: usize,
        unit: usize,
        period: Period,
    ) -> Option<&str> {
        let errors = self.computed_errors.get(&self.key(ind, unit))?;
        let (first, last) = span(model, ind, period)?;
        errors
            .iter()
            .find(|(k, _)| (first..=last).contains(k))
            .map(|(_, m)| m.as_str())
    }
}

/// The first and last period keys of indicator `ind` that `period` shows:
/// its subperiods at the indicator's frequency, or the coarser period
/// holding it.
fn span(model: &Model, ind: usize, period: Period) -> Option<(i32, i32)> {
    let f = model.indicators()[ind].frequency;
    if f <= period.frequency() {
        let subs = period.subperiods(f);
        Some((subs.first()?.to_key() as i32, subs.last()?.to_key() as i32))
    } else {
        let k = period.coarsen(f)?.to_key() as i32;
        Some((k, k))
    }
}
