//! The workbook stream's records, each check against a hand-built file.

use super::super::check;
use super::super::tests::{calamine_reads, compound, detail, good_cells, limit, number, workbook};
use crate::import::guard::{Limits, Rejection};

fn biff_detail(extra: &[(u16, Vec<u8>)], cells: &[(u16, Vec<u8>)]) -> String {
    detail(&compound(&[("Workbook", &workbook(extra, cells))]).0)
}

fn biff_limit(extra: &[(u16, Vec<u8>)], cells: &[(u16, Vec<u8>)]) -> (&'static str, u64) {
    limit(&compound(&[("Workbook", &workbook(extra, cells))]).0)
}

#[test]
fn records_calamine_reads_unchecked() {
    for typ in [0x0042u16, 0x0022, 0x002F, 0x0017, 0x0809] {
        assert_eq!(
            biff_detail(&[(typ, vec![1])], &[]),
            format!("posten 0x{typ:04X} er bare 1 byte lang")
        );
    }
    assert_eq!(
        biff_detail(&[(0x0085, vec![0, 0, 0])], &[]),
        "posten 0x0085 er bare 3 byte lang"
    );
    let mut sheet = vec![0xFF, 0xFF, 0, 0, 0, 0, 1, 0];
    sheet.push(b'X');
    let len = workbook(&[(0x0085, sheet.clone())], &[]).len();
    assert_eq!(
        biff_detail(&[(0x0085, sheet)], &[]),
        format!("et ark starter ved byte 65535, men arbeidsboken har bare {len}")
    );
    // A second BOUNDSHEET for the same sheet: BOF, CODEPAGE, this one,
    // the real one and EOF come before it.
    let at = (20 + 6 + 16 + 16 + 4u32).to_le_bytes();
    let mut again = vec![at[0], at[1], at[2], at[3], 0, 0, 4, 0];
    again.extend_from_slice(b"Ark2");
    let b = compound(&[("Workbook", &workbook(&[(0x0085, again)], &good_cells()))]).0;
    assert_eq!(detail(&b), "to ark i filen overlapper hverandre");
}

#[test]
fn defined_names() {
    let mut lbl = vec![0u8; 15];
    lbl[3] = 0; // no name characters
    lbl[4..6].copy_from_slice(&40u16.to_le_bytes());
    assert_eq!(
        biff_detail(&[(0x0018, lbl)], &[]),
        "et navn oppgir en formel på 40 byte i en post på 15"
    );
    assert_eq!(
        biff_detail(&[(0x0018, vec![0; 10])], &[]),
        "posten 0x0018 er bare 10 byte lang"
    );
    let mut lbl = vec![0u8; 16];
    lbl[4..6].copy_from_slice(&1u16.to_le_bytes());
    lbl[15] = 0x3A; // PtgRef3d with no bytes after it
    assert_eq!(
        biff_detail(&[(0x0018, lbl)], &[]),
        "formelen i et navn er avkortet"
    );
}

#[test]
fn shared_strings() {
    let sst = |body: &[u8]| {
        let mut d = vec![0u8; 8];
        d.extend_from_slice(body);
        (0x00FC, d)
    };
    // "ab", then a rich string whose run count is cut off.
    let cut = sst(&[2, 0, 0, b'a', b'b', 1, 0, 0x08]);
    assert_eq!(
        biff_detail(&[cut], &[]),
        "en delt tekst i SST-posten er avkortet"
    );
    let cut = sst(&[1, 0, 0x04, 0, 0]);
    assert_eq!(
        biff_detail(&[cut], &[]),
        "en delt tekst i SST-posten er avkortet"
    );
    // A string continued into an empty CONTINUE record.
    let cont = sst(&[4, 0, 0, b'a', b'b']);
    assert_eq!(
        biff_detail(&[cont, (0x003C, vec![])], &[]),
        "en delt tekst i SST-posten er avkortet"
    );
    // More strings than the limit.
    let body: Vec<u8> = (0..10).flat_map(|_| [1, 0, 0, b'x']).collect();
    let b = compound(&[("Workbook", &workbook(&[sst(&body)], &[]))]).0;
    let few = Limits {
        max_shared_strings: 9,
        ..Limits::default()
    };
    match check(&b, &few) {
        Err(Rejection::Limit(hit)) => assert_eq!((hit.flag, hit.found), ("max-shared-strings", 10)),
        other => panic!("{other:?}"),
    }
    assert_eq!(check(&b, &Limits::default()), Ok(()));
}

