//! The deviation statistics a scorecard reads as indicators, per unit and
//! period: how many were registered, per 10 FTEs (årsverk), the share of
//! the decided ones closed within their deadline, the median days to
//! close, and how many were open past their deadline when the period
//! ended. Reporters are never counted by name; only the records are.
//!
//! Everything is judged as it stood at the period's end (or now, for a
//! period not yet over): a deviation closed later is open in that period's
//! figures, as the report to the council said at the time.

use super::deviation::{Deviation, DeviationState};
use crate::period::Period;
use chrono::{DateTime, Utc};

/// One unit's (or several units') deviation statistics for one period.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviationStats {
    /// Deviations registered in the period.
    pub count: usize,
    /// `count` per 10 FTEs, if the units have any FTEs.
    pub per_10_fte: Option<f64>,
    /// Of the period's deviations whose outcome was decided at its end
    /// (closed, or open past the deadline), the share closed by their
    /// deadline; `None` when none was decided.
    pub closed_in_time: Option<f64>,
    /// The median days from registration to closure of the period's
    /// deviations closed by its end; `None` when none was.
    pub median_days_to_close: Option<f64>,
    /// Deviations (registered in the period or before) open past their
    /// deadline at its end.
    pub open_past_deadline: usize,
}

/// The last moment of `period`, or `now` if that is earlier.
pub fn cutoff(period: Period, now: DateTime<Utc>) -> DateTime<Utc> {
    crate::asof::end_of_day(period.end()).min(now)
}

/// The statistics of `deviations` (of the units with `fte` FTEs together)
/// for `period`, as they stood at its end or at `now`.
///
/// ```
/// use styring_core::register::{deviation_stats, Deviation, DeviationReport, DeviationState, Risk, RiskMatrix};
/// let at = |s: &str| s.parse().unwrap();
/// let kari = "kari".parse().unwrap();
/// let report = DeviationReport { unit: "aurvoll".parse().unwrap(), category: "HMS".into(),
///     description: "Fall i trapp".into(), happened: at("2025-05-02T08:00:00Z"),
///     risk: Risk::new(1, 1).unwrap(), duty: None, deadline: None };
/// let d = Deviation::register("A-1", report, at("2025-05-02T09:00:00Z"), &kari, &RiskMatrix::default()).unwrap();
/// let s = deviation_stats([&d], "2025-05".parse().unwrap(), 40.0, at("2025-12-01T00:00:00Z"));
/// assert_eq!((s.count, s.per_10_fte, s.open_past_deadline), (1, Some(0.25), 0));
/// ```
pub fn deviation_stats<'a>(
    deviations: impl IntoIterator<Item = &'a Deviation>,
    period: Period,
    fte: f64,
    now: DateTime<Utc>,
) -> DeviationStats {
    let facts: Vec<Facts> = deviations.into_iter().map(Facts::of).collect();
    stats_of(&facts, period, fte, now)
}

/// What the statistics need of one deviation, kept small and in one
/// place so that many periods can be counted quickly
/// ([`super::register_values`]).
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    /// When it was registered.
    pub(crate) registered: DateTime<Utc>,
    deadline: DateTime<Utc>,
    /// Each time it was closed, and when it was reopened after.
    closings: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)>,
}

impl Facts {
    pub(crate) fn of(d: &Deviation) -> Facts {
        let mut closings: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = Vec::new();
        for s in d.history.steps() {
            match (s.state, closings.last_mut()) {
                (DeviationState::Lukket, _) => closings.push((s.at, None)),
                (_, Some((_, reopened @ None))) => *reopened = Some(s.at),
                _ => {}
            }
        }
        Facts {
            registered: d.registered(),
            deadline: d.deadline,
            closings,
        }
    }

    /// When it was closed, if it was closed at `t` (the step that put it
    /// in the state it was in then).
    fn closed_at(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.closings
            .iter()
            .rev()
            .find(|(c, _)| *c <= t)
            .filter(|(_, reopened)| reopened.is_none_or(|r| r > t))
            .map(|(c, _)| *c)
    }
}

/// The statistics of the deviations described by `facts`; the one
/// counting rule behind [`deviation_stats`].
pub(crate) fn stats_of(
    facts: &[Facts],
    period: Period,
    fte: f64,
    now: DateTime<Utc>,
) -> DeviationStats {
    let end = cutoff(period, now);
    let from = period.start().and_time(chrono::NaiveTime::MIN).and_utc();
    let mut count = 0;
    let (mut decided, mut in_time) = (0usize, 0usize);
    let mut days: Vec<f64> = Vec::new();
    let mut open_past = 0;
    for d in facts {
        let registered = d.registered;
        if registered > end {
            continue;
        }
        let closed = d.closed_at(end);
        let overdue = closed.is_none() && end > d.deadline;
        open_past += usize::from(overdue);
        // Registered in the period: from its first day to its last (the
        // cut-off, when the period is not over yet).
        if registered < from {
            continue;
        }
        count += 1;
        if let Some(c) = closed {
            decided += 1;
            in_time += usize::from(c <= d.deadline);
            days.push((c - registered).num_seconds() as f64 / 86_400.0);
        } else if overdue {
            decided += 1;
        }
    }
    days.sort_by(f64::total_cmp);
    let median = match days.len() {
        0 => None,
        n if n % 2 == 1 => days.get(n / 2).copied(),
        n => match (days.get(n / 2 - 1), days.get(n / 2)) {
            (Some(a), Some(b)) => Some((a + b) / 2.0),
            _ => None,
        },
    };
    DeviationStats {
        count,
        per_10_fte: (fte > 0.0).then(|| count as f64 / fte * 10.0),
        closed_in_time: (decided > 0).then(|| in_time as f64 / decided as f64),
        median_days_to_close: median,
        open_past_deadline: open_past,
    }
}
