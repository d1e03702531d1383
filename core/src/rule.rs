//! Rules: how a value becomes a traffic light, with a short reason.
//!
//! Built in: [`Rule::Tolerance`] (target with an absolute or relative
//! tolerance, respecting direction), [`Rule::Bands`] (explicit cut points)
//! and [`Rule::Range`] (a target range with tolerance). [`Rule::Script`]
//! names a custom rule that a [`CustomRules`] engine evaluates — the
//! `styring-scripts` crate plugs rhai in there, so `core` never depends on
//! a script language.
//!
//! Boundaries are explicit: values and targets are compared at the
//! precision they are shown with, and a value exactly at its target meets
//! it.
//!
//! ```
//! use styring_core::indicator::{Direction, Measure, MeasureKind};
//! use styring_core::lang::Lang;
//! use styring_core::rule::{Rule, Tolerance};
//! use styring_core::status::Status;
//! use styring_core::target::TargetValue;
//!
//! let rule = Rule::Tolerance(Tolerance::Absolute(0.005));
//! let pct = Measure::new(MeasureKind::Percent, 1);
//! let target = Some(TargetValue::Value(0.05));
//! let e = rule.evaluate_builtin(pct, Direction::LowerIsBetter, Some(0.053), target).unwrap();
//! assert_eq!(e.status, Status::Yellow);
//! assert_eq!(e.reason.render(Lang::Nb, &pct, "2025-T2".parse().unwrap()),
//!            "5,3 % er over målet 5,0 %, innenfor toleransen");
//! let at = rule.evaluate_builtin(pct, Direction::LowerIsBetter, Some(0.05), target).unwrap();
//! assert_eq!(at.status, Status::Green);
//! ```

use crate::indicator::{Direction, Indicator, Measure};
use crate::lang::Lang;
use crate::period::Period;
use crate::status::Status;
use crate::target::TargetValue;
use crate::text::Localized;
use crate::unit::Unit;
use std::fmt;

/// How far from the target still counts as yellow.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tolerance {
    /// In the indicator's stored units (0.005 is half a percent point).
    Absolute(f64),
    /// As a share of the target (0.1 is 10 % of the target).
    Relative(f64),
}

/// Why `absolute`/`relative` do not make a tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ToleranceError {
    /// Both were given.
    #[error("give either absolute or relative, not both")]
    Both,
    /// The one given is not a finite number ≥ 0 (its name).
    #[error("{0} must be a finite number ≥ 0")]
    NotANumber(&'static str),
}

impl ToleranceError {
    /// The message in Norwegian.
    fn nb(self) -> String {
        match self {
            ToleranceError::Both => "oppgi enten absolute eller relative, ikke begge".into(),
            ToleranceError::NotANumber(what) => format!("{what} må være et endelig tall ≥ 0"),
        }
    }
}

impl Tolerance {
    /// The tolerance from `absolute` or `relative` (at most one, a finite
    /// number ≥ 0); neither means none at all (green only on target).
    ///
    /// ```
    /// use styring_core::rule::{Tolerance, ToleranceError};
    /// assert_eq!(Tolerance::from_parts(Some(0.005), None), Ok(Tolerance::Absolute(0.005)));
    /// assert_eq!(Tolerance::from_parts(None, None), Ok(Tolerance::Absolute(0.0)));
    /// assert_eq!(Tolerance::from_parts(Some(1.0), Some(1.0)), Err(ToleranceError::Both));
    /// assert_eq!(Tolerance::from_parts(None, Some(f64::NAN)), Err(ToleranceError::NotANumber("relative")));
    /// ```
    ///
    /// # Errors
    /// [`ToleranceError`] saying what is wrong.
    pub fn from_parts(
        absolute: Option<f64>,
        relative: Option<f64>,
    ) -> Result<Tolerance, ToleranceError> {
        let ok = |x: f64| x.is_finite() && x >= 0.0;
        match (absolute, relative) {
            (Some(a), None) if ok(a) => Ok(Tolerance::Absolute(a)),
            (Some(_), None) => Err(ToleranceError::NotANumber("absolute")),
            (None, Some(r)) if ok(r) => Ok(Tolerance::Relative(r)),
            (None, Some(_)) => Err(ToleranceError::NotANumber("relative")),
            (None, None) => Ok(Tolerance::Absolute(0.0)),
            (Some(_), Some(_)) => Err(ToleranceError::Both),
        }
    }

