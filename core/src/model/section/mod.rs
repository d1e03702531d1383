//! The sections of `model.toml`, one file each: its text form (what serde
//! reads and writes, unchecked), its checks (text form → checked values,
//! every problem reported with its entry and kind) and its save form
//! (checked values → text form).
//!
//! The sections are checked in model order, each against the sections
//! checked before it: municipality, perspectives, focus areas, units,
//! indicators, targets, goals, economy, deviations. A new section is a new file here, one field
//! in [`RawModel`] and one line in [`from_raw`] and [`to_raw`].
//!
//! What every section shares is here: [`Ctx`], the problem collector that
//! knows the file, and its checks for ids, keywords, finite numbers and
//! references («mente du» suggestions come from
//! [`crate::problem::Suggestion`]).

mod deviations;
mod economy;
mod focus_areas;
mod goals;
mod indicators;
mod kostra;
mod municipality;
mod perspectives;
mod targets;
mod units;
mod whistleblowing;

use super::{Index, Model};
use crate::error::Error;
use crate::ids::IdError;
use crate::lang::Lang;
use crate::problem::{Location, ProblemKind, Problems, Suggestion};
use crate::target::Targets;
use crate::text::Localized;
use serde::{Deserialize, Serialize};

pub(super) use goals::advice;
pub(super) use indicators::check_rule;

/// The whole file as serde reads and writes it; the field order is the
/// order of the sections in a saved file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawModel {
    municipality: municipality::RawMunicipality,
    #[serde(default)]
    perspectives: Vec<perspectives::RawPerspective>,
    #[serde(default)]
    focus_areas: Vec<focus_areas::RawFocusArea>,
    #[serde(default)]
    units: Vec<units::RawUnit>,
    #[serde(default)]
    indicators: Vec<indicators::RawIndicator>,
    #[serde(default)]
    targets: Vec<targets::RawTarget>,
    #[serde(default)]
    goals: Vec<goals::RawGoal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    economy: Option<economy::RawEconomy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deviations: Option<deviations::RawDeviations>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    whistleblowing: Option<whistleblowing::RawWhistleblowing>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kostra: Option<kostra::RawKostra>,
}

/// Checks every section in model order and builds the model, or returns
/// every problem found.
pub(super) fn from_raw(raw: RawModel, origin: &str) -> Result<Model, Error> {
    let mut ctx = Ctx::new(origin);
    let municipality_id = municipality::check(&mut ctx, &raw.municipality);
    let perspectives = perspectives::check(&mut ctx, &raw.perspectives);
    let focus_areas = focus_areas::check(&mut ctx, &raw.focus_areas, &perspectives);
    let units = units::check(&mut ctx, &raw.units, municipality_id.as_ref());
    let indicators = indicators::check(&mut ctx, &raw.indicators, &focus_areas, &units);
    let targets = targets::check(&mut ctx, &raw.targets, &indicators, &units);
    let goals = goals::check(&mut ctx, &raw.goals, &indicators, &units);
    let economy = economy::check(&mut ctx, raw.economy.as_ref(), &units);
    let deviations = deviations::check(&mut ctx, raw.deviations.as_ref());
    let whistleblowing = whistleblowing::check(&mut ctx, raw.whistleblowing.as_ref());
    let kostra = kostra::check(&mut ctx, raw.kostra.as_ref());
    if kostra.group.is_none() {
        for ind in indicators.list.iter().filter(|i| i.rule.needs_comparison()) {
            ctx.add(
                ProblemKind::Missing,
                &format!("indicators.{}.rule", ind.code),
                "rule: kostra_group sammenligner med kommunens KOSTRA-gruppe; sett group = \"EKG01\" (eller gruppen kommunen er i) under [kostra]",
                "rule: kostra_group compares with the municipality's KOSTRA group; set group = \"EKG01\" (or the municipality's group) under [kostra]",
            );
        }
    }

    // `municipality::check` always gives an id (a bad one is replaced by
    // the default once its problem is added), so this returns only when
    // there are problems.
    let (true, Some(municipality_id)) = (ctx.problems.is_empty(), municipality_id) else {
        return Err(Error::Model(ctx.problems));
    };
    let mut model = Model {
        municipality_id,
        municipality_name: raw.municipality.name().to_string(),
        perspectives,
        focus_areas,
        units: units.into_list(),
        indicators: indicators.into_list(),
        targets: Targets::new(targets),
        goals,
        economy,
        economy_in_file: raw.economy.is_some(),
        deviations,
        deviations_in_file: raw.deviations.is_some(),
        whistleblowing,
        whistleblowing_in_file: raw.whistleblowing.is_some(),
        kostra,
        kostra_in_file: raw.kostra.is_some(),
        base_dir: None,
        index: Index::default(),
    };
    model.index = Index::build(&model);
    Ok(model)
}

