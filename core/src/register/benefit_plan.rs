//! Benefit plans (gevinstrealiseringsplaner): a project's benefits with
//! their baselines, owners and the goals they serve, and the benefit map
//! (gevinstkart) they make — project → measures → effects → benefits →
//! goals — checked like the goal tree, and shown as a report with each
//! benefit's status and reason.

use super::benefit::{project_status, Benefit, BenefitStatus};
use crate::lang::Lang;
use crate::model::Model;
use crate::problem::{Location, ProblemKind, Problems, Suggestion};
use crate::report::{Body, Cell, Column, Report, Section, Table, TableRow};
use crate::rollup::roll_up;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::keyword::keyword_enum! {
    /// What kind of project carries the benefits.
    pub enum ProjectKind {
        /// An operations project (drift).
        Operations = "operations" | "drift",
        /// An investment project (investering).
        Investment = "investment" | "investering",
    }
}

/// One benefit as the plan states it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedBenefit {
    /// The benefit, its baseline, expected value and due period.
    pub benefit: Benefit,
    /// What it means, in words.
    pub description: String,
    /// Who answers for it.
    pub owner: String,
    /// An indicator whose observations give the realised values (over
    /// all the plan's units, see [`with_realised`]); otherwise values are
    /// recorded directly.
    pub indicator: Option<String>,
    /// The goals in the goal tree it serves.
    pub goals: Vec<String>,
    /// The measure (tiltak) that brings it.
    pub measure: String,
    /// The effect (effekt) the measure has, which gives the benefit.
    pub effect: String,
}

/// A project's benefit plan.
#[derive(Debug, Clone, PartialEq)]
pub struct BenefitPlan {
    /// Its id.
    pub id: String,
    /// The project.
    pub project: String,
    /// Who owns the plan.
    pub owner: String,
    /// The units it concerns.
    pub units: Vec<String>,
    /// Operations or investment.
    pub kind: ProjectKind,
    /// Its benefits.
    pub benefits: Vec<PlannedBenefit>,
}

/// The plan checked against the model, each problem at its benefit: a
/// unit, indicator or goal the model does not have (with «mente du»), a
/// benefit that serves no goal, one that cannot be followed up (an
/// expected value equal to its baseline), one without a measure or effect
/// in the map.
pub fn check_benefit_plan(model: &Model, plan: &BenefitPlan, origin: &str) -> Problems {
    let mut p = Problems::default();
    let at = |what: String| Location::entry(what).in_file(origin);
    for u in &plan.units {
        if model.resolve_unit(u).is_err() {
            let ids = model.units().iter().map(|x| x.id.as_str());
            let t = Suggestion::closest(u, ids).unknown(("enhet", "unit"), u);
            p.add_kind(
                ProblemKind::UnknownUnit,
                at(format!("gevinstplan {}", plan.id)),
                t.nb,
                t.en,
            );
        }
    }
    for b in &plan.benefits {
        let here = || at(format!("gevinst «{}»", b.benefit.name));
        if let Some(code) = &b.indicator {
            if model.indicator(code).is_none() {
                let t =
                    Suggestion::closest(code, model.indicators().iter().map(|i| i.code.as_str()))
                        .unknown(("indikator", "indicator"), code);
                p.add_kind(ProblemKind::UnknownIndicator, here(), t.nb, t.en);
            }
        }
        for g in &b.goals {
            if model.goal(g).is_none() {
                let t = Suggestion::closest(g, model.goals().iter().map(|x| x.id.as_str()))
                    .unknown(("mål", "goal"), g);
                p.add_kind(ProblemKind::UnknownReference, here(), t.nb, t.en);
            }
        }
        if b.goals.is_empty() {
            p.add_kind(
                ProblemKind::Missing,
                here(),
                "gevinsten tjener ikke noe mål i målhierarkiet; oppgi målet (Mål) den skal bidra til",
                "the benefit serves no goal in the goal tree; give the goal (Mål) it contributes to",
            );
        }
        if b.measure.trim().is_empty() || b.effect.trim().is_empty() {
            p.add_kind(
                ProblemKind::Missing,
                here(),
                "gevinstkartet mangler tiltaket eller effekten som gir gevinsten",
                "the benefit map lacks the measure or the effect that gives the benefit",
            );
        }
        if let Some(t) = b.benefit.problem() {
            p.add_kind(ProblemKind::Invalid, here(), t.nb, t.en);
        }
    }
    p
}

/// The plan's status at `today`: each benefit's, rolled up.
pub fn plan_status(plan: &BenefitPlan, today: NaiveDate) -> Option<BenefitStatus> {
    project_status(plan.benefits.iter().map(|b| b.benefit.status(today).0))
}

