//! The store: an SQLite ledger of observations, locks and events
//! (rusqlite, bundled SQLite).
//!
//! * Every batch is one transaction: all of it is stored, or none.
//! * A newer value for a key supersedes the older, which is kept as a
//!   revision with its provenance; one can read the store *as reported at*
//!   a time (or at a period's lock) and list what was *corrected since*.
//! * A reported period can be locked; changing a value in it needs an
//!   explicit reopen with a reason.
//! * Every batch, lock and event records its [`Actor`]; the `events` table
//!   is append-only.
//! * Writers start as writers (`BEGIN IMMEDIATE`) and wait for a busy store
//!   ([`OpenOptions::wait`]); when the wait runs out the error says that
//!   another program is writing.
//! * The schema has a version with migrations; a newer unknown version is
//!   refused. WAL mode. JSON export and import for interchange, checked
//!   field by field on the way in.
//!
//! The rooms: [`schema`](self) (tables and migrations), `write` (batches),
//! `read` (datasets, revisions, corrections), `locks`, `events`,
//! `interchange` (JSON and bytes), `columns` (the analysts' columns).
//!
//! The file is plain SQLite: analysts can read the `current_observations`
//! view with any SQLite tool or pandas.
//!
//! ```
//! use styring_core::{model::Model, store::{Store, BatchInfo}, observation::ObservationInput};
//! let model = Model::example();
//! let mut store = Store::in_memory().unwrap();
//! let s = store.record(&model, &[ObservationInput::new("M.1.5", "aurvoll", "2025-05", Some(0.04))], &BatchInfo::new("manual")).unwrap();
//! assert_eq!((s.new, s.changed, s.unchanged), (1, 0, 0));
//! let s = store.record(&model, &[ObservationInput::new("M.1.5", "aurvoll", "2025-05", Some(0.045))], &BatchInfo::new("manual")).unwrap();
//! assert_eq!((s.new, s.changed), (0, 1));
//! assert_eq!(store.revisions("M.1.5", "aurvoll", "2025-05".parse().unwrap()).unwrap().len(), 2);
//! ```

use crate::actor::Actor;
use crate::error::Error;
use crate::period::Period;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Duration;

mod accounts_writer;
mod columns;
mod deviations;
pub use deviations::DeviationsWriter;
mod benefits;
mod kostra;
mod whistleblowing;
pub use whistleblowing::Unsealing;
mod economy;
mod events;
mod interchange;
mod locks;
mod read;
mod schema;
mod write;

pub use accounts_writer::AccountsWriter;
pub use columns::{CurrentColumns, Interned};
pub use economy::StoredVersion;
pub use events::{EntityKind, Event, NewEvent};
pub use kostra::{KostraBatch, KostraTally, StoredKostra};
pub use schema::SCHEMA_VERSION;

/// Describes a batch: where it came from, when and who.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BatchInfo {
    /// What delivered it (`import`, `demo`, `manual`, `python` …).
    pub source: String,
    /// The file it was read from, if any.
    pub file: Option<String>,
    /// A note (e.g. the reason for a correction).
    pub note: Option<String>,
    /// When it was recorded; `None` for now.
    pub recorded_at: Option<DateTime<Utc>>,
    /// Who recorded it; `None` for the store's actor ([`Store::actor`]).
    pub actor: Option<Actor>,
}

impl BatchInfo {
    /// A batch from `source`, recorded now.
    pub fn new(source: &str) -> BatchInfo {
        BatchInfo {
            source: source.to_string(),
            ..BatchInfo::default()
        }
    }

    /// The same batch from `file`.
    pub fn with_file(mut self, file: &str) -> BatchInfo {
        self.file = Some(file.to_string());
        self
    }

    /// The same batch recorded at `at`.
    pub fn at(mut self, at: DateTime<Utc>) -> BatchInfo {
        self.recorded_at = Some(at);
        self
    }

    /// The same batch recorded by `actor`.
    pub fn by(mut self, actor: Actor) -> BatchInfo {
        self.actor = Some(actor);
        self
    }
}

/// What a batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BatchSummary {
    /// The batch's id in the store (0 when nothing was written).
    pub batch: i64,
    /// Keys that had no value before.
    pub new: usize,
    /// Keys whose value or comment changed (the old one is kept).
    pub changed: usize,
    /// Keys that already had exactly this value and comment.
    pub unchanged: usize,
}

