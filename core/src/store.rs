//! The store: an SQLite ledger of observations (rusqlite, bundled SQLite).
//!
//! * Every batch is one transaction: all of it is stored, or none.
//! * A newer value for a key supersedes the older, which is kept as a
//!   revision with its provenance; one can read the store *as reported at*
//!   a time (or at a period's lock) and list what was *corrected since*.
//! * A reported period can be locked; changing a value in it needs an
//!   explicit reopen with a reason.
//! * The schema has a version with migrations; a newer unknown version is
//!   refused. WAL mode. JSON export and import for interchange.
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

use crate::batch::{same_value, Batch, NONE};
use crate::error::Error;
use crate::lang::Lang;
use crate::model::Model;
use crate::observation::{Dataset, Observation, ObservationInput};
use crate::period::Period;
use crate::problem::{Location, Problems};
use crate::unit::Scope;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// The newest schema version this program writes and reads.
pub const SCHEMA_VERSION: i64 = 1;

const MIGRATIONS: &[&str] = &[
    // 0 → 1
    "CREATE TABLE batches (
        id INTEGER PRIMARY KEY,
        recorded_at TEXT NOT NULL,
        source TEXT NOT NULL,
        file TEXT,
        note TEXT
    );
    CREATE TABLE indicators (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
    CREATE TABLE units (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
    -- period: YYYYMM for months, YYYY2T for tertials, YYYY00 for years
    CREATE TABLE observations (
        indicator INTEGER NOT NULL,
        unit INTEGER NOT NULL,
        period INTEGER NOT NULL,
        batch INTEGER NOT NULL,
        value REAL,
        comment TEXT,
        sheet TEXT,
        cell TEXT,
        PRIMARY KEY (indicator, unit, period, batch)
    ) WITHOUT ROWID;
    CREATE TABLE lock_events (
        id INTEGER PRIMARY KEY,
        period TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('lock', 'reopen')),
        at TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE VIEW observations_text AS
        SELECT i.code AS indicator, u.code AS unit,
            CASE WHEN o.period % 100 = 0 THEN printf('%04d', o.period / 100)
                 WHEN o.period % 100 > 20 THEN printf('%04d-T%d', o.period / 100, o.period % 100 - 20)
                 ELSE printf('%04d-%02d', o.period / 100, o.period % 100) END AS period,
            o.batch, o.value, o.comment, o.sheet, o.cell
        FROM observations o JOIN indicators i ON i.id = o.indicator JOIN units u ON u.id = o.unit;
    CREATE VIEW current_observations AS
        SELECT i.code AS indicator, u.code AS unit,
            CASE WHEN o.period % 100 = 0 THEN printf('%04d', o.period / 100)
                 WHEN o.period % 100 > 20 THEN printf('%04d-T%d', o.period / 100, o.period % 100 - 20)
                 ELSE printf('%04d-%02d', o.period / 100, o.period % 100) END AS period,
            o.value, o.comment, b.source, b.file, o.sheet, o.cell, b.recorded_at, o.batch
        FROM observations o JOIN indicators i ON i.id = o.indicator JOIN units u ON u.id = o.unit
            JOIN batches b ON b.id = o.batch
        WHERE o.batch = (SELECT max(x.batch) FROM observations x
                         WHERE x.indicator = o.indicator AND x.unit = o.unit AND x.period = o.period);",
];

/// Describes a batch: where it came from and when.
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
    pub recorded_at: String,
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
    pub period: String,
    /// The value as reported at the time (`None` if there was none).
    pub reported: Option<f64>,
    /// The value now.
    pub current: Option<f64>,
    /// When it was corrected.
    pub corrected_at: String,
}

/// A lock on a reported period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lock {
    /// The locked period.
    pub period: Period,
    /// When it was locked.
    pub locked_at: String,
    /// Why.
    pub reason: String,
}

/// A value that is due but missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Late {
    /// Indicator code.
    pub indicator: String,
    /// Unit id.
    pub unit: String,
    /// The due period with no value.
    pub period: Period,
    /// The day it was due.
    pub due: NaiveDate,
}

/// The SQLite store.
pub struct Store {
    conn: Connection,
    path: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Store({})", self.path)
    }
}

/// Rows a batch writes, whatever holds them.
trait Rows {
    fn len(&self) -> usize;
    fn indicator(&self, i: usize) -> &str;
    fn unit(&self, i: usize) -> &str;
    fn period(&self, i: usize) -> Period;
    fn value(&self, i: usize) -> Option<f64>;
    fn comment(&self, i: usize) -> Option<&str>;
    fn file(&self, i: usize) -> Option<&str>;
    fn sheet(&self, i: usize) -> Option<&str>;
    fn cell(&self, i: usize) -> Option<String>;
    fn location(&self, i: usize) -> Location;
}

struct ObservationRows<'a>(&'a [Observation]);

