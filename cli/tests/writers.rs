//! Two programs at one store: writers wait for each other instead of
//! failing, and a writer that waits too long says why and changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)] // a test: a panic is a failure

use std::path::Path;
use std::process::{Command, Stdio};
use styring_tests::{long_table, run, text, Cell};

const BIN: &str = env!("CARGO_BIN_EXE_styring");

fn revisions(dir: &Path, unit: &str, period: &str) -> Vec<String> {
    let o = run(
        BIN,
        &[
            "store",
            "history",
            "--indicator",
            "M.1.5",
            "--unit",
            unit,
            "--period",
            period,
        ],
        dir,
    );
    assert!(o.status.success(), "{:?}", text(&o));
    text(&o).0.lines().map(str::to_string).collect()
}

#[test]
fn two_imports_at_the_same_moment_both_land() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(run(BIN, &["demo", "--out", "."], d).status.success());
    // Two unit leaders' tables, imported by two programs started at once.
    let months: Vec<String> = (0..12).map(|m| format!("2026-{:02}", m + 1)).collect();
    let table = |unit: &'static str, name: &str, v: f64| {
        let rows: Vec<Vec<Cell<'_>>> = months
            .iter()
            .map(|p| vec![Cell::S(unit), Cell::S("M.1.5"), Cell::S(p), Cell::N(v)])
            .collect();
        long_table(d, name, &rows)
    };
    let a = table("aurvoll", "a.xlsx", 0.041);
    let b = table("solvang", "b.xlsx", 0.052);
    let start = |p: &Path, who: &str| {
        Command::new(BIN)
            .args(["--actor", who, "import"])
            .arg(p)
            .current_dir(d)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (ca, cb) = (start(&a, "kari"), start(&b, "per"));
    let (oa, ob) = (
        ca.wait_with_output().unwrap(),
        cb.wait_with_output().unwrap(),
    );
    assert!(oa.status.success(), "{:?}", text(&oa));
    assert!(ob.status.success(), "{:?}", text(&ob));
    assert!(
        text(&oa).0.contains("12 verdier: 12 nye"),
        "{:?}",
        text(&oa)
    );
    assert!(
        text(&ob).0.contains("12 verdier: 12 nye"),
        "{:?}",
        text(&ob)
    );
    // Each value is there once, with who imported it.
    let h = revisions(d, "aurvoll", "2026-06");
    assert_eq!(h.len(), 1, "{h:?}");
    assert!(h[0].contains("4,1 %") && h[0].contains("kari"), "{h:?}");
    let h = revisions(d, "Solvang skole", "2026-12");
    assert!(h[0].contains("5,2 %") && h[0].contains("per"), "{h:?}");
}

#[test]
fn a_writer_that_waits_too_long_says_another_program_is_writing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(run(BIN, &["demo", "--out", "."], d).status.success());
    long_table(
        d,
        "a.xlsx",
        &[vec![
            Cell::S("aurvoll"),
            Cell::S("M.1.5"),
            Cell::S("2026-01"),
            Cell::N(0.04),
        ]],
    );
    // Another program holds the write lock.
    let other = rusqlite::Connection::open(d.join("store.sqlite")).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let before = run(BIN, &["store", "export"], d).stdout;
    let o = run(BIN, &["--wait", "1", "import", "a.xlsx"], d);
    assert_eq!(o.status.code(), Some(1), "{:?}", text(&o));
    assert_eq!(
        text(&o).1,
        format!(
            "feil: et annet program skriver til lageret {}; ventet 1,0 s — prøv igjen når det er ferdig, eller vent lenger (--wait SEKUNDER)\n",
            Path::new("store.sqlite").display()
        )
    );
    let o = run(
        BIN,
        &[
            "--lang", "en", "--wait", "1", "store", "lock", "--period", "2025-T3",
        ],
        d,
    );
    assert_eq!(
        text(&o).1,
        "error: another program is writing to the store store.sqlite; waited 1.0 s — try again when it is done, or wait longer (--wait SECONDS)\n"
    );
    other.execute_batch("ROLLBACK").unwrap();
    drop(other);
    assert_eq!(
        run(BIN, &["store", "export"], d).stdout,
        before,
        "nothing changed"
    );
    // Once the other program is done, the same import goes through.
    assert!(run(BIN, &["import", "a.xlsx"], d).status.success());
}
