//! Turning the text form into a valid [`Model`] (every problem reported
//! with its entry), and back.

use super::raw::*;
use super::{Index, Model};
use crate::error::Error;
use crate::goal::{Goal, GoalLevel};
use crate::ids::{FocusAreaId, GoalId, IndicatorCode, PerspectiveId, UnitId, UnitKind};
use crate::indicator::{
    AppliesTo, Direction, Indicator, Measure, MeasureKind, TimeAggregation, UnitAggregation, Weight,
};
use crate::period::{Frequency, Period};
use crate::perspective::{FocusArea, Perspective};
use crate::problem::{suggest, Location, Problem, Problems};
use crate::rule::{Rule, ScriptSource, Tolerance};
use crate::status::StatusPolicy;
use crate::target::{Target, TargetValue, TargetWhen, Targets};
use crate::unit::Unit;
use std::collections::{HashMap, HashSet};

struct Ctx<'a> {
    origin: &'a str,
    problems: Problems,
}

impl Ctx<'_> {
    fn add(&mut self, entry: &str, nb: String, en: String) {
        self.problems.push(Problem::new(
            Location::entry(entry).in_file(self.origin),
            nb,
            en,
        ));
    }
}

fn hint(s: Option<String>, lang_nb: bool) -> String {
    match s {
        Some(s) if lang_nb => format!(" — mente du «{s}»?"),
        Some(s) => format!(" (did you mean \"{s}\"?)"),
        None => String::new(),
    }
}

fn choice<T: Copy>(
    ctx: &mut Ctx,
    entry: &str,
    key: &str,
    value: &str,
    options: &[(&str, T)],
) -> Option<T> {
    if let Some((_, v)) = options.iter().find(|(k, _)| *k == value) {
        return Some(*v);
    }
    let list = options
        .iter()
        .map(|(k, _)| *k)
        .collect::<Vec<_>>()
        .join(", ");
    let s = suggest(value, options.iter().map(|(k, _)| *k));
    ctx.add(
        entry,
        format!(
            "ukjent verdi «{value}» for {key} (gyldige: {list}){}",
            hint(s.clone(), true)
        ),
        format!(
            "unknown {key} \"{value}\" (expected one of {list}){}",
            hint(s, false)
        ),
    );
    None
}

const MEASURES: &[(&str, MeasureKind)] = &[
    ("number", MeasureKind::Number),
    ("percent", MeasureKind::Percent),
    ("score", MeasureKind::Score),
    ("nok", MeasureKind::Nok),
    ("count", MeasureKind::Count),
];
const DIRECTIONS: &[(&str, Direction)] = &[
    ("higher_is_better", Direction::HigherIsBetter),
    ("lower_is_better", Direction::LowerIsBetter),
    ("within_range", Direction::WithinRange),
];
const FREQUENCIES: &[(&str, Frequency)] = &[
    ("month", Frequency::Month),
    ("tertial", Frequency::Tertial),
    ("year", Frequency::Year),
];
const TIME_AGG: &[(&str, TimeAggregation)] = &[
    ("mean", TimeAggregation::Mean),
    ("sum", TimeAggregation::Sum),
    ("last", TimeAggregation::Last),
    ("max", TimeAggregation::Max),
    ("min", TimeAggregation::Min),
];
const UNIT_AGG: &[(&str, u8)] = &[
    ("mean", 0),
    ("weighted_mean", 1),
    ("sum", 2),
    ("min", 3),
    ("max", 4),
    ("ratio", 5),
];
const LEVELS: &[(&str, GoalLevel)] = &[
    ("kommuneplan", GoalLevel::Kommuneplan),
    ("temaplan", GoalLevel::Temaplan),
    ("okonomiplan", GoalLevel::Okonomiplan),
    ("arsplan", GoalLevel::Arsplan),
    ("lederavtale", GoalLevel::Lederavtale),
];
const POLICIES: &[(&str, u8)] = &[("worst", 0), ("majority", 1), ("share_green", 2)];

fn id<T>(
    ctx: &mut Ctx,
    entry: &str,
    text: &str,
    make: impl Fn(&str) -> Result<T, crate::ids::IdError>,
) -> Option<T> {
    match make(text) {
        Ok(v) => Some(v),
        Err(e) => {
            ctx.add(entry, e.message_nb(), e.to_string());
            None
        }
    }
}

fn finite(ctx: &mut Ctx, entry: &str, key: &str, v: f64) -> bool {
    if v.is_finite() {
        true
    } else {
        ctx.add(
            entry,
            format!("{key} må være et endelig tall, ikke {v}"),
            format!("{key} must be a finite number, not {v}"),
        );
        false
    }
}

