use super::*;
use crate::deadline::late_values;
use crate::error::Error;
use crate::lang::Lang;
use crate::model::Model;
use crate::observation::ObservationInput;
use crate::problem::Location;
use crate::text::Localized;
use chrono::NaiveDate;
use chrono::TimeZone;

fn model() -> Model {
    Model::example()
}

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
}

fn input(code: &str, unit: &str, p: &str, v: f64) -> ObservationInput {
    ObservationInput::new(code, unit, p, Some(v))
}

#[test]
fn a_batch_with_one_bad_observation_changes_nothing_and_reports_every_problem() {
    let m = model();
    let mut s = Store::in_memory().unwrap();
    s.record(
        &m,
        &[input("M.1.5", "aurvoll", "2025-05", 0.04)],
        &BatchInfo::new("t"),
    )
    .unwrap();
    let batch = vec![
        input("M.1.5", "aurvoll", "2025-06", 0.041),
        input("M.15", "aurvoll", "2025-06", 0.04),
        input("M.1.5", "aurvol", "2025-06", 0.04),
        input("M.1.5", "aurvoll", "2025-T2", 0.04),
        input("M.1.5", "solvang", "2025-06", 2.5),
        input("M.1.5", "solvang", "2025-07", f64::NAN),
        input("M.1.5", "solvang", "2025-08", f64::INFINITY),
        input("M.1.1", "solvang", "2025-08", 4.0),
        input("T.2.1", "mosjordet", "2025", 50.0),
        input("M.1.5", "oppvekst", "2025-06", 0.04),
        input("M.1.5", "aurvoll", "2025-06", 0.05),
        input("M.1.5", "aurvoll", "2025-13", 0.05),
    ];
    let err = s.record(&m, &batch, &BatchInfo::new("t")).unwrap_err();
    let Error::Observations(p) = &err else {
        panic!("{err}")
    };
    let msgs: Vec<String> = p.iter().map(|p| p.render(Lang::Nb)).collect();
    assert_eq!(
        msgs,
        [
            "rad 2: ukjent indikator «M.15» — mente du «M.1.5»?",
            "rad 3: ukjent enhet «aurvol» — mente du «aurvoll»?",
            "rad 4: perioden 2025-T2 er per tertial, men «M.1.5» måles per måned",
            "rad 5: verdien 250,0 % er utenfor gyldig område 0,0 %–100,0 % for «M.1.5»",
            "rad 6: verdien er ikke et endelig tall (NaN) for «M.1.5»",
            "rad 7: verdien er ikke et endelig tall (inf) for «M.1.5»",
            "rad 8: perioden 2025-08 er per måned, men «M.1.1» måles per år",
            "rad 9: indikator «T.2.1» gjelder ikke for Mosjordet barnehage",
            "rad 10: «oppvekst» er en sektor; verdier registreres på tjenesteenhetene og summeres opp",
            "rad 11: M.1.5/aurvoll/2025-06 har allerede en annen verdi i samme innsending (rad 1)",
            "rad 12: måned 13 finnes ikke (1–12)",
        ]
    );
    assert_eq!(
        p.0[3].render(Lang::En),
        "rad 5: the value 250.0% is outside the valid range 0.0%–100.0% for \"M.1.5\""
    );
    assert_eq!(s.revision_count().unwrap(), 1);
    let d = s.dataset(&m).unwrap();
    assert_eq!(d.len(), 1);
}

#[test]
fn the_same_value_twice_in_a_batch_is_one_value() {
    let m = model();
    let mut s = Store::in_memory().unwrap();
    let b = [
        input("M.1.5", "aurvoll", "2025-05", 0.04),
        input("M.1.5", "aurvoll", "2025-05", 0.04),
    ];
    let sum = s.record(&m, &b, &BatchInfo::new("t")).unwrap();
    assert_eq!((sum.new, sum.changed, sum.unchanged), (1, 0, 0));
}

