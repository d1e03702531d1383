//! Scorecards (styringskort): a unit's indicators for a period, grouped by
//! perspective and focus area, with value, target, status, reason, trend,
//! comment and history; the municipality roll-up; the overview matrix; and
//! goal statuses along the red thread.
//!
//! ```
//! use styring_core::{example, model::Model, scorecard::{Scorecard, Options}, unit::Scope};
//! let model = Model::example();
//! let data = styring_core::complete::Complete::new(&model, example::sample_dataset(&model), None);
//! let card = Scorecard::build(&model, &data, &Scope::unit("aurvoll").unwrap(),
//!     "2025-T2".parse().unwrap(), &Options::default()).unwrap();
//! assert_eq!(card.scope_name, "Aurvoll skole");
//! assert!(card.rows().any(|r| r.indicator.as_str() == "M.1.5"));
//! ```

use crate::complete::Complete;
use crate::error::Error;
use crate::ids::{FocusAreaId, GoalId, IndicatorCode, PerspectiveId};
use crate::indicator::{Direction, Measure};
use crate::lang::Lang;
use crate::model::Model;
use crate::observation::Dataset;
use crate::period::Period;
use crate::rollup::{roll_up, RolledUp};
use crate::rule::{CustomRules, Evaluation, Reason, RuleInput};
use crate::status::{Status, StatusCounts, StatusPolicy};
use crate::target::TargetValue;
use crate::trend::Trend;
use crate::unit::Scope;
use chrono::NaiveDate;
use std::collections::HashMap;

/// How a scorecard is built.
#[derive(Clone)]
pub struct Options<'a> {
    /// How many values of history to show (including the current one).
    pub history: usize,
    /// Today, for flagging late values; `None` flags nothing.
    pub today: Option<NaiveDate>,
    /// Days after a period's end before a missing value is late.
    pub grace_days: i64,
    /// Engine for script rules.
    pub custom: Option<&'a dyn CustomRules>,
    /// How focus-area and perspective statuses are combined.
    pub policy: StatusPolicy,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            history: 6,
            today: None,
            grace_days: crate::deadline::DEFAULT_GRACE_DAYS,
            custom: None,
            policy: StatusPolicy::Worst,
        }
    }
}

impl std::fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("history", &self.history)
            .field("today", &self.today)
            .field("grace_days", &self.grace_days)
            .field("custom", &self.custom.is_some())
            .field("policy", &self.policy)
            .finish()
    }
}

/// One indicator's line in a scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Indicator code.
    pub indicator: IndicatorCode,
    /// Indicator name.
    pub name: String,
    /// Its perspective.
    pub perspective: PerspectiveId,
    /// Its focus area.
    pub focus_area: FocusAreaId,
    /// How values are shown.
    pub measure: Measure,
    /// Which way is better.
    pub direction: Direction,
    /// The value shown, if any.
    pub value: Option<f64>,
    /// The period the value is for (may be earlier than the scorecard's for
    /// yearly indicators).
    pub value_period: Period,
    /// Values that went into it / values expected (months in a tertial,
    /// or units in a roll-up).
    pub coverage: (usize, usize),
    /// Roll-up details (sector and municipality scorecards).
    pub rollup: Option<RolledUp>,
    /// The target, if any.
    pub target: Option<TargetValue>,
    /// The traffic light.
    pub status: Status,
    /// Why.
    pub reason: Reason,
    /// The value of the previous period.
    pub previous: Option<f64>,
    /// Trend against the previous period.
    pub trend: Trend,
    /// The value of the same period last year.
    pub last_year: Option<f64>,
    /// Trend against the same period last year.
    pub trend_last_year: Trend,
    /// The unit's comment (analysis), if any.
    pub comment: Option<String>,
    /// The last values, oldest first, ending with the shown period.
    pub history: Vec<(Period, Option<f64>)>,
    /// The value is missing though the period is due.
    pub late: bool,
    /// The script that computed the value, for computed indicators.
    pub computed_by: Option<String>,
    /// Where the series breaks within the history (a municipal merger, a
    /// change of method), with SSB's note: no trend crosses a break.
    pub breaks: Vec<(Period, String)>,
    /// The value is KOSTRA's figure for the whole municipality.
    pub from_kostra: bool,
}

