//! `[[indicators]]`: what is measured, how it is shown, which way is
//! better, how often, how it rolls up (see [`aggregation`]), which units
//! report it (see [`applies_to`]), how it becomes a traffic light (see
//! [`rule`]) and, for computed indicators, the script that computes it.

mod aggregation;
mod applies_to;
mod rule;

pub(in crate::model) use rule::check_rule;

use super::units::Units;
use super::Ctx;
use crate::ids::{FocusAreaId, IndicatorCode};
use crate::indicator::{Direction, Indicator, Measure, MeasureKind};
use crate::period::Frequency;
use crate::perspective::FocusArea;
use crate::problem::ProblemKind;
use crate::rule::ScriptSource;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// One `[[indicators]]` entry as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIndicator {
    code: String,
    name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    description: String,
    focus_area: String,
    measure: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    decimals: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max: Option<f64>,
    direction: String,
    frequency: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    aggregate_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    aggregate_units: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    weight: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    numerator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    denominator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    applies_to: Option<applies_to::RawAppliesTo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rule: Option<rule::RawRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    trend_margin: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    computed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    computed_inline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ledger: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    register: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kostra: Option<std::collections::BTreeMap<String, String>>,
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

/// The checked indicators, and every code written in the file (valid or
/// not) for the sections that refer to indicators.
pub(super) struct Indicators {
    pub(super) list: Vec<Indicator>,
    codes: Vec<String>,
}

impl Indicators {
    /// The checked indicator with `code`.
    pub(super) fn find(&self, code: &str) -> Option<&Indicator> {
        self.list.iter().find(|x| x.code.as_str() == code)
    }

    /// Whether some `[[indicators]]` entry has `code`, even one with
    /// problems (so that a reference to it is not reported as unknown
    /// too).
    pub(super) fn is_written(&self, code: &str) -> bool {
        self.codes.iter().any(|c| c == code)
    }

    /// Every code written, in file order (for suggestions).
    pub(super) fn codes(&self) -> impl Iterator<Item = &str> {
        self.codes.iter().map(String::as_str)
    }

    /// The indicators, in model order.
    pub(super) fn into_list(self) -> Vec<Indicator> {
        self.list
    }
}

/// Checks the section against the focus areas and units. The codes are
/// read first, so that weights and ratios can refer forward.
pub(super) fn check(
    ctx: &mut Ctx,
    raw: &[RawIndicator],
    focus_areas: &[FocusArea],
    units: &Units,
) -> Indicators {
    let codes: Vec<String> = raw.iter().map(|x| x.code.clone()).collect();
    let mut list: Vec<Indicator> = Vec::new();
    let mut seen = HashSet::new();
    for (i, x) in raw.iter().enumerate() {
        let entry = format!("indicators[{i}] ({})", x.code);
        let Some(code) = ctx.id(&entry, &x.code, IndicatorCode::new) else {
            continue;
        };
        if !seen.insert(code.clone()) {
            ctx.add(
                ProblemKind::Duplicate,
                &entry,
                format!("indikatorkoden «{code}» finnes fra før"),
                format!("duplicate indicator code \"{code}\""),
            );
            continue;
        }
        if let Some(ind) = check_one(ctx, &entry, code, x, &codes, focus_areas, units) {
            list.push(ind);
        }
    }
    // Ratio parts must be reported at the same frequency.
    aggregation::check_ratio_frequencies(ctx, raw, &list);
    Indicators { list, codes }
}