/// One stored version of a value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    /// The batch that wrote it.
    pub batch: i64,
    /// When.
    pub recorded_at: DateTime<Utc>,
    /// Who.
    pub actor: Option<Actor>,
    /// The value (`None`: reported missing).
    pub value: Option<f64>,
    /// The comment.
    pub comment: Option<String>,
    /// Source of the batch.
    pub source: String,
    /// File of the batch.
    pub file: Option<String>,
    /// Sheet.
    pub sheet: Option<String>,
    /// Cell.
    pub cell: Option<String>,
}

/// A value changed after a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    /// Indicator code.
    pub indicator: String,
    /// Unit id.
    pub unit: String,
    /// Period.
    pub period: Period,
    /// The value as reported at the time (`None` if there was none).
    pub reported: Option<f64>,
    /// The value now.
    pub current: Option<f64>,
    /// When it was corrected.
    pub corrected_at: DateTime<Utc>,
}

/// A lock on a reported period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lock {
    /// The locked period.
    pub period: Period,
    /// When it was locked.
    pub locked_at: DateTime<Utc>,
    /// Who locked it (stores from before actors were kept have none).
    pub actor: Option<Actor>,
    /// Why.
    pub reason: String,
}

impl Lock {
    /// Why a change to what this lock covers is refused, `what` saying
    /// what would change (`verdier`/`values`): the one wording for
    /// observations, accounts and forecasts.
    pub(crate) fn refusal(&self, what: (&str, &str)) -> crate::Text {
        let day = self.locked_at.date_naive();
        crate::Text::new(
            format!(
                "perioden {} er låst (rapportert {day}); gjenåpne den med en begrunnelse før {} endres",
                self.period, what.0
            ),
            format!(
                "period {} is locked (reported {day}); reopen it with a reason before changing {}",
                self.period, what.1
            ),
        )
    }
}

/// How long a writer waits for a busy store by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(30);

/// How a store is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenOptions {
    /// How long a write waits while another program writes to the store.
    pub wait: Duration,
    /// Who writes; `None` for [`Actor::resolve`]`(None)` (`STYRING_ACTOR`
    /// or the OS user).
    pub actor: Option<Actor>,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            wait: DEFAULT_WAIT,
            actor: None,
        }
    }
}

/// The SQLite store.
pub struct Store {
    conn: Connection,
    path: String,
    wait: Duration,
    actor: Actor,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Store({})", self.path)
    }
}

impl Store {
    /// An error about this store.
    fn err(&self, e: impl std::fmt::Display) -> Error {
        Error::Store {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    /// An SQLite error about this store; a busy store after the wait
    /// becomes [`Error::Busy`].
    fn sql(&self, e: rusqlite::Error) -> Error {
        sql_error(&self.path, self.wait, e)
    }

    /// Opens (or creates) the store at `path`, migrating an older schema,
    /// with the default [`OpenOptions`].
    ///
    /// # Errors
    /// [`Error::NewerSchema`] for a store written by a newer styring;
    /// [`Error::Store`] when the file is not an SQLite database;
    /// [`Error::Busy`] when another program holds it longer than the wait.
    pub fn open(path: &Path) -> Result<Store, Error> {
        Store::open_with(path, &OpenOptions::default())
    }

    /// Opens (or creates) the store at `path` with `opts`.
    ///
    /// # Errors
    /// As [`Store::open`]; [`Error::Actor`] when `STYRING_ACTOR` is not a
    /// valid actor.
    pub fn open_with(path: &Path, opts: &OpenOptions) -> Result<Store, Error> {
        let conn = Connection::open(path)
            .map_err(|e| sql_error(&path.display().to_string(), opts.wait, e))?;
        Store::init(conn, path.display().to_string(), opts)
    }

    /// A store that lives in memory only.
    ///
    /// # Errors
    /// [`Error::Store`] if SQLite cannot start.
    pub fn in_memory() -> Result<Store, Error> {
        let conn = Connection::open_in_memory().map_err(|e| Error::Store {
            path: ":memory:".into(),
            message: e.to_string(),
        })?;
        Store::init(conn, ":memory:".into(), &OpenOptions::default())
    }

    fn init(conn: Connection, path: String, opts: &OpenOptions) -> Result<Store, Error> {
        let actor = match &opts.actor {
            Some(a) => a.clone(),
            None => Actor::resolve(None).map_err(Error::Actor)?,
        };
        let mut s = Store {
            conn,
            path,
            wait: opts.wait,
            actor,
        };
        s.conn.busy_timeout(s.wait).map_err(|e| s.sql(e))?;
        schema::prepare(&mut s)?;
        Ok(s)
    }

    /// The store's path (or `:memory:`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Who this store's writes are recorded as.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Records later writes as made by `actor`.
    pub fn set_actor(&mut self, actor: Actor) {
        self.actor = actor;
    }

    /// How long a write waits for a busy store.
    pub fn wait(&self) -> Duration {
        self.wait
    }

    /// Sets how long a write waits for a busy store.
    ///
    /// # Errors
    /// [`Error::Store`] if SQLite refuses the setting.
    pub fn set_wait(&mut self, wait: Duration) -> Result<(), Error> {
        self.wait = wait;
        self.conn.busy_timeout(wait).map_err(|e| self.sql(e))
    }

    /// The schema version in the file.
    ///
    /// # Errors
    /// [`Error::Store`] if it cannot be read.
    pub fn schema_version(&self) -> Result<i64, Error> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.sql(e))
    }