impl Row {
    /// The reason in words.
    pub fn reason_text(&self, lang: Lang) -> String {
        self.reason.render(lang, &self.measure, self.value_period)
    }

    /// What the value is built from, in words: `3 av 4 enheter` for a
    /// roll-up, `2 av 3` months for a period built from months, and
    /// `beregnet` when a script computed it; empty for a plain value.
    ///
    /// ```
    /// use styring_core::{complete::Complete, example, scorecard::{Options, Scorecard}, unit::Scope, Lang, Model};
    /// let model = Model::example();
    /// let data = Complete::new(&model, example::sample_dataset(&model), None);
    /// let card = Scorecard::build(&model, &data, &Scope::Municipality, "2025-T2".parse().unwrap(), &Options::default()).unwrap();
    /// let row = card.rows().find(|r| r.rollup.is_some()).unwrap();
    /// let r = row.rollup.as_ref().unwrap();
    /// assert!(row.basis_text(Lang::Nb).starts_with(&format!("{} av {} enheter", r.units_counted, r.units_expected)));
    /// ```
    pub fn basis_text(&self, lang: Lang) -> String {
        let of = lang.pick("av", "of");
        let basis = match (&self.rollup, self.coverage) {
            (Some(ru), _) => format!(
                "{} {of} {} {}",
                ru.units_counted,
                ru.units_expected,
                lang.pick("enheter", "units")
            ),
            (None, (n, m)) if m > 1 => format!("{n} {of} {m}"),
            _ => String::new(),
        };
        if self.from_kostra && self.value.is_some() {
            return "KOSTRA (SSB)".to_string();
        }
        match (&self.computed_by, basis.is_empty()) {
            (Some(_), true) => lang.pick("beregnet", "computed").to_string(),
            (Some(_), false) => format!("{basis}, {}", lang.pick("beregnet", "computed")),
            (None, _) => basis,
        }
    }

    /// The value formatted (`5,3 %`), or `–`.
    pub fn value_text(&self, lang: Lang) -> String {
        self.value
            .map(|v| self.measure.format(v, lang))
            .unwrap_or_else(|| "–".into())
    }

    /// The target formatted (`5,0 %`, `−1,0 % til 1,0 %`), or `–`.
    pub fn target_text(&self, lang: Lang) -> String {
        match self.target {
            None => "–".into(),
            Some(TargetValue::Value(v)) => self.measure.format(v, lang),
            Some(TargetValue::Range { min, max }) => format!(
                "{} {} {}",
                self.measure.format(min, lang),
                lang.pick("til", "to"),
                self.measure.format(max, lang)
            ),
        }
    }
}

/// A focus area's rows.
#[derive(Debug, Clone, PartialEq)]
pub struct FocusAreaSection {
    /// Focus area id.
    pub id: FocusAreaId,
    /// Focus area name.
    pub name: String,
    /// Gjennomgående?
    pub cross_cutting: bool,
    /// Combined status.
    pub status: Status,
    /// The rows.
    pub rows: Vec<Row>,
}

/// A perspective's focus areas.
#[derive(Debug, Clone, PartialEq)]
pub struct PerspectiveSection {
    /// Perspective id.
    pub id: PerspectiveId,
    /// Perspective name.
    pub name: String,
    /// Combined status.
    pub status: Status,
    /// Status counts.
    pub counts: StatusCounts,
    /// The focus areas.
    pub focus_areas: Vec<FocusAreaSection>,
}

/// A scorecard for a unit, sector or the municipality and a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    /// Whose scorecard.
    pub scope: Scope,
    /// Name of the unit, sector or municipality.
    pub scope_name: String,
    /// The period.
    pub period: Period,
    /// Perspectives in model order.
    pub perspectives: Vec<PerspectiveSection>,
    /// Status counts over all rows.
    pub counts: StatusCounts,
    /// The policy used for combined statuses.
    pub policy: StatusPolicy,
}

