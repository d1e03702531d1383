//! `[[targets]]`: the ambition for an indicator — a value or a range, for a
//! year or a period, for the whole municipality or one unit.

use super::indicators::Indicators;
use super::units::Units;
use super::Ctx;
use crate::ids::UnitId;
use crate::lang::Lang;
use crate::period::{check_year, Period};
use crate::problem::ProblemKind;
use crate::target::{Target, TargetValue, TargetWhen};
use crate::text::Localized;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// One `[[targets]]` entry as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTarget {
    indicator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    year: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    period: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max: Option<f64>,
}

/// Checks the section against the indicators and units: a known
/// indicator, a year or a period, a known unit if any, a value or a range
/// inside the indicator's valid range, and one target per indicator, time
/// and unit. A target of an indicator that has problems of its own is
/// skipped without more.
pub(super) fn check(
    ctx: &mut Ctx,
    raw: &[RawTarget],
    indicators: &Indicators,
    units: &Units,
) -> Vec<Target> {
    let mut targets = Vec::new();
    let mut seen = HashSet::new();
    for (i, t) in raw.iter().enumerate() {
        let entry = format!("targets[{i}] ({})", t.indicator);
        let Some(ind) = indicators.find(&t.indicator) else {
            if !indicators.is_written(&t.indicator) {
                ctx.unknown(
                    &entry,
                    ("indikator", "indicator"),
                    &t.indicator,
                    indicators.codes(),
                );
            }
            continue;
        };
        let when = when(ctx, &entry, t);
        let unit = match &t.unit {
            None => Some(None),
            Some(u) => match UnitId::new(u) {
                Ok(uid) if units.contains(&uid) => Some(Some(uid)),
                _ => {
                    ctx.unknown(&entry, ("enhet", "unit"), u, units.ids());
                    None
                }
            },
        };
        let value = value(ctx, &entry, t);
        if let Some(v) = value {
            let min = match v {
                TargetValue::Range { min, .. } => min,
                TargetValue::Value(x) => x,
            };
            let max = match v {
                TargetValue::Range { max, .. } => max,
                TargetValue::Value(x) => x,
            };
            if let Some(x) = [v.midpoint(), min, max]
                .into_iter()
                .find(|&x| ind.measure.check(x).is_err())
            {
                ctx.add(
                    ProblemKind::OutOfRange,
                    &entry,
                    format!(
                        "målet {} er utenfor gyldig område for {}",
                        ind.measure.format(x, Lang::Nb),
                        ind.code
                    ),
                    format!(
                        "target {} is outside the valid range of {}",
                        ind.measure.format(x, Lang::En),
                        ind.code
                    ),
                );
            }
        }
        let (Some(when), Some(unit), Some(value)) = (when, unit, value) else {
            continue;
        };
        if !seen.insert((ind.code.clone(), when, unit.clone())) {
            ctx.add(
                ProblemKind::Duplicate,
                &entry,
                "det finnes allerede et mål for samme indikator, tid og enhet",
                "a target for the same indicator, time and unit already exists",
            );
            continue;
        }
        targets.push(Target {
            indicator: ind.code.clone(),
            when,
            unit,
            value,
        });
    }
    targets
}

/// `year` or `period`, exactly one of them.
fn when(ctx: &mut Ctx, entry: &str, t: &RawTarget) -> Option<TargetWhen> {
    match (t.year, &t.period) {
        (Some(y), None) => match check_year(y) {
            Ok(y) => Some(TargetWhen::Year(y)),
            Err(e) => {
                ctx.add(
                    ProblemKind::BadPeriod,
                    entry,
                    e.render(Lang::Nb),
                    e.render(Lang::En),
                );
                None
            }
        },
        (None, Some(p)) => match p.parse::<Period>() {
            Ok(p) => Some(TargetWhen::Period(p)),
            Err(e) => {
                ctx.add(
                    ProblemKind::BadPeriod,
                    entry,
                    e.render(Lang::Nb),
                    e.render(Lang::En),
                );
                None
            }
        },
        (year, period) => {
            let kind = if year.is_none() && period.is_none() {
                ProblemKind::Missing
            } else {
                ProblemKind::Invalid
            };
            ctx.add(
                kind,
                entry,
                "oppgi enten year eller period (ikke begge)",
                "give either year or period (not both)",
            );
            None
        }
    }
}

/// `value`, or both `min` and `max` (not above each other), as finite
/// numbers.
fn value(ctx: &mut Ctx, entry: &str, t: &RawTarget) -> Option<TargetValue> {
    match (t.value, t.min, t.max) {
        (Some(v), None, None) if v.is_finite() => Some(TargetValue::Value(v)),
        (None, Some(a), Some(b)) if a.is_finite() && b.is_finite() && a <= b => {
            Some(TargetValue::Range { min: a, max: b })
        }
        (None, Some(a), Some(b)) if a > b => {
            ctx.add(
                ProblemKind::Invalid,
                entry,
                format!("min ({a}) er større enn max ({b})"),
                format!("min ({a}) is greater than max ({b})"),
            );
            None
        }
        (value, min, max) => {
            let kind = if value.is_none() && (min.is_none() || max.is_none()) {
                ProblemKind::Missing
            } else {
                ProblemKind::Invalid
            };
            ctx.add(
                kind,
                entry,
                "oppgi enten value eller både min og max, som endelige tall",
                "give either value, or both min and max, as finite numbers",
            );
            None
        }
    }
}

/// The save form.
pub(super) fn save(targets: &[Target]) -> Vec<RawTarget> {
    targets
        .iter()
        .map(|t| {
            let (year, period) = match t.when {
                TargetWhen::Year(y) => (Some(y as i64), None),
                TargetWhen::Period(p) => (None, Some(p.to_string())),
            };
            let (value, min, max) = match t.value {
                TargetValue::Value(v) => (Some(v), None, None),
                TargetValue::Range { min, max } => (None, Some(min), Some(max)),
            };
            RawTarget {
                indicator: t.indicator.to_string(),
                year,
                period,
                unit: t.unit.as_ref().map(|u| u.to_string()),
                value,
                min,
                max,
            }
        })
        .collect()
}
