//! Moving a whole store: JSON export and import for interchange and
//! review, and the store as bytes (for pickling) or as a copy on disk.
//!
//! An import checks every time, period, id, actor and number on the way
//! in and reports every problem with its JSON path
//! (`lock_events[0].at: «x» er ikke et tidspunkt`); with any problem
//! nothing is stored. Times are stored in the canonical UTC form whatever
//! offset the file wrote them in.

use super::events::{insert_event, EntityKind, NewEvent};
use super::write::dictionary;
use super::{scratch_file, Store, SCHEMA_VERSION};
use crate::actor::Actor;
use crate::asof::format_instant;
use crate::error::Error;
use crate::lang::Lang;
use crate::model::Model;
use crate::observation::ObservationInput;
use crate::period::Period;
use crate::problem::{Location, ProblemKind, Problems};
use crate::text::Localized;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The JSON document of a whole store.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoreDoc {
    format: String,
    schema_version: i64,
    batches: Vec<DocBatch>,
    observations: Vec<DocObservation>,
    lock_events: Vec<DocLockEvent>,
    #[serde(default)]
    events: Vec<DocEvent>,
    #[serde(default)]
    plan_versions: Vec<economy::DocPlanVersion>,
    #[serde(default)]
    account_lines: Vec<economy::DocAccountLine>,
    #[serde(default)]
    forecasts: Vec<economy::DocForecast>,
    #[serde(default)]
    deviations: Vec<registers::DocDeviation>,
    #[serde(default)]
    deviation_measures: Vec<registers::DocMeasure>,
    #[serde(default)]
    whistleblowing_cases: Vec<registers::DocCase>,
    #[serde(default)]
    benefit_plans: Vec<registers::DocBenefitPlan>,
    #[serde(default)]
    benefit_values: Vec<registers::DocBenefitValue>,
    #[serde(default)]
    kostra_values: Vec<kostra::DocKostraValue>,
}

#[path = "interchange_economy.rs"]
mod economy;
#[path = "interchange_kostra.rs"]
mod kostra;
#[path = "interchange_registers.rs"]
mod registers;

impl StoreDoc {
    fn economy(&self) -> economy::DocEconomy<'_> {
        economy::DocEconomy {
            plan_versions: &self.plan_versions,
            account_lines: &self.account_lines,
            forecasts: &self.forecasts,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocBatch {
    id: i64,
    recorded_at: String,
    source: String,
    file: Option<String>,
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    actor: Option<String>,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    actor: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocEvent {
    kind: String,
    entity: String,
    action: String,
    actor: String,
    at: String,
    reason: Option<String>,
    details: Option<serde_json::Value>,
}

/// Collects the problems of one document, each at its JSON path.
struct Checker<'a> {
    origin: &'a str,
    problems: Problems,
}

impl Checker<'_> {
    fn add(&mut self, path: String, nb: String, en: String) {
        self.add_kind(ProblemKind::Invalid, path, nb, en);
    }

    fn add_kind(&mut self, kind: ProblemKind, path: String, nb: String, en: String) {
        self.problems
            .add_kind(kind, Location::entry(path).in_file(self.origin), nb, en);
    }

    fn instant(&mut self, path: String, text: &str) -> Option<DateTime<Utc>> {
        match crate::asof::read_instant(text) {
            Ok(t) => Some(t),
            Err(t) => {
                self.add_kind(ProblemKind::BadTime, path, t.nb, t.en);
                None
            }
        }
    }

    fn actor(&mut self, path: String, text: &str) -> Option<Actor> {
        match Actor::new(text) {
            Ok(a) => Some(a),
            Err(e) => {
                self.add_kind(
                    ProblemKind::BadName,
                    path,
                    e.render(Lang::Nb),
                    e.render(Lang::En),
                );
                None
            }
        }
    }

    fn period(&mut self, path: String, text: &str) -> Option<Period> {
        match text.parse::<Period>() {
            Ok(p) if p.to_string() == text.trim() => Some(p),
            Ok(p) => {
                self.add(
                    path,
                    format!("«{text}» skal skrives {p} i en lagereksport"),
                    format!("\"{text}\" must be written {p} in a store export"),
                );
                None
            }
            Err(e) => {
                self.add_kind(
                    ProblemKind::BadPeriod,
                    path,
                    e.render(Lang::Nb),
                    e.render(Lang::En),
                );
                None
            }
        }
    }

    fn text(&mut self, path: String, text: &str, what: (&str, &str)) {
        if text.trim().is_empty()
            || text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            self.add(
                path,
                format!("{} mangler eller har ugyldige tegn", what.0),
                format!("{} is missing or has invalid characters", what.1),
            );
        }
    }
}

