//! The model: perspectives, focus areas, units, indicators, targets and
//! goals, read from and written to `model.toml`.
//!
//! A [`Model`] is always valid: [`Model::from_toml`] and [`Model::load`]
//! check everything and report every problem with the entry it is in, e.g.
//! `indicators[4] (M.1.5): unknown focus area "M.9"`.
//!
//! ```
//! use styring_core::model::Model;
//! let model = Model::example();
//! assert_eq!(model.municipality_name(), "Øyer kommune");
//! let text = model.to_toml();
//! let again = Model::from_toml(&text, "model.toml").unwrap();
//! assert_eq!(again.indicators().len(), model.indicators().len());
//!
//! let err = Model::from_toml("[municipality]\nname = \"X\"\n[[units]]\nid = \"Bad Id\"\nname = \"B\"\nkind = \"skole\"\n", "m.toml").unwrap_err();
//! assert_eq!(err.to_string().lines().nth(2).unwrap(),
//!     "m.toml: units[0]: «Bad Id» is not a valid unit id: use lower-case a–z, digits, - and _ (at most 40 characters), starting with a letter");
//! ```
//!
//! Each section of the file (`[municipality]`, `[[perspectives]]`,
//! `[[focus_areas]]`, `[[units]]`, `[[indicators]]`, `[[targets]]`,
//! `[[goals]]`) has one file under `section/` with its text form, its
//! checks and its save form; `scope.rs` resolves what people type for a
//! unit or a scope.

mod scope;
mod section;

use crate::error::Error;
use crate::goal::Goal;
use crate::ids::{FocusAreaId, GoalId, IndicatorCode, PerspectiveId, UnitId};
use crate::indicator::{AppliesTo, Indicator};
use crate::perspective::{FocusArea, Perspective};
use crate::problem::{Problem, ProblemKind, Problems};
use crate::rule::{Rule, ScriptSource};
use crate::target::Targets;
use crate::unit::{Scope, Unit};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A validated model of one municipality's management system.
#[derive(Debug, Clone)]
pub struct Model {
    municipality_id: UnitId,
    municipality_name: String,
    perspectives: Vec<Perspective>,
    focus_areas: Vec<FocusArea>,
    units: Vec<Unit>,
    indicators: Vec<Indicator>,
    targets: Targets,
    goals: Vec<Goal>,
    economy: crate::economy::EconomyConfig,
    economy_in_file: bool,
    deviations: crate::register::DeviationConfig,
    deviations_in_file: bool,
    whistleblowing: crate::register::WhistleConfig,
    whistleblowing_in_file: bool,
    /// `[kostra]`.
    kostra: crate::kostra::KostraConfig,
    /// Whether `[kostra]` was in the file (saved back only then).
    kostra_in_file: bool,
    base_dir: Option<PathBuf>,
    index: Index,
}

#[derive(Debug, Clone, Default)]
struct Index {
    perspective: HashMap<PerspectiveId, usize>,
    focus_area: HashMap<FocusAreaId, usize>,
    unit: HashMap<UnitId, usize>,
    indicator: HashMap<IndicatorCode, usize>,
    goal: HashMap<GoalId, usize>,
    children: Vec<Vec<usize>>,
}

impl Index {
    fn build(m: &Model) -> Index {
        let mut ix = Index {
            perspective: m
                .perspectives
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.clone(), i))
                .collect(),
            focus_area: m
                .focus_areas
                .iter()
                .enumerate()
                .map(|(i, f)| (f.id.clone(), i))
                .collect(),
            unit: m
                .units
                .iter()
                .enumerate()
                .map(|(i, u)| (u.id.clone(), i))
                .collect(),
            indicator: m
                .indicators
                .iter()
                .enumerate()
                .map(|(i, x)| (x.code.clone(), i))
                .collect(),
            goal: m
                .goals
                .iter()
                .enumerate()
                .map(|(i, g)| (g.id.clone(), i))
                .collect(),
            children: vec![Vec::new(); m.units.len()],
        };
        for (i, u) in m.units.iter().enumerate() {
            if let Some(p) = u.parent.as_ref().and_then(|p| ix.unit.get(p)) {
                ix.children[*p].push(i);
            }
        }
        ix
    }
}