#[test]
fn revisions_are_kept_and_the_ledger_answers_as_of() {
    let m = model();
    let mut s = Store::in_memory().unwrap();
    let key = ("M.1.5", "aurvoll", "2025-05");
    let rec = |s: &mut Store, v: f64, when| {
        let mut i = input(key.0, key.1, key.2, v);
        i.location = Location {
            file: None,
            sheet: Some("Data".into()),
            cell: Some("C7".into()),
            entry: None,
        };
        s.record(
            &m,
            &[i],
            &BatchInfo::new("import").with_file("aurvoll.xlsx").at(when),
        )
        .unwrap()
    };
    assert_eq!(rec(&mut s, 0.040, at(2025, 6, 10)).new, 1);
    assert_eq!(rec(&mut s, 0.040, at(2025, 6, 11)).unchanged, 1);
    assert_eq!(rec(&mut s, 0.046, at(2025, 10, 1)).changed, 1);
    let revs = s.revisions(key.0, key.1, key.2.parse().unwrap()).unwrap();
    assert_eq!(
        revs.iter().map(|r| r.value).collect::<Vec<_>>(),
        [Some(0.040), Some(0.046)]
    );
    assert_eq!(revs[0].file.as_deref(), Some("aurvoll.xlsx"));
    assert_eq!(
        (revs[0].sheet.as_deref(), revs[0].cell.as_deref()),
        (Some("Data"), Some("C7"))
    );
    assert_eq!(
        crate::asof::format_instant(revs[1].recorded_at),
        "2025-10-01T12:00:00.000000Z"
    );
    let i = m.indicator_index("M.1.5").unwrap();
    let u = m.unit_index("aurvoll").unwrap();
    let p: Period = key.2.parse().unwrap();
    assert_eq!(s.dataset(&m).unwrap().get(i, u, p), Some(Some(0.046)));
    assert_eq!(
        s.dataset_as_of(&m, at(2025, 9, 1)).unwrap().get(i, u, p),
        Some(Some(0.040))
    );
    assert_eq!(
        s.dataset_as_of(&m, at(2025, 1, 1)).unwrap().get(i, u, p),
        None
    );
    let c = s.corrections_since(at(2025, 9, 1)).unwrap();
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].reported, c[0].current), (Some(0.040), Some(0.046)));
    // A value first reported after the date is new, not a correction.
    s.record(
        &m,
        &[input("M.1.5", "solvang", "2025-05", 0.03)],
        &BatchInfo::new("t").at(at(2025, 10, 2)),
    )
    .unwrap();
    assert_eq!(s.corrections_since(at(2025, 9, 1)).unwrap().len(), 1);
}

#[test]
fn locked_periods_need_a_reopen_with_a_reason() {
    let m = model();
    let mut s = Store::in_memory().unwrap();
    s.record(
        &m,
        &[input("M.1.5", "aurvoll", "2025-05", 0.04)],
        &BatchInfo::new("t"),
    )
    .unwrap();
    let t2: Period = "2025-T2".parse().unwrap();
    s.lock(t2, "tertialrapport 2").unwrap();
    assert_eq!(
        s.lock(t2, "igjen").unwrap_err().render(Lang::Nb),
        "perioden 2025-T2 er allerede låst"
    );
    // The same value again is fine; a change or a new value is not.
    s.record(
        &m,
        &[input("M.1.5", "aurvoll", "2025-05", 0.04)],
        &BatchInfo::new("t"),
    )
    .unwrap();
    let err = s
        .record(
            &m,
            &[
                input("M.1.5", "aurvoll", "2025-05", 0.05),
                input("M.1.5", "aurvoll", "2025-09", 0.05),
            ],
            &BatchInfo::new("t"),
        )
        .unwrap_err();
    let today = Utc::now().format("%Y-%m-%d").to_string();
    assert_eq!(
        err.render(Lang::Nb),
        format!("1 feil i observasjonene; ingenting ble lagret:\nrad 1: M.1.5/aurvoll/2025-05: perioden 2025-T2 er låst (rapportert {today}); gjenåpne den med en begrunnelse før verdier endres")
    );
    assert_eq!(s.revision_count().unwrap(), 1);
    assert_eq!(
        s.reopen(t2, " ").unwrap_err().render(Lang::En),
        "give a reason to reopen 2025-T2"
    );
    assert_eq!(
        s.reopen("2025-T1".parse().unwrap(), "x")
            .unwrap_err()
            .render(Lang::Nb),
        "perioden 2025-T1 er ikke låst"
    );
    s.reopen(t2, "feil i HR-uttrekket").unwrap();
    assert!(s.locks().unwrap().is_empty());
    s.record(
        &m,
        &[input("M.1.5", "aurvoll", "2025-05", 0.05)],
        &BatchInfo::new("t"),
    )
    .unwrap();
    assert_eq!(s.revision_count().unwrap(), 2);
    // As reported at the lock, the old value.
    let d = s.dataset_as_reported(&m, t2).unwrap();
    let (i, u) = (
        m.indicator_index("M.1.5").unwrap(),
        m.unit_index("aurvoll").unwrap(),
    );
    assert_eq!(d.get(i, u, "2025-05".parse().unwrap()), Some(Some(0.04)));
}

