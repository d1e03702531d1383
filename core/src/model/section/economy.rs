//! `[economy]`: the budget areas, the deviation rule, forecasts, the
//! units' profiles and the financial targets. Optional: without it the
//! budget areas are the units directly under the municipality.

use super::units::Units;
use super::Ctx;
use crate::economy::{EconomyConfig, FinancialTarget, ForecastMethod, Profile, TargetKind};
use crate::ids::UnitId;
use crate::problem::ProblemKind;
use serde::{Deserialize, Serialize};

/// `[economy]` as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEconomy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    budget_areas: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deviation_tolerance: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    forecast: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    categories: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    targets: Vec<RawTarget>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    profiles: Vec<RawProfile>,
}

/// One `[[economy.targets]]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    kind: String,
    value: f64,
    #[serde(default)]
    tolerance: f64,
}

/// One `[[economy.profiles]]`: twelve weights, or `shape = "last_year"`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    weights: Option<Vec<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    shape: Option<String>,
}

/// Checks the section against the units: known, non-nested budget areas
/// that hold every service unit; a tolerance and target values ≥ 0;
/// profiles of twelve weights ≥ 0 that sum to one.
pub(super) fn check(ctx: &mut Ctx, raw: Option<&RawEconomy>, units: &Units) -> EconomyConfig {
    let mut c = EconomyConfig::default();
    let empty = RawEconomy::default();
    let r = raw.unwrap_or(&empty);
    c.budget_areas = match &r.budget_areas {
        None => units.top_level().cloned().collect(),
        Some(list) => {
            let mut areas = Vec::new();
            for (i, a) in list.iter().enumerate() {
                let entry = format!("economy.budget_areas[{i}]");
                let Some(id) = ctx.id(&entry, a, UnitId::new) else {
                    continue;
                };
                if !units.contains(&id) {
                    ctx.unknown(&entry, ("enhet", "unit"), a, units.ids());
                } else if areas.contains(&id) {
                    ctx.add(
                        ProblemKind::Duplicate,
                        &entry,
                        format!("rammeområdet «{id}» står to ganger"),
                        format!("budget area \"{id}\" is listed twice"),
                    );
                } else {
                    areas.push(id);
                }
            }
            areas
        }
    };
    if raw.is_some() {
        check_areas(ctx, &c.budget_areas, units);
    }
    if let Some(t) = r.deviation_tolerance {
        if ctx.finite("economy", "deviation_tolerance", t) {
            if t < 0.0 {
                ctx.add(
                    ProblemKind::OutOfRange,
                    "economy",
                    format!(
                        "deviation_tolerance må være 0 eller mer (en brøk: 0.01 er 1 %), ikke {t}"
                    ),
                    format!(
                        "deviation_tolerance must be 0 or more (a fraction: 0.01 is 1 %), not {t}"
                    ),
                );
            } else {
                c.deviation_tolerance = t;
            }
        }
    }
    if let Some(f) = &r.forecast {
        let options: Vec<(&str, ForecastMethod)> =
            ForecastMethod::ALL.iter().map(|m| (m.key(), *m)).collect();
        if let Some(m) = ctx.choice("economy", "forecast", f, &options) {
            c.forecast = m;
        }
    }
    c.categories = r.categories.iter().map(|s| s.trim().to_string()).collect();
    for (i, t) in r.targets.iter().enumerate() {
        let entry = format!("economy.targets[{i}]");
        let options: Vec<(&str, TargetKind)> =
            TargetKind::ALL.iter().map(|k| (k.key(), *k)).collect();
        let kind = ctx.choice(&entry, "kind", &t.kind, &options);
        let ok =
            ctx.finite(&entry, "value", t.value) & ctx.finite(&entry, "tolerance", t.tolerance);
        if ok && t.tolerance < 0.0 {
            ctx.add(
                ProblemKind::OutOfRange,
                &entry,
                "tolerance må være 0 eller mer",
                "tolerance must be 0 or more",
            );
        } else if let (Some(kind), true) = (kind, ok) {
            if c.targets.iter().any(|x| x.kind == kind) {
                ctx.add(
                    ProblemKind::Duplicate,
                    &entry,
                    format!("måltallet «{kind}» står to ganger"),
                    format!("target \"{kind}\" is given twice"),
                );
            } else {
                c.targets.push(FinancialTarget {
                    kind,
                    value: t.value,
                    tolerance: t.tolerance,
                });
            }
        }
    }
    for (i, p) in r.profiles.iter().enumerate() {
        let entry = format!("economy.profiles[{i}] ({})", p.unit);
        let Some(id) = ctx.id(&entry, &p.unit, UnitId::new) else {
            continue;
        };
        if !units.contains(&id) {
            ctx.unknown(&entry, ("enhet", "unit"), &p.unit, units.ids());
            continue;
        }
        if let Some(profile) = profile(ctx, &entry, p) {
            c.profiles.insert(id, profile);
        }
    }
    c
}

