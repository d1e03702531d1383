//! SSB's tables on the command line: `styring kostra show` decodes a saved
//! JSON-stat or CSV file cell by cell, and a bad file is refused with its
//! place.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)] // a test: a panic is a failure

mod common;
use common::{failure, ok};

/// Two regions and two years; the index of years out of key order, one
/// cell missing with «:».
const TABLE: &str = r#"{"version":"2.0","class":"dataset","label":"Netto driftsresultat (eksempeldata)",
 "id":["Region","Tid"],"size":[2,2],"role":{"geo":["Region"],"time":["Tid"]},
 "dimension":{"Region":{"label":"region","category":{"index":["3440","3441"],"label":{"3440":"Øyer","3441":"Gausdal"}}},
              "Tid":{"label":"år","category":{"index":{"2024":1,"2023":0}}}},
 "value":[1.5,2.25,null,-0.5],"status":{"2":":"}}"#;

#[test]
fn a_saved_table_cell_by_cell() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("t.json"), TABLE).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["kostra", "show", "t.json", "--format", "json"], d)).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            {"Region": "3440", "Tid": "2023", "value": 1.5, "status": null},
            {"Region": "3440", "Tid": "2024", "value": 2.25, "status": null},
            {"Region": "3441", "Tid": "2023", "value": null, "status": ":"},
            {"Region": "3441", "Tid": "2024", "value": -0.5, "status": null},
        ])
    );
    let table = ok(&["kostra", "show", "t.json"], d);
    assert!(
        table.starts_with("Netto driftsresultat (eksempeldata)\n4 celler\n"),
        "{table}"
    );
    assert!(
        table.contains("  3441 Gausdal  2023         : (vises ikke av hensyn til personvernet)\n"),
        "{table}"
    );
    // The same table as SSB's CSV in ISO-8859-1: the same cells.
    let csv: Vec<u8> = "\"region\";\"år\";\"Netto driftsresultat (eksempeldata)\"\n\"3440 Øyer\";\"2023\";1.5\n\"3440 Øyer\";\"2024\";2.25\n\"3441 Gausdal\";\"2023\";:\n\"3441 Gausdal\";\"2024\";-0.5\n"
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    std::fs::write(d.join("t.csv"), csv).unwrap();
    let from_csv: serde_json::Value =
        serde_json::from_str(&ok(&["kostra", "show", "t.csv", "--format", "json"], d)).unwrap();
    let values: Vec<&serde_json::Value> = from_csv
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["value"])
        .collect();
    assert_eq!(
        values,
        [
            &serde_json::json!(1.5),
            &serde_json::json!(2.25),
            &serde_json::Value::Null,
            &serde_json::json!(-0.5)
        ]
    );
    assert_eq!(from_csv[1]["år"], "2024");
}

#[test]
fn a_bad_table_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("t.json"), TABLE.replace("[2,2]", "[2,3]")).unwrap();
    let (code, err) = failure(&["kostra", "show", "t.json"], d);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "feil: 2 feil; ingenting ble lest:\nt.json: $.size[1]: size sier 3 for «Tid», men dimensjonen har 2 kategorier\nt.json: $.value: value har 4 verdier, men size gir 6 celler\n"
    );
    let (code, err) = failure(&["kostra", "show", "t.json", "--encoding", "ebcdic"], d);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("feil: --encoding: ukjent tegnkoding «ebcdic»"),
        "{err}"
    );
    let (_, err) = failure(&["kostra", "show", "finnes-ikke.json"], d);
    assert!(
        err.ends_with("finnes-ikke.json: filen finnes ikke\n"),
        "{err}"
    );
}

