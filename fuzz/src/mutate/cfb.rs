//! Edits of the compound file (MS-CFB) an .xls lives in: header fields
//! (sector shifts, counts, first sectors, the header's DIFAT array), FAT
//! and mini-FAT entries (loops, dangling and special sector ids), directory
//! entries (start sector, stream size, siblings, name length, type), and
//! the BIFF records inside the `Workbook` stream (lengths, types, counts
//! and offsets in their bodies), written back in place through the
//! stream's sector chain.
//!
//! Layout (MS-CFB 2.2): a 512-byte header; the sector size is
//! `1 << u16 at 30`; sector `n` starts at `(n + 1) * sector_size`.

mod layout;

use super::bytes::{self, INTERESTING_U32};
use crate::error::{FuzzError, Result};
use crate::rng::Rng;
use layout::{put, u16_at, u32_at};
pub use layout::{DirEntry, Layout};

/// The first eight bytes of every compound file.
pub const MAGIC: [u8; 8] = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const FREESECT: u32 = 0xffff_ffff;
const ENDOFCHAIN: u32 = 0xffff_fffe;
const FATSECT: u32 = 0xffff_fffd;
const DIFSECT: u32 = 0xffff_fffc;
const NOSTREAM: u32 = 0xffff_ffff;

/// Header fields: name, offset, width.
const HEADER_FIELDS: &[(&str, usize, usize)] = &[
    ("minor version", 0x18, 2),
    ("major version", 0x1a, 2),
    ("byte order", 0x1c, 2),
    ("sector shift", 0x1e, 2),
    ("mini sector shift", 0x20, 2),
    ("directory sectors", 0x28, 4),
    ("FAT sectors", 0x2c, 4),
    ("first directory sector", 0x30, 4),
    ("mini stream cutoff", 0x38, 4),
    ("first mini FAT sector", 0x3c, 4),
    ("mini FAT sectors", 0x40, 4),
    ("first DIFAT sector", 0x44, 4),
    ("DIFAT sectors", 0x48, 4),
];

/// Directory entry fields: name, offset in the 128-byte entry, width.
const ENTRY_FIELDS: &[(&str, usize, usize)] = &[
    ("name length", 64, 2),
    ("type", 66, 1),
    ("colour", 67, 1),
    ("left sibling", 68, 4),
    ("right sibling", 72, 4),
    ("child", 76, 4),
    ("start sector", 116, 4),
    ("stream size", 120, 4),
    ("stream size high", 124, 4),
];

/// BIFF8 record types worth aiming at.
const BIFF_TYPES: &[u16] = &[
    0x0809, // BOF
    0x000a, // EOF
    0x00fc, // SST
    0x00ff, // EXTSST
    0x003c, // CONTINUE
    0x0085, // BoundSheet8
    0x0200, // DIMENSIONS
    0x00fd, // LABELSST
    0x0204, // LABEL
    0x0203, // NUMBER
    0x027e, // RK
    0x00bd, // MULRK
    0x0201, // BLANK
    0x00be, // MULBLANK
    0x0006, // FORMULA
    0x0207, // STRING
    0x041e, // FORMAT
    0x00e0, // XF
    0x0031, // FONT
    0x0042, // CODEPAGE
    0x002f, // FILEPASS
    0x0018, // NAME
    0x0017, // EXTERNSHEET
    0x01ae, // SUPBOOK
    0x0208, // ROW
    0x00e5, // MERGEDCELLS
];

/// A sector id that is wrong in an interesting way.
fn bad_sector(rng: &mut Rng, own: u32, sectors: u32) -> u32 {
    match rng.below(10) {
        0 => own,
        1 => own.saturating_sub(1),
        2 => ENDOFCHAIN,
        3 => FREESECT,
        4 => FATSECT,
        5 => DIFSECT,
        6 => sectors,
        7 => sectors.wrapping_add(rng.range(1, 1000) as u32),
        8 => 0,
        _ => rng.below(sectors.max(1) as usize) as u32,
    }
}

