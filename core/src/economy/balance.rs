//! The balance check: every year of a plan in balance (kommuneloven
//! § 14-4), no unspecified saving, and the units' delegated frames adding
//! up to their budget area's appropriation.

use super::plan::{PlanVersion, PLAN_YEARS};
use super::statement::{round_kr, Statement};
use crate::lang::Lang;
use crate::model::Model;
use crate::problem::{Location, ProblemKind, Problems};

/// Kroner as every report prints them (`−1 234 567 kr`).
fn kr(v: f64, lang: Lang) -> String {
    crate::report::Cell::Money(v).text(lang)
}

/// Every problem with `plan`: each year out of balance with the gap in
/// kroner, each year that leans on an unspecified saving, each budget area
/// whose units' frames do not add up to it, frames for units that are not
/// service units, and a plan that does not cover four years.
///
/// Problems are located at `plan «id», year`; an empty list is a plan the
/// law accepts.
///
/// ```
/// use styring_core::economy::{check_plan, Line, PlanVersion, VersionKind, YearBudget};
/// use styring_core::ids::UnitId;
/// use styring_core::{Lang, Localized, Model};
/// let m = Model::example();
/// let year = |income: f64| {
///     let mut y = YearBudget::default();
///     y.lines.insert(Line::Rammetilskudd, income);
///     y.areas.insert(UnitId::new("tekniske").unwrap(), 100.0);
///     y.units.insert(UnitId::new("tekniske").unwrap(), 100.0);
///     y
/// };
/// let plan = PlanVersion {
///     id: "p".into(), kind: VersionKind::Proposal, title: "P".into(), decision: None,
///     based_on: None, first_year: 2025,
///     years: vec![year(-100.0), year(-100.0), year(-90.0), year(-100.0)],
/// };
/// let p = check_plan(&m, &plan);
/// // 2027: income 90 against 100 in frames leaves 10 kr of deficit.
/// assert_eq!(p.render(Lang::Nb), "økonomiplan «p», 2027: ikke i balanse: 10 kr merforbruk blir fremført til inndekning i senere år; dekk det med innsparinger, økte inntekter eller bruk av fond");
/// ```
pub fn check_plan(model: &Model, plan: &PlanVersion) -> Problems {
    let mut out = Problems::default();
    let at = |year: Option<i32>| {
        Location::entry(match year {
            Some(y) => format!("økonomiplan «{}», {y}", plan.id),
            None => format!("økonomiplan «{}»", plan.id),
        })
    };
    if plan.years.len() != PLAN_YEARS {
        out.add_kind(
            ProblemKind::Missing,
            at(None),
            format!(
                "planen har {} år; en økonomiplan har fire (budsjettåret og tre planår)",
                plan.years.len()
            ),
            format!(
                "the plan has {} years; a financial plan has four (the budget year and three plan years)",
                plan.years.len()
            ),
        );
    }
    for (year, y) in plan.year_numbers().zip(&plan.years) {
        let s = Statement::of(y);
        let gap = s.carried_forward;
        if gap > 0.0 {
            out.add_kind(
                ProblemKind::Unbalanced,
                at(Some(year)),
                format!("ikke i balanse: {} merforbruk blir fremført til inndekning i senere år; dekk det med innsparinger, økte inntekter eller bruk av fond", kr(gap, Lang::Nb)),
                format!("out of balance: a deficit of {} is carried forward to later years; cover it with savings, more income or the use of funds", kr(gap, Lang::En)),
            );
        } else if gap < 0.0 {
            out.add_kind(
                ProblemKind::Unbalanced,
                at(Some(year)),
                format!("ikke i balanse: {} av mindreforbruket er ikke disponert; sett det av til fond eller overfør det til investering", kr(-gap, Lang::Nb)),
                format!("out of balance: {} of the surplus is not disposed of; allocate it to a fund or transfer it to investment", kr(-gap, Lang::En)),
            );
        }
        if s.unspecified_saving != 0.0 {
            out.add_kind(
                ProblemKind::Unbalanced,
                at(Some(year)),
                format!(
                    "bygger på en uspesifisert innsparing på {}; fordel den på rammeområdene",
                    kr(s.unspecified_saving, Lang::Nb)
                ),
                format!(
                    "leans on an unspecified saving of {}; spread it over the budget areas",
                    kr(s.unspecified_saving, Lang::En)
                ),
            );
        }
        for (area, frame) in &y.areas {
            if !model.economy().budget_areas.contains(area) {
                out.add_kind(
                    ProblemKind::UnknownUnit,
                    at(Some(year)),
                    format!("«{area}» er ikke et rammeområde i modellen"),
                    format!("\"{area}\" is not a budget area in the model"),
                );
                continue;
            }
            let units: Vec<_> = y
                .units
                .iter()
                .filter(|(u, _)| {
                    !model.is_sector(u.as_str())
                        && model.budget_area_of(u.as_str()).map(|a| &a.id) == Some(area)
                })
                .collect();
            if units.is_empty() {
                continue;
            }
            let sum: f64 = units.iter().map(|(_, v)| **v).sum();
            let diff = round_kr(sum - frame);
            if diff != 0.0 {
                let name = model
                    .unit(area.as_str())
                    .map(|u| u.name.as_str())
                    .unwrap_or(area.as_str());
                out.add_kind(
                    ProblemKind::Unbalanced,
                    at(Some(year)),
                    format!(
                        "enhetenes rammer i {name} summerer til {}, rammeområdet har {} (avvik {})",
                        kr(sum, Lang::Nb),
                        kr(*frame, Lang::Nb),
                        kr(diff, Lang::Nb)
                    ),
                    format!(
                        "the units' frames in {name} add up to {}, the area has {} (gap {})",
                        kr(sum, Lang::En),
                        kr(*frame, Lang::En),
                        kr(diff, Lang::En)
                    ),
                );
            }
        }
        for u in y.units.keys() {
            let ok = model.unit(u.as_str()).is_some() && !model.is_sector(u.as_str());
            if !ok {
                out.add_kind(
                    ProblemKind::UnknownUnit,
                    at(Some(year)),
                    format!("«{u}» er ikke en tjenesteenhet i modellen; enhetsrammer gis til tjenesteenheter"),
                    format!("\"{u}\" is not a service unit in the model; unit frames go to service units"),
                );
            }
        }
    }
    out
}