/// A batch, lock or event as it will be stored: times in the canonical form.
struct Checked {
    batch_at: Vec<String>,
    batch_actor: Vec<Option<Actor>>,
    lock_at: Vec<String>,
    lock_actor: Vec<Option<Actor>>,
    event_at: Vec<DateTime<Utc>>,
    event_kind: Vec<EntityKind>,
    event_actor: Vec<Actor>,
    economy: economy::CheckedEconomy,
    registers: registers::CheckedRegisters,
}

/// Checks every field of `doc`; every problem at its JSON path.
fn check(doc: &StoreDoc, model: &Model, origin: &str) -> Result<Checked, Problems> {
    let mut c = Checker {
        origin,
        problems: Problems::default(),
    };
    let mut out = Checked {
        batch_at: Vec::new(),
        batch_actor: Vec::new(),
        lock_at: Vec::new(),
        lock_actor: Vec::new(),
        event_at: Vec::new(),
        event_kind: Vec::new(),
        event_actor: Vec::new(),
        economy: economy::CheckedEconomy::default(),
        registers: registers::CheckedRegisters::default(),
    };
    let mut ids = HashSet::new();
    for (i, b) in doc.batches.iter().enumerate() {
        if b.id <= 0 {
            c.add(
                format!("batches[{i}].id"),
                format!("batch-id {} må være et positivt heltall", b.id),
                format!("batch id {} must be a positive integer", b.id),
            );
        } else if !ids.insert(b.id) {
            c.add(
                format!("batches[{i}].id"),
                format!("batch-id {} finnes to ganger", b.id),
                format!("batch id {} appears twice", b.id),
            );
        }
        let at = c.instant(format!("batches[{i}].recorded_at"), &b.recorded_at);
        out.batch_at
            .push(at.map(format_instant).unwrap_or_default());
        c.text(
            format!("batches[{i}].source"),
            &b.source,
            ("kilden", "the source"),
        );
        let actor = b
            .actor
            .as_deref()
            .and_then(|a| c.actor(format!("batches[{i}].actor"), a));
        out.batch_actor.push(actor);
    }
    for (i, o) in doc.observations.iter().enumerate() {
        let path = format!("observations[{i}]");
        if !ids.contains(&o.batch) {
            c.add(
                format!("{path}.batch"),
                format!("ukjent batch {}", o.batch),
                format!("unknown batch {}", o.batch),
            );
        }
        if c.period(format!("{path}.period"), &o.period).is_none() {
            continue;
        }
        let input = ObservationInput {
            indicator: o.indicator.clone(),
            unit: o.unit.clone(),
            period: o.period.clone(),
            value: o.value,
            comment: o.comment.clone(),
            location: Location::entry(path.clone()).in_file(origin),
        };
        // Revisions of one key are separate rows; each is checked alone.
        if let Err(p) = model.validate_batch(std::slice::from_ref(&input)) {
            for mut x in p.0 {
                x.location = Location::entry(path.clone()).in_file(origin);
                c.problems.push(x);
            }
        }
    }
    let mut locked: HashMap<Period, bool> = HashMap::new();
    let mut last_at: Option<DateTime<Utc>> = None;
    for (i, l) in doc.lock_events.iter().enumerate() {
        let path = format!("lock_events[{i}]");
        let period = c.period(format!("{path}.period"), &l.period);
        let at = c.instant(format!("{path}.at"), &l.at);
        out.lock_at.push(at.map(format_instant).unwrap_or_default());
        if let (Some(t), Some(prev)) = (at, last_at) {
            if t < prev {
                c.add(
                    format!("{path}.at"),
                    format!(
                        "låsehendelsene står ikke i tidsrekkefølge ({} er før forrige hendelse)",
                        l.at
                    ),
                    format!(
                        "the lock events are not in time order ({} is before the previous event)",
                        l.at
                    ),
                );
            }
        }
        last_at = at.or(last_at);
        let was = period
            .and_then(|p| locked.get(&p).copied())
            .unwrap_or(false);
        match l.action.as_str() {
            "lock" if was => c.add(
                format!("{path}.action"),
                format!("perioden {} låses, men er allerede låst", l.period),
                format!("period {} is locked but is already locked", l.period),
            ),
            "reopen" if !was => c.add(
                format!("{path}.action"),
                format!("perioden {} gjenåpnes, men er ikke låst", l.period),
                format!("period {} is reopened but is not locked", l.period),
            ),
            "lock" | "reopen" => {}
            other => c.add(
                format!("{path}.action"),
                format!("ukjent handling «{other}» (bruk lock eller reopen)"),
                format!("unknown action \"{other}\" (use lock or reopen)"),
            ),
        }
        if let Some(p) = period {
            locked.insert(p, l.action == "lock");
        }
        if l.action == "reopen" {
            c.text(
                format!("{path}.reason"),
                &l.reason,
                ("begrunnelsen", "the reason"),
            );
        }
        let actor = l
            .actor
            .as_deref()
            .and_then(|a| c.actor(format!("{path}.actor"), a));
        out.lock_actor.push(actor);
    }
    for (i, e) in doc.events.iter().enumerate() {
        let path = format!("events[{i}]");
        match e.kind.parse::<EntityKind>() {
            Ok(k) => out.event_kind.push(k),
            Err(err) => c.add(
                format!("{path}.kind"),
                err.render(Lang::Nb),
                err.to_string(),
            ),
        }
        c.text(format!("{path}.entity"), &e.entity, ("id-en", "the id"));
        c.text(
            format!("{path}.action"),
            &e.action,
            ("handlingen", "the action"),
        );
        if let Some(a) = c.actor(format!("{path}.actor"), &e.actor) {
            out.event_actor.push(a);
        }
        if let Some(t) = c.instant(format!("{path}.at"), &e.at) {
            out.event_at.push(t);
        }
    }
    out.economy = economy::check(&doc.economy(), &ids, model, &mut c);
    out.registers = registers::check(&doc.deviations, &doc.deviation_measures, &mut c);
    registers::check_cases(&doc.whistleblowing_cases, &mut c);
    registers::check_benefits(&doc.benefit_plans, &doc.benefit_values, &mut c);
    kostra::check(&doc.kostra_values, &mut c);
    if c.problems.is_empty() {
        Ok(out)
    } else {
        Err(c.problems)
    }
}

