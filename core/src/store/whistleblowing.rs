//! Whistleblowing cases in the store: one row each (never deleted), the
//! reporter's identity only as ciphertext, every step and every unsealing
//! an event with its actor, time and reason. The access log is the list
//! of unsealings.
//!
//! ```
//! use styring_core::register::{CaseState, Channel, WhistleCase};
//! use styring_core::store::Store;
//! let at = |s: &str| s.parse().unwrap();
//! let mut store = Store::in_memory().unwrap();
//! let case = WhistleCase::receive("VS-1", Channel::Employee, at("2025-03-03T10:00:00Z"),
//!     "Trakassering", "Leder trakasserer ansatte", None, None, store.actor()).unwrap();
//! store.add_case(&case).unwrap();
//! let c = store.move_case("VS-1", CaseState::Bekreftet, at("2025-03-04T10:00:00Z"), None).unwrap();
//! assert_eq!(c.history.current(), CaseState::Bekreftet);
//! assert_eq!(store.cases().unwrap(), vec![c]);
//! ```

use super::deviations::{actor_of, refused_at, steps_of, RawStep};

fn refused(id: &str, kind: ProblemKind, t: Text) -> Error {
    refused_at(&format!("varslingssak {id}"), kind, t)
}
use super::events::{insert_event, NewEvent};
use super::{EntityKind, Store};
use crate::actor::Actor;
use crate::error::Error;
use crate::ids::UnitId;
use crate::problem::ProblemKind;
use crate::register::{CaseState, Channel, SealedIdentity, WhistleCase};
use crate::text::Text;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use std::collections::HashMap;

/// One unsealing of a reporter's identity, as the access log lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsealing {
    /// The case.
    pub case: String,
    /// Who unsealed it.
    pub actor: Actor,
    /// When.
    pub at: DateTime<Utc>,
    /// Why.
    pub reason: String,
}

fn insert(tx: &Connection, c: &WhistleCase) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO whistleblowing_cases (id, channel, subject, description, unit, handler, sealed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            c.id,
            c.channel.key(),
            c.subject,
            c.description,
            c.unit.as_ref().map(UnitId::as_str),
            c.handler.as_ref().map(Actor::as_str),
            c.sealed.as_ref().map(SealedIdentity::ciphertext)
        ],
    )?;
    for s in c.history.steps() {
        let mut e = NewEvent::new(EntityKind::Whistleblowing, &c.id, s.state.key());
        e.reason = s.reason.clone();
        insert_event(tx, &e, &s.actor, s.at)?;
    }
    Ok(())
}

type Row = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<Vec<u8>>,
);

fn read(conn: &Connection, path: &str, only: Option<&str>) -> Result<Vec<WhistleCase>, Error> {
    let sql = |e: rusqlite::Error| Error::Store {
        path: path.to_string(),
        message: e.to_string(),
    };
    let rows: Vec<Row> = conn
        .prepare(
            "SELECT id, channel, subject, description, unit, handler, sealed FROM whistleblowing_cases
             WHERE ?1 IS NULL OR id = ?1 ORDER BY id",
        )
        .and_then(|mut q| {
            q.query_map([only], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
            })?
            .collect()
        })
        .map_err(sql)?;
    let mut steps: HashMap<String, Vec<RawStep>> = HashMap::new();
    conn.prepare(
        "SELECT entity_id, action, actor, at, reason FROM events WHERE entity_kind = 'whistleblowing'
         AND (?1 IS NULL OR entity_id = ?1) ORDER BY id",
    )
    .and_then(|mut q| {
        let it = q.query_map([only], |r| {
            Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        })?;
        for x in it {
            let (entity, step) = x?;
            steps.entry(entity).or_default().push(step);
        }
        Ok(())
    })
    .map_err(sql)?;
    let damaged = |what: &str, v: &str| {
        Error::store_file(
            path,
            &format!("whistleblowing_cases.{what} har en skadet verdi «{v}»"),
            &format!("whistleblowing_cases.{what} holds a damaged value \"{v}\""),
        )
    };
    let mut out = Vec::with_capacity(rows.len());
    for (id, channel, subject, description, unit, handler, sealed) in rows {
        out.push(WhistleCase {
            channel: channel
                .parse::<Channel>()
                .map_err(|_| damaged("channel", &channel))?,
            subject,
            description,
            unit: match unit {
                None => None,
                Some(u) => Some(UnitId::new(&u).map_err(|_| damaged("unit", &u))?),
            },
            handler: match handler {
                None => None,
                Some(h) => Some(actor_of(path, "whistleblowing_cases.handler", &h)?),
            },
            sealed: sealed.map(SealedIdentity::from_ciphertext),
            history: steps_of(path, &id, steps.get(&id))?,
            id,
        });
    }
    Ok(out)
}

/// Every case read back (for the JSON export and checking an import).
pub(super) fn read_all(conn: &Connection, path: &str) -> Result<Vec<WhistleCase>, Error> {
    read(conn, path, None)
}

