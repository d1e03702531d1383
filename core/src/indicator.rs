//! Indicators (styringsindikatorer): what is measured, how it is shown,
//! which way is better, how often, and how it rolls up.
//!
//! ```
//! use styring_core::indicator::{Measure, MeasureKind};
//! use styring_core::lang::Lang;
//! let pct = Measure::new(MeasureKind::Percent, 1);
//! assert_eq!(pct.format(0.053, Lang::Nb), "5,3 %");
//! assert_eq!(pct.format(0.053, Lang::En), "5.3%");
//! assert!(pct.check(2.5).is_err()); // 250 % is not a share
//! ```

use crate::ids::{FocusAreaId, IndicatorCode, UnitId, UnitKind};
use crate::lang::{format_number, Lang};
use crate::period::Frequency;
use crate::rule::{Rule, ScriptSource};
use serde::{Deserialize, Serialize};

crate::keyword::keyword_enum! {
    /// The kind of quantity an indicator measures.
    pub enum MeasureKind {
        /// A plain number.
        Number = "number",
        /// A share, stored as a fraction (0.053) and shown as `5,3 %`.
        Percent = "percent",
        /// A survey score (e.g. 1–5).
        Score = "score",
        /// Norwegian kroner.
        Nok = "nok",
        /// A count (never negative).
        Count = "count",
    }
}

/// How an indicator's values are measured and shown: kind, decimals and
/// the range a value may take.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    /// The kind of quantity.
    pub kind: MeasureKind,
    /// Decimals shown (in display units: percent points for percents).
    pub decimals: u8,
    /// Smallest valid value (stored units), if any.
    pub min: Option<f64>,
    /// Largest valid value (stored units), if any.
    pub max: Option<f64>,
}

/// A value outside its indicator's valid range.
#[derive(Debug, Clone, PartialEq)]
pub struct OutOfRange {
    /// The rejected value.
    pub value: f64,
    /// The smallest valid value.
    pub min: Option<f64>,
    /// The largest valid value.
    pub max: Option<f64>,
}

impl Measure {
    /// A measure of `kind` with `decimals`, and the kind's natural bounds:
    /// percent 0–100 %, count ≥ 0, others unbounded.
    pub fn new(kind: MeasureKind, decimals: u8) -> Measure {
        let (min, max) = match kind {
            MeasureKind::Percent => (Some(0.0), Some(1.0)),
            MeasureKind::Count => (Some(0.0), None),
            _ => (None, None),
        };
        Measure {
            kind,
            decimals,
            min,
            max,
        }
    }

    /// The same measure with other bounds.
    pub fn with_bounds(mut self, min: Option<f64>, max: Option<f64>) -> Measure {
        self.min = min;
        self.max = max;
        self
    }

    /// Formats a stored value for people: `5,3 %`, `4,3`, `1 234 kr`.
    pub fn format(&self, value: f64, lang: Lang) -> String {
        match self.kind {
            MeasureKind::Percent => {
                let n = format_number(value * 100.0, self.decimals, lang);
                match lang {
                    Lang::Nb => format!("{n} %"),
                    Lang::En => format!("{n}%"),
                }
            }
            MeasureKind::Nok => format!("{} kr", format_number(value, self.decimals, lang)),
            _ => format_number(value, self.decimals, lang),
        }
    }

    /// The value rounded to the precision it is shown with, so that what a
    /// reader sees is what a rule judges.
    pub fn round(&self, value: f64) -> f64 {
        let extra = if self.kind == MeasureKind::Percent {
            2
        } else {
            0
        };
        let scale = 10f64.powi(self.decimals as i32 + extra);
        let r = (value * scale).round() / scale;
        if r.is_finite() {
            r
        } else {
            value
        }
    }

