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
