//! Deviations in the store: one row each (never deleted), their measures,
//! and every step of both as an event with its actor, time and reason.
//! A move is checked by the register's one workflow rule inside the
//! writing transaction, so two programs cannot move the same deviation
//! past each other.
//!
//! ```
//! use styring_core::register::{Deviation, DeviationReport, DeviationState, Risk, RiskMatrix};
//! use styring_core::store::Store;
//! let at = |s: &str| s.parse().unwrap();
//! let mut store = Store::in_memory().unwrap();
//! let report = DeviationReport { unit: "aurvoll".parse().unwrap(), category: "HMS".into(),
//!     description: "Fall i trapp".into(), happened: at("2025-05-02T08:00:00Z"),
//!     risk: Risk::new(2, 2).unwrap(), duty: None, deadline: None };
//! let d = Deviation::register("A-1", report, at("2025-05-02T09:00:00Z"), &"kari".parse().unwrap(),
//!     &RiskMatrix::default()).unwrap();
//! store.add_deviation(&d).unwrap();
//! let moved = store.move_deviation("A-1", DeviationState::Mottatt, at("2025-05-03T08:00:00Z"), None).unwrap();
//! assert_eq!(moved.history.current(), DeviationState::Mottatt);
//! assert_eq!(store.deviations().unwrap(), vec![moved]);
//! let e = store.move_deviation("A-1", DeviationState::Lukket, at("2025-05-04T08:00:00Z"), None).unwrap_err();
//! assert!(e.to_string().contains("can only go to \"in progress\""), "{e}");
//! ```

use super::events::{insert_event, NewEvent};
use super::{stored_actor, stored_instant, EntityKind, Store};
use crate::actor::Actor;
use crate::asof::format_instant;
use crate::error::Error;
use crate::ids::UnitId;
use crate::problem::{Location, Problem, ProblemKind, Problems};
use crate::register::{
    Deviation, DeviationImport, DeviationMeasure, DeviationReport, DeviationState, Extension,
    History, MeasureState, NotificationDuty, Risk, Step, Workflow,
};
use crate::text::Text;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// The event entity of measure `n` of deviation `id`.
pub(super) fn measure_entity(id: &str, n: usize) -> String {
    format!("{id}#{n}")
}

pub(super) fn refused(id: &str, kind: ProblemKind, t: Text) -> Error {
    refused_at(&format!("avvik {id}"), kind, t)
}

/// A register's refusal at `entry` (`varslingssak VS-1`, `gevinstplan P-1`).
pub(super) fn refused_at(entry: &str, kind: ProblemKind, t: Text) -> Error {
    let mut p = Problems::default();
    p.push(Problem::new(Location::entry(entry), t.nb, t.en).of_kind(kind));
    Error::Register(p)
}

fn step_event(entity: &str, action: &str, reason: Option<&str>) -> NewEvent {
    let mut e = NewEvent::new(EntityKind::Deviation, entity, action);
    e.reason = reason.map(str::to_string);
    e
}

/// Writes a deviation's row, measures and every step.
fn insert(tx: &Connection, d: &Deviation) -> rusqlite::Result<()> {
    let r = &d.report;
    tx.prepare_cached(
        "INSERT INTO deviations (id, unit, category, description, happened, consequence, likelihood, duty, deadline, deadline_by_hand, notified)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
            d.id,
            r.unit.as_str(),
            r.category,
            r.description,
            format_instant(r.happened),
            r.risk.consequence(),
            r.risk.likelihood(),
            r.duty.map(|x| x.key()),
            format_instant(d.deadline),
            r.deadline.is_some(),
            d.notified.map(format_instant)
    ])?;
    for s in d.history.steps() {
        insert_event(
            tx,
            &step_event(&d.id, s.state.key(), s.reason.as_deref()),
            &s.actor,
            s.at,
        )?;
    }
    for (n, m) in d.measures.iter().enumerate() {
        tx.execute(
            "INSERT INTO deviation_measures (deviation, n, text, owner) VALUES (?1, ?2, ?3, ?4)",
            params![d.id, n as i64, m.text, m.owner.as_str()],
        )?;
        let entity = measure_entity(&d.id, n);
        for s in m.history.steps() {
            insert_event(
                tx,
                &step_event(&entity, s.state.key(), s.reason.as_deref()),
                &s.actor,
                s.at,
            )?;
        }
    }
    Ok(())
}