    /// Checks that `value` is a finite number within the bounds.
    ///
    /// # Errors
    /// [`OutOfRange`] describing the bounds.
    pub fn check(&self, value: f64) -> Result<(), OutOfRange> {
        let bad = !value.is_finite()
            || self.min.is_some_and(|m| value < m - 1e-12)
            || self.max.is_some_and(|m| value > m + 1e-12);
        if bad {
            Err(OutOfRange {
                value,
                min: self.min,
                max: self.max,
            })
        } else {
            Ok(())
        }
    }
}

crate::keyword::keyword_enum! {
    /// Which way is better.
    pub enum Direction {
        /// Larger values are better (survey scores, shares of qualified staff).
        HigherIsBetter = "higher_is_better",
        /// Smaller values are better (sick leave).
        LowerIsBetter = "lower_is_better",
        /// Values should lie within a target range (budget deviation).
        WithinRange = "within_range",
    }
}

crate::keyword::keyword_enum! {
    /// How values of finer periods combine into a coarser one (months into a
    /// tertial).
    #[derive(Default)]
    pub enum TimeAggregation {
        /// Arithmetic mean of the available values.
        #[default]
        Mean = "mean",
        /// Sum of the values.
        Sum = "sum",
        /// The latest available value.
        Last = "last",
        /// The largest value.
        Max = "max",
        /// The smallest value.
        Min = "min",
    }
}

impl TimeAggregation {
    /// Combines values given oldest first; `None` when there are none.
    pub fn apply(self, values: &[f64]) -> Option<f64> {
        let last = *values.last()?;
        Some(match self {
            TimeAggregation::Mean => values.iter().sum::<f64>() / values.len() as f64,
            TimeAggregation::Sum => values.iter().sum(),
            TimeAggregation::Last => last,
            TimeAggregation::Max => values.iter().copied().fold(f64::MIN, f64::max),
            TimeAggregation::Min => values.iter().copied().fold(f64::MAX, f64::min),
        })
    }
}

/// What a weighted mean across units is weighted by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weight {
    /// The units' full-time equivalents (årsverk) from the model.
    Fte,
    /// Another indicator's value for the same unit and period.
    Indicator(IndicatorCode),
}

/// How unit values combine into a sector or municipality value. The raw
/// unit values are never changed: roll-ups are always computed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitAggregation {
    /// Plain mean of the units' values.
    Mean,
    /// Mean weighted by FTEs or by another indicator.
    WeightedMean(Weight),
    /// Sum of the units' values.
    Sum,
    /// Smallest unit value.
    Min,
    /// Largest unit value.
    Max,
    /// Sum of one indicator divided by the sum of another (as KOSTRA does
    /// for rates); numerator and denominator are kept in the result.
    Ratio {
        /// Indicator summed above the line.
        numerator: IndicatorCode,
        /// Indicator summed below the line.
        denominator: IndicatorCode,
    },
}

impl UnitAggregation {
    /// The snake_case method key used in `model.toml`.
    pub fn key(&self) -> &'static str {
        match self {
            UnitAggregation::Mean => "mean",
            UnitAggregation::WeightedMean(_) => "weighted_mean",
            UnitAggregation::Sum => "sum",
            UnitAggregation::Min => "min",
            UnitAggregation::Max => "max",
            UnitAggregation::Ratio { .. } => "ratio",
        }
    }
}

/// Which units an indicator applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AppliesTo {
    /// Every service unit (typical for cross-cutting focus areas).
    #[default]
    All,
    /// Units of these kinds.
    Kinds(Vec<UnitKind>),
    /// These units.
    Units(Vec<UnitId>),
}

