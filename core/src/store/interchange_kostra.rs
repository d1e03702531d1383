//! KOSTRA figures in the store's JSON export: every published value as
//! stored (the ledger, not only the latest), checked on the way in.

use super::Checker;
use crate::asof::format_instant;
use crate::kostra::is_region_code;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

/// One stored KOSTRA figure in the export.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DocKostraValue {
    indicator: String,
    region: String,
    #[serde(default)]
    region_label: String,
    year: i32,
    value: Option<f64>,
    status: Option<String>,
    code_in_table: String,
    break_note: Option<String>,
    table: String,
    source: String,
    at: String,
    actor: String,
}

/// Checks each row: an indicator and region code, a year, a finite value,
/// a table, a source, a time and an actor.
pub(super) fn check(values: &[DocKostraValue], c: &mut Checker<'_>) {
    for (i, v) in values.iter().enumerate() {
        let path = format!("kostra_values[{i}]");
        c.text(
            format!("{path}.indicator"),
            &v.indicator,
            ("indikatoren", "the indicator"),
        );
        for (field, code) in [("region", &v.region), ("code_in_table", &v.code_in_table)] {
            if !is_region_code(code) {
                c.add(
                    format!("{path}.{field}"),
                    format!("«{code}» er ingen regionkode fra SSB"),
                    format!("\"{code}\" is no SSB region code"),
                );
            }
        }
        if !(1900..=2200).contains(&v.year) {
            c.add(
                format!("{path}.year"),
                format!("året {} er utenfor 1900–2200", v.year),
                format!("the year {} is outside 1900–2200", v.year),
            );
        }
        if v.value.is_some_and(|x| !x.is_finite()) {
            c.add(
                format!("{path}.value"),
                "verdien er ikke et tall".into(),
                "the value is not a number".into(),
            );
        }
        c.text(format!("{path}.table"), &v.table, ("tabellen", "the table"));
        c.text(
            format!("{path}.source"),
            &v.source,
            ("kilden", "the source"),
        );
        c.instant(format!("{path}.at"), &v.at);
        c.actor(format!("{path}.actor"), &v.actor);
    }
}

/// Every stored figure, in the order stored.
pub(super) fn export(store: &super::Store) -> Result<Vec<DocKostraValue>, crate::Error> {
    super::all(
        store,
        "SELECT k.indicator, k.region, k.year, k.value, k.status, k.code_in_table, k.break_note, i.tbl, i.source, i.at, i.actor, k.region_label
         FROM kostra_values k JOIN kostra_imports i ON i.id = k.import ORDER BY k.id",
        |r| {
            Ok(DocKostraValue {
                indicator: r.get(0)?,
                region: r.get(1)?,
                year: r.get(2)?,
                value: r.get(3)?,
                status: r.get(4)?,
                code_in_table: r.get(5)?,
                break_note: r.get(6)?,
                table: r.get(7)?,
                source: r.get(8)?,
                at: r.get(9)?,
                actor: r.get(10)?,
                region_label: r.get(11)?,
            })
        },
    )
}

/// Writes the checked rows (times in the canonical form).
pub(super) fn write(tx: &Connection, values: &[DocKostraValue]) -> rusqlite::Result<()> {
    // Consecutive figures of one import share its row, as when stored.
    let mut last: Option<(String, String, String, String, i64)> = None;
    for v in values {
        let at = crate::asof::parse_instant(&v.at)
            .map(format_instant)
            .unwrap_or_default();
        let import = match &last {
            Some((t, s, a, w, id))
                if *t == v.table && *s == v.source && *a == at && *w == v.actor =>
            {
                *id
            }
            _ => {
                tx.execute(
                    "INSERT INTO kostra_imports (tbl, source, at, actor) VALUES (?1, ?2, ?3, ?4)",
                    params![v.table, v.source, at, v.actor],
                )?;
                let id = tx.last_insert_rowid();
                last = Some((
                    v.table.clone(),
                    v.source.clone(),
                    at.clone(),
                    v.actor.clone(),
                    id,
                ));
                id
            }
        };
        tx.execute(
            "INSERT INTO kostra_values (import, indicator, region, year, value, status, code_in_table, break_note, region_label)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![import, v.indicator, v.region, v.year, v.value, v.status, v.code_in_table, v.break_note, v.region_label],
        )?;
    }
    Ok(())
}
