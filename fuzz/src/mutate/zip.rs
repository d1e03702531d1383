//! Edits of zip-based workbooks (.xlsx, .xlsm, .ods, our templates):
//! unpack, edit one part (mostly its XML, see [`super::xml`]) and repack;
//! add, drop, rename and duplicate entries; and raw edits of the zip
//! directory itself — the end record's counts, sizes and offset, and each
//! central and local header's sizes, offsets, methods, flags and names.

use super::{bytes, xml};
use crate::error::Result;
use crate::rng::Rng;
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// Largest part read out of a seed when unpacking.
const MAX_PART: u64 = 64 << 20;

/// One entry of an unpacked archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The entry's name.
    pub name: String,
    /// Its unpacked bytes.
    pub data: Vec<u8>,
    /// Whether it was deflated (else stored).
    pub deflated: bool,
}

/// The entries of the zip archive `bytes`, in directory order.
///
/// # Errors
///
/// When `bytes` is not a zip archive this reader can read.
pub fn unpack(bytes: &[u8]) -> Result<Vec<Entry>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut out = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let file = archive.by_index(i)?;
        let name = file.name()?.into_owned();
        let deflated = file.compression() != CompressionMethod::Stored;
        let mut data = Vec::new();
        file.take(MAX_PART)
            .read_to_end(&mut data)
            .map_err(|e| crate::error::FuzzError::Zip(format!("{name}: {e}")))?;
        out.push(Entry {
            name,
            data,
            deflated,
        });
    }
    Ok(out)
}

/// A zip archive of `entries`, in order, each stored or deflated as it says.
///
/// # Errors
///
/// When the zip writer refuses (two entries with the same name).
pub fn repack(entries: &[Entry]) -> Result<Vec<u8>> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for e in entries {
        let method = if e.deflated {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        let opts = SimpleFileOptions::default()
            .compression_method(method)
            .large_file(e.data.len() as u64 >= u64::from(u32::MAX));
        w.start_file(e.name.as_str(), opts)?;
        w.write_all(&e.data)
            .map_err(|err| crate::error::FuzzError::Zip(format!("{}: {err}", e.name)))?;
    }
    Ok(w.finish()?.into_inner())
}

/// Turns an .xlsx into an .xlsm: the workbook part's content type becomes
/// the macro-enabled one.
///
/// # Errors
///
/// When `xlsx` cannot be unpacked or has no `[Content_Types].xml`.
pub fn macro_enabled(xlsx: &[u8]) -> Result<Vec<u8>> {
    let mut entries = unpack(xlsx)?;
    let ct = entries
        .iter_mut()
        .find(|e| e.name == "[Content_Types].xml")
        .ok_or_else(|| crate::error::FuzzError::Zip("no [Content_Types].xml".into()))?;
    let text = String::from_utf8_lossy(&ct.data).replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    );
    ct.data = text.into_bytes();
    repack(&entries)
}

/// Applies one zip-aware edit (or, now and then, plain byte edits) to the
/// archive `data`; `other` is another seed of the same format.
pub fn mutate(rng: &mut Rng, data: &[u8], other: Option<&[u8]>, log: &mut Vec<String>) -> Vec<u8> {
    let roll = rng.below(100);
    let mut out = if roll < 90 {
        match unpack(data) {
            Ok(mut entries) if !entries.is_empty() => {
                let repacked = if roll < 45 {
                    edit_part(rng, &mut entries, true, log);
                    repack_or_raw(rng, &entries, log)
                } else if roll < 58 {
                    edit_part(rng, &mut entries, false, log);
                    repack_or_raw(rng, &entries, log)
                } else if roll < 70 {
                    edit_entries(rng, &mut entries, other, log)
                } else {
                    None
                };
                let mut out = repacked.unwrap_or_else(|| data.to_vec());
                if roll >= 70 || rng.chance(15) {
                    let n = rng.small_size(3);
                    for _ in 0..n {
                        edit_directory(rng, &mut out, log);
                    }
                }
                out
            }
            _ => {
                let mut d = data.to_vec();
                bytes::mutate(rng, &mut d, other, log);
                d
            }
        }
    } else {
        let mut d = data.to_vec();
        bytes::mutate(rng, &mut d, other, log);
        d
    };
    if out.is_empty() && !data.is_empty() {
        out = data[..1].to_vec();
    }
    out
}