/// A measured quantity with a code (styringsindikator).
///
/// Built and validated by [`crate::model::Model`]; its fields are public for
/// reading.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Unique code, e.g. `M.1.5`.
    pub code: IndicatorCode,
    /// Name shown in scorecards.
    pub name: String,
    /// Longer description (how it is measured).
    pub description: String,
    /// The focus area it belongs to (and through it, the perspective).
    pub focus_area: FocusAreaId,
    /// Kind, decimals and valid range.
    pub measure: Measure,
    /// Which way is better.
    pub direction: Direction,
    /// How often it is measured.
    pub frequency: Frequency,
    /// Where the numbers come from (HR system, survey, accounts, KOSTRA …).
    pub source: String,
    /// How finer periods combine.
    pub aggregate_time: TimeAggregation,
    /// How units combine.
    pub aggregate_units: UnitAggregation,
    /// Which units report it.
    pub applies_to: AppliesTo,
    /// How a value becomes a traffic light.
    pub rule: Rule,
    /// Changes smaller than this (stored units) count as stable; `None`
    /// uses 2 % of the earlier value.
    pub trend_margin: Option<f64>,
    /// The script that computes this indicator from others of the same
    /// unit and period; `None` for indicators that units report.
    pub computed: Option<ScriptSource>,
    /// The ledger figure this indicator shows (budget deviation, accounts
    /// to date …); `None` for indicators that are reported or computed.
    pub ledger: Option<crate::economy::LedgerFigure>,
    /// The register figure this indicator shows (deviations per 10 FTEs
    /// …); `None` for indicators that are reported, computed or from the
    /// ledger.
    pub register: Option<crate::register::RegisterFigure>,
    /// Where in SSB's KOSTRA tables the figure is (`kostra = { table,
    /// contents, … }`); `None` for indicators from elsewhere.
    pub kostra: Option<crate::kostra::KostraSource>,
}

impl Indicator {
    /// Whether units report this indicator (it is neither computed by a
    /// script nor fed from the ledger).
    pub fn is_reported(&self) -> bool {
        self.computed.is_none() && self.ledger.is_none() && self.register.is_none()
    }

    /// The margin within which a change counts as stable, given the
    /// earlier value.
    pub fn stability_margin(&self, earlier: f64) -> f64 {
        self.trend_margin
            .unwrap_or_else(|| (earlier.abs() * 0.02).max(1e-9))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_each_measure() {
        assert_eq!(
            Measure::new(MeasureKind::Percent, 1).format(0.105, Lang::Nb),
            "10,5 %"
        );
        assert_eq!(
            Measure::new(MeasureKind::Score, 1).format(4.3, Lang::Nb),
            "4,3"
        );
        assert_eq!(
            Measure::new(MeasureKind::Nok, 0).format(1234567.0, Lang::Nb),
            "1 234 567 kr"
        );
        assert_eq!(
            Measure::new(MeasureKind::Count, 0).format(12.0, Lang::En),
            "12"
        );
    }

    #[test]
    fn bounds() {
        let pct = Measure::new(MeasureKind::Percent, 1);
        assert!(pct.check(0.0).is_ok() && pct.check(1.0).is_ok());
        assert!(pct.check(1.01).is_err() && pct.check(-0.01).is_err());
        assert!(pct.check(f64::NAN).is_err() && pct.check(f64::INFINITY).is_err());
        assert!(Measure::new(MeasureKind::Count, 0).check(-1.0).is_err());
        assert!(Measure::new(MeasureKind::Nok, 0).check(-1e9).is_ok());
    }

    #[test]
    fn rounding_to_shown_precision() {
        let pct = Measure::new(MeasureKind::Percent, 1);
        assert_eq!(pct.round(0.049_999_9), 0.05);
        assert_eq!(Measure::new(MeasureKind::Score, 1).round(4.25), 4.3);
    }

    #[test]
    fn time_aggregation() {
        let v = [1.0, 4.0, 2.0];
        assert_eq!(TimeAggregation::Mean.apply(&v), Some(7.0 / 3.0));
        assert_eq!(TimeAggregation::Sum.apply(&v), Some(7.0));
        assert_eq!(TimeAggregation::Last.apply(&v), Some(2.0));
        assert_eq!(TimeAggregation::Max.apply(&v), Some(4.0));
        assert_eq!(TimeAggregation::Min.apply(&v), Some(1.0));
        assert_eq!(TimeAggregation::Mean.apply(&[]), None);
    }
}
