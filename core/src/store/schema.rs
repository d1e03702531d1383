//! The store's tables, its schema version and the migrations between
//! versions.

use super::Store;
use crate::error::Error;

/// The newest schema version this program writes and reads.
pub const SCHEMA_VERSION: i64 = 9;

/// Migration `i` takes a store from version `i` to `i + 1`.
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
    // 1 → 2: who did it, and an append-only events table for registers
    // and plan decisions.
    "ALTER TABLE batches ADD COLUMN actor TEXT;
    ALTER TABLE lock_events ADD COLUMN actor TEXT;
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        entity_kind TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        action TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        reason TEXT,
        details TEXT
    );
    CREATE INDEX events_by_entity ON events (entity_kind, entity_id, id);
    CREATE TRIGGER events_are_never_changed BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;",
    // 2 → 3: the economy. Plan versions are kept as entered, never changed;
    // accounts are revised batch by batch like observations; entered
    // forecasts are appended.
    "CREATE TABLE plan_versions (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        decision_ref TEXT,
        decided_on TEXT,
        based_on TEXT REFERENCES plan_versions (id),
        first_year INTEGER NOT NULL,
        years TEXT NOT NULL,
        entered_at TEXT NOT NULL,
        actor TEXT NOT NULL
    );
    CREATE TRIGGER plan_versions_are_never_changed BEFORE UPDATE ON plan_versions
        BEGIN SELECT RAISE(ABORT, 'plan versions are kept as entered'); END;
    CREATE TRIGGER plan_versions_are_never_deleted BEFORE DELETE ON plan_versions
        BEGIN SELECT RAISE(ABORT, 'plan versions are kept as entered'); END;
    -- month: YYYYMM; amount: net kroner, expenses positive
    CREATE TABLE account_lines (
        unit TEXT NOT NULL,
        month INTEGER NOT NULL,
        category TEXT NOT NULL,
        batch INTEGER NOT NULL REFERENCES batches (id),
        amount REAL NOT NULL,
        sheet TEXT,
        cell TEXT,
        PRIMARY KEY (unit, month, category, batch)
    ) WITHOUT ROWID;
    CREATE TABLE forecasts (
        id INTEGER PRIMARY KEY,
        unit TEXT NOT NULL,
        period INTEGER NOT NULL,
        amount REAL NOT NULL,
        comment TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL
    );
    CREATE TRIGGER forecasts_are_never_changed BEFORE UPDATE ON forecasts
        BEGIN SELECT RAISE(ABORT, 'forecasts are append-only'); END;
    CREATE TRIGGER forecasts_are_never_deleted BEFORE DELETE ON forecasts
        BEGIN SELECT RAISE(ABORT, 'forecasts are append-only'); END;",
    // 3 → 4: account lines name their unit, category and sheet by number
    // (a million lines are half the bytes to write and compare).
    "CREATE TABLE account_categories (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    CREATE TABLE sheet_names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    INSERT OR IGNORE INTO units (code) SELECT DISTINCT unit FROM account_lines;
    INSERT OR IGNORE INTO account_categories (name) SELECT DISTINCT category FROM account_lines;
    INSERT OR IGNORE INTO sheet_names (name) SELECT DISTINCT sheet FROM account_lines WHERE sheet IS NOT NULL;
    -- unit: units.id; category: account_categories.id; sheet: sheet_names.id
    CREATE TABLE account_lines_4 (
        unit INTEGER NOT NULL,
        month INTEGER NOT NULL,
        category INTEGER NOT NULL,
        batch INTEGER NOT NULL REFERENCES batches (id),
        amount REAL NOT NULL,
        sheet INTEGER,
        cell TEXT,
        PRIMARY KEY (unit, month, category, batch)
    ) WITHOUT ROWID;
    INSERT INTO account_lines_4
        SELECT u.id, a.month, c.id, a.batch, a.amount, s.id, a.cell FROM account_lines a
        JOIN units u ON u.code = a.unit
        JOIN account_categories c ON c.name = a.category
        LEFT JOIN sheet_names s ON s.name = a.sheet;
    DROP TABLE account_lines;
    ALTER TABLE account_lines_4 RENAME TO account_lines;",
    // 4 → 5: deviations and their measures; their steps are events
    // (entity_kind 'deviation', entity_id the deviation or `id#n` for its
    // measure n, action the state moved to).
    "CREATE TABLE deviations (
        id TEXT PRIMARY KEY,
        unit TEXT NOT NULL,
        category TEXT NOT NULL,
        description TEXT NOT NULL,
        happened TEXT NOT NULL,
        consequence INTEGER NOT NULL CHECK (consequence BETWEEN 1 AND 5),
        likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
        duty TEXT,
        deadline TEXT NOT NULL,
        deadline_by_hand INTEGER NOT NULL,
        notified TEXT
    ) WITHOUT ROWID;
    CREATE TRIGGER deviations_are_never_deleted BEFORE DELETE ON deviations
        BEGIN SELECT RAISE(ABORT, 'deviations are kept'); END;
    CREATE TABLE deviation_measures (
        deviation TEXT NOT NULL REFERENCES deviations (id),
        n INTEGER NOT NULL,
        text TEXT NOT NULL,
        owner TEXT NOT NULL,
        PRIMARY KEY (deviation, n)
    ) WITHOUT ROWID;
    CREATE TRIGGER deviation_measures_are_never_deleted BEFORE DELETE ON deviation_measures
        BEGIN SELECT RAISE(ABORT, 'measures are kept'); END;",
    // 5 → 6: whistleblowing cases; the reporter's identity only as the
    // ciphertext for the receiver's key; steps and unsealings are events
    // (entity_kind 'whistleblowing').
    "CREATE TABLE whistleblowing_cases (
        id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        subject TEXT NOT NULL,
        description TEXT NOT NULL,
        unit TEXT,
        handler TEXT,
        sealed BLOB
    ) WITHOUT ROWID;
    CREATE TRIGGER whistleblowing_cases_are_never_deleted BEFORE DELETE ON whistleblowing_cases
        BEGIN SELECT RAISE(ABORT, 'whistleblowing cases are kept'); END;",
    // 6 → 7: benefit plans, every imported version kept (the plan as JSON),
    // and the realised values recorded directly; both append-only.
    "CREATE TABLE benefit_plans (
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        plan TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        PRIMARY KEY (id, version)
    ) WITHOUT ROWID;
    CREATE TRIGGER benefit_plans_are_never_changed BEFORE UPDATE ON benefit_plans
        BEGIN SELECT RAISE(ABORT, 'benefit plan versions are kept'); END;
    CREATE TRIGGER benefit_plans_are_never_deleted BEFORE DELETE ON benefit_plans
        BEGIN SELECT RAISE(ABORT, 'benefit plan versions are kept'); END;
    CREATE TABLE benefit_values (
        id INTEGER PRIMARY KEY,
        plan TEXT NOT NULL,
        benefit TEXT NOT NULL,
        period TEXT NOT NULL,
        value REAL NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL
    );
    CREATE TRIGGER benefit_values_are_never_changed BEFORE UPDATE ON benefit_values
        BEGIN SELECT RAISE(ABORT, 'benefit values are kept'); END;
    CREATE TRIGGER benefit_values_are_never_deleted BEFORE DELETE ON benefit_values
        BEGIN SELECT RAISE(ABORT, 'benefit values are kept'); END;",
    // 7 → 8: KOSTRA figures as SSB published them, each import appending
    // what is new or changed (the latest per indicator, region and year
    // counts), with the table, the file or URL it came from, and who.
    "CREATE TABLE kostra_values (
        id INTEGER PRIMARY KEY,
        indicator TEXT NOT NULL,
        region TEXT NOT NULL,
        year INTEGER NOT NULL,
        value REAL,
        status TEXT,
        code_in_table TEXT NOT NULL,
        break_note TEXT,
        tbl TEXT NOT NULL,
        source TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        region_label TEXT NOT NULL
    );
    CREATE INDEX kostra_values_by_key ON kostra_values (indicator, region, year, id);
    CREATE TRIGGER kostra_values_are_never_changed BEFORE UPDATE ON kostra_values
        BEGIN SELECT RAISE(ABORT, 'KOSTRA values are kept'); END;
    CREATE TRIGGER kostra_values_are_never_deleted BEFORE DELETE ON kostra_values
        BEGIN SELECT RAISE(ABORT, 'KOSTRA values are kept'); END;",
    // 8 → 9: each KOSTRA import's table, source, time and actor kept once,
    // in a row the figures refer to (a million figures no longer repeat
    // them); the figures keep their ids, so the latest stays the latest.
    "CREATE TABLE kostra_imports (
        id INTEGER PRIMARY KEY,
        tbl TEXT NOT NULL,
        source TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL
    );
    INSERT INTO kostra_imports (tbl, source, at, actor)
        SELECT tbl, source, at, actor FROM kostra_values
        GROUP BY tbl, source, at, actor ORDER BY min(id);
    CREATE TABLE kostra_figures (
        id INTEGER PRIMARY KEY,
        import INTEGER NOT NULL REFERENCES kostra_imports (id),
        indicator TEXT NOT NULL,
        region TEXT NOT NULL,
        year INTEGER NOT NULL,
        value REAL,
        status TEXT,
        code_in_table TEXT NOT NULL,
        break_note TEXT,
        region_label TEXT NOT NULL
    );
    INSERT INTO kostra_figures (id, import, indicator, region, year, value, status, code_in_table, break_note, region_label)
        SELECT k.id, i.id, k.indicator, k.region, k.year, k.value, k.status, k.code_in_table, k.break_note, k.region_label
        FROM kostra_values k JOIN kostra_imports i
            ON i.tbl = k.tbl AND i.source = k.source AND i.at = k.at AND i.actor = k.actor;
    DROP TRIGGER kostra_values_are_never_changed;
    DROP TRIGGER kostra_values_are_never_deleted;
    DROP TABLE kostra_values;
    ALTER TABLE kostra_figures RENAME TO kostra_values;
    CREATE INDEX kostra_values_by_key ON kostra_values (indicator, region, year, id);
    CREATE TRIGGER kostra_values_are_never_changed BEFORE UPDATE ON kostra_values
        BEGIN SELECT RAISE(ABORT, 'KOSTRA values are kept'); END;
    CREATE TRIGGER kostra_values_are_never_deleted BEFORE DELETE ON kostra_values
        BEGIN SELECT RAISE(ABORT, 'KOSTRA values are kept'); END;
    CREATE TRIGGER kostra_imports_are_never_changed BEFORE UPDATE ON kostra_imports
        BEGIN SELECT RAISE(ABORT, 'KOSTRA imports are kept'); END;
    CREATE TRIGGER kostra_imports_are_never_deleted BEFORE DELETE ON kostra_imports
        BEGIN SELECT RAISE(ABORT, 'KOSTRA imports are kept'); END;",
];

