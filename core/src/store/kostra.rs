//! KOSTRA figures in the store: each import appends only what is new or
//! changed since the last (SSB revises its preliminary March figures in
//! June), so every published value is kept with its table, source and
//! time, and the latest per indicator, region and year counts.
//!
//! ```
//! use styring_core::kostra::KostraValue;
//! use styring_core::store::{KostraBatch, Store};
//! let mut store = Store::in_memory().unwrap();
//! let v = KostraValue { indicator: "O.2.1".into(), region: "3440".into(), region_label: "Øyer".into(), code_in_table: "3440".into(),
//!     year: 2024, value: Some(161_911.0), status: None, break_note: None };
//! let batch = |source: &str, v: &KostraValue| vec![KostraBatch { table: "12134".into(), source: source.into(), values: vec![v.clone()] }];
//! let t = store.add_kostra_values(&batch("12134.json", &v)).unwrap();
//! assert_eq!((t.new, t.changed, t.unchanged), (1, 0, 0));
//! let again = store.add_kostra_values(&batch("12134.json", &v)).unwrap();
//! assert_eq!((again.new, again.changed, again.unchanged), (0, 0, 1));
//! let revised = KostraValue { value: Some(162_000.0), ..v };
//! assert_eq!(store.add_kostra_values(&batch("juni.json", &revised)).unwrap().changed, 1);
//! let now = store.kostra_values().unwrap();
//! assert_eq!((now.len(), now[0].value.value, now[0].source.as_str()), (1, Some(162_000.0), "juni.json"));
//! ```

use super::events::{insert_event, NewEvent};
use super::{stored_instant, EntityKind, Store};
use crate::asof::format_instant;
use crate::error::Error;
use crate::kostra::KostraValue;
use chrono::{DateTime, Utc};
use rusqlite::params;
use std::collections::HashMap;

/// What an import of KOSTRA figures did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KostraTally {
    /// Figures not in the store before.
    pub new: usize,
    /// Figures SSB has revised since the last import.
    pub changed: usize,
    /// Figures as they were.
    pub unchanged: usize,
}

/// The figures of one table from one file or URL, to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct KostraBatch {
    /// SSB's table.
    pub table: String,
    /// The file or URL.
    pub source: String,
    /// The figures.
    pub values: Vec<KostraValue>,
}

/// A figure as the store holds it, with where and when it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredKostra {
    /// The figure.
    pub value: KostraValue,
    /// SSB's table.
    pub table: String,
    /// The file or URL it was read from.
    pub source: String,
    /// When it was read in.
    pub at: DateTime<Utc>,
    /// Who read it in.
    pub actor: String,
}

type Key = (String, String, i32);

/// The register's key index, as the schema makes it (and an import into
/// an empty register remakes it).
pub(super) const KEY_INDEX: &str =
    "CREATE INDEX kostra_values_by_key ON kostra_values (indicator, region, year, id)";

fn same(a: &KostraValue, b: &KostraValue) -> bool {
    let num = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(x), Some(y)) => x.to_bits() == y.to_bits(),
        (None, None) => true,
        _ => false,
    };
    num(a.value, b.value)
        && a.status == b.status
        && a.code_in_table == b.code_in_table
        && a.break_note == b.break_note
}