    /// The tolerance in stored units for a given target.
    pub fn amount(self, target: f64) -> f64 {
        match self {
            Tolerance::Absolute(a) => a.abs(),
            Tolerance::Relative(r) => (r * target).abs(),
        }
    }
}

/// Where a custom rule's source is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ScriptSource {
    /// A file, relative to the model file (`rules/sykefravaer.rhai`).
    File(String),
    /// The source itself, written in the model.
    Inline(String),
}

impl fmt::Display for ScriptSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScriptSource::File(p) => f.write_str(p),
            ScriptSource::Inline(_) => f.write_str("<inline>"),
        }
    }
}

/// How a value is judged.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// Green when the target is met, yellow within the tolerance, red
    /// beyond. For `within_range` indicators the target is a range.
    Tolerance(Tolerance),
    /// Explicit cut points. Higher is better: green from `green`, yellow
    /// from `yellow`, red below. Lower is better: green up to `green`,
    /// yellow up to `yellow`, red above. Needs no target.
    Bands {
        /// Where yellow starts (stored units).
        yellow: f64,
        /// Where green starts (stored units).
        green: f64,
    },
    /// Green inside the target range, yellow within the tolerance outside
    /// it, red beyond.
    Range(Tolerance),
    /// A custom rule evaluated by a [`CustomRules`] engine.
    Script(ScriptSource),
    /// At or better than the KOSTRA group's average (by the indicator's
    /// direction) is green, worse within the tolerance yellow, red
    /// beyond. Needs the group's figure for the year ([`Comparison`]).
    KostraGroup(Tolerance),
}

/// What a value is compared with: the KOSTRA group's average for the
/// same year, and the group's name as SSB gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The group's figure.
    pub value: f64,
    /// The group's name (`KOSTRA-gruppe 1`).
    pub label: String,
}

impl Default for Rule {
    /// A target with a relative tolerance of 10 %.
    fn default() -> Self {
        Rule::Tolerance(Tolerance::Relative(0.10))
    }
}

/// How a value relates to its target or band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Target met / green band.
    Met,
    /// Within tolerance / yellow band.
    Near,
    /// Missed / red band.
    Missed,
}

/// Why a status is what it is. Holds numbers, not text, so evaluation is
/// cheap; [`Reason::render`] writes it in a language.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// No value for the period.
    NoValue,
    /// The rule needs a target and there is none.
    NoTarget,
    /// Compared with a target value.
    Target {
        /// The value (rounded as shown).
        value: f64,
        /// The target (rounded as shown).
        target: f64,
        /// Which way is better.
        direction: Direction,
        /// The verdict.
        outcome: Outcome,
    },
    /// Compared with a target range.
    Range {
        /// The value.
        value: f64,
        /// Range start.
        min: f64,
        /// Range end.
        max: f64,
        /// The verdict.
        outcome: Outcome,
    },
    /// Compared with explicit bands.
    Band {
        /// The value.
        value: f64,
        /// Where yellow starts.
        yellow: f64,
        /// Where green starts.
        green: f64,
        /// Lower is better?
        lower_is_better: bool,
        /// The verdict.
        outcome: Outcome,
    },
    /// Compared with the KOSTRA group's average.
    Comparison {
        /// The value (rounded as shown).
        value: f64,
        /// The group's figure (rounded as shown).
        reference: f64,
        /// The group's name.
        label: String,
        /// The verdict.
        outcome: Outcome,
    },
    /// The rule compares with the KOSTRA group, and there is no figure
    /// for the group that year.
    NoComparison,
    /// A reason written by a custom rule.
    Text(String),
    /// A custom rule gave a status without a reason of its own.
    Judged {
        /// The value judged, if any.
        value: Option<f64>,
        /// The status the rule gave.
        status: Status,
    },
    /// The rule failed; the message says why.
    Error(String),
}