/// The demo's model with one KOSTRA indicator and the `[kostra]` section.
fn with_kostra_model(d: &std::path::Path) {
    ok(&["demo", "--out", "demo"], d);
    let mut m = std::fs::read_to_string(d.join("demo/model.toml")).unwrap();
    // The demo's own [kostra] section is the file's last; this one replaces it.
    if let Some(i) = m.find("\n[kostra]") {
        m.truncate(i + 1);
    }
    m.push_str(
        "\n[[indicators]]\ncode = \"O.2.9\"\nname = \"Netto driftsresultat i prosent av brutto driftsinntekter\"\nfocus_area = \"O.2\"\nmeasure = \"number\"\ndecimals = 1\ndirection = \"higher_is_better\"\nfrequency = \"year\"\nsource = \"KOSTRA\"\nkostra = { table = \"12134\", contents = \"NDR\" }\n\n[kostra]\nregion = \"3440\"\ngroup = \"EKG01\"\ncompare = [\"3441\"]\n[kostra.old_codes]\n\"0521\" = \"3440\"\n",
    );
    std::fs::write(d.join("model.toml"), m).unwrap();
}

/// Øyer under its old code in 2019 and its new one in 2020, its group.
const MERGED: &str = r#"{"version":"2.0","class":"dataset","label":"12134: Nøkkeltall (eksempeldata)",
 "id":["Region","ContentsCode","Tid"],"size":[3,1,2],"role":{"geo":["Region"],"time":["Tid"],"metric":["ContentsCode"]},
 "dimension":{"Region":{"category":{"index":["0521","3440","EKG01"]}},
              "ContentsCode":{"category":{"index":["NDR"]}},
              "Tid":{"category":{"index":["2019","2020"]}}},
 "value":[1.5,null,null,2.5,0.8,null],"status":{"5":".."}}"#;