#[test]
fn schema_versions_and_foreign_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("store.sqlite");
    {
        let s = Store::open(&p).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        let mode: String = s
            .connection()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
    // Opening again keeps the data and the version.
    assert_eq!(
        Store::open(&p).unwrap().schema_version().unwrap(),
        SCHEMA_VERSION
    );
    // A store from a newer styring is refused.
    {
        let c = rusqlite::Connection::open(&p).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    let e = Store::open(&p).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("store {} has schema version 99, newer than the 9 this program knows; upgrade styring to open it", p.display())
    );
    // Not a database at all.
    let junk = dir.path().join("junk.sqlite");
    std::fs::write(&junk, b"this is a spreadsheet, honestly".repeat(100)).unwrap();
    let e = Store::open(&junk).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "store {}: not an SQLite store (the file is damaged or of another kind)",
            junk.display()
        )
    );
    // Some other program's database.
    let other = dir.path().join("other.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t(x)")
        .unwrap();
    let e = Store::open(&other).unwrap_err();
    assert!(
        e.to_string().ends_with(
            "the database has tables but no styring schema version; it is not a styring store"
        ),
        "{e}"
    );
    assert_eq!(
        e.render(Lang::Nb),
        format!(
            "lageret {}: databasen har tabeller, men ingen skjemaversjon fra styring; den er ikke et styring-lager",
            other.display()
        )
    );
    // A folder that does not exist.
    let e = Store::open(&dir.path().join("nope").join("s.sqlite")).unwrap_err();
    assert!(
        e.render(Lang::Nb)
            .ends_with(": filen kan ikke åpnes (finnes mappen, og har du tilgang til den?)"),
        "{}",
        e.render(Lang::Nb)
    );
}

#[test]
fn a_failing_write_in_the_middle_of_a_batch_leaves_the_old_state() {
    let m = model();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("store.sqlite");
    let mut s = Store::open(&p).unwrap();
    s.record(
        &m,
        &[input("M.1.5", "aurvoll", "2025-01", 0.04)],
        &BatchInfo::new("t"),
    )
    .unwrap();
    // Inject a failure on the 3rd row of the next batch.
    s.connection()
        .execute_batch(
            "CREATE TEMP TRIGGER fail BEFORE INSERT ON observations WHEN NEW.period = 202504
             BEGIN SELECT RAISE(ABORT, 'injected disk failure'); END;",
        )
        .unwrap();
    let batch: Vec<_> = ["2025-02", "2025-03", "2025-04", "2025-05"]
        .iter()
        .map(|p| input("M.1.5", "aurvoll", p, 0.05))
        .collect();
    let e = s.record(&m, &batch, &BatchInfo::new("t")).unwrap_err();
    assert!(e.to_string().contains("injected disk failure"), "{e}");
    drop(s);
    let s = Store::open(&p).unwrap();
    assert_eq!(s.revision_count().unwrap(), 1);
    let batches: i64 = s
        .connection()
        .query_row("SELECT count(*) FROM batches", [], |r| r.get(0))
        .unwrap();
    assert_eq!(batches, 1);
}

#[test]
fn json_export_import_round_trip() {
    let m = model();
    let mut a = Store::in_memory().unwrap();
    crate::example::populate_store(&mut a, &m).unwrap();
    a.record(
        &m,
        &[input("M.1.5", "aurvoll", "2025-09", 0.07).clone()],
        &BatchInfo::new("manual"),
    )
    .unwrap();
    let json = a.export_json().unwrap();
    let mut b = Store::in_memory().unwrap();
    let n = b.import_json(&m, &json, "s.json").unwrap();
    assert_eq!(n, a.revision_count().unwrap());
    let again = b.export_json().unwrap();
    if again != json {
        let (x, y): (Vec<&str>, Vec<&str>) = (json.lines().collect(), again.lines().collect());
        let first = x.iter().zip(&y).position(|(a, b)| a != b);
        panic!(
            "exports differ at line {first:?}: {:?} vs {:?}",
            first.map(|i| x[i]),
            first.map(|i| y[i])
        );
    }
    assert_eq!(b.locks().unwrap(), a.locks().unwrap());
    // Into a store with data: refused.
    let e = b.import_json(&m, &json, "s.json").unwrap_err();
    assert_eq!(
        e.to_string(),
        "store :memory:: the store is not empty; import a JSON export into a new store file"
    );
}

