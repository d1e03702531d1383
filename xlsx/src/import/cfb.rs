//! Our own structural check of an Excel 97–2003 workbook (.xls) before
//! calamine reads it. An .xls is an OLE2 compound file (MS-CFB): a header,
//! a sector allocation table (FAT) found through the DIFAT, a directory of
//! streams, and a mini FAT for the small streams. calamine trusts all of
//! it: a sector chain that loops makes it grow a buffer until the process
//! aborts, a sector id past the end makes it slice out of range, and the
//! workbook stream's records (see [`biff`]) carry counts it reserves
//! memory for. So every sector id, chain and size calamine will use is
//! checked here first, with checked arithmetic, allocating nothing whose
//! size comes from the file and was not bounded by the file's own length.
//!
//! A file that fails is refused with [`Rejection::Damaged`]; a file whose
//! numbers are plausible but too big for the import limits gets
//! [`Rejection::Limit`].

mod biff;
mod directory;
mod fat;
mod formula;
#[cfg(test)]
mod tests;

use super::guard::{Limits, Rejection};
use directory::{check_stream, read_entries, read_mini, stream_bytes};
use fat::read_fat;

/// Unused sector.
const FREESECT: u32 = 0xFFFF_FFFF;
/// Last sector of a chain.
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// Sector ids from here up are markers, not sectors.
const MAXREGSECT: u32 = 0xFFFF_FFFA;
/// Streams this small live in the mini stream (calamine hard-codes 4096).
const MINI_CUTOFF: u64 = 4096;
/// Size of a mini sector.
const MINI_SECTOR: usize = 64;
/// Size of a directory entry.
const DIR_ENTRY: usize = 128;
/// Entries in the header's part of the DIFAT.
const HEADER_DIFAT: usize = 109;

/// A refusal for a damaged file, with a short detail in both languages.
pub(super) fn damaged(nb: impl Into<String>, en: impl Into<String>) -> Rejection {
    Rejection::Damaged(styring_core::Text::new(nb, en))
}

/// The little-endian u16 at `i`, if the bytes are there.
pub(super) fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    let x = b.get(i..i.checked_add(2)?)?;
    <[u8; 2]>::try_from(x).ok().map(u16::from_le_bytes)
}

/// The little-endian u32 at `i`, if the bytes are there.
pub(super) fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    let x = b.get(i..i.checked_add(4)?)?;
    <[u8; 4]>::try_from(x).ok().map(u32::from_le_bytes)
}

fn u64_at(b: &[u8], i: usize) -> Option<u64> {
    let lo = u32_at(b, i)?;
    let hi = u32_at(b, i.checked_add(4)?)?;
    Some(u64::from(lo) | (u64::from(hi) << 32))
}

/// The header fields we use.
#[derive(Debug)]
struct Header {
    /// 512 (version 3) or 4096 (version 4).
    sector: usize,
    fat_sectors: u32,
    dir_start: u32,
    mini_fat_start: u32,
    mini_fat_sectors: u32,
    difat_start: u32,
    difat_sectors: u32,
}

fn header(bytes: &[u8]) -> Result<Header, Rejection> {
    let field = |i| u16_at(bytes, i).unwrap_or(0);
    if bytes.len() < 512 {
        return Err(damaged(
            format!("hodet er avkortet: filen har bare {} byte", bytes.len()),
            format!(
                "the header is cut off: the file has only {} bytes",
                bytes.len()
            ),
        ));
    }
    if field(28) != 0xFFFE {
        return Err(damaged(
            "ukjent byte-rekkefølge i hodet",
            "unknown byte order in the header",
        ));
    }
    let (major, shift) = (field(26), field(30));
    let sector = match (major, shift) {
        (3, 9) => 512,
        (4, 12) => 4096,
        _ => {
            return Err(damaged(
                format!("ukjent versjon {major} med sektorstørrelse 2^{shift}"),
                format!("unknown version {major} with sector size 2^{shift}"),
            ))
        }
    };
    if field(32) != 6 || u32_at(bytes, 56) != Some(MINI_CUTOFF as u32) {
        return Err(damaged(
            "ukjent størrelse på minisektorene",
            "unknown mini sector layout",
        ));
    }
    if bytes.len() < sector {
        return Err(damaged(
            format!("hodet er avkortet: filen har bare {} byte", bytes.len()),
            format!(
                "the header is cut off: the file has only {} bytes",
                bytes.len()
            ),
        ));
    }
    let at = |i| u32_at(bytes, i).unwrap_or(FREESECT);
    Ok(Header {
        sector,
        fat_sectors: at(44),
        dir_start: at(48),
        mini_fat_start: at(60),
        mini_fat_sectors: at(64),
        difat_start: at(68),
        difat_sectors: at(72),
    })
}

fn is(name: &str, wanted: &str) -> bool {
    name.as_bytes().eq_ignore_ascii_case(wanted.as_bytes())
}

/// Checks an .xls file's compound-file structure and its workbook stream.
///
/// # Errors
/// [`Rejection::Damaged`] saying what is wrong, [`Rejection::Limit`] for a
/// workbook bigger than the limits, or [`Rejection::NotSpreadsheet`] for a
/// Word or PowerPoint file.
pub(super) fn check(bytes: &[u8], limits: &Limits) -> Result<(), Rejection> {
    let h = header(bytes)?;
    match check_body(bytes, &h, limits) {
        // A file that is not whole sectors and fails was most likely cut
        // off (a download or copy that stopped): say so.
        Err(Rejection::Damaged(_)) if !bytes.len().is_multiple_of(h.sector) => Err(damaged(
            format!("filen er avkortet etter {} byte", bytes.len()),
            format!("the file is cut off after {} bytes", bytes.len()),
        )),
        other => other,
    }
}

fn check_body(bytes: &[u8], h: &Header, limits: &Limits) -> Result<(), Rejection> {
    let mut c = read_fat(bytes, h)?;
    let entries = read_entries(&mut c, h)?;
    let Some(root) = entries.first() else {
        return Err(damaged(
            "katalogen mangler rotoppføringen",
            "the directory has no root entry",
        ));
    };
    let mut mini = read_mini(&mut c, h, root, limits)?;
    // calamine takes the first entry named Workbook, else the first named
    // Book, whatever its type.
    let book = entries
        .iter()
        .position(|e| is(&e.name, "Workbook"))
        .or_else(|| entries.iter().position(|e| is(&e.name, "Book")));
    let Some(book) = book else {
        let looks_like = if entries.iter().any(|e| is(&e.name, "WordDocument")) {
            Some("et Word-dokument")
        } else if entries.iter().any(|e| is(&e.name, "PowerPoint Document")) {
            Some("en PowerPoint-presentasjon")
        } else {
            None
        };
        return Err(match looks_like {
            Some(looks_like) => Rejection::NotSpreadsheet { looks_like },
            None => damaged("den har ingen Workbook-strøm", "it has no Workbook stream"),
        });
    };
    if book == 0 {
        return Err(damaged(
            "rotoppføringen er merket som arbeidsboken",
            "the root entry is marked as the workbook",
        ));
    }
    let mut workbook = None;
    for (i, e) in entries.iter().enumerate().skip(1) {
        if e.kind == 2 || i == book {
            let (place, size) = check_stream(&mut c, &mut mini, i, e, limits)?;
            if i == book {
                workbook = Some((place, size));
            }
        }
    }
    let Some((place, size)) = workbook else {
        return Ok(());
    };
    let stream = stream_bytes(&c, &mini, &place, size);
    biff::check(&stream, limits)
}