impl Store {
    /// Appends the figures of each batch that are new or differ from the
    /// latest stored (or from an earlier batch of the same call); all in
    /// one transaction.
    ///
    /// # Errors
    /// The store's errors; a value that is not finite is refused whole.
    pub fn add_kostra_values(&mut self, batches: &[KostraBatch]) -> Result<KostraTally, Error> {
        let every = || batches.iter().flat_map(|b| b.values.iter());
        if every().any(|v| v.value.is_some_and(|x| !x.is_finite())) {
            return Err(Error::Store {
                path: self.path.clone(),
                message: "a KOSTRA value is not a finite number".into(),
            });
        }
        let mut latest: HashMap<Key, KostraValue> = self
            .kostra_values()?
            .into_iter()
            .map(|s| {
                (
                    (
                        s.value.indicator.clone(),
                        s.value.region.clone(),
                        s.value.year,
                    ),
                    s.value,
                )
            })
            .collect();
        let (path, wait, actor) = (self.path.clone(), self.wait, self.actor.clone());
        let sql = |e: rusqlite::Error| super::sql_error(&path, wait, e);
        // A table of a million cells: a page cache to match.
        let _ = self.conn.pragma_update(None, "cache_size", -32_768);
        let tx = self.begin_write()?;
        let now = format_instant(Utc::now());
        // Into an empty register from one table nothing can repeat: no
        // lookups to make.
        let fresh = latest.is_empty() && batches.len() == 1;
        // Into an empty register the key index is built once at the end,
        // which is much faster than keeping it up row by row.
        let empty = latest.is_empty();
        if empty {
            tx.execute_batch("DROP INDEX IF EXISTS kostra_values_by_key")
                .map_err(sql)?;
        }
        // Otherwise in key order, so the index grows at one end.
        let mut order: Vec<(usize, &KostraValue)> = batches
            .iter()
            .enumerate()
            .flat_map(|(k, b)| b.values.iter().map(move |v| (k, v)))
            .collect();
        if !empty {
            order.sort_by(|a, b| {
                (a.1.indicator.as_str(), a.1.region.as_str(), a.1.year).cmp(&(
                    b.1.indicator.as_str(),
                    b.1.region.as_str(),
                    b.1.year,
                ))
            });
        }
        let mut t = KostraTally::default();
        {
            // Each batch's table, source, time and actor, once, when the
            // batch stores its first figure.
            let mut imports: Vec<Option<i64>> = vec![None; batches.len()];
            let mut insert = tx
                .prepare(
                    "INSERT INTO kostra_values (import, indicator, region, year, value, status, code_in_table, break_note, region_label)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .map_err(sql)?;
            for &(k, v) in &order {
                {
                    let key = if fresh {
                        t.new += 1;
                        None
                    } else {
                        let key = (v.indicator.clone(), v.region.clone(), v.year);
                        match latest.get(&key) {
                            Some(old) if same(old, v) => {
                                t.unchanged += 1;
                                continue;
                            }
                            Some(_) => t.changed += 1,
                            None => t.new += 1,
                        }
                        Some(key)
                    };
                    let import = match imports.get(k).copied().flatten() {
                        Some(id) => id,
                        None => {
                            let Some(b) = batches.get(k) else { continue };
                            tx.execute(
                                "INSERT INTO kostra_imports (tbl, source, at, actor) VALUES (?1, ?2, ?3, ?4)",
                                params![b.table, b.source, now, actor.as_str()],
                            )
                            .map_err(sql)?;
                            let id = tx.last_insert_rowid();
                            if let Some(slot) = imports.get_mut(k) {
                                *slot = Some(id);
                            }
                            id
                        }
                    };
                    insert
                        .execute(params![
                            import,
                            v.indicator,
                            v.region,
                            v.year,
                            v.value,
                            v.status,
                            v.code_in_table,
                            v.break_note,
                            v.region_label
                        ])
                        .map_err(sql)?;
                    if let Some(key) = key {
                        latest.insert(key, v.clone());
                    }
                }
            }
        }
        if empty {
            tx.execute_batch(KEY_INDEX).map_err(sql)?;
        }
        if t.new + t.changed > 0 {
            for b in batches {
                let mut e = NewEvent::new(EntityKind::Kostra, &b.table, "imported");
                e.details =
                    Some(serde_json::json!({ "source": b.source, "values": b.values.len() }));
                insert_event(&tx, &e, &actor, Utc::now()).map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)?;
        Ok(t)
    }

    /// The latest figure for each indicator, region and year, in that
    /// order.
    ///
    /// # Errors
    /// The store's errors.
    pub fn kostra_values(&self) -> Result<Vec<StoredKostra>, Error> {
        self.kostra_values_at(None)
    }

    /// The latest figure for each indicator, region and year as the store
    /// held them at `at` (now when `None`): a figure read in later, or
    /// SSB's later revision, left out.
    ///
    /// # Errors
    /// The store's errors.
    pub fn kostra_values_at(&self, at: Option<DateTime<Utc>>) -> Result<Vec<StoredKostra>, Error> {
        type Row = (KostraValue, String, String, String, String);
        // The far future stands for now: every figure is older.
        let until = at.map_or_else(|| "9999".to_string(), format_instant);
        let rows: Vec<Row> = self
            .conn
            .prepare(
                "SELECT k.indicator, k.region, k.year, k.value, k.status, k.code_in_table, k.break_note, i.tbl, i.source, i.at, i.actor, k.region_label
                 FROM kostra_values k JOIN kostra_imports i ON i.id = k.import
                 WHERE k.id = (SELECT max(x.id) FROM kostra_values x JOIN kostra_imports j ON j.id = x.import
                               WHERE x.indicator = k.indicator AND x.region = k.region AND x.year = k.year AND j.at <= ?1)
                 ORDER BY k.indicator, k.region, k.year",
            )
            .and_then(|mut q| {
                q.query_map([&until], |r| {
                    Ok((
                        KostraValue {
                            indicator: r.get(0)?,
                            region: r.get(1)?,
                            region_label: r.get(11)?,
                            year: r.get(2)?,
                            value: r.get(3)?,
                            status: r.get(4)?,
                            code_in_table: r.get(5)?,
                            break_note: r.get(6)?,
                        },
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                        r.get(10)?,
                    ))
                })?
                .collect()
            })
            .map_err(|e| self.sql(e))?;
        rows.into_iter()
            .map(|(value, table, source, at, actor)| {
                Ok(StoredKostra {
                    value,
                    table,
                    source,
                    at: stored_instant(&self.path, "kostra_values.at", &at)?,
                    actor,
                })
            })
            .collect()
    }
}
