//! The deviation register as a leader meets it on the command line: a
//! deviation registered, moved through its handling with every step kept,
//! a measure and a notification, the period's list, and every bad input
//! with the message the user sees.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)] // a test: a panic is a failure

mod common;
use common::{fails, ok};

use std::path::Path;

#[test]
fn a_deviation_from_report_to_closure() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&["demo", "--out", "demo"], d);
    std::fs::copy(d.join("demo/model.toml"), d.join("model.toml")).unwrap();
    let add = |extra: &[&str]| {
        let mut a = vec!["--actor", "kari", "deviation", "add"];
        a.extend_from_slice(extra);
        a.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    // Three things wrong at once, each at its option.
    let args = add(&[
        "--unit",
        "aurvol",
        "--category",
        "hmss",
        "--description",
        "x",
        "--consequence",
        "0",
        "--likelihood",
        "3",
    ]);
    let err = fails(&args.iter().map(String::as_str).collect::<Vec<_>>(), d);
    assert_eq!(
        err,
        "feil: 3 feil i registeret; ingenting ble lagret:\n--unit: ukjent enhet «aurvol» — mente du «aurvoll»?\n--category: ukjent avvikskategori «hmss» — mente du «HMS»?\n--consequence/--likelihood: konsekvens 0 er utenfor skalaen 1–5\n"
    );
    // 4 × 3 = 12: high, seven days from 09:00 on 5 May.
    let args = add(&[
        "--unit",
        "Aurvoll skole",
        "--category",
        "HMS",
        "--description",
        "Elev skadet seg i gymsalen",
        "--consequence",
        "4",
        "--likelihood",
        "3",
        "--happened",
        "2025-05-05T08:00:00Z",
        "--at",
        "2025-05-05T09:00:00Z",
    ]);
    let out = ok(&args.iter().map(String::as_str).collect::<Vec<_>>(), d);
    assert_eq!(
        out,
        "Registrert avvik AV-1: risiko 12 (høy), frist 2025-05-12 11:00\n"
    );
    // A personal-data breach: Datatilsynet within 72 hours of 6 May 08:00.
    let args = add(&[
        "--unit",
        "solvang",
        "--category",
        "informasjonssikkerhet og personvern",
        "--description",
        "Elevliste sendt feil",
        "--consequence",
        "3",
        "--likelihood",
        "2",
        "--duty",
        "gdpr",
        "--happened",
        "2025-05-06T08:00:00Z",
        "--at",
        "2025-05-06T09:00:00Z",
    ]);
    ok(&args.iter().map(String::as_str).collect::<Vec<_>>(), d);
    let err = fails(
        &[
            "deviation",
            "move",
            "AV-1",
            "--to",
            "lukket",
            "--at",
            "2025-05-05T10:00:00Z",
        ],
        d,
    );
    assert_eq!(
        err,
        "feil: 1 feil i registeret; ingenting ble lagret:\navvik AV-1: avviket er «registrert» og kan bare gå til «mottatt», ikke til «lukket»\n"
    );
    let err = fails(&["deviation", "move", "AV-1", "--to", "ferdig"], d);
    assert!(err.starts_with("feil: --to: ukjent verdi «ferdig» (bruk en av: registrert, mottatt, under_behandling, lukket)"), "{err}");
    for (to, at) in [
        ("mottatt", "2025-05-05T10:00:00Z"),
        ("under behandling", "2025-05-06T10:00:00Z"),
        ("lukket", "2025-05-08T09:00:00Z"),
    ] {
        ok(
            &[
                "--actor",
                "rektor",
                "deviation",
                "move",
                "AV-1",
                "--to",
                to,
                "--at",
                at,
            ],
            d,
        );
    }
    let err = fails(
        &[
            "deviation",
            "move",
            "AV-1",
            "--to",
            "under_behandling",
            "--at",
            "2025-05-07T09:00:00Z",
        ],
        d,
    );
    assert!(err.ends_with("avvik AV-1: avviket er «lukket»; oppgi en begrunnelse (--reason) for å flytte det til «under behandling»\n"), "{err}");
    let err = fails(
        &[
            "deviation",
            "move",
            "AV-1",
            "--to",
            "under_behandling",
            "--reason",
            "Igjen",
            "--at",
            "2025-05-07T09:00:00Z",
        ],
        d,
    );
    assert!(err.contains("tidspunktet 2025-05-07 11:00 er før forrige steg (2025-05-08 11:00); tiden går bare fremover"), "{err}");
    ok(
        &[
            "deviation",
            "add-measure",
            "AV-1",
            "--text",
            "Sjekk apparatene",
            "--owner",
            "vaktmester",
            "--at",
            "2025-05-08T10:00:00Z",
        ],
        d,
    );
    // The leader's view: the handler (who moved it last), the deadline
    // kept, every step with its local time, the measure; never the
    // reporter. Registered 09:00 UTC on 5 May (11:00 in summer time),
    // closed 09:00 UTC on 8 May: 3,0 days, inside the 7-day deadline.
    let card = ok(&["deviation", "show", "AV-1"], d);
    for line in [
        "  Behandler          rektor\n",
        "  Frist              2025-05-12 11:00 (lukket innen fristen)\n",
        "  Dager til lukking  3,0\n",
        "  2025-05-05 11:00  registrert        (melderen vises ikke)\n",
        "  2025-05-08 11:00  lukket            rektor\n",
        "  0    Sjekk apparatene  vaktmester  planlagt  2025-05-08 12:00\n",
    ] {
        assert!(card.contains(line), "{line:?} in\n{card}");
    }
    assert!(
        card.contains("  Risiko             ■ rød — 4 × 3 = 12: høy\n"),
        "{card}"
    );
    assert!(!card.contains("kari"), "{card}");
    ok(
        &[
            "deviation",
            "show",
            "AV-1",
            "--format",
            "html",
            "--out",
            "av-1.html",
        ],
        d,
    );
    let page = std::fs::read_to_string(d.join("av-1.html")).unwrap();
    assert!(page.contains("Sjekk apparatene") && !page.contains("kari"));
    let err = fails(&["deviation", "show", "AV-3"], d);
    assert_eq!(err, "feil: ukjent avvik «AV-3» — mente du «AV-1»?\n");
    // May's list as JSON: the closing took 3 days (09:00 on 5 May to 09:00
    // on 8 May), inside the deadline; AV-2's notice was never given.
    let v: serde_json::Value = serde_json::from_str(&ok(
        &[
            "deviation",
            "list",
            "--period",
            "2025-05",
            "--format",
            "json",
        ],
        d,
    ))
    .unwrap();
    let rows = v["deviations"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (
            rows[0]["id"].as_str(),
            rows[0]["state"].as_str(),
            rows[0]["risk_level"].as_str(),
            rows[0]["risk_score"].as_i64()
        ),
        (Some("AV-1"), Some("lukket"), Some("høy"), Some(12))
    );
    let steps: Vec<(&str, &str)> = rows[0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["state"].as_str().unwrap(), s["actor"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        [
            ("mottatt", "rektor"),
            ("under_behandling", "rektor"),
            ("lukket", "rektor")
        ]
    );
    assert_eq!(rows[0]["measures"][0]["owner"], "vaktmester");
    assert_eq!(rows[1]["duty"], "personal_data_breach");
    assert!(rows.iter().all(|r| r.get("reporter").is_none()));
    let table = ok(&["deviation", "list", "--period", "2025-05"], d);
    assert!(
        table.contains("IKKE VARSLET, fristen var 2025-05-09 10:00"),
        "{table}"
    );
    // The closing in 3 days, and Aurvoll's statistics: 1 deviation, all
    // closed in time, median 3,0 days.
    assert!(
        table.contains("100,0 %") && table.contains("3,0"),
        "{table}"
    );
    ok(
        &[
            "deviation",
            "notify",
            "AV-2",
            "--at",
            "2025-05-07T08:00:00Z",
        ],
        d,
    );
    let table = ok(&["deviation", "list", "--period", "2025-05"], d);
    assert!(table.contains("  varslet 2025-05-07 10:00"), "{table}");
    let err = fails(&["deviation", "notify", "AV-1"], d);
    assert!(
        err.ends_with("avvik AV-1: avviket AV-1 har ingen varslingsplikt\n"),
        "{err}"
    );
    // A measure with no text, one before the deviation, and a time that
    // is not one: each refused with what is wrong, nothing stored.
    let err = fails(
        &[
            "deviation",
            "add-measure",
            "AV-1",
            "--text",
            " ",
            "--owner",
            "rektor",
        ],
        d,
    );
    assert!(
        err.ends_with("avvik AV-1: tiltaket mangler tekst; skriv hva som skal gjøres\n"),
        "{err}"
    );
    let err = fails(
        &[
            "deviation",
            "add-measure",
            "AV-1",
            "--text",
            "Tidlig",
            "--owner",
            "rektor",
            "--at",
            "2025-05-01T00:00:00Z",
        ],
        d,
    );
    assert!(err.ends_with("avvik AV-1: tiltaket kan ikke planlegges 2025-05-01 02:00 før avviket ble registrert (2025-05-05 11:00)\n"), "{err}");
    let err = fails(
        &[
            "deviation",
            "move",
            "AV-2",
            "--to",
            "mottatt",
            "--at",
            "i går",
        ],
        d,
    );
    assert_eq!(
        err,
        "feil: --at: «i går» er ikke et tidspunkt (skriv f.eks. 2025-10-01T12:00:00Z)\n"
    );
    let shown: serde_json::Value =
        serde_json::from_str(&ok(&["deviation", "show", "AV-1", "--format", "json"], d)).unwrap();
    assert_eq!(shown["measures"].as_array().unwrap().len(), 1);
    assert_eq!(shown["state"], "lukket");
    // Every step is in the event log, by its actor.
    let events = ok(&["store", "events"], d);
    assert_eq!(events.matches("\tdeviation\tAV-1\t").count(), 4, "{events}");
    assert!(
        events.contains("rektor\tdeviation\tAV-1\tlukket"),
        "{events}"
    );
}

/// The demo's model beside an empty store in a fresh directory.
fn with_model() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&["demo", "--out", "demo"], d);
    std::fs::copy(d.join("demo/model.toml"), d.join("model.toml")).unwrap();
    dir
}