/// Reads rows of `sql` with `f`, mapping errors to the store's.
fn all<T>(
    store: &Store,
    sql: &str,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, Error> {
    let mut s = store.conn.prepare(sql).map_err(|e| store.sql(e))?;
    let rows = s.query_map([], f).map_err(|e| store.sql(e))?;
    rows.collect::<Result<_, _>>().map_err(|e| store.sql(e))
}

impl Store {
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
            .map_err(|e| self.sql(e))?;
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
            .map_err(|e| self.sql(e))
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
            return Err(Error::store_file(
                "<bytes>",
                "er ikke et SQLite-lager (dataene er skadet eller av en annen type)",
                "not an SQLite store (the data is damaged or of another kind)",
            ));
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
        Store::init(result?, ":memory:".into(), &super::OpenOptions::default())
    }

    /// The whole store as JSON (batches, every revision, lock events,
    /// events, plan versions, account lines and forecasts, with their
    /// actors).
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn export_json(&self) -> Result<String, Error> {
        let (plan_versions, account_lines, forecasts) = economy::export(self)?;
        let (deviations, deviation_measures) = registers::export(self)?;
        let whistleblowing_cases = registers::export_cases(self)?;
        let (benefit_plans, benefit_values) = registers::export_benefits(self)?;
        let kostra_values = kostra::export(self)?;
        let doc = StoreDoc {
            kostra_values,
            benefit_plans,
            benefit_values,
            whistleblowing_cases,
            deviations,
            deviation_measures,
            plan_versions,
            account_lines,
            forecasts,
            format: "styring-store".into(),
            schema_version: SCHEMA_VERSION,
            batches: all(
                self,
                "SELECT id, recorded_at, source, file, note, actor FROM batches ORDER BY id",
                |r| {
                    Ok(DocBatch {
                        id: r.get(0)?,
                        recorded_at: r.get(1)?,
                        source: r.get(2)?,
                        file: r.get(3)?,
                        note: r.get(4)?,
                        actor: r.get(5)?,
                    })
                },
            )?,
            observations: all(
                self,
                "SELECT indicator, unit, period, batch, value, comment, sheet, cell FROM observations_text ORDER BY batch, indicator, unit, period",
                |r| {
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
                },
            )?,
            lock_events: all(
                self,
                "SELECT period, action, at, reason, actor FROM lock_events ORDER BY id",
                |r| {
                    Ok(DocLockEvent {
                        period: r.get(0)?,
                        action: r.get(1)?,
                        at: r.get(2)?,
                        reason: r.get(3)?,
                        actor: r.get(4)?,
                    })
                },
            )?,
            events: self
                .events(None, None)?
                .into_iter()
                .map(|e| DocEvent {
                    kind: e.kind.key().to_string(),
                    entity: e.entity,
                    action: e.action,
                    actor: e.actor.to_string(),
                    at: format_instant(e.at),
                    reason: e.reason,
                    details: e.details,
                })
                .collect(),
        };
        serde_json::to_string_pretty(&doc).map_err(|e| self.err(e))
    }

    /// Loads a JSON export into this store, which must be empty. Every
    /// field is checked (times, periods, ids, actors, and every observation
    /// against `model`); with any problem nothing is stored.
    ///
    /// # Errors
    /// [`Error::Json`] for a file that is not a store export (with the JSON
    /// path of the first wrong field), [`Error::Interchange`] listing every
    /// problem at its JSON path, [`Error::Store`] for a non-empty store.
    pub fn import_json(&mut self, model: &Model, text: &str, origin: &str) -> Result<usize, Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        let doc: StoreDoc = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            Error::Json {
                path: origin.into(),
                message: if path == "." || path == "?" || path.is_empty() {
                    inner.to_string()
                } else {
                    format!("{path}: {inner}")
                },
            }
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
        if self.revision_count()? > 0
            || !self.locks()?.is_empty()
            || self.has_accounts()?
            || !self.plan_versions()?.is_empty()
            || self.has_deviations()?
            || !self.cases()?.is_empty()
            || !self.benefit_plans()?.is_empty()
            || !self.kostra_values()?.is_empty()
        {
            return Err(Error::store_file(
                &self.path,
                "lageret er ikke tomt; les en JSON-eksport inn i en ny lagerfil",
                "the store is not empty; import a JSON export into a new store file",
            ));
        }
        let checked = check(&doc, model, origin).map_err(Error::Interchange)?;
        let (path, wait) = (self.path.clone(), self.wait);
        let e = |e: rusqlite::Error| super::sql_error(&path, wait, e);
        let tx = self.begin_write()?;
        write_doc(&tx, &doc, &checked).map_err(e)?;
        // Every history read back by the workflow rule before anything is
        // kept: a damaged one is the export's problem, not the store's.
        let read_back = super::deviations::read_all(&tx, &path)
            .map(|_| ())
            .and_then(|()| super::whistleblowing::read_all(&tx, &path).map(|_| ()));
        if let Err(err) = read_back {
            let t = match err {
                Error::StoreFile { message, .. } => message,
                other => crate::Text::new(
                    crate::Localized::render(&other, Lang::Nb),
                    crate::Localized::render(&other, Lang::En),
                ),
            };
            let mut p = Problems::default();
            p.add_kind(
                ProblemKind::Invalid,
                Location::entry("deviations").in_file(origin),
                t.nb,
                t.en,
            );
            return Err(Error::Interchange(p));
        }
        tx.commit().map_err(e)?;
        Ok(doc.observations.len())
    }
}