fn status_word(s: BenefitStatus, lang: Lang) -> &'static str {
    match (s, lang) {
        (BenefitStatus::Realised, Lang::Nb) => "realisert",
        (BenefitStatus::Realised, Lang::En) => "realised",
        (BenefitStatus::OnTrack, Lang::Nb) => "i rute",
        (BenefitStatus::OnTrack, Lang::En) => "on track",
        (BenefitStatus::Behind, Lang::Nb) => "bak plan",
        (BenefitStatus::Behind, Lang::En) => "behind",
        (BenefitStatus::NotMeasured, Lang::Nb) => "ikke målt",
        (BenefitStatus::NotMeasured, Lang::En) => "not measured",
    }
}

impl BenefitStatus {
    /// The word for it.
    pub fn word(self, lang: Lang) -> &'static str {
        status_word(self, lang)
    }
}

/// The plan as a report for `period`, judged at `today`: each benefit
/// with its baseline, expected value, last realised value, status and
/// reason; then the benefit map as a tree (measure → effect → benefit →
/// goals).
pub fn benefit_report(
    model: &Model,
    plan: &BenefitPlan,
    period: crate::period::Period,
    today: NaiveDate,
    lang: Lang,
) -> Report {
    let columns = [
        ("benefit", "Gevinst", "Benefit"),
        ("kind", "Type", "Kind"),
        ("owner", "Eier", "Owner"),
        ("baseline", "Nullpunkt", "Baseline"),
        ("expected", "Forventet", "Expected"),
        ("due", "Frist", "Due"),
        ("realised", "Sist målt", "Last measured"),
        ("status", "Status", "Status"),
    ]
    .iter()
    .map(|(k, nb, en)| Column::new(k, lang.pick(nb, en)))
    .collect();
    let number = |v: f64| Cell::Text(crate::lang::format_number(v, 0, lang));
    let mut rows = Vec::new();
    for b in &plan.benefits {
        let x = &b.benefit;
        let (status, why) = x.status(today);
        let last = x
            .progress()
            .map(|(_, p, v)| format!("{} ({p})", crate::lang::format_number(v, 0, lang)));
        rows.push(TableRow::data(vec![
            Cell::Text(x.name.clone()),
            Cell::Text(match x.kind {
                super::benefit::BenefitKind::Economic => {
                    lang.pick("økonomisk (kr)", "economic (NOK)").to_string()
                }
                super::benefit::BenefitKind::Quality => x
                    .measure_unit
                    .clone()
                    .unwrap_or_else(|| lang.pick("kvalitet", "quality").to_string()),
            }),
            Cell::Text(b.owner.clone()),
            number(x.baseline.value),
            number(x.expected),
            Cell::Text(x.due.to_string()),
            last.map_or(Cell::Empty, Cell::Text),
            Cell::Status {
                status: status.light(),
                reason: Some(format!("{}: {}", status.word(lang), why.get(lang))),
            },
        ]));
    }
    // The map: one row per benefit under its measure and effect.
    let map_columns = [
        ("measure", "Tiltak", "Measure"),
        ("effect", "Effekt", "Effect"),
        ("benefit", "Gevinst", "Benefit"),
        ("goals", "Mål", "Goals"),
    ]
    .iter()
    .map(|(k, nb, en)| Column::new(k, lang.pick(nb, en)))
    .collect();
    let mut order: Vec<&PlannedBenefit> = plan.benefits.iter().collect();
    order.sort_by(|a, b| {
        (a.measure.as_str(), a.effect.as_str()).cmp(&(b.measure.as_str(), b.effect.as_str()))
    });
    let mut map_rows = Vec::new();
    let mut last: (&str, &str) = ("", "");
    for b in order {
        let goals: Vec<String> = b
            .goals
            .iter()
            .map(|g| {
                model
                    .goal(g)
                    .map_or_else(|| g.clone(), |x| format!("{g} {}", x.title))
            })
            .collect();
        let same_measure = last.0 == b.measure;
        let same_effect = same_measure && last.1 == b.effect;
        map_rows.push(TableRow::data(vec![
            if same_measure {
                Cell::Empty
            } else {
                Cell::Text(b.measure.clone())
            },
            if same_effect {
                Cell::Empty
            } else {
                Cell::Text(b.effect.clone())
            },
            Cell::Text(b.benefit.name.clone()),
            if goals.is_empty() {
                Cell::Text(
                    lang.pick(
                        "(ingen — må knyttes til et mål)",
                        "(none — must serve a goal)",
                    )
                    .to_string(),
                )
            } else {
                Cell::Text(goals.join("; "))
            },
        ]));
        last = (b.measure.as_str(), b.effect.as_str());
    }
    let rollup = plan_status(plan, today);
    Report {
        title: format!(
            "{} — {}",
            lang.pick("Gevinstrealisering", "Benefit realisation"),
            plan.project
        ),
        scope: plan.project.clone(),
        period,
        period_label: format!("{} {today}", lang.pick("status per", "as of")),
        subtitle: Some(format!(
            "{}: {} · {}: {} · {}: {}",
            lang.pick("Eier", "Owner"),
            plan.owner,
            lang.pick("Enheter", "Units"),
            plan.units.join(", "),
            lang.pick("Samlet", "Overall"),
            rollup.map_or(lang.pick("ingen gevinster", "no benefits"), |s| s
                .word(lang))
        )),
        municipality: model.municipality_name().to_string(),
        lang,
        sections: vec![
            Section {
                title: lang.pick("Gevinster", "Benefits").to_string(),
                status: rollup.map(BenefitStatus::light),
                body: Body::Table(Table { columns, rows }),
            },
            Section {
                title: lang.pick("Gevinstkart", "Benefit map").to_string(),
                status: None,
                body: Body::Table(Table {
                    columns: map_columns,
                    rows: map_rows,
                }),
            },
        ],
    }
}