const HEADER_NB: [&str; 12] = [
    "Avviksnr",
    "Enhet",
    "Kategori",
    "Beskrivelse",
    "Registrert dato",
    "Konsekvens",
    "Sannsynlighet",
    "Status",
    "Mottatt",
    "Lukket dato",
    "Saksbehandler",
    "Frist",
];

fn export(d: &Path, name: &str, rows: Vec<Vec<styring_tests::Cell<'_>>>) {
    use styring_tests::Cell::S;
    let mut all = vec![vec![S("Avvik eksportert fra kvalitetssystemet")], vec![]];
    all.push(HEADER_NB.iter().map(|h| S(h)).collect());
    all.extend(rows);
    styring_tests::workbook(d, name, &[("Avvik", all)]);
}

fn json_of(args: &[&str], d: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(args, d)).unwrap()
}

#[test]
fn a_quality_systems_export_imported_and_imported_again() {
    use styring_tests::Cell::{D, N, S};
    let dir = with_model();
    let d = dir.path();
    let rows = |q3_state: &'static str, q3_closed: styring_tests::Cell<'static>| {
        vec![
            // Closed, with Excel dates: received the next morning.
            vec![
                S("Q-1"),
                S("Aurvoll skole"),
                S("hms"),
                S("Elev falt i trappa"),
                D("2025-03-04 10:15:00"),
                N(2.0),
                N(2.0),
                S("Lukket"),
                D("2025-03-05 08:00:00"),
                D("2025-03-20 14:30:00"),
                S("rektor.aurvoll"),
                S(""),
            ],
            // In progress, with text times in local summer time and a
            // hand-set deadline written as a date.
            vec![
                S("Q-2"),
                S("aurvoll"),
                S("Informasjonssikkerhet og personvern"),
                S("Karakterliste sendt til feil mottaker"),
                S("02.06.2025 13:00"),
                N(3.0),
                N(3.0),
                S("under behandling"),
                S("2025-06-02 15:00"),
                S(""),
                S("rektor.aurvoll"),
                S("30.06.2025"),
            ],
            // Registered only.
            vec![
                S("Q-3"),
                S("Aurvoll skole"),
                S("Annet"),
                S("Brannalarm uten grunn"),
                S("2025-09-01 09:00"),
                N(1.0),
                N(2.0),
                S(q3_state),
                S(""),
                q3_closed,
                S(""),
                S(""),
            ],
        ]
    };
    export(d, "avvik.xlsx", rows("registrert", S("")));
    let out = ok(
        &["--actor", "kvalitet", "deviation", "import", "avvik.xlsx"],
        d,
    );
    assert_eq!(
        out,
        "Lagret: 3 nye avvik, 0 ført videre (0 nye steg), 0 uendret\n"
    );
    let q1 = json_of(&["deviation", "show", "Q-1", "--format", "json"], d);
    // 10:15 in Oslo in March is 09:15 UTC; 4 × … the default deadline: risk
    // 2 × 2 = 4 is low, 90 days.
    assert_eq!(q1["registered"], "2025-03-04T09:15:00.000000Z");
    assert_eq!(q1["state"], "lukket");
    assert_eq!(q1["deadline"], "2025-06-02T09:15:00.000000Z");
    let steps: Vec<(String, String, String)> = q1["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["state"].as_str().unwrap().into(),
                s["at"].as_str().unwrap().into(),
                s["actor"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        vec![
            (
                "mottatt".into(),
                "2025-03-05T07:00:00.000000Z".into(),
                "rektor.aurvoll".into()
            ),
            (
                "under_behandling".into(),
                "2025-03-05T07:00:00.000000Z".into(),
                "rektor.aurvoll".into()
            ),
            (
                "lukket".into(),
                "2025-03-20T13:30:00.000000Z".into(),
                "rektor.aurvoll".into()
            ),
        ]
    );
    let q2 = json_of(&["deviation", "show", "Q-2", "--format", "json"], d);
    // 13:00 in June is 11:00 UTC; the deadline lasts all of 30 June in Oslo.
    assert_eq!(q2["registered"], "2025-06-02T11:00:00.000000Z");
    assert_eq!(q2["category"], "informasjonssikkerhet og personvern");
    assert_eq!(q2["state"], "under_behandling");
    assert_eq!(q2["deadline"], "2025-06-30T21:59:59.999999Z");
    let q3 = json_of(&["deviation", "show", "Q-3", "--format", "json"], d);
    assert_eq!(q3["state"], "registrert");
    assert_eq!(q3["steps"].as_array().unwrap().len(), 0);

    // The same file again changes nothing: not a byte of the register.
    let before = json_of(
        &["deviation", "list", "--period", "2025", "--format", "json"],
        d,
    );
    let out = ok(
        &["--actor", "kvalitet", "deviation", "import", "avvik.xlsx"],
        d,
    );
    assert_eq!(
        out,
        "Lagret: 0 nye avvik, 0 ført videre (0 nye steg), 3 uendret\n"
    );
    assert_eq!(
        json_of(
            &["deviation", "list", "--period", "2025", "--format", "json"],
            d
        ),
        before
    );

    // A later export carries Q-3 to its closure: three new steps.
    export(
        d,
        "avvik-oktober.xlsx",
        rows("lukket", S("2025-09-03 12:00")),
    );
    let out = ok(
        &[
            "--actor",
            "kvalitet",
            "deviation",
            "import",
            "avvik-oktober.xlsx",
        ],
        d,
    );
    assert_eq!(
        out,
        "Lagret: 0 nye avvik, 1 ført videre (3 nye steg), 2 uendret\n"
    );
    let q3 = json_of(&["deviation", "show", "Q-3", "--format", "json"], d);
    assert_eq!(q3["state"], "lukket");
    // The older export is behind the store now: nothing changes.
    let out = ok(
        &["--actor", "kvalitet", "deviation", "import", "avvik.xlsx"],
        d,
    );
    assert_eq!(
        out,
        "Lagret: 0 nye avvik, 0 ført videre (0 nye steg), 3 uendret\n"
    );
}

#[test]
fn a_bad_export_is_refused_cell_by_cell_and_nothing_is_stored() {
    use styring_tests::Cell::{N, S};
    let dir = with_model();
    let d = dir.path();
    let row = |id: &'static str,
               unit: &'static str,
               c: styring_tests::Cell<'static>,
               l: styring_tests::Cell<'static>,
               reg: &'static str,
               state: &'static str,
               closed: &'static str| {
        vec![
            S(id),
            S(unit),
            S("HMS"),
            S("Noe skjedde"),
            S(reg),
            c,
            l,
            S(state),
            S(""),
            S(closed),
            S(""),
            S(""),
        ]
    };
    export(
        d,
        "feil.xlsx",
        vec![
            row(
                "Q-1",
                "Aurvol skole",
                N(2.0),
                N(2.0),
                "2025-03-04 10:15",
                "registrert",
                "",
            ),
            row(
                "Q-2",
                "Aurvoll skole",
                N(7.0),
                N(2.0),
                "2025-03-04 10:15",
                "registrert",
                "",
            ),
            row(
                "Q-3",
                "Aurvoll skole",
                N(2.0),
                S("høy"),
                "2025-03-04 10:15",
                "registrert",
                "",
            ),
            row(
                "Q-4",
                "Aurvoll skole",
                N(2.0),
                N(2.0),
                "i går",
                "registrert",
                "",
            ),
            row(
                "Q-5",
                "Aurvoll skole",
                N(2.0),
                N(2.0),
                "2025-03-04 10:15",
                "lukket",
                "",
            ),
            row(
                "Q-6",
                "Aurvoll skole",
                N(2.0),
                N(2.0),
                "2025-03-04 10:15",
                "lukket",
                "2025-03-01",
            ),
            row(
                "Q-7",
                "Aurvoll skole",
                N(2.0),
                N(2.0),
                "2025-03-04 10:15",
                "ferdig",
                "",
            ),
            row(
                "Q-1",
                "Aurvoll skole",
                N(2.0),
                N(2.0),
                "2025-03-04 10:15",
                "registrert",
                "",
            ),
        ],
    );
    let err = fails(&["deviation", "import", "feil.xlsx"], d);
    for line in [
        "feil.xlsx: Avvik!G6: «høy» er ikke et helt tall; sannsynlighet skrives 1–5",
        "feil.xlsx: Avvik!E7: «i går» er ikke et tidspunkt for «Registrert» (skriv f.eks. 2025-03-04 10:15 eller 04.03.2025)",
        "feil.xlsx: Avvik!H10: status: ukjent verdi «ferdig» (bruk en av: registrert, mottatt, under_behandling, lukket)",
        "feil.xlsx: Avvik!B4: ukjent enhet «Aurvol skole» — mente du «Aurvoll skole»?",
        "feil.xlsx: Avvik!F5: konsekvens 7 er utenfor skalaen 1–5",
        "feil.xlsx: Avvik!H8: avviket er lukket, men lukket-dato mangler; fyll den inn",
        "feil.xlsx: Avvik!J9: tidspunktet 2025-03-01 00:00 er før forrige steg (2025-03-04 10:15); tiden går bare fremover",
        "feil.xlsx: Avvik!A11: avviket Q-1 står to ganger i filen (også i A4); behold én rad",
    ] {
        assert!(err.contains(line), "{line}\n in\n{err}");
    }
    assert!(
        err.starts_with("feil: 8 feil; ingenting ble importert"),
        "{err}"
    );
    // Nothing was stored: the store has no deviations.
    let list = json_of(
        &["deviation", "list", "--period", "2025", "--format", "json"],
        d,
    );
    assert_eq!(list["deviations"], serde_json::json!([]), "{list}");
    // A sheet without the table says which headings it lacks.
    styring_tests::workbook(
        d,
        "tom.xlsx",
        &[(
            "Ark1",
            vec![vec![
                S("Avviksnr"),
                S("Enhet"),
                S("Kategori"),
                S("Beskrivelse"),
            ]],
        )],
    );
    let err = fails(&["deviation", "import", "tom.xlsx"], d);
    assert!(err.contains("tom.xlsx: Ark1!1: overskriftsraden mangler kolonnen «Registrert», «Konsekvens», «Sannsynlighet»; en avvikstabell har Id, Enhet, Kategori, Beskrivelse, Registrert, Konsekvens, Sannsynlighet"), "{err}");
}