fn repack_or_raw(rng: &mut Rng, entries: &[Entry], log: &mut Vec<String>) -> Option<Vec<u8>> {
    match repack(entries) {
        Ok(b) => Some(b),
        Err(e) => {
            log.push(format!("repack failed: {e}"));
            let _ = rng.next_u64();
            None
        }
    }
}

/// Picks the part to edit: XML parts (sheets, shared strings, the
/// workbook, content types, relationships, `content.xml`) most often.
fn pick_part(rng: &mut Rng, entries: &[Entry]) -> usize {
    let favoured: Vec<usize> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            let n = e.name.as_str();
            n.contains("sheet")
                || n.contains("sharedStrings")
                || n.contains("workbook")
                || n == "content.xml"
                || n == "[Content_Types].xml"
        })
        .map(|(i, _)| i)
        .collect();
    let xmlish: Vec<usize> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.name.ends_with(".xml") || e.name.ends_with(".rels"))
        .map(|(i, _)| i)
        .collect();
    let roll = rng.below(100);
    let pool = if roll < 70 && !favoured.is_empty() {
        favoured
    } else if roll < 90 && !xmlish.is_empty() {
        xmlish
    } else {
        (0..entries.len()).collect()
    };
    rng.pick(&pool).copied().unwrap_or(0)
}

/// Edits the bytes of one part: as XML (`as_xml`) or as plain bytes.
pub fn edit_part(rng: &mut Rng, entries: &mut [Entry], as_xml: bool, log: &mut Vec<String>) {
    let i = pick_part(rng, entries);
    let Some(e) = entries.get_mut(i) else {
        return;
    };
    log.push(format!("part {}", e.name));
    if as_xml {
        let n = rng.small_size(3);
        for _ in 0..n {
            xml::mutate(rng, &mut e.data, log);
        }
    } else {
        bytes::mutate(rng, &mut e.data, None, log);
    }
}

/// Entry-level edits: drop, rename, reorder, duplicate, switch the
/// compression, add a junk entry or a highly compressed big one; then
/// repack. A duplicate name is written under a stand-in name of the same
/// length and patched back in the packed bytes.
pub fn edit_entries(
    rng: &mut Rng,
    entries: &mut Vec<Entry>,
    other: Option<&[u8]>,
    log: &mut Vec<String>,
) -> Option<Vec<u8>> {
    let i = rng.below(entries.len());
    let mut patch: Option<(String, String)> = None;
    match rng.below(9) {
        0 => {
            let e = entries.remove(i);
            log.push(format!("drop entry {}", e.name));
        }
        1 => {
            let old = entries[i].name.clone();
            let new = odd_name(rng, &old, entries);
            log.push(format!("rename {old} -> {new}"));
            entries[i].name = new;
        }
        2 => {
            let e = entries.remove(i);
            log.push(format!("move entry {} to the end", e.name));
            entries.push(e);
        }
        3 => {
            let e = entries.remove(i);
            log.push(format!("move entry {} to the front", e.name));
            entries.insert(0, e);
        }
        4 => {
            entries[i].deflated = !entries[i].deflated;
            log.push(format!("switch compression of {}", entries[i].name));
        }
        5 | 6 => {
            // The same name twice: write a stand-in and patch it afterwards.
            let mut copy = entries[i].clone();
            let real = copy.name.clone();
            let stand_in = stand_in_name(&real);
            if rng.chance(50) {
                xml::mutate(rng, &mut copy.data, log);
            }
            copy.name = stand_in.clone();
            log.push(format!("duplicate entry {real}"));
            let at = rng.below(entries.len() + 1);
            entries.insert(at, copy);
            patch = Some((stand_in, real));
        }
        7 => {
            let name = odd_name(rng, "xl/worksheets/sheet9.xml", entries);
            let mut data = other.map(<[u8]>::to_vec).unwrap_or_default();
            bytes::mutate(rng, &mut data, None, log);
            log.push(format!("add entry {name}"));
            entries.push(Entry {
                name,
                data,
                deflated: rng.chance(50),
            });
        }
        _ => {
            // A part that unpacks to many megabytes (a mild zip bomb).
            let size = rng.range(1, 16) << 20;
            let unit = entries[i].data.clone();
            let mut data = Vec::with_capacity(size);
            if unit.is_empty() || rng.chance(50) {
                data.resize(size, b' ');
            } else {
                while data.len() < size {
                    data.extend_from_slice(&unit);
                }
            }
            log.push(format!("inflate {} to {} MB", entries[i].name, size >> 20));
            entries[i].data = data;
            entries[i].deflated = true;
        }
    }
    let mut out = repack_or_raw(rng, entries, log)?;
    if let Some((from, to)) = patch {
        replace_all(&mut out, from.as_bytes(), to.as_bytes());
    }
    Some(out)
}

