//! Each check against a hand-built compound file: first a good one that
//! calamine reads, then the same file with one thing broken.

use super::super::guard::{Limits, Rejection};
use super::check;
use styring_core::Localized;

pub(super) const S: usize = 512;
pub(super) const END: u32 = 0xFFFF_FFFE;
pub(super) const FREE: u32 = 0xFFFF_FFFF;
pub(super) const FATSECT: u32 = 0xFFFF_FFFD;

pub(super) fn put16(b: &mut [u8], at: usize, v: u16) {
    b[at..at + 2].copy_from_slice(&v.to_le_bytes());
}

pub(super) fn put32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

/// File offset of sector `id`.
pub(super) fn sector(id: usize) -> usize {
    (id + 1) * S
}

/// File offset of FAT entry `i` (the FAT is sector 0).
pub(super) fn fat(i: usize) -> usize {
    sector(0) + 4 * i
}

/// File offset of directory entry `k` (the directory is sector 1).
pub(super) fn dir(k: usize) -> usize {
    sector(1) + 128 * k
}

/// File offset of mini FAT entry `i` (the mini FAT is sector 2).
pub(super) fn mini_fat(i: usize) -> usize {
    sector(2) + 4 * i
}

/// A version 3 compound file with a root entry and `streams` (at most
/// three): sector 0 is the FAT, 1 the directory, 2 the mini FAT, then the
/// mini stream, then each big stream. Returns the bytes and, per stream,
/// its first sector (mini or main).
pub(super) fn compound(streams: &[(&str, &[u8])]) -> (Vec<u8>, Vec<u32>) {
    assert!(streams.len() <= 3);
    let mut next_sector = 3usize;
    let mut fat_entries = vec![FREE; 128];
    fat_entries[0] = FATSECT;
    fat_entries[1] = END;
    fat_entries[2] = END;
    let mut mini_entries = vec![FREE; 128];
    let mut mini_stream: Vec<u8> = Vec::new();
    let mut starts = Vec::new();
    for (_, data) in streams {
        if data.len() < 4096 {
            let first = mini_stream.len() / 64;
            let n = data.len().div_ceil(64);
            for i in 0..n {
                mini_entries[first + i] = if i + 1 == n {
                    END
                } else {
                    (first + i + 1) as u32
                };
            }
            mini_stream.extend_from_slice(data);
            mini_stream.resize((first + n) * 64, 0);
            starts.push(if n == 0 { END } else { first as u32 });
        } else {
            starts.push(0); // placed below, after the mini stream
        }
    }
    let mini_first = next_sector;
    let mini_sectors = mini_stream.len().div_ceil(S);
    for i in 0..mini_sectors {
        fat_entries[mini_first + i] = if i + 1 == mini_sectors {
            END
        } else {
            (mini_first + i + 1) as u32
        };
    }
    next_sector += mini_sectors;
    let mut body: Vec<u8> = mini_stream.clone();
    body.resize(mini_sectors * S, 0);
    for (k, (_, data)) in streams.iter().enumerate() {
        if data.len() >= 4096 {
            let n = data.len().div_ceil(S);
            for i in 0..n {
                fat_entries[next_sector + i] = if i + 1 == n {
                    END
                } else {
                    (next_sector + i + 1) as u32
                };
            }
            starts[k] = next_sector as u32;
            let mut d = data.to_vec();
            d.resize(n * S, 0);
            body.extend_from_slice(&d);
            next_sector += n;
        }
    }
    let mut b = vec![0u8; S * 4];
    b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    put16(&mut b, 24, 0x3E);
    put16(&mut b, 26, 3);
    put16(&mut b, 28, 0xFFFE);
    put16(&mut b, 30, 9);
    put16(&mut b, 32, 6);
    put32(&mut b, 44, 1);
    put32(&mut b, 48, 1);
    put32(&mut b, 56, 4096);
    put32(&mut b, 60, 2);
    put32(&mut b, 64, 1);
    put32(&mut b, 68, END);
    put32(&mut b, 72, 0);
    for i in 0..109 {
        put32(&mut b, 76 + 4 * i, FREE);
    }
    put32(&mut b, 76, 0);
    for (i, v) in fat_entries.iter().enumerate() {
        put32(&mut b, fat(i), *v);
    }
    let entry = |b: &mut Vec<u8>, k: usize, name: &str, kind: u8, start: u32, size: u32| {
        let at = dir(k);
        for (i, u) in name.encode_utf16().enumerate() {
            put16(b, at + 2 * i, u);
        }
        put16(b, at + 64, 2 * (name.encode_utf16().count() as u16 + 1));
        b[at + 66] = kind;
        for o in [68, 72, 76] {
            put32(b, at + o, FREE);
        }
        put32(b, at + 116, start);
        put32(b, at + 120, size);
    };
    let root_start = if mini_sectors == 0 {
        END
    } else {
        mini_first as u32
    };
    entry(
        &mut b,
        0,
        "Root Entry",
        5,
        root_start,
        mini_stream.len() as u32,
    );
    for (k, (name, data)) in streams.iter().enumerate() {
        entry(&mut b, k + 1, name, 2, starts[k], data.len() as u32);
    }
    // Link the streams as the root's children in a flat list (calamine
    // does not read the tree; this keeps other readers happy).
    if !streams.is_empty() {
        put32(&mut b, dir(0) + 76, 1);
        for k in 1..streams.len() {
            put32(&mut b, dir(k) + 72, (k + 1) as u32);
        }
    }
    for (i, v) in mini_entries.iter().enumerate() {
        put32(&mut b, mini_fat(i), *v);
    }
    b.extend_from_slice(&body);
    (b, starts)
}

