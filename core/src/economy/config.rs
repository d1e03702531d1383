//! What the model says about the economy (`[economy]` in `model.toml`):
//! the budget areas, the deviation rule, how forecasts and periodised
//! budgets are made, and the financial targets.

use crate::ids::UnitId;
use crate::lang::Lang;
use std::collections::BTreeMap;

crate::keyword::keyword_enum! {
    /// How the mechanical forecast reaches the year's end.
    pub enum ForecastMethod {
        /// Accounts to date plus the periodised budget for the rest of the
        /// year.
        RemainingBudget = "remaining_budget" | "resten_av_budsjettet",
        /// Accounts to date carried on at the same pace along the profile
        /// (accounts to date over the profile's share of the year so far).
        RunRate = "run_rate" | "samme_takt",
    }
}

impl ForecastMethod {
    /// The method in words, for the reports that say which was used.
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            ForecastMethod::RemainingBudget => lang.pick(
                "regnskap hittil pluss periodisert budsjett for resten av året",
                "accounts to date plus the periodised budget for the rest of the year",
            ),
            ForecastMethod::RunRate => lang.pick(
                "regnskap hittil i samme takt ut året, langs profilen",
                "accounts to date at the same pace to the year's end, along the profile",
            ),
        }
    }
}

/// How a unit's year is spread over the months.
#[derive(Debug, Clone, PartialEq)]
pub enum Profile {
    /// One twelfth a month.
    Linear,
    /// Twelve weights that sum to one (January first).
    Weights([f64; 12]),
    /// The shape of last year's accounts for the unit (linear when last
    /// year has no usable accounts).
    LastYear,
}

crate::keyword::keyword_enum! {
    /// A financial target (finansielt måltall), each a share of operating
    /// income.
    pub enum TargetKind {
        /// Netto driftsresultat (a surplus positive) over operating income.
        NetResult = "netto_driftsresultat",
        /// The disposition fund over operating income.
        DispositionFund = "disposisjonsfond",
        /// Net debt over operating income (lower is better).
        NetDebt = "netto_lanegjeld",
    }
}

impl TargetKind {
    /// The target's name.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            TargetKind::NetResult => lang.pick(
                "Netto driftsresultat i prosent av driftsinntektene",
                "Net operating result as a share of operating income",
            ),
            TargetKind::DispositionFund => lang.pick(
                "Disposisjonsfond i prosent av driftsinntektene",
                "Disposition fund as a share of operating income",
            ),
            TargetKind::NetDebt => lang.pick(
                "Netto lånegjeld i prosent av driftsinntektene",
                "Net debt as a share of operating income",
            ),
        }
    }

    /// Is a lower share better (debt)?
    pub fn lower_is_better(self) -> bool {
        self == TargetKind::NetDebt
    }
}

/// A financial target the municipality has set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FinancialTarget {
    /// Which figure.
    pub kind: TargetKind,
    /// The share to reach (0.0175 for TBU's 1.75 %), at least for results
    /// and funds, at most for debt.
    pub value: f64,
    /// How far short is yellow rather than red (a fraction, like `value`).
    pub tolerance: f64,
}

/// The economy section of a model.
#[derive(Debug, Clone, PartialEq)]
pub struct EconomyConfig {
    /// The budget areas (rammeområder): units whose net frame the council
    /// appropriates; each service unit is in exactly one.
    pub budget_areas: Vec<UnitId>,
    /// How far over the budget to date (a fraction of it) is still yellow
    /// rather than red; at or under budget is green.
    pub deviation_tolerance: f64,
    /// How the mechanical forecast is made.
    pub forecast: ForecastMethod,
    /// Units whose year is not spread linearly.
    pub profiles: BTreeMap<UnitId, Profile>,
    /// The financial targets.
    pub targets: Vec<FinancialTarget>,
    /// Account categories the municipality uses (lønn, andre
    /// driftsutgifter, inntekter …); empty accepts any.
    pub categories: Vec<String>,
}

impl Default for EconomyConfig {
    fn default() -> Self {
        EconomyConfig {
            budget_areas: Vec::new(),
            deviation_tolerance: 0.01,
            forecast: ForecastMethod::RemainingBudget,
            profiles: BTreeMap::new(),
            targets: Vec::new(),
            categories: Vec::new(),
        }
    }
}

impl EconomyConfig {
    /// The profile of `unit` (linear unless the model says otherwise).
    pub fn profile(&self, unit: &UnitId) -> &Profile {
        self.profiles.get(unit).unwrap_or(&Profile::Linear)
    }
}
