//! The registers through one call each on a model and a store (and on a
//! [`Workspace`]), for the CLI and Python alike: a deviation registered
//! from what a leader types, checked against the model (unit, category,
//! risk scale), and the register as a Report.

use crate::{Error, Workspace};
use chrono::{DateTime, Utc};
use std::path::Path;
use styring_core::problem::{Location, ProblemKind, Problems};
use styring_core::register::{
    deviations_report, Deviation, DeviationIntake, DeviationReport, DeviationTally,
    IncomingDeviation, NotificationDuty, Planned, Risk,
};
use styring_core::report::Report;
use styring_core::store::Store;
use styring_core::{Lang, Localized, Model, Period};
use styring_xlsx::ImportOptions;

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

/// Imports the deviation tables of a quality system's exports: every row
/// checked against the model and the register, then (unless `dry_run`)
/// stored in one transaction. The same export again changes nothing; a
/// later one carries its deviations further.
///
/// The rows stream from the reader (on this thread) to the checks and the
/// store's writer (on another) as they are read; the transaction is kept
/// only when neither the reader nor the checks found a problem.
///
/// # Errors
/// Every problem in every file, each at its cell
/// ([`styring_xlsx::XlsxError::Import`]), and nothing stored; the store's
/// errors.
pub fn import_deviations(
    model: &Model,
    store: &mut Store,
    paths: &[&Path],
    dry_run: bool,
) -> Result<DeviationTally, Error> {
    let stored = if store.has_deviations()? {
        store.deviations()?
    } else {
        Vec::new()
    };
    let importer = store.actor().clone();
    let (read_problems, consumed) = std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Feed>(8);
        let (stored, importer) = (&stored, &importer);
        let writer = (!dry_run).then_some(&mut *store);
        let consumer = scope.spawn(move || -> Result<(Problems, DeviationTally), Error> {
            let mut intake = DeviationIntake::new(model, stored, importer);
            let mut w = match writer {
                Some(s) => Some(s.deviations_writer()?),
                None => None,
            };
            let mut commit = false;
            for feed in rx {
                let rows = match feed {
                    Feed::Rows(rows) => rows,
                    Feed::Commit => {
                        commit = true;
                        continue;
                    }
                };
                for row in &rows {
                    let planned = intake.take(row);
                    // After the first problem nothing more is written: the
                    // transaction will not be kept.
                    let (Some(w), Some(p), true) = (&mut w, planned, intake.problems().is_empty())
                    else {
                        continue;
                    };
                    match p {
                        Planned::New(d) => w.add(&d)?,
                        Planned::Extended(x) => w.extend(&x)?,
                        Planned::Unchanged => {}
                    }
                }
            }
            let tally = intake.tally();
            let problems = intake.into_problems();
            // Kept only when the reader (by `Commit`) and the checks found
            // nothing wrong; otherwise dropped, and nothing is stored.
            if let (Some(w), true, true) = (w, commit, problems.is_empty()) {
                w.commit()?;
            }
            Ok((problems, tally))
        });
        let mut chunk = Vec::with_capacity(CHUNK);
        let problems = styring_xlsx::import::deviations::read_deviations_into(
            paths,
            &ImportOptions::default(),
            &mut |row| {
                chunk.push(row);
                if chunk.len() == CHUNK {
                    // A consumer that stopped has its error to tell at the join.
                    let _ = tx.send(Feed::Rows(std::mem::replace(
                        &mut chunk,
                        Vec::with_capacity(CHUNK),
                    )));
                }
            },
        );
        let _ = tx.send(Feed::Rows(chunk));
        if problems.is_empty() {
            let _ = tx.send(Feed::Commit);
        }
        drop(tx);
        let consumed = consumer
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (problems, consumed)
    });
    let (more, tally) = consumed?;
    let mut problems = read_problems;
    if problems.is_empty() && more.is_empty() {
        return Ok(tally);
    }
    problems.0.extend(more.0);
    problems.sort_by_place();
    Err(styring_xlsx::XlsxError::Import(problems).into())
}

/// Rows per message from the reader to the checks.
const CHUNK: usize = 512;

/// What the reader sends the checks.
enum Feed {
    Rows(Vec<IncomingDeviation>),
    /// The reader found nothing wrong: keep the rows if the checks agree.
    Commit,
}

impl Workspace {
    /// See [`import_deviations`].
    ///
    /// # Errors
    /// As [`import_deviations`].
    pub fn import_deviations(
        &mut self,
        paths: &[&Path],
        dry_run: bool,
    ) -> Result<DeviationTally, Error> {
        let (model, store) = self.parts_mut();
        import_deviations(model, store, paths, dry_run)
    }

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
