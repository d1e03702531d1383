//! The `styring` command as a user runs it: demo, scorecards, checks, store.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)] // a test: a panic is a failure

use std::path::Path;
use std::process::{Command, Output};

fn styring(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_styring"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("styring runs")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn demo_then_scorecard_shows_a_believable_aurvoll() {
    let dir = tempfile::tempdir().unwrap();
    let o = styring(&["demo", "--out", "d"], dir.path());
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    assert!(
        out.contains("Øyer kommune — status for 2. tertial 2025:"),
        "{out}"
    );
    assert!(dir.path().join("d/model.toml").exists() && dir.path().join("d/store.sqlite").exists());
    let d = dir.path().join("d");
    let o = styring(
        &["scorecard", "--unit", "aurvoll", "--period", "2025-T2"],
        &d,
    );
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        out.starts_with("Styringskort — Aurvoll skole — 2. tertial 2025\n"),
        "{out}"
    );
    for needle in [
        "ØKONOMI",
        "TJENESTEKVALITET",
        "MEDARBEIDERE",
        "M.1.5",
        "Sykefravær korttid",
        "● grønn",
    ] {
        assert!(out.contains(needle), "missing {needle} in\n{out}");
    }
    // JSON rows carry the contract's keys and statuses.
    let o = styring(
        &[
            "scorecard",
            "--unit",
            "aurvoll",
            "--period",
            "2025-T2",
            "--format",
            "json",
        ],
        &d,
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert!(rows.len() >= 15);
    let statuses: std::collections::HashSet<&str> =
        rows.iter().filter_map(|r| r["status"].as_str()).collect();
    assert!(
        statuses
            .iter()
            .all(|s| ["green", "yellow", "red", "no_data"].contains(s)),
        "{statuses:?}"
    );
    // The ledger's amounts and the parts of the sick-leave rate (days lost
    // and possible) have no target: a value and no light.
    let unlit: Vec<&str> = rows
        .iter()
        .filter(|r| r["status"].is_null())
        .map(|r| r["indicator"].as_str().unwrap())
        .collect();
    assert_eq!(
        unlit,
        ["O.1.3", "O.1.4", "O.1.5", "O.1.6", "O.1.7", "M.1.9", "M.1.10"]
    );
    assert!(rows
        .iter()
        .filter(|r| r["status"].is_null())
        .all(|r| r["value"].is_number() && r["trend"] == "unknown"));
    for key in ["indicator", "value", "target", "status", "reason", "trend"] {
        assert!(rows[0].get(key).is_some(), "{key}");
    }
    // The municipality roll-up and English.
    let o = styring(
        &[
            "--lang",
            "en",
            "scorecard",
            "--unit",
            "all",
            "--period",
            "2025-T2",
            "--format",
            "csv",
        ],
        &d,
    );
    let (out, _) = text(&o);
    assert!(o.status.success());
    assert!(
        out.starts_with(
            "indicator,name,perspective,value,period,target,status,reason,trend,comment\n"
        ),
        "{out}"
    );
}