/// Checks one indicator whose code is valid and new. Every key is checked
/// (so every problem is reported); the indicator is returned only when
/// none of its keys has one, except the weight and ratio parts given to a
/// method that does not use them.
fn check_one(
    ctx: &mut Ctx,
    entry: &str,
    code: IndicatorCode,
    x: &RawIndicator,
    codes: &[String],
    focus_areas: &[FocusArea],
    units: &Units,
) -> Option<Indicator> {
    let mut ok = true;
    let focus_area = match FocusAreaId::new(&x.focus_area) {
        Ok(f) if focus_areas.iter().any(|a| a.id == f) => Some(f),
        _ => {
            ctx.unknown(
                entry,
                ("fokusområde", "focus area"),
                &x.focus_area,
                focus_areas.iter().map(|a| a.id.as_str()),
            );
            None
        }
    };
    let kind = ctx.choice(entry, "measure", &x.measure, MEASURES);
    let direction = ctx.choice(entry, "direction", &x.direction, DIRECTIONS);
    let frequency = ctx.choice(entry, "frequency", &x.frequency, FREQUENCIES);
    let aggregate_time = aggregation::time(ctx, entry, x);
    let decimals = match x.decimals {
        None => Some(match kind {
            Some(MeasureKind::Nok) | Some(MeasureKind::Count) => 0,
            _ => 1,
        }),
        Some(d) if (0..=6).contains(&d) => Some(d as u8),
        Some(d) => {
            ctx.add(
                ProblemKind::OutOfRange,
                entry,
                format!("decimals må være 0–6, ikke {d}"),
                format!("decimals must be 0–6, not {d}"),
            );
            None
        }
    };
    let aggregate_units = aggregation::units(ctx, entry, x, codes);
    let applies = applies_to::parse(ctx, entry, x.applies_to.as_ref(), units);
    ok &= applies.all_known;
    if let Some(m) = x.trend_margin {
        if !m.is_finite() || m < 0.0 {
            ctx.add(
                ProblemKind::OutOfRange,
                entry,
                "trend_margin må være 0 eller mer",
                "trend_margin must be 0 or more",
            );
            ok = false;
        }
    }
    for (key, v) in [("min", x.min), ("max", x.max)] {
        if let Some(v) = v {
            ok &= ctx.finite(entry, key, v);
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
        applies.applies_to,
    )
    else {
        return None;
    };
    let mut measure = Measure::new(kind, decimals);
    if x.min.is_some() || x.max.is_some() {
        measure = measure.with_bounds(x.min.or(measure.min), x.max.or(measure.max));
    }
    if let (Some(a), Some(b)) = (measure.min, measure.max) {
        if a > b {
            ctx.add(
                ProblemKind::Invalid,
                entry,
                format!("min ({a}) er større enn max ({b})"),
                format!("min ({a}) is greater than max ({b})"),
            );
            ok = false;
        }
    }
    let rule = rule::parse(ctx, entry, x.rule.as_ref())?;
    let computed = computed(ctx, entry, x)?;
    let ledger = source::<crate::economy::LedgerFigure>(ctx, entry, "ledger", x.ledger.as_deref())?;
    let register =
        source::<crate::register::RegisterFigure>(ctx, entry, "register", x.register.as_deref())?;
    let kostra = kostra_source(ctx, entry, x, frequency)?;
    // One source for a value: reported, or the ledger, the register, a
    // script or SSB's KOSTRA tables.
    let sources = [
        ledger.is_some(),
        computed.is_some(),
        register.is_some(),
        kostra.is_some(),
    ];
    if sources.iter().filter(|s| **s).count() > 1 {
        ctx.add(
            ProblemKind::Invalid,
            entry,
            "en indikator hentes fra ett sted: regnskapet (ledger), avviksregisteret (register), et skript (computed) eller KOSTRA (kostra)",
            "an indicator comes from one place: the ledger, the deviation register (register), a script (computed) or KOSTRA (kostra)",
        );
        return None;
    }
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
        ledger,
        register,
        kostra,
    };
    let before = ctx.count();
    ctx.run_located(|problems| check_rule(&ind.rule, &ind, entry, problems));
    (ok && ctx.count() == before).then_some(ind)
}

