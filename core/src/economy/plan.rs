//! The financial plan (økonomiplan med årsbudsjett): four years, each
//! version kept. A [`PlanVersion`] is one adopted or proposed plan: the
//! budget year and three plan years, each a [`YearBudget`] of statement
//! lines, the budget areas' net frames and the units' delegated frames.

use super::line::Line;
use crate::ids::UnitId;
use crate::lang::Lang;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Years in a plan: the budget year and three plan years.
pub const PLAN_YEARS: usize = 4;

crate::keyword::keyword_enum! {
    /// What a version is.
    pub enum VersionKind {
        /// The rådmann's (kommunedirektørens) proposal.
        Proposal = "proposal" | "forslag",
        /// The committee's recommendation (formannskapets innstilling).
        Committee = "committee" | "innstilling",
        /// The council's original adoption (opprinnelig budsjett).
        Adopted = "adopted" | "vedtatt",
        /// A budget regulation (budsjettregulering), decided later.
        Regulation = "regulation" | "budsjettregulering",
        /// A party's alternative budget, built from measures.
        Alternative = "alternative" | "alternativt",
    }
}

impl VersionKind {
    /// The kind in words.
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            VersionKind::Proposal => lang.pick("forslag", "proposal"),
            VersionKind::Committee => lang.pick("innstilling", "committee's recommendation"),
            VersionKind::Adopted => lang.pick("vedtatt", "adopted"),
            VersionKind::Regulation => lang.pick("budsjettregulering", "budget regulation"),
            VersionKind::Alternative => lang.pick("alternativt budsjett", "alternative budget"),
        }
    }

    /// Is it a decision of the council (what accounts are measured by)?
    pub fn is_decided(self) -> bool {
        matches!(self, VersionKind::Adopted | VersionKind::Regulation)
    }
}

crate::keyword::keyword_enum! {
    /// A key figure a plan year may carry, for the financial targets.
    pub enum KeyFigure {
        /// Sum driftsinntekter (gross operating income, positive).
        Driftsinntekter = "driftsinntekter" | "sum_driftsinntekter",
        /// The disposition fund at the end of the year.
        Disposisjonsfond = "disposisjonsfond",
        /// Net debt (netto lånegjeld) at the end of the year.
        NettoLanegjeld = "netto_lanegjeld",
    }
}

impl KeyFigure {
    /// The figure's name.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            KeyFigure::Driftsinntekter => lang.pick("Sum driftsinntekter", "Operating income"),
            KeyFigure::Disposisjonsfond => lang.pick(
                "Disposisjonsfond ved årets slutt",
                "Disposition fund at year end",
            ),
            KeyFigure::NettoLanegjeld => lang.pick("Netto lånegjeld", "Net debt"),
        }
    }
}

/// One year of a plan.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct YearBudget {
    /// The typed statement lines (kroner, the statement's signs).
    #[serde(default)]
    pub lines: BTreeMap<Line, f64>,
    /// Each budget area's net appropriation (part 2 of the statement).
    #[serde(default)]
    pub areas: BTreeMap<UnitId, f64>,
    /// Each service unit's delegated net frame.
    #[serde(default)]
    pub units: BTreeMap<UnitId, f64>,
    /// Key figures for the financial targets.
    #[serde(default)]
    pub figures: BTreeMap<KeyFigure, f64>,
}

impl YearBudget {
    /// The line's amount (0 when not typed).
    pub fn line(&self, l: Line) -> f64 {
        self.lines.get(&l).copied().unwrap_or(0.0)
    }
}

/// The council's decision behind a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The case reference (`KST-sak 45/25`).
    pub reference: String,
    /// The date of the decision.
    pub date: NaiveDate,
}

/// One version of the financial plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanVersion {
    /// Its id (`vedtatt-2025`, `reg-t1-2025`), unique in the store.
    pub id: String,
    /// What it is.
    pub kind: VersionKind,
    /// Its title (`Økonomiplan 2025–2028, vedtatt`).
    pub title: String,
    /// The decision, for adopted versions and regulations.
    pub decision: Option<Decision>,
    /// The version it changes (a regulation's adopted plan, an
    /// alternative's proposal).
    pub based_on: Option<String>,
    /// The budget year (the first of the four).
    pub first_year: i32,
    /// The four years, the budget year first.
    pub years: Vec<YearBudget>,
}

impl PlanVersion {
    /// The years the plan covers.
    pub fn year_numbers(&self) -> impl Iterator<Item = i32> + '_ {
        (0..self.years.len()).map(move |i| self.first_year + i as i32)
    }

    /// The budget for `year`, if the plan covers it.
    pub fn year(&self, year: i32) -> Option<&YearBudget> {
        usize::try_from(year - self.first_year)
            .ok()
            .and_then(|i| self.years.get(i))
    }

    /// `Økonomiplan 2025–2028 (vedtatt, KST-sak 98/24 2024-12-12)`: the
    /// version as a heading.
    pub fn label(&self, lang: Lang) -> String {
        let mut s = format!("{} ({}", self.title, self.kind.word(lang));
        if let Some(d) = &self.decision {
            s.push_str(&format!(", {} {}", d.reference, d.date));
        }
        s.push(')');
        s
    }
}