#[test]
fn bad_json_imports_nothing() {
    let m = model();
    let mut s = Store::in_memory().unwrap();
    let e = s.import_json(&m, "{", "s.json").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("s.json: not a valid store export: EOF while parsing"),
        "{e}"
    );
    let doc = r#"{"format":"styring-store","schema_version":1,
        "batches":[{"id":1,"recorded_at":"2025-01-01T00:00:00.000000Z","source":"x","file":null,"note":null}],
        "observations":[
          {"indicator":"M.1.5","unit":"aurvoll","period":"2025-01","batch":1,"value":0.04,"comment":null,"sheet":null,"cell":null},
          {"indicator":"M.1.5","unit":"aurvoll","period":"2025-02","batch":2,"value":4.0,"comment":null,"sheet":null,"cell":null}],
        "lock_events":[]}"#;
    let e = s.import_json(&m, doc, "s.json").unwrap_err();
    assert_eq!(
        e.render(Lang::Nb),
        "2 feil i lagereksporten; ingenting ble lagret:\ns.json: observations[1].batch: ukjent batch 2\ns.json: observations[1]: verdien 400,0 % er utenfor gyldig område 0,0 %–100,0 % for «M.1.5»"
    );
    assert_eq!(s.revision_count().unwrap(), 0);
    let e = s
        .import_json(
            &m,
            &doc.replace("\"schema_version\":1", "\"schema_version\":10"),
            "s.json",
        )
        .unwrap_err();
    assert!(matches!(e, Error::NewerSchema { found: 10, .. }));
}

#[test]
fn late_values_are_flagged_by_frequency() {
    let m = model();
    let mut s = Store::in_memory().unwrap();
    s.record(
        &m,
        &[input("M.1.5", "aurvoll", "2025-10", 0.04)],
        &BatchInfo::new("t"),
    )
    .unwrap();
    let d = s.dataset(&m).unwrap();
    let late = late_values(&m, &d, NaiveDate::from_ymd_opt(2025, 12, 5).unwrap(), 30);
    // October is due (ended 31 Oct + 30 days < 5 Dec) and reported for Aurvoll.
    assert!(!late
        .iter()
        .any(|l| l.indicator == "M.1.5" && l.unit == "aurvoll"));
    let solvang = late
        .iter()
        .find(|l| l.indicator == "M.1.5" && l.unit == "solvang")
        .unwrap();
    assert_eq!(solvang.period.to_string(), "2025-10");
    assert_eq!(
        solvang.render(&m, Lang::Nb),
        "Solvang skole: M.1.5 for 2025-10 mangler (frist 2025-11-30)"
    );
    // Yearly indicators: 2024 is the latest due year on 5 Dec 2025.
    let y = late
        .iter()
        .find(|l| l.indicator == "M.1.1" && l.unit == "aurvoll")
        .unwrap();
    assert_eq!(y.period.to_string(), "2024");
}

#[test]
fn save_copy_is_a_whole_store() {
    let m = model();
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::in_memory().unwrap();
    s.record(
        &m,
        &[input("M.1.5", "aurvoll", "2025-05", 0.04)],
        &BatchInfo::new("t"),
    )
    .unwrap();
    let p = dir.path().join("copy.sqlite");
    s.save_copy(&p).unwrap();
    assert_eq!(Store::open(&p).unwrap().revision_count().unwrap(), 1);
}

#[test]
fn analysts_see_current_values_as_text_in_the_view() {
    let m = model();
    let mut s = Store::in_memory().unwrap();
    s.record(
        &m,
        &[
            input("M.1.5", "aurvoll", "2025-05", 0.04),
            input("T.5.2", "tekniske", "2025-T2", 0.01),
        ],
        &BatchInfo::new("a"),
    )
    .unwrap();
    s.record(
        &m,
        &[
            input("M.1.5", "aurvoll", "2025-05", 0.05),
            input("M.1.1", "aurvoll", "2025", 4.1),
        ],
        &BatchInfo::new("b"),
    )
    .unwrap();
    let mut q = s
        .connection()
        .prepare("SELECT indicator, unit, period, value, source FROM current_observations ORDER BY indicator")
        .unwrap();
    let rows: Vec<(String, String, String, f64, String)> = q
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            (
                "M.1.1".into(),
                "aurvoll".into(),
                "2025".into(),
                4.1,
                "b".into()
            ),
            (
                "M.1.5".into(),
                "aurvoll".into(),
                "2025-05".into(),
                0.05,
                "b".into()
            ),
            (
                "T.5.2".into(),
                "tekniske".into(),
                "2025-T2".into(),
                0.01,
                "a".into()
            ),
        ]
    );
}