impl Rows for ObservationRows<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn indicator(&self, i: usize) -> &str {
        self.0[i].indicator.as_str()
    }
    fn unit(&self, i: usize) -> &str {
        self.0[i].unit.as_str()
    }
    fn period(&self, i: usize) -> Period {
        self.0[i].period
    }
    fn value(&self, i: usize) -> Option<f64> {
        self.0[i].value
    }
    fn comment(&self, i: usize) -> Option<&str> {
        self.0[i].comment.as_deref()
    }
    fn file(&self, i: usize) -> Option<&str> {
        self.0[i].location.file.as_deref()
    }
    fn sheet(&self, i: usize) -> Option<&str> {
        self.0[i].location.sheet.as_deref()
    }
    fn cell(&self, i: usize) -> Option<String> {
        self.0[i].location.cell.clone()
    }
    fn location(&self, i: usize) -> Location {
        self.0[i].location.clone()
    }
}

struct BatchRows<'a> {
    model: &'a Model,
    batch: &'a Batch,
}

impl Rows for BatchRows<'_> {
    fn len(&self) -> usize {
        self.batch.rows.len()
    }
    fn indicator(&self, i: usize) -> &str {
        self.model.indicators()[self.batch.rows[i].indicator as usize]
            .code
            .as_str()
    }
    fn unit(&self, i: usize) -> &str {
        self.model.units()[self.batch.rows[i].unit as usize]
            .id
            .as_str()
    }
    fn period(&self, i: usize) -> Period {
        self.batch.rows[i].period
    }
    fn value(&self, i: usize) -> Option<f64> {
        self.batch.rows[i].value
    }
    fn comment(&self, i: usize) -> Option<&str> {
        self.batch.rows[i].comment.as_deref()
    }
    fn file(&self, i: usize) -> Option<&str> {
        self.batch
            .files
            .get(self.batch.rows[i].file as usize)
            .map(String::as_str)
    }
    fn sheet(&self, i: usize) -> Option<&str> {
        self.batch
            .sheets
            .get(self.batch.rows[i].sheet as usize)
            .map(String::as_str)
    }
    fn cell(&self, i: usize) -> Option<String> {
        let r = &self.batch.rows[i];
        (r.row != NONE).then(|| crate::batch::a1(r.row, r.col))
    }
    fn location(&self, i: usize) -> Location {
        self.batch.location(&self.batch.rows[i])
    }
}

/// Store id → model index.
type IdMap = HashMap<i64, usize>;

/// The ids of `codes` in a dictionary table, adding the missing ones.
fn dictionary<'a>(
    tx: &rusqlite::Transaction<'_>,
    table: &str,
    codes: impl Iterator<Item = &'a str>,
) -> rusqlite::Result<HashMap<String, i64>> {
    let mut map: HashMap<String, i64> = HashMap::new();
    {
        let mut q = tx.prepare(&format!("SELECT code, id FROM {table}"))?;
        let mut rows = q.query([])?;
        while let Some(r) = rows.next()? {
            map.insert(r.get(0)?, r.get(1)?);
        }
    }
    let mut ins = tx.prepare(&format!("INSERT INTO {table} (code) VALUES (?1)"))?;
    for c in codes {
        if !map.contains_key(c) {
            ins.execute([c])?;
            map.insert(c.to_string(), tx.last_insert_rowid());
        }
    }
    Ok(map)
}