#[test]
fn english_headings_and_a_notified_breach() {
    use styring_tests::Cell::{N, S};
    let dir = with_model();
    let d = dir.path();
    let rows = vec![
        [
            "Deviation id",
            "Unit",
            "Category",
            "Description",
            "Registered",
            "Consequence",
            "Likelihood",
            "Happened",
            "Notification duty",
            "Notified",
            "Reported by",
        ]
        .iter()
        .map(|h| S(h))
        .collect(),
        vec![
            S("E-1"),
            S("aurvoll"),
            S("informasjonssikkerhet og personvern"),
            S("Lost laptop"),
            S("2025-05-05T08:00:00Z"),
            N(4.0),
            N(2.0),
            S("2025-05-04 22:00"),
            S("Datatilsynet"),
            S("2025-05-06 09:00"),
            S("ola"),
        ],
    ];
    styring_tests::workbook(d, "export.xlsx", &[("Deviations", rows)]);
    let out = ok(&["--lang", "en", "deviation", "import", "export.xlsx"], d);
    assert_eq!(
        out,
        "Stored: 1 new deviations, 0 carried further (0 new steps), 0 unchanged\n"
    );
    let e1 = json_of(&["deviation", "show", "E-1", "--format", "json"], d);
    assert_eq!(e1["happened"], "2025-05-04T20:00:00.000000Z");
    assert_eq!(e1["duty"], "personal_data_breach");
    assert_eq!(e1["notified"], "2025-05-06T07:00:00.000000Z");
}