#[test]
fn bytes_round_trip_from_memory_and_from_a_wal_file() {
    let m = model();
    let mut s = Store::in_memory().unwrap();
    s.record(
        &m,
        &[input("M.1.5", "aurvoll", "2025-03", 0.04)],
        &BatchInfo::new("test"),
    )
    .unwrap();
    s.lock("2025-T1".parse().unwrap(), "rapportert").unwrap();
    let copy = Store::from_bytes(&s.to_bytes().unwrap()).unwrap();
    assert_eq!(copy.export_json().unwrap(), s.export_json().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut f = Store::open(&dir.path().join("s.sqlite")).unwrap();
    f.import_json(&m, &s.export_json().unwrap(), "x").unwrap();
    let copy = Store::from_bytes(&f.to_bytes().unwrap()).unwrap();
    assert_eq!(copy.dataset(&m).unwrap().len(), 1);
    // A closed store file (its log written back) reads as bytes too.
    drop(f);
    let raw = std::fs::read(dir.path().join("s.sqlite")).unwrap();
    assert_eq!(
        Store::from_bytes(&raw).unwrap().dataset(&m).unwrap().len(),
        1
    );
    let e = Store::from_bytes(b"not a database at all, just some text").unwrap_err();
    assert_eq!(
        e.to_string(),
        "store <bytes>: not an SQLite store (the data is damaged or of another kind)"
    );
}

#[test]
fn current_columns_hold_the_latest_version_with_its_provenance() {
    let m = model();
    let mut s = Store::in_memory().unwrap();
    s.record(
        &m,
        &[
            input("M.1.5", "aurvoll", "2025-03", 0.04).with_comment("første"),
            input("M.1.5", "aurvoll", "2025-01", 0.05),
            input("M.1.6", "solvang", "2025-02", 0.06),
        ],
        &BatchInfo::new("test").with_file("a.xlsx"),
    )
    .unwrap();
    s.record(
        &m,
        &[input("M.1.5", "aurvoll", "2025-03", 0.045)],
        &BatchInfo::new("retting"),
    )
    .unwrap();
    let c = s.current_columns().unwrap();
    assert_eq!((c.len(), s.current_len().unwrap()), (3, 3));
    // (value, comment, source, file) of one key.
    let row = |ind: &str, unit: &str, p: &str| {
        let i = (0..c.len())
            .find(|&i| {
                c.indicators[c.indicator[i] as usize] == ind
                    && c.units[c.unit[i] as usize] == unit
                    && c.periods[c.period[i] as usize].to_string() == p
            })
            .unwrap();
        (c.value[i], c.comment.get(i), c.source.get(i), c.file.get(i))
    };
    // The correction replaced the value, its comment and its provenance.
    assert_eq!(
        row("M.1.5", "aurvoll", "2025-03"),
        (0.045, None, Some("retting"), None)
    );
    assert_eq!(
        row("M.1.6", "solvang", "2025-02"),
        (0.06, None, Some("test"), Some("a.xlsx"))
    );
    assert_eq!(
        row("M.1.5", "aurvoll", "2025-01"),
        (0.05, None, Some("test"), Some("a.xlsx"))
    );
    // Periods are in time order.
    let periods: Vec<String> = c.periods.iter().map(|p| p.to_string()).collect();
    assert_eq!(periods, ["2025-01", "2025-02", "2025-03"]);
    let h = s.history("M.1.5", "aurvoll").unwrap();
    let h: Vec<(String, Option<f64>)> = h.iter().map(|(p, r)| (p.to_string(), r.value)).collect();
    assert_eq!(
        h,
        [
            ("2025-01".to_string(), Some(0.05)),
            ("2025-03".to_string(), Some(0.04)),
            ("2025-03".to_string(), Some(0.045))
        ]
    );
}

/// A store export with one batch, one observation and the given lock
/// events and events (JSON arrays).
fn export_with(locks: &str, events: &str, recorded_at: &str) -> String {
    format!(
        r#"{{"format":"styring-store","schema_version":2,
        "batches":[{{"id":1,"recorded_at":"{recorded_at}","source":"x","file":null,"note":null,"actor":"kari"}}],
        "observations":[{{"indicator":"M.1.5","unit":"aurvoll","period":"2025-01","batch":1,"value":0.04,"comment":null,"sheet":null,"cell":null}}],
        "lock_events":{locks},
        "events":{events}}}"#
    )
}

