//! The economy as a controller meets it on the command line: a plan read
//! in, checked and written out; accounts read in with their sign stated;
//! the economy table against small numbers worked out by hand; and every
//! bad input with the message the user sees.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)] // a test: a panic is a failure

mod common;
use common::{failure, ok};

use std::path::Path;
use styring_tests::{workbook, Cell};

use Cell::{N, S};

/// A folder with the example model and no store.
fn model_only() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", "--out", "demo"], dir.path());
    std::fs::copy(
        dir.path().join("demo/model.toml"),
        dir.path().join("model.toml"),
    )
    .unwrap();
    dir
}

/// A small plan: block grant 1 200 and Tekniske tjenester 1 200 every year.
fn small_plan(dir: &Path, name: &str, id: &str, extra: Vec<Vec<Cell<'_>>>) -> std::path::PathBuf {
    let mut rows = vec![
        vec![S("Linje"), N(2025.0), N(2026.0), N(2027.0), N(2028.0)],
        vec![
            S("Rammetilskudd"),
            N(-1200.0),
            N(-1200.0),
            N(-1200.0),
            N(-1200.0),
        ],
        vec![
            S("Tekniske tjenester"),
            N(1200.0),
            N(1200.0),
            N(1200.0),
            N(1200.0),
        ],
    ];
    rows.extend(extra);
    workbook(
        dir,
        name,
        &[
            ("Bevilgningsoversikt", rows),
            (
                "Rammer",
                vec![
                    vec![S("Enhet"), N(2025.0), N(2026.0), N(2027.0), N(2028.0)],
                    vec![S("tekniske"), N(1200.0), N(1200.0), N(1200.0), N(1200.0)],
                ],
            ),
            (
                "Versjon",
                vec![
                    vec![S("Id"), S(id)],
                    vec![S("Type"), S("vedtatt")],
                    vec![S("Tittel"), S("Liten plan")],
                    vec![S("Vedtak"), S("KST-sak 1/25")],
                    vec![S("Dato"), S("2024-12-12")],
                ],
            ),
        ],
    )
}

fn accounts(
    dir: &Path,
    name: &str,
    sign: Option<&str>,
    rows: Vec<Vec<Cell<'_>>>,
) -> std::path::PathBuf {
    let mut all = Vec::new();
    if let Some(s) = sign {
        all.push(vec![S("Fortegn"), S(s)]);
    }
    all.push(vec![S("Enhet"), S("Periode"), S("Regnskap")]);
    all.extend(rows);
    workbook(dir, name, &[("Regnskap", all)])
}