fn ts(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

impl Store {
    fn err(&self, e: impl std::fmt::Display) -> Error {
        Error::Store {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    /// Opens (or creates) the store at `path`, migrating an older schema.
    ///
    /// # Errors
    /// [`Error::NewerSchema`] for a store written by a newer styring;
    /// [`Error::Store`] when the file is not an SQLite database.
    pub fn open(path: &Path) -> Result<Store, Error> {
        let conn = Connection::open(path).map_err(|e| Error::Store {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        Store::init(conn, path.display().to_string())
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
        Store::init(conn, ":memory:".into())
    }

    fn init(conn: Connection, path: String) -> Result<Store, Error> {
        let mut s = Store { conn, path };
        let version: i64 = s
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| {
                let msg = if e.to_string().contains("not a database") {
                    "not an SQLite store (the file is damaged or of another kind)".to_string()
                } else {
                    e.to_string()
                };
                s.err(msg)
            })?;
        if version > SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                path: s.path.clone(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if s.path != ":memory:" {
            s.conn
                .pragma_update(None, "journal_mode", "WAL")
                .map_err(|e| s.err(e))?;
        }
        s.conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| s.err(e))?;
        s.conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| s.err(e))?;
        s.conn
            .busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| s.err(e))?;
        if version < SCHEMA_VERSION {
            if version == 0 {
                let tables: i64 = s
                    .conn
                    .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                    .map_err(|e| s.err(e))?;
                if tables > 0 {
                    return Err(s.err("the database has tables but no styring schema version; it is not a styring store"));
                }
            }
            let tx = s.conn.transaction().map_err(|e| Error::Store {
                path: s.path.clone(),
                message: e.to_string(),
            })?;
            for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
                tx.execute_batch(sql).map_err(|e| Error::Store {
                    path: s.path.clone(),
                    message: format!("migration to version {}: {e}", i + 1),
                })?;
            }
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)
                .and_then(|_| tx.commit())
                .map_err(|e| Error::Store {
                    path: s.path.clone(),
                    message: e.to_string(),
                })?;
        }
        Ok(s)
    }

    /// The store's path (or `:memory:`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The schema version in the file.
    ///
    /// # Errors
    /// [`Error::Store`] if it cannot be read.
    pub fn schema_version(&self) -> Result<i64, Error> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// The SQLite connection, for tests and analysts' SQL.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Validates `inputs` against `model` and records them as one batch.
    ///
    /// # Errors
    /// [`Error::Observations`] listing every problem (unknown keys, wrong
    /// frequency, out-of-range values, conflicting duplicates, locked
    /// periods): then nothing is stored.
    pub fn record(
        &mut self,
        model: &Model,
        inputs: &[ObservationInput],
        batch: &BatchInfo,
    ) -> Result<BatchSummary, Error> {
        let obs = model.validate_batch(inputs).map_err(Error::Observations)?;
        self.record_validated(&obs, batch)
    }

    /// Records observations already validated by
    /// [`Model::validate_batch`] as one batch (all or nothing).
    ///
    /// # Errors
    /// [`Error::Observations`] for changes to locked periods;
    /// [`Error::Store`] when the database fails (then nothing is stored).
    pub fn record_validated(
        &mut self,
        obs: &[Observation],
        batch: &BatchInfo,
    ) -> Result<BatchSummary, Error> {
        let groups = self.record_by_file(obs, batch)?;
        let mut total = BatchSummary::default();
        for (_, s) in &groups {
            total.new += s.new;
            total.changed += s.changed;
            total.unchanged += s.unchanged;
            total.batch = total.batch.max(s.batch);
        }
        Ok(total)
    }

    /// As [`Store::record_validated`], with one batch per source file (the
    /// observations' `location.file`, else the batch's file), all in one
    /// transaction. Returns each file's summary in order of appearance.
    ///
    /// # Errors
    /// As [`Store::record_validated`]; then nothing is stored.
    pub fn record_by_file(
        &mut self,
        obs: &[Observation],
        batch: &BatchInfo,
    ) -> Result<Vec<(Option<String>, BatchSummary)>, Error> {
        self.record_rows(&ObservationRows(obs), batch)
    }

    /// Records a checked [`Batch`] (see [`Model::check_batch`]), one store
    /// batch per file, in one transaction.
    ///
    /// # Errors
    /// As [`Store::record_validated`]; then nothing is stored.
    pub fn record_batch(
        &mut self,
        model: &Model,
        rows: &Batch,
        batch: &BatchInfo,
    ) -> Result<Vec<(Option<String>, BatchSummary)>, Error> {
        self.record_rows(&BatchRows { model, batch: rows }, batch)
    }

    fn record_rows(
        &mut self,
        obs: &dyn Rows,
        batch: &BatchInfo,
    ) -> Result<Vec<(Option<String>, BatchSummary)>, Error> {
        let locks = self.locks()?;
        let mut groups: Vec<(Option<String>, BatchSummary)> = Vec::new();
        let mut group_of: Vec<usize> = Vec::with_capacity(obs.len());
        for i in 0..obs.len() {
            let f = obs
                .file(i)
                .map(str::to_string)
                .or_else(|| batch.file.clone());
            let g = match groups.iter().position(|(x, _)| *x == f) {
                Some(g) => g,
                None => {
                    groups.push((f, BatchSummary::default()));
                    groups.len() - 1
                }
            };
            group_of.push(g);
        }
        let path = self.path.clone();
        let e = |e: rusqlite::Error| Error::Store {
            path: path.clone(),
            message: e.to_string(),
        };
        // A big batch gets a big page cache for its transaction.
        let _ = self.conn.pragma_update(None, "cache_size", -32_768);
        let tx = self.conn.transaction().map_err(e)?;
        // (observation, indicator id, unit id, period key, group) written.
        let mut write: Vec<(u32, i64, i64, i64, u32)> = Vec::with_capacity(obs.len());
        let mut problems = Problems::default();
        {
            let ind_ids = dictionary(&tx, "indicators", (0..obs.len()).map(|i| obs.indicator(i)))
                .map_err(e)?;
            let unit_ids =
                dictionary(&tx, "units", (0..obs.len()).map(|i| obs.unit(i))).map_err(e)?;
            // What is stored now for the batch's keys: nothing for an empty
            // store; one scan for a big batch; point look-ups otherwise.
            let empty: bool = !tx
                .query_row("SELECT EXISTS (SELECT 1 FROM observations)", [], |r| {
                    r.get(0)
                })
                .map_err(e)?;
            type Current = (Option<f64>, Option<String>);
            let bulk: Option<HashMap<(i64, i64, i64), Current>> = if empty {
                Some(HashMap::new())
            } else if obs.len() > 5_000 {
                let mut ids: Vec<i64> = ind_ids.values().copied().collect();
                ids.sort_unstable();
                let mut map = HashMap::new();
                let mut q = tx
                    .prepare(
                        "SELECT unit, period, value, comment FROM observations WHERE indicator = ?1
                         ORDER BY unit, period, batch",
                    )
                    .map_err(e)?;
                for id in ids {
                    let mut rows = q.query([id]).map_err(e)?;
                    while let Some(r) = rows.next().map_err(e)? {
                        map.insert(
                            (id, r.get(0).map_err(e)?, r.get(1).map_err(e)?),
                            (r.get(2).map_err(e)?, r.get(3).map_err(e)?),
                        );
                    }
                }
                Some(map)
            } else {
                None
            };
            let mut current = tx
                .prepare_cached(
                    "SELECT value, comment FROM observations WHERE indicator = ?1 AND unit = ?2 AND period = ?3
                     ORDER BY batch DESC LIMIT 1",
                )
                .map_err(e)?;
            for i in 0..obs.len() {
                let (code, unit, period) = (obs.indicator(i), obs.unit(i), obs.period(i));
                let key = (ind_ids[code], unit_ids[unit], period.to_key());
                let old: Option<Current> = match &bulk {
                    Some(map) if map.is_empty() => None,
                    Some(map) => map.get(&key).cloned(),
                    None => current
                        .query_row(params![key.0, key.1, key.2], |r| Ok((r.get(0)?, r.get(1)?)))
                        .optional()
                        .map_err(e)?,
                };
                let same = old.as_ref().is_some_and(|(v, c)| {
                    same_value(*v, obs.value(i)) && c.as_deref() == obs.comment(i)
                });
                let summary = &mut groups[group_of[i]].1;
                if same {
                    summary.unchanged += 1;
                    continue;
                }
                if let Some(l) = locks.iter().find(|l| l.period.contains(period)) {
                    let mut loc = obs.location(i);
                    if loc.cell.is_none() && loc.entry.is_none() {
                        loc.entry = Some(format!("rad {}", i + 1));
                    }
                    problems.push(crate::problem::Problem::new(
                        loc,
                        format!(
                            "{}/{}/{}: perioden {} er låst (rapportert {}); gjenåpne den med en begrunnelse før verdier endres",
                            code, unit, period, l.period, &l.locked_at[..10]
                        ),
                        format!(
                            "{}/{}/{}: period {} is locked (reported {}); reopen it with a reason before changing values",
                            code, unit, period, l.period, &l.locked_at[..10]
                        ),
                    ));
                    continue;
                }
                let summary = &mut groups[group_of[i]].1;
                if old.is_some() {
                    summary.changed += 1;
                } else {
                    summary.new += 1;
                }
                write.push((i as u32, key.0, key.1, key.2, group_of[i] as u32));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Observations(problems));
        }
        if write.is_empty() {
            return Ok(groups);
        }
        // Inserting in key order appends to the table's B-tree.
        write.sort_unstable_by_key(|w| (w.1, w.2, w.3));
        let at = ts(batch.recorded_at.unwrap_or_else(Utc::now));
        let mut ids: Vec<i64> = Vec::with_capacity(groups.len());
        for (g, (file, summary)) in groups.iter_mut().enumerate() {
            if !write.iter().any(|w| w.4 as usize == g) {
                ids.push(0);
                continue;
            }
            tx.execute(
                "INSERT INTO batches (recorded_at, source, file, note) VALUES (?1, ?2, ?3, ?4)",
                params![at, batch.source, &*file, batch.note],
            )
            .map_err(e)?;
            summary.batch = tx.last_insert_rowid();
            ids.push(summary.batch);
        }
        {
            // Many rows per statement: SQLite's per-statement cost dominates
            // otherwise.
            const ROWS: usize = 64;
            let one = "(?,?,?,?,?,?,?,?)";
            let head = "INSERT INTO observations (indicator, unit, period, batch, value, comment, sheet, cell) VALUES ";
            let mut many = tx
                .prepare_cached(&format!("{head}{}", vec![one; ROWS].join(",")))
                .map_err(e)?;
            let mut single = tx.prepare_cached(&format!("{head}{one}")).map_err(e)?;
            for chunk in write.chunks(ROWS) {
                let cells: Vec<Option<String>> =
                    chunk.iter().map(|w| obs.cell(w.0 as usize)).collect();
                let values: Vec<Option<f64>> =
                    chunk.iter().map(|w| obs.value(w.0 as usize)).collect();
                let comments: Vec<Option<&str>> =
                    chunk.iter().map(|w| obs.comment(w.0 as usize)).collect();
                let sheets: Vec<Option<&str>> =
                    chunk.iter().map(|w| obs.sheet(w.0 as usize)).collect();
                let mut ps: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(chunk.len() * 8);
                for (k, (_, ind, unit, period, g)) in chunk.iter().enumerate() {
                    ps.extend([
                        ind as &dyn rusqlite::ToSql,
                        unit,
                        period,
                        &ids[*g as usize],
                        &values[k],
                        &comments[k],
                        &sheets[k],
                        &cells[k],
                    ]);
                }
                if chunk.len() == ROWS {
                    many.execute(&*ps).map_err(e)?;
                } else {
                    for row in ps.chunks(8) {
                        single.execute(row).map_err(e)?;
                    }
                }
            }
        }
        tx.commit().map_err(e)?;
        Ok(groups)
    }

    /// Maps store ids to model indexes for indicators and units.
    fn model_maps(&self, model: &Model) -> Result<(IdMap, IdMap), Error> {
        let mut out = (HashMap::new(), HashMap::new());
        for (table, map) in [("indicators", &mut out.0), ("units", &mut out.1)] {
            let mut q = self
                .conn
                .prepare(&format!("SELECT id, code FROM {table}"))
                .map_err(|e| self.err(e))?;
            let mut rows = q.query([]).map_err(|e| self.err(e))?;
            while let Some(r) = rows.next().map_err(|e| self.err(e))? {
                let id: i64 = r.get(0).map_err(|e| self.err(e))?;
                let code: String = r.get(1).map_err(|e| self.err(e))?;
                let ix = if table == "indicators" {
                    model.indicator_index(&code)
                } else {
                    model.unit_index(&code)
                };
                if let Some(ix) = ix {
                    map.insert(id, ix);
                }
            }
        }
        Ok(out)
    }

    fn load(&self, model: &Model, as_of: Option<&str>) -> Result<Dataset, Error> {
        let mut data = Dataset::new(model);
        let (inds, units) = self.model_maps(model)?;
        let sql = match as_of {
            None => "SELECT indicator, unit, period, value, comment FROM observations ORDER BY indicator, unit, period, batch",
            Some(_) => {
                "SELECT o.indicator, o.unit, o.period, o.value, o.comment FROM observations o JOIN batches b ON b.id = o.batch
                 WHERE b.recorded_at <= ?1 ORDER BY o.indicator, o.unit, o.period, o.batch"
            }
        };
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.err(e))?;
        let mut rows = match as_of {
            None => stmt.query([]),
            Some(t) => stmt.query([t]),
        }
        .map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let ind: i64 = r.get(0).map_err(|e| self.err(e))?;
            let unit: i64 = r.get(1).map_err(|e| self.err(e))?;
            let (Some(&i), Some(&u)) = (inds.get(&ind), units.get(&unit)) else {
                continue;
            };
            let Some(period) = Period::from_key(r.get(2).map_err(|e| self.err(e))?) else {
                continue;
            };
            let value: Option<f64> = r.get(3).map_err(|e| self.err(e))?;
            let comment: Option<String> = r.get(4).map_err(|e| self.err(e))?;
            data.push_sorted(i, u, period, value, comment);
        }
        Ok(data)
    }

    /// The current values, for scorecards.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn dataset(&self, model: &Model) -> Result<Dataset, Error> {
        self.load(model, None)
    }

    /// The values as they were at `at` (later corrections left out).
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn dataset_as_of(&self, model: &Model, at: DateTime<Utc>) -> Result<Dataset, Error> {
        self.load(model, Some(&ts(at)))
    }

    /// The values as reported when `period` was locked.
    ///
    /// # Errors
    /// [`Error::Lock`] when the period has never been locked.
    pub fn dataset_as_reported(&self, model: &Model, period: Period) -> Result<Dataset, Error> {
        let at = self.reported_at(period)?.ok_or_else(|| Error::Lock {
            nb: format!("perioden {period} er aldri låst som rapportert"),
            en: format!("period {period} has never been locked as reported"),
        })?;
        self.load(model, Some(&at))
    }

    /// When `period` was last locked, if ever.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn reported_at(&self, period: Period) -> Result<Option<String>, Error> {
        self.conn
            .query_row(
                "SELECT max(at) FROM lock_events WHERE period = ?1 AND action = 'lock'",
                [period.to_string()],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    /// Every stored version of one key, oldest first.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn revisions(
        &self,
        indicator: &str,
        unit: &str,
        period: Period,
    ) -> Result<Vec<Revision>, Error> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT o.batch, b.recorded_at, o.value, o.comment, b.source, b.file, o.sheet, o.cell
                 FROM observations o JOIN batches b ON b.id = o.batch
                    JOIN indicators i ON i.id = o.indicator JOIN units u ON u.id = o.unit
                 WHERE i.code = ?1 AND u.code = ?2 AND o.period = ?3 ORDER BY o.batch",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![indicator, unit, period.to_key()], |r| {
                Ok(Revision {
                    batch: r.get(0)?,
                    recorded_at: r.get(1)?,
                    value: r.get(2)?,
                    comment: r.get(3)?,
                    source: r.get(4)?,
                    file: r.get(5)?,
                    sheet: r.get(6)?,
                    cell: r.get(7)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Values changed after `at`: what was reported then, and what is
    /// current now.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn corrections_since(&self, at: DateTime<Utc>) -> Result<Vec<Correction>, Error> {
        let t = ts(at);
        let mut stmt = self
            .conn
            .prepare(
                "WITH later AS (
                    SELECT o.indicator, o.unit, o.period, max(o.batch) AS batch, max(b.recorded_at) AS at
                    FROM observations o JOIN batches b ON b.id = o.batch
                    WHERE b.recorded_at > ?1 GROUP BY o.indicator, o.unit, o.period)
                 SELECT i.code, u.code, l.period,
                    (SELECT o.value FROM observations o JOIN batches b ON b.id = o.batch
                     WHERE o.indicator = l.indicator AND o.unit = l.unit AND o.period = l.period AND b.recorded_at <= ?1
                     ORDER BY o.batch DESC LIMIT 1),
                    (SELECT count(*) FROM observations o JOIN batches b ON b.id = o.batch
                     WHERE o.indicator = l.indicator AND o.unit = l.unit AND o.period = l.period AND b.recorded_at <= ?1),
                    (SELECT o.value FROM observations o WHERE o.indicator = l.indicator AND o.unit = l.unit
                     AND o.period = l.period AND o.batch = l.batch),
                    l.at
                 FROM later l JOIN indicators i ON i.id = l.indicator JOIN units u ON u.id = l.unit
                 ORDER BY i.code, u.code, l.period",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([&t], |r| {
                let before: i64 = r.get(4)?;
                Ok((
                    before,
                    Correction {
                        indicator: r.get(0)?,
                        unit: r.get(1)?,
                        period: Period::from_key(r.get(2)?)
                            .map(|p| p.to_string())
                            .unwrap_or_default(),
                        reported: r.get(3)?,
                        current: r.get(5)?,
                        corrected_at: r.get(6)?,
                    },
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for r in rows {
            let (before, c) = r.map_err(|e| self.err(e))?;
            if before > 0 {
                out.push(c);
            }
        }
        Ok(out)
    }

    /// The periods locked now.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn locks(&self) -> Result<Vec<Lock>, Error> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT period, action, at, reason FROM lock_events e
                 WHERE id = (SELECT max(id) FROM lock_events x WHERE x.period = e.period) ORDER BY period",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for r in rows {
            let (p, action, at, reason) = r.map_err(|e| self.err(e))?;
            if action == "lock" {
                if let Ok(period) = p.parse() {
                    out.push(Lock {
                        period,
                        locked_at: at,
                        reason,
                    });
                }
            }
        }
        Ok(out)
    }

    /// Locks `period` as reported.
    ///
    /// # Errors
    /// [`Error::Lock`] when it is already locked.
    pub fn lock(&mut self, period: Period, reason: &str) -> Result<(), Error> {
        if self.locks()?.iter().any(|l| l.period == period) {
            return Err(Error::Lock {
                nb: format!("perioden {period} er allerede låst"),
                en: format!("period {period} is already locked"),
            });
        }
        self.lock_event(period, "lock", reason, Utc::now())
    }

    /// Reopens a locked `period`; the reason is required and kept.
    ///
    /// # Errors
    /// [`Error::Lock`] when the period is not locked or the reason is empty.
    pub fn reopen(&mut self, period: Period, reason: &str) -> Result<(), Error> {
        if reason.trim().is_empty() {
            return Err(Error::Lock {
                nb: format!("oppgi en begrunnelse for å gjenåpne {period}"),
                en: format!("give a reason to reopen {period}"),
            });
        }
        if !self.locks()?.iter().any(|l| l.period == period) {
            return Err(Error::Lock {
                nb: format!("perioden {period} er ikke låst"),
                en: format!("period {period} is not locked"),
            });
        }
        self.lock_event(period, "reopen", reason, Utc::now())
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
        if self.locks()?.iter().any(|l| l.period == period) {
            return Err(Error::Lock {
                nb: format!("perioden {period} er allerede låst"),
                en: format!("period {period} is already locked"),
            });
        }
        self.lock_event(period, "lock", reason, at)
    }

    fn lock_event(
        &mut self,
        period: Period,
        action: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.conn
            .execute(
                "INSERT INTO lock_events (period, action, at, reason) VALUES (?1, ?2, ?3, ?4)",
                params![period.to_string(), action, ts(at), reason],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Number of stored revisions.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn revision_count(&self) -> Result<usize, Error> {
        self.conn
            .query_row("SELECT count(*) FROM observations", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n as usize)
            .map_err(|e| self.err(e))
    }

    /// Writes a copy of the store to `path` atomically.
    ///
    /// # Errors
    /// [`Error::Io`] or [`Error::Store`].
    pub fn save_copy(&self, path: &Path) -> Result<(), Error> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let tmp = dir.join(format!(".styring-copy-{}.sqlite", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        self.conn
            .execute("VACUUM INTO ?1", [tmp.display().to_string()])
            .map_err(|e| self.err(e))?;
        let f = std::fs::File::open(&tmp).map_err(|e| Error::io(&tmp, e))?;
        f.sync_all().map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
    }

    /// The whole store as the bytes of an SQLite database file (for
    /// pickling, or sending a store as one value).
    ///
    /// # Errors
    /// [`Error::Io`] or [`Error::Store`].
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        let tmp = scratch_file();
        let _ = std::fs::remove_file(&tmp);
        let result = self
            .conn
            .execute("VACUUM INTO ?1", [tmp.display().to_string()])
            .map_err(|e| self.err(e))
            .and_then(|_| std::fs::read(&tmp).map_err(|e| Error::io(&tmp, e)));
        let _ = std::fs::remove_file(&tmp);
        result
    }

    /// A store in memory holding a copy of `bytes` (from
    /// [`Store::to_bytes`] or an SQLite store file).
    ///
    /// # Errors
    /// [`Error::Store`] when the bytes are not a store this program can
    /// read (as [`Store::open`] would say of such a file).
    pub fn from_bytes(bytes: &[u8]) -> Result<Store, Error> {
        if !bytes.starts_with(b"SQLite format 3\0") {
            return Err(Error::Store {
                path: "<bytes>".into(),
                message: "not an SQLite store (the data is damaged or of another kind)".into(),
            });
        }
        let tmp = scratch_file();
        let mut image = bytes.to_vec();
        // A database written in WAL mode says so in bytes 18–19; the copy
        // in memory uses a plain journal.
        if image.len() > 19 && image[18] == 2 && image[19] == 2 {
            image[18] = 1;
            image[19] = 1;
        }
        std::fs::write(&tmp, &image).map_err(|e| Error::io(&tmp, e))?;
        let fail = |message: String| Error::Store {
            path: "<bytes>".into(),
            message,
        };
        let result = Connection::open_in_memory()
            .map_err(|e| fail(e.to_string()))
            .and_then(|mut conn| {
                conn.restore(
                    rusqlite::DatabaseName::Main,
                    &tmp,
                    None::<fn(rusqlite::backup::Progress)>,
                )
                .map_err(|e| fail(e.to_string()))?;
                Ok(conn)
            });
        let _ = std::fs::remove_file(&tmp);
        Store::init(result?, ":memory:".into())
    }

    /// The whole store as JSON (batches, every revision, lock events).
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn export_json(&self) -> Result<String, Error> {
        let mut doc = StoreDoc {
            format: "styring-store".into(),
            schema_version: SCHEMA_VERSION,
            ..StoreDoc::default()
        };
        let mut s = self
            .conn
            .prepare("SELECT id, recorded_at, source, file, note FROM batches ORDER BY id")
            .map_err(|e| self.err(e))?;
        doc.batches = s
            .query_map([], |r| {
                Ok(DocBatch {
                    id: r.get(0)?,
                    recorded_at: r.get(1)?,
                    source: r.get(2)?,
                    file: r.get(3)?,
                    note: r.get(4)?,
                })
            })
            .and_then(|r| r.collect())
            .map_err(|e| self.err(e))?;
        let mut s = self
            .conn
            .prepare("SELECT indicator, unit, period, batch, value, comment, sheet, cell FROM observations_text ORDER BY batch, indicator, unit, period")
            .map_err(|e| self.err(e))?;
        doc.observations = s
            .query_map([], |r| {
                Ok(DocObservation {
                    indicator: r.get(0)?,
                    unit: r.get(1)?,
                    period: r.get(2)?,
                    batch: r.get(3)?,
                    value: r.get(4)?,
                    comment: r.get(5)?,
                    sheet: r.get(6)?,
                    cell: r.get(7)?,
                })
            })
            .and_then(|r| r.collect())
            .map_err(|e| self.err(e))?;
        let mut s = self
            .conn
            .prepare("SELECT period, action, at, reason FROM lock_events ORDER BY id")
            .map_err(|e| self.err(e))?;
        doc.lock_events = s
            .query_map([], |r| {
                Ok(DocLockEvent {
                    period: r.get(0)?,
                    action: r.get(1)?,
                    at: r.get(2)?,
                    reason: r.get(3)?,
                })
            })
            .and_then(|r| r.collect())
            .map_err(|e| self.err(e))?;
        serde_json::to_string_pretty(&doc).map_err(|e| self.err(e))
    }

    /// Loads a JSON export into this store, which must be empty. Every
    /// observation is checked against `model`; with any problem nothing is
    /// stored.
    ///
    /// # Errors
    /// [`Error::Json`] for a malformed file, [`Error::Observations`] for
    /// observations the model rejects, [`Error::Store`] for a non-empty
    /// store.
    pub fn import_json(&mut self, model: &Model, text: &str, origin: &str) -> Result<usize, Error> {
        let doc: StoreDoc = serde_json::from_str(text).map_err(|e| Error::Json {
            path: origin.into(),
            message: e.to_string(),
        })?;
        if doc.format != "styring-store" {
            return Err(Error::Json {
                path: origin.into(),
                message: format!("format is \"{}\", expected \"styring-store\"", doc.format),
            });
        }
        if doc.schema_version > SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                path: origin.into(),
                found: doc.schema_version,
                supported: SCHEMA_VERSION,
            });
        }
        if self.revision_count()? > 0 {
            return Err(
                self.err("the store is not empty; import a JSON export into a new store file")
            );
        }
        let mut problems = Problems::default();
        let batch_ids: std::collections::HashSet<i64> = doc.batches.iter().map(|b| b.id).collect();
        let inputs: Vec<ObservationInput> = doc
            .observations
            .iter()
            .enumerate()
            .map(|(i, o)| {
                if !batch_ids.contains(&o.batch) {
                    problems.add(
                        Location::entry(format!("observations[{i}]")).in_file(origin),
                        format!("ukjent batch {}", o.batch),
                        format!("unknown batch {}", o.batch),
                    );
                }
                ObservationInput {
                    indicator: o.indicator.clone(),
                    unit: o.unit.clone(),
                    period: o.period.clone(),
                    value: o.value,
                    comment: o.comment.clone(),
                    location: Location::entry(format!("observations[{i}]")).in_file(origin),
                }
            })
            .collect();
        // Revisions of one key are separate rows; validate each alone.
        for (i, input) in inputs.iter().enumerate() {
            if let Err(p) = model.validate_batch(std::slice::from_ref(input)) {
                for mut x in p.0 {
                    x.location = Location::entry(format!("observations[{i}]")).in_file(origin);
                    problems.push(x);
                }
            }
        }
        for (i, l) in doc.lock_events.iter().enumerate() {
            if l.period.parse::<Period>().is_err() || !(l.action == "lock" || l.action == "reopen")
            {
                problems.add(
                    Location::entry(format!("lock_events[{i}]")).in_file(origin),
                    "ugyldig låsehendelse",
                    "invalid lock event",
                );
            }
        }
        if !problems.is_empty() {
            return Err(Error::Observations(problems));
        }
        let path = self.path.clone();
        let e = |e: rusqlite::Error| Error::Store {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(e)?;
        for b in &doc.batches {
            tx.execute(
                "INSERT INTO batches (id, recorded_at, source, file, note) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![b.id, b.recorded_at, b.source, b.file, b.note],
            )
            .map_err(e)?;
        }
        let ind_ids = dictionary(
            &tx,
            "indicators",
            doc.observations.iter().map(|o| o.indicator.trim()),
        )
        .map_err(e)?;
        let unit_ids =
            dictionary(&tx, "units", doc.observations.iter().map(|o| o.unit.trim())).map_err(e)?;
        for o in &doc.observations {
            let p: Period = o.period.parse().expect("validated");
            tx.execute(
                "INSERT INTO observations (indicator, unit, period, batch, value, comment, sheet, cell) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    ind_ids[o.indicator.trim()],
                    unit_ids[o.unit.trim()],
                    p.to_key(),
                    o.batch,
                    o.value,
                    o.comment,
                    o.sheet,
                    o.cell
                ],
            )
            .map_err(e)?;
        }
        for l in &doc.lock_events {
            tx.execute(
                "INSERT INTO lock_events (period, action, at, reason) VALUES (?1, ?2, ?3, ?4)",
                params![l.period, l.action, l.at, l.reason],
            )
            .map_err(e)?;
        }
        tx.commit().map_err(e)?;
        Ok(doc.observations.len())
    }
}

