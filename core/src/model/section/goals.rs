//! `[[goals]]`: the goal tree, «den røde tråden», from kommuneplan to
//! lederavtale; and the advice about it that does not make a model invalid.

use super::indicators::Indicators;
use super::units::Units;
use super::Ctx;
use crate::goal::{Goal, GoalLevel};
use crate::ids::{GoalId, IndicatorCode, UnitId};
use crate::model::Model;
use crate::problem::{Location, Problem, ProblemKind};
use crate::status::StatusPolicy;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// One `[[goals]]` entry as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGoal {
    id: String,
    level: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
    #[serde(default)]
    indicators: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rollup: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    share_green: Option<f64>,
}

const LEVELS: &[(&str, GoalLevel)] = &[
    ("kommuneplan", GoalLevel::Kommuneplan),
    ("temaplan", GoalLevel::Temaplan),
    ("okonomiplan", GoalLevel::Okonomiplan),
    ("arsplan", GoalLevel::Arsplan),
    ("lederavtale", GoalLevel::Lederavtale),
];

/// The `rollup` policies, before `share_green` is read.
#[derive(Debug, Clone, Copy)]
enum Rollup {
    Worst,
    Majority,
    ShareGreen,
}

const ROLLUPS: &[(&str, Rollup)] = &[
    ("worst", Rollup::Worst),
    ("majority", Rollup::Majority),
    ("share_green", Rollup::ShareGreen),
];

/// Checks the section against the indicators and units: valid, distinct
/// ids, a known level, a parent unless at the top, a unit where the level
/// needs one, known indicators and rollup; then, over the whole tree, that
/// each parent is one level up and that there are no cycles.
pub(super) fn check(
    ctx: &mut Ctx,
    raw: &[RawGoal],
    indicators: &Indicators,
    units: &Units,
) -> Vec<Goal> {
    let goal_ids: Vec<String> = raw.iter().map(|g| g.id.clone()).collect();
    let mut goals: Vec<Goal> = Vec::new();
    let mut seen = HashSet::new();
    for (i, g) in raw.iter().enumerate() {
        let entry = format!("goals[{i}] ({})", g.id);
        let Some(gid) = ctx.id(&entry, &g.id, GoalId::new) else {
            continue;
        };
        if !seen.insert(gid.clone()) {
            ctx.add(
                ProblemKind::Duplicate,
                &entry,
                format!("målet «{gid}» finnes fra før"),
                format!("duplicate goal \"{gid}\""),
            );
            continue;
        }
        if let Some(goal) = check_one(ctx, &entry, gid, g, &goal_ids, indicators, units) {
            goals.push(goal);
        }
    }
    check_tree(ctx, raw, &goals);
    goals
}

/// Checks one goal whose id is valid and new.
fn check_one(
    ctx: &mut Ctx,
    entry: &str,
    gid: GoalId,
    g: &RawGoal,
    goal_ids: &[String],
    indicators: &Indicators,
    units: &Units,
) -> Option<Goal> {
    let level = ctx.choice(entry, "level", &g.level, LEVELS)?;
    let mut ok = true;
    let parent = match (&g.parent, level) {
        (None, GoalLevel::Kommuneplan) => None,
        (Some(_), GoalLevel::Kommuneplan) => {
            ctx.add(
                ProblemKind::Invalid,
                entry,
                "mål i kommuneplanen har ikke overordnet mål",
                "kommuneplan goals have no parent",
            );
            ok = false;
            None
        }
        (None, _) => {
            ctx.add(
                ProblemKind::Missing,
                entry,
                format!(
                    "mål på nivå {} må ha et overordnet mål (parent)",
                    level.name_nb()
                ),
                format!("a {level} goal needs a parent"),
            );
            ok = false;
            None
        }
        (Some(p), _) => {
            if goal_ids.iter().any(|x| x == p) {
                GoalId::new(p).ok()
            } else {
                ctx.unknown(
                    entry,
                    ("overordnet mål", "parent goal"),
                    p,
                    goal_ids.iter().map(String::as_str),
                );
                ok = false;
                None
            }
        }
    };
    let unit = match &g.unit {
        None if level.needs_unit() => {
            ctx.add(
                ProblemKind::Missing,
                entry,
                format!("mål på nivå {} må ha en enhet (unit)", level.name_nb()),
                format!("a {level} goal needs a unit"),
            );
            ok = false;
            None
        }
        None => None,
        Some(u) => match UnitId::new(u) {
            Ok(uid) if units.contains(&uid) => Some(uid),
            _ => {
                ctx.unknown(entry, ("enhet", "unit"), u, units.ids());
                ok = false;
                None
            }
        },
    };
    let mut inds = Vec::new();
    for c in &g.indicators {
        if indicators.is_written(c) {
            if let Ok(c) = IndicatorCode::new(c) {
                inds.push(c);
            }
        } else {
            ctx.unknown(entry, ("indikator", "indicator"), c, indicators.codes());
            ok = false;
        }
    }
    let rollup = rollup(ctx, entry, g)?;
    ok.then(|| Goal {
        id: gid,
        level,
        parent,
        title: g.title.clone(),
        unit,
        indicators: inds,
        rollup,
    })
}