/// Computes the values an indicator needs at a scope: for a service unit
/// its own values, otherwise roll-ups over the scope's units.
struct Source<'a> {
    model: &'a Model,
    data: &'a Dataset,
    unit: Option<usize>,
    leaves: Vec<usize>,
    /// The whole municipality: a KOSTRA indicator shows SSB's figure for
    /// it rather than a roll-up of the units.
    municipal: bool,
}

impl Source<'_> {
    /// KOSTRA's own figure for the municipality in `p`'s year, when this
    /// is the municipality's scorecard and `p` a year.
    fn kostra_own(&self, ind: usize, p: Period) -> Option<f64> {
        if !self.municipal || p.frequency() != crate::period::Frequency::Year {
            return None;
        }
        self.data.kostra(ind, p.year_number())?.own
    }

    fn exact(&self, ind: usize, p: Period) -> Option<(f64, (usize, usize), Option<RolledUp>)> {
        if self.municipal && self.data.has_kostra(ind) {
            return self.kostra_own(ind, p).map(|v| (v, (1, 1), None));
        }
        match self.unit {
            Some(u) => self
                .data
                .value(self.model, ind, u, p)
                .filter(|v| v.period == p)
                .map(|v| (v.value, (v.count, v.expected), None)),
            None => roll_up(self.model, self.data, ind, &self.leaves, p)
                .map(|r| (r.value, (r.units_counted, r.units_expected), Some(r))),
        }
    }

    /// The period whose value is shown for a scorecard period.
    fn shown_period(&self, ind: usize, period: Period) -> Period {
        let f = self.model.indicators()[ind].frequency;
        if f <= period.frequency() {
            return period;
        }
        let own = period.coarsen(f).unwrap_or(period);
        // KOSTRA's latest year up to the period's own (SSB publishes a
        // year's figures the next March).
        if self.municipal && self.data.has_kostra(ind) && f == crate::period::Frequency::Year {
            return (0..10)
                .map(|k| own.shift(-k))
                .find(|p| self.kostra_own(ind, *p).is_some())
                .unwrap_or(own);
        }
        let units: Vec<usize> = match self.unit {
            Some(u) => vec![u],
            None => self.leaves.clone(),
        };
        units
            .iter()
            .filter_map(|&u| {
                self.data
                    .value(self.model, ind, u, period)
                    .map(|v| v.period)
            })
            .max()
            .unwrap_or(own)
    }
}

impl Scorecard {
    /// Builds the scorecard for `scope` and `period` from `data`.
    ///
    /// # Errors
    /// [`Error::UnknownUnit`] when the scope names no unit.
    pub fn build(
        model: &Model,
        data: &Complete,
        scope: &Scope,
        period: Period,
        opts: &Options<'_>,
    ) -> Result<Scorecard, Error> {
        Scorecard::build_from(model, data.dataset(), scope, period, opts)
    }

