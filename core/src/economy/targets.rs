//! The financial targets (finansielle måltall) for each year of a plan,
//! judged by the same rule as every indicator.

use super::config::{FinancialTarget, TargetKind};
use super::plan::{KeyFigure, PlanVersion};
use super::statement::Statement;
use crate::indicator::{Direction, Measure, MeasureKind};
use crate::lang::Lang;
use crate::model::Model;
use crate::period::Period;
use crate::rule::{Reason, Rule, Tolerance};
use crate::status::Status;
use crate::target::TargetValue;

/// How percentages of the targets are shown: `1,75 %`.
pub(crate) fn share_measure() -> Measure {
    Measure {
        kind: MeasureKind::Percent,
        decimals: 2,
        min: None,
        max: None,
    }
}

/// One target in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetResult {
    /// The target.
    pub target: FinancialTarget,
    /// The year.
    pub year: Period,
    /// The year's share, when the plan has what it needs.
    pub share: Option<f64>,
    /// The light.
    pub status: Status,
    /// Why.
    pub reason: Reason,
}

impl TargetResult {
    /// The reason in words.
    pub fn reason_text(&self, lang: Lang) -> String {
        self.reason.render(lang, &share_measure(), self.year)
    }
}

/// Every target of the model in every year of `plan`: the net result (a
/// surplus positive), the disposition fund and net debt, each over the
/// year's operating income. A year without its operating income (or the
/// fund or debt figure) has no share and no light.
///
/// ```
/// use styring_core::economy::{evaluate_targets, KeyFigure, Line, PlanVersion, VersionKind, YearBudget};
/// use styring_core::{Model, Status};
/// let m = Model::example(); // netto driftsresultat ≥ 1,75 %, yellow from 1,25 %
/// let year = |surplus: f64| {
///     let mut y = YearBudget::default();
///     y.lines.insert(Line::Rammetilskudd, -100.0 - surplus);
///     y.lines.insert(Line::AvsetningDisposisjonsfond, surplus);
///     y.areas.insert("tekniske".parse().unwrap(), 100.0);
///     y.figures.insert(KeyFigure::Driftsinntekter, 1000.0);
///     y
/// };
/// let plan = PlanVersion { id: "p".into(), kind: VersionKind::Proposal, title: "P".into(), decision: None,
///     based_on: None, first_year: 2025, years: vec![year(20.0), year(15.0), year(10.0), year(17.5)] };
/// let r = evaluate_targets(&m, &plan);
/// let ndr: Vec<_> = r.iter().filter(|t| t.target.kind.key() == "netto_driftsresultat").collect();
/// assert_eq!(ndr[0].share, Some(0.02));
/// assert_eq!([ndr[0].status, ndr[1].status, ndr[2].status, ndr[3].status],
///            [Status::Green, Status::Yellow, Status::Red, Status::Green]);
/// ```
pub fn evaluate_targets(model: &Model, plan: &PlanVersion) -> Vec<TargetResult> {
    let mut out = Vec::new();
    for t in &model.economy().targets {
        for (year, y) in plan.year_numbers().zip(&plan.years) {
            let Ok(year) = Period::year(year) else {
                continue;
            };
            let income = y
                .figures
                .get(&KeyFigure::Driftsinntekter)
                .copied()
                .filter(|v| *v != 0.0);
            let numerator = match t.kind {
                TargetKind::NetResult => Some(-Statement::of(y).net_result),
                TargetKind::DispositionFund => y.figures.get(&KeyFigure::Disposisjonsfond).copied(),
                TargetKind::NetDebt => y.figures.get(&KeyFigure::NettoLanegjeld).copied(),
            };
            let share = match (numerator, income) {
                (Some(n), Some(i)) => Some(n / i.abs()),
                _ => None,
            };
            let direction = if t.kind.lower_is_better() {
                Direction::LowerIsBetter
            } else {
                Direction::HigherIsBetter
            };
            let ev = Rule::Tolerance(Tolerance::Absolute(t.tolerance)).evaluate_builtin(
                share_measure(),
                direction,
                share,
                Some(TargetValue::Value(t.value)),
            );
            let (status, reason) = match ev {
                Some(e) => (e.status, e.reason),
                None => (Status::NoData, Reason::NoValue),
            };
            out.push(TargetResult {
                target: *t,
                year,
                share,
                status,
                reason,
            });
        }
    }
    out
}