/// `rollup` (the worst status when not given), with `share_green` for
/// that policy.
fn rollup(ctx: &mut Ctx, entry: &str, g: &RawGoal) -> Option<StatusPolicy> {
    let Some(r) = g.rollup.as_deref() else {
        return Some(StatusPolicy::Worst);
    };
    match ctx.choice(entry, "rollup", r, ROLLUPS)? {
        Rollup::Worst => Some(StatusPolicy::Worst),
        Rollup::Majority => Some(StatusPolicy::Majority),
        Rollup::ShareGreen => match g.share_green {
            Some(s) if (0.0..=1.0).contains(&s) => Some(StatusPolicy::ShareGreen(s)),
            share => {
                let kind = if share.is_none() {
                    ProblemKind::Missing
                } else {
                    ProblemKind::OutOfRange
                };
                ctx.add(
                    kind,
                    entry,
                    "rollup = \"share_green\" trenger share_green mellom 0 og 1",
                    "rollup = \"share_green\" needs share_green between 0 and 1",
                );
                None
            }
        },
    }
}

/// Over the checked goals: each parent exactly one level up, and no
/// cycles.
fn check_tree(ctx: &mut Ctx, raw: &[RawGoal], goals: &[Goal]) {
    let pos: HashMap<GoalId, usize> = goals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.clone(), i))
        .collect();
    for g in goals {
        let i = raw.iter().position(|r| r.id == g.id.as_str()).unwrap_or(0);
        let entry = format!("goals[{i}] ({})", g.id);
        if let Some(p) = g
            .parent
            .as_ref()
            .and_then(|p| pos.get(p))
            .map(|&j| &goals[j])
        {
            if p.level.depth() + 1 != g.level.depth() {
                ctx.add(
                    ProblemKind::Invalid,
                    &entry,
                    format!(
                        "overordnet mål «{}» er på nivå {}, men et mål på nivå {} må ligge rett under et mål ett nivå opp",
                        p.id,
                        p.level.name_nb(),
                        g.level.name_nb()
                    ),
                    format!("parent goal \"{}\" is a {} goal, but a {} goal must sit directly under a goal one level up", p.id, p.level, g.level),
                );
            }
        }
        let parent = |id: &GoalId| pos.get(id).and_then(|&j| goals[j].parent.clone());
        if let Some(path) = super::units::cycle_from(&g.id, goals.len(), parent) {
            let ring = path
                .iter()
                .map(GoalId::as_str)
                .collect::<Vec<_>>()
                .join(" → ");
            ctx.add(
                ProblemKind::Invalid,
                &entry,
                format!("måltreet har en sirkel: {ring}; gi ett av målene et annet overordnet mål"),
                format!("the goal tree has a cycle: {ring}; give one of the goals another parent"),
            );
        }
    }
}

/// The save form.
pub(super) fn save(goals: &[Goal]) -> Vec<RawGoal> {
    goals
        .iter()
        .map(|g| RawGoal {
            id: g.id.to_string(),
            level: g.level.key().to_string(),
            parent: g.parent.as_ref().map(|p| p.to_string()),
            title: g.title.clone(),
            unit: g.unit.as_ref().map(|u| u.to_string()),
            indicators: g.indicators.iter().map(|c| c.to_string()).collect(),
            rollup: match g.rollup {
                StatusPolicy::Worst => None,
                StatusPolicy::Majority => Some("majority".into()),
                StatusPolicy::ShareGreen(_) => Some("share_green".into()),
            },
            share_green: match g.rollup {
                StatusPolicy::ShareGreen(s) => Some(s),
                _ => None,
            },
        })
        .collect()
}

/// Goal-tree advice: goals without indicators (and without sub-goals);
/// unit indicators that trace to no kommuneplan goal.
pub(in crate::model) fn advice(m: &Model) -> Vec<Problem> {
    let mut out = Vec::new();
    let children: HashSet<&GoalId> = m.goals.iter().filter_map(|g| g.parent.as_ref()).collect();
    for (i, g) in m.goals.iter().enumerate() {
        if g.indicators.is_empty() && !children.contains(&g.id) {
            out.push(
                Problem::new(
                    Location::entry(format!("goals[{i}] ({})", g.id)),
                    "målet har ingen indikatorer, så ingen kan se om det nås",
                    "the goal has no indicators, so nobody can see whether it is reached",
                )
                .of_kind(ProblemKind::Missing),
            );
        }
    }
    // Indicators reachable from a kommuneplan goal: attached to a goal
    // whose ancestor chain ends at kommuneplan level.
    let pos: HashMap<&GoalId, &Goal> = m.goals.iter().map(|g| (&g.id, g)).collect();
    let mut traced: HashSet<&IndicatorCode> = HashSet::new();
    for g in &m.goals {
        let mut cur = g;
        let mut steps = 0;
        while let Some(p) = cur.parent.as_ref().and_then(|p| pos.get(p)) {
            cur = p;
            steps += 1;
            if steps > m.goals.len() {
                break;
            }
        }
        if cur.level == GoalLevel::Kommuneplan {
            traced.extend(g.indicators.iter());
        }
    }
    let leaves = m.service_units(&crate::unit::Scope::Municipality);
    for (i, x) in m.indicators.iter().enumerate() {
        if !traced.contains(&x.code) && leaves.iter().any(|u| m.applies(x, u)) {
            out.push(
                Problem::new(
                    Location::entry(format!("indicators[{i}] ({})", x.code)),
                    "indikatoren kan ikke spores til noe mål i kommuneplanen (den røde tråden mangler)",
                    "the indicator traces to no kommuneplan goal (the red thread is missing)",
                )
                .of_kind(ProblemKind::Missing),
            );
        }
    }
    out
}