/// Checks the file's version, sets the connection up and migrates an
/// older schema (in one writing transaction).
pub(super) fn prepare(s: &mut Store) -> Result<(), Error> {
    let version: i64 = s
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| {
            if e.to_string().contains("not a database") {
                Error::store_file(
                    &s.path,
                    "er ikke et SQLite-lager (filen er skadet eller av en annen type)",
                    "not an SQLite store (the file is damaged or of another kind)",
                )
            } else {
                s.sql(e)
            }
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
            .map_err(|e| s.sql(e))?;
    }
    for (pragma, value) in [("synchronous", "NORMAL"), ("foreign_keys", "ON")] {
        s.conn
            .pragma_update(None, pragma, value)
            .map_err(|e| s.sql(e))?;
    }
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    let path = s.path.clone();
    let tx = s.begin_write()?;
    // Another program may have migrated while this one waited.
    let now: i64 = tx
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| store_err(&path, e))?;
    if now == 0 {
        let tables: i64 = tx
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| store_err(&path, e))?;
        if tables > 0 {
            return Err(Error::store_file(
                &path,
                "databasen har tabeller, men ingen skjemaversjon fra styring; den er ikke et styring-lager",
                "the database has tables but no styring schema version; it is not a styring store",
            ));
        }
    }
    let from = usize::try_from(now).unwrap_or(0);
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from) {
        tx.execute_batch(sql).map_err(|e| Error::Store {
            path: path.clone(),
            message: format!("migration to version {}: {e}", i + 1),
        })?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)
        .and_then(|_| tx.commit())
        .map_err(|e| store_err(&path, e))
}