impl Reason {
    /// The reason in words, e.g. `5,3 % er over målet 5,0 %`.
    pub fn render(&self, lang: Lang, measure: &Measure, period: Period) -> String {
        let f = |v: f64| measure.format(v, lang);
        let nb = lang == Lang::Nb;
        match self {
            Reason::NoValue => {
                if nb {
                    format!("ingen verdi for {period}")
                } else {
                    format!("no value for {period}")
                }
            }
            Reason::NoTarget => {
                if nb {
                    format!("ingen mål for {period}")
                } else {
                    format!("no target for {period}")
                }
            }
            Reason::NoComparison => {
                if nb {
                    format!("ingen KOSTRA-tall for gruppen for {period}")
                } else {
                    format!("no KOSTRA figure for the group for {period}")
                }
            }
            Reason::Comparison {
                value,
                reference,
                label,
                outcome: _,
            } => {
                let v = f(*value);
                match crate::kostra::distance_from_average(*value, *reference, label, lang) {
                    Some(d) if nb => format!("{v} er {d}"),
                    Some(d) => format!("{v} is {d}"),
                    None if nb => format!("{v}; snittet i {label} er 0"),
                    None => format!("{v}; the average of {label} is 0"),
                }
            }
            Reason::Target {
                value,
                target,
                direction,
                outcome,
            } => {
                let (v, t) = (f(*value), f(*target));
                let side_nb = if value > target { "over" } else { "under" };
                let side_en = if value > target { "above" } else { "below" };
                let _ = direction;
                match (outcome, nb) {
                    (Outcome::Met, true) => format!("{v} når målet {t}"),
                    (Outcome::Met, false) => format!("{v} meets the target {t}"),
                    (Outcome::Near, true) => {
                        format!("{v} er {side_nb} målet {t}, innenfor toleransen")
                    }
                    (Outcome::Near, false) => {
                        format!("{v} is {side_en} the target {t}, within tolerance")
                    }
                    (Outcome::Missed, true) => format!("{v} er {side_nb} målet {t}"),
                    (Outcome::Missed, false) => format!("{v} is {side_en} the target {t}"),
                }
            }
            Reason::Range {
                value,
                min,
                max,
                outcome,
            } => {
                let (v, a, b) = (f(*value), f(*min), f(*max));
                match (outcome, nb) {
                    (Outcome::Met, true) => format!("{v} er innenfor målet {a} til {b}"),
                    (Outcome::Met, false) => format!("{v} is within the target {a} to {b}"),
                    (Outcome::Near, true) => {
                        format!("{v} er utenfor målet {a} til {b}, innenfor toleransen")
                    }
                    (Outcome::Near, false) => {
                        format!("{v} is outside the target {a} to {b}, within tolerance")
                    }
                    (Outcome::Missed, true) => format!("{v} er utenfor målet {a} til {b}"),
                    (Outcome::Missed, false) => format!("{v} is outside the target {a} to {b}"),
                }
            }
            Reason::Band {
                value,
                yellow,
                green,
                lower_is_better,
                outcome,
            } => {
                let (v, y, g) = (f(*value), f(*yellow), f(*green));
                let (ge, lt) = if *lower_is_better {
                    ("≤", ">")
                } else {
                    ("≥", "<")
                };
                match (outcome, nb) {
                    (Outcome::Met, true) => format!("grønt nivå: {v} {ge} {g}"),
                    (Outcome::Met, false) => format!("green band: {v} {ge} {g}"),
                    (Outcome::Near, true) => format!("gult nivå: {v} {ge} {y}, men {lt} {g}"),
                    (Outcome::Near, false) => format!("yellow band: {v} {ge} {y} but {lt} {g}"),
                    (Outcome::Missed, true) => format!("rødt nivå: {v} {lt} {y}"),
                    (Outcome::Missed, false) => format!("red band: {v} {lt} {y}"),
                }
            }
            Reason::Text(t) => t.clone(),
            Reason::Judged { value, status } => {
                let word = status.word(lang);
                match (value, nb) {
                    (Some(v), true) => format!("{}: {word} etter regelskriptet", f(*v)),
                    (Some(v), false) => format!("{}: {word} by the rule script", f(*v)),
                    (None, true) => format!("{word} etter regelskriptet"),
                    (None, false) => format!("{word} by the rule script"),
                }
            }
            Reason::Error(e) => {
                if nb {
                    format!("regelfeil: {e}")
                } else {
                    format!("rule error: {e}")
                }
            }
        }
    }
}

/// A status and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The traffic light.
    pub status: Status,
    /// Why.
    pub reason: Reason,
}

impl Evaluation {
    /// A no-data evaluation.
    pub fn no_value() -> Evaluation {
        Evaluation {
            status: Status::NoData,
            reason: Reason::NoValue,
        }
    }
}

