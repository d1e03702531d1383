//! The append-only events table: who did what to which entity, when and
//! why. Registers (deviations, whistleblowing, benefits) and plan decisions
//! write their history here; locks and reopens of periods already do.
//!
//! ```
//! use styring_core::store::{EntityKind, NewEvent, Store};
//! let mut store = Store::in_memory().unwrap();
//! store.lock("2025-T1".parse().unwrap(), "rapportert").unwrap();
//! let id = store.append_event(&NewEvent::new(EntityKind::Plan, "okonomiplan-2026", "adopt")
//!     .because("KST-sak 45/25")).unwrap();
//! let events = store.events(None, None).unwrap();
//! assert_eq!(events.len(), 2);
//! assert_eq!((events[0].kind, events[0].action.as_str()), (EntityKind::Period, "lock"));
//! assert_eq!(events[1].id, id);
//! assert_eq!(events[1].reason.as_deref(), Some("KST-sak 45/25"));
//! ```

use super::{stored_actor, stored_instant, Store};
use crate::actor::Actor;
use crate::asof::format_instant;
use crate::error::Error;
use crate::text::Text;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

crate::keyword::keyword_enum! {
    /// The kind of thing an event is about.
    pub enum EntityKind {
        /// A reporting period (locks and reopens).
        Period = "period" | "periode",
        /// A batch of observations.
        Batch = "batch",
        /// A version of the financial plan or budget.
        Plan = "plan",
        /// A deviation (avvik).
        Deviation = "deviation" | "avvik",
        /// A whistleblowing case (varsling).
        Whistleblowing = "whistleblowing" | "varsling",
        /// A benefit plan (gevinstrealisering).
        Benefit = "benefit" | "gevinst",
        /// An entered forecast (prognose).
        Forecast = "forecast" | "prognose",
        /// A table of KOSTRA figures read in.
        Kostra = "kostra",
    }
}

/// An event to append.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewEvent {
    /// What kind of entity.
    pub kind: EntityKind,
    /// The entity's id within its kind.
    pub entity: String,
    /// What happened (`lock`, `adopt`, `close` …).
    pub action: String,
    /// Why, if given.
    pub reason: Option<String>,
    /// Anything else, as JSON.
    pub details: Option<serde_json::Value>,
}

impl NewEvent {
    /// An event of `action` on `entity`.
    pub fn new(kind: EntityKind, entity: &str, action: &str) -> NewEvent {
        NewEvent {
            kind,
            entity: entity.to_string(),
            action: action.to_string(),
            reason: None,
            details: None,
        }
    }

    /// The same event with a reason.
    pub fn because(mut self, reason: &str) -> NewEvent {
        self.reason = Some(reason.to_string());
        self
    }
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Its id, in the order events happened.
    pub id: i64,
    /// What kind of entity.
    pub kind: EntityKind,
    /// The entity's id within its kind.
    pub entity: String,
    /// What happened.
    pub action: String,
    /// Who did it.
    pub actor: Actor,
    /// When.
    pub at: DateTime<Utc>,
    /// Why, if given.
    pub reason: Option<String>,
    /// Anything else.
    pub details: Option<serde_json::Value>,
}

/// Writes one event with `conn` (inside the caller's transaction).
pub(super) fn insert_event(
    conn: &Connection,
    e: &NewEvent,
    actor: &Actor,
    at: DateTime<Utc>,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO events (entity_kind, entity_id, action, actor, at, reason, details)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        e.kind.key(),
        e.entity,
        e.action,
        actor.as_str(),
        format_instant(at),
        e.reason,
        e.details.as_ref().map(|d| d.to_string())
    ])?;
    Ok(conn.last_insert_rowid())
}

impl Store {
    /// Appends an event by the store's actor, now.
    ///
    /// # Errors
    /// [`Error::Lock`] for an empty entity id or action; [`Error::Store`]
    /// or [`Error::Busy`] when the database fails.
    pub fn append_event(&mut self, e: &NewEvent) -> Result<i64, Error> {
        if e.entity.trim().is_empty() || e.action.trim().is_empty() {
            return Err(Error::Lock {
                message: Text::new(
                    "en hendelse må ha en id og en handling",
                    "an event needs an id and an action",
                ),
            });
        }
        let (path, wait) = (self.path.clone(), self.wait);
        let actor = self.actor.clone();
        let sql = |e: rusqlite::Error| super::sql_error(&path, wait, e);
        let tx = self.begin_write()?;
        let id = insert_event(&tx, e, &actor, Utc::now()).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(id)
    }

    /// The events, oldest first, of one kind and one entity if given.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails or holds damaged fields.
    pub fn events(
        &self,
        kind: Option<EntityKind>,
        entity: Option<&str>,
    ) -> Result<Vec<Event>, Error> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, entity_kind, entity_id, action, actor, at, reason, details FROM events
                 WHERE (?1 IS NULL OR entity_kind = ?1) AND (?2 IS NULL OR entity_id = ?2) ORDER BY id",
            )
            .map_err(|e| self.sql(e))?;
        type Raw = (
            i64,
            String,
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
        );
        let rows = stmt
            .query_map(params![kind.map(|k| k.key()), entity], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })
            .map_err(|e| self.sql(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind, entity, action, actor, at, reason, details): Raw =
                row.map_err(|e| self.sql(e))?;
            let damaged = |col: &str, v: &str| {
                self.err(format!(
                    "events.{col} holds \"{}\" (event {id}); the store is damaged",
                    v.escape_debug()
                ))
            };
            out.push(Event {
                id,
                kind: kind.parse().map_err(|_| damaged("entity_kind", &kind))?,
                entity,
                action,
                actor: stored_actor(&self.path, "events.actor", Some(actor))?
                    .ok_or_else(|| damaged("actor", ""))?,
                at: stored_instant(&self.path, "events.at", &at)?,
                reason,
                details: details
                    .map(|d| serde_json::from_str(&d).map_err(|_| damaged("details", &d)))
                    .transpose()?,
            });
        }
        Ok(out)
    }
}