type Row = (
    String,
    String,
    String,
    String,
    String,
    i64,
    i64,
    Option<String>,
    String,
    bool,
    Option<String>,
);

/// One step event as stored: action, actor, time, reason.
pub(super) type RawStep = (String, String, String, Option<String>);

/// Every step event of the deviations, by entity.
type Steps = HashMap<String, Vec<RawStep>>;

/// Events of a deviation that are not steps of its workflow.
const NOT_STEPS: &[&str] = &["notified", "unsealed"];

/// A stored actor that must be there.
pub(super) fn actor_of(path: &str, column: &str, text: &str) -> Result<Actor, Error> {
    stored_actor(path, column, Some(text.to_string()))?.ok_or_else(|| Error::Store {
        path: path.to_string(),
        message: format!("{column} is empty; the store is damaged"),
    })
}

pub(super) fn steps_of<S: Workflow>(
    path: &str,
    entity: &str,
    raw: Option<&Vec<RawStep>>,
) -> Result<History<S>, Error> {
    let mut steps = Vec::new();
    for (action, actor, at, reason) in raw.into_iter().flatten() {
        if NOT_STEPS.contains(&action.as_str()) {
            continue;
        }
        let state = crate::keyword::parse::<S>(action).map_err(|_| {
            Error::store_file(
                path,
                &format!("hendelsen «{action}» for {entity} er ikke en tilstand"),
                &format!("the event \"{action}\" of {entity} is not a state"),
            )
        })?;
        steps.push(Step {
            state,
            at: stored_instant(path, "events.at", at)?,
            actor: actor_of(path, "events.actor", actor)?,
            reason: reason.clone(),
        });
    }
    History::from_steps(steps).map_err(|t| {
        Error::store_file(
            path,
            &format!("historikken til {entity} er skadet: {}", t.nb),
            &format!("the history of {entity} is damaged: {}", t.en),
        )
    })
}

/// Reads the deviations (all, or the one with `only`).
fn read(conn: &Connection, path: &str, only: Option<&str>) -> Result<Vec<Deviation>, Error> {
    let sql = |e: rusqlite::Error| Error::Store {
        path: path.to_string(),
        message: e.to_string(),
    };
    let rows: Vec<Row> = conn
        .prepare(
            "SELECT id, unit, category, description, happened, consequence, likelihood, duty, deadline, deadline_by_hand, notified
             FROM deviations WHERE ?1 IS NULL OR id = ?1 ORDER BY id",
        )
        .and_then(|mut q| {
            q.query_map([only], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?))
            })?
            .collect()
        })
        .map_err(sql)?;
    let mut steps: Steps = HashMap::new();
    conn.prepare(
        "SELECT entity_id, action, actor, at, reason FROM events WHERE entity_kind = 'deviation'
         AND (?1 IS NULL OR entity_id = ?1 OR entity_id LIKE ?1 || '#%') ORDER BY id",
    )
    .and_then(|mut q| {
        let it = q.query_map([only], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?),
            ))
        })?;
        for x in it {
            let (entity, step) = x?;
            steps.entry(entity).or_default().push(step);
        }
        Ok(())
    })
    .map_err(sql)?;
    let mut measures: HashMap<String, Vec<(i64, String, String)>> = HashMap::new();
    conn.prepare(
        "SELECT deviation, n, text, owner FROM deviation_measures WHERE ?1 IS NULL OR deviation = ?1 ORDER BY deviation, n",
    )
    .and_then(|mut q| {
        let it = q.query_map([only], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?;
        for x in it {
            let (d, m) = x?;
            measures.entry(d).or_default().push(m);
        }
        Ok(())
    })
    .map_err(sql)?;
    let damaged = |what: &str, v: &str| {
        Error::store_file(
            path,
            &format!("deviations.{what} har en skadet verdi «{v}»"),
            &format!("deviations.{what} holds a damaged value \"{v}\""),
        )
    };
    let mut out = Vec::with_capacity(rows.len());
    for (id, unit, category, description, happened, c, l, duty, deadline, by_hand, notified) in rows
    {
        let risk = Risk::new(c, l).map_err(|_| damaged("consequence", &format!("{c}/{l}")))?;
        let deadline = stored_instant(path, "deviations.deadline", &deadline)?;
        let mut d = Deviation {
            report: DeviationReport {
                unit: UnitId::new(&unit).map_err(|_| damaged("unit", &unit))?,
                category,
                description,
                happened: stored_instant(path, "deviations.happened", &happened)?,
                risk,
                duty: match duty {
                    None => None,
                    Some(x) => Some(
                        x.parse::<NotificationDuty>()
                            .map_err(|_| damaged("duty", &x))?,
                    ),
                },
                deadline: by_hand.then_some(deadline),
            },
            deadline,
            notified: match notified {
                None => None,
                Some(n) => Some(stored_instant(path, "deviations.notified", &n)?),
            },
            history: steps_of(path, &id, steps.get(&id))?,
            measures: Vec::new(),
            id,
        };
        for (n, text, owner) in measures.remove(&d.id).unwrap_or_default() {
            let entity = measure_entity(&d.id, usize::try_from(n).unwrap_or(usize::MAX));
            d.measures.push(DeviationMeasure {
                text,
                owner: actor_of(path, "deviation_measures.owner", &owner)?,
                history: steps_of(path, &entity, steps.get(&entity))?,
            });
        }
        out.push(d);
    }
    Ok(out)
}