impl Model {
    /// Reads and validates a model from TOML text; `origin` names the file
    /// in messages.
    ///
    /// # Errors
    /// [`Error::Toml`] when the text is not valid TOML of the model's shape;
    /// [`Error::Model`] with every problem otherwise.
    pub fn from_toml(text: &str, origin: &str) -> Result<Model, Error> {
        let raw: section::RawModel = toml::from_str(text).map_err(|e| Error::Toml {
            path: origin.to_string(),
            message: e.to_string(),
        })?;
        section::from_raw(raw, origin)
    }

    /// Loads and validates `model.toml` from `path`.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read, else as
    /// [`Model::from_toml`].
    pub fn load(path: &Path) -> Result<Model, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut m = Model::from_toml(&text, &path.display().to_string())?;
        m.base_dir = path.parent().map(Path::to_path_buf);
        Ok(m)
    }

    /// The model as `model.toml` text (see [`Model::try_to_toml`]; a model
    /// that cannot be written gives only the header comment).
    pub fn to_toml(&self) -> String {
        self.try_to_toml().unwrap_or_else(|_| self.toml_header())
    }

    /// The model as `model.toml` text.
    ///
    /// # Errors
    /// [`Error::Toml`] when the TOML writer refuses it (then nothing is
    /// saved).
    pub fn try_to_toml(&self) -> Result<String, Error> {
        let raw = section::to_raw(self);
        let body = toml::to_string(&raw).map_err(|e| Error::Toml {
            path: "model.toml".into(),
            message: e.to_string(),
        })?;
        Ok(format!("{}{body}", self.toml_header()))
    }

    fn toml_header(&self) -> String {
        format!(
            "# Styringsmodell for {} — perspektiver, fokusområder, enheter, indikatorer, mål og målhierarki.\n# Skrevet av styring; kan redigeres for hånd. Kontroller med `styring check`.\n\n",
            self.municipality_name
        )
    }

    /// Saves the model to `path` atomically (temporary file, fsync, rename).
    ///
    /// # Errors
    /// [`Error::Io`]; the previous file is untouched on failure.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let text = self.try_to_toml().map_err(|e| match e {
            Error::Toml { message, .. } => Error::Toml {
                path: path.display().to_string(),
                message,
            },
            e => e,
        })?;
        crate::fsutil::write_atomic(path, text.as_bytes()).map_err(|e| Error::io(path, e))
    }

    /// The folder the model was loaded from (for script paths), if any.
    pub fn base_dir(&self) -> Option<&Path> {
        self.base_dir.as_deref()
    }

    /// Sets the folder that script paths are relative to.
    pub fn set_base_dir(&mut self, dir: Option<PathBuf>) {
        self.base_dir = dir;
    }

    /// The municipality's id (the root of the unit tree).
    pub fn municipality_id(&self) -> &UnitId {
        &self.municipality_id
    }

    /// The municipality's name, e.g. `Øyer kommune`.
    pub fn municipality_name(&self) -> &str {
        &self.municipality_name
    }

    /// Perspectives in model order.
    pub fn perspectives(&self) -> &[Perspective] {
        &self.perspectives
    }

    /// Focus areas in model order.
    pub fn focus_areas(&self) -> &[FocusArea] {
        &self.focus_areas
    }

    /// Units and sectors in model order.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// Indicators in model order.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// All targets.
    pub fn targets(&self) -> &Targets {
        &self.targets
    }

    /// Goals in model order.
    pub fn goals(&self) -> &[Goal] {
        &self.goals
    }

    /// The indicator with `code`.
    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.index.indicator.get(code).map(|&i| &self.indicators[i])
    }

    /// Position of the indicator with `code` in [`Model::indicators`].
    pub fn indicator_index(&self, code: &str) -> Option<usize> {
        self.index.indicator.get(code).copied()
    }

    /// What the model says about the economy (`[economy]`, or the
    /// defaults: the units directly under the municipality as budget
    /// areas).
    pub fn economy(&self) -> &crate::economy::EconomyConfig {
        &self.economy
    }

    /// What the model says about deviations (`[deviations]`, or the
    /// defaults: the seed's six categories and the default risk matrix).
    ///
    /// ```
    /// use styring_core::Model;
    /// let m = Model::example();
    /// assert_eq!(m.deviations().category("annet"), Ok("annet"));
    /// ```
    pub fn deviations(&self) -> &crate::register::DeviationConfig {
        &self.deviations
    }

    /// What the model says about KOSTRA (`[kostra]`: the municipality's
    /// region code, its group, the country, the municipalities to compare
    /// with, old codes).
    pub fn kostra(&self) -> &crate::kostra::KostraConfig {
        &self.kostra
    }

    /// What the model says about whistleblowing (`[whistleblowing]`: the
    /// receiver's public key and the routine's deadlines, by default 7
    /// days and 3 months).
    pub fn whistleblowing(&self) -> &crate::register::WhistleConfig {
        &self.whistleblowing
    }

    /// The model with `recipient` as the whistleblowing receiver's public
    /// key (as `styring whistleblowing keygen` prints it).
    ///
    /// # Errors
    /// The message when it is not an age public key.
    pub fn with_recipient(mut self, recipient: &str) -> Result<Model, crate::text::Text> {
        let key = recipient.trim();
        if !crate::register::looks_like_recipient(key) {
            return Err(crate::text::Text::new(
                format!("«{key}» er ikke en offentlig age-nøkkel"),
                format!("\"{key}\" is not an age public key"),
            ));
        }
        self.whistleblowing.recipient = Some(key.to_string());
        self.whistleblowing_in_file = true;
        Ok(self)
    }

    /// The budget area (rammeområde) `unit` belongs to: the unit itself
    /// when it is one, else the nearest sector above it that is one.
    ///
    /// ```
    /// use styring_core::Model;
    /// let m = Model::example();
    /// assert_eq!(m.budget_area_of("aurvoll").map(|u| u.id.as_str()), Some("oppvekst"));
    /// assert_eq!(m.budget_area_of("tekniske").map(|u| u.id.as_str()), Some("tekniske"));
    /// ```
    pub fn budget_area_of(&self, unit: &str) -> Option<&Unit> {
        let areas = &self.economy.budget_areas;
        let mut cur = self.unit(unit);
        let mut left = self.units.len() + 1;
        while let Some(u) = cur {
            if areas.contains(&u.id) {
                return Some(u);
            }
            left = left.checked_sub(1)?;
            cur = u.parent.as_ref().and_then(|p| self.unit(p.as_str()));
        }
        None
    }

    /// The unit or sector with `id`.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.index.unit.get(id).map(|&i| &self.units[i])
    }

    /// Position of the unit with `id` in [`Model::units`].
    pub fn unit_index(&self, id: &str) -> Option<usize> {
        self.index.unit.get(id).copied()
    }

    /// The goal with `id`.
    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.index.goal.get(id).map(|&i| &self.goals[i])
    }

    /// The focus area with `id`.
    pub fn focus_area(&self, id: &str) -> Option<&FocusArea> {
        self.index.focus_area.get(id).map(|&i| &self.focus_areas[i])
    }

    /// The perspective with `id`.
    pub fn perspective(&self, id: &str) -> Option<&Perspective> {
        self.index
            .perspective
            .get(id)
            .map(|&i| &self.perspectives[i])
    }

    /// The perspective an indicator belongs to (through its focus area).
    pub fn perspective_of(&self, indicator: &Indicator) -> &Perspective {
        let fa = &self.focus_areas[self.index.focus_area[&indicator.focus_area]];
        &self.perspectives[self.index.perspective[&fa.perspective]]
    }

    /// Whether the unit has sub-units (is a sector).
    pub fn is_sector(&self, id: &str) -> bool {
        self.unit_index(id)
            .is_some_and(|i| !self.index.children[i].is_empty())
    }

    /// The service units (leaves of the tree) within `scope`, in model
    /// order. A leaf unit's scope is the unit itself.
    pub fn service_units(&self, scope: &Scope) -> Vec<&Unit> {
        let is_leaf = |i: usize| self.index.children[i].is_empty();
        match scope {
            Scope::Municipality => (0..self.units.len())
                .filter(|&i| is_leaf(i))
                .map(|i| &self.units[i])
                .collect(),
            Scope::Unit(id) => {
                let Some(root) = self.unit_index(id.as_str()) else {
                    return Vec::new();
                };
                let mut out = Vec::new();
                let mut stack = vec![root];
                while let Some(i) = stack.pop() {
                    if is_leaf(i) {
                        out.push(i);
                    } else {
                        stack.extend(self.index.children[i].iter().copied());
                    }
                }
                out.sort_unstable();
                out.into_iter().map(|i| &self.units[i]).collect()
            }
        }
    }

    /// Whether `indicator` is reported by the service unit `unit`.
    pub fn applies(&self, indicator: &Indicator, unit: &Unit) -> bool {
        match &indicator.applies_to {
            AppliesTo::All => true,
            AppliesTo::Kinds(kinds) => kinds.contains(&unit.kind),
            AppliesTo::Units(units) => units.contains(&unit.id),
        }
    }

    /// The indicators that apply to any service unit within `scope`, in
    /// model order.
    pub fn indicators_for(&self, scope: &Scope) -> Vec<&Indicator> {
        let units = self.service_units(scope);
        self.indicators
            .iter()
            .filter(|i| units.iter().any(|u| self.applies(i, u)))
            .collect()
    }

    /// The name of a scope: a unit's name or the municipality's.
    pub fn scope_name(&self, scope: &Scope) -> String {
        match scope {
            Scope::Municipality => self.municipality_name.clone(),
            Scope::Unit(u) => self
                .unit(u.as_str())
                .map(|u| u.name.clone())
                .unwrap_or_else(|| u.to_string()),
        }
    }

    /// Checks that `scope` names a known unit.
    ///
    /// # Errors
    /// [`Error::UnknownUnit`] with a suggestion.
    pub fn check_scope(&self, scope: &Scope) -> Result<(), Error> {
        if let Scope::Unit(u) = scope {
            if self.unit(u.as_str()).is_none() {
                return Err(Error::UnknownUnit {
                    unit: u.to_string(),
                    suggestion: crate::problem::suggest(
                        u.as_str(),
                        self.units.iter().map(|u| u.id.as_str()),
                    ),
                });
            }
        }
        Ok(())
    }

    /// Indicator `code`, or the error naming it with a «mente du»
    /// suggestion.
    ///
    /// # Errors
    /// [`Error::UnknownIndicator`].
    pub fn indicator_or_error(&self, code: &str) -> Result<&Indicator, Error> {
        self.indicator_index_or_error(code)
            .map(|i| &self.indicators[i])
    }

    /// The index of indicator `code`, or the error naming it with a
    /// suggestion.
    fn indicator_index_or_error(&self, code: &str) -> Result<usize, Error> {
        self.indicator_index(code)
            .ok_or_else(|| Error::UnknownIndicator {
                code: code.to_string(),
                suggestion: crate::problem::suggest(
                    code,
                    self.indicators.iter().map(|i| i.code.as_str()),
                ),
            })
    }

    /// Replaces an indicator's rule, checking it fits the indicator.
    ///
    /// # Errors
    /// [`Error::UnknownIndicator`], or [`Error::Model`] when the rule does
    /// not fit (e.g. bands in the wrong order for the direction).
    pub fn set_rule(&mut self, code: &str, rule: Rule) -> Result<(), Error> {
        let i = self.indicator_index_or_error(code)?;
        let mut problems = Problems::default();
        section::check_rule(
            &rule,
            &self.indicators[i],
            &format!("indicators[{i}] ({code})"),
            &mut problems,
        );
        if !problems.is_empty() {
            return Err(Error::Model(problems));
        }
        self.indicators[i].rule = rule;
        Ok(())
    }

    /// Makes an indicator computed by `script` from other indicators (or,
    /// with `None`, reported by the units again). The script itself is
    /// compiled, and its inputs checked, by the script engine.
    ///
    /// # Errors
    /// [`Error::UnknownIndicator`], or [`Error::Model`] for an empty script.
    pub fn set_computed(&mut self, code: &str, script: Option<ScriptSource>) -> Result<(), Error> {
        let i = self.indicator_index_or_error(code)?;
        if let Some(ScriptSource::File(s) | ScriptSource::Inline(s)) = &script {
            if s.trim().is_empty() {
                let mut problems = Problems::default();
                problems.add_kind(
                    ProblemKind::Missing,
                    crate::problem::Location::entry(format!("indicators[{i}] ({code})")),
                    "computed er tom: oppgi skriptfilen eller skriptet",
                    "computed is empty: give the script file or the script",
                );
                return Err(Error::Model(problems));
            }
        }
        self.indicators[i].computed = script;
        Ok(())
    }

    /// Advice about the goal tree that does not make the model invalid:
    /// goals without indicators, and unit indicators that trace to no
    /// municipal goal.
    pub fn check(&self) -> Vec<Problem> {
        section::advice(self)
    }
}

#[cfg(test)]
mod tests;
