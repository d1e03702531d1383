//! The deviation register as indicators: an indicator with `register =
//! "deviations_per_10_fte"` (or another figure) gets its values from the
//! deviations, per service unit and period, for scorecards and rules like
//! any other value — counted from the register, never typed.

use super::deviation::Deviation;
use super::statistics::{stats_of, Facts};
use crate::model::Model;
use crate::period::Period;
use chrono::{DateTime, Datelike, Utc};

crate::keyword::keyword_enum! {
    /// What an indicator fed from the deviation register shows.
    pub enum RegisterFigure {
        /// Deviations registered in the period.
        Deviations = "deviations" | "avvik",
        /// Deviations per 10 FTEs (årsverk).
        DeviationsPer10Fte = "deviations_per_10_fte",
        /// The share of decided deviations closed by their deadline (a
        /// fraction).
        ClosedInTime = "deviations_closed_in_time",
        /// The median days from registration to closure.
        DaysToClose = "deviation_days_to_close",
        /// Deviations open past their deadline at the period's end.
        OpenPastDeadline = "deviations_open_past_deadline",
    }
}

/// Every register indicator's value for every service unit and period from
/// the first deviation's to `now`'s: (indicator index, unit index, period,
/// value). A figure with no value (no FTEs, nothing decided or closed) is
/// left out, so it shows as missing.
pub fn register_values(
    model: &Model,
    deviations: &[Deviation],
    now: DateTime<Utc>,
) -> Vec<(usize, usize, Period, f64)> {
    let mut out = Vec::new();
    let Some(first) = deviations.iter().map(Deviation::registered).min() else {
        return out;
    };
    // Each unit's deviations, grouped once and in the order registered,
    // so that a period reads only those registered by its end.
    let mut by_unit: std::collections::HashMap<&str, Vec<Facts>> = Default::default();
    for d in deviations {
        by_unit
            .entry(d.report.unit.as_str())
            .or_default()
            .push(Facts::of(d));
    }
    for list in by_unit.values_mut() {
        list.sort_by_key(|d| d.registered);
    }
    // The statistics of a unit and period, computed once for every figure.
    let mut stats: std::collections::HashMap<(usize, Period), super::statistics::DeviationStats> =
        Default::default();
    for (i, ind) in model.indicators().iter().enumerate() {
        let Some(figure) = ind.register else {
            continue;
        };
        for year in first.year()..=now.year() {
            let Ok(y) = Period::year(year) else { continue };
            for p in y.subperiods(ind.frequency) {
                if p.start() > now.date_naive() {
                    continue;
                }
                for (u, unit) in model.units().iter().enumerate() {
                    if model.is_sector(unit.id.as_str()) || !model.applies(ind, unit) {
                        continue;
                    }
                    let s = stats.entry((u, p)).or_insert_with(|| {
                        let own = by_unit
                            .get(unit.id.as_str())
                            .map(Vec::as_slice)
                            .unwrap_or(&[]);
                        let end = super::statistics::cutoff(p, now);
                        let upto = own.partition_point(|d| d.registered <= end);
                        stats_of(own.get(..upto).unwrap_or(&[]), p, unit.fte, now)
                    });
                    let v = match figure {
                        RegisterFigure::Deviations => Some(s.count as f64),
                        RegisterFigure::DeviationsPer10Fte => s.per_10_fte,
                        RegisterFigure::ClosedInTime => s.closed_in_time,
                        RegisterFigure::DaysToClose => s.median_days_to_close,
                        RegisterFigure::OpenPastDeadline => Some(s.open_past_deadline as f64),
                    };
                    if let Some(v) = v {
                        out.push((i, u, p, v));
                    }
                }
            }
        }
    }
    out
}
