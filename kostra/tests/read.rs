//! SSB's files read as SSB writes them, and every bad input with the
//! message and place the user sees. Expected values are worked out by hand
//! from the files written here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)] // a test: a panic is a failure

use styring_core::kostra::{cells, Role};
use styring_core::text::Localized;
use styring_core::Lang;
use styring_kostra::{read_csv, read_jsonstat, Encoding, KostraError, Limits};

/// Table 12134 as PxWebApi v2 answers: Øyer, KOSTRA group 1 and the
/// country; two years; one content. The region index is an object whose
/// key order means nothing (EAK has position 2, EKG01 position 1); the
/// values are sparse and one cell is missing with «..».
const SSB: &str = r#"{
  "version": "2.0", "class": "dataset",
  "label": "12134: Utvalgte nøkkeltall for grunnskole (K)",
  "source": "Statistisk sentralbyrå", "updated": "2025-06-15T06:00:00Z",
  "note": ["Eksempeldata"],
  "id": ["KOKkommuneregion0000", "ContentsCode", "Tid"],
  "size": [3, 1, 2],
  "role": {"time": ["Tid"], "geo": ["KOKkommuneregion0000"], "metric": ["ContentsCode"]},
  "dimension": {
    "KOKkommuneregion0000": {"label": "region", "category": {
      "index": {"3440": 0, "EAK": 2, "EKG01": 1},
      "label": {"3440": "Øyer", "EKG01": "Kostragruppe 1", "EAK": "Landet"}}},
    "ContentsCode": {"label": "statistikkvariabel", "category": {
      "index": ["KOSkorrbrutto0000"],
      "label": {"KOSkorrbrutto0000": "Korrigerte brutto driftsutgifter per elev"},
      "unit": {"KOSkorrbrutto0000": {"base": "kr", "decimals": 0}}}},
    "Tid": {"label": "år", "category": {"index": {"2023": 0, "2024": 1}},
            "note": ["Tall for 2024 er foreløpige"]}
  },
  "value": {"0": 154020, "1": 161911, "2": 152000, "4": 149500, "5": 155200},
  "status": {"3": ".."}
}"#;

fn problems(e: KostraError) -> Vec<(String, String)> {
    match e {
        KostraError::Read(p) => p
            .iter()
            .map(|x| {
                (
                    x.location.entry.clone().unwrap_or_default(),
                    x.message(Lang::Nb).to_string(),
                )
            })
            .collect(),
        other => panic!("not a read error: {other}"),
    }
}

#[test]
fn a_table_in_ssbs_shape() {
    let cube = read_jsonstat(SSB.as_bytes(), "12134.json", &Limits::default()).unwrap();
    let region = cube.with_role(Role::Geo).unwrap();
    let codes: Vec<&str> = region.categories.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["3440", "EKG01", "EAK"]);
    assert_eq!(region.categories[1].label, "Kostragruppe 1");
    let unit = cube.dimension("ContentsCode").unwrap().categories[0]
        .unit
        .clone()
        .unwrap();
    assert_eq!(
        (unit.decimals, unit.label.as_deref()),
        (Some(0), Some("kr"))
    );
    assert_eq!(
        cube.with_role(Role::Time).unwrap().notes,
        ["Tall for 2024 er foreløpige"]
    );
    assert_eq!(cube.source.as_deref(), Some("Statistisk sentralbyrå"));
    // Cells: region × contents × year, the year fastest.
    let all: Vec<(Vec<&str>, Option<f64>, Option<&str>)> = cells(&cube)
        .map(|c| (c.codes.iter().map(|x| x.1).collect(), c.value, c.status))
        .collect();
    assert_eq!(all.len(), 6);
    assert_eq!(
        all[1],
        (
            vec!["3440", "KOSkorrbrutto0000", "2024"],
            Some(161911.0),
            None
        )
    );
    assert_eq!(
        all[3],
        (vec!["EKG01", "KOSkorrbrutto0000", "2024"], None, Some(".."))
    );
    assert_eq!(all[4].1, Some(149500.0));
    // The same table with dense values and an array index.
    let dense = SSB
        .replace(
            r#"{"0": 154020, "1": 161911, "2": 152000, "4": 149500, "5": 155200}"#,
            "[154020, 161911, 152000, null, 149500, 155200]",
        )
        .replace(
            r#"{"3440": 0, "EAK": 2, "EKG01": 1}"#,
            r#"["3440", "EKG01", "EAK"]"#,
        );
    assert_eq!(
        read_jsonstat(dense.as_bytes(), "d.json", &Limits::default()).unwrap(),
        cube
    );
}