/// A name of the same length as `name` that differs in its last byte.
fn stand_in_name(name: &str) -> String {
    let mut b: Vec<char> = name.chars().collect();
    if let Some(last) = b.last_mut() {
        *last = if *last == '#' { '@' } else { '#' };
    } else {
        b.push('#');
    }
    b.into_iter().collect()
}

/// Replaces every occurrence of `from` with `to` (same length) in `hay`.
pub fn replace_all(hay: &mut [u8], from: &[u8], to: &[u8]) {
    if from.is_empty() || from.len() != to.len() || hay.len() < from.len() {
        return;
    }
    let mut i = 0;
    while i + from.len() <= hay.len() {
        if &hay[i..i + from.len()] == from {
            hay[i..i + from.len()].copy_from_slice(to);
            i += from.len();
        } else {
            i += 1;
        }
    }
}

/// A surprising variant of an entry name.
fn odd_name(rng: &mut Rng, name: &str, entries: &[Entry]) -> String {
    match rng.below(9) {
        0 => name.to_uppercase(),
        1 => format!("/{name}"),
        2 => format!("../{name}"),
        3 => name.replace('/', "\\"),
        4 => format!("{name}/"),
        5 => String::new(),
        6 => "x".repeat(rng.small_size(70_000)),
        7 => format!("{name}\u{0}.txt"),
        _ => rng
            .pick(entries)
            .map(|e| format!("{}ø", e.name))
            .unwrap_or_else(|| name.to_string()),
    }
}

/// Signatures of the records in the zip directory.
const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
const CENTRAL: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];
const LOCAL: [u8; 4] = [0x50, 0x4b, 0x03, 0x04];

/// A field of a zip record: offset from the record's start and width.
struct Field {
    name: &'static str,
    at: usize,
    width: usize,
}

const EOCD_FIELDS: &[Field] = &[
    Field {
        name: "disk",
        at: 4,
        width: 2,
    },
    Field {
        name: "cd disk",
        at: 6,
        width: 2,
    },
    Field {
        name: "entries on disk",
        at: 8,
        width: 2,
    },
    Field {
        name: "total entries",
        at: 10,
        width: 2,
    },
    Field {
        name: "cd size",
        at: 12,
        width: 4,
    },
    Field {
        name: "cd offset",
        at: 16,
        width: 4,
    },
    Field {
        name: "comment length",
        at: 20,
        width: 2,
    },
];

const CENTRAL_FIELDS: &[Field] = &[
    Field {
        name: "flags",
        at: 8,
        width: 2,
    },
    Field {
        name: "method",
        at: 10,
        width: 2,
    },
    Field {
        name: "crc",
        at: 16,
        width: 4,
    },
    Field {
        name: "packed size",
        at: 20,
        width: 4,
    },
    Field {
        name: "unpacked size",
        at: 24,
        width: 4,
    },
    Field {
        name: "name length",
        at: 28,
        width: 2,
    },
    Field {
        name: "extra length",
        at: 30,
        width: 2,
    },
    Field {
        name: "comment length",
        at: 32,
        width: 2,
    },
    Field {
        name: "disk start",
        at: 34,
        width: 2,
    },
    Field {
        name: "local offset",
        at: 42,
        width: 4,
    },
];

const LOCAL_FIELDS: &[Field] = &[
    Field {
        name: "flags",
        at: 6,
        width: 2,
    },
    Field {
        name: "method",
        at: 8,
        width: 2,
    },
    Field {
        name: "crc",
        at: 14,
        width: 4,
    },
    Field {
        name: "packed size",
        at: 18,
        width: 4,
    },
    Field {
        name: "unpacked size",
        at: 22,
        width: 4,
    },
    Field {
        name: "name length",
        at: 26,
        width: 2,
    },
    Field {
        name: "extra length",
        at: 28,
        width: 2,
    },
];

/// Offsets of every occurrence of `sig` in `data`.
fn records(data: &[u8], sig: [u8; 4]) -> Vec<usize> {
    data.windows(4)
        .enumerate()
        .filter(|(_, w)| *w == sig)
        .map(|(i, _)| i)
        .collect()
}