fn store_err(path: &str, e: rusqlite::Error) -> Error {
    Error::Store {
        path: path.to_string(),
        message: e.to_string(),
    }
}

/// The first schema, for tests of the migration from it.
#[cfg(test)]
pub(super) const MIGRATION_1_FOR_TESTS: &str = MIGRATIONS[0];

/// The migrations up to schema 8, for tests of the migration from it.
#[cfg(test)]
pub(super) const MIGRATIONS_TO_8_FOR_TESTS: &[&str] = &[
    MIGRATIONS[0],
    MIGRATIONS[1],
    MIGRATIONS[2],
    MIGRATIONS[3],
    MIGRATIONS[4],
    MIGRATIONS[5],
    MIGRATIONS[6],
    MIGRATIONS[7],
];

/// The migrations up to schema 3, for tests of the migration from it.
#[cfg(test)]
pub(super) const MIGRATIONS_TO_3_FOR_TESTS: &[&str] =
    &[MIGRATIONS[0], MIGRATIONS[1], MIGRATIONS[2]];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_is_one_migration_per_version() {
        assert_eq!(MIGRATIONS.len() as i64, SCHEMA_VERSION);
    }

    #[test]
    fn an_import_remakes_the_kostra_index_as_the_schema_made_it() {
        assert!(MIGRATIONS[8].contains(&format!("{};", super::super::kostra::KEY_INDEX)));
    }
}