#[test]
fn bad_tables_are_refused_at_their_json_path() {
    let read =
        |s: &str| problems(read_jsonstat(s.as_bytes(), "f.json", &Limits::default()).unwrap_err());
    // size does not match the values.
    let e = read(
        &SSB.replace(r#""size": [3, 1, 2]"#, r#""size": [3, 1, 3]"#)
            .replace(
                r#"{"0": 154020, "1": 161911, "2": 152000, "4": 149500, "5": 155200}"#,
                "[1,2,3,4,5,6]",
            ),
    );
    assert!(
        e.contains(&(
            "$.size[2]".into(),
            "size sier 3 for «Tid», men dimensjonen har 2 kategorier".into()
        )),
        "{e:?}"
    );
    let e = read(&SSB.replace(
        r#"{"0": 154020, "1": 161911, "2": 152000, "4": 149500, "5": 155200}"#,
        "[1,2,3,4,5]",
    ));
    assert_eq!(
        e,
        [(
            "$.value".to_string(),
            "value har 5 verdier, men size gir 6 celler".to_string()
        )]
    );
    // An index that skips a position (0 and 2 of two) or repeats one.
    let e = read(&SSB.replace(r#"{"2023": 0, "2024": 1}"#, r#"{"2023": 0, "2024": 2}"#));
    assert_eq!(
        e,
        [(
            "$.dimension.Tid.category.index.2024".to_string(),
            "posisjon 2 finnes ikke; med 2 kategorier går posisjonene fra 0 til 1".to_string()
        )]
    );
    let e = read(&SSB.replace(r#"{"2023": 0, "2024": 1}"#, r#"{"2023": 1, "2024": 1}"#));
    assert_eq!(
        e,
        [(
            "$.dimension.Tid.category.index.2024".to_string(),
            "posisjon 1 er gitt både «2023» og «2024»; hver posisjon 0–1 skal brukes én gang"
                .to_string()
        )]
    );
    // A status for a cell with a value.
    let e = read(&SSB.replace(r#"{"3": ".."}"#, r#"{"1": ":"}"#));
    assert_eq!(e, [("$.status.1".to_string(), "celle 1 har både en verdi (161911) og statusen «:»; en status hører til en celle uten verdi".to_string())]);
    // Sparse keys that name no cell, in value and in status.
    let e = read(
        &SSB.replace(r#""5": 155200}"#, r#""9": 155200}"#)
            .replace(r#"{"3": ".."}"#, r#"{"x": ".."}"#),
    );
    assert_eq!(
        e,
        [
            (
                "$.value.9".to_string(),
                "«9» er ingen celle; cellene er 0–5".to_string()
            ),
            (
                "$.status.x".to_string(),
                "«x» er ingen celle; cellene er 0–5".to_string()
            ),
        ]
    );
    // A dimension in id with no entry in dimension.
    let e = read(
        &SSB.replace(
            r#""ContentsCode", "Tid"],"#,
            r#""ContentsCode", "Tid", "Alder"],"#,
        )
        .replace("[3, 1, 2]", "[3, 1, 2, 1]"),
    );
    assert!(
        e.contains(&(
            "$.dimension.Alder".into(),
            "dimensjonen «Alder» står i id, men har ingen oppføring i dimension".into()
        )),
        "{e:?}"
    );
    // Not JSON, with its line and column; a collection; no version.
    let e = read("{\n  \"version\": \"2.0\",\n  oops\n}");
    assert_eq!(e[0].0, "linje 3, kolonne 3");
    assert!(e[0].1.starts_with("ikke gyldig JSON"), "{e:?}");
    let e = read(r#"{"version":"2.0","class":"collection","link":{}}"#);
    assert!(
        e[0].1
            .starts_with("klassen er «collection»; bare et datasett"),
        "{e:?}"
    );
    let e = read(&SSB.replace(r#""version": "2.0", "#, ""));
    assert_eq!(
        e,
        [(
            "$.version".to_string(),
            "«version» mangler; JSON-stat 2.0 krever det".to_string()
        )]
    );
    // Too many cells for the limits: refused before anything is allocated.
    let small = Limits {
        max_cells: 5,
        ..Limits::default()
    };
    let e = problems(read_jsonstat(SSB.as_bytes(), "f.json", &small).unwrap_err());
    assert_eq!(
        e,
        [(
            "$.size".to_string(),
            "tabellen har flere enn 5 celler".to_string()
        )]
    );
    // The English messages.
    let err = read_jsonstat(
        SSB.replace(r#"{"3": ".."}"#, r#"{"1": ":"}"#).as_bytes(),
        "f.json",
        &Limits::default(),
    )
    .unwrap_err();
    assert!(
        err.render(Lang::En)
            .contains("f.json: $.status.1: cell 1 has both a value (161911) and the status \":\""),
        "{}",
        err.render(Lang::En)
    );
}

/// Latin-1 bytes of a text (every character below U+0100).
fn latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

const CSV: &str =
    "\"region\";\"statistikkvariabel\";\"år\";\"12134: Utvalgte nøkkeltall for grunnskole (K)\"\n\
\"3440 Øyer\";\"Korrigerte brutto driftsutgifter per elev\";\"2023\";154020\n\
\"3440 Øyer\";\"Korrigerte brutto driftsutgifter per elev\";\"2024\";161911\n\
\"EKG01 Kostragruppe 1\";\"Korrigerte brutto driftsutgifter per elev\";\"2023\";152000.5\n\
\"EKG01 Kostragruppe 1\";\"Korrigerte brutto driftsutgifter per elev\";\"2024\";..\n";

#[test]
fn ssbs_csv_in_latin1_and_in_utf8() {
    let cube = read_csv(
        &latin1(CSV),
        "12134.csv",
        Encoding::Auto,
        &Limits::default(),
    )
    .unwrap();
    let ids: Vec<&str> = cube.dimensions().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["region", "statistikkvariabel", "år"]);
    let region = cube.dimension("region").unwrap();
    assert_eq!(
        (
            region.categories[0].code.as_str(),
            region.categories[0].label.as_str()
        ),
        ("3440", "Øyer")
    );
    assert_eq!(region.categories[1].code, "EKG01");
    assert_eq!(cube.label, "12134: Utvalgte nøkkeltall for grunnskole (K)");
    assert_eq!(
        cube.find(&["EKG01", "Korrigerte brutto driftsutgifter per elev", "2023"])
            .map(|i| cube.value(i)),
        Some(Some(152000.5))
    );
    let i = cube
        .find(&["EKG01", "Korrigerte brutto driftsutgifter per elev", "2024"])
        .unwrap();
    assert_eq!((cube.value(i), cube.status(i)), (None, Some("..")));
    // The same in UTF-8 with a byte-order mark, comma separated.
    let utf8 = format!("\u{feff}{}", CSV.replace(';', ","));
    let again = read_csv(utf8.as_bytes(), "u.csv", Encoding::Auto, &Limits::default()).unwrap();
    assert_eq!(again, cube);
    // Two value columns make a dimension of their own.
    let wide = "\"region\",\"2023\",\"2024\"\n\"3440 Øyer\",1.5,2\n\"3441 Gausdal\",3,:\n";
    let cube = read_csv(wide.as_bytes(), "w.csv", Encoding::Utf8, &Limits::default()).unwrap();
    assert_eq!(cube.codes(3), vec!["3441", "2024"]);
    assert_eq!(
        (cube.value(0), cube.value(2), cube.status(3)),
        (Some(1.5), Some(3.0), Some(":"))
    );
}

#[test]
fn bad_csv_is_refused_at_its_line_and_column() {
    let read = |b: &[u8], enc| problems(read_csv(b, "f.csv", enc, &Limits::default()).unwrap_err());
    // UTF-8 read as ISO-8859-1, ISO-8859-1 read as UTF-8, Windows-1252.
    let e = read(CSV.as_bytes(), Encoding::Latin1);
    assert_eq!(e[0].0, "linje 1, kolonne 32");
    assert!(
        e[0].1
            .starts_with("filen ser ut til å være UTF-8, ikke ISO-8859-1"),
        "{e:?}"
    );
    let e = read(&latin1(CSV), Encoding::Utf8);
    assert_eq!(
        e,
        [(
            "linje 1, kolonne 32".to_string(),
            "filen er ikke UTF-8 (byte 0xE5); er den ISO-8859-1? Oppgi --encoding iso-8859-1"
                .to_string()
        )]
    );
    let mut cp1252 = latin1(CSV);
    cp1252.extend_from_slice(b"\"3441 Gausdal \x96 x\";\"K\";\"2023\";1\n");
    let e = read(&cp1252, Encoding::Auto);
    assert_eq!(e[0].0, "linje 6, kolonne 15");
    assert!(
        e[0].1.starts_with("byte 0x96 er ikke tekst i ISO-8859-1"),
        "{e:?}"
    );
    // A decimal comma, text where a value belongs, a short row, a repeat.
    let e = read(
        CSV.replace("152000.5", "152000,5").as_bytes(),
        Encoding::Utf8,
    );
    assert_eq!(
        e,
        [(
            "linje 4, kolonne 75".to_string(),
            "«152000,5» har desimalkomma; SSBs CSV bruker punktum som desimaltegn".to_string()
        )]
    );
    let comma =
        "\"region\";\"år\";\"verdi\"\n\"3440 Øyer\";\"2023\";1\n\"3440 Øyer\";\"2024\";2,5\n";
    let e = read(comma.as_bytes(), Encoding::Utf8);
    assert_eq!(
        e,
        [(
            "linje 3, kolonne 20".to_string(),
            "«2,5» har desimalkomma; SSBs CSV bruker punktum som desimaltegn".to_string()
        )]
    );
    // Text among the values of a wide table: at its cell, never taken for
    // a dimension.
    let wide = "\"region\",\"2023\",\"2024\"\n\"3440 Øyer\",1.5,2\n\"3441 Gausdal\",mye,3\n";
    let e = read(wide.as_bytes(), Encoding::Utf8);
    assert_eq!(
        e,
        [(
            "linje 3, kolonne 16".to_string(),
            "«mye» er ikke et tall".to_string()
        )]
    );
    let short = "\"region\";\"år\";\"verdi\"\n\"3440 Øyer\";\"2023\";1\n\"3440 Øyer\";2\n";
    let e = read(short.as_bytes(), Encoding::Utf8);
    assert_eq!(
        e,
        [(
            "linje 3, kolonne 13".to_string(),
            "raden har 2 felt, men overskriften har 3".to_string()
        )]
    );
    let twice = "\"region\";\"år\";\"verdi\"\n\"3440 Øyer\";\"2023\";1\n\"3440 Øyer\";\"2023\";2\n";
    let e = read(twice.as_bytes(), Encoding::Utf8);
    assert_eq!(
        e,
        [(
            "linje 3, kolonne 20".to_string(),
            "den samme kombinasjonen står på en tidligere rad; hver celle skal stå én gang"
                .to_string()
        )]
    );
    let e = read(b"", Encoding::Auto);
    assert_eq!(
        e[0].1,
        "filen er tom; den skal ha en overskriftsrad og én rad per celle"
    );
}