    fn build_from(
        model: &Model,
        data: &Dataset,
        scope: &Scope,
        period: Period,
        opts: &Options<'_>,
    ) -> Result<Scorecard, Error> {
        model.check_scope(scope)?;
        let leaves: Vec<usize> = model
            .service_units(scope)
            .iter()
            .filter_map(|u| model.unit_index(u.id.as_str()))
            .collect();
        let unit = match scope {
            Scope::Unit(id) if !model.is_sector(id.as_str()) => model.unit_index(id.as_str()),
            _ => None,
        };
        let src = Source {
            model,
            data,
            unit,
            leaves,
            municipal: *scope == Scope::Municipality,
        };
        let indicators = model.indicators_for(scope);
        let mut by_fa: HashMap<&FocusAreaId, Vec<Row>> = HashMap::new();
        for ind in indicators {
            let Some(i) = model.indicator_index(ind.code.as_str()) else {
                continue;
            };
            let row = build_row(model, &src, scope, i, period, opts);
            by_fa.entry(&ind.focus_area).or_default().push(row);
        }
        let mut counts = StatusCounts::default();
        let mut perspectives = Vec::new();
        for p in model.perspectives() {
            let mut section = PerspectiveSection {
                id: p.id.clone(),
                name: p.name.clone(),
                status: Status::NoData,
                counts: StatusCounts::default(),
                focus_areas: Vec::new(),
            };
            for fa in model.focus_areas().iter().filter(|f| f.perspective == p.id) {
                let Some(rows) = by_fa.remove(&fa.id) else {
                    continue;
                };
                let mut c = StatusCounts::default();
                for r in &rows {
                    c.add(r.status);
                }
                section.counts.merge(&c);
                section.focus_areas.push(FocusAreaSection {
                    id: fa.id.clone(),
                    name: fa.name.clone(),
                    cross_cutting: fa.cross_cutting,
                    status: opts.policy.combine_counts(&c),
                    rows,
                });
            }
            if section.focus_areas.is_empty() {
                continue;
            }
            section.status = opts.policy.combine_counts(&section.counts);
            counts.merge(&section.counts);
            perspectives.push(section);
        }
        Ok(Scorecard {
            scope: scope.clone(),
            scope_name: model.scope_name(scope),
            period,
            perspectives,
            counts,
            policy: opts.policy,
        })
    }

    /// Every row, in order.
    pub fn rows(&self) -> impl Iterator<Item = &Row> {
        self.perspectives
            .iter()
            .flat_map(|p| p.focus_areas.iter().flat_map(|f| f.rows.iter()))
    }

    /// The row for an indicator.
    pub fn row(&self, code: &str) -> Option<&Row> {
        self.rows().find(|r| r.indicator.as_str() == code)
    }
}

fn trend_of(
    ind: &crate::indicator::Indicator,
    earlier: Option<f64>,
    now: Option<f64>,
    target: Option<TargetValue>,
) -> Trend {
    Trend::for_indicator(ind, earlier, now, target)
}