pub(super) fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend_from_slice(&typ.to_le_bytes());
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
}

/// A BIFF8 workbook stream: globals (`extra` records before the
/// BOUNDSHEET), one sheet "Data" holding `cells` records.
pub(super) fn workbook(extra: &[(u16, Vec<u8>)], cells: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let bof = |dt: u16| {
        let mut d = vec![0u8; 16];
        d[..2].copy_from_slice(&0x0600u16.to_le_bytes());
        d[2..4].copy_from_slice(&dt.to_le_bytes());
        d
    };
    let mut globals = Vec::new();
    record(&mut globals, 0x0809, &bof(0x0005));
    record(&mut globals, 0x0042, &1200u16.to_le_bytes());
    for (t, d) in extra {
        record(&mut globals, *t, d);
    }
    let mut sheet_rec = vec![0u8; 6];
    sheet_rec.extend_from_slice(&[4, 0]);
    sheet_rec.extend_from_slice(b"Data");
    let sheet_at = globals.len() + 4 + sheet_rec.len() + 4;
    sheet_rec[..4].copy_from_slice(&(sheet_at as u32).to_le_bytes());
    record(&mut globals, 0x0085, &sheet_rec);
    record(&mut globals, 0x000A, &[]);
    assert_eq!(globals.len(), sheet_at);
    record(&mut globals, 0x0809, &bof(0x0010));
    for (t, d) in cells {
        record(&mut globals, *t, d);
    }
    record(&mut globals, 0x000A, &[]);
    globals
}

/// A NUMBER record at (row, col).
pub(super) fn number(row: u16, col: u16, v: f64) -> (u16, Vec<u8>) {
    let mut d = Vec::new();
    d.extend_from_slice(&row.to_le_bytes());
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&[0, 0]);
    d.extend_from_slice(&v.to_le_bytes());
    (0x0203, d)
}

/// A LABEL record (BIFF8 XLUnicodeString, compressed).
pub(super) fn label(row: u16, col: u16, s: &str) -> (u16, Vec<u8>) {
    let mut d = Vec::new();
    d.extend_from_slice(&row.to_le_bytes());
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&[0, 0]);
    d.extend_from_slice(&(s.len() as u16).to_le_bytes());
    d.push(0);
    d.extend_from_slice(s.as_bytes());
    (0x0204, d)
}

pub(super) fn good_cells() -> Vec<(u16, Vec<u8>)> {
    vec![label(0, 0, "Enhet"), number(1, 0, 0.25)]
}

pub(super) fn small_file() -> Vec<u8> {
    compound(&[("Workbook", &workbook(&[], &good_cells()))]).0
}

/// The detail of a damaged-file refusal, in Norwegian.
pub(super) fn detail(bytes: &[u8]) -> String {
    match check(bytes, &Limits::default()) {
        Err(Rejection::Damaged(t)) => t.nb,
        other => panic!("expected a damaged file, got {other:?}"),
    }
}

