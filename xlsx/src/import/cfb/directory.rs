//! The directory, the mini FAT and mini stream, and each stream's chain
//! and size.

use super::fat::{claim, outside, Compound, Named, Owner};
use super::{
    damaged, u32_at, u64_at, Header, DIR_ENTRY, ENDOFCHAIN, FREESECT, MAXREGSECT, MINI_CUTOFF,
    MINI_SECTOR,
};
use crate::import::guard::{Limits, Rejection};

/// A directory entry as calamine reads it.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    /// The name up to its first NUL, as calamine decodes it.
    pub(super) name: String,
    pub(super) kind: u8,
    pub(super) start: u32,
    pub(super) size: u64,
}

impl Entry {
    fn shown(&self) -> String {
        let name: String = self
            .name
            .chars()
            .filter(|c| !c.is_control())
            .take(40)
            .collect();
        format!("«{name}»")
    }

    fn named(&self) -> Named {
        let s = self.shown();
        Named::new(format!("strømmen {s}"), format!("the stream {s}"))
    }
}

pub(super) fn read_entries(c: &mut Compound, h: &Header) -> Result<Vec<Entry>, Rejection> {
    let named = Named::new("katalogen", "the directory");
    let ids = c.chain(h.dir_start, Owner::Directory, &named)?;
    let mut entries = Vec::with_capacity(ids.len().saturating_mul(h.sector / DIR_ENTRY));
    for id in ids {
        for e in c.sector(id).chunks_exact(DIR_ENTRY) {
            let units = e[..64]
                .chunks_exact(2)
                .map(|u| u16::from_le_bytes([u[0], u[1]]));
            let name: String = char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .take_while(|&c| c != '\0')
                .collect();
            // calamine reads 32 bits of the size in version 3 files.
            let size = if h.sector == 512 {
                u64::from(u32_at(e, 120).unwrap_or(0))
            } else {
                u64_at(e, 120).unwrap_or(0)
            };
            entries.push(Entry {
                name,
                kind: e[66],
                start: u32_at(e, 116).unwrap_or(ENDOFCHAIN),
                size,
            });
        }
    }
    match entries.first() {
        Some(root) if root.kind == 5 => {}
        _ => {
            return Err(damaged(
                "katalogen mangler rotoppføringen",
                "the directory has no root entry",
            ))
        }
    }
    if let Some(e) = entries.iter().find(|e| !matches!(e.kind, 0 | 1 | 2 | 5)) {
        return Err(damaged(
            format!(
                "katalogoppføringen {} har ukjent type {}",
                e.shown(),
                e.kind
            ),
            format!(
                "the directory entry {} has unknown type {}",
                e.shown(),
                e.kind
            ),
        ));
    }
    Ok(entries)
}

/// The mini stream (the root entry's stream) and the mini FAT.
pub(super) struct Mini {
    /// The main sectors holding the mini stream, in order.
    stream: Vec<u32>,
    /// Its length in bytes.
    len: usize,
    fat: Vec<u32>,
    /// Mini sectors that exist in both the mini stream and the mini FAT.
    sectors: u64,
    owner: Vec<u32>,
}

pub(super) fn read_mini(
    c: &mut Compound,
    h: &Header,
    root: &Entry,
    limits: &Limits,
) -> Result<Mini, Rejection> {
    let mut mini = Mini {
        stream: Vec::new(),
        len: 0,
        fat: Vec::new(),
        sectors: 0,
        owner: Vec::new(),
    };
    if h.mini_fat_sectors == 0 {
        // calamine then reads no mini stream at all; a small stream with
        // content will be refused below.
        return Ok(mini);
    }
    let named = Named::new("ministrømmen", "the mini stream");
    mini.stream = c.chain(root.start, Owner::Stream(0), &named)?;
    mini.len = stream_size(c, root, &mini.stream, c.sector, limits)?;
    let fat_named = Named::new("mini-FAT-en", "the mini FAT");
    let ids = c.chain(h.mini_fat_start, Owner::MiniFat, &fat_named)?;
    if ids.len() as u64 != u64::from(h.mini_fat_sectors) {
        return Err(damaged(
            format!(
                "mini-FAT-sektorer: hodet oppgir {}, kjeden har {}",
                h.mini_fat_sectors,
                ids.len()
            ),
            format!(
                "mini FAT sectors: the header declares {}, the chain has {}",
                h.mini_fat_sectors,
                ids.len()
            ),
        ));
    }
    let per_sector = c.sector / 4;
    let mut fat = Vec::with_capacity(ids.len().saturating_mul(per_sector));
    for id in ids {
        let s = c.sector(id);
        fat.extend((0..per_sector).map(|i| u32_at(s, 4 * i).unwrap_or(FREESECT)));
    }
    mini.sectors = ((mini.len / MINI_SECTOR) as u64).min(fat.len() as u64);
    for (i, &v) in fat.iter().enumerate().take(mini.sectors as usize) {
        let bad = match v {
            0..MAXREGSECT => u64::from(v) >= mini.sectors,
            0xFFFF_FFFA | 0xFFFF_FFFB => true,
            _ => false,
        };
        if bad {
            return Err(damaged(
                format!("mini-FAT-en lar minisektor {i} peke til {v}, som ikke finnes"),
                format!("the mini FAT makes mini sector {i} point to {v}, which does not exist"),
            ));
        }
    }
    mini.fat = fat;
    mini.owner = vec![0; mini.sectors as usize];
    Ok(mini)
}