/// Applies one compound-file edit to `data` (an .xls); plain byte edits
/// when it is not a compound file.
pub fn mutate(rng: &mut Rng, data: &[u8], other: Option<&[u8]>, log: &mut Vec<String>) -> Vec<u8> {
    let mut d = data.to_vec();
    let Some(layout) = Layout::read(&d) else {
        bytes::mutate(rng, &mut d, other, log);
        return d;
    };
    let sectors = (d.len() / layout.sector_size).saturating_sub(1) as u32;
    let rounds = rng.small_size(3);
    for _ in 0..rounds {
        match rng.below(100) {
            0..=24 => edit_header(rng, &mut d, sectors, log),
            25..=39 => edit_fat(rng, &mut d, &layout, sectors, log),
            40..=44 => edit_minifat(rng, &mut d, &layout, sectors, log),
            45..=64 => edit_entry(rng, &mut d, &layout, sectors, log),
            65..=92 => edit_biff(rng, &mut d, &layout, log),
            _ => bytes::mutate(rng, &mut d, other, log),
        }
    }
    d
}

fn edit_header(rng: &mut Rng, d: &mut [u8], sectors: u32, log: &mut Vec<String>) {
    if rng.chance(25) {
        let k = rng.below(109);
        let v = bad_sector(rng, k as u32, sectors);
        put(d, 0x4c + 4 * k, 4, v);
        log.push(format!("header DIFAT[{k}] := {v:#x}"));
        return;
    }
    let Some(&(name, at, width)) = rng.pick(HEADER_FIELDS) else {
        return;
    };
    let old = if width == 2 {
        u16_at(d, at)
    } else {
        u32_at(d, at)
    }
    .unwrap_or(0);
    let v = match name {
        "sector shift" | "mini sector shift" => *rng
            .pick(&[0u32, 1, 6, 7, 8, 9, 10, 12, 15, 16, 31, 32, 64, 255, 0xffff])
            .unwrap_or(&0),
        "first directory sector" | "first mini FAT sector" | "first DIFAT sector" => {
            bad_sector(rng, old, sectors)
        }
        _ => match rng.below(3) {
            0 => *rng.pick(&INTERESTING_U32).unwrap_or(&0),
            1 => old.wrapping_add(rng.range(1, 8) as u32),
            _ => old.wrapping_sub(rng.range(1, 8) as u32),
        },
    };
    let v = if width == 2 { v & 0xffff } else { v };
    put(d, at, width, v);
    log.push(format!("header {name} {old:#x} -> {v:#x}"));
}

fn edit_fat(rng: &mut Rng, d: &mut [u8], l: &Layout, sectors: u32, log: &mut Vec<String>) {
    if l.fat.is_empty() {
        return;
    }
    // Mostly entries in use (the chains readers follow).
    let used: Vec<usize> = (0..l.fat.len()).filter(|&i| l.fat[i] != FREESECT).collect();
    let i = if rng.chance(80) {
        rng.pick(&used).copied().unwrap_or(0)
    } else {
        rng.below(l.fat.len())
    };
    let per = l.sector_size / 4;
    let Some(&sec) = l.fat_sectors.get(i / per) else {
        return;
    };
    let v = bad_sector(rng, i as u32, sectors);
    put(d, sec + 4 * (i % per), 4, v);
    log.push(format!("FAT[{i}] {:#x} -> {v:#x}", l.fat[i]));
}

fn edit_minifat(rng: &mut Rng, d: &mut [u8], l: &Layout, sectors: u32, log: &mut Vec<String>) {
    if l.minifat.is_empty() {
        return edit_fat(rng, d, l, sectors, log);
    }
    let used: Vec<usize> = (0..l.minifat.len())
        .filter(|&i| l.minifat[i] != FREESECT)
        .collect();
    let i = rng.pick(&used).copied().unwrap_or(0);
    let per = l.sector_size / 4;
    let Some(&sec) = l.minifat_sectors.get(i / per) else {
        return;
    };
    let v = bad_sector(rng, i as u32, (l.minifat.len() as u32).max(sectors));
    put(d, sec + 4 * (i % per), 4, v);
    log.push(format!("mini FAT[{i}] {:#x} -> {v:#x}", l.minifat[i]));
}