pub(super) fn limit(bytes: &[u8]) -> (&'static str, u64) {
    match check(bytes, &Limits::default()) {
        Err(Rejection::Limit(hit)) => (hit.flag, hit.found),
        other => panic!("expected a limit, got {other:?}"),
    }
}

/// What calamine reads from the file: sheet names and the first sheet's
/// cells.
pub(super) fn calamine_reads(bytes: Vec<u8>) -> (Vec<String>, Vec<(u32, u32, String)>) {
    use calamine::Reader;
    let mut x = calamine::Xls::new(std::io::Cursor::new(bytes)).expect("calamine opens it");
    let names = x.sheet_names();
    let range = x.worksheet_range(&names[0]).expect("a sheet");
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let cells = range
        .used_cells()
        .map(|(r, c, v)| (r as u32 + r0, c as u32 + c0, v.to_string()))
        .collect();
    (names, cells)
}

#[test]
fn good_files_pass_and_calamine_reads_them() {
    let small = small_file();
    assert_eq!(check(&small, &Limits::default()), Ok(()));
    let expected = (
        vec!["Data".to_string()],
        vec![(0, 0, "Enhet".to_string()), (1, 0, "0.25".to_string())],
    );
    assert_eq!(calamine_reads(small), expected);
    // A workbook of 4096 bytes or more lives in the main sectors; other
    // small streams still in the mini stream.
    let mut cells = good_cells();
    cells.extend((2..400).map(|r| number(r, 1, 1.0)));
    let big = workbook(&[], &cells);
    assert!(big.len() >= 4096);
    let (file, _) = compound(&[("\u{5}SummaryInformation", &[0u8; 200]), ("Workbook", &big)]);
    assert_eq!(check(&file, &Limits::default()), Ok(()));
    assert_eq!(calamine_reads(file).1.len(), 400);
}

#[test]
fn the_header() {
    let good = small_file();
    assert_eq!(
        detail(&good[..300]),
        "hodet er avkortet: filen har bare 300 byte"
    );
    let mut b = good.clone();
    put16(&mut b, 28, 0xFEFF);
    assert_eq!(detail(&b), "ukjent byte-rekkefølge i hodet");
    let mut b = good.clone();
    put16(&mut b, 26, 4);
    assert_eq!(detail(&b), "ukjent versjon 4 med sektorstørrelse 2^9");
    let mut b = good.clone();
    put16(&mut b, 30, 12);
    assert_eq!(detail(&b), "ukjent versjon 3 med sektorstørrelse 2^12");
    let mut b = good.clone();
    put16(&mut b, 32, 7);
    assert_eq!(detail(&b), "ukjent størrelse på minisektorene");
    let mut b = good.clone();
    put32(&mut b, 56, 8192);
    assert_eq!(detail(&b), "ukjent størrelse på minisektorene");
    // Cut off in the middle of a sector: said as such.
    let mut b = good;
    b.truncate(b.len() - 100);
    assert_eq!(detail(&b), "filen er avkortet etter 2460 byte");
}

#[test]
fn the_difat_and_the_number_of_fat_sectors() {
    let good = small_file();
    let mut b = good.clone();
    put32(&mut b, 76, 99);
    assert_eq!(
        detail(&b),
        "FAT-en peker til sektor 99, som ikke finnes i filen"
    );
    let mut b = good.clone();
    put32(&mut b, 44, 2);
    assert_eq!(
        detail(&b),
        "FAT-sektorer: hodet oppgir 2, DIFAT-en viser til 1"
    );
    // The same sector listed twice as a FAT sector.
    let mut b = good.clone();
    put32(&mut b, 80, 0);
    put32(&mut b, 44, 2);
    assert_eq!(detail(&b), "kjeden til FAT-en går i ring");
    // A DIFAT chain past the end, and one that loops: make the last
    // sector of the file a DIFAT sector whose next pointer is itself.
    let mut b = good.clone();
    put32(&mut b, 72, 1);
    assert_eq!(detail(&b), "DIFAT-sektorer: hodet oppgir 1, kjeden har 0");
    let mut b = good.clone();
    put32(&mut b, 68, 40);
    put32(&mut b, 72, 1);
    assert_eq!(
        detail(&b),
        "DIFAT-en peker til sektor 40, som ikke finnes i filen"
    );
    let mut b = good;
    let last = b.len() / S - 2;
    let at = sector(last);
    for i in 0..128 {
        put32(&mut b, at + 4 * i, FREE);
    }
    put32(&mut b, at + 4 * 127, last as u32);
    put32(&mut b, 68, last as u32);
    put32(&mut b, 72, 1);
    assert_eq!(detail(&b), "kjeden til DIFAT-en går i ring");
}

