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

use crate::indicator::Direction;
use crate::lang::Lang;
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