    /// The SQLite connection, for tests and analysts' SQL.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Starts a writing transaction: as a writer from the start, so that it
    /// waits for another writer instead of failing when it upgrades.
    /// A big batch's write transaction, with a big page cache for it, and
    /// the locks as they stand inside it: no lock can come between the
    /// check and the write.
    fn begin_batch(&mut self) -> Result<(rusqlite::Transaction<'_>, Vec<Lock>), Error> {
        let path = self.path.clone();
        let _ = self.conn.pragma_update(None, "cache_size", -32_768);
        let tx = self.begin_write()?;
        let locks = locks::current(&tx, &path)?;
        Ok((tx, locks))
    }

    fn begin_write(&mut self) -> Result<rusqlite::Transaction<'_>, Error> {
        let (path, wait) = (self.path.clone(), self.wait);
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| sql_error(&path, wait, e))
    }
}

/// Adds a batch's row, recorded at `at` (canonical form) from `file`, and
/// gives its id.
fn insert_batch(
    tx: &Connection,
    at: &str,
    batch: &BatchInfo,
    file: Option<&str>,
    actor: &Actor,
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO batches (recorded_at, source, file, note, actor) VALUES (?1, ?2, ?3, ?4, ?5)",
        rusqlite::params![at, batch.source, file, batch.note, actor.as_str()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Maps an SQLite error to the core's error; busy and locked databases
/// become [`Error::Busy`].
pub(crate) fn sql_error(path: &str, wait: Duration, e: rusqlite::Error) -> Error {
    if let rusqlite::Error::SqliteFailure(f, _) = &e {
        if matches!(
            f.code,
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
        ) {
            return Error::Busy {
                path: path.to_string(),
                waited_ms: u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
            };
        }
    }
    if let rusqlite::Error::SqliteFailure(f, _) = &e {
        if f.code == rusqlite::ErrorCode::CannotOpen {
            return Error::store_file(
                path,
                "filen kan ikke åpnes (finnes mappen, og har du tilgang til den?)",
                "the file cannot be opened (does the folder exist, and may you use it?)",
            );
        }
    }
    Error::Store {
        path: path.to_string(),
        message: e.to_string(),
    }
}

/// Reads a stored instant; a text that is not one is damage, named.
pub(crate) fn stored_instant(path: &str, column: &str, text: &str) -> Result<DateTime<Utc>, Error> {
    crate::asof::parse_instant(text).ok_or_else(|| Error::Store {
        path: path.to_string(),
        message: format!(
            "{column} holds \"{}\", which is not a time; the store is damaged",
            text.escape_debug()
        ),
    })
}

/// Reads a stored actor; stores from before actors were kept have none.
pub(crate) fn stored_actor(
    path: &str,
    column: &str,
    text: Option<String>,
) -> Result<Option<Actor>, Error> {
    text.map(|t| {
        Actor::new(&t).map_err(|_| Error::Store {
            path: path.to_string(),
            message: format!(
                "{column} holds \"{}\", which is not an actor; the store is damaged",
                t.escape_debug()
            ),
        })
    })
    .transpose()
}

#[cfg(test)]
mod tests;

/// A fresh path in the temporary folder, for one copy of a store.
fn scratch_file() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    std::env::temp_dir().join(format!(
        "styring-{}-{}-{nanos}.sqlite",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ))
}