#[test]
fn every_fat_entry_points_inside_the_file() {
    let mut b = small_file();
    put32(&mut b, fat(3), 5000);
    assert_eq!(
        detail(&b),
        "FAT-en lar sektor 3 peke til sektor 5000, som ikke finnes i filen"
    );
    // 0xFFFFFFFA and 0xFFFFFFFB are neither sectors nor markers.
    let mut b = small_file();
    put32(&mut b, fat(3), 0xFFFF_FFFB);
    assert_eq!(
        detail(&b),
        "FAT-en lar sektor 3 peke til sektor 4294967291, som ikke finnes i filen"
    );
}

#[test]
fn the_directory_chain() {
    let good = small_file();
    let mut b = good.clone();
    put32(&mut b, 48, 77);
    assert_eq!(
        detail(&b),
        "katalogen peker til sektor 77, som ikke finnes i filen"
    );
    let mut b = good.clone();
    put32(&mut b, fat(1), 1);
    assert_eq!(detail(&b), "kjeden til katalogen går i ring");
    // The mini FAT starting in the directory.
    let mut b = good.clone();
    put32(&mut b, 60, 1);
    assert_eq!(
        detail(&b),
        "sektor 1 i mini-FAT-en brukes også av en annen kjede"
    );
    // A sector just past the end: calamine would slice out of range.
    let mut b = good.clone();
    let n = b.len() / S;
    put32(&mut b, fat(1), n as u32);
    put32(&mut b, fat(n), END);
    assert_eq!(
        detail(&b),
        format!("FAT-en lar sektor 1 peke til sektor {n}, som ikke finnes i filen")
    );
    let mut b = good.clone();
    b[dir(0) + 66] = 1;
    assert_eq!(detail(&b), "katalogen mangler rotoppføringen");
    let mut b = good;
    b[dir(1) + 66] = 9;
    assert_eq!(
        detail(&b),
        "katalogoppføringen «Workbook» har ukjent type 9"
    );
}

#[test]
fn the_mini_fat_and_the_mini_stream() {
    let good = small_file();
    let mut b = good.clone();
    put32(&mut b, 64, 2);
    assert_eq!(
        detail(&b),
        "mini-FAT-sektorer: hodet oppgir 2, kjeden har 1"
    );
    let mut b = good.clone();
    put32(&mut b, 60, 300);
    assert_eq!(
        detail(&b),
        "mini-FAT-en peker til sektor 300, som ikke finnes i filen"
    );
    // The mini stream claiming more than its sectors hold.
    let mut b = good.clone();
    put32(&mut b, dir(0) + 120, 5000);
    assert_eq!(
        detail(&b),
        "strømmen «Root Entry» oppgir 5000 byte, men sektorene dens rommer bare 512"
    );
    // A mini chain that loops, and one that leaves the mini stream.
    let mut b = good.clone();
    put32(&mut b, mini_fat(1), 0);
    assert_eq!(detail(&b), "kjeden til strømmen «Workbook» går i ring");
    let mut b = good.clone();
    put32(&mut b, mini_fat(1), 7);
    assert_eq!(
        detail(&b),
        "mini-FAT-en lar minisektor 1 peke til 7, som ikke finnes"
    );
    // No mini FAT at all, yet a small stream with content.
    let mut b = good;
    put32(&mut b, 64, 0);
    assert_eq!(
        detail(&b),
        "strømmen «Workbook» peker til minisektor 0, som ikke finnes i filen"
    );
}