/// The plan's stored form (JSON): what the store keeps, version by version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredPlan {
    id: String,
    project: String,
    owner: String,
    units: Vec<String>,
    kind: String,
    benefits: Vec<StoredBenefit>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredBenefit {
    name: String,
    kind: String,
    measure_unit: Option<String>,
    description: String,
    baseline_value: f64,
    baseline_date: NaiveDate,
    baseline_source: String,
    expected: f64,
    due: String,
    owner: String,
    indicator: Option<String>,
    goals: Vec<String>,
    measure: String,
    effect: String,
}

impl BenefitPlan {
    /// Its stored form.
    pub fn to_stored(&self) -> StoredPlan {
        StoredPlan {
            id: self.id.clone(),
            project: self.project.clone(),
            owner: self.owner.clone(),
            units: self.units.clone(),
            kind: crate::keyword::Keyword::key(self.kind).to_string(),
            benefits: self
                .benefits
                .iter()
                .map(|b| StoredBenefit {
                    name: b.benefit.name.clone(),
                    kind: crate::keyword::Keyword::key(b.benefit.kind).to_string(),
                    measure_unit: b.benefit.measure_unit.clone(),
                    description: b.description.clone(),
                    baseline_value: b.benefit.baseline.value,
                    baseline_date: b.benefit.baseline.date,
                    baseline_source: b.benefit.baseline.source.clone(),
                    expected: b.benefit.expected,
                    due: b.benefit.due.to_string(),
                    owner: b.owner.clone(),
                    indicator: b.indicator.clone(),
                    goals: b.goals.clone(),
                    measure: b.measure.clone(),
                    effect: b.effect.clone(),
                })
                .collect(),
        }
    }

    /// The plan from its stored form; `None` when it is damaged.
    pub fn from_stored(s: &StoredPlan) -> Option<BenefitPlan> {
        Some(BenefitPlan {
            id: s.id.clone(),
            project: s.project.clone(),
            owner: s.owner.clone(),
            units: s.units.clone(),
            kind: s.kind.parse().ok()?,
            benefits: s
                .benefits
                .iter()
                .map(|b| {
                    Some(PlannedBenefit {
                        benefit: Benefit {
                            name: b.name.clone(),
                            kind: b.kind.parse().ok()?,
                            measure_unit: b.measure_unit.clone(),
                            baseline: super::benefit::Baseline {
                                value: b.baseline_value,
                                date: b.baseline_date,
                                source: b.baseline_source.clone(),
                            },
                            expected: b.expected,
                            due: b.due.parse().ok()?,
                            realised: Vec::new(),
                        },
                        description: b.description.clone(),
                        owner: b.owner.clone(),
                        indicator: b.indicator.clone(),
                        goals: b.goals.clone(),
                        measure: b.measure.clone(),
                        effect: b.effect.clone(),
                    })
                })
                .collect::<Option<Vec<_>>>()?,
        })
    }
}

