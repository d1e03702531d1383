//! Targets (ambisjonsnivå / resultatmål): the value to reach for an
//! indicator in a year or period, for all units or one unit.
//!
//! When several targets match, the most specific wins: a unit's own target
//! beats one for all units, and a target for a tertial or month beats one
//! for the whole year.
//!
//! ```
//! use styring_core::target::{Target, TargetValue, Targets, TargetWhen};
//! use styring_core::period::Period;
//! let code: styring_core::ids::IndicatorCode = "M.1.5".parse().unwrap();
//! let aurvoll: styring_core::ids::UnitId = "aurvoll".parse().unwrap();
//! let targets = Targets::new(vec![
//!     Target { indicator: code.clone(), when: TargetWhen::Year(2025), unit: None, value: TargetValue::Value(0.05) },
//!     Target { indicator: code.clone(), when: TargetWhen::Year(2025), unit: Some(aurvoll.clone()), value: TargetValue::Value(0.04) },
//! ]);
//! let t2: Period = "2025-T2".parse().unwrap();
//! assert_eq!(targets.find(&code, Some(&aurvoll), t2).unwrap().value, TargetValue::Value(0.04));
//! assert_eq!(targets.find(&code, None, t2).unwrap().value, TargetValue::Value(0.05));
//! assert!(targets.find(&code, None, "2030".parse().unwrap()).is_none());
//! ```

use crate::ids::{IndicatorCode, UnitId};
use crate::period::Period;
use std::collections::HashMap;

/// What a target asks for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TargetValue {
    /// Reach this value (at least, at most, or about, by direction).
    Value(f64),
    /// Stay within `min..=max`.
    Range {
        /// Lower bound (inclusive).
        min: f64,
        /// Upper bound (inclusive).
        max: f64,
    },
}

impl TargetValue {
    /// The single value, or the middle of the range.
    pub fn midpoint(self) -> f64 {
        match self {
            TargetValue::Value(v) => v,
            TargetValue::Range { min, max } => (min + max) / 2.0,
        }
    }
}

/// When a target applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetWhen {
    /// A whole year (and every period in it).
    Year(i32),
    /// One period (and the periods inside it).
    Period(Period),
}

impl TargetWhen {
    fn period(self) -> Option<Period> {
        match self {
            TargetWhen::Year(y) => Period::year(y).ok(),
            TargetWhen::Period(p) => Some(p),
        }
    }
}

/// One target.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The indicator it is for.
    pub indicator: IndicatorCode,
    /// The year or period.
    pub when: TargetWhen,
    /// One unit (or sector), or `None` for every unit and the municipality.
    pub unit: Option<UnitId>,
    /// The value or range.
    pub value: TargetValue,
}

/// All targets of a model, indexed for lookup.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    all: Vec<Target>,
    by_indicator: HashMap<IndicatorCode, Vec<usize>>,
}

impl Targets {
    /// Indexes `targets`.
    pub fn new(targets: Vec<Target>) -> Targets {
        let mut by_indicator: HashMap<IndicatorCode, Vec<usize>> = HashMap::new();
        for (i, t) in targets.iter().enumerate() {
            by_indicator.entry(t.indicator.clone()).or_default().push(i);
        }
        Targets {
            all: targets,
            by_indicator,
        }
    }

    /// Every target, in model order.
    pub fn all(&self) -> &[Target] {
        &self.all
    }

    /// The most specific target for `indicator` at `unit` (`None` for the
    /// municipality) in `period`.
    pub fn find(
        &self,
        indicator: &IndicatorCode,
        unit: Option<&UnitId>,
        period: Period,
    ) -> Option<&Target> {
        let idx = self.by_indicator.get(indicator)?;
        let mut best: Option<(u8, std::cmp::Reverse<crate::period::Frequency>, &Target)> = None;
        for &i in idx {
            let t = &self.all[i];
            let unit_rank = match (&t.unit, unit) {
                (None, _) => 0,
                (Some(a), Some(b)) if a == b => 1,
                _ => continue,
            };
            let Some(tp) = t.when.period() else { continue };
            if !tp.contains(period) {
                continue;
            }
            let key = (unit_rank, std::cmp::Reverse(tp.frequency()));
            if best.as_ref().is_none_or(|(r, f, _)| key > (*r, *f)) {
                best = Some((key.0, key.1, t));
            }
        }
        best.map(|(_, _, t)| t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_target_beats_year_target_and_unit_beats_all() {
        let code = IndicatorCode::new("M.1.5").unwrap();
        let u = UnitId::new("solvang").unwrap();
        let t = |when, unit: Option<UnitId>, v| Target {
            indicator: code.clone(),
            when,
            unit,
            value: TargetValue::Value(v),
        };
        let t2: Period = "2025-T2".parse().unwrap();
        let targets = Targets::new(vec![
            t(TargetWhen::Year(2025), None, 1.0),
            t(TargetWhen::Period(t2), None, 2.0),
            t(TargetWhen::Year(2025), Some(u.clone()), 3.0),
            t(TargetWhen::Year(2026), None, 4.0),
        ]);
        let v = |unit: Option<&UnitId>, p: &str| {
            targets
                .find(&code, unit, p.parse().unwrap())
                .map(|t| t.value.midpoint())
        };
        assert_eq!(v(None, "2025-T2"), Some(2.0));
        assert_eq!(v(None, "2025-06"), Some(2.0));
        assert_eq!(v(None, "2025-T1"), Some(1.0));
        assert_eq!(v(Some(&u), "2025-T2"), Some(3.0));
        assert_eq!(v(None, "2026-03"), Some(4.0));
        assert_eq!(v(None, "2027"), None);
        // A year target does not apply to a period that is not inside it.
        assert_eq!(v(None, "2025"), Some(1.0));
    }
}