/// Everything a rule may look at for one (indicator, unit, period).
#[derive(Debug, Clone, Copy)]
pub struct RuleInput<'a> {
    /// The indicator.
    pub indicator: &'a Indicator,
    /// The unit, or `None` for a sector or municipality roll-up.
    pub unit: Option<&'a Unit>,
    /// The period judged.
    pub period: Period,
    /// The value, if any.
    pub value: Option<f64>,
    /// The target, if any.
    pub target: Option<TargetValue>,
    /// The previous period's value, if any.
    pub previous: Option<f64>,
    /// Earlier values, oldest first (not including `value`; none from
    /// before a break in the series).
    pub history: &'a [f64],
    /// The KOSTRA group's figure for the period, if the indicator has one.
    pub comparison: Option<&'a Comparison>,
}

/// An engine for [`Rule::Script`] rules (implemented by `styring-scripts`).
pub trait CustomRules: Send + Sync {
    /// Evaluates the custom rule `source` on `input`. Failures are returned
    /// as [`Status::Error`] evaluations, never as panics.
    fn evaluate(&self, source: &ScriptSource, input: &RuleInput<'_>) -> Evaluation;

    /// Fills `data` with the values of the model's computed indicators (see
    /// [`crate::complete::Complete::new`], the one caller).
    fn compute(&self, model: &crate::model::Model, data: &mut crate::observation::Dataset);
}

/// A value against the KOSTRA group's figure: at or better is met,
/// worse within `tol` (of the group's figure) near, else missed; a
/// `within_range` indicator has no better side, so only equal (within
/// the tolerance) is met.
///
/// ```
/// use styring_core::indicator::{Direction, Measure};
/// use styring_core::rule::{Comparison, Rule, RuleInput, Tolerance};
/// use styring_core::{Lang, Model, Status};
/// let model = Model::example();
/// let ind = model.indicator("O.2.1").unwrap();
/// let group = Comparison { value: 154_055.0, label: "KOSTRA-gruppe 1".into() };
/// let input = RuleInput { indicator: ind, unit: None, period: "2024".parse().unwrap(),
///     value: Some(161_911.0), target: None, previous: None, history: &[], comparison: Some(&group) };
/// let e = Rule::KostraGroup(Tolerance::Relative(0.10)).evaluate(&input, None);
/// // Lower is better, 5,1 % more than the group: within the 10 %.
/// assert_eq!(e.status, Status::Yellow);
/// assert_eq!(e.reason.render(Lang::Nb, &ind.measure, input.period), "161 911 kr er 5,1 % over snittet i KOSTRA-gruppe 1");
/// ```
fn against_group(
    measure: Measure,
    direction: Direction,
    raw: f64,
    c: &Comparison,
    tol: Tolerance,
) -> Evaluation {
    let (v, g) = (measure.round(raw), measure.round(c.value));
    let amount = tol.amount(c.value);
    let outcome = match direction {
        Direction::LowerIsBetter if le(v, g) => Outcome::Met,
        Direction::LowerIsBetter if le(v, measure.round(c.value + amount)) => Outcome::Near,
        Direction::HigherIsBetter if le(g, v) => Outcome::Met,
        Direction::HigherIsBetter if le(measure.round(c.value - amount), v) => Outcome::Near,
        Direction::WithinRange if (v - g).abs() <= amount + 1e-9 * (1.0 + g.abs()) => Outcome::Met,
        _ => Outcome::Missed,
    };
    Evaluation {
        status: match outcome {
            Outcome::Met => Status::Green,
            Outcome::Near => Status::Yellow,
            Outcome::Missed => Status::Red,
        },
        reason: Reason::Comparison {
            value: v,
            reference: g,
            label: c.label.clone(),
            outcome,
        },
    }
}

fn le(a: f64, b: f64) -> bool {
    a <= b + 1e-9 * (1.0 + b.abs())
}

impl Rule {
    /// Evaluates a built-in rule; returns `None` for [`Rule::Script`].
    pub fn evaluate_builtin(
        &self,
        measure: Measure,
        direction: Direction,
        value: Option<f64>,
        target: Option<TargetValue>,
    ) -> Option<Evaluation> {
        let Some(raw) = value else {
            return Some(Evaluation::no_value());
        };
        let v = measure.round(raw);
        let out = |status: Status, reason: Reason| Some(Evaluation { status, reason });
        let status_of = |o: Outcome| match o {
            Outcome::Met => Status::Green,
            Outcome::Near => Status::Yellow,
            Outcome::Missed => Status::Red,
        };
        match self {
            Rule::Script(_) => None,
            // Without the group's figure (see [`Rule::evaluate`]).
            Rule::KostraGroup(_) => out(Status::Unjudged, Reason::NoComparison),
            Rule::Bands { yellow, green } => {
                let lower = direction == Direction::LowerIsBetter;
                let (y, g) = (measure.round(*yellow), measure.round(*green));
                let outcome = if lower {
                    if le(v, g) {
                        Outcome::Met
                    } else if le(v, y) {
                        Outcome::Near
                    } else {
                        Outcome::Missed
                    }
                } else if le(g, v) {
                    Outcome::Met
                } else if le(y, v) {
                    Outcome::Near
                } else {
                    Outcome::Missed
                };
                out(
                    status_of(outcome),
                    Reason::Band {
                        value: v,
                        yellow: y,
                        green: g,
                        lower_is_better: lower,
                        outcome,
                    },
                )
            }
            Rule::Tolerance(tol) | Rule::Range(tol) => {
                // A value with nothing to judge it by has no light.
                let Some(target) = target else {
                    return out(Status::Unjudged, Reason::NoTarget);
                };
                let range_mode = matches!(self, Rule::Range(_))
                    || direction == Direction::WithinRange
                    || matches!(target, TargetValue::Range { .. });
                if range_mode {
                    let (min, max) = match target {
                        TargetValue::Value(t) => (t, t),
                        TargetValue::Range { min, max } => (min, max),
                    };
                    let (a, b) = (measure.round(min), measure.round(max));
                    let amount = tol.amount(target.midpoint());
                    let (ya, yb) = (measure.round(min - amount), measure.round(max + amount));
                    let outcome = if le(a, v) && le(v, b) {
                        Outcome::Met
                    } else if le(ya, v) && le(v, yb) {
                        Outcome::Near
                    } else {
                        Outcome::Missed
                    };
                    return out(
                        status_of(outcome),
                        Reason::Range {
                            value: v,
                            min: a,
                            max: b,
                            outcome,
                        },
                    );
                }
                let t_raw = target.midpoint();
                let t = measure.round(t_raw);
                let amount = tol.amount(t_raw);
                let lower = direction == Direction::LowerIsBetter;
                let outcome = if lower {
                    if le(v, t) {
                        Outcome::Met
                    } else if le(v, measure.round(t_raw + amount)) {
                        Outcome::Near
                    } else {
                        Outcome::Missed
                    }
                } else if le(t, v) {
                    Outcome::Met
                } else if le(measure.round(t_raw - amount), v) {
                    Outcome::Near
                } else {
                    Outcome::Missed
                };
                out(
                    status_of(outcome),
                    Reason::Target {
                        value: v,
                        target: t,
                        direction,
                        outcome,
                    },
                )
            }
        }
    }