/// The plan with each benefit's realised values: those recorded directly
/// (`recorded`: benefit, period, value), and for a benefit with an
/// indicator its observations from the baseline on, over all the plan's
/// units — each a service unit or a sector standing for its service
/// units — rolled up by the indicator's own method ([`roll_up`]), so a
/// plan for two units follows both. A period recorded directly wins over
/// the indicator. The one rule for where a benefit's values come from.
pub fn with_realised(
    model: &Model,
    data: &crate::observation::Dataset,
    recorded: &[(String, crate::period::Period, f64)],
    plan: &BenefitPlan,
) -> BenefitPlan {
    let mut out = plan.clone();
    let units = plan_service_units(model, plan);
    for b in &mut out.benefits {
        let mut values: Vec<(crate::period::Period, f64)> = recorded
            .iter()
            .filter(|(name, _, _)| *name == b.benefit.name)
            .map(|(_, p, v)| (*p, *v))
            .collect();
        if let Some(i) = b
            .indicator
            .as_deref()
            .and_then(|c| model.indicator_index(c))
        {
            let mut periods: Vec<crate::period::Period> = units
                .iter()
                .flat_map(|&u| data.series(i, u))
                .filter(|(p, v, _)| v.is_some() && p.end() >= b.benefit.baseline.date)
                .map(|(p, _, _)| p)
                .collect();
            periods.sort();
            periods.dedup();
            for p in periods {
                if values.iter().any(|(q, _)| *q == p) {
                    continue;
                }
                if let Some(r) = roll_up(model, data, i, &units, p) {
                    values.push((p, r.value));
                }
            }
        }
        values.sort_by_key(|(p, _)| *p);
        b.benefit.realised = values;
    }
    out
}

crate::keyword::keyword_enum! {
    /// Where a realised value came from.
    pub enum ValueSource {
        /// Recorded by hand (`styring benefit record`).
        Recorded = "recorded" | "registrert",
        /// From the benefit's indicator, rolled up over the plan's units.
        Indicator = "indicator" | "indikator",
    }
}

/// One realised value of a plan's benefit, with its source.
#[derive(Debug, Clone, PartialEq)]
pub struct RealisedValue {
    /// The benefit's name.
    pub benefit: String,
    /// The period the value is for.
    pub period: crate::period::Period,
    /// The value.
    pub value: f64,
    /// Where it came from.
    pub source: ValueSource,
}

/// Every realised value of `plan` as [`with_realised`] gives them
/// (`recorded` as there), each with its source, by benefit in the plan's
/// order and then by period.
///
/// ```
/// use styring_core::register::{realised_values, ValueSource};
/// let model = styring_core::Model::example();
/// let (plan, _) = styring_core::example::sample_benefit_plan().unwrap();
/// let name = plan.benefits[0].benefit.name.clone();
/// let recorded = vec![(name.clone(), "2025-T1".parse().unwrap(), 1650.0)];
/// let data = styring_core::observation::Dataset::new(&model);
/// let v = realised_values(&model, &data, &recorded, &plan);
/// assert_eq!(v.len(), 1);
/// assert_eq!((v[0].benefit.as_str(), v[0].value, v[0].source), (name.as_str(), 1650.0, ValueSource::Recorded));
/// ```
pub fn realised_values(
    model: &Model,
    data: &crate::observation::Dataset,
    recorded: &[(String, crate::period::Period, f64)],
    plan: &BenefitPlan,
) -> Vec<RealisedValue> {
    let full = with_realised(model, data, recorded, plan);
    full.benefits
        .iter()
        .flat_map(|b| {
            b.benefit.realised.iter().map(|(p, v)| {
                let by_hand = recorded
                    .iter()
                    .any(|(n, q, _)| *n == b.benefit.name && q == p);
                RealisedValue {
                    benefit: b.benefit.name.clone(),
                    period: *p,
                    value: *v,
                    source: if by_hand {
                        ValueSource::Recorded
                    } else {
                        ValueSource::Indicator
                    },
                }
            })
        })
        .collect()
}

/// The service units (indexes into [`Model::units`]) a plan covers: its
/// units, a sector standing for the service units under it; each once.
fn plan_service_units(model: &Model, plan: &BenefitPlan) -> Vec<usize> {
    let mut out: Vec<usize> = plan
        .units
        .iter()
        .filter_map(|u| model.resolve_unit(u).ok())
        .flat_map(|u| model.service_units(&crate::unit::Scope::Unit(u.id.clone())))
        .filter_map(|u| model.unit_index(u.id.as_str()))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_plan_as_a_report_serialises() {
        let model = crate::Model::example();
        let (plan, _) = crate::example::sample_benefit_plan().unwrap();
        let r = super::benefit_report(
            &model,
            &plan,
            "2025".parse().unwrap(),
            "2025-09-01".parse().unwrap(),
            crate::Lang::Nb,
        );
        // Every kind of cell can be written (text cells once could not).
        let json = serde_json::to_string(&r).unwrap();
        assert!(
            json.contains(r#"{"kind":"text","value":"Færre kjørte kilometer"}"#),
            "{json}"
        );
    }
}
