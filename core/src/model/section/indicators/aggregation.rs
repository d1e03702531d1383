//! How an indicator's values roll up: over time (`aggregate_time`) and over
//! units (`aggregate_units`, with `weight` or `numerator`/`denominator`).

use super::super::Ctx;
use super::RawIndicator;
use crate::ids::IndicatorCode;
use crate::indicator::{Indicator, TimeAggregation, UnitAggregation, Weight};
use crate::problem::{ProblemKind, Suggestion};

const TIME: &[(&str, TimeAggregation)] = &[
    ("mean", TimeAggregation::Mean),
    ("sum", TimeAggregation::Sum),
    ("last", TimeAggregation::Last),
    ("max", TimeAggregation::Max),
    ("min", TimeAggregation::Min),
];

/// The `aggregate_units` methods, before their parts are read.
#[derive(Debug, Clone, Copy)]
enum Method {
    Mean,
    WeightedMean,
    Sum,
    Min,
    Max,
    Ratio,
}

const UNITS: &[(&str, Method)] = &[
    ("mean", Method::Mean),
    ("weighted_mean", Method::WeightedMean),
    ("sum", Method::Sum),
    ("min", Method::Min),
    ("max", Method::Max),
    ("ratio", Method::Ratio),
];

/// `aggregate_time` (the mean when not given).
pub(super) fn time(ctx: &mut Ctx, entry: &str, x: &RawIndicator) -> Option<TimeAggregation> {
    match &x.aggregate_time {
        None => Some(TimeAggregation::Mean),
        Some(t) => ctx.choice(entry, "aggregate_time", t, TIME),
    }
}

/// `aggregate_units` with its parts (the mean when not given); `codes` are
/// every indicator code in the file, so that parts may refer forward.
/// Parts given to a method that does not use them are problems too.
pub(super) fn units(
    ctx: &mut Ctx,
    entry: &str,
    x: &RawIndicator,
    codes: &[String],
) -> Option<UnitAggregation> {
    let method = x.aggregate_units.as_deref().unwrap_or("mean");
    let aggregation = match ctx.choice(entry, "aggregate_units", method, UNITS) {
        Some(Method::Mean) => Some(UnitAggregation::Mean),
        Some(Method::WeightedMean) => match x.weight.as_deref() {
            None | Some("fte") => Some(UnitAggregation::WeightedMean(Weight::Fte)),
            Some(_) => code_ref(ctx, entry, x, codes, "weight", &x.weight)
                .map(|c| UnitAggregation::WeightedMean(Weight::Indicator(c))),
        },
        Some(Method::Sum) => Some(UnitAggregation::Sum),
        Some(Method::Min) => Some(UnitAggregation::Min),
        Some(Method::Max) => Some(UnitAggregation::Max),
        Some(Method::Ratio) => {
            let n = code_ref(ctx, entry, x, codes, "numerator", &x.numerator);
            let d = code_ref(ctx, entry, x, codes, "denominator", &x.denominator);
            match (n, d) {
                (Some(numerator), Some(denominator)) => Some(UnitAggregation::Ratio {
                    numerator,
                    denominator,
                }),
                _ => None,
            }
        }
        None => None,
    };
    if method != "weighted_mean" && x.weight.is_some() {
        ctx.add(
            ProblemKind::Invalid,
            entry,
            "weight brukes bare med aggregate_units = \"weighted_mean\"",
            "weight is only used with aggregate_units = \"weighted_mean\"",
        );
    }
    if method != "ratio" && (x.numerator.is_some() || x.denominator.is_some()) {
        ctx.add(
            ProblemKind::Invalid,
            entry,
            "numerator/denominator brukes bare med aggregate_units = \"ratio\"",
            "numerator/denominator are only used with aggregate_units = \"ratio\"",
        );
    }
    aggregation
}

/// The indicator `key` (a weight or a ratio part) refers to: another one
/// in the file.
fn code_ref(
    ctx: &mut Ctx,
    entry: &str,
    x: &RawIndicator,
    codes: &[String],
    key: &str,
    c: &Option<String>,
) -> Option<IndicatorCode> {
    let Some(c) = c else {
        ctx.add(
            ProblemKind::Missing,
            entry,
            format!("{key} mangler"),
            format!("{key} is missing"),
        );
        return None;
    };
    if codes.iter().any(|k| k == c) && c != &x.code {
        IndicatorCode::new(c).ok()
    } else {
        let s = Suggestion::closest(c, codes.iter().map(String::as_str));
        let crate::text::Text { nb, en } = s.unknown(("indikator", "indicator"), c);
        ctx.add(
            ProblemKind::UnknownReference,
            entry,
            format!("{key}: {nb}"),
            format!("{key}: {en}"),
        );
        None
    }
}

/// A problem for every ratio whose parts are measured at another
/// frequency than the indicator itself.
pub(super) fn check_ratio_frequencies(
    ctx: &mut Ctx,
    raw: &[RawIndicator],
    indicators: &[Indicator],
) {
    for ind in indicators {
        let UnitAggregation::Ratio {
            numerator,
            denominator,
        } = &ind.aggregate_units
        else {
            continue;
        };
        for part in [numerator, denominator] {
            let Some(p) = indicators.iter().find(|x| &x.code == part) else {
                continue;
            };
            if p.frequency != ind.frequency {
                let i = raw
                    .iter()
                    .position(|r| r.code == ind.code.as_str())
                    .unwrap_or(0);
                ctx.add(
                    ProblemKind::Invalid,
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

/// The save form of `aggregate_units`' parts: (`weight`, `numerator`,
/// `denominator`).
pub(super) fn save_parts(
    aggregation: &UnitAggregation,
) -> (Option<String>, Option<String>, Option<String>) {
    match aggregation {
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
    }
}