fn unknown(conn: &Connection, path: &str, id: &str) -> Result<Text, Error> {
    super::deviations::unknown_in(
        conn,
        path,
        "whistleblowing_cases",
        ("varslingssak", "whistleblowing case"),
        id,
    )
}

impl Store {
    /// Stores a received case.
    ///
    /// # Errors
    /// [`Error::Register`] when a case with its id is stored already; the
    /// store's errors.
    pub fn add_case(&mut self, c: &WhistleCase) -> Result<(), Error> {
        let (path, wait) = (self.path.clone(), self.wait);
        let sql = |e: rusqlite::Error| super::sql_error(&path, wait, e);
        let tx = self.begin_write()?;
        let exists: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM whistleblowing_cases WHERE id = ?1)",
                [&c.id],
                |r| r.get(0),
            )
            .map_err(sql)?;
        if exists {
            return Err(refused(
                &c.id,
                ProblemKind::Duplicate,
                Text::new(
                    format!("varslingssaken {} finnes fra før", c.id),
                    format!("whistleblowing case {} exists already", c.id),
                ),
            ));
        }
        insert(&tx, c).map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// Every case, by id.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails or holds a damaged row.
    pub fn cases(&self) -> Result<Vec<WhistleCase>, Error> {
        read(&self.conn, &self.path, None)
    }

    /// The case `id`, or a refusal with a «mente du».
    ///
    /// # Errors
    /// [`Error::Register`] for an unknown id; the store's errors.
    pub fn case(&self, id: &str) -> Result<WhistleCase, Error> {
        match read(&self.conn, &self.path, Some(id))?.into_iter().next() {
            Some(c) => Ok(c),
            None => Err(refused(
                id,
                ProblemKind::UnknownReference,
                unknown(&self.conn, &self.path, id)?,
            )),
        }
    }

    /// Moves case `id` to `to` at `at` as the store's actor, by the
    /// workflow rule, recorded as an event.
    ///
    /// # Errors
    /// [`Error::Register`] for an unknown id, a move the state does not
    /// allow, a reopening without a reason, or a time before the last
    /// step; the store's errors.
    pub fn move_case(
        &mut self,
        id: &str,
        to: CaseState,
        at: DateTime<Utc>,
        reason: Option<&str>,
    ) -> Result<WhistleCase, Error> {
        let (path, wait, actor) = (self.path.clone(), self.wait, self.actor.clone());
        let sql = |e: rusqlite::Error| super::sql_error(&path, wait, e);
        let tx = self.begin_write()?;
        let Some(mut c) = read(&tx, &path, Some(id))?.into_iter().next() else {
            return Err(refused(
                id,
                ProblemKind::UnknownReference,
                unknown(&tx, &path, id)?,
            ));
        };
        c.history
            .move_to(to, at, &actor, reason)
            .map_err(|t| refused(id, ProblemKind::Invalid, t))?;
        let mut e = NewEvent::new(EntityKind::Whistleblowing, id, to.key());
        e.reason = c.history.last().reason.clone();
        insert_event(&tx, &e, &actor, at).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(c)
    }

    /// Records that the store's actor unseals case `id`'s identity at
    /// `at` for `reason` (before the identity is shown).
    ///
    /// # Errors
    /// [`Error::Register`] for an unknown id, an anonymous case, or an
    /// empty reason; the store's errors.
    pub fn record_unsealing(
        &mut self,
        id: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.case(id)?
            .may_unseal(reason)
            .map_err(|t| refused(id, ProblemKind::NotApplicable, t))?;
        let (path, wait, actor) = (self.path.clone(), self.wait, self.actor.clone());
        let sql = |e: rusqlite::Error| super::sql_error(&path, wait, e);
        let tx = self.begin_write()?;
        let e = NewEvent::new(EntityKind::Whistleblowing, id, "unsealed").because(reason.trim());
        insert_event(&tx, &e, &actor, at).map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// Every unsealing, oldest first: the access log.
    ///
    /// # Errors
    /// The store's errors.
    pub fn access_log(&self) -> Result<Vec<Unsealing>, Error> {
        let rows: Vec<(String, String, String, Option<String>)> = self
            .conn
            .prepare(
                "SELECT entity_id, actor, at, reason FROM events
                 WHERE entity_kind = 'whistleblowing' AND action = 'unsealed' ORDER BY id",
            )
            .and_then(|mut q| {
                q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                    .collect()
            })
            .map_err(|e| self.sql(e))?;
        rows.into_iter()
            .map(|(case, actor, at, reason)| {
                Ok(Unsealing {
                    case,
                    actor: actor_of(&self.path, "events.actor", &actor)?,
                    at: super::stored_instant(&self.path, "events.at", &at)?,
                    reason: reason.unwrap_or_default(),
                })
            })
            .collect()
    }
}