fn read_le(data: &[u8], at: usize, width: usize) -> u64 {
    (0..width).fold(0u64, |acc, k| acc | (u64::from(data[at + k]) << (8 * k)))
}

fn write_le(data: &mut [u8], at: usize, width: usize, v: u64) {
    for k in 0..width {
        data[at + k] = (v >> (8 * k)) as u8;
    }
}

/// One raw edit of the zip directory: a field of the end record, of a
/// central header or of a local header gets a boundary value, an
/// off-by-a-little value or the same field of another entry; or a name in
/// the central directory is overwritten.
pub fn edit_directory(rng: &mut Rng, data: &mut [u8], log: &mut Vec<String>) {
    let eocd = records(data, EOCD);
    let central = records(data, CENTRAL);
    let local = records(data, LOCAL);
    let roll = rng.below(100);
    let (kind, starts, fields): (&str, &[usize], &[Field]) = if roll < 30 && !eocd.is_empty() {
        ("end record", &eocd, EOCD_FIELDS)
    } else if roll < 60 && !central.is_empty() {
        ("central header", &central, CENTRAL_FIELDS)
    } else if roll < 75 && !central.is_empty() {
        rename_in_directory(rng, data, &central, log);
        return;
    } else if !local.is_empty() {
        ("local header", &local, LOCAL_FIELDS)
    } else {
        bytes::set_interesting(rng, data, log);
        return;
    };
    let (Some(&start), Some(field)) = (rng.pick(starts), rng.pick(fields)) else {
        return;
    };
    if start + field.at + field.width > data.len() {
        return;
    }
    let old = read_le(data, start + field.at, field.width);
    let max = if field.width == 2 {
        0xffff
    } else {
        0xffff_ffff
    };
    let new = match rng.below(6) {
        0 => u64::from(*rng.pick(&bytes::INTERESTING_U32).unwrap_or(&0)) & max,
        1 => old.wrapping_add(rng.range(1, 16) as u64) & max,
        2 => old.wrapping_sub(rng.range(1, 16) as u64) & max,
        3 => (data.len() as u64) & max,
        4 => match field.name {
            "method" => *rng
                .pick(&[0u64, 1, 8, 9, 12, 14, 93, 99, 0xffff])
                .unwrap_or(&0),
            "flags" => old ^ *rng.pick(&[1u64, 8, 0x40, 0x800, 0x2000]).unwrap_or(&1),
            _ => max,
        },
        _ => {
            // The same field of another record of the same kind.
            let &other = rng.pick(starts).unwrap_or(&start);
            if other + field.at + field.width <= data.len() {
                read_le(data, other + field.at, field.width)
            } else {
                0
            }
        }
    };
    write_le(data, start + field.at, field.width, new);
    log.push(format!("{kind} at {start}: {} {old} -> {new}", field.name));
}

/// Overwrites the name of a central-directory entry: with another entry's
/// name of the same length (two entries, one name), or a byte of it with
/// `/`, `\`, NUL or a non-UTF-8 byte.
fn rename_in_directory(rng: &mut Rng, data: &mut [u8], central: &[usize], log: &mut Vec<String>) {
    let name_of = |data: &[u8], s: usize| -> Option<(usize, usize)> {
        if s + 46 > data.len() {
            return None;
        }
        let len = read_le(data, s + 28, 2) as usize;
        (s + 46 + len <= data.len()).then_some((s + 46, len))
    };
    let Some(&s) = rng.pick(central) else {
        return;
    };
    let Some((at, len)) = name_of(data, s) else {
        return;
    };
    if len == 0 {
        return;
    }
    let same_len: Vec<(usize, usize)> = central
        .iter()
        .filter_map(|&o| name_of(data, o))
        .filter(|&(a, l)| l == len && a != at)
        .collect();
    if rng.chance(50) {
        if let Some(&(from, _)) = rng.pick(&same_len) {
            let name = data[from..from + len].to_vec();
            data[at..at + len].copy_from_slice(&name);
            log.push(format!(
                "central name at {s} := {}",
                String::from_utf8_lossy(&name)
            ));
            return;
        }
    }
    let i = at + rng.below(len);
    let b = *rng
        .pick(&[b'/', b'\\', 0u8, 0xff, b'.', b'A'])
        .unwrap_or(&b'/');
    data[i] = b;
    log.push(format!("central name byte {} at {s} := {b:#x}", i - at));
}

#[cfg(test)]
mod tests;
