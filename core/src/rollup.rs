//! Roll-ups that never destroy data: sector and municipality values are
//! always computed from the units' raw values by each indicator's own
//! method, so changing the method changes no stored number.

use crate::indicator::{UnitAggregation, Weight};
use crate::model::Model;
use crate::observation::Dataset;
use crate::period::Period;
use serde::Serialize;

/// A value rolled up from several units.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RolledUp {
    /// The combined value.
    pub value: f64,
    /// Units whose values went in.
    pub units_counted: usize,
    /// Units that report the indicator.
    pub units_expected: usize,
    /// For ratios: the summed numerator.
    pub numerator: Option<f64>,
    /// For ratios: the summed denominator.
    pub denominator: Option<f64>,
}

/// Rolls indicator `ind` up over the service units `units` (indexes into
/// [`Model::units`]) for `period`, by the indicator's unit aggregation.
/// Units the indicator does not apply to are skipped; `None` when no unit
/// has a value.
pub fn roll_up(
    model: &Model,
    data: &Dataset,
    ind: usize,
    units: &[usize],
    period: Period,
) -> Option<RolledUp> {
    let indicator = &model.indicators()[ind];
    let all_units = model.units();
    let applicable: Vec<usize> = units
        .iter()
        .copied()
        .filter(|&u| model.applies(indicator, &all_units[u]))
        .collect();
    let expected = applicable.len();
    let val = |i: usize, u: usize| {
        data.value(model, i, u, period)
            .filter(|v| v.period == period)
            .map(|v| v.value)
    };
    let mut counted = 0usize;
    let result = match &indicator.aggregate_units {
        UnitAggregation::Ratio {
            numerator,
            denominator,
        } => {
            let ni = model.indicator_index(numerator.as_str())?;
            let di = model.indicator_index(denominator.as_str())?;
            let (mut n, mut d) = (0.0, 0.0);
            for &u in &applicable {
                if let (Some(a), Some(b)) = (val(ni, u), val(di, u)) {
                    n += a;
                    d += b;
                    counted += 1;
                }
            }
            if counted == 0 || d == 0.0 {
                // Fall back to the units' own values when the parts are missing.
                return plain(model, data, ind, &applicable, period);
            }
            return Some(RolledUp {
                value: n / d,
                units_counted: counted,
                units_expected: expected,
                numerator: Some(n),
                denominator: Some(d),
            });
        }
        UnitAggregation::WeightedMean(weight) => {
            let wi = match weight {
                Weight::Fte => None,
                Weight::Indicator(c) => Some(model.indicator_index(c.as_str())?),
            };
            let (mut s, mut w) = (0.0, 0.0);
            for &u in &applicable {
                let Some(v) = val(ind, u) else { continue };
                let wt = match wi {
                    None => all_units[u].fte,
                    Some(wi) => match val(wi, u) {
                        Some(x) => x,
                        None => continue,
                    },
                };
                s += v * wt;
                w += wt;
                counted += 1;
            }
            if counted == 0 {
                return None;
            }
            if w <= 0.0 {
                return plain(model, data, ind, &applicable, period);
            }
            s / w
        }
        _ => return plain(model, data, ind, &applicable, period),
    };
    Some(RolledUp {
        value: result,
        units_counted: counted,
        units_expected: expected,
        numerator: None,
        denominator: None,
    })
}

fn plain(
    model: &Model,
    data: &Dataset,
    ind: usize,
    applicable: &[usize],
    period: Period,
) -> Option<RolledUp> {
    let indicator = &model.indicators()[ind];
    let vals: Vec<f64> = applicable
        .iter()
        .filter_map(|&u| {
            data.value(model, ind, u, period)
                .filter(|v| v.period == period)
                .map(|v| v.value)
        })
        .collect();
    if vals.is_empty() {
        return None;
    }
    let n = vals.len() as f64;
    let value = match indicator.aggregate_units {
        UnitAggregation::Sum => vals.iter().sum(),
        UnitAggregation::Min => vals.iter().copied().fold(f64::MAX, f64::min),
        UnitAggregation::Max => vals.iter().copied().fold(f64::MIN, f64::max),
        _ => vals.iter().sum::<f64>() / n,
    };
    Some(RolledUp {
        value,
        units_counted: vals.len(),
        units_expected: applicable.len(),
        numerator: None,
        denominator: None,
    })
}