#[test]
fn a_store_export_with_bad_times_ids_or_actors_is_refused_at_its_json_path() {
    let m = model();
    let mut s = Store::in_memory().unwrap();
    let doc = export_with(
        r#"[{"period":"2025-T1","action":"lock","at":"x","reason":"rapportert"},
            {"period":"2025-T5","action":"lock","at":"2025-05-01T00:00:00Z","reason":"r"},
            {"period":"2025-T2","action":"reopen","at":"2025-09-01T00:00:00Z","reason":"feil","actor":""},
            {"period":"2025-T3","action":"delete","at":"2025-12-01T00:00:00Z","reason":"r"}]"#,
        r#"[{"kind":"avvik","entity":"A-1","action":"open","actor":"per","at":"i går","reason":null,"details":null},
            {"kind":"project","entity":"P","action":"x","actor":"per","at":"2025-01-01T00:00:00Z","reason":null,"details":null}]"#,
        "2025-13-01T00:00:00Z",
    );
    let e = s.import_json(&m, &doc, "s.json").unwrap_err();
    assert_eq!(
        e.render(Lang::Nb),
        "8 feil i lagereksporten; ingenting ble lagret:
s.json: batches[0].recorded_at: «2025-13-01T00:00:00Z» er ikke et tidspunkt (skriv f.eks. 2025-10-01T12:00:00Z)
s.json: lock_events[0].at: «x» er ikke et tidspunkt (skriv f.eks. 2025-10-01T12:00:00Z)
s.json: lock_events[1].period: tertial T5 finnes ikke (T1–T3)
s.json: lock_events[2].action: perioden 2025-T2 gjenåpnes, men er ikke låst
s.json: lock_events[2].actor: «» kan ikke være en aktør (et navn på 1–200 tegn uten linjeskift)
s.json: lock_events[3].action: ukjent handling «delete» (bruk lock eller reopen)
s.json: events[0].at: «i går» er ikke et tidspunkt (skriv f.eks. 2025-10-01T12:00:00Z)
s.json: events[1].kind: ukjent verdi «project» (bruk en av: period, batch, plan, deviation, whistleblowing, benefit, forecast, kostra)"
    );
    assert_eq!(s.revision_count().unwrap(), 0);
    assert!(s.locks().unwrap().is_empty());
    assert!(s.events(None, None).unwrap().is_empty());
}

#[test]
fn a_wrong_type_in_a_store_export_names_its_json_path() {
    let m = model();
    let mut s = Store::in_memory().unwrap();
    let doc = export_with("[]", "[]", "2025-01-01T00:00:00Z").replace("\"id\":1", "\"id\":\"en\"");
    let e = s.import_json(&m, &doc, "s.json").unwrap_err();
    assert!(
        e.render(Lang::Nb)
            .starts_with("s.json: ikke en gyldig lagereksport: batches[0].id: invalid type: string \"en\", expected i64"),
        "{}",
        e.render(Lang::Nb)
    );
}

#[test]
fn imported_times_are_stored_in_utc_and_read_back_typed() {
    let m = model();
    let mut s = Store::in_memory().unwrap();
    let doc = export_with(
        r#"[{"period":"2025-T1","action":"lock","at":"2025-05-02T10:00:00+02:00","reason":"rapportert","actor":"kari"}]"#,
        r#"[{"kind":"plan","entity":"okonomiplan-2026","action":"adopt","actor":"kommunestyret","at":"2025-12-18T18:00:00+01:00","reason":"KST-sak 99/25","details":{"versjon":1}}]"#,
        "2025-02-01T08:00:00+01:00",
    );
    assert_eq!(s.import_json(&m, &doc, "s.json").unwrap(), 1);
    let locks = s.locks().unwrap();
    assert_eq!(
        crate::asof::format_instant(locks[0].locked_at),
        "2025-05-02T08:00:00.000000Z"
    );
    assert_eq!(locks[0].actor.as_ref().map(|a| a.as_str()), Some("kari"));
    let revs = s
        .revisions("M.1.5", "aurvoll", "2025-01".parse().unwrap())
        .unwrap();
    assert_eq!(
        crate::asof::format_instant(revs[0].recorded_at),
        "2025-02-01T07:00:00.000000Z"
    );
    let ev = s.events(Some(EntityKind::Plan), None).unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].actor.as_str(), "kommunestyret");
    assert_eq!(ev[0].details, Some(serde_json::json!({"versjon": 1})));
    // And out again in the canonical form.
    let out = s.export_json().unwrap();
    assert!(
        out.contains("\"at\": \"2025-05-02T08:00:00.000000Z\""),
        "{out}"
    );
}