#[test]
fn usage_and_input_errors_have_their_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    assert!(styring(&["demo", "--out", "."], dir.path())
        .status
        .success());
    let o = styring(
        &["scorecard", "--unit", "aurvol", "--period", "2025-T2"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        text(&o).1,
        "feil: ukjent enhet «aurvol» — mente du «aurvoll»?\n"
    );
    let o = styring(
        &["scorecard", "--unit", "aurvoll", "--period", "2025-T4"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(text(&o).1, "feil: tertial T4 finnes ikke (T1–T3)\n");
    let o = styring(&["scorecard", "--period", "2025-T2"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    // A broken model: exit 1 with every problem.
    std::fs::write(
        dir.path().join("bad.toml"),
        "[municipality]\nname = \"X\"\n[[perspectives]]\nid = \"p\"\nname = \"P\"\n[[focus_areas]]\nid = \"F\"\nperspective = \"q\"\nname = \"F\"\n",
    )
    .unwrap();
    let o = styring(&["check", "--model", "bad.toml"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(text(&o).1, "feil: modellen har 1 feil:\nbad.toml: focus_areas[0] (F): ukjent perspektiv «q» — mente du «p»?\n");
    let o = styring(&["check"], dir.path());
    assert!(o.status.success());
    assert!(
        text(&o)
            .0
            .starts_with("model.toml: gyldig modell — 3 perspektiver"),
        "{}",
        text(&o).0
    );
    let o = styring(
        &[
            "scorecard",
            "--unit",
            "aurvoll",
            "--period",
            "2025-T2",
            "--store",
            "nope.sqlite",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn store_export_import_round_trip_and_locks() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(styring(&["demo", "--out", "."], d).status.success());
    let o = styring(
        &["store", "export", "--format", "json", "--out", "s.json"],
        d,
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let o = styring(&["store", "import", "--store", "copy.sqlite", "s.json"], d);
    assert!(o.status.success(), "{:?}", text(&o));
    let a = styring(
        &[
            "scorecard",
            "--unit",
            "all",
            "--period",
            "2025-T2",
            "--format",
            "json",
        ],
        d,
    );
    let b = styring(
        &[
            "scorecard",
            "--unit",
            "all",
            "--period",
            "2025-T2",
            "--format",
            "json",
            "--store",
            "copy.sqlite",
        ],
        d,
    );
    assert_eq!(a.stdout, b.stdout);
    // Importing into a store that has data is refused.
    let o = styring(&["store", "import", "--store", "copy.sqlite", "s.json"], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o)
            .1
            .ends_with("lageret er ikke tomt; les en JSON-eksport inn i en ny lagerfil\n"),
        "{:?}",
        text(&o)
    );
    let o = styring(&["store", "locks"], d);
    assert!(
        text(&o)
            .0
            .starts_with("2023-T1\t2023-05-20\trapportert til kommunestyret"),
        "{:?}",
        text(&o)
    );
    let o = styring(&["store", "reopen", "2025-T2", "--reason", ""], d);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o).1,
        "feil: oppgi en begrunnelse for å gjenåpne 2025-T2\n"
    );
    let o = styring(
        &[
            "store",
            "reopen",
            "2025-T2",
            "--reason",
            "retting av sykefravær",
        ],
        d,
    );
    assert!(o.status.success());
}

#[test]
fn the_excel_loop_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = styring(&["demo", "--out", "."], d);
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(d.join("styringskort.xlsx").exists());
    assert_eq!(std::fs::read_dir(d.join("innsending")).unwrap().count(), 11);
    // A template for one unit, then its import: nothing changes.
    let o = styring(
        &[
            "template",
            "--unit",
            "aurvoll",
            "--year",
            "2025",
            "--out",
            "aurvoll.xlsx",
        ],
        d,
    );
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(
        text(&o).0.starts_with("Skrev aurvoll.xlsx ("),
        "{:?}",
        text(&o)
    );
    let o = styring(&["import", "aurvoll.xlsx"], d);
    assert!(o.status.success(), "{:?}", text(&o));
    let (out, _) = text(&o);
    assert!(
        out.starts_with("aurvoll.xlsx: mal for Aurvoll skole 2025 — "),
        "{out}"
    );
    assert!(out.contains(" 0 nye, 0 endret, "), "{out}");
    // Templates for every unit.
    let o = styring(
        &["template", "--all", "--year", "2026", "--out-dir", "maler"],
        d,
    );
    assert!(o.status.success(), "{:?}", text(&o));
    assert_eq!(std::fs::read_dir(d.join("maler")).unwrap().count(), 11);
    // A broken file: exit 1, every problem, the store untouched.
    std::fs::write(d.join("feil.xlsx"), "ikke et regneark").unwrap();
    let before = std::fs::read(d.join("store.sqlite")).unwrap();
    let o = styring(&["import", "feil.xlsx", "aurvoll.xlsx"], d);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o).1,
        "feil: 1 feil; ingenting ble importert:\nfeil.xlsx: filen er ikke et regneark som kan leses (den ser ut som tekst (CSV eller lignende)); lagre den som .xlsx og prøv igjen\n"
    );
    assert_eq!(std::fs::read(d.join("store.sqlite")).unwrap(), before);
    let o = styring(&["import", "--dry-run", "aurvoll.xlsx"], d);
    assert!(
        text(&o)
            .0
            .ends_with("Kontrollert uten feil; ingenting ble lagret (--dry-run).\n"),
        "{:?}",
        text(&o)
    );
    let o = styring(&["export", "--period", "2025-T2", "--out", "kort.xlsx"], d);
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(std::fs::read(d.join("kort.xlsx"))
        .unwrap()
        .starts_with(b"PK"));
}

/// The row for `code` in Aurvoll skole's 2025-T2 scorecard, as JSON.
fn aurvoll_row(d: &Path, code: &str) -> serde_json::Value {
    let o = styring(
        &[
            "scorecard",
            "--unit",
            "aurvoll",
            "--period",
            "2025-T2",
            "--format",
            "json",
        ],
        d,
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["indicator"] == code)
        .unwrap()
        .clone()
}

#[test]
fn a_script_rule_from_a_file_and_a_runaway_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(styring(&["demo", "--out", "."], d).status.success());
    std::fs::create_dir(d.join("rules")).unwrap();
    std::fs::write(
        d.join("rules/fravaer.rhai"),
        "print(\"vurderer \" + unit.name);\nif value <= target { green(\"på eller under målet\") } else if improving() { yellow(\"bedre enn sist\") } else { red() }\n",
    )
    .unwrap();
    std::fs::write(d.join("rules/evig.rhai"), "let n = 0;\nloop { n += 1; }\n").unwrap();
    let model = std::fs::read_to_string(d.join("model.toml")).unwrap();
    let at = model.find("code = \"M.1.5\"").unwrap();
    let rule = model[at..].find("[indicators.rule]").unwrap() + at;
    let end = model[rule..].find("\n\n").unwrap() + rule;
    let with = |script: &str| {
        format!(
            "{}[indicators.rule]\nscript = \"{script}\"{}",
            &model[..rule],
            &model[end..]
        )
    };
    std::fs::write(d.join("model.toml"), with("rules/fravaer.rhai")).unwrap();
    let o = styring(
        &[
            "rule",
            "test",
            "--indicator",
            "M.1.5",
            "--unit",
            "aurvoll",
            "--value",
            "5,6 %",
            "--previous",
            "6 %",
        ],
        d,
    );
    assert_eq!(
        text(&o).0,
        "▲ gul: bedre enn sist\n  log: vurderer Aurvoll skole\n",
        "{:?}",
        text(&o)
    );
    let row = aurvoll_row(d, "M.1.5");
    assert!(
        ["green", "yellow", "red"].contains(&row["status"].as_str().unwrap()),
        "{row}"
    );
    // A script that never ends is stopped, and the cell says so: never a colour.
    std::fs::write(d.join("model.toml"), with("rules/evig.rhai")).unwrap();
    let row = aurvoll_row(d, "M.1.5");
    assert_eq!(row["status"], "error");
    assert_eq!(row["reason"], "regelfeil: rules/evig.rhai linje 2: skriptet brukte for mange operasjoner (evig løkke?) (M.1.5, aurvoll, 2025-T2)");
    let o = styring(
        &["rule", "test", "--indicator", "M.1.5", "--value", "0,05"],
        d,
    );
    assert_eq!(o.status.code(), Some(1));
    let o = styring(
        &["rule", "test", "--indicator", "M.1.5", "--value", "fem"],
        d,
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(text(&o).1, "feil: «fem» er ikke et tall\n");
    // A syntax error makes the model unusable, with file, line and column.
    std::fs::write(d.join("rules/evig.rhai"), "if value < { green() }\n").unwrap();
    let o = styring(&["check"], d);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o).1,
        "feil: rules/evig.rhai:2:1: syntaksfeil: Expecting '{' to start a statement block\n"
    );
}

#[test]
fn computed_indicators_show_in_scorecards_and_a_cycle_stops_check() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(styring(&["demo", "--out", "."], d).status.success());
    let row = |code: &str| aurvoll_row(d, code);
    assert_eq!(row("M.1.8")["computed_by"], "<inline computed M.1.8>");
    assert!(row("M.1.8")["value"].as_f64().is_some());
    // O.1.1 comes from the ledger, not from a script.
    assert!(row("O.1.1")["value"].as_f64().is_some());
    assert_eq!(row("O.1.1")["computed_by"], serde_json::Value::Null);
    assert_eq!(row("M.1.5")["computed_by"], serde_json::Value::Null);
    // The demo's workbooks have no rows for computed indicators.
    let o = styring(&["check"], d);
    assert!(o.status.success(), "{:?}", text(&o));
    // M.1.9 made to read M.1.8, which reads M.1.9: a cycle.
    let model = std::fs::read_to_string(d.join("model.toml")).unwrap();
    let at = model.find("code = \"M.1.9\"").unwrap();
    let cut = model[at..].find("\n[").unwrap() + at;
    let cyclic = format!(
        "{}computed_inline = 'v(\"M.1.8\")'\n{}",
        &model[..cut],
        &model[cut..]
    );
    std::fs::write(d.join("model.toml"), cyclic).unwrap();
    let o = styring(&["check"], d);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o).1,
        "feil: beregnede indikatorer leser hverandre i ring: M.1.8 → M.1.9 → M.1.8\n"
    );
    let o = styring(&["--lang", "en", "check"], d);
    assert_eq!(
        text(&o).1,
        "error: computed indicators read each other in a cycle: M.1.8 → M.1.9 → M.1.8\n"
    );
}