#[test]
fn figures_are_stored_once_and_revised_with_their_source() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_kostra_model(d);
    std::fs::write(d.join("mars.json"), MERGED).unwrap();
    // A dry run stores nothing, and makes no store.
    let out = ok(&["kostra", "import", "--dry-run", "mars.json"], d);
    // The demo's two school and kindergarten indicators read table 12134
    // too, for contents this file does not have: set aside, and said.
    assert_eq!(
        out,
        "mars.json: tabell 12134, 4 tall for modellens indikatorer\n  Ikke i filen (hoppet over):\n\
         mars.json: O.2.1 Korrigerte brutto driftsutgifter per elev: ContentsCode: ukjent kode «KOSkorrbrutto0000»; det finnes: «NDR»\n\
         mars.json: O.2.2 Korrigerte brutto driftsutgifter per barn i barnehage: ContentsCode: ukjent kode «KOSkorrbarnehage0000»; det finnes: «NDR»\n\
         Kontrollert, ingenting lagret.\n"
    );
    assert!(!d.join("store.sqlite").exists());
    // Øyer's two years (one under the old code) and the group's two.
    let out = ok(&["kostra", "import", "mars.json"], d);
    assert!(
        out.ends_with("Lagret: 4 nye, 0 revidert, 0 uendret\n"),
        "{out}"
    );
    let out = ok(&["kostra", "import", "mars.json"], d);
    assert!(
        out.ends_with("Lagret: 0 nye, 0 revidert, 4 uendret\n"),
        "{out}"
    );
    // June's final figures revise one value.
    std::fs::write(d.join("juni.json"), MERGED.replace("2.5,0.8", "2.7,0.8")).unwrap();
    let out = ok(&["kostra", "import", "juni.json"], d);
    assert!(
        out.ends_with("Lagret: 0 nye, 1 revidert, 3 uendret\n"),
        "{out}"
    );
    let list: serde_json::Value =
        serde_json::from_str(&ok(&["kostra", "list", "--format", "json"], d)).unwrap();
    let rows: Vec<(String, i64, serde_json::Value, String, serde_json::Value)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["region"].as_str().unwrap().to_string(),
                r["year"].as_i64().unwrap(),
                r["value"].clone(),
                r["source"].as_str().unwrap().to_string(),
                r["break"].clone(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "3440".into(),
                2019,
                serde_json::json!(1.5),
                "mars.json".into(),
                serde_json::Value::Null
            ),
            (
                "3440".into(),
                2020,
                serde_json::json!(2.7),
                "juni.json".into(),
                serde_json::json!("regionkode 0521 → 3440")
            ),
            (
                "EKG01".into(),
                2019,
                serde_json::json!(0.8),
                "mars.json".into(),
                serde_json::Value::Null
            ),
            (
                "EKG01".into(),
                2020,
                serde_json::Value::Null,
                "mars.json".into(),
                serde_json::Value::Null
            ),
        ]
    );
    let table = ok(&["kostra", "list"], d);
    assert!(
        table.contains(
            "O.2.9  3440  2020  2,7  ⚑ regionkode 0521 → 3440  (tabell 12134, juni.json)\n"
        ),
        "{table}"
    );
    assert!(
        table
            .contains("O.2.9  EKG01  2020  .. (tallgrunnlag mangler)  (tabell 12134, mars.json)\n"),
        "{table}"
    );
    // The comparison for 2019: Øyer 1,5 against the group's 0,8 is
    // (1,5 − 0,8) / 0,8 = 87,5 % above; no chosen municipality has a figure.
    let cmp = ok(&["kostra", "compare", "--year", "2019"], d);
    assert!(
        cmp.starts_with("KOSTRA-sammenligning — Øyer kommune\n2019\n"),
        "{cmp}"
    );
    assert!(
        cmp.contains("1,5")
            && cmp.contains("0,8")
            && cmp.contains("87,5 % over snittet i KOSTRA-gruppen (EKG01)"),
        "{cmp}"
    );
    // 2020: the break shows beside the figure.
    let cmp = ok(
        &["kostra", "compare", "--year", "2020", "--format", "json"],
        d,
    );
    assert!(cmp.contains("regionkode 0521 → 3440"), "{cmp}");
    let (code, err) = failure(
        &[
            "kostra",
            "compare",
            "--year",
            "2020",
            "--indicator",
            "O.2.99",
        ],
        d,
    );
    assert_eq!((code, err.as_str()), (1, "feil: 1 feil; ingenting ble lest:\n--indicator: ukjent KOSTRA-indikator «O.2.99» — mente du «O.2.9»?\n"));
    // The store's JSON export carries every published value, and reads back.
    ok(&["store", "export", "--out", "lager.json"], d);
    let json = std::fs::read_to_string(d.join("lager.json")).unwrap();
    assert_eq!(
        json.matches("\"indicator\": \"O.2.9\"").count()
            + json.matches("\"indicator\":\"O.2.9\"").count(),
        5,
        "{json}"
    );
    ok(
        &["store", "import", "--store", "ny.sqlite", "lager.json"],
        d,
    );
    let again = ok(
        &["kostra", "list", "--store", "ny.sqlite", "--format", "json"],
        d,
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&again).unwrap(),
        list
    );
}