/// «ukjent avvik «X» — mente du «Y»?» from the ids `conn` holds.
fn unknown(conn: &Connection, path: &str, id: &str) -> Result<Text, Error> {
    unknown_in(conn, path, "deviations", ("avvik", "deviation"), id)
}

/// «ukjent X «id» — mente du «Y»?» from the ids of `table` (a register's
/// table, named by the caller).
pub(super) fn unknown_in(
    conn: &Connection,
    path: &str,
    table: &str,
    what: (&str, &str),
    id: &str,
) -> Result<Text, Error> {
    let ids: Vec<String> = conn
        .prepare(&format!("SELECT id FROM {table} ORDER BY id"))
        .and_then(|mut q| q.query_map([], |r| r.get(0))?.collect())
        .map_err(|e| Error::Store {
            path: path.to_string(),
            message: e.to_string(),
        })?;
    Ok(crate::problem::Suggestion::closest(id, ids.iter().map(String::as_str)).unknown(what, id))
}

/// Every deviation read back (for checking an import inside its
/// transaction).
pub(super) fn read_all(conn: &Connection, path: &str) -> Result<Vec<Deviation>, Error> {
    read(conn, path, None)
}

impl Store {
    /// Stores a registered deviation with its steps and measures so far.
    ///
    /// # Errors
    /// [`Error::Register`] when a deviation with its id is stored already;
    /// [`Error::Store`] or [`Error::Busy`] when the database fails.
    pub fn add_deviation(&mut self, d: &Deviation) -> Result<(), Error> {
        let (path, wait) = (self.path.clone(), self.wait);
        let sql = |e: rusqlite::Error| super::sql_error(&path, wait, e);
        let tx = self.begin_write()?;
        let exists: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM deviations WHERE id = ?1)",
                [&d.id],
                |r| r.get(0),
            )
            .map_err(sql)?;
        if exists {
            return Err(refused(
                &d.id,
                ProblemKind::Duplicate,
                Text::new(
                    format!(
                        "avviket {} finnes fra før; et avvik registreres én gang",
                        d.id
                    ),
                    format!(
                        "deviation {} exists already; a deviation is registered once",
                        d.id
                    ),
                ),
            ));
        }
        insert(&tx, d).map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// Every deviation with its steps and measures, by id.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails or holds a damaged row or
    /// history.
    pub fn deviations(&self) -> Result<Vec<Deviation>, Error> {
        read(&self.conn, &self.path, None)
    }

    /// The deviation with `id`, if stored.
    ///
    /// # Errors
    /// As [`Store::deviations`].
    pub fn deviation(&self, id: &str) -> Result<Option<Deviation>, Error> {
        Ok(read(&self.conn, &self.path, Some(id))?.into_iter().next())
    }

    /// What to say of `id` when no deviation has it: the one wording, with
    /// a «mente du» from the ids there are.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn unknown_deviation(&self, id: &str) -> Result<Text, Error> {
        unknown(&self.conn, &self.path, id)
    }

    /// The deviation `id` inside a writing transaction, or a refusal that
    /// names the ids there are.
    fn deviation_in(tx: &Connection, path: &str, id: &str) -> Result<Deviation, Error> {
        match read(tx, path, Some(id))?.into_iter().next() {
            Some(d) => Ok(d),
            None => Err(refused(
                id,
                ProblemKind::UnknownReference,
                unknown(tx, path, id)?,
            )),
        }
    }

    /// Changes deviation `id` inside one writing transaction: `f` gets the
    /// transaction, the deviation as stored, the store's actor and the
    /// error mapping; what it returns is committed.
    fn change_deviation<T>(
        &mut self,
        id: &str,
        f: impl FnOnce(
            &Connection,
            &mut Deviation,
            &Actor,
            &dyn Fn(rusqlite::Error) -> Error,
        ) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let (path, wait, actor) = (self.path.clone(), self.wait, self.actor.clone());
        let sql = |e: rusqlite::Error| super::sql_error(&path, wait, e);
        let tx = self.begin_write()?;
        let mut d = Store::deviation_in(&tx, &path, id)?;
        let out = f(&tx, &mut d, &actor, &sql)?;
        tx.commit().map_err(sql)?;
        Ok(out)
    }

    /// Moves deviation `id` to `to` at `at`, as the store's actor: checked
    /// by the workflow rule and recorded as an event. Gives the deviation
    /// as it now is.
    ///
    /// # Errors
    /// [`Error::Register`] for an unknown id (with a suggestion), a move
    /// the state does not allow, a reopening without a reason, or a time
    /// before the last step; the store's errors.
    pub fn move_deviation(
        &mut self,
        id: &str,
        to: DeviationState,
        at: DateTime<Utc>,
        reason: Option<&str>,
    ) -> Result<Deviation, Error> {
        self.change_deviation(id, |tx, d, actor, sql| {
            d.history
                .move_to(to, at, actor, reason)
                .map_err(|t| refused(id, ProblemKind::Invalid, t))?;
            let reason = d.history.last().reason.clone();
            insert_event(tx, &step_event(id, to.key(), reason.as_deref()), actor, at)
                .map_err(sql)?;
            Ok(d.clone())
        })
    }

    /// Adds a measure to deviation `id`, planned at `at` by the store's
    /// actor and owned by `owner`; gives its number.
    ///
    /// # Errors
    /// [`Error::Register`] for an unknown id, an empty text, or a time
    /// before the deviation was registered; the store's errors.
    pub fn add_deviation_measure(
        &mut self,
        id: &str,
        text: &str,
        owner: &Actor,
        at: DateTime<Utc>,
    ) -> Result<usize, Error> {
        self.change_deviation(id, |tx, d, actor, sql| {
            if text.trim().is_empty() {
                return Err(refused(
                    id,
                    ProblemKind::Missing,
                    Text::new(
                        "tiltaket mangler tekst; skriv hva som skal gjøres",
                        "the measure has no text; write what is to be done",
                    ),
                ));
            }
            if at < d.registered() {
                let (planned, registered) = crate::local_time::shown_pair(at, d.registered());
                return Err(refused(
                    id,
                    ProblemKind::BadTime,
                    Text::new(
                        format!("tiltaket kan ikke planlegges {planned} før avviket ble registrert ({registered})"),
                        format!("the measure cannot be planned at {planned}, before the deviation was registered ({registered})"),
                    ),
                ));
            }
            let n = d.measures.len();
            tx.execute(
                "INSERT INTO deviation_measures (deviation, n, text, owner) VALUES (?1, ?2, ?3, ?4)",
                params![id, n as i64, text.trim(), owner.as_str()],
            )
            .map_err(sql)?;
            let start = step_event(&measure_entity(id, n), MeasureState::START.key(), None);
            insert_event(tx, &start, actor, at).map_err(sql)?;
            Ok(n)
        })
    }

    /// Moves measure `n` of deviation `id` to `to` at `at`.
    ///
    /// # Errors
    /// As [`Store::move_deviation`], and an unknown measure number.
    pub fn move_deviation_measure(
        &mut self,
        id: &str,
        n: usize,
        to: MeasureState,
        at: DateTime<Utc>,
    ) -> Result<Deviation, Error> {
        self.change_deviation(id, |tx, d, actor, sql| {
            let count = d.measures.len();
            let Some(m) = d.measures.get_mut(n) else {
                return Err(refused(
                    id,
                    ProblemKind::UnknownReference,
                    Text::new(
                        format!("avviket {id} har ikke tiltak {n} (det har {count})"),
                        format!("deviation {id} has no measure {n} (it has {count})"),
                    ),
                ));
            };
            m.history
                .move_to(to, at, actor, None)
                .map_err(|t| refused(id, ProblemKind::Invalid, t))?;
            insert_event(
                tx,
                &step_event(&measure_entity(id, n), to.key(), None),
                actor,
                at,
            )
            .map_err(sql)?;
            Ok(d.clone())
        })
    }

    /// Records that the authority the law names was notified of deviation
    /// `id` at `at` (an event, and the time kept with the deviation).
    ///
    /// # Errors
    /// [`Error::Register`] for an unknown id, a deviation the law requires
    /// no notification of, or one already notified; the store's errors.
    pub fn set_deviation_notified(
        &mut self,
        id: &str,
        at: DateTime<Utc>,
    ) -> Result<Deviation, Error> {
        self.change_deviation(id, |tx, d, actor, sql| {
            if d.report.duty.is_none() {
                return Err(refused(
                    id,
                    ProblemKind::NotApplicable,
                    Text::new(
                        format!("avviket {id} har ingen varslingsplikt"),
                        format!("deviation {id} has no duty to notify"),
                    ),
                ));
            }
            if let Some(n) = d.notified {
                return Err(refused(
                    id,
                    ProblemKind::Duplicate,
                    Text::new(
                        format!(
                            "avviket {id} ble varslet {} allerede",
                            crate::local_time::shown(n)
                        ),
                        format!(
                            "deviation {id} was notified at {} already",
                            crate::local_time::shown(n)
                        ),
                    ),
                ));
            }
            tx.execute(
                "UPDATE deviations SET notified = ?2 WHERE id = ?1",
                params![id, format_instant(at)],
            )
            .map_err(sql)?;
            insert_event(
                tx,
                &NewEvent::new(EntityKind::Deviation, id, "notified"),
                actor,
                at,
            )
            .map_err(sql)?;
            d.notified = Some(at);
            Ok(d.clone())
        })
    }

    /// Stores what an import planned ([`crate::register::plan_deviation_import`])
    /// in one transaction: the new deviations with their steps, and the
    /// steps (and notification) that carry stored ones further. Nothing
    /// is stored if any deviation was changed since the plan was made.
    ///
    /// # Errors
    /// [`Error::Register`] when a new deviation's id is stored already, or
    /// a stored one has other steps than when the import was planned (run
    /// it again); the store's errors.
    pub fn import_deviations(&mut self, plan: &DeviationImport) -> Result<(), Error> {
        let mut w = self.deviations_writer()?;
        for d in &plan.new {
            w.add(d)?;
        }
        for x in &plan.extended {
            w.extend(x)?;
        }
        w.commit()
    }

    /// A writer that stores an import's deviations as they are planned,
    /// in one transaction that [`DeviationsWriter::commit`] ends (dropped
    /// without it, nothing is stored).
    ///
    /// # Errors
    /// [`Error::Busy`] when another program holds the store.
    pub fn deviations_writer(&mut self) -> Result<DeviationsWriter<'_>, Error> {
        let (path, wait) = (self.path.clone(), self.wait);
        let _ = self.conn.pragma_update(None, "cache_size", -32_768);
        let actor = self.actor.clone();
        let tx = self.begin_write()?;
        Ok(DeviationsWriter {
            tx,
            path,
            wait,
            actor,
        })
    }

    /// Whether any deviation is stored.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn has_deviations(&self) -> Result<bool, Error> {
        self.conn
            .query_row("SELECT EXISTS (SELECT 1 FROM deviations)", [], |r| r.get(0))
            .optional()
            .map(|v| v.unwrap_or(false))
            .map_err(|e| self.sql(e))
    }
}

