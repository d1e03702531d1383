//! Tests of the compound-file edits, on the .xls fixture LibreOffice wrote.

use super::*;

/// The first .xls in `tests/fixtures` (LibreOffice's long table).
fn fixture() -> Vec<u8> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");
    let mut xls: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xls"))
        .collect();
    xls.sort();
    std::fs::read(&xls[0]).unwrap()
}

#[test]
fn the_layout_finds_the_workbook_in_the_mini_stream() {
    let d = fixture();
    let l = Layout::read(&d).unwrap();
    assert_eq!(l.sector_size, 512);
    let wb = l.workbook().unwrap();
    assert!(
        wb.size < l.cutoff,
        "LibreOffice's small workbook is a mini stream"
    );
    let s = l.read_stream(&d, wb);
    assert_eq!(s.len(), wb.size as usize);
    let recs = biff_records(&s);
    assert_eq!(recs[0].1, 0x0809, "starts with BOF");
    assert!(recs.iter().any(|r| r.1 == 0x00fc), "has an SST");
}

#[test]
fn regular_sectors_keeps_the_stream() {
    let d = fixture();
    let l = Layout::read(&d).unwrap();
    let orig = l.read_stream(&d, l.workbook().unwrap());
    let r = regular_sectors(&d).unwrap();
    let l2 = Layout::read(&r).unwrap();
    let wb = l2.workbook().unwrap();
    assert!(wb.size >= l2.cutoff);
    let s = l2.read_stream(&r, wb);
    assert_eq!(&s[..orig.len()], &orig[..]);
    assert!(s[orig.len()..].iter().all(|&b| b == 0));
}

#[test]
fn biff_edits_go_through_the_chain_in_place() {
    let d = fixture();
    let l = Layout::read(&d).unwrap();
    let before = l.read_stream(&d, l.workbook().unwrap());
    for seed in 0..200 {
        let mut m = d.clone();
        let mut log = Vec::new();
        edit_biff(&mut Rng::new(seed), &mut m, &l, &mut log);
        assert_eq!(m.len(), d.len());
        let after = l.read_stream(&m, l.workbook().unwrap());
        let changed = before.iter().zip(&after).filter(|(a, b)| a != b).count();
        assert!(changed <= 4, "seed {seed}: {changed} bytes, {log:?}");
        // Nothing outside the Workbook stream changed.
        let offsets = l.stream_offsets(&d, l.workbook().unwrap());
        for (i, (a, b)) in d.iter().zip(&m).enumerate() {
            if a != b {
                assert!(
                    offsets.contains(&i),
                    "seed {seed}: byte {i} outside the stream"
                );
            }
        }
    }
}

#[test]
fn same_seed_same_mutant_and_no_panics() {
    let d = fixture();
    for seed in 0..300 {
        let a = mutate(&mut Rng::new(seed), &d, None, &mut Vec::new());
        let b = mutate(&mut Rng::new(seed), &d, None, &mut Vec::new());
        assert_eq!(a, b, "seed {seed}");
        // A mutant is a fine input for the next round.
        let _ = mutate(&mut Rng::new(seed), &a, None, &mut Vec::new());
    }
}

#[test]
fn not_a_compound_file_gets_byte_edits() {
    let mut log = Vec::new();
    let out = mutate(&mut Rng::new(1), b"hello world", None, &mut log);
    assert!(!log.is_empty());
    assert!(Layout::read(&out).is_none());
}
