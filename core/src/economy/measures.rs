//! Budget measures (tiltak): how a party's alternative budget or a budget
//! regulation changes a version — an amount for a unit, a budget area or a
//! statement line, in one or more years, with its text.

use super::line::Line;
use super::plan::PlanVersion;
use crate::ids::UnitId;
use crate::model::Model;

/// What a measure changes.
#[derive(Debug, Clone, PartialEq)]
pub enum MeasureTarget {
    /// A service unit's frame (and with it its budget area's).
    Unit(UnitId),
    /// A budget area's appropriation.
    Area(UnitId),
    /// A statement line (more property tax, less use of a fund).
    Line(Line),
}

/// One measure.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetMeasure {
    /// What it changes.
    pub target: MeasureTarget,
    /// The years it applies to.
    pub years: Vec<i32>,
    /// Kroner added each year, with the statement's sign (a cut in a frame
    /// negative, more income negative).
    pub amount: f64,
    /// What it is.
    pub text: String,
}

/// `base` with `measures` applied, as a new version `id`: a unit's measure
/// moves its frame and its area's appropriation, an area's its
/// appropriation, a line's the line. Years outside the plan are left out.
///
/// ```
/// use styring_core::economy::{apply_measures, BudgetMeasure, Line, MeasureTarget, PlanVersion, Statement, VersionKind, YearBudget};
/// use styring_core::Model;
/// let m = Model::example();
/// let mut y = YearBudget::default();
/// y.lines.insert(Line::Eiendomsskatt, -10.0);
/// y.areas.insert("oppvekst".parse().unwrap(), 10.0);
/// y.units.insert("aurvoll".parse().unwrap(), 10.0);
/// let base = PlanVersion { id: "forslag".into(), kind: VersionKind::Proposal, title: "Forslag".into(),
///     decision: None, based_on: None, first_year: 2025, years: vec![y; 4] };
/// let measures = [
///     BudgetMeasure { target: MeasureTarget::Unit("aurvoll".parse().unwrap()), years: vec![2026, 2027],
///         amount: 2.0, text: "Flere lærere".into() },
///     BudgetMeasure { target: MeasureTarget::Line(Line::Eiendomsskatt), years: vec![2026, 2027],
///         amount: -2.0, text: "Høyere eiendomsskatt".into() },
/// ];
/// let alt = apply_measures(&m, &base, &measures, "alt-sp", "Senterpartiets alternativ");
/// let y = alt.year(2026).unwrap();
/// assert_eq!((y.units["aurvoll"], y.areas["oppvekst"]), (12.0, 12.0));
/// assert_eq!(Statement::of(y).net_result, Statement::of(base.year(2026).unwrap()).net_result);
/// assert_eq!(alt.year(2025), base.year(2025));
/// ```
pub fn apply_measures(
    model: &Model,
    base: &PlanVersion,
    measures: &[BudgetMeasure],
    id: &str,
    title: &str,
) -> PlanVersion {
    let mut v = base.clone();
    v.id = id.to_string();
    v.title = title.to_string();
    v.kind = super::plan::VersionKind::Alternative;
    v.decision = None;
    v.based_on = Some(base.id.clone());
    for m in measures {
        for &year in &m.years {
            let Some(i) = usize::try_from(year - v.first_year)
                .ok()
                .filter(|i| *i < v.years.len())
            else {
                continue;
            };
            let y = &mut v.years[i];
            match &m.target {
                MeasureTarget::Unit(u) => {
                    *y.units.entry(u.clone()).or_insert(0.0) += m.amount;
                    if let Some(a) = model.budget_area_of(u.as_str()) {
                        *y.areas.entry(a.id.clone()).or_insert(0.0) += m.amount;
                    }
                }
                MeasureTarget::Area(a) => *y.areas.entry(a.clone()).or_insert(0.0) += m.amount,
                MeasureTarget::Line(l) => *y.lines.entry(*l).or_insert(0.0) += m.amount,
            }
        }
    }
    v
}
