//! Benefit realisation on the command line: a plan read from its workbook
//! (every version kept), values recorded, each benefit's status worked out
//! by hand, the benefit map checked, and every bad input with the message
//! the user sees.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)] // a test: a panic is a failure

mod common;
use common::{fails, ok};

use std::path::Path;
use styring_tests::{workbook, Cell::N, Cell::S};

const HEAD: [&str; 10] = [
    "Gevinst",
    "Type",
    "Måleenhet",
    "Nullpunkt",
    "Nullpunktsdato",
    "Forventet",
    "Frist",
    "Mål",
    "Tiltak",
    "Effekt",
];

fn plan(d: &Path, name: &str, rows: Vec<Vec<styring_tests::Cell<'_>>>) {
    let mut sheet = vec![HEAD.iter().map(|h| S(h)).collect::<Vec<_>>()];
    sheet.extend(rows);
    workbook(
        d,
        name,
        &[
            (
                "Prosjekt",
                vec![
                    vec![S("Id"), S("P-1")],
                    vec![S("Prosjekt"), S("Velferdsteknologi")],
                    vec![S("Eier"), S("kommunalsjef")],
                    vec![S("Enheter"), S("hjemmebaserte")],
                    vec![S("Type"), S("drift")],
                ],
            ),
            ("Gevinster", sheet),
        ],
    );
}

fn with_model() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", "--out", "demo"], dir.path());
    std::fs::copy(
        dir.path().join("demo/model.toml"),
        dir.path().join("model.toml"),
    )
    .unwrap();
    dir
}

#[test]
fn a_plan_its_values_and_each_benefits_status() {
    let dir = with_model();
    let d = dir.path();
    plan(
        d,
        "plan.xlsx",
        vec![
            vec![
                S("Færre km"),
                S("kvalitet"),
                S("km per uke"),
                N(1000.0),
                S("2025-01-01"),
                N(600.0),
                S("2025"),
                S("TP.3"),
                S("Skjermtilsyn"),
                S("Færre besøk"),
            ],
            vec![
                S("Spart tid"),
                S("økonomisk"),
                S(""),
                N(0.0),
                S("2025-01-01"),
                N(400000.0),
                S("2025"),
                S("KP.3"),
                S("Skjermtilsyn"),
                S("Færre besøk"),
            ],
            vec![
                S("Trygghet"),
                S("kvalitet"),
                S("%"),
                N(70.0),
                S("2025-01-01"),
                N(80.0),
                S("2026"),
                S(""),
                S("Skjermtilsyn"),
                S("Raskere hjelp"),
            ],
        ],
    );
    let out = ok(
        &["--actor", "prosjektleder", "benefit", "import", "plan.xlsx"],
        d,
    );
    // Stored, with the benefit that serves no goal listed.
    assert!(
        out.starts_with("Gevinstplan P-1 (Velferdsteknologi, 3 gevinster): Lagret som versjon 1\n"),
        "{out}"
    );
    assert!(
        out.contains("gevinst «Trygghet»: gevinsten tjener ikke noe mål i målhierarkiet"),
        "{out}"
    );
    let again = ok(&["benefit", "import", "plan.xlsx"], d);
    assert!(
        again.contains("Uendret (samme som siste versjon)"),
        "{again}"
    );
    ok(
        &[
            "benefit",
            "record",
            "P-1",
            "--benefit",
            "Færre km",
            "--period",
            "2025-T2",
            "--value",
            "700",
        ],
        d,
    );
    ok(
        &[
            "benefit",
            "record",
            "P-1",
            "--benefit",
            "Spart tid",
            "--period",
            "2025-T2",
            "--value",
            "100 000",
        ],
        d,
    );
    let list: serde_json::Value =
        serde_json::from_str(&ok(&["benefit", "list", "--format", "json"], d)).unwrap();
    let plans = list["plans"].as_array().unwrap();
    let p1 = plans.iter().find(|p| p["id"] == "P-1").unwrap();
    let b = p1["benefits"].as_array().unwrap();
    // km: 300 of 400 (75 %); kroner: 100 000 of 400 000 (25 %); the
    // realised share against the share of 2025 that has passed today (all
    // of it): behind for both once the year is over, none for trygghet.
    assert_eq!(b[0]["progress"], 0.75);
    assert_eq!(b[1]["progress"], 0.25);
    assert_eq!(b[2]["status"], "not_measured");
    assert_eq!(p1["status"], "behind");
    // On 1 September 2025 (243 of 365 days gone, 67 %): km on track,
    // kroner behind.
    let show = ok(
        &[
            "benefit",
            "show",
            "P-1",
            "--today",
            "2025-09-01",
            "--format",
            "json",
        ],
        d,
    );
    assert!(show.contains("75 % av gevinsten er realisert (700 i 2025-T2 mot nullpunkt 1 000 og forventet 600 km per uke); 67 % av tiden er gått"), "{show}");
    assert!(show.contains("25 % av gevinsten er realisert"), "{show}");
    let table = ok(&["benefit", "show", "P-1", "--today", "2025-09-01"], d);
    assert!(
        table.contains("GEVINSTKART") && table.contains("(ingen — må knyttes til et mål)"),
        "{table}"
    );
}