fn profile(ctx: &mut Ctx, entry: &str, p: &RawProfile) -> Option<Profile> {
    match (&p.weights, p.shape.as_deref()) {
        (Some(w), None) => {
            let ok = w.len() == 12 && w.iter().all(|x| x.is_finite() && *x >= 0.0);
            let sum: f64 = w.iter().sum();
            if !ok || (sum - 1.0).abs() > 1e-6 {
                ctx.add(
                    ProblemKind::Invalid,
                    entry,
                    format!("weights må være tolv tall ≥ 0 som summerer til 1 (her {} tall med sum {sum})", w.len()),
                    format!("weights must be twelve numbers ≥ 0 that sum to 1 (here {} numbers summing to {sum})", w.len()),
                );
                return None;
            }
            let mut a = [0.0; 12];
            a.copy_from_slice(w);
            Some(Profile::Weights(a))
        }
        (None, Some("last_year")) => Some(Profile::LastYear),
        (None, Some("linear")) => Some(Profile::Linear),
        (None, Some(other)) => {
            ctx.choice(entry, "shape", other, &[("linear", ()), ("last_year", ())]);
            None
        }
        _ => {
            ctx.add(
                ProblemKind::Invalid,
                entry,
                "gi enten weights (tolv vekter) eller shape = \"last_year\"",
                "give either weights (twelve weights) or shape = \"last_year\"",
            );
            None
        }
    }
}

/// No area inside another, and every service unit in an area.
fn check_areas(ctx: &mut Ctx, areas: &[UnitId], units: &Units) {
    for (i, a) in areas.iter().enumerate() {
        if let Some(outer) = units.ancestors(a).find(|x| areas.contains(x)) {
            ctx.add(
                ProblemKind::Invalid,
                &format!("economy.budget_areas[{i}]"),
                format!("rammeområdet «{a}» ligger under rammeområdet «{outer}»; et rammeområde kan ikke ligge i et annet"),
                format!("budget area \"{a}\" is under budget area \"{outer}\"; areas cannot nest"),
            );
        }
    }
    let outside: Vec<&str> = units
        .service_units()
        .filter(|u| !areas.contains(u) && !units.ancestors(u).any(|x| areas.contains(x)))
        .map(UnitId::as_str)
        .collect();
    if !outside.is_empty() {
        ctx.add(
            ProblemKind::Missing,
            "economy.budget_areas",
            format!("enhetene {} ligger ikke i noe rammeområde; legg dem (eller en sektor over dem) til i budget_areas", outside.join(", ")),
            format!("the units {} are in no budget area; add them (or a sector above them) to budget_areas", outside.join(", ")),
        );
    }
}

/// The save form (`None` when the model had no `[economy]`).
pub(super) fn save(c: &EconomyConfig, written: bool) -> Option<RawEconomy> {
    if !written {
        return None;
    }
    Some(RawEconomy {
        budget_areas: Some(c.budget_areas.iter().map(|a| a.to_string()).collect()),
        deviation_tolerance: Some(c.deviation_tolerance),
        forecast: Some(c.forecast.key().to_string()),
        categories: c.categories.clone(),
        targets: c
            .targets
            .iter()
            .map(|t| RawTarget {
                kind: t.kind.key().to_string(),
                value: t.value,
                tolerance: t.tolerance,
            })
            .collect(),
        profiles: c
            .profiles
            .iter()
            .map(|(u, p)| RawProfile {
                unit: u.to_string(),
                weights: match p {
                    Profile::Weights(w) => Some(w.to_vec()),
                    _ => None,
                },
                shape: match p {
                    Profile::Weights(_) => None,
                    Profile::LastYear => Some("last_year".into()),
                    Profile::Linear => Some("linear".into()),
                },
            })
            .collect(),
    })
}