fn edit_entry(rng: &mut Rng, d: &mut [u8], l: &Layout, sectors: u32, log: &mut Vec<String>) {
    let live: Vec<&DirEntry> = l.entries.iter().filter(|e| e.kind != 0).collect();
    // The Workbook and the root (which holds the mini stream) most often.
    let e = match l.workbook() {
        Some(w) if rng.chance(40) => w,
        _ if rng.chance(30) => match l.entries.first() {
            Some(r) => r,
            None => return,
        },
        _ => match rng.pick(&live) {
            Some(e) => e,
            None => return,
        },
    };
    let Some(&(name, at, width)) = rng.pick(ENTRY_FIELDS) else {
        return;
    };
    let n = l.entries.len() as u32;
    let old = match width {
        1 => d.get(e.offset + at).map(|&b| u32::from(b)),
        2 => u16_at(d, e.offset + at),
        _ => u32_at(d, e.offset + at),
    }
    .unwrap_or(0);
    let v = match name {
        "start sector" => bad_sector(rng, old, sectors),
        "stream size" => match rng.below(6) {
            0 => 0,
            1 => old.wrapping_add(rng.range(1, 600) as u32),
            2 => old.saturating_sub(rng.range(1, 600) as u32),
            3 => l.cutoff.wrapping_sub(1),
            4 => l.cutoff,
            _ => *rng.pick(&INTERESTING_U32).unwrap_or(&0),
        },
        "left sibling" | "right sibling" | "child" => match rng.below(5) {
            0 => NOSTREAM,
            1 => n,
            2 => 0,
            3 => ((e.offset / 128) as u32) % n.max(1),
            _ => rng.below(n as usize) as u32,
        },
        "name length" => *rng
            .pick(&[0u32, 1, 2, 63, 64, 65, 66, 128, 0xffff])
            .unwrap_or(&0),
        "type" => *rng.pick(&[0u32, 1, 2, 3, 4, 5, 6, 0xff]).unwrap_or(&0),
        _ => *rng.pick(&INTERESTING_U32).unwrap_or(&0),
    };
    put(d, e.offset + at, width, v);
    log.push(format!(
        "directory entry {:?}: {name} {old:#x} -> {v:#x}",
        e.name
    ));
}

/// The BIFF records of a stream: (offset of the record header, type, length).
pub fn biff_records(stream: &[u8]) -> Vec<(usize, u16, u16)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= stream.len() {
        let ty = u16::from_le_bytes([stream[i], stream[i + 1]]);
        let len = u16::from_le_bytes([stream[i + 2], stream[i + 3]]);
        out.push((i, ty, len));
        i += 4 + len as usize;
    }
    out
}

fn edit_biff(rng: &mut Rng, d: &mut [u8], l: &Layout, log: &mut Vec<String>) {
    let Some(wb) = l.workbook() else {
        return;
    };
    let offsets = l.stream_offsets(d, wb);
    let stream: Vec<u8> = offsets.iter().map(|&i| d[i]).collect();
    let recs = biff_records(&stream);
    let aimed: Vec<&(usize, u16, u16)> =
        recs.iter().filter(|r| BIFF_TYPES.contains(&r.1)).collect();
    let rec = match rng.pick(&aimed) {
        Some(r) if rng.chance(75) => **r,
        _ => match rng.pick(&recs) {
            Some(r) => *r,
            None => return,
        },
    };
    let (at, ty, len) = rec;
    let mut write = |pos: usize, width: usize, v: u32| {
        for k in 0..width {
            if let Some(&off) = offsets.get(pos + k) {
                d[off] = (v >> (8 * k)) as u8;
            }
        }
    };
    match rng.below(10) {
        0..=2 => {
            let v = match rng.below(4) {
                0 => 0,
                1 => 0xffff,
                2 => u32::from(len).wrapping_add(rng.range(1, 16) as u32) & 0xffff,
                _ => u32::from(len).saturating_sub(rng.range(1, 16) as u32),
            };
            write(at + 2, 2, v);
            log.push(format!(
                "BIFF record {ty:#06x} at {at}: length {len} -> {v}"
            ));
        }
        3 => {
            let v = u32::from(*rng.pick(BIFF_TYPES).unwrap_or(&0));
            write(at, 2, v);
            log.push(format!("BIFF record {ty:#06x} at {at}: type -> {v:#06x}"));
        }
        _ => {
            if len == 0 {
                return;
            }
            let width = if rng.chance(50) { 2 } else { 4 };
            let off = rng.below(len as usize);
            let v = match rng.below(3) {
                0 => *rng.pick(&INTERESTING_U32).unwrap_or(&0),
                1 => stream
                    .get(at + 4 + off)
                    .map_or(0, |&b| u32::from(b).wrapping_add(rng.range(1, 8) as u32)),
                _ => (stream.len() as u32).wrapping_add(rng.range(0, 4) as u32),
            };
            write(at + 4 + off, width, v);
            log.push(format!(
                "BIFF record {ty:#06x} at {at}: body+{off} u{} := {v:#x}",
                width * 8
            ));
        }
    }
}