fn build_row(
    model: &Model,
    src: &Source<'_>,
    scope: &Scope,
    i: usize,
    period: Period,
    opts: &Options<'_>,
) -> Row {
    let ind = &model.indicators()[i];
    let shown = src.shown_period(i, period);
    let current = src.exact(i, shown);
    let n = opts.history.max(1);
    let history: Vec<(Period, Option<f64>)> = (0..n)
        .rev()
        .map(|k| {
            let p = shown.shift(-(k as i64));
            if k == 0 {
                (p, current.as_ref().map(|c| c.0))
            } else {
                (p, src.exact(i, p).map(|c| c.0))
            }
        })
        .collect();
    let previous = if n >= 2 {
        history[n - 2].1
    } else {
        src.exact(i, shown.previous()).map(|c| c.0)
    };
    let ly = shown.same_period_last_year();
    let last_year = history
        .iter()
        .find(|(p, _)| *p == ly)
        .map(|(_, v)| *v)
        .unwrap_or_else(|| src.exact(i, ly).map(|c| c.0));
    let target_unit = match scope {
        Scope::Municipality => None,
        Scope::Unit(u) => Some(u),
    };
    let target = model
        .targets()
        .find(&ind.code, target_unit, shown)
        .map(|t| t.value);
    let value = current.as_ref().map(|c| c.0);
    let unit_ref = src.unit.map(|u| &model.units()[u]);
    // Breaks in the municipality's KOSTRA series, within the history.
    let kostra_year = |p: Period| {
        (ind.kostra.is_some() && p.frequency() == crate::period::Frequency::Year)
            .then(|| src.data.kostra(i, p.year_number()))
            .flatten()
    };
    let breaks: Vec<(Period, String)> = if src.municipal {
        history
            .iter()
            .filter_map(|(p, _)| Some((*p, kostra_year(*p)?.break_note.clone()?)))
            .collect()
    } else {
        Vec::new()
    };
    // The latest break at or before the shown period: nothing before it
    // is compared with what comes after.
    let broken_at = breaks.iter().map(|(p, _)| *p).filter(|p| *p <= shown).max();
    let hist_values: Vec<f64> = history[..n - 1]
        .iter()
        .filter(|(p, _)| broken_at.is_none_or(|b| *p >= b))
        .filter_map(|(_, v)| *v)
        .collect();
    let comparison = kostra_year(shown).and_then(|k| k.group.as_ref());
    let input = RuleInput {
        indicator: ind,
        unit: unit_ref,
        period: shown,
        value,
        target,
        previous,
        history: &hist_values,
        comparison,
    };
    let Evaluation {
        mut status,
        mut reason,
    } = ind.rule.evaluate(&input, opts.custom);
    // A failed computation anywhere in the period is shown, never hidden
    // behind a value from the other months or units.
    if src.data.has_computed_errors() {
        let failed = match src.unit {
            Some(u) => src.data.computed_error(model, i, u, shown),
            None => src
                .leaves
                .iter()
                .find_map(|&u| src.data.computed_error(model, i, u, shown)),
        };
        if let Some(message) = failed {
            status = Status::Error;
            reason = Reason::Error(message.to_string());
        }
    }
    let comment = match src.unit {
        Some(u) => src.data.comment(model, i, u, shown).map(str::to_string),
        None => None,
    };
    let late = value.is_none()
        && opts
            .today
            .is_some_and(|t| crate::deadline::is_late(shown, opts.grace_days, t));
    let (coverage, rollup) = match current {
        Some((_, c, r)) => (c, r),
        None => (
            (
                0,
                if src.unit.is_some() {
                    1
                } else {
                    src.leaves.len()
                },
            ),
            None,
        ),
    };
    Row {
        indicator: ind.code.clone(),
        name: ind.name.clone(),
        perspective: model.perspective_of(ind).id.clone(),
        focus_area: ind.focus_area.clone(),
        measure: ind.measure,
        direction: ind.direction,
        value,
        value_period: shown,
        coverage,
        rollup,
        target,
        status,
        reason,
        previous,
        // A value with no light is not judged better or worse either, and
        // no trend crosses a break in the series.
        trend: if status == Status::Unjudged || crosses(broken_at, shown.previous(), shown) {
            Trend::Unknown
        } else {
            trend_of(ind, previous, value, target)
        },
        last_year,
        trend_last_year: if status == Status::Unjudged
            || crosses(broken_at, shown.same_period_last_year(), shown)
        {
            Trend::Unknown
        } else {
            trend_of(ind, last_year, value, target)
        },
        comment,
        history,
        late,
        computed_by: src.data.computed_by(i).map(str::to_string),
        from_kostra: src.municipal && src.data.has_kostra(i),
        breaks,
    }
}

/// Whether a break at `at` lies between `earlier` (before it) and `now`
/// (at or after it).
fn crosses(at: Option<Period>, earlier: Period, now: Period) -> bool {
    at.is_some_and(|b| earlier < b && b <= now)
}

/// One cell of the overview matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct OverviewCell {
    /// The value shown.
    pub value: Option<f64>,
    /// The status.
    pub status: Status,
}

/// Units × indicators with statuses.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// The period.
    pub period: Period,
    /// Units (rows), service units in model order, then the municipality.
    pub units: Vec<(Scope, String)>,
    /// Indicators (columns), grouped by perspective.
    pub indicators: Vec<(IndicatorCode, String, PerspectiveId)>,
    /// `cells[u][i]`; `None` where the indicator does not apply.
    pub cells: Vec<Vec<Option<OverviewCell>>>,
    /// Status counts per unit.
    pub counts: Vec<StatusCounts>,
}