#[test]
fn a_table_that_does_not_fit_the_model_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_kostra_model(d);
    std::fs::write(d.join("feil.json"), MERGED.replace("\"NDR\"]", "\"NDRX\"]")).unwrap();
    std::fs::write(d.join("god.json"), MERGED).unwrap();
    let (code, err) = failure(&["kostra", "import", "god.json", "feil.json"], d);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "feil: 3 feil; ingenting ble lest:\n\
         feil.json: O.2.1 Korrigerte brutto driftsutgifter per elev: ContentsCode: ukjent kode «KOSkorrbrutto0000»; det finnes: «NDRX»\n\
         feil.json: O.2.2 Korrigerte brutto driftsutgifter per barn i barnehage: ContentsCode: ukjent kode «KOSkorrbarnehage0000»; det finnes: «NDRX»\n\
         feil.json: O.2.9 Netto driftsresultat i prosent av brutto driftsinntekter: ContentsCode: ukjent kode «NDR» — mente du «NDRX»?\n"
    );
    assert!(
        !d.join("store.sqlite").exists()
            || ok(&["kostra", "list", "--format", "json"], d).trim() == "[]"
    );
    // A file that does not say its table, and a table no indicator reads.
    std::fs::write(d.join("uten.json"), MERGED.replace("12134: ", "")).unwrap();
    let (_, err) = failure(&["kostra", "import", "uten.json"], d);
    assert!(err.ends_with("uten.json: filen sier ikke hvilken SSB-tabell den er fra; oppgi tabellnummeret med --table (som 12134)\n"), "{err}");
    let (_, err) = failure(&["kostra", "import", "uten.json", "--table", "04813"], d);
    assert!(
        err.contains("ingen indikator i modellen henter tall fra tabell 04813"),
        "{err}"
    );
    let out = ok(
        &[
            "kostra",
            "import",
            "uten.json",
            "--table",
            "12134",
            "--dry-run",
        ],
        d,
    );
    assert!(out.starts_with("uten.json: tabell 12134, 4 tall"), "{out}");
}

#[test]
fn the_municipalitys_scorecard_shows_kostra_against_the_group_with_the_break() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("demo");
    ok(&["demo", "--out", "demo"], dir.path());
    let out = ok(
        &["scorecard", "--unit", "kommune", "--period", "2025-T2"],
        &d,
    );
    // The demo's table: Øyer's 2019 level grows 3,5 % a year for pupils
    // (139 800 · 1,035⁵ = 166 039) and 3,3 % for children (214 300 ·
    // 1,033⁵ = 252 072); the group's children 210 400 · 1,045⁵ = 262 197,
    // so Øyer is 10 125 / 262 197 = 3,9 % under: green by kostra_group.
    let o21 = out
        .lines()
        .skip_while(|l| !l.contains("O.2.1 "))
        .take(4)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(o21.contains("166 039 kr (2024)"), "{o21}");
    assert!(o21.contains("            KOSTRA (SSB)"), "{o21}");
    assert!(
        o21.contains("            ⚑ brudd i serien 2020: regionkode 0521 → 3440"),
        "{o21}"
    );
    let o22 = out.lines().find(|l| l.contains("O.2.2 ")).unwrap();
    assert!(
        o22.contains("252 072 kr (2024)") && o22.contains("● grønn"),
        "{o22}"
    );
    assert!(
        o22.ends_with("252 072 kr er 3,9 % under snittet i Kostragruppe 1 (eksempel)"),
        "{o22}"
    );
    // A kindergarten's own 2025 figure has no group figure to meet yet.
    let unit = ok(
        &["scorecard", "--unit", "mosjordet", "--period", "2025-T2"],
        &d,
    );
    let row = unit.lines().find(|l| l.contains("O.2.2 ")).unwrap();
    assert!(
        row.ends_with("ingen KOSTRA-tall for gruppen for 2025"),
        "{row}"
    );
    let json: serde_json::Value = serde_json::from_str(&ok(
        &[
            "scorecard",
            "--unit",
            "kommune",
            "--period",
            "2025-T2",
            "--format",
            "json",
        ],
        &d,
    ))
    .unwrap();
    // The demo's workbook has the comparison of 2024 (the latest year
    // with Øyer's figures up to 2025) as a sheet before the legend.
    let book = styring_tests::file_text(&d.join("styringskort.xlsx"));
    assert!(
        book.contains(r#"<sheet name="KOSTRA 2024""#),
        "no KOSTRA sheet"
    );
    assert!(book.contains("3,9 % under snittet i KOSTRA-gruppen (EKG01)"));
    let r = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["indicator"] == "O.2.1")
        .unwrap();
    assert_eq!(
        r["breaks"],
        serde_json::json!([{"period": "2020", "note": "regionkode 0521 → 3440"}])
    );
    assert_eq!(r["from_kostra"], true);
}