#[test]
fn the_economy_table_against_numbers_worked_out_by_hand() {
    let dir = model_only();
    let d = dir.path();
    small_plan(d, "plan.xlsx", "liten", vec![]);
    let out = ok(&["budget", "import", "plan.xlsx"], d);
    assert!(
        out.contains("Lagret: Liten plan (vedtatt, KST-sak 1/25 2024-12-12)"),
        "{out}"
    );
    assert!(out.contains("Alle fire år er i balanse."), "{out}");
    // 115 a month for four months, against 1 200 a year spread linearly:
    // 400 to date, 460 booked, 60 over (15 %), red.
    let rows: Vec<Vec<Cell<'_>>> = (1..=4)
        .map(|m| {
            vec![
                S("tekniske"),
                S(["2025-01", "2025-02", "2025-03", "2025-04"][m - 1]),
                N(115.0),
            ]
        })
        .collect();
    accounts(d, "regnskap.xlsx", None, rows);
    let out = ok(
        &[
            "accounts",
            "import",
            "regnskap.xlsx",
            "--sign",
            "expenses-positive",
        ],
        d,
    );
    assert!(
        out.contains("regnskap.xlsx: 4 regnskapslinjer (expenses-positive)"),
        "{out}"
    );
    assert!(out.contains("Lagret: 4 nye, 0 endret, 0 uendret"), "{out}");
    // The same file again changes nothing.
    let out = ok(
        &[
            "accounts",
            "import",
            "regnskap.xlsx",
            "--sign",
            "expenses-positive",
        ],
        d,
    );
    assert!(out.contains("Lagret: 0 nye, 0 endret, 4 uendret"), "{out}");
    let json: serde_json::Value = serde_json::from_str(&ok(
        &["economy", "--period", "2025-T1", "--format", "json"],
        d,
    ))
    .unwrap();
    let row = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"] == "tekniske")
        .unwrap()
        .clone();
    assert_eq!(row["frame"], 1200.0);
    assert_eq!(row["budget_to_date"], 400.0);
    assert_eq!(row["accounts_to_date"], 460.0);
    assert_eq!(row["deviation"], 60.0);
    assert_eq!(row["deviation_pct"], 0.15);
    assert_eq!(row["forecast_mechanical"], 60.0);
    assert_eq!(row["forecast_entered"], serde_json::Value::Null);
    assert_eq!(row["status"], "red");
    // An entered forecast is kept beside the computed one.
    ok(
        &[
            "forecast",
            "set",
            "--unit",
            "Tekniske tjenester",
            "--period",
            "2025-T1",
            "--amount",
            "−25",
            "--comment",
            "Vinteren var mild",
        ],
        d,
    );
    let json: serde_json::Value = serde_json::from_str(&ok(
        &["economy", "--period", "2025-T1", "--format", "json"],
        d,
    ))
    .unwrap();
    let row = &json["rows"].as_array().unwrap()[0];
    assert_eq!(
        (row["unit"].as_str(), row["forecast_entered"].as_f64()),
        (Some("tekniske"), Some(-25.0))
    );
    assert_eq!(row["forecast_comment"], "Vinteren var mild");
    // The table in the terminal says the same.
    let table = ok(&["economy", "--period", "2025-T1"], d);
    assert!(table.contains("Tekniske tjenester"), "{table}");
    assert!(
        table.contains("460 kr") && table.contains("60 kr") && table.contains("15,0 %"),
        "{table}"
    );
}

#[test]
fn a_plan_out_of_balance_says_each_year_and_its_gap() {
    let dir = model_only();
    let d = dir.path();
    // 2026: 1 250 kr less income; 2027: an unspecified saving; 2028: the
    // unit's frame 100 short of its area.
    small_plan(
        d,
        "plan.xlsx",
        "ubalanse",
        vec![
            vec![S("Skatt"), N(0.0), N(1250.0), N(0.0), N(0.0)],
            vec![
                S("Uspesifisert innsparing"),
                N(0.0),
                N(0.0),
                N(-300.0),
                N(0.0),
            ],
            vec![
                S("Avsetninger til disposisjonsfond"),
                N(0.0),
                N(0.0),
                N(300.0),
                N(0.0),
            ],
        ],
    );
    ok(&["budget", "import", "plan.xlsx"], d);
    let (code, err) = failure(&["budget", "check"], d);
    assert_eq!(code, 1);
    assert!(err.contains("økonomiplan «ubalanse», 2026: ikke i balanse: 1 250 kr merforbruk blir fremført til inndekning i senere år"), "{err}");
    assert!(err.contains("økonomiplan «ubalanse», 2027: bygger på en uspesifisert innsparing på −300 kr; fordel den på rammeområdene"), "{err}");
    assert!(!err.contains("2025:"), "{err}");
}

#[test]
fn units_frames_that_do_not_add_up_are_reported() {
    let dir = model_only();
    let d = dir.path();
    let mut rows = vec![
        vec![S("Linje"), N(2025.0), N(2026.0), N(2027.0), N(2028.0)],
        vec![
            S("Rammetilskudd"),
            N(-600.0),
            N(-600.0),
            N(-600.0),
            N(-600.0),
        ],
    ];
    rows.push(vec![S("Oppvekst"), N(600.0), N(600.0), N(600.0), N(600.0)]);
    workbook(
        d,
        "plan.xlsx",
        &[
            ("Plan", rows),
            (
                "Rammer",
                vec![
                    vec![S("Enhet"), N(2025.0), N(2026.0), N(2027.0), N(2028.0)],
                    vec![S("Aurvoll skole"), N(350.0), N(350.0), N(350.0), N(350.0)],
                    vec![S("Solvang skole"), N(240.0), N(250.0), N(250.0), N(250.0)],
                ],
            ),
            (
                "Versjon",
                vec![vec![S("Id"), S("r")], vec![S("Type"), S("forslag")]],
            ),
        ],
    );
    ok(&["budget", "import", "plan.xlsx"], d);
    let (_, err) = failure(&["budget", "check", "--version", "r"], d);
    assert!(err.contains("økonomiplan «r», 2025: enhetenes rammer i Oppvekst summerer til 590 kr, rammeområdet har 600 kr (avvik −10 kr)"), "{err}");
    assert!(!err.contains("2026: enhetenes"), "{err}");
}