#[test]
fn reports_as_pages_and_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(styring(&["demo", "--out", "."], d).status.success());
    let o = styring(
        &[
            "scorecard",
            "--unit",
            "Aurvoll skole",
            "--period",
            "2025-T2",
            "--format",
            "xlsx",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(text(&o).1, "feil: --format xlsx trenger --out FIL.xlsx\n");
    let o = styring(
        &[
            "scorecard",
            "--unit",
            "aurvoll",
            "--period",
            "2025-T2",
            "--format",
            "xlsx",
            "--out",
            "kort.xlsx",
        ],
        d,
    );
    assert_eq!(text(&o).0, "Skrev kort.xlsx\n");
    assert!(std::fs::read(d.join("kort.xlsx"))
        .unwrap()
        .starts_with(b"PK"));
    let o = styring(&["overview", "--period", "2025-T2", "--format", "html"], d);
    let page = text(&o).0;
    assert!(
        page.starts_with("<!DOCTYPE html>\n<html lang=\"nb\">"),
        "{page}"
    );
    assert!(page.contains("<h1>Oversikt — Øyer kommune</h1>"), "{page}");
    let o = styring(&["overview", "--period", "2025-T2", "--format", "json"], d);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        text(&o).1,
        "feil: oversikten skrives som table, html eller xlsx\n"
    );
}
