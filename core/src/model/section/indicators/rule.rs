//! An indicator's `rule`: how a value becomes a traffic light. Built-in
//! rules (`tolerance`, `bands`, `range`) or a script.

use super::super::Ctx;
use crate::indicator::{Direction, Indicator};
use crate::lang::Lang;
use crate::problem::{Location, ProblemKind, Problems, Suggestion};
use crate::rule::{Rule, ScriptSource, Tolerance, ToleranceError};
use crate::text::Localized;
use serde::{Deserialize, Serialize};

/// The built-in rule kinds, as written.
const KINDS: [&str; 4] = ["tolerance", "bands", "range", "kostra_group"];

/// `rule = { … }` as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    absolute: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    relative: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    yellow: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    green: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    script: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    script_inline: Option<String>,
}

/// The rule as written (none: the default rule), or a problem saying what
/// is wrong with its shape. [`check_rule`] then checks that it fits the
/// indicator.
pub(super) fn parse(ctx: &mut Ctx, entry: &str, raw: Option<&RawRule>) -> Option<Rule> {
    let Some(r) = raw else {
        return Some(Rule::default());
    };
    let tol = |ctx: &mut Ctx| -> Option<Tolerance> {
        Tolerance::from_parts(r.absolute, r.relative)
            .map_err(|e| {
                let kind = match e {
                    ToleranceError::Both => ProblemKind::Invalid,
                    ToleranceError::NotANumber(_) => ProblemKind::OutOfRange,
                };
                ctx.add(
                    kind,
                    entry,
                    format!("rule: {}", e.render(Lang::Nb)),
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
        (Some("kostra_group"), None, None) => tol(ctx).map(Rule::KostraGroup),
        (Some("bands"), None, None) => match (r.yellow, r.green) {
            (Some(y), Some(g)) if y.is_finite() && g.is_finite() => Some(Rule::Bands {
                yellow: y,
                green: g,
            }),
            (y, g) => {
                let kind = if y.is_none() || g.is_none() {
                    ProblemKind::Missing
                } else {
                    ProblemKind::Invalid
                };
                ctx.add(
                    kind,
                    entry,
                    "rule: bands trenger yellow og green som tall",
                    "rule: bands needs yellow and green as numbers",
                );
                None
            }
        },
        (None, Some(_), None) | (None, None, Some(_)) => {
            ctx.add(
                ProblemKind::Missing,
                entry,
                "rule: skriptet er tomt; skriv regelen i script_inline, eller gi en fil i script",
                "rule: the script is empty; write the rule in script_inline, or name a file in script",
            );
            None
        }
        (Some(k), None, None) => {
            let s = Suggestion::closest(k, KINDS);
            ctx.add(
                ProblemKind::Invalid,
                entry,
                format!(
                    "rule: ukjent kind «{k}» (gyldige: tolerance, bands, range, kostra_group){}",
                    s.text(Lang::Nb)
                ),
                format!(
                    "rule: unknown kind \"{k}\" (expected tolerance, bands, range or kostra_group){}",
                    s.text(Lang::En)
                ),
            );
            None
        }
        _ => {
            ctx.add(
                ProblemKind::Invalid,
                entry,
                "rule: skriv { kind = \"tolerance\" | \"bands\" | \"range\", … }, { script = \"fil.rhai\" } eller { script_inline = \"…\" }",
                "rule: write { kind = \"tolerance\" | \"bands\" | \"range\", … }, { script = \"file.rhai\" } or { script_inline = \"…\" }",
            );
            None
        }
    }
}

/// Checks that `rule` fits `indicator`: bands in the order the direction
/// needs, tolerances ≥ 0, scripts not empty. The problems name `entry`
/// but no file (the model's setters use this too).
pub(in crate::model) fn check_rule(
    rule: &Rule,
    indicator: &Indicator,
    entry: &str,
    problems: &mut Problems,
) {
    let loc = Location::entry(entry);
    match rule {
        Rule::Bands { yellow, green } => match indicator.direction {
            Direction::WithinRange => problems.add_kind(
                ProblemKind::Invalid,
                loc,
                "rule: bands passer ikke for within_range; bruk kind = \"range\"",
                "rule: bands do not fit within_range; use kind = \"range\"",
            ),
            Direction::HigherIsBetter if green < yellow => problems.add_kind(
                ProblemKind::Invalid,
                loc,
                format!(
                    "rule: når høyere er bedre, må green ({green}) være minst yellow ({yellow})"
                ),
                format!(
                    "rule: for higher_is_better, green ({green}) must be at least yellow ({yellow})"
                ),
            ),
            Direction::LowerIsBetter if green > yellow => problems.add_kind(
                ProblemKind::Invalid,
                loc,
                format!(
                    "rule: når lavere er bedre, må green ({green}) være høyst yellow ({yellow})"
                ),
                format!(
                    "rule: for lower_is_better, green ({green}) must be at most yellow ({yellow})"
                ),
            ),
            _ => {}
        },
        Rule::KostraGroup(_) if indicator.kostra.is_none() => problems.add_kind(
            ProblemKind::Missing,
            loc.clone(),
            "rule: kostra_group sammenligner med KOSTRA-gruppen; indikatoren trenger kostra = { table = \"…\", contents = \"…\" }",
            "rule: kostra_group compares with the KOSTRA group; the indicator needs kostra = { table = \"…\", contents = \"…\" }",
        ),
        Rule::Tolerance(t) | Rule::Range(t) | Rule::KostraGroup(t) => {
            let v = match t {
                Tolerance::Absolute(v) | Tolerance::Relative(v) => *v,
            };
            if !v.is_finite() || v < 0.0 {
                problems.add_kind(
                    ProblemKind::OutOfRange,
                    loc,
                    "rule: toleransen må være ≥ 0",
                    "rule: the tolerance must be ≥ 0",
                );
            }
        }
        Rule::Script(ScriptSource::File(p)) | Rule::Script(ScriptSource::Inline(p))
            if p.trim().is_empty() =>
        {
            problems.add_kind(
                ProblemKind::Missing,
                loc,
                "rule: skriptet er tomt",
                "rule: the script is empty",
            )
        }
        Rule::Script(_) => {}
    }
}

/// The save form.
pub(super) fn save(rule: &Rule) -> RawRule {
    match rule {
        Rule::Tolerance(t) | Rule::Range(t) | Rule::KostraGroup(t) => {
            let (absolute, relative) = match t {
                Tolerance::Absolute(a) => (Some(*a), None),
                Tolerance::Relative(r) => (None, Some(*r)),
            };
            RawRule {
                kind: Some(
                    match rule {
                        Rule::Range(_) => "range",
                        Rule::KostraGroup(_) => "kostra_group",
                        _ => "tolerance",
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
    }
}