#[cfg(test)]
#[path = "deviations_tests.rs"]
mod tests;

/// Stores an import's deviations inside one transaction
/// ([`Store::deviations_writer`]).
pub struct DeviationsWriter<'s> {
    tx: rusqlite::Transaction<'s>,
    path: String,
    wait: std::time::Duration,
    actor: Actor,
}

impl DeviationsWriter<'_> {
    fn sql(&self, e: rusqlite::Error) -> Error {
        super::sql_error(&self.path, self.wait, e)
    }

    fn changed(id: &str) -> Error {
        refused(
            id,
            ProblemKind::Invalid,
            Text::new(
                format!("avviket {id} ble endret av noen andre under importen; importer filen på nytt"),
                format!("deviation {id} was changed by someone else during the import; import the file again"),
            ),
        )
    }

    /// Adds a deviation not stored before, with its steps and measures.
    ///
    /// # Errors
    /// [`Error::Register`] when its id is stored already; the store's errors.
    pub fn add(&mut self, d: &Deviation) -> Result<(), Error> {
        match insert(&self.tx, d) {
            Ok(()) => Ok(()),
            // Its id is stored already: someone added it since the plan.
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Err(Self::changed(&d.id))
            }
            Err(e) => Err(self.sql(e)),
        }
    }

    /// Carries a stored deviation further.
    ///
    /// # Errors
    /// [`Error::Register`] when it has other steps than when the import
    /// was planned; the store's errors.
    pub fn extend(&mut self, x: &Extension) -> Result<(), Error> {
        let n: i64 = self
            .tx
            .prepare_cached(
                "SELECT COUNT(*) FROM events WHERE entity_kind = ?1 AND entity_id = ?2 AND action <> 'notified'",
            )
            .and_then(|mut st| st.query_row(params![EntityKind::Deviation.key(), x.id], |r| r.get(0)))
            .map_err(|e| self.sql(e))?;
        if n as usize != x.after {
            return Err(Self::changed(&x.id));
        }
        for s in &x.steps {
            insert_event(
                &self.tx,
                &step_event(&x.id, s.state.key(), s.reason.as_deref()),
                &s.actor,
                s.at,
            )
            .map_err(|e| self.sql(e))?;
        }
        if let Some(at) = x.notified {
            let done = self
                .tx
                .execute(
                    "UPDATE deviations SET notified = ?2 WHERE id = ?1 AND notified IS NULL",
                    params![x.id, format_instant(at)],
                )
                .map_err(|e| self.sql(e))?;
            if done != 1 {
                return Err(Self::changed(&x.id));
            }
            insert_event(
                &self.tx,
                &NewEvent::new(EntityKind::Deviation, &x.id, "notified"),
                &self.actor,
                at,
            )
            .map_err(|e| self.sql(e))?;
        }
        Ok(())
    }

    /// Stores everything added.
    ///
    /// # Errors
    /// The store's errors.
    pub fn commit(self) -> Result<(), Error> {
        let (path, wait) = (self.path.clone(), self.wait);
        self.tx
            .commit()
            .map_err(|e| super::sql_error(&path, wait, e))
    }
}