/// Writes a checked document.
fn write_doc(tx: &Connection, doc: &StoreDoc, c: &Checked) -> rusqlite::Result<()> {
    for (i, b) in doc.batches.iter().enumerate() {
        tx.execute(
            "INSERT INTO batches (id, recorded_at, source, file, note, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![b.id, c.batch_at[i], b.source, b.file, b.note, c.batch_actor[i].as_ref().map(Actor::as_str)],
        )?;
    }
    let ind_ids = dictionary(
        tx,
        "indicators",
        doc.observations.iter().map(|o| o.indicator.trim()),
    )?;
    let unit_ids = dictionary(tx, "units", doc.observations.iter().map(|o| o.unit.trim()))?;
    let mut ins = tx.prepare(
        "INSERT INTO observations (indicator, unit, period, batch, value, comment, sheet, cell) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for o in &doc.observations {
        // Checked: every period parses, every code is in the dictionaries.
        let (Ok(p), Some(i), Some(u)) = (
            o.period.parse::<Period>(),
            ind_ids.get(o.indicator.trim()),
            unit_ids.get(o.unit.trim()),
        ) else {
            continue;
        };
        ins.execute(params![
            i,
            u,
            p.to_key(),
            o.batch,
            o.value,
            o.comment,
            o.sheet,
            o.cell
        ])?;
    }
    for (i, l) in doc.lock_events.iter().enumerate() {
        tx.execute(
            "INSERT INTO lock_events (period, action, at, reason, actor) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![l.period, l.action, c.lock_at[i], l.reason, c.lock_actor[i].as_ref().map(Actor::as_str)],
        )?;
    }
    for (i, e) in doc.events.iter().enumerate() {
        let new = NewEvent {
            kind: c.event_kind[i],
            entity: e.entity.clone(),
            action: e.action.clone(),
            reason: e.reason.clone(),
            details: e.details.clone(),
        };
        insert_event(tx, &new, &c.event_actor[i], c.event_at[i])?;
    }
    economy::write(tx, &doc.economy(), &c.economy)?;
    registers::write(tx, &doc.deviations, &doc.deviation_measures, &c.registers)?;
    registers::write_cases(tx, &doc.whistleblowing_cases)?;
    registers::write_benefits(tx, &doc.benefit_plans, &doc.benefit_values)?;
    kostra::write(tx, &doc.kostra_values)
}