/// The save form of `m`, section by section.
pub(super) fn to_raw(m: &Model) -> RawModel {
    RawModel {
        municipality: municipality::save(&m.municipality_id, &m.municipality_name),
        perspectives: perspectives::save(&m.perspectives),
        focus_areas: focus_areas::save(&m.focus_areas),
        units: units::save(&m.units),
        indicators: indicators::save(&m.indicators),
        targets: targets::save(m.targets.all()),
        goals: goals::save(&m.goals),
        economy: economy::save(&m.economy, m.economy_in_file),
        deviations: deviations::save(&m.deviations, m.deviations_in_file),
        whistleblowing: whistleblowing::save(&m.whistleblowing, m.whistleblowing_in_file),
        kostra: kostra::save(&m.kostra, m.kostra_in_file),
    }
}

/// The problem collector: every problem found in one file, each at its
/// entry (`indicators[4] (M.1.5)`) in that file.
struct Ctx<'a> {
    origin: &'a str,
    problems: Problems,
}

impl<'a> Ctx<'a> {
    fn new(origin: &'a str) -> Ctx<'a> {
        Ctx {
            origin,
            problems: Problems::default(),
        }
    }

    /// Adds a problem of `kind` at `entry`.
    fn add(
        &mut self,
        kind: ProblemKind,
        entry: &str,
        nb: impl Into<String>,
        en: impl Into<String>,
    ) {
        self.problems
            .add_kind(kind, Location::entry(entry).in_file(self.origin), nb, en);
    }

    /// Adds a problem of `kind` with its (Norwegian, English) messages.
    fn add_text(
        &mut self,
        kind: ProblemKind,
        entry: &str,
        crate::text::Text { nb, en }: crate::text::Text,
    ) {
        self.add(kind, entry, nb, en);
    }

    /// Runs a check that writes to a bare [`Problems`] (one shared with
    /// [`Model`]'s setters, which know no file), and places what it found
    /// in this file.
    fn run_located(&mut self, check: impl FnOnce(&mut Problems)) {
        let before = self.problems.len();
        check(&mut self.problems);
        for p in &mut self.problems.0[before..] {
            p.location.file = Some(self.origin.to_string());
        }
    }

    /// How many problems so far.
    fn count(&self) -> usize {
        self.problems.len()
    }

    /// `text` as an id made by `make`, or a problem saying why it is not
    /// one.
    fn id<T>(
        &mut self,
        entry: &str,
        text: &str,
        make: impl Fn(&str) -> Result<T, IdError>,
    ) -> Option<T> {
        match make(text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(
                    ProblemKind::BadName,
                    entry,
                    e.render(Lang::Nb),
                    e.render(Lang::En),
                );
                None
            }
        }
    }

    /// The value of the keyword `value` for `key`, one of `options`, or a
    /// problem listing them with a «mente du» suggestion.
    fn choice<T: Copy>(
        &mut self,
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
        let s = Suggestion::closest(value, options.iter().map(|(k, _)| *k));
        self.add(
            ProblemKind::Invalid,
            entry,
            format!(
                "ukjent verdi «{value}» for {key} (gyldige: {list}){}",
                s.text(Lang::Nb)
            ),
            format!(
                "unknown {key} \"{value}\" (expected one of {list}){}",
                s.text(Lang::En)
            ),
        );
        None
    }

    /// Whether `v` (the value of `key`) is finite; a problem if not.
    fn finite(&mut self, entry: &str, key: &str, v: f64) -> bool {
        if !v.is_finite() {
            self.add(
                ProblemKind::Invalid,
                entry,
                format!("{key} må være et endelig tall, ikke {v}"),
                format!("{key} must be a finite number, not {v}"),
            );
        }
        v.is_finite()
    }

    /// An unknown reference: `ukjent {what} «wrong»` with a «mente du»
    /// suggestion from `candidates`; `what` is the (Norwegian, English)
    /// word.
    fn unknown<'c>(
        &mut self,
        entry: &str,
        what: (&str, &str),
        wrong: &str,
        candidates: impl IntoIterator<Item = &'c str>,
    ) {
        let messages = Suggestion::closest(wrong, candidates).unknown(what, wrong);
        self.add_text(ProblemKind::UnknownReference, entry, messages);
    }
}

#[cfg(test)]
mod tests;
