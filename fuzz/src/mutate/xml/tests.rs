//! Tests of the xml edits.

use super::*;

const SHEET: &str = r#"<?xml version="1.0"?><worksheet><dimension ref="A1:D10"/><sheetData><row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>12.5</v></c></row><row r="2"><c r="A2"/></row></sheetData></worksheet>"#;

#[test]
fn attributes_are_found_with_names_and_values() {
    let xml = SHEET.as_bytes();
    let attrs = attributes(xml);
    let names: Vec<&str> = attrs.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        ["version", "ref", "r", "spans", "r", "t", "r", "r", "r"]
    );
    assert_eq!(&xml[attrs[1].start..attrs[1].end], b"A1:D10");
}

#[test]
fn elements_are_matched_with_nesting() {
    let xml = SHEET.as_bytes();
    let mut rng = Rng::new(1);
    let (s, e) = find_element(&mut rng, xml, "sheetData").unwrap();
    assert!(xml[s..e].starts_with(b"<sheetData>"));
    assert!(xml[s..e].ends_with(b"</sheetData>"));
    for seed in 0..20 {
        let mut rng = Rng::new(seed);
        let (s, e) = find_element(&mut rng, xml, "row").unwrap();
        let row = std::str::from_utf8(&xml[s..e]).unwrap();
        assert!(
            row.starts_with("<row r=") && row.ends_with("</row>"),
            "{row}"
        );
        let (s, e) = find_element(&mut rng, xml, "c").unwrap();
        let c = std::str::from_utf8(&xml[s..e]).unwrap();
        assert!(c.ends_with("</c>") || c.ends_with("/>"), "{c}");
    }
}

#[test]
fn duplicating_an_element_repeats_it() {
    let mut rng = Rng::new(5);
    let mut xml = SHEET.as_bytes().to_vec();
    let mut log = Vec::new();
    while !duplicate_element(&mut rng, &mut xml, &mut log) {}
    assert!(xml.len() > SHEET.len());
    assert!(log[0].starts_with("xml duplicate"));
}

#[test]
fn same_seed_same_edit() {
    for seed in 0..100 {
        let mut a = SHEET.as_bytes().to_vec();
        let mut b = a.clone();
        mutate(&mut Rng::new(seed), &mut a, &mut Vec::new());
        mutate(&mut Rng::new(seed), &mut b, &mut Vec::new());
        assert_eq!(a, b);
    }
}

#[test]
fn edits_never_panic_on_odd_input() {
    let inputs: [&[u8]; 5] = [b"", b"<", b"=\"", b"<row><row>", b"<c r=\"A1\"/"];
    for seed in 0..2000 {
        let mut rng = Rng::new(seed);
        for inp in inputs {
            let mut x = inp.to_vec();
            mutate(&mut rng, &mut x, &mut Vec::new());
        }
    }
}
