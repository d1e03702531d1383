//! Tests of the zip edits.

use super::*;

fn sample() -> Vec<u8> {
    repack(&[
        Entry {
            name: "mimetype".into(),
            data: b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
            deflated: false,
        },
        Entry {
            name: "[Content_Types].xml".into(),
            data: br#"<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#.to_vec(),
            deflated: true,
        },
        Entry {
            name: "xl/worksheets/sheet1.xml".into(),
            data: br#"<worksheet><dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#.to_vec(),
            deflated: true,
        },
    ])
    .unwrap()
}

#[test]
fn repack_gives_a_valid_zip_with_the_same_entries() {
    let z = sample();
    let entries = unpack(&z).unwrap();
    assert_eq!(entries.len(), 3);
    assert!(!entries[0].deflated && entries[1].deflated);
    let again = unpack(&repack(&entries).unwrap()).unwrap();
    assert_eq!(entries, again);
}

#[test]
fn part_edits_repack_to_valid_zips() {
    for seed in 0..300 {
        let mut rng = Rng::new(seed);
        let mut entries = unpack(&sample()).unwrap();
        edit_part(&mut rng, &mut entries, true, &mut Vec::new());
        let z = repack(&entries).unwrap();
        let back = unpack(&z).unwrap();
        assert_eq!(back, entries, "seed {seed}");
    }
}

#[test]
fn macro_enabled_changes_the_content_type() {
    let z = macro_enabled(&sample()).unwrap();
    let ct = unpack(&z).unwrap().remove(1);
    let text = String::from_utf8(ct.data).unwrap();
    assert!(text.contains("application/vnd.ms-excel.sheet.macroEnabled.main+xml"));
}

#[test]
fn a_duplicate_entry_is_patched_to_the_same_name() {
    let mut rng = Rng::new(0);
    let z = loop {
        let mut entries = unpack(&sample()).unwrap();
        let mut log = Vec::new();
        let Some(z) = edit_entries(&mut rng, &mut entries, None, &mut log) else {
            continue;
        };
        if log.iter().any(|l| l.starts_with("duplicate entry")) {
            break z;
        }
    };
    let mut names: Vec<Vec<u8>> = records(&z, CENTRAL)
        .into_iter()
        .map(|s| {
            let len = read_le(&z, s + 28, 2) as usize;
            z[s + 46..s + 46 + len].to_vec()
        })
        .collect();
    assert_eq!(names.len(), 4);
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 3, "one name twice, no stand-in left");
}

#[test]
fn directory_edits_change_a_field_and_keep_the_length() {
    let z = sample();
    for seed in 0..500 {
        let mut rng = Rng::new(seed);
        let mut d = z.clone();
        let mut log = Vec::new();
        edit_directory(&mut rng, &mut d, &mut log);
        assert_eq!(d.len(), z.len());
        assert_eq!(log.len(), 1, "seed {seed}");
    }
}

#[test]
fn same_seed_same_mutant() {
    let z = sample();
    for seed in 0..100 {
        let a = mutate(&mut Rng::new(seed), &z, Some(&z), &mut Vec::new());
        let b = mutate(&mut Rng::new(seed), &z, Some(&z), &mut Vec::new());
        assert_eq!(a, b, "seed {seed}");
    }
}