#[test]
fn bad_plan_workbooks_are_refused_with_their_cells() {
    let dir = model_only();
    let d = dir.path();
    // An unknown line, text in an amount and a typed sum that its lines
    // do not give.
    small_plan(
        d,
        "feil.xlsx",
        "feil",
        vec![
            vec![S("Rammetilskot"), N(1.0), N(1.0), N(1.0), N(1.0)],
            vec![S("Avdrag på lån"), S("tolv"), N(0.0), N(0.0), N(0.0)],
            vec![S("Netto driftsresultat"), N(5.0), N(0.0), N(0.0), N(0.0)],
        ],
    );
    let (code, err) = failure(&["budget", "import", "feil.xlsx"], d);
    assert_eq!(code, 1);
    assert!(err.contains("feil.xlsx: Bevilgningsoversikt!A4: ukjent linje eller rammeområde «Rammetilskot» — mente du «Rammetilskudd»?"), "{err}");
    assert!(
        err.contains("feil.xlsx: Bevilgningsoversikt!B5: «tolv» er ikke et beløp"),
        "{err}"
    );
    assert!(err.contains("feil.xlsx: Bevilgningsoversikt!B6: «Netto driftsresultat» 2025 er 5 kr i arket, men linjene gir 0 kr"), "{err}");
    // A regulation of a version that is not there.
    small_plan(d, "ok.xlsx", "vedtatt", vec![]);
    ok(&["budget", "import", "ok.xlsx"], d);
    let p = small_plan(d, "reg.xlsx", "reg", vec![]);
    let mut book = std::fs::read(&p).unwrap();
    book.clear();
    workbook(
        d,
        "reg.xlsx",
        &[
            (
                "Plan",
                vec![vec![S("Linje"), N(2025.0), N(2026.0), N(2027.0), N(2028.0)]],
            ),
            (
                "Versjon",
                vec![
                    vec![S("Id"), S("reg")],
                    vec![S("Type"), S("budsjettregulering")],
                    vec![S("Vedtak"), S("KST-sak 45/25")],
                    vec![S("Dato"), S("2025-06-19")],
                    vec![S("Bygger på"), S("vedtat")],
                ],
            ),
        ],
    );
    let (_, err) = failure(&["budget", "import", "reg.xlsx"], d);
    assert!(
        err.contains("økonomiplan «reg»: bygger på ukjent versjon «vedtat» — mente du «vedtatt»?"),
        "{err}"
    );
    // The same id twice: a version is never overwritten.
    let (_, err) = failure(&["budget", "import", "ok.xlsx"], d);
    assert!(
        err.contains("versjonen «vedtatt» finnes fra før; en vedtatt versjon endres aldri"),
        "{err}"
    );
}