fn dims(rf: u32, rl: u32, cf: u16, cl: u16) -> (u16, Vec<u8>) {
    let mut d = Vec::new();
    d.extend_from_slice(&rf.to_le_bytes());
    d.extend_from_slice(&rl.to_le_bytes());
    d.extend_from_slice(&cf.to_le_bytes());
    d.extend_from_slice(&cl.to_le_bytes());
    d.extend_from_slice(&[0, 0]);
    (0x0200, d)
}

#[test]
fn sheet_sizes() {
    // calamine computes last − first + 1 rows: a last row before the
    // first overflows (in a release build it wraps to four billion rows).
    assert_eq!(
        biff_detail(&[], &[dims(5, 2, 0, 3)]),
        "DIMENSIONS-posten slutter før den begynner: rad 5–2, kolonne 0–3"
    );
    assert_eq!(
        biff_detail(&[], &[dims(0, 2, 3, 3)]),
        "DIMENSIONS-posten slutter før den begynner: rad 0–2, kolonne 3–3"
    );
    // calamine reserves rows × columns cells: more than an .xls can
    // have is damage, a plausible but large size a limit.
    assert_eq!(
        biff_detail(&[], &[dims(0, 0x10_0000, 0, 256)]),
        "arket oppgir 1048576 × 256 celler; en .xls har høyst 65536 × 256"
    );
    assert_eq!(
        biff_limit(&[], &[dims(0, 65536, 0, 256)]),
        ("max-cells", 65536 * 256)
    );
    let b = compound(&[("Workbook", &workbook(&[], &[dims(0, 100_000, 0, 2)]))]).0;
    assert_eq!(check(&b, &Limits::default()), Ok(()));
    // Cells far apart: calamine lays the sheet out as one dense grid.
    assert_eq!(
        biff_limit(&[], &[number(0, 0, 1.0), number(65535, 255, 1.0)]),
        ("max-cells", 65536 * 256)
    );
    assert_eq!(
        biff_detail(&[], &[number(0, 0, 1.0), number(65535, 65535, 1.0)]),
        "en celle ligger i kolonne 65536; en .xls har høyst 256"
    );
    // An empty sheet's zeros, and a normal size, are fine.
    let b = compound(&[(
        "Workbook",
        &workbook(
            &[],
            &[dims(0, 0, 0, 0), dims(0, 2, 0, 1), number(1, 0, 1.0)],
        ),
    )])
    .0;
    assert_eq!(check(&b, &Limits::default()), Ok(()));
}

#[test]
fn cell_records() {
    let mut mulrk = vec![0u8; 2];
    mulrk.extend_from_slice(&5u16.to_le_bytes());
    mulrk.extend_from_slice(&[0; 6]);
    mulrk.extend_from_slice(&4u16.to_le_bytes());
    assert_eq!(
        biff_detail(&[], &[(0x00BD, mulrk)]),
        "en MULRK-post slutter i kolonne 4, før den begynner i 5"
    );
    let mut merge = 3u16.to_le_bytes().to_vec();
    merge.extend_from_slice(&[0; 8]);
    assert_eq!(
        biff_detail(&[], &[(0x00E5, merge)]),
        "en MERGECELLS-post oppgir 3 områder, men har bare 10 byte"
    );
    let formula = |rgce: &[u8]| {
        let mut d = vec![0u8; 20];
        d[6..14].copy_from_slice(&1.0f64.to_le_bytes());
        d.extend_from_slice(rgce);
        (0x0006, d)
    };
    // A token length past the record, a token cut off, name number 0.
    assert_eq!(
        biff_detail(&[], &[formula(&[9, 0, 0x1E])]),
        "en formel i filen er avkortet"
    );
    assert_eq!(
        biff_detail(&[], &[formula(&[2, 0, 0x1E, 7])]),
        "en formel i filen er avkortet"
    );
    assert_eq!(
        biff_detail(&[], &[formula(&[5, 0, 0x23, 0, 0, 0, 0])]),
        "en formel viser til navn nummer 0"
    );
    assert_eq!(
        biff_detail(&[], &[formula(&[])]),
        "en formel i filen er avkortet"
    );
    // A well-formed formula (1+2) passes, and calamine reads it.
    let f = formula(&[7, 0, 0x1E, 1, 0, 0x1E, 2, 0, 0x03]);
    let b = compound(&[("Workbook", &workbook(&[], &[f]))]).0;
    assert_eq!(check(&b, &Limits::default()), Ok(()));
    assert_eq!(calamine_reads(b).1, vec![(0, 0, "1".to_string())]);
}