impl Overview {
    /// Builds the overview for every service unit and the municipality.
    pub fn build(model: &Model, data: &Complete, period: Period, opts: &Options<'_>) -> Overview {
        let data = data.dataset();
        let mut scopes: Vec<(Scope, String)> = model
            .service_units(&Scope::Municipality)
            .iter()
            .map(|u| (Scope::Unit(u.id.clone()), u.name.clone()))
            .collect();
        scopes.push((Scope::Municipality, model.municipality_name().to_string()));
        let mut indicators = Vec::new();
        for p in model.perspectives() {
            for fa in model.focus_areas().iter().filter(|f| f.perspective == p.id) {
                for ind in model.indicators().iter().filter(|i| i.focus_area == fa.id) {
                    indicators.push((ind.code.clone(), ind.name.clone(), p.id.clone()));
                }
            }
        }
        let col: HashMap<&IndicatorCode, usize> = indicators
            .iter()
            .enumerate()
            .map(|(i, x)| (&x.0, i))
            .collect();
        let light = Options {
            history: 2,
            ..opts.clone()
        };
        let mut cells = Vec::new();
        let mut counts = Vec::new();
        for (scope, _) in &scopes {
            let mut row = vec![None; indicators.len()];
            // Every scope here is one of the model's own units.
            let Ok(card) = Scorecard::build_from(model, data, scope, period, &light) else {
                counts.push(StatusCounts::default());
                cells.push(row);
                continue;
            };
            for r in card.rows() {
                row[col[&r.indicator]] = Some(OverviewCell {
                    value: r.value,
                    status: r.status,
                });
            }
            counts.push(card.counts);
            cells.push(row);
        }
        Overview {
            period,
            units: scopes,
            indicators,
            cells,
            counts,
        }
    }
}

/// A goal with its status and its children's.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalStatus {
    /// The goal.
    pub id: GoalId,
    /// Its title.
    pub title: String,
    /// Its level.
    pub level: crate::goal::GoalLevel,
    /// Combined status of its indicators and children.
    pub status: Status,
    /// Its own indicators' statuses.
    pub indicators: Vec<(IndicatorCode, Status)>,
    /// Child goals.
    pub children: Vec<GoalStatus>,
}

/// The goal tree with statuses for `period`: each goal's indicators are
/// judged at its unit (or for the municipality), and statuses roll up by
/// each goal's policy.
pub fn goal_statuses(
    model: &Model,
    data: &Complete,
    period: Period,
    opts: &Options<'_>,
) -> Vec<GoalStatus> {
    let mut cards: HashMap<Scope, Scorecard> = HashMap::new();
    fn walk(
        model: &Model,
        data: &Dataset,
        period: Period,
        opts: &Options<'_>,
        cards: &mut HashMap<Scope, Scorecard>,
        goal: &crate::goal::Goal,
    ) -> GoalStatus {
        let scope = match &goal.unit {
            Some(u) => Scope::Unit(u.clone()),
            None => Scope::Municipality,
        };
        if !cards.contains_key(&scope) {
            // A goal's unit is checked when the model loads; a card that
            // cannot be built leaves its indicators without data.
            if let Ok(c) = Scorecard::build_from(model, data, &scope, period, opts) {
                cards.insert(scope.clone(), c);
            }
        }
        let card = cards.get(&scope);
        let indicators: Vec<(IndicatorCode, Status)> = goal
            .indicators
            .iter()
            .map(|c| {
                (
                    c.clone(),
                    card.and_then(|card| card.row(c.as_str()))
                        .map(|r| r.status)
                        .unwrap_or(Status::NoData),
                )
            })
            .collect();
        let children: Vec<GoalStatus> = model
            .goals()
            .iter()
            .filter(|g| g.parent.as_ref() == Some(&goal.id))
            .map(|g| walk(model, data, period, opts, cards, g))
            .collect();
        let all: Vec<Status> = indicators
            .iter()
            .map(|x| x.1)
            .chain(children.iter().map(|c| c.status))
            .collect();
        GoalStatus {
            id: goal.id.clone(),
            title: goal.title.clone(),
            level: goal.level,
            status: goal.rollup.combine(&all),
            indicators,
            children,
        }
    }
    model
        .goals()
        .iter()
        .filter(|g| g.parent.is_none())
        .map(|g| walk(model, data.dataset(), period, opts, &mut cards, g))
        .collect()
}

#[cfg(test)]
mod tests;