/// Values due but missing on `today`: for each service unit and each
/// indicator that applies, the latest period of the indicator's frequency
/// that ended more than `grace_days` ago, if it has no value.
pub fn late_values(model: &Model, data: &Dataset, today: NaiveDate, grace_days: i64) -> Vec<Late> {
    let mut out = Vec::new();
    for unit in model.service_units(&Scope::Municipality) {
        let u = model.unit_index(unit.id.as_str()).expect("model unit");
        for (i, ind) in model.indicators().iter().enumerate() {
            // Computed indicators are not reported, so never late.
            if !model.applies(ind, unit) || ind.computed.is_some() {
                continue;
            }
            let Ok(mut p) = Period::containing(today, ind.frequency) else {
                continue;
            };
            while p.end() + chrono::Duration::days(grace_days) >= today {
                p = p.previous();
            }
            if data.get(i, u, p).flatten().is_none() {
                out.push(Late {
                    indicator: ind.code.to_string(),
                    unit: unit.id.to_string(),
                    period: p,
                    due: p.end() + chrono::Duration::days(grace_days),
                });
            }
        }
    }
    out
}

impl Late {
    /// One line for people.
    pub fn render(&self, model: &Model, lang: Lang) -> String {
        let unit = model
            .unit(&self.unit)
            .map(|u| u.name.as_str())
            .unwrap_or(&self.unit);
        match lang {
            Lang::Nb => format!(
                "{unit}: {} for {} mangler (frist {})",
                self.indicator, self.period, self.due
            ),
            Lang::En => format!(
                "{unit}: {} for {} is missing (due {})",
                self.indicator, self.period, self.due
            ),
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoreDoc {
    format: String,
    schema_version: i64,
    batches: Vec<DocBatch>,
    observations: Vec<DocObservation>,
    lock_events: Vec<DocLockEvent>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocBatch {
    id: i64,
    recorded_at: String,
    source: String,
    file: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocObservation {
    indicator: String,
    unit: String,
    period: String,
    batch: i64,
    value: Option<f64>,
    comment: Option<String>,
    sheet: Option<String>,
    cell: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocLockEvent {
    period: String,
    action: String,
    at: String,
    reason: String,
}

mod columns;
pub use columns::{CurrentColumns, Interned};

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
