//! Trends: is an indicator getting better or worse?
//!
//! Judged by direction: for sick leave (lower is better) a falling value is
//! improving, and the arrow shows the way the *value* moved (↓) while the
//! word says whether that is good (`bedre`). Changes within the
//! indicator's stability margin are stable.
//!
//! ```
//! use styring_core::indicator::Direction;
//! use styring_core::trend::{Trend, Movement};
//! let t = Trend::judge(Direction::LowerIsBetter, 0.061, 0.055, 0.001);
//! assert_eq!(t, Trend::Improving(Movement::Down));
//! assert_eq!(t.arrow(), "↓");
//! ```

use crate::indicator::{Direction, Indicator};
use crate::lang::Lang;
use crate::target::TargetValue;
use serde::{Deserialize, Serialize};

/// Which way the value moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    /// The value rose.
    Up,
    /// The value fell.
    Down,
}

/// Whether a change is for the better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "trend", content = "movement")]
pub enum Trend {
    /// Better than before.
    Improving(Movement),
    /// Worse than before.
    Worsening(Movement),
    /// Within the stability margin.
    Stable,
    /// Nothing to compare with.
    Unknown,
}

impl Trend {
    /// Judges the move from `earlier` to `now` for an indicator with
    /// `direction`; `margin` is the stability margin (stored units). For
    /// `within_range` indicators, pass distances from the target range
    /// (lower is better).
    pub fn judge(direction: Direction, earlier: f64, now: f64, margin: f64) -> Trend {
        let delta = now - earlier;
        if !delta.is_finite() || delta.abs() <= margin.abs() + 1e-12 {
            return Trend::Stable;
        }
        let movement = if delta > 0.0 {
            Movement::Up
        } else {
            Movement::Down
        };
        let better = match direction {
            Direction::HigherIsBetter => delta > 0.0,
            Direction::LowerIsBetter | Direction::WithinRange => delta < 0.0,
        };
        if better {
            Trend::Improving(movement)
        } else {
            Trend::Worsening(movement)
        }
    }

    /// The trend of `indicator` from `earlier` to `now`: by its direction
    /// and stability margin; for a `within_range` indicator, by the distance
    /// from `target` (closer is better). The one judgement the scorecard,
    /// the workbook and the scripts' `improving()` share.
    ///
    /// ```
    /// use styring_core::{Model, target::TargetValue, trend::{Trend, Movement}};
    /// let m = Model::example();
    /// let sick = m.indicator("M.1.5").unwrap(); // lower is better
    /// assert_eq!(Trend::for_indicator(sick, Some(0.06), Some(0.05), None), Trend::Improving(Movement::Down));
    /// assert_eq!(Trend::for_indicator(sick, None, Some(0.05), None), Trend::Unknown);
    /// ```
    pub fn for_indicator(
        indicator: &Indicator,
        earlier: Option<f64>,
        now: Option<f64>,
        target: Option<TargetValue>,
    ) -> Trend {
        let (Some(e), Some(n)) = (earlier, now) else {
            return Trend::Unknown;
        };
        let margin = indicator.stability_margin(e);
        if indicator.direction == Direction::WithinRange {
            // Better or worse by the distance from the range; the arrow
            // still shows which way the value moved.
            let value_moved = if n > e { Movement::Up } else { Movement::Down };
            match (distance(e, target), distance(n, target)) {
                (Some(de), Some(dn)) => {
                    match Trend::judge(Direction::LowerIsBetter, de, dn, margin) {
                        Trend::Improving(_) => Trend::Improving(value_moved),
                        Trend::Worsening(_) => Trend::Worsening(value_moved),
                        t => t,
                    }
                }
                _ => Trend::Unknown,
            }
        } else {
            Trend::judge(indicator.direction, e, n, margin)
        }
    }

    /// The snake_case key (`improving`, `worsening`, `stable`, `unknown`).
    pub fn key(self) -> &'static str {
        match self {
            Trend::Improving(_) => "improving",
            Trend::Worsening(_) => "worsening",
            Trend::Stable => "stable",
            Trend::Unknown => "unknown",
        }
    }

    /// An arrow for the value's movement: ↑ ↓ → or blank.
    pub fn arrow(self) -> &'static str {
        match self {
            Trend::Improving(Movement::Up) | Trend::Worsening(Movement::Up) => "↑",
            Trend::Improving(Movement::Down) | Trend::Worsening(Movement::Down) => "↓",
            Trend::Stable => "→",
            Trend::Unknown => " ",
        }
    }

    /// `bedre`, `dårligere`, `stabil`, `–`.
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Trend::Improving(_) => lang.pick("bedre", "better"),
            Trend::Worsening(_) => lang.pick("dårligere", "worse"),
            Trend::Stable => lang.pick("stabil", "stable"),
            Trend::Unknown => "–",
        }
    }
}

/// How far `v` is from the target (zero inside a range).
fn distance(v: f64, t: Option<TargetValue>) -> Option<f64> {
    match t? {
        TargetValue::Value(x) => Some((v - x).abs()),
        TargetValue::Range { min, max } => Some(if v < min {
            min - v
        } else if v > max {
            v - max
        } else {
            0.0
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_are_not_upside_down_for_lower_is_better() {
        // Sick leave rising is worse, and the arrow points up.
        let t = Trend::judge(Direction::LowerIsBetter, 0.05, 0.07, 0.001);
        assert_eq!(t, Trend::Worsening(Movement::Up));
        assert_eq!((t.arrow(), t.word(Lang::Nb)), ("↑", "dårligere"));
        let t = Trend::judge(Direction::HigherIsBetter, 4.0, 4.3, 0.05);
        assert_eq!((t.arrow(), t.word(Lang::Nb)), ("↑", "bedre"));
        let t = Trend::judge(Direction::HigherIsBetter, 4.3, 4.0, 0.05);
        assert_eq!((t.arrow(), t.word(Lang::En)), ("↓", "worse"));
    }

    #[test]
    fn a_within_range_arrow_follows_the_value_and_the_word_the_distance() {
        let m = crate::Model::example();
        let ind = m.indicator("O.1.2").unwrap(); // within −1 %…1 %
        let range = Some(TargetValue::Range {
            min: -0.01,
            max: 0.01,
        });
        // −2,0 % → −1,2 %: the value rises and comes closer to the range.
        let t = Trend::for_indicator(ind, Some(-0.020), Some(-0.012), range);
        assert_eq!(t, Trend::Improving(Movement::Up));
        // 1,5 % → 2,5 %: the value rises and goes further out.
        let t = Trend::for_indicator(ind, Some(0.015), Some(0.025), range);
        assert_eq!(t, Trend::Worsening(Movement::Up));
    }

    #[test]
    fn stable_within_margin_inclusive() {
        assert_eq!(
            Trend::judge(Direction::HigherIsBetter, 4.0, 4.05, 0.05),
            Trend::Stable
        );
        assert_ne!(
            Trend::judge(Direction::HigherIsBetter, 4.0, 4.06, 0.05),
            Trend::Stable
        );
    }
}