#[test]
fn bad_accounts_are_refused_and_nothing_is_stored() {
    let dir = model_only();
    let d = dir.path();
    small_plan(d, "plan.xlsx", "liten", vec![]);
    ok(&["budget", "import", "plan.xlsx"], d);
    accounts(
        d,
        "regnskap.xlsx",
        Some("utgifter positive"),
        vec![
            vec![S("Aurvol skole"), S("2025-01"), N(10.0)],
            vec![S("tekniske"), S("2025-02"), S("tolv")],
            vec![S("tekniske"), S("2025-03"), N(10.0)],
            vec![S("tekniske"), S("2025-03"), N(12.0)],
            vec![S("oppvekst"), S("2025-03"), N(12.0)],
            vec![S("tekniske"), S("2025-T1"), N(12.0)],
        ],
    );
    let (code, err) = failure(&["accounts", "import", "regnskap.xlsx"], d);
    assert_eq!(code, 1);
    for want in [
        "regnskap.xlsx: Regnskap!A3: ukjent enhet «Aurvol skole» — mente du «Aurvoll skole»?",
        "regnskap.xlsx: Regnskap!C4: «tolv» er ikke et beløp",
        "regnskap.xlsx: Regnskap!C6: tekniske 2025-03 står to ganger med ulike beløp (C5 og C6); fjern den ene",
        "regnskap.xlsx: Regnskap!A7: «oppvekst» (Oppvekst) er en sektor; velg en av tjenesteenhetene i den",
        "regnskap.xlsx: Regnskap!B8: 2025-T1 er ikke en måned",
    ] {
        assert!(err.contains(want), "{want}\n{err}");
    }
    // A month after the plan.
    accounts(
        d,
        "sent.xlsx",
        None,
        vec![vec![S("tekniske"), S("2029-01"), N(1.0)]],
    );
    let (_, err) = failure(
        &[
            "accounts",
            "import",
            "sent.xlsx",
            "--sign",
            "expenses-positive",
        ],
        d,
    );
    assert!(
        err.contains(
            "sent.xlsx: Regnskap!C2: 2029-01 ligger etter økonomiplanen, som går til 2028"
        ),
        "{err}"
    );
    // No sign, and a sign that contradicts the file.
    accounts(
        d,
        "uten.xlsx",
        None,
        vec![vec![S("tekniske"), S("2025-01"), N(1.0)]],
    );
    let (_, err) = failure(&["accounts", "import", "uten.xlsx"], d);
    assert!(err.contains("uten.xlsx: fortegnet er ikke oppgitt: bruk --sign expenses-positive eller --sign expenses-negative"), "{err}");
    accounts(
        d,
        "motsatt.xlsx",
        Some("utgifter negative"),
        vec![vec![S("tekniske"), S("2025-01"), N(1.0)]],
    );
    let (_, err) = failure(
        &[
            "accounts",
            "import",
            "motsatt.xlsx",
            "--sign",
            "expenses-positive",
        ],
        d,
    );
    assert!(err.contains("motsatt.xlsx: Regnskap!B1: filen sier expenses-negative, men kommandoen sier --sign expenses-positive; rett den ene"), "{err}");
    // Nothing of it was stored.
    let json: serde_json::Value = serde_json::from_str(&ok(
        &["economy", "--period", "2025-T1", "--format", "json"],
        d,
    ))
    .unwrap();
    assert!(
        json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["accounts_to_date"] == 0.0),
        "{json}"
    );
    // Expenses negative, stated in the file: stored as expenses positive,
    // and the opposite of what the command says is flagged, not refused.
    accounts(
        d,
        "negativ.xlsx",
        Some("utgifter negative"),
        vec![vec![S("tekniske"), S("2025-01"), N(-100.0)]],
    );
    ok(&["accounts", "import", "negativ.xlsx"], d);
    let json: serde_json::Value = serde_json::from_str(&ok(
        &["economy", "--period", "2025-01", "--format", "json"],
        d,
    ))
    .unwrap();
    assert_eq!(json["rows"][0]["accounts_to_date"], 100.0);
    accounts(
        d,
        "feilfortegn.xlsx",
        None,
        vec![vec![S("tekniske"), S("2025-02"), N(-300.0)]],
    );
    let out = ok(
        &[
            "accounts",
            "import",
            "feilfortegn.xlsx",
            "--sign",
            "expenses-positive",
        ],
        d,
    );
    assert!(
        out.contains(
            "tekniske 2025: regnskapet (−200 kr) har motsatt fortegn av rammen (1 200 kr)"
        ),
        "{out}"
    );
}