pub(crate) fn from_raw(raw: RawModel, origin: &str) -> Result<Model, Error> {
    let mut ctx = Ctx {
        origin,
        problems: Problems::default(),
    };

    // Municipality.
    let municipality_id = id(
        &mut ctx,
        "municipality",
        raw.municipality.id.as_deref().unwrap_or("kommune"),
        UnitId::new,
    )
    .unwrap_or_else(|| UnitId::new("kommune").expect("valid"));
    if raw.municipality.name.trim().is_empty() {
        ctx.add(
            "municipality",
            "navn mangler".into(),
            "name is empty".into(),
        );
    }

    // Perspectives.
    let mut perspectives = Vec::new();
    let mut seen = HashSet::new();
    for (i, p) in raw.perspectives.iter().enumerate() {
        let entry = format!("perspectives[{i}] ({})", p.id);
        let Some(pid) = id(&mut ctx, &entry, &p.id, PerspectiveId::new) else {
            continue;
        };
        if !seen.insert(pid.clone()) {
            ctx.add(
                &entry,
                format!("perspektivet «{pid}» finnes fra før"),
                format!("duplicate perspective \"{pid}\""),
            );
            continue;
        }
        perspectives.push(Perspective {
            id: pid,
            name: p.name.clone(),
        });
    }
    if raw.perspectives.is_empty() {
        ctx.add(
            "perspectives",
            "modellen har ingen perspektiver".into(),
            "the model has no perspectives".into(),
        );
    }

    // Focus areas.
    let mut focus_areas = Vec::new();
    let mut seen = HashSet::new();
    for (i, f) in raw.focus_areas.iter().enumerate() {
        let entry = format!("focus_areas[{i}] ({})", f.id);
        let Some(fid) = id(&mut ctx, &entry, &f.id, FocusAreaId::new) else {
            continue;
        };
        if !seen.insert(fid.clone()) {
            ctx.add(
                &entry,
                format!("fokusområdet «{fid}» finnes fra før"),
                format!("duplicate focus area \"{fid}\""),
            );
            continue;
        }
        let Some(pid) = id(&mut ctx, &entry, &f.perspective, PerspectiveId::new) else {
            continue;
        };
        if !perspectives.iter().any(|p| p.id == pid) {
            let s = suggest(pid.as_str(), perspectives.iter().map(|p| p.id.as_str()));
            ctx.add(
                &entry,
                format!("ukjent perspektiv «{pid}»{}", hint(s.clone(), true)),
                format!("unknown perspective \"{pid}\"{}", hint(s, false)),
            );
            continue;
        }
        focus_areas.push(FocusArea {
            id: fid,
            perspective: pid,
            name: f.name.clone(),
            cross_cutting: f.cross_cutting,
        });
    }

    // Units.
    let mut units: Vec<Unit> = Vec::new();
    let mut seen = HashSet::new();
    let raw_ids: Vec<String> = raw.units.iter().map(|u| u.id.clone()).collect();
    for (i, u) in raw.units.iter().enumerate() {
        let entry = format!("units[{i}]");
        let Some(uid) = id(&mut ctx, &entry, &u.id, UnitId::new) else {
            continue;
        };
        let entry = format!("units[{i}] ({uid})");
        if uid == municipality_id {
            ctx.add(
                &entry,
                format!("enheten kan ikke ha samme id som kommunen («{uid}»)"),
                format!("a unit cannot have the municipality's id \"{uid}\""),
            );
            continue;
        }
        if !seen.insert(uid.clone()) {
            ctx.add(
                &entry,
                format!("enheten «{uid}» finnes fra før"),
                format!("duplicate unit \"{uid}\""),
            );
            continue;
        }
        let Some(kind) = id(&mut ctx, &entry, &u.kind, UnitKind::new) else {
            continue;
        };
        let parent = match &u.parent {
            None => None,
            Some(p) if raw_ids.iter().any(|r| r == p) && p != &u.id => UnitId::new(p).ok(),
            Some(p) => {
                let s = suggest(p, raw_ids.iter().map(String::as_str));
                ctx.add(
                    &entry,
                    format!("ukjent overordnet enhet «{p}»{}", hint(s.clone(), true)),
                    format!("unknown parent unit \"{p}\"{}", hint(s, false)),
                );
                None
            }
        };
        if !u.fte.is_finite() || u.fte < 0.0 {
            ctx.add(
                &entry,
                format!("årsverk (fte) må være 0 eller mer, ikke {}", u.fte),
                format!("fte must be 0 or more, not {}", u.fte),
            );
        }
        units.push(Unit {
            id: uid,
            name: u.name.clone(),
            kind,
            parent,
            leader: u.leader.clone(),
            fte: if u.fte.is_finite() {
                u.fte.max(0.0)
            } else {
                0.0
            },
        });
    }
    // Parent cycles.
    let unit_pos: HashMap<UnitId, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.clone(), i))
        .collect();
    for (i, u) in units.iter().enumerate() {
        let mut cur = u.parent.clone();
        let mut steps = 0;
        while let Some(p) = cur {
            if p == u.id || steps > units.len() {
                ctx.add(
                    &format!("units[{i}] ({})", u.id),
                    "enhetstreet har en sirkel: enheten ligger under seg selv".into(),
                    "the unit tree has a cycle: the unit is its own ancestor".into(),
                );
                break;
            }
            steps += 1;
            cur = unit_pos.get(&p).and_then(|&j| units[j].parent.clone());
        }
    }
    let has_child: HashSet<UnitId> = units.iter().filter_map(|u| u.parent.clone()).collect();
    let kinds: HashSet<UnitKind> = units
        .iter()
        .filter(|u| !has_child.contains(&u.id))
        .map(|u| u.kind.clone())
        .collect();

    // Indicators: codes first, so that weights and ratios can refer forward.
    let codes: Vec<String> = raw.indicators.iter().map(|x| x.code.clone()).collect();
    let mut indicators: Vec<Indicator> = Vec::new();
    let mut seen = HashSet::new();
    for (i, x) in raw.indicators.iter().enumerate() {
        let entry = format!("indicators[{i}] ({})", x.code);
        let Some(code) = id(&mut ctx, &entry, &x.code, IndicatorCode::new) else {
            continue;
        };
        if !seen.insert(code.clone()) {
            ctx.add(
                &entry,
                format!("indikatorkoden «{code}» finnes fra før"),
                format!("duplicate indicator code \"{code}\""),
            );
            continue;
        }
        let mut ok = true;
        let focus_area = match FocusAreaId::new(&x.focus_area) {
            Ok(f) if focus_areas.iter().any(|a| a.id == f) => Some(f),
            _ => {
                let s = suggest(&x.focus_area, focus_areas.iter().map(|a| a.id.as_str()));
                ctx.add(
                    &entry,
                    format!(
                        "ukjent fokusområde «{}»{}",
                        x.focus_area,
                        hint(s.clone(), true)
                    ),
                    format!("unknown focus area \"{}\"{}", x.focus_area, hint(s, false)),
                );
                None
            }
        };
        let kind = choice(&mut ctx, &entry, "measure", &x.measure, MEASURES);
        let direction = choice(&mut ctx, &entry, "direction", &x.direction, DIRECTIONS);
        let frequency = choice(&mut ctx, &entry, "frequency", &x.frequency, FREQUENCIES);
        let aggregate_time = match &x.aggregate_time {
            None => Some(TimeAggregation::Mean),
            Some(t) => choice(&mut ctx, &entry, "aggregate_time", t, TIME_AGG),
        };
        let decimals = match x.decimals {
            None => Some(match kind {
                Some(MeasureKind::Nok) | Some(MeasureKind::Count) => 0,
                _ => 1,
            }),
            Some(d) if (0..=6).contains(&d) => Some(d as u8),
            Some(d) => {
                ctx.add(
                    &entry,
                    format!("decimals må være 0–6, ikke {d}"),
                    format!("decimals must be 0–6, not {d}"),
                );
                None
            }
        };
        let code_ref = |ctx: &mut Ctx, key: &str, c: &Option<String>| -> Option<IndicatorCode> {
            let Some(c) = c else {
                ctx.add(
                    &entry,
                    format!("{key} mangler"),
                    format!("{key} is missing"),
                );
                return None;
            };
            if codes.iter().any(|k| k == c) && c != &x.code {
                IndicatorCode::new(c).ok()
            } else {
                let s = suggest(c, codes.iter().map(String::as_str));
                ctx.add(
                    &entry,
                    format!("{key}: ukjent indikator «{c}»{}", hint(s.clone(), true)),
                    format!("{key}: unknown indicator \"{c}\"{}", hint(s, false)),
                );
                None
            }
        };
        let method = x.aggregate_units.as_deref().unwrap_or("mean");
        let aggregate_units = match choice(&mut ctx, &entry, "aggregate_units", method, UNIT_AGG) {
            Some(0) => Some(UnitAggregation::Mean),
            Some(1) => match x.weight.as_deref() {
                None | Some("fte") => Some(UnitAggregation::WeightedMean(Weight::Fte)),
                Some(_) => code_ref(&mut ctx, "weight", &x.weight)
                    .map(|c| UnitAggregation::WeightedMean(Weight::Indicator(c))),
            },
            Some(2) => Some(UnitAggregation::Sum),
            Some(3) => Some(UnitAggregation::Min),
            Some(4) => Some(UnitAggregation::Max),
            Some(5) => {
                let n = code_ref(&mut ctx, "numerator", &x.numerator);
                let d = code_ref(&mut ctx, "denominator", &x.denominator);
                match (n, d) {
                    (Some(numerator), Some(denominator)) => Some(UnitAggregation::Ratio {
                        numerator,
                        denominator,
                    }),
                    _ => None,
                }
            }
            _ => None,
        };
        if method != "weighted_mean" && x.weight.is_some() {
            ctx.add(
                &entry,
                "weight brukes bare med aggregate_units = \"weighted_mean\"".into(),
                "weight is only used with aggregate_units = \"weighted_mean\"".into(),
            );
        }
        if method != "ratio" && (x.numerator.is_some() || x.denominator.is_some()) {
            ctx.add(
                &entry,
                "numerator/denominator brukes bare med aggregate_units = \"ratio\"".into(),
                "numerator/denominator are only used with aggregate_units = \"ratio\"".into(),
            );
        }
        let applies_to = match &x.applies_to {
            None => Some(AppliesTo::All),
            Some(RawAppliesTo::Word(w)) if w == "all" => Some(AppliesTo::All),
            Some(RawAppliesTo::Word(w)) => {
                ctx.add(
                    &entry,
                    format!("applies_to = «{w}» er ukjent; skriv \"all\", {{ kinds = [...] }} eller {{ units = [...] }}"),
                    format!("applies_to = \"{w}\" is unknown; write \"all\", {{ kinds = [...] }} or {{ units = [...] }}"),
                );
                None
            }
            Some(RawAppliesTo::Table {
                kinds: Some(k),
                units: None,
            }) => {
                let mut out = Vec::new();
                for kind in k {
                    match UnitKind::new(kind) {
                        Ok(kk) if kinds.contains(&kk) => out.push(kk),
                        _ => {
                            let s = suggest(kind, kinds.iter().map(|k| k.as_str()));
                            ctx.add(
                                &entry,
                                format!(
                                    "applies_to: ingen enhet har typen «{kind}»{}",
                                    hint(s.clone(), true)
                                ),
                                format!(
                                    "applies_to: no unit has kind \"{kind}\"{}",
                                    hint(s, false)
                                ),
                            );
                            ok = false;
                        }
                    }
                }
                Some(AppliesTo::Kinds(out))
            }
            Some(RawAppliesTo::Table {
                kinds: None,
                units: Some(us),
            }) => {
                let mut out = Vec::new();
                for u in us {
                    match UnitId::new(u) {
                        Ok(uid) if unit_pos.contains_key(&uid) && !has_child.contains(&uid) => {
                            out.push(uid)
                        }
                        _ => {
                            let s = suggest(u, units.iter().map(|x| x.id.as_str()));
                            ctx.add(
                                &entry,
                                format!(
                                    "applies_to: «{u}» er ikke en tjenesteenhet{}",
                                    hint(s.clone(), true)
                                ),
                                format!(
                                    "applies_to: \"{u}\" is not a service unit{}",
                                    hint(s, false)
                                ),
                            );
                            ok = false;
                        }
                    }
                }
                Some(AppliesTo::Units(out))
            }
            Some(RawAppliesTo::Table { .. }) => {
                ctx.add(
                    &entry,
                    "applies_to må ha enten kinds eller units".into(),
                    "applies_to needs either kinds or units".into(),
                );
                None
            }
        };
        if let Some(m) = x.trend_margin {
            if !m.is_finite() || m < 0.0 {
                ctx.add(
                    &entry,
                    "trend_margin må være 0 eller mer".into(),
                    "trend_margin must be 0 or more".into(),
                );
                ok = false;
            }
        }
        for (key, v) in [("min", x.min), ("max", x.max)] {
            if let Some(v) = v {
                ok &= finite(&mut ctx, &entry, key, v);
            }
        }
        let (
            Some(focus_area),
            Some(kind),
            Some(direction),
            Some(frequency),
            Some(aggregate_time),
            Some(decimals),
            Some(aggregate_units),
            Some(applies_to),
        ) = (
            focus_area,
            kind,
            direction,
            frequency,
            aggregate_time,
            decimals,
            aggregate_units,
            applies_to,
        )
        else {
            continue;
        };
        let mut measure = Measure::new(kind, decimals);
        if x.min.is_some() || x.max.is_some() {
            measure = measure.with_bounds(x.min.or(measure.min), x.max.or(measure.max));
        }
        if let (Some(a), Some(b)) = (measure.min, measure.max) {
            if a > b {
                ctx.add(
                    &entry,
                    format!("min ({a}) er større enn max ({b})"),
                    format!("min ({a}) is greater than max ({b})"),
                );
                ok = false;
            }
        }
        let rule = parse_rule(&mut ctx, &entry, x.rule.as_ref());
        let Some(rule) = rule else { continue };
        let computed = match (&x.computed, &x.computed_inline) {
            (None, None) => None,
            (Some(p), None) if !p.trim().is_empty() => Some(ScriptSource::File(p.clone())),
            (None, Some(s)) if !s.trim().is_empty() => Some(ScriptSource::Inline(s.clone())),
            (Some(_), Some(_)) => {
                ctx.add(
                    &entry,
                    "oppgi enten computed (en skriptfil) eller computed_inline, ikke begge".into(),
                    "give either computed (a script file) or computed_inline, not both".into(),
                );
                continue;
            }
            _ => {
                ctx.add(
                    &entry,
                    "computed er tom: oppgi skriptfilen (computed) eller skriptet (computed_inline)".into(),
                    "computed is empty: give the script file (computed) or the script (computed_inline)".into(),
                );
                continue;
            }
        };
        let ind = Indicator {
            code,
            name: x.name.clone(),
            description: x.description.clone(),
            focus_area,
            measure,
            direction,
            frequency,
            source: x.source.clone(),
            aggregate_time,
            aggregate_units,
            applies_to,
            rule,
            trend_margin: x.trend_margin,
            computed,
        };
        let before = ctx.problems.len();
        check_rule(&ind.rule, &ind, &entry, &mut ctx.problems);
        for p in &mut ctx.problems.0[before..] {
            p.location.file = Some(origin.to_string());
        }
        if ok && ctx.problems.len() == before {
            indicators.push(ind);
        }
    }
    // Ratio parts must be reported at the same frequency and by the same units.
    for ind in &indicators {
        if let UnitAggregation::Ratio {
            numerator,
            denominator,
        } = &ind.aggregate_units
        {
            for part in [numerator, denominator] {
                if let Some(p) = indicators.iter().find(|x| &x.code == part) {
                    if p.frequency != ind.frequency {
                        let i = raw
                            .indicators
                            .iter()
                            .position(|r| r.code == ind.code.as_str())
                            .unwrap_or(0);
                        ctx.add(
                            &format!("indicators[{i}] ({})", ind.code),
                            format!(
                                "delen «{part}» måles per {}, men indikatoren per {}",
                                p.frequency.name_nb(),
                                ind.frequency.name_nb()
                            ),
                            format!(
                                "part \"{part}\" is measured per {}, the indicator per {}",
                                p.frequency, ind.frequency
                            ),
                        );
                    }
                }
            }
        }
    }

    // Targets.
    let mut targets = Vec::new();
    let mut seen_t = HashSet::new();
    for (i, t) in raw.targets.iter().enumerate() {
        let entry = format!("targets[{i}] ({})", t.indicator);
        let Some(ind) = indicators.iter().find(|x| x.code.as_str() == t.indicator) else {
            if !codes.contains(&t.indicator) {
                let s = suggest(&t.indicator, codes.iter().map(String::as_str));
                ctx.add(
                    &entry,
                    format!(
                        "ukjent indikator «{}»{}",
                        t.indicator,
                        hint(s.clone(), true)
                    ),
                    format!("unknown indicator \"{}\"{}", t.indicator, hint(s, false)),
                );
            }
            continue;
        };
        let when = match (t.year, &t.period) {
            (Some(y), None) => match Period::year(y.clamp(i32::MIN as i64, i32::MAX as i64) as i32)
            {
                Ok(_) if (1900..=2200).contains(&y) => Some(TargetWhen::Year(y as i32)),
                _ => {
                    ctx.add(
                        &entry,
                        format!("året {y} er utenfor 1900–2200"),
                        format!("year {y} is outside 1900–2200"),
                    );
                    None
                }
            },
            (None, Some(p)) => match p.parse::<Period>() {
                Ok(p) => Some(TargetWhen::Period(p)),
                Err(e) => {
                    ctx.add(&entry, e.message_nb(), e.to_string());
                    None
                }
            },
            _ => {
                ctx.add(
                    &entry,
                    "oppgi enten year eller period (ikke begge)".into(),
                    "give either year or period (not both)".into(),
                );
                None
            }
        };
        let unit = match &t.unit {
            None => Some(None),
            Some(u) => match UnitId::new(u) {
                Ok(uid) if unit_pos.contains_key(&uid) => Some(Some(uid)),
                _ => {
                    let s = suggest(u, units.iter().map(|x| x.id.as_str()));
                    ctx.add(
                        &entry,
                        format!("ukjent enhet «{u}»{}", hint(s.clone(), true)),
                        format!("unknown unit \"{u}\"{}", hint(s, false)),
                    );
                    None
                }
            },
        };
        let value = match (t.value, t.min, t.max) {
            (Some(v), None, None) if v.is_finite() => Some(TargetValue::Value(v)),
            (None, Some(a), Some(b)) if a.is_finite() && b.is_finite() && a <= b => {
                Some(TargetValue::Range { min: a, max: b })
            }
            (None, Some(a), Some(b)) if a > b => {
                ctx.add(
                    &entry,
                    format!("min ({a}) er større enn max ({b})"),
                    format!("min ({a}) is greater than max ({b})"),
                );
                None
            }
            _ => {
                ctx.add(
                    &entry,
                    "oppgi enten value eller både min og max, som endelige tall".into(),
                    "give either value, or both min and max, as finite numbers".into(),
                );
                None
            }
        };
        if let Some(v) = value {
            for x in [
                v.midpoint(),
                match v {
                    TargetValue::Range { min, .. } => min,
                    TargetValue::Value(x) => x,
                },
                match v {
                    TargetValue::Range { max, .. } => max,
                    TargetValue::Value(x) => x,
                },
            ] {
                if ind.measure.check(x).is_err() {
                    ctx.add(
                        &entry,
                        format!(
                            "målet {} er utenfor gyldig område for {}",
                            ind.measure.format(x, crate::lang::Lang::Nb),
                            ind.code
                        ),
                        format!(
                            "target {} is outside the valid range of {}",
                            ind.measure.format(x, crate::lang::Lang::En),
                            ind.code
                        ),
                    );
                    break;
                }
            }
        }
        let (Some(when), Some(unit), Some(value)) = (when, unit, value) else {
            continue;
        };
        if !seen_t.insert((ind.code.clone(), when, unit.clone())) {
            ctx.add(
                &entry,
                "det finnes allerede et mål for samme indikator, tid og enhet".into(),
                "a target for the same indicator, time and unit already exists".into(),
            );
            continue;
        }
        targets.push(Target {
            indicator: ind.code.clone(),
            when,
            unit,
            value,
        });
    }

    // Goals.
    let goal_ids: Vec<String> = raw.goals.iter().map(|g| g.id.clone()).collect();
    let mut goals: Vec<Goal> = Vec::new();
    let mut seen_g = HashSet::new();
    for (i, g) in raw.goals.iter().enumerate() {
        let entry = format!("goals[{i}] ({})", g.id);
        let Some(gid) = id(&mut ctx, &entry, &g.id, GoalId::new) else {
            continue;
        };
        if !seen_g.insert(gid.clone()) {
            ctx.add(
                &entry,
                format!("målet «{gid}» finnes fra før"),
                format!("duplicate goal \"{gid}\""),
            );
            continue;
        }
        let Some(level) = choice(&mut ctx, &entry, "level", &g.level, LEVELS) else {
            continue;
        };
        let mut ok = true;
        let parent = match (&g.parent, level) {
            (None, GoalLevel::Kommuneplan) => None,
            (Some(_), GoalLevel::Kommuneplan) => {
                ctx.add(
                    &entry,
                    "mål i kommuneplanen har ikke overordnet mål".into(),
                    "kommuneplan goals have no parent".into(),
                );
                ok = false;
                None
            }
            (None, _) => {
                ctx.add(
                    &entry,
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
                    let s = suggest(p, goal_ids.iter().map(String::as_str));
                    ctx.add(
                        &entry,
                        format!("ukjent overordnet mål «{p}»{}", hint(s.clone(), true)),
                        format!("unknown parent goal \"{p}\"{}", hint(s, false)),
                    );
                    ok = false;
                    None
                }
            }
        };
        let unit = match &g.unit {
            None if level.needs_unit() => {
                ctx.add(
                    &entry,
                    format!("mål på nivå {} må ha en enhet (unit)", level.name_nb()),
                    format!("a {level} goal needs a unit"),
                );
                ok = false;
                None
            }
            None => None,
            Some(u) => match UnitId::new(u) {
                Ok(uid) if unit_pos.contains_key(&uid) => Some(uid),
                _ => {
                    let s = suggest(u, units.iter().map(|x| x.id.as_str()));
                    ctx.add(
                        &entry,
                        format!("ukjent enhet «{u}»{}", hint(s.clone(), true)),
                        format!("unknown unit \"{u}\"{}", hint(s, false)),
                    );
                    ok = false;
                    None
                }
            },
        };
        let mut inds = Vec::new();
        for c in &g.indicators {
            if codes.contains(c) {
                if let Ok(c) = IndicatorCode::new(c) {
                    inds.push(c);
                }
            } else {
                let s = suggest(c, codes.iter().map(String::as_str));
                ctx.add(
                    &entry,
                    format!("ukjent indikator «{c}»{}", hint(s.clone(), true)),
                    format!("unknown indicator \"{c}\"{}", hint(s, false)),
                );
                ok = false;
            }
        }
        let rollup = match g.rollup.as_deref() {
            None => Some(StatusPolicy::Worst),
            Some(r) => match choice(&mut ctx, &entry, "rollup", r, POLICIES) {
                Some(0) => Some(StatusPolicy::Worst),
                Some(1) => Some(StatusPolicy::Majority),
                Some(_) => match g.share_green {
                    Some(s) if (0.0..=1.0).contains(&s) => Some(StatusPolicy::ShareGreen(s)),
                    _ => {
                        ctx.add(
                            &entry,
                            "rollup = \"share_green\" trenger share_green mellom 0 og 1".into(),
                            "rollup = \"share_green\" needs share_green between 0 and 1".into(),
                        );
                        None
                    }
                },
                None => None,
            },
        };
        let Some(rollup) = rollup else { continue };
        if ok {
            goals.push(Goal {
                id: gid,
                level,
                parent,
                title: g.title.clone(),
                unit,
                indicators: inds,
                rollup,
            });
        }
    }
    // Parent levels and cycles.
    let goal_pos: HashMap<GoalId, usize> = goals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.clone(), i))
        .collect();
    for g in &goals {
        let i = raw
            .goals
            .iter()
            .position(|r| r.id == g.id.as_str())
            .unwrap_or(0);
        let entry = format!("goals[{i}] ({})", g.id);
        if let Some(p) = g
            .parent
            .as_ref()
            .and_then(|p| goal_pos.get(p))
            .map(|&j| &goals[j])
        {
            if p.level.depth() + 1 != g.level.depth() {
                ctx.add(
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
        let mut cur = g.parent.clone();
        let mut steps = 0;
        while let Some(p) = cur {
            if p == g.id || steps > goals.len() {
                ctx.add(
                    &entry,
                    "måltreet har en sirkel".into(),
                    "the goal tree has a cycle".into(),
                );
                break;
            }
            steps += 1;
            cur = goal_pos.get(&p).and_then(|&j| goals[j].parent.clone());
        }
    }

    if !ctx.problems.is_empty() {
        return Err(Error::Model(ctx.problems));
    }
    let mut model = Model {
        municipality_id,
        municipality_name: raw.municipality.name,
        perspectives,
        focus_areas,
        units,
        indicators,
        targets: Targets::new(targets),
        goals,
        base_dir: None,
        index: Index::default(),
    };
    model.index = Index::build(&model);
    Ok(model)
}

fn parse_rule(ctx: &mut Ctx, entry: &str, raw: Option<&RawRule>) -> Option<Rule> {
    let Some(r) = raw else {
        return Some(Rule::default());
    };
    let tol = |ctx: &mut Ctx| -> Option<Tolerance> {
        Tolerance::from_parts(r.absolute, r.relative)
            .map_err(|e| {
                ctx.add(
                    entry,
                    format!("rule: {}", e.message_nb()),
                    format!("rule: {e}"),
                )
            })
            .ok()
    };
    match (r.kind.as_deref(), &r.script, &r.script_inline) {
        (None, Some(path), None) if !path.trim().is_empty() => {
            Some(Rule::Script(ScriptSource::File(path.clone())))
        }
        (None, None, Some(src)) if !src.trim().is_empty() => {
            Some(Rule::Script(ScriptSource::Inline(src.clone())))
        }
        (Some("tolerance"), None, None) => tol(ctx).map(Rule::Tolerance),
        (Some("range"), None, None) => tol(ctx).map(Rule::Range),
        (Some("bands"), None, None) => match (r.yellow, r.green) {
            (Some(y), Some(g)) if y.is_finite() && g.is_finite() => Some(Rule::Bands {
                yellow: y,
                green: g,
            }),
            _ => {
                ctx.add(
                    entry,
                    "rule: bands trenger yellow og green som tall".into(),
                    "rule: bands needs yellow and green as numbers".into(),
                );
                None
            }
        },
        (Some(k), None, None) => {
            let s = suggest(k, ["tolerance", "bands", "range"]);
            ctx.add(
                entry,
                format!(
                    "rule: ukjent kind «{k}» (gyldige: tolerance, bands, range){}",
                    hint(s.clone(), true)
                ),
                format!(
                    "rule: unknown kind \"{k}\" (expected tolerance, bands or range){}",
                    hint(s, false)
                ),
            );
            None
        }
        _ => {
            ctx.add(
                entry,
                "rule: skriv { kind = \"tolerance\" | \"bands\" | \"range\", … }, { script = \"fil.rhai\" } eller { script_inline = \"…\" }".into(),
                "rule: write { kind = \"tolerance\" | \"bands\" | \"range\", … }, { script = \"file.rhai\" } or { script_inline = \"…\" }".into(),
            );
            None
        }
    }
}

/// Checks that `rule` fits `indicator`.
pub(crate) fn check_rule(rule: &Rule, indicator: &Indicator, entry: &str, problems: &mut Problems) {
    let loc = Location::entry(entry);
    match rule {
        Rule::Bands { yellow, green } => match indicator.direction {
            Direction::WithinRange => problems.add(
                loc,
                "rule: bands passer ikke for within_range; bruk kind = \"range\"",
                "rule: bands do not fit within_range; use kind = \"range\"",
            ),
            Direction::HigherIsBetter if green < yellow => problems.add(
                loc,
                format!("rule: når høyere er bedre, må green ({green}) være minst yellow ({yellow})"),
                format!("rule: for higher_is_better, green ({green}) must be at least yellow ({yellow})"),
            ),
            Direction::LowerIsBetter if green > yellow => problems.add(
                loc,
                format!("rule: når lavere er bedre, må green ({green}) være høyst yellow ({yellow})"),
                format!("rule: for lower_is_better, green ({green}) must be at most yellow ({yellow})"),
            ),
            _ => {}
        },
        Rule::Tolerance(t) | Rule::Range(t) => {
            let v = match t {
                Tolerance::Absolute(v) | Tolerance::Relative(v) => *v,
            };
            if !v.is_finite() || v < 0.0 {
                problems.add(loc, "rule: toleransen må være ≥ 0", "rule: the tolerance must be ≥ 0");
            }
        }
        Rule::Script(ScriptSource::File(p)) | Rule::Script(ScriptSource::Inline(p)) if p.trim().is_empty() => {
            problems.add(loc, "rule: skriptet er tomt", "rule: the script is empty")
        }
        Rule::Script(_) => {}
    }
}

pub(crate) fn to_raw(m: &Model) -> RawModel {
    RawModel {
        municipality: RawMunicipality {
            id: Some(m.municipality_id.to_string()),
            name: m.municipality_name.clone(),
        },
        perspectives: m
            .perspectives
            .iter()
            .map(|p| RawPerspective {
                id: p.id.to_string(),
                name: p.name.clone(),
            })
            .collect(),
        focus_areas: m
            .focus_areas
            .iter()
            .map(|f| RawFocusArea {
                id: f.id.to_string(),
                perspective: f.perspective.to_string(),
                name: f.name.clone(),
                cross_cutting: f.cross_cutting,
            })
            .collect(),
        units: m
            .units
            .iter()
            .map(|u| RawUnit {
                id: u.id.to_string(),
                name: u.name.clone(),
                kind: u.kind.to_string(),
                parent: u.parent.as_ref().map(|p| p.to_string()),
                leader: u.leader.clone(),
                fte: u.fte,
            })
            .collect(),
        indicators: m.indicators.iter().map(indicator_to_raw).collect(),
        targets: m
            .targets
            .all()
            .iter()
            .map(|t| {
                let (year, period) = match t.when {
                    TargetWhen::Year(y) => (Some(y as i64), None),
                    TargetWhen::Period(p) => (None, Some(p.to_string())),
                };
                let (value, min, max) = match t.value {
                    TargetValue::Value(v) => (Some(v), None, None),
                    TargetValue::Range { min, max } => (None, Some(min), Some(max)),
                };
                RawTarget {
                    indicator: t.indicator.to_string(),
                    year,
                    period,
                    unit: t.unit.as_ref().map(|u| u.to_string()),
                    value,
                    min,
                    max,
                }
            })
            .collect(),
        goals: m
            .goals
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
            .collect(),
    }
}

fn indicator_to_raw(x: &Indicator) -> RawIndicator {
    let default = Measure::new(x.measure.kind, x.measure.decimals);
    let (weight, numerator, denominator) = match &x.aggregate_units {
        UnitAggregation::WeightedMean(Weight::Fte) => (Some("fte".to_string()), None, None),
        UnitAggregation::WeightedMean(Weight::Indicator(c)) => (Some(c.to_string()), None, None),
        UnitAggregation::Ratio {
            numerator,
            denominator,
        } => (
            None,
            Some(numerator.to_string()),
            Some(denominator.to_string()),
        ),
        _ => (None, None, None),
    };
    let rule = match &x.rule {
        Rule::Tolerance(t) | Rule::Range(t) => {
            let (absolute, relative) = match t {
                Tolerance::Absolute(a) => (Some(*a), None),
                Tolerance::Relative(r) => (None, Some(*r)),
            };
            RawRule {
                kind: Some(
                    if matches!(x.rule, Rule::Range(_)) {
                        "range"
                    } else {
                        "tolerance"
                    }
                    .into(),
                ),
                absolute,
                relative,
                ..RawRule::default()
            }
        }
        Rule::Bands { yellow, green } => RawRule {
            kind: Some("bands".into()),
            yellow: Some(*yellow),
            green: Some(*green),
            ..RawRule::default()
        },
        Rule::Script(ScriptSource::File(p)) => RawRule {
            script: Some(p.clone()),
            ..RawRule::default()
        },
        Rule::Script(ScriptSource::Inline(s)) => RawRule {
            script_inline: Some(s.clone()),
            ..RawRule::default()
        },
    };
    let (computed, computed_inline) = match &x.computed {
        Some(ScriptSource::File(p)) => (Some(p.clone()), None),
        Some(ScriptSource::Inline(s)) => (None, Some(s.clone())),
        None => (None, None),
    };
    RawIndicator {
        computed,
        computed_inline,
        code: x.code.to_string(),
        name: x.name.clone(),
        description: x.description.clone(),
        focus_area: x.focus_area.to_string(),
        measure: x.measure.kind.key().to_string(),
        decimals: Some(x.measure.decimals as i64),
        min: if x.measure.min != default.min {
            x.measure.min
        } else {
            None
        },
        max: if x.measure.max != default.max {
            x.measure.max
        } else {
            None
        },
        direction: x.direction.key().to_string(),
        frequency: x.frequency.key().to_string(),
        source: x.source.clone(),
        aggregate_time: Some(x.aggregate_time.key().to_string()),
        aggregate_units: Some(x.aggregate_units.key().to_string()),
        weight,
        numerator,
        denominator,
        applies_to: Some(match &x.applies_to {
            AppliesTo::All => RawAppliesTo::Word("all".into()),
            AppliesTo::Kinds(k) => RawAppliesTo::Table {
                kinds: Some(k.iter().map(|k| k.to_string()).collect()),
                units: None,
            },
            AppliesTo::Units(u) => RawAppliesTo::Table {
                kinds: None,
                units: Some(u.iter().map(|u| u.to_string()).collect()),
            },
        }),
        rule: Some(rule),
        trend_margin: x.trend_margin,
    }
}

/// Goal-tree advice: goals without indicators; unit indicators that trace
/// to no kommuneplan goal.
pub(crate) fn advice(m: &Model) -> Vec<Problem> {
    let mut out = Vec::new();
    let loc = |e: String| Location::entry(e);
    let children: HashSet<&GoalId> = m.goals.iter().filter_map(|g| g.parent.as_ref()).collect();
    for (i, g) in m.goals.iter().enumerate() {
        if g.indicators.is_empty() && !children.contains(&g.id) {
            out.push(Problem::new(
                loc(format!("goals[{i}] ({})", g.id)),
                "målet har ingen indikatorer, så ingen kan se om det nås",
                "the goal has no indicators, so nobody can see whether it is reached",
            ));
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
            out.push(Problem::new(
                loc(format!("indicators[{i}] ({})", x.code)),
                "indikatoren kan ikke spores til noe mål i kommuneplanen (den røde tråden mangler)",
                "the indicator traces to no kommuneplan goal (the red thread is missing)",
            ));
        }
    }
    out
}