#[test]
fn the_register_workbook_goes_back_in_as_it_came_out() {
    use styring_tests::Cell::{D, N, S};
    let dir = with_model();
    let d = dir.path();
    export(
        d,
        "avvik.xlsx",
        vec![
            vec![
                S("Q-1"),
                S("Aurvoll skole"),
                S("hms"),
                S("Elev falt i trappa"),
                D("2025-03-04 10:15:00"),
                N(2.0),
                N(2.0),
                S("Lukket"),
                D("2025-03-05 08:00:00"),
                D("2025-03-20 14:30:00"),
                S("rektor.aurvoll"),
                S(""),
            ],
            vec![
                S("Q-2"),
                S("aurvoll"),
                S("annet"),
                S("Brannalarm uten grunn"),
                S("02.06.2025 13:00"),
                N(3.0),
                N(3.0),
                S("mottatt"),
                S("2025-06-02 15:00"),
                S(""),
                S("rektor.aurvoll"),
                S("30.06.2025"),
            ],
        ],
    );
    ok(
        &["--actor", "kvalitet", "deviation", "import", "avvik.xlsx"],
        d,
    );
    let out = ok(&["deviation", "export", "--out", "register.xlsx"], d);
    assert_eq!(out, "Skrev register.xlsx (2 avvik)\n");
    // Into the same store: everything matches, nothing changes.
    let out = ok(
        &[
            "--actor",
            "kvalitet",
            "deviation",
            "import",
            "register.xlsx",
        ],
        d,
    );
    assert_eq!(
        out,
        "Lagret: 0 nye avvik, 0 ført videre (0 nye steg), 2 uendret\n"
    );
    // Into a fresh store: the same deviations, step by step.
    let before = json_of(
        &["deviation", "list", "--period", "2025", "--format", "json"],
        d,
    );
    ok(
        &[
            "--actor",
            "kvalitet",
            "deviation",
            "import",
            "register.xlsx",
            "--store",
            "ny.sqlite",
        ],
        d,
    );
    let after = json_of(
        &[
            "deviation",
            "list",
            "--period",
            "2025",
            "--format",
            "json",
            "--store",
            "ny.sqlite",
        ],
        d,
    );
    assert_eq!(after, before);
}
