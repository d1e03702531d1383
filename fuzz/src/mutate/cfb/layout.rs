//! Reading a compound file's layout leniently: the FAT, the mini FAT, the
//! directory, and where each byte of a stream is in the file.

use super::{ENDOFCHAIN, MAGIC};

pub(super) fn u16_at(d: &[u8], i: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes([*d.get(i)?, *d.get(i + 1)?])))
}

pub(super) fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes([
        *d.get(i)?,
        *d.get(i + 1)?,
        *d.get(i + 2)?,
        *d.get(i + 3)?,
    ]))
}

pub(super) fn put(d: &mut [u8], i: usize, width: usize, v: u32) {
    for k in 0..width {
        if let Some(b) = d.get_mut(i + k) {
            *b = (v >> (8 * k)) as u8;
        }
    }
}

/// A directory entry as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    /// The entry's name.
    pub name: String,
    /// Object type: 1 storage, 2 stream, 5 root.
    pub kind: u8,
    /// First sector (or mini sector) of its stream.
    pub start: u32,
    /// Stream size in bytes (the low 32 bits).
    pub size: u32,
    /// Where the 128-byte entry is in the file.
    pub offset: usize,
}

/// The parts of a compound file the edits need, read leniently (every
/// chain is cut at a loop or at a sector outside the file).
#[derive(Debug, Clone)]
pub struct Layout {
    /// Sector size in bytes.
    pub sector_size: usize,
    /// File offsets of the FAT sectors, in FAT order.
    pub fat_sectors: Vec<usize>,
    /// The FAT.
    pub fat: Vec<u32>,
    /// File offsets of the mini-FAT sectors.
    pub minifat_sectors: Vec<usize>,
    /// The mini FAT.
    pub minifat: Vec<u32>,
    /// The directory entries.
    pub entries: Vec<DirEntry>,
    /// Mini stream cutoff (streams below it live in the mini stream).
    pub cutoff: u32,
}

impl Layout {
    /// Reads the layout of `d`, or None when it is not a compound file
    /// with a sector size of 512 or 4096.
    pub fn read(d: &[u8]) -> Option<Layout> {
        if d.len() < 512 || d[..8] != MAGIC {
            return None;
        }
        let shift = u16_at(d, 0x1e)?;
        if shift != 9 && shift != 12 {
            return None;
        }
        let sector_size = 1usize << shift;
        let sectors = d.len().saturating_sub(sector_size) / sector_size;
        let offset = |n: u32| -> Option<usize> {
            ((n as usize) < sectors).then_some((n as usize + 1) * sector_size)
        };
        // The DIFAT: 109 ids in the header, then DIFAT sectors.
        let mut difat: Vec<u32> = (0..109).filter_map(|k| u32_at(d, 0x4c + 4 * k)).collect();
        let mut next = u32_at(d, 0x44)?;
        let mut seen = 0;
        while let Some(off) = offset(next) {
            seen += 1;
            if seen > sectors {
                break;
            }
            let per = sector_size / 4 - 1;
            difat.extend((0..per).filter_map(|k| u32_at(d, off + 4 * k)));
            next = u32_at(d, off + 4 * per)?;
        }
        let nfat = u32_at(d, 0x2c)? as usize;
        let fat_sectors: Vec<usize> = difat
            .iter()
            .take(nfat.min(sectors))
            .filter_map(|&n| offset(n))
            .collect();
        let fat: Vec<u32> = fat_sectors
            .iter()
            .flat_map(|&off| (0..sector_size / 4).filter_map(move |k| u32_at(d, off + 4 * k)))
            .collect();
        let chain = |start: u32| -> Vec<usize> {
            let mut out = Vec::new();
            let mut n = start;
            while let Some(off) = offset(n) {
                if out.len() > sectors {
                    break;
                }
                out.push(off);
                n = *fat.get(n as usize).unwrap_or(&ENDOFCHAIN);
            }
            out
        };
        let minifat_sectors = chain(u32_at(d, 0x3c)?);
        let minifat: Vec<u32> = minifat_sectors
            .iter()
            .flat_map(|&off| (0..sector_size / 4).filter_map(move |k| u32_at(d, off + 4 * k)))
            .collect();
        let mut entries = Vec::new();
        for off in chain(u32_at(d, 0x30)?) {
            for k in 0..sector_size / 128 {
                let e = off + 128 * k;
                let name_len = (u16_at(d, e + 64)? as usize).min(64);
                let units: Vec<u16> = (0..name_len.saturating_sub(2) / 2)
                    .filter_map(|j| u16_at(d, e + 2 * j).map(|u| u as u16))
                    .collect();
                entries.push(DirEntry {
                    name: String::from_utf16_lossy(&units),
                    kind: *d.get(e + 66)?,
                    start: u32_at(d, e + 116)?,
                    size: u32_at(d, e + 120)?,
                    offset: e,
                });
            }
        }
        Some(Layout {
            sector_size,
            fat_sectors,
            fat,
            minifat_sectors,
            minifat,
            entries,
            cutoff: u32_at(d, 0x38)?,
        })
    }

    fn sector_offset(&self, d: &[u8], n: u32) -> Option<usize> {
        let off = (n as usize).checked_add(1)?.checked_mul(self.sector_size)?;
        (off + self.sector_size <= d.len()).then_some(off)
    }

    /// The file offsets of each byte of the stream of `entry`, through the
    /// FAT or (below the cutoff) the mini FAT and the root's mini stream.
    pub fn stream_offsets(&self, d: &[u8], entry: &DirEntry) -> Vec<usize> {
        let size = entry.size as usize;
        let mut out = Vec::with_capacity(size.min(d.len()));
        if entry.size < self.cutoff && entry.kind == 2 {
            let Some(root) = self.entries.first() else {
                return out;
            };
            let mini = self.regular_chain(d, root.start);
            let mut n = entry.start;
            while out.len() < size && (n as usize) < self.minifat.len() {
                let at = n as usize * 64;
                for k in 0..64 {
                    let byte = at + k;
                    let Some(&sec) = mini.get(byte / self.sector_size) else {
                        return out;
                    };
                    out.push(sec + byte % self.sector_size);
                    if out.len() == size {
                        return out;
                    }
                }
                if out.len() > d.len() {
                    break;
                }
                n = self.minifat[n as usize];
            }
        } else {
            for sec in self.regular_chain(d, entry.start) {
                for k in 0..self.sector_size {
                    if out.len() == size {
                        return out;
                    }
                    out.push(sec + k);
                }
            }
        }
        out
    }

    fn regular_chain(&self, d: &[u8], start: u32) -> Vec<usize> {
        let mut out = Vec::new();
        let mut n = start;
        while let Some(off) = self.sector_offset(d, n) {
            if out.len() > d.len() / self.sector_size {
                break;
            }
            out.push(off);
            n = *self.fat.get(n as usize).unwrap_or(&ENDOFCHAIN);
        }
        out
    }

    /// The bytes of the stream of `entry`.
    pub fn read_stream(&self, d: &[u8], entry: &DirEntry) -> Vec<u8> {
        self.stream_offsets(d, entry)
            .iter()
            .map(|&i| d[i])
            .collect()
    }

    /// The `Workbook` (or `Book`) stream's entry.
    pub fn workbook(&self) -> Option<&DirEntry> {
        self.entries
            .iter()
            .find(|e| e.kind == 2 && (e.name == "Workbook" || e.name == "Book"))
    }
}
