//! The registers through one call each on a model and a store (and on a
//! [`Workspace`]), for the CLI and Python alike: a deviation registered
//! from what a leader types, checked against the model (unit, category,
//! risk scale), and the register as a Report.

use crate::{Error, Workspace};
use chrono::{DateTime, Utc};
use styring_core::problem::{Location, ProblemKind, Problems};
use styring_core::register::{
    deviations_report, Deviation, DeviationReport, NotificationDuty, Risk,
};
use styring_core::report::Report;
use styring_core::store::Store;
use styring_core::{Lang, Localized, Model, Period};

/// What a leader gives to register a deviation.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviationInput {
    /// Its id; by default the next free `AV-n`.
    pub id: Option<String>,
    /// The unit (id or name).
    pub unit: String,
    /// The category (one of the model's, in any case).
    pub category: String,
    /// What happened.
    pub description: String,
    /// When it happened; by default when it is registered.
    pub happened: Option<DateTime<Utc>>,
    /// Consequence, 1–5.
    pub consequence: i64,
    /// Likelihood, 1–5.
    pub likelihood: i64,
    /// A notification the law requires.
    pub duty: Option<NotificationDuty>,
    /// A deadline set by hand.
    pub deadline: Option<DateTime<Utc>>,
}

/// Registers a deviation at `now` as the store's actor: the unit through
/// the model's resolver, the category from the model's list, the deadline
/// from its risk matrix unless given.
///
/// # Errors
/// Every problem with what was given, each at its option
/// ([`styring_core::Error::Register`]); the store's errors.
pub fn add_deviation(
    model: &Model,
    store: &mut Store,
    input: &DeviationInput,
    now: DateTime<Utc>,
) -> Result<Deviation, Error> {
    let mut problems = Problems::default();
    let mut add = |at: &str, kind: ProblemKind, nb: String, en: String| {
        problems.add_kind(kind, Location::entry(at), nb, en)
    };
    let unit = match model.resolve_service_unit(&input.unit) {
        Ok(u) => Some(u.id.clone()),
        Err(e) => {
            add(
                "--unit",
                ProblemKind::UnknownUnit,
                e.render(Lang::Nb),
                e.render(Lang::En),
            );
            None
        }
    };
    let category = match model.deviations().category(&input.category) {
        Ok(c) => Some(c.to_string()),
        Err(t) => {
            add("--category", ProblemKind::UnknownReference, t.nb, t.en);
            None
        }
    };
    let risk = match Risk::new(input.consequence, input.likelihood) {
        Ok(r) => Some(r),
        Err(t) => {
            add(
                "--consequence/--likelihood",
                ProblemKind::OutOfRange,
                t.nb,
                t.en,
            );
            None
        }
    };
    let id = match &input.id {
        Some(id) if id.trim().is_empty() || id.contains('#') => {
            add(
                "--id",
                ProblemKind::BadName,
                format!("«{id}» kan ikke være en avviks-id (tom, eller med #)"),
                format!("\"{id}\" cannot be a deviation id (empty, or with #)"),
            );
            None
        }
        Some(id) => Some(id.trim().to_string()),
        None => {
            let taken: Vec<String> = store.deviations()?.into_iter().map(|d| d.id).collect();
            (taken.len() + 1..)
                .map(|n| format!("AV-{n}"))
                .find(|c| !taken.contains(c))
        }
    };
    let (Some(unit), Some(category), Some(risk), Some(id)) = (unit, category, risk, id) else {
        return Err(Error::Core(styring_core::Error::Register(problems)));
    };
    let report = DeviationReport {
        unit,
        category,
        description: input.description.clone(),
        happened: input.happened.unwrap_or(now),
        risk,
        duty: input.duty,
        deadline: input.deadline,
    };
    let d = Deviation::register(&id, report, now, store.actor(), &model.deviations().matrix)
        .map_err(|t| {
            let mut p = Problems::default();
            p.add_kind(
                ProblemKind::Invalid,
                Location::entry(format!("avvik {id}")),
                t.nb,
                t.en,
            );
            Error::Core(styring_core::Error::Register(p))
        })?;
    store.add_deviation(&d)?;
    Ok(d)
}

impl Workspace {
    /// See [`add_deviation`].
    ///
    /// # Errors
    /// As [`add_deviation`].
    pub fn add_deviation(
        &mut self,
        input: &DeviationInput,
        now: DateTime<Utc>,
    ) -> Result<Deviation, Error> {
        let (model, store) = self.parts_mut();
        add_deviation(model, store, input, now)
    }

    /// The deviation register for `period` as a Report, as it stood at the
    /// period's end (or now).
    ///
    /// # Errors
    /// The store's errors.
    pub fn deviations_report(
        &self,
        period: Period,
        now: DateTime<Utc>,
        lang: Lang,
    ) -> Result<Report, Error> {
        let all = self.store().deviations()?;
        Ok(deviations_report(self.model(), &all, period, now, lang))
    }
}