#[test]
fn bad_plans_each_with_their_cells() {
    let dir = with_model();
    let d = dir.path();
    plan(
        d,
        "feil.xlsx",
        vec![
            vec![
                S("Uten nullpunkt"),
                S("kvalitet"),
                S("km"),
                S(""),
                S("2025-01-01"),
                N(600.0),
                S("2025"),
                S("TP.3"),
                S("T"),
                S("E"),
            ],
            vec![
                S("Tekst"),
                S("kvalitet"),
                S("km"),
                N(100.0),
                S("2025-01-01"),
                S("mange"),
                S("2025"),
                S("TP.3"),
                S("T"),
                S("E"),
            ],
            vec![
                S("Dato"),
                S("kvalitet"),
                S("km"),
                N(100.0),
                S("i fjor"),
                N(50.0),
                S("2025"),
                S("TP.3"),
                S("T"),
                S("E"),
            ],
        ],
    );
    let err = fails(&["benefit", "import", "feil.xlsx"], d);
    for line in [
        "feil.xlsx: Gevinster!D2: gevinsten «Uten nullpunkt» mangler nullpunkt (nullpunktsmåling); mål utgangspunktet før gevinsten kan følges opp",
        "feil.xlsx: Gevinster!F3: «mange» er ikke et tall (Forventet)",
        "feil.xlsx: Gevinster!E4: nullpunktsdatoen mangler eller er ikke en dato (skriv 2025-01-15)",
    ] {
        assert!(err.contains(line), "{line}\nin\n{err}");
    }
    // A goal the model does not have, and a benefit that changes nothing.
    plan(
        d,
        "mal.xlsx",
        vec![vec![
            S("Km"),
            S("kvalitet"),
            S("km"),
            N(100.0),
            S("2025-01-01"),
            N(100.0),
            S("2025"),
            S("TP.33"),
            S("T"),
            S("E"),
        ]],
    );
    let err = fails(&["benefit", "import", "mal.xlsx"], d);
    assert!(
        err.contains("gevinst «Km»: ukjent mål «TP.33» — mente du «TP.3»?"),
        "{err}"
    );
    assert!(
        err.contains("forventet verdi er lik nullpunktet; en gevinst må endre noe"),
        "{err}"
    );
    // Nothing was stored.
    let list = ok(&["benefit", "list", "--format", "json"], d);
    assert!(!list.contains("\"P-1\""), "{list}");
    // Recording: an unknown plan, an unknown benefit, text for a number.
    let err = fails(
        &[
            "benefit",
            "record",
            "GP-2",
            "--benefit",
            "x",
            "--period",
            "2025",
            "--value",
            "1",
            "--store",
            "demo/store.sqlite",
        ],
        d,
    );
    assert!(
        err.contains("gevinstplan GP-2: ukjent gevinstplan «GP-2» — mente du «GP-1»?"),
        "{err}"
    );
    let err = fails(
        &[
            "benefit",
            "record",
            "GP-1",
            "--benefit",
            "Færre kjørte kilometr",
            "--period",
            "2025",
            "--value",
            "1",
            "--store",
            "demo/store.sqlite",
        ],
        d,
    );
    assert!(
        err.contains("ukjent gevinst «Færre kjørte kilometr» — mente du «Færre kjørte kilometer»?"),
        "{err}"
    );
    let err = fails(
        &[
            "benefit",
            "record",
            "GP-1",
            "--benefit",
            "Færre kjørte kilometer",
            "--period",
            "2025",
            "--value",
            "mye",
        ],
        d,
    );
    assert!(err.contains("--value: «mye» er ikke et tall"), "{err}");
}