#[test]
fn locks_and_batches_record_their_actor_and_events_are_append_only() {
    let m = model();
    let mut s = Store::open_with(
        std::path::Path::new(":memory:"),
        &OpenOptions {
            actor: Some(crate::actor::Actor::new("kari").unwrap()),
            ..OpenOptions::default()
        },
    )
    .unwrap();
    s.record(
        &m,
        &[input("M.1.5", "aurvoll", "2025-05", 0.04)],
        &BatchInfo::new("t"),
    )
    .unwrap();
    s.record(
        &m,
        &[input("M.1.5", "aurvoll", "2025-06", 0.04)],
        &BatchInfo::new("t").by(crate::actor::Actor::new("per").unwrap()),
    )
    .unwrap();
    s.lock("2025-T2".parse().unwrap(), "rapportert").unwrap();
    s.reopen("2025-T2".parse().unwrap(), "retting av sykefravær")
        .unwrap();
    let who = |p: &str| {
        s.revisions("M.1.5", "aurvoll", p.parse().unwrap()).unwrap()[0]
            .actor
            .clone()
            .map(|a| a.to_string())
    };
    assert_eq!(who("2025-05").as_deref(), Some("kari"));
    assert_eq!(who("2025-06").as_deref(), Some("per"));
    let ev = s.events(Some(EntityKind::Period), Some("2025-T2")).unwrap();
    let seen: Vec<(&str, &str, Option<&str>)> = ev
        .iter()
        .map(|e| (e.action.as_str(), e.actor.as_str(), e.reason.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            ("lock", "kari", Some("rapportert")),
            ("reopen", "kari", Some("retting av sykefravær"))
        ]
    );
    for sql in ["UPDATE events SET actor = 'x'", "DELETE FROM events"] {
        let e = s.connection().execute(sql, []).unwrap_err();
        assert!(e.to_string().contains("events are append-only"), "{e}");
    }
}