    /// Evaluates the rule on `input`, using `custom` for script rules. A
    /// script rule without an engine gives [`Status::Error`].
    pub fn evaluate(&self, input: &RuleInput<'_>, custom: Option<&dyn CustomRules>) -> Evaluation {
        if let (Rule::KostraGroup(tol), Some(c), Some(raw)) = (self, input.comparison, input.value)
        {
            return against_group(
                input.indicator.measure,
                input.indicator.direction,
                raw,
                c,
                *tol,
            );
        }
        if let Some(e) = self.evaluate_builtin(
            input.indicator.measure,
            input.indicator.direction,
            input.value,
            input.target,
        ) {
            return e;
        }
        let Rule::Script(source) = self else {
            unreachable!("only script rules are not built in")
        };
        if input.value.is_none() && custom.is_none() {
            return Evaluation::no_value();
        }
        match custom {
            Some(engine) => engine.evaluate(source, input),
            None => Evaluation {
                status: Status::Error,
                reason: Reason::Error(format!("no script engine is loaded for rule {source}")),
            },
        }
    }

    /// Whether the rule compares with the KOSTRA group.
    pub fn needs_comparison(&self) -> bool {
        matches!(self, Rule::KostraGroup(_))
    }

    /// Whether the rule needs a target to give a colour.
    pub fn needs_target(&self) -> bool {
        matches!(self, Rule::Tolerance(_) | Rule::Range(_))
    }
}

impl Localized for ToleranceError {
    fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Nb => self.nb(),
            Lang::En => self.to_string(),
        }
    }
}

#[cfg(test)]
mod tests;