/// The same workbook as a compound file with only a root and the
/// `Workbook` stream, padded to at least 4096 bytes so it is stored in
/// regular sectors instead of the mini stream (a second shape of seed).
///
/// # Errors
///
/// When `xls` is not a compound file with a `Workbook` stream.
pub fn regular_sectors(xls: &[u8]) -> Result<Vec<u8>> {
    let l = Layout::read(xls).ok_or_else(|| FuzzError::Setup("not a compound file".into()))?;
    let wb = l
        .workbook()
        .ok_or_else(|| FuzzError::Setup("no Workbook stream".into()))?;
    let mut stream = l.read_stream(xls, wb);
    if stream.len() < 4096 {
        stream.resize(4096 + 512, 0);
    }
    let nsec = stream.len().div_ceil(512);
    if nsec + 2 > 128 {
        return Err(FuzzError::Setup(
            "Workbook stream too large for one FAT sector".into(),
        ));
    }
    let mut out = vec![0u8; 512 * (3 + nsec)];
    out[..8].copy_from_slice(&MAGIC);
    put(&mut out, 0x18, 2, 0x3e);
    put(&mut out, 0x1a, 2, 3);
    put(&mut out, 0x1c, 2, 0xfffe);
    put(&mut out, 0x1e, 2, 9);
    put(&mut out, 0x20, 2, 6);
    put(&mut out, 0x2c, 4, 1);
    put(&mut out, 0x30, 4, 1);
    put(&mut out, 0x38, 4, 4096);
    put(&mut out, 0x3c, 4, ENDOFCHAIN);
    put(&mut out, 0x44, 4, ENDOFCHAIN);
    for k in 0..109 {
        put(&mut out, 0x4c + 4 * k, 4, if k == 0 { 0 } else { FREESECT });
    }
    // Sector 0: the FAT. Sector 1: the directory. Sectors 2..: the Workbook.
    let fat = 512;
    for k in 0..128 {
        let v = match k {
            0 => FATSECT,
            1 => ENDOFCHAIN,
            k if k >= 2 && k < 2 + nsec - 1 => k as u32 + 1,
            k if k == 2 + nsec - 1 => ENDOFCHAIN,
            _ => FREESECT,
        };
        put(&mut out, fat + 4 * k, 4, v);
    }
    let dir = 1024;
    write_entry(&mut out, dir, "Root Entry", 5, 1, ENDOFCHAIN, 0);
    write_entry(
        &mut out,
        dir + 128,
        "Workbook",
        2,
        NOSTREAM,
        2,
        stream.len() as u32,
    );
    for k in 2..4 {
        let e = dir + 128 * k;
        put(&mut out, e + 68, 4, NOSTREAM);
        put(&mut out, e + 72, 4, NOSTREAM);
        put(&mut out, e + 76, 4, NOSTREAM);
    }
    out[1536..1536 + stream.len()].copy_from_slice(&stream);
    Ok(out)
}

/// Writes a directory entry without siblings at `at`.
fn write_entry(d: &mut [u8], at: usize, name: &str, kind: u8, child: u32, start: u32, size: u32) {
    let units: Vec<u16> = name.encode_utf16().collect();
    for (k, u) in units.iter().enumerate() {
        put(d, at + 2 * k, 2, u32::from(*u));
    }
    put(d, at + 64, 2, (units.len() as u32 + 1) * 2);
    d[at + 66] = kind;
    d[at + 67] = 1;
    put(d, at + 68, 4, NOSTREAM);
    put(d, at + 72, 4, NOSTREAM);
    put(d, at + 76, 4, child);
    put(d, at + 116, 4, start);
    put(d, at + 120, 4, size);
}

#[cfg(test)]
mod tests;