#[test]
fn a_version_1_store_is_migrated_and_keeps_its_values() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("v1.sqlite");
    {
        let c = rusqlite::Connection::open(&p).unwrap();
        c.execute_batch(super::schema::MIGRATION_1_FOR_TESTS)
            .unwrap();
        c.execute_batch(
            "INSERT INTO batches VALUES (1, '2025-02-01T00:00:00.000000Z', 'import', 'a.xlsx', NULL);
             INSERT INTO indicators VALUES (1, 'M.1.5'); INSERT INTO units VALUES (1, 'aurvoll');
             INSERT INTO observations VALUES (1, 1, 202501, 1, 0.04, NULL, 'Data', 'C2');
             INSERT INTO lock_events VALUES (1, '2025-T1', 'lock', '2025-05-01T00:00:00.000000Z', 'rapportert');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let s = Store::open(&p).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    let revs = s
        .revisions("M.1.5", "aurvoll", "2025-01".parse().unwrap())
        .unwrap();
    assert_eq!((revs[0].value, revs[0].actor.clone()), (Some(0.04), None));
    assert_eq!(s.locks().unwrap()[0].actor, None);
}

#[test]
fn a_version_3_store_keeps_its_account_lines_by_number() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("v3.sqlite");
    {
        let c = rusqlite::Connection::open(&p).unwrap();
        for m in super::schema::MIGRATIONS_TO_3_FOR_TESTS {
            c.execute_batch(m).unwrap();
        }
        // aurvoll already has observations (units id 1); tekniske is new.
        c.execute_batch(
            "INSERT INTO batches VALUES (1, '2025-02-01T00:00:00.000000Z', 'accounts', 'r.xlsx', NULL, 'kari');
             INSERT INTO batches VALUES (2, '2025-03-01T00:00:00.000000Z', 'accounts', 'r.xlsx', NULL, 'kari');
             INSERT INTO units VALUES (1, 'aurvoll');
             INSERT INTO account_lines VALUES ('aurvoll', 202501, 'lønn', 1, 100.0, 'Data', 'C2');
             INSERT INTO account_lines VALUES ('aurvoll', 202501, 'lønn', 2, 120.0, 'Data', 'C2');
             INSERT INTO account_lines VALUES ('tekniske', 202501, '', 1, -5.5, NULL, NULL);
             PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    let s = Store::open(&p).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    type Row = (
        String,
        String,
        Option<String>,
        f64,
        Option<String>,
        Option<String>,
    );
    let lines: Vec<Row> = s
        .account_lines()
        .unwrap()
        .into_iter()
        .map(|l| {
            (
                l.unit.to_string(),
                l.month.to_string(),
                l.category,
                l.amount,
                l.location.sheet,
                l.location.cell,
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (
                "aurvoll".into(),
                "2025-01".into(),
                Some("lønn".into()),
                120.0,
                Some("Data".into()),
                Some("C2".into())
            ),
            ("tekniske".into(), "2025-01".into(), None, -5.5, None, None),
        ]
    );
    // The units keep their numbers; the new one is added.
    let units: Vec<(i64, String)> = s
        .connection()
        .prepare("SELECT id, code FROM units ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        units,
        [(1, "aurvoll".to_string()), (2, "tekniske".to_string())]
    );
}

#[test]
fn a_damaged_time_in_the_database_is_an_error_not_a_panic() {
    let m = model();
    let mut s = Store::in_memory().unwrap();
    s.record(
        &m,
        &[input("M.1.5", "aurvoll", "2025-05", 0.04)],
        &BatchInfo::new("t"),
    )
    .unwrap();
    s.lock("2025-T1".parse().unwrap(), "r").unwrap();
    s.connection()
        .execute_batch("UPDATE batches SET recorded_at = 'x'; UPDATE lock_events SET at = 'y'")
        .unwrap();
    let e = s
        .revisions("M.1.5", "aurvoll", "2025-05".parse().unwrap())
        .unwrap_err();
    assert_eq!(
        e.render(Lang::Nb),
        "lageret :memory:: batches.recorded_at holds \"x\", which is not a time; the store is damaged"
    );
    assert!(s.locks().is_err());
}

#[test]
fn a_writer_waits_for_another_and_then_says_who_is_in_the_way() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.sqlite");
    let m = model();
    let mut a = Store::open(&p).unwrap();
    let mut b = Store::open_with(
        &p,
        &OpenOptions {
            wait: std::time::Duration::from_millis(300),
            ..OpenOptions::default()
        },
    )
    .unwrap();
    // `a` holds the write lock; `b` waits 300 ms and gives up with a
    // message that says why.
    a.connection().execute_batch("BEGIN IMMEDIATE").unwrap();
    let t = std::time::Instant::now();
    let e = b
        .record(
            &m,
            &[input("M.1.5", "aurvoll", "2025-05", 0.04)],
            &BatchInfo::new("t"),
        )
        .unwrap_err();
    assert!(t.elapsed() >= std::time::Duration::from_millis(250));
    assert_eq!(
        e.render(Lang::Nb),
        format!(
            "et annet program skriver til lageret {}; ventet 0,3 s — prøv igjen når det er ferdig, eller vent lenger",
            p.display()
        )
    );
    a.connection().execute_batch("ROLLBACK").unwrap();
    assert_eq!(b.revision_count().unwrap(), 0);
    // Once `a` is done, `b` writes.
    b.record(
        &m,
        &[input("M.1.5", "aurvoll", "2025-05", 0.04)],
        &BatchInfo::new("t"),
    )
    .unwrap();
    a.record(
        &m,
        &[input("M.1.5", "aurvoll", "2025-06", 0.05)],
        &BatchInfo::new("t"),
    )
    .unwrap();
    assert_eq!(a.revision_count().unwrap(), 2);
}

#[test]
fn a_schema_8_store_keeps_its_kostra_figures_and_their_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("v8.sqlite");
    {
        let c = rusqlite::Connection::open(&p).unwrap();
        for m in super::schema::MIGRATIONS_TO_8_FOR_TESTS {
            c.execute_batch(m).unwrap();
        }
        // Two imports: March's two figures, June's revision of one.
        c.execute_batch(
            "INSERT INTO kostra_values VALUES (1, 'O.2.1', '3440', 2024, 161911.0, NULL, '3440', NULL, '12134', 'mars.json', '2025-03-15T08:00:00.000000Z', 'kari', 'Øyer');
             INSERT INTO kostra_values VALUES (2, 'O.2.1', 'EKG01', 2024, 154055.0, NULL, 'EKG01', NULL, '12134', 'mars.json', '2025-03-15T08:00:00.000000Z', 'kari', 'KOSTRA-gruppe 1');
             INSERT INTO kostra_values VALUES (3, 'O.2.1', '3440', 2024, 162000.0, NULL, '3440', 'ny metode', '12134', 'juni.json', '2025-06-15T08:00:00.000000Z', 'ola', 'Øyer');
             PRAGMA user_version = 8;",
        )
        .unwrap();
    }
    let s = Store::open(&p).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    type Got = (String, Option<f64>, String, String, Option<String>);
    let got: Vec<Got> = s
        .kostra_values()
        .unwrap()
        .into_iter()
        .map(|k| {
            (
                k.value.region,
                k.value.value,
                k.source,
                k.actor,
                k.value.break_note,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "3440".into(),
                Some(162_000.0),
                "juni.json".into(),
                "ola".into(),
                Some("ny metode".into())
            ),
            (
                "EKG01".into(),
                Some(154_055.0),
                "mars.json".into(),
                "kari".into(),
                None
            ),
        ]
    );
    // As the store held them in April: March's figure.
    let april = chrono::DateTime::parse_from_rfc3339("2025-04-01T00:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let then = s.kostra_values_at(Some(april)).unwrap();
    assert_eq!(
        then.iter()
            .find(|k| k.value.region == "3440")
            .unwrap()
            .value
            .value,
        Some(161_911.0)
    );
    let imports: i64 = s
        .conn
        .query_row("SELECT count(*) FROM kostra_imports", [], |r| r.get(0))
        .unwrap();
    assert_eq!(imports, 2);
}