#[test]
fn stream_chains_and_sizes() {
    let mut cells = good_cells();
    cells.extend((2..400).map(|r| number(r, 1, 1.0)));
    let big = workbook(&[], &cells);
    let (good, starts) = compound(&[("Workbook", &big)]);
    let first = starts[0] as usize;
    let sectors = big.len().div_ceil(S);
    let last = first + sectors - 1;
    // A chain that loops back to its start (calamine would grow its
    // buffer to the declared size).
    let mut b = good.clone();
    put32(&mut b, fat(last), first as u32);
    assert_eq!(detail(&b), "kjeden til strømmen «Workbook» går i ring");
    // A chain that leaves the file.
    let mut b = good.clone();
    put32(&mut b, fat(last), 90);
    assert_eq!(
        detail(&b),
        format!("FAT-en lar sektor {last} peke til sektor 90, som ikke finnes i filen")
    );
    // A free sector in the middle of the chain.
    let mut b = good.clone();
    put32(&mut b, fat(first), FREE);
    assert_eq!(detail(&b), "strømmen «Workbook» peker til en ledig sektor");
    // A declared size larger than the whole file, and than its sectors.
    let mut b = good.clone();
    put32(&mut b, dir(1) + 120, 0xFFFF_FFF0);
    assert_eq!(
        detail(&b),
        format!(
            "strømmen «Workbook» oppgir 4294967280 byte, men sektorene dens rommer bare {}",
            sectors * S
        )
    );
    let mut b = good.clone();
    put32(&mut b, dir(1) + 120, (sectors * S + 1) as u32);
    assert!(detail(&b).starts_with("strømmen «Workbook» oppgir"));
    // Within the limits too, even when the sectors exist.
    let tight = Limits {
        max_file_bytes: 4096,
        ..Limits::default()
    };
    assert!(matches!(check(&good, &tight), Err(Rejection::Damaged(_))));
    // Another stream starting inside the workbook's chain.
    let (good2, starts2) = compound(&[("Workbook", &big), ("Extra", &[1u8; 4096])]);
    let mut b = good2;
    put32(&mut b, dir(2) + 116, starts2[0] + 1);
    assert_eq!(
        detail(&b),
        format!(
            "sektor {} i strømmen «Extra» brukes også av en annen kjede",
            starts2[0] + 1
        )
    );
}

#[test]
fn which_stream_is_the_workbook() {
    let wb = workbook(&[], &good_cells());
    let (b, _) = compound(&[("Book", &wb)]);
    assert_eq!(check(&b, &Limits::default()), Ok(()));
    let (b, _) = compound(&[("Bok", &wb)]);
    assert_eq!(detail(&b), "den har ingen Workbook-strøm");
    let (b, _) = compound(&[("WordDocument", &wb)]);
    assert_eq!(
        check(&b, &Limits::default()),
        Err(Rejection::NotSpreadsheet {
            looks_like: "et Word-dokument"
        })
    );
    let mut b = small_file();
    for (i, u) in "WORKBOOK\0".encode_utf16().enumerate() {
        put16(&mut b, dir(0) + 2 * i, u);
    }
    assert_eq!(detail(&b), "rotoppføringen er merket som arbeidsboken");
    // An unused entry named Workbook is still the one calamine reads.
    let mut b = small_file();
    b[dir(1) + 66] = 0;
    put32(&mut b, dir(1) + 116, 60);
    assert_eq!(
        detail(&b),
        "strømmen «Workbook» peker til minisektor 60, som ikke finnes i filen"
    );
}

#[test]
fn a_panic_in_a_reader_becomes_the_damaged_message() {
    use styring_core::problem::Problems;
    use styring_core::Lang;
    // The directory chain pointing at the sector just past the end: our
    // check refuses it; calamine, given it unchecked, slices out of range.
    let mut b = small_file();
    let n = b.len() / S;
    put32(&mut b, fat(1), n as u32);
    put32(&mut b, fat(n), END);
    assert!(matches!(
        check(&b, &Limits::default()),
        Err(Rejection::Damaged(_))
    ));
    let mut problems = Problems::default();
    problems.add(
        styring_core::problem::Location::file("other.xls"),
        "kept",
        "kept",
    );
    let opened = crate::import::catch_panic("skadet.xls", &mut problems, |p| {
        p.add(
            styring_core::problem::Location::file("skadet.xls"),
            "dropped",
            "dropped",
        );
        crate::import::cells::Book::open(b.clone()).ok().map(|_| ())
    });
    assert_eq!(opened, None);
    let shown: Vec<String> = problems.iter().map(|p| p.render(Lang::Nb)).collect();
    assert_eq!(
        shown,
        [
            "other.xls: kept",
            "skadet.xls: filen er skadet eller ikke en arbeidsbok vi kan lese"
        ]
    );
    let shown: Vec<String> = problems.iter().map(|p| p.render(Lang::En)).collect();
    assert_eq!(
        shown[1],
        "skadet.xls: the file is damaged or not a workbook we can read"
    );
}