/// `kostra = { table = "12134", contents = "KOSkorrbrutto0000", … }`: the
/// table (five digits), the contents code, and a code for each other
/// dimension by its id; KOSTRA figures are yearly. `Some(None)` when not
/// given, `None` after a problem.
fn kostra_source(
    ctx: &mut Ctx,
    entry: &str,
    x: &RawIndicator,
    frequency: Frequency,
) -> Option<Option<crate::kostra::KostraSource>> {
    let Some(map) = &x.kostra else {
        return Some(None);
    };
    let before = ctx.count();
    let table = map
        .get("table")
        .map(|t| t.trim().to_string())
        .unwrap_or_default();
    if table.len() != 5 || !table.chars().all(|c| c.is_ascii_digit()) {
        ctx.add(
            ProblemKind::Invalid,
            entry,
            format!(
                "kostra.table «{table}» er ikke et tabellnummer fra SSB (fem sifre, som 12134)"
            ),
            format!(
                "kostra.table \"{table}\" is not an SSB table number (five digits, like 12134)"
            ),
        );
    }
    let contents = map
        .get("contents")
        .map(|t| t.trim().to_string())
        .unwrap_or_default();
    if contents.is_empty() {
        ctx.add(
            ProblemKind::Missing,
            entry,
            "kostra.contents mangler: oppgi statistikkvariabelens kode i tabellen (som KOSkorrbrutto0000); `styring kostra show FIL` viser kodene",
            "kostra.contents is missing: give the contents code in the table (like KOSkorrbrutto0000); `styring kostra show FILE` lists the codes",
        );
    }
    let mut dimensions = std::collections::BTreeMap::new();
    for (k, v) in map {
        if k == "table" || k == "contents" {
            continue;
        }
        if v.trim().is_empty() {
            ctx.add(
                ProblemKind::Missing,
                entry,
                format!("kostra.{k} er tom: oppgi koden i dimensjonen «{k}»"),
                format!("kostra.{k} is empty: give the code in the dimension \"{k}\""),
            );
        }
        dimensions.insert(k.clone(), v.trim().to_string());
    }
    if frequency != Frequency::Year {
        ctx.add(
            ProblemKind::Invalid,
            entry,
            "en KOSTRA-indikator er årlig: sett frequency = \"year\"",
            "a KOSTRA indicator is yearly: set frequency = \"year\"",
        );
    }
    (ctx.count() == before).then_some(Some(crate::kostra::KostraSource {
        table,
        contents,
        dimensions,
    }))
}

/// `computed` (a script file) or `computed_inline` (the script): `Some(None)`
/// for a reported indicator, `None` after a problem.
fn computed(ctx: &mut Ctx, entry: &str, x: &RawIndicator) -> Option<Option<ScriptSource>> {
    match (&x.computed, &x.computed_inline) {
        (None, None) => Some(None),
        (Some(p), None) if !p.trim().is_empty() => Some(Some(ScriptSource::File(p.clone()))),
        (None, Some(s)) if !s.trim().is_empty() => Some(Some(ScriptSource::Inline(s.clone()))),
        (Some(_), Some(_)) => {
            ctx.add(
                ProblemKind::Invalid,
                entry,
                "oppgi enten computed (en skriptfil) eller computed_inline, ikke begge",
                "give either computed (a script file) or computed_inline, not both",
            );
            None
        }
        _ => {
            ctx.add(
                ProblemKind::Missing,
                entry,
                "computed er tom: oppgi skriptfilen (computed) eller skriptet (computed_inline)",
                "computed is empty: give the script file (computed) or the script (computed_inline)",
            );
            None
        }
    }
}

/// The save form: every key written out, bounds only where they differ
/// from the measure's natural ones.
pub(super) fn save(indicators: &[Indicator]) -> Vec<RawIndicator> {
    indicators.iter().map(save_one).collect()
}

fn save_one(x: &Indicator) -> RawIndicator {
    let default = Measure::new(x.measure.kind, x.measure.decimals);
    let (weight, numerator, denominator) = aggregation::save_parts(&x.aggregate_units);
    let (computed, computed_inline) = match &x.computed {
        Some(ScriptSource::File(p)) => (Some(p.clone()), None),
        Some(ScriptSource::Inline(s)) => (None, Some(s.clone())),
        None => (None, None),
    };
    RawIndicator {
        computed,
        computed_inline,
        ledger: x.ledger.map(|f| f.key().to_string()),
        register: x.register.map(|f| f.key().to_string()),
        kostra: x.kostra.as_ref().map(|k| {
            let mut m = k.dimensions.clone();
            m.insert("table".into(), k.table.clone());
            m.insert("contents".into(), k.contents.clone());
            m
        }),
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
        applies_to: Some(applies_to::save(&x.applies_to)),
        rule: Some(rule::save(&x.rule)),
        trend_margin: x.trend_margin,
    }
}

/// Where a value comes from when it is not reported (`ledger = "frame"`,
/// `register = "deviations"`): `Some(None)` when not given, `None` when
/// it names none of the choices (the problem added).
fn source<K: crate::keyword::Keyword>(
    ctx: &mut Ctx,
    entry: &str,
    key: &str,
    text: Option<&str>,
) -> Option<Option<K>> {
    let Some(t) = text else {
        return Some(None);
    };
    let options: Vec<(&str, K)> = K::ALL.iter().map(|f| (f.key(), *f)).collect();
    ctx.choice(entry, key, t, &options).map(Some)
}
