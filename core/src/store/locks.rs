//! Locking reported periods, and reopening them with a reason. Each lock
//! and reopen is also an event in the ledger, with its actor.

use super::events::{insert_event, EntityKind, NewEvent};
use super::{stored_actor, stored_instant, Lock, Store};
use crate::asof::format_instant;
use crate::error::Error;
use crate::period::Period;
use crate::text::Text;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

/// The periods locked now, as seen by `conn` (inside a transaction, the
/// transaction's view).
pub(super) fn current(conn: &Connection, path: &str) -> Result<Vec<Lock>, Error> {
    let e = |e: rusqlite::Error| Error::Store {
        path: path.to_string(),
        message: e.to_string(),
    };
    let mut stmt = conn
        .prepare(
            "SELECT period, action, at, reason, actor FROM lock_events e
             WHERE id = (SELECT max(id) FROM lock_events x WHERE x.period = e.period) ORDER BY period",
        )
        .map_err(e)?;
    type Raw = (String, String, String, String, Option<String>);
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .map_err(e)?;
    let mut out = Vec::new();
    for r in rows {
        let (p, action, at, reason, actor): Raw = r.map_err(e)?;
        if action != "lock" {
            continue;
        }
        let period = p.parse().map_err(|_| Error::Store {
            path: path.to_string(),
            message: format!(
                "lock_events.period holds \"{}\", which is not a period; the store is damaged",
                p.escape_debug()
            ),
        })?;
        out.push(Lock {
            period,
            locked_at: stored_instant(path, "lock_events.at", &at)?,
            actor: stored_actor(path, "lock_events.actor", actor)?,
            reason,
        });
    }
    Ok(out)
}

impl Store {
    /// The periods locked now.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn locks(&self) -> Result<Vec<Lock>, Error> {
        current(&self.conn, &self.path)
    }

    /// When `period` was last locked, if ever.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails or holds a damaged time.
    pub fn reported_at(&self, period: Period) -> Result<Option<DateTime<Utc>>, Error> {
        let at: Option<String> = self
            .conn
            .query_row(
                "SELECT max(at) FROM lock_events WHERE period = ?1 AND action = 'lock'",
                [period.to_string()],
                |r| r.get(0),
            )
            .map_err(|e| self.sql(e))?;
        at.map(|t| stored_instant(&self.path, "lock_events.at", &t))
            .transpose()
    }

    /// When `period` was last locked.
    ///
    /// # Errors
    /// [`Error::Lock`] when it never was.
    pub fn reported_instant(&self, period: Period) -> Result<DateTime<Utc>, Error> {
        self.reported_at(period)?.ok_or_else(|| Error::Lock {
            message: Text::new(
                format!("perioden {period} er aldri låst som rapportert"),
                format!("period {period} has never been locked as reported"),
            ),
        })
    }

    /// Locks `period` as reported, now.
    ///
    /// # Errors
    /// [`Error::Lock`] when it is already locked.
    pub fn lock(&mut self, period: Period, reason: &str) -> Result<(), Error> {
        self.lock_at(period, reason, Utc::now())
    }

    /// Locks `period` as reported at a given time (for imports of
    /// historical data and the demo).
    ///
    /// # Errors
    /// As [`Store::lock`].
    pub fn lock_at(
        &mut self,
        period: Period,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.lock_event(period, "lock", reason, at)
    }

    /// Reopens a locked `period`; the reason is required and kept.
    ///
    /// # Errors
    /// [`Error::Lock`] when the period is not locked or the reason is empty.
    pub fn reopen(&mut self, period: Period, reason: &str) -> Result<(), Error> {
        if reason.trim().is_empty() {
            return Err(Error::Lock {
                message: Text::new(
                    format!("oppgi en begrunnelse for å gjenåpne {period}"),
                    format!("give a reason to reopen {period}"),
                ),
            });
        }
        self.lock_event(period, "reopen", reason, Utc::now())
    }

    /// Checks and writes one lock event in one writing transaction, so
    /// that two programs cannot both lock (or reopen) the same period.
    fn lock_event(
        &mut self,
        period: Period,
        action: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        let (path, wait) = (self.path.clone(), self.wait);
        let actor = self.actor.clone();
        let e = |e: rusqlite::Error| super::sql_error(&path, wait, e);
        let tx = self.begin_write()?;
        let locked = current(&tx, &path)?.iter().any(|l| l.period == period);
        match (action, locked) {
            ("lock", true) => {
                return Err(Error::Lock {
                    message: Text::new(
                        format!("perioden {period} er allerede låst"),
                        format!("period {period} is already locked"),
                    ),
                })
            }
            ("reopen", false) => {
                return Err(Error::Lock {
                    message: Text::new(
                        format!("perioden {period} er ikke låst"),
                        format!("period {period} is not locked"),
                    ),
                })
            }
            _ => {}
        }
        let text = format_instant(at);
        tx.execute(
            "INSERT INTO lock_events (period, action, at, reason, actor) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![period.to_string(), action, text, reason, actor.as_str()],
        )
        .map_err(e)?;
        insert_event(
            &tx,
            &NewEvent {
                kind: EntityKind::Period,
                entity: period.to_string(),
                action: action.to_string(),
                reason: Some(reason.to_string()),
                details: None,
            },
            &actor,
            at,
        )
        .map_err(e)?;
        tx.commit().map_err(e)
    }
}
