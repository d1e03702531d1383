//! The deviation register as a leader meets it on the command line: a
//! deviation registered, moved through its handling with every step kept,
//! a measure and a notification, the period's list, and every bad input
//! with the message the user sees.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)] // a test: a panic is a failure

use std::path::Path;
use styring_tests::{run, text};

const BIN: &str = env!("CARGO_BIN_EXE_styring");

fn ok(args: &[&str], dir: &Path) -> String {
    let o = run(BIN, args, dir);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{args:?}: {out}{err}");
    out
}

fn fails(args: &[&str], dir: &Path) -> String {
    let o = run(BIN, args, dir);
    let (out, err) = text(&o);
    assert!(!o.status.success(), "{args:?} should fail: {out}");
    err
}

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
        "Registrert avvik AV-1: risiko 12 (høy), frist 2025-05-12 09:00\n"
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
    assert!(err.contains("tidspunktet 2025-05-07T09:00:00.000000Z er før forrige steg (2025-05-08T09:00:00.000000Z); tiden går bare fremover"), "{err}");
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
        table.contains("IKKE VARSLET, fristen var 2025-05-09 08:00"),
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
    assert!(table.contains("  varslet 2025-05-07 08:00"), "{table}");
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
    assert!(err.ends_with("avvik AV-1: tiltaket kan ikke planlegges 2025-05-01T00:00:00.000000Z før avviket ble registrert (2025-05-05T09:00:00.000000Z)\n"), "{err}");
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