#[test]
fn the_demo_plan_round_trips_through_its_workbook_and_a_locked_period_refuses_a_forecast() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&["demo", "--out", "."], d);
    ok(
        &[
            "budget",
            "export",
            "--version",
            "vedtatt-2025",
            "--out",
            "ut.xlsx",
        ],
        d,
    );
    let engine = styring::Engine::load(&d.join("model.toml")).unwrap();
    let back = styring::styring_xlsx::import::budget::read_budget(
        engine.model(),
        &d.join("ut.xlsx"),
        &Default::default(),
    )
    .unwrap();
    let store = styring::Store::open(&d.join("store.sqlite")).unwrap();
    let stored = store.plan_versions().unwrap();
    let original = &stored
        .iter()
        .find(|v| v.version.id == "vedtatt-2025")
        .unwrap()
        .version;
    assert_eq!(&back, original);
    // The demo reported T1 and T2 to the council.
    let (_, err) = failure(
        &[
            "forecast",
            "set",
            "--unit",
            "institusjon",
            "--period",
            "2025-T1",
            "--amount",
            "1",
            "--comment",
            "x",
        ],
        d,
    );
    assert!(
        err.contains("prognose institusjon 2025-T1: perioden 2025-T1 er låst"),
        "{err}"
    );
    // The proposal leans on an unspecified saving; the alternative does not.
    let compare = ok(&["budget", "compare", "forslag-2025", "alt-sp-2025"], d);
    assert!(compare.contains("I balanse"), "{compare}");
    let (code, _) = failure(&["budget", "check", "--version", "forslag-2025"], d);
    assert_eq!(code, 1);
    ok(&["budget", "check", "--version", "alt-sp-2025"], d);
}

#[test]
fn an_alternative_budget_of_measures_is_built_on_its_base() {
    let dir = model_only();
    let d = dir.path();
    small_plan(d, "plan.xlsx", "liten", vec![]);
    ok(&["budget", "import", "plan.xlsx"], d);
    let facts = vec![
        vec![S("Id"), S("alt")],
        vec![S("Type"), S("alternativt")],
        vec![S("Tittel"), S("Alternativ med mer brøyting")],
        vec![S("Bygger på"), S("liten")],
    ];
    workbook(
        d,
        "alt.xlsx",
        &[
            (
                "Tiltak",
                vec![
                    vec![S("Gjelder"), S("År"), S("Beløp"), S("Tekst")],
                    vec![
                        S("Tekniske tjenester"),
                        S("2026–2028"),
                        N(100.0),
                        S("Mer brøyting"),
                    ],
                    vec![
                        S("Eiendomsskatt"),
                        S("2026-2028"),
                        N(-100.0),
                        S("Eiendomsskatt opp"),
                    ],
                ],
            ),
            ("Versjon", facts.clone()),
        ],
    );
    let out = ok(&["budget", "import", "alt.xlsx"], d);
    assert!(out.contains("Alle fire år er i balanse."), "{out}");
    let json: serde_json::Value = serde_json::from_str(&ok(
        &["budget", "show", "--version", "alt", "--format", "json"],
        d,
    ))
    .unwrap();
    let years = json["version"]["years"].as_array().unwrap();
    // 2025 as the base; 2026: the unit's frame and its area 100 more, and
    // 100 more in property tax.
    assert_eq!(years[0]["areas"]["tekniske"], 1200.0);
    assert_eq!(years[1]["areas"]["tekniske"], 1300.0);
    assert_eq!(years[1]["units"]["tekniske"], 1300.0);
    assert_eq!(years[1]["lines"]["eiendomsskatt"], -100.0);
    assert_eq!(json["version"]["based_on"], "liten");
    let compare = ok(&["budget", "compare", "liten", "alt"], d);
    assert!(compare.contains("1 300 kr"), "{compare}");
    // A measure for something the model does not have, and years that are
    // not years.
    workbook(
        d,
        "feil.xlsx",
        &[
            (
                "Tiltak",
                vec![
                    vec![S("Gjelder"), S("År"), S("Beløp")],
                    vec![S("Tekniske tjeneste"), S("2026"), N(1.0)],
                    vec![S("Eiendomsskatt"), S("i fjor"), N(1.0)],
                ],
            ),
            (
                "Versjon",
                vec![
                    vec![S("Id"), S("alt2")],
                    vec![S("Type"), S("alternativt")],
                    vec![S("Bygger på"), S("liten")],
                ],
            ),
        ],
    );
    let (_, err) = failure(&["budget", "import", "feil.xlsx"], d);
    assert!(err.contains("feil.xlsx: Tiltak!A2: ukjent enhet eller linje «Tekniske tjeneste» — mente du «Tekniske tjenester»?"), "{err}");
    assert!(err.contains("feil.xlsx: Tiltak!B3: «i fjor» er ikke et år eller årene (skriv 2026, 2026–2028 eller alle)"), "{err}");
}