/// Checks that a stream's declared size fits in its chain, the file and
/// the limits; the size as usize.
pub(super) fn stream_size(
    c: &Compound,
    e: &Entry,
    ids: &[u32],
    unit: usize,
    limits: &Limits,
) -> Result<usize, Rejection> {
    let held = (ids.len() as u64).saturating_mul(unit as u64);
    let file = c.bytes.len() as u64;
    if e.size > held || e.size > file || e.size > limits.max_file_bytes {
        let s = e.shown();
        return Err(damaged(
            format!(
                "strømmen {s} oppgir {} byte, men sektorene dens rommer bare {held}",
                e.size
            ),
            format!(
                "the stream {s} declares {} bytes, but its sectors hold only {held}",
                e.size
            ),
        ));
    }
    usize::try_from(e.size).map_err(|_| damaged("for stor strøm", "stream too large"))
}

/// Where a stream's bytes are: main sectors, or mini sectors of the mini
/// stream.
pub(super) enum Place {
    Main(Vec<u32>),
    Mini(Vec<u32>),
}

pub(super) fn check_stream(
    c: &mut Compound,
    mini: &mut Mini,
    index: usize,
    e: &Entry,
    limits: &Limits,
) -> Result<(Place, usize), Rejection> {
    let named = e.named();
    let owner = Owner::Stream(u32::try_from(index).unwrap_or(u32::MAX));
    if e.size >= MINI_CUTOFF {
        let ids = c.chain(e.start, owner, &named)?;
        let size = stream_size(c, e, &ids, c.sector, limits)?;
        return Ok((Place::Main(ids), size));
    }
    if e.size == 0 {
        // calamine reads at most the first sector of an empty stream.
        let fine = matches!(e.start, ENDOFCHAIN | FREESECT) || u64::from(e.start) < mini.sectors;
        if !fine {
            return Err(outside(e.start, &named, "minisektor", "mini sector"));
        }
        return Ok((Place::Mini(Vec::new()), 0));
    }
    let mut ids = Vec::new();
    let mut id = e.start;
    while id != ENDOFCHAIN {
        if u64::from(id) >= mini.sectors {
            return Err(outside(id, &named, "minisektor", "mini sector"));
        }
        claim(
            &mut mini.owner,
            id,
            owner,
            &named,
            "minisektor",
            "mini sector",
        )?;
        ids.push(id);
        id = mini.fat.get(id as usize).copied().unwrap_or(FREESECT);
    }
    let size = stream_size(c, e, &ids, MINI_SECTOR, limits)?;
    Ok((Place::Mini(ids), size))
}

/// Copies a checked stream out of the file.
pub(super) fn stream_bytes(c: &Compound, mini: &Mini, place: &Place, size: usize) -> Vec<u8> {
    // `size` was bounded by the sectors that hold it, inside the file.
    let mut out = Vec::with_capacity(size);
    match place {
        Place::Main(ids) => {
            for &id in ids {
                out.extend_from_slice(c.sector(id));
            }
        }
        Place::Mini(ids) => {
            for &m in ids {
                let at = (m as usize).saturating_mul(MINI_SECTOR);
                let (sector, offset) = (at / c.sector, at % c.sector);
                if let Some(&main) = mini.stream.get(sector) {
                    let s = c.sector(main);
                    out.extend_from_slice(s.get(offset..offset + MINI_SECTOR).unwrap_or(&[]));
                }
            }
        }
    }
    out.truncate(size);
    out
}
