//! The goal tree, «den røde tråden»: from the municipal master plan down
//! to each leader's agreement.
//!
//! Levels: kommuneplan → temaplan / økonomiplan → årsplan (a unit's goals)
//! → lederavtale (a leader's goals). Every goal but the top has a parent
//! exactly one level up. Indicators attach to goals; a goal's status rolls
//! up from its indicators and its child goals.

use crate::ids::{GoalId, IndicatorCode, UnitId};
use crate::status::StatusPolicy;

crate::keyword::keyword_enum! {
    /// The plan level a goal is set at.
    pub enum GoalLevel {
        /// Kommuneplanens samfunnsdel: the municipality's overall goals.
        Kommuneplan = "kommuneplan",
        /// A thematic plan (kommunedelplan/temaplan).
        Temaplan = "temaplan",
        /// The financial plan with the annual budget.
        Okonomiplan = "okonomiplan" | "økonomiplan",
        /// A unit's annual plan (årsplan): result goals for the unit.
        Arsplan = "arsplan" | "årsplan",
        /// A leader's agreement (lederavtale).
        Lederavtale = "lederavtale",
    }
}

impl GoalLevel {
    /// Depth in the tree: 0 for kommuneplan, 1 for temaplan and
    /// økonomiplan, 2 for årsplan, 3 for lederavtale.
    pub fn depth(self) -> u8 {
        match self {
            GoalLevel::Kommuneplan => 0,
            GoalLevel::Temaplan | GoalLevel::Okonomiplan => 1,
            GoalLevel::Arsplan => 2,
            GoalLevel::Lederavtale => 3,
        }
    }

    /// Whether goals at this level belong to one unit.
    pub fn needs_unit(self) -> bool {
        self.depth() >= 2
    }

    /// The Norwegian name (`kommuneplan`, `økonomiplan`, `årsplan` …).
    pub fn name_nb(self) -> &'static str {
        match self {
            GoalLevel::Kommuneplan => "kommuneplan",
            GoalLevel::Temaplan => "temaplan",
            GoalLevel::Okonomiplan => "økonomiplan",
            GoalLevel::Arsplan => "årsplan",
            GoalLevel::Lederavtale => "lederavtale",
        }
    }
}

/// One goal in the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// Unique id, e.g. `KP.1`.
    pub id: GoalId,
    /// Plan level.
    pub level: GoalLevel,
    /// The goal one level up (none for kommuneplan goals).
    pub parent: Option<GoalId>,
    /// The goal in words.
    pub title: String,
    /// The unit, for årsplan and lederavtale goals.
    pub unit: Option<UnitId>,
    /// Indicators that measure it.
    pub indicators: Vec<IndicatorCode>,
    /// How its status is combined from its indicators and children.
    pub rollup: StatusPolicy,
}