/// Lines stream from the reader into the store as they are read: a
/// problem found after thousands of them still leaves the store as it
/// was, a second import of the same file changes nothing, and a locked
/// month is refused once, with how many of its lines would change.
#[test]
fn streamed_lines_are_stored_whole_or_not_at_all() {
    let dir = model_only();
    let d = dir.path();
    small_plan(d, "plan.xlsx", "liten", vec![]);
    ok(&["budget", "import", "plan.xlsx"], d);
    let names: Vec<String> = (0..1500).map(|k| format!("art {k}")).collect();
    let months = ["2025-01", "2025-02", "2025-03", "2025-04"];
    let table = |amount: f64| {
        let mut rows = vec![
            vec![S("Fortegn"), S("utgifter positive")],
            vec![S("Enhet"), S("Periode"), S("Kategori"), S("Regnskap")],
        ];
        for m in months {
            for k in &names {
                rows.push(vec![S("tekniske"), S(m), S(k), N(amount)]);
            }
        }
        rows
    };
    // 6 000 good lines (rows 3–6002), then art 0 of January again with
    // another amount, in row 6003.
    let mut bad = table(1.0);
    bad.push(vec![S("tekniske"), S("2025-01"), S("art 0"), N(2.0)]);
    workbook(d, "feil.xlsx", &[("Regnskap", bad)]);
    let (_, err) = failure(&["accounts", "import", "feil.xlsx"], d);
    assert!(
        err.contains("feil.xlsx: Regnskap!D6003: tekniske 2025-01 (art 0) står to ganger med ulike beløp (D3 og D6003); fjern den ene"),
        "{err}"
    );
    let booked = |period: &str| -> f64 {
        let json: serde_json::Value =
            serde_json::from_str(&ok(&["economy", "--period", period, "--format", "json"], d))
                .unwrap();
        json["rows"][0]["accounts_to_date"].as_f64().unwrap()
    };
    assert_eq!(booked("2025-T1"), 0.0);
    // The same lines without the last: 6 000 new, 1 500 kroner a month.
    workbook(d, "regnskap.xlsx", &[("Regnskap", table(1.0))]);
    let out = ok(&["accounts", "import", "regnskap.xlsx"], d);
    assert!(
        out.contains("Lagret: 6000 nye, 0 endret, 0 uendret"),
        "{out}"
    );
    assert_eq!(booked("2025-T1"), 6000.0);
    let out = ok(&["accounts", "import", "regnskap.xlsx"], d);
    assert!(
        out.contains("Lagret: 0 nye, 0 endret, 6000 uendret"),
        "{out}"
    );
    // T1 locked: every line of the new file would change its month.
    ok(
        &[
            "store",
            "lock",
            "--period",
            "2025-T1",
            "--reason",
            "rapportert",
        ],
        d,
    );
    workbook(d, "ny.xlsx", &[("Regnskap", table(2.0))]);
    let (_, err) = failure(&["accounts", "import", "ny.xlsx"], d);
    assert!(
        err.contains("ny.xlsx: Regnskap!D3: perioden 2025-T1 er låst (rapportert "),
        "{err}"
    );
    assert!(
        err.contains("før regnskapet for 2025-01 endres (1500 linjer)"),
        "{err}"
    );
    assert_eq!(err.matches("er låst").count(), 4, "{err}");
    assert_eq!(booked("2025-T1"), 6000.0);
}
