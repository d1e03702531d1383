//! Sectors and the sector allocation table: the header's DIFAT entries,
//! the DIFAT chain, the FAT, and walking a chain in it so that every
//! sector belongs to one chain only (which catches loops too).

use super::{damaged, u32_at, Header, ENDOFCHAIN, FREESECT, HEADER_DIFAT, MAXREGSECT};
use crate::import::guard::Rejection;

/// Who a sector belongs to, for telling a loop from two chains sharing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    Fat,
    Difat,
    Directory,
    MiniFat,
    /// The stream of directory entry n (entry 0 is the mini stream).
    Stream(u32),
}

impl Owner {
    fn tag(self) -> u32 {
        match self {
            Owner::Fat => 1,
            Owner::Difat => 2,
            Owner::Directory => 3,
            Owner::MiniFat => 4,
            Owner::Stream(n) => n.saturating_add(5),
        }
    }
}

/// What a chain is called in a message.
pub(super) struct Named {
    pub(super) nb: String,
    pub(super) en: String,
}

impl Named {
    pub(super) fn new(nb: impl Into<String>, en: impl Into<String>) -> Named {
        Named {
            nb: nb.into(),
            en: en.into(),
        }
    }
}

/// A compound file whose header, DIFAT and FAT have been read and checked.
pub(super) struct Compound<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) sector: usize,
    /// Whole sectors after the header.
    sectors: u64,
    fat: Vec<u32>,
    /// The owner tag of each sector (0 when no chain has claimed it).
    owner: Vec<u32>,
}

impl<'a> Compound<'a> {
    /// A sector's bytes; only for ids that passed [`Compound::valid`].
    pub(super) fn sector(&self, id: u32) -> &'a [u8] {
        let start = (id as usize)
            .checked_add(1)
            .and_then(|n| n.checked_mul(self.sector));
        let end = start.and_then(|s| s.checked_add(self.sector));
        match (start, end) {
            (Some(s), Some(e)) => self.bytes.get(s..e).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Whether `id` is a sector wholly inside the file that the FAT covers.
    pub(super) fn valid(&self, id: u32) -> bool {
        u64::from(id) < self.sectors && (id as usize) < self.fat.len()
    }

    pub(super) fn claim(&mut self, id: u32, owner: Owner, what: &Named) -> Result<(), Rejection> {
        claim(&mut self.owner, id, owner, what, "sektor", "sector")
    }

    /// Walks a chain in the FAT from `start` to ENDOFCHAIN, claiming each
    /// sector; its sector ids in order.
    pub(super) fn chain(
        &mut self,
        start: u32,
        owner: Owner,
        what: &Named,
    ) -> Result<Vec<u32>, Rejection> {
        let mut ids = Vec::new();
        let mut id = start;
        while id != ENDOFCHAIN {
            if !self.valid(id) {
                return Err(outside(id, what, "sektor", "sector"));
            }
            self.claim(id, owner, what)?;
            ids.push(id);
            id = self.fat.get(id as usize).copied().unwrap_or(FREESECT);
        }
        Ok(ids)
    }
}

pub(super) fn outside(id: u32, what: &Named, nb: &str, en: &str) -> Rejection {
    match id {
        FREESECT => damaged(
            format!("{} peker til en ledig {nb}", what.nb),
            format!("{} points to a free {en}", what.en),
        ),
        MAXREGSECT.. => damaged(
            format!("{} peker til en ugyldig {nb}", what.nb),
            format!("{} points to an invalid {en}", what.en),
        ),
        _ => damaged(
            format!("{} peker til {nb} {id}, som ikke finnes i filen", what.nb),
            format!("{} points to {en} {id}, which is not in the file", what.en),
        ),
    }
}

pub(super) fn claim(
    owners: &mut [u32],
    id: u32,
    owner: Owner,
    what: &Named,
    nb: &str,
    en: &str,
) -> Result<(), Rejection> {
    let Some(slot) = owners.get_mut(id as usize) else {
        return Err(outside(id, what, nb, en));
    };
    if *slot == owner.tag() {
        return Err(damaged(
            format!("kjeden til {} går i ring", what.nb),
            format!("the chain of {} loops", what.en),
        ));
    }
    if *slot != 0 {
        return Err(damaged(
            format!("{nb} {id} i {} brukes også av en annen kjede", what.nb),
            format!("{en} {id} of {} is also used by another chain", what.en),
        ));
    }
    *slot = owner.tag();
    Ok(())
}

/// Reads the DIFAT (header part, then its sector chain) and the FAT.
pub(super) fn read_fat<'a>(bytes: &'a [u8], h: &Header) -> Result<Compound<'a>, Rejection> {
    let sectors = (bytes.len() / h.sector).saturating_sub(1) as u64;
    let mut c = Compound {
        bytes,
        sector: h.sector,
        sectors,
        fat: Vec::new(),
        // One tag per sector of the file: bounded by its real length.
        owner: vec![0; sectors as usize],
    };
    let fat_named = Named::new("FAT-en", "the FAT");
    let difat_named = Named::new("DIFAT-en", "the DIFAT");
    let mut fat_ids: Vec<u32> = Vec::new();
    let mut take = |c: &mut Compound, e: u32| -> Result<(), Rejection> {
        match e {
            // calamine filters the markers ENDOFCHAIN, FATSECT, DIFSECT
            // and FREESECT, but reads 0xFFFFFFFA–B as sector ids.
            0..MAXREGSECT => {
                if u64::from(e) >= c.sectors {
                    return Err(outside(e, &fat_named, "sektor", "sector"));
                }
                claim(&mut c.owner, e, Owner::Fat, &fat_named, "sektor", "sector")?;
                fat_ids.push(e);
                Ok(())
            }
            0xFFFF_FFFA | 0xFFFF_FFFB => Err(outside(e, &fat_named, "sektor", "sector")),
            _ => Ok(()),
        }
    };
    for i in 0..HEADER_DIFAT {
        take(&mut c, u32_at(bytes, 76 + 4 * i).unwrap_or(FREESECT))?;
    }
    let per_sector = h.sector / 4;
    let mut next = h.difat_start;
    let mut difat_count: u32 = 0;
    while next < MAXREGSECT {
        if u64::from(next) >= c.sectors {
            return Err(outside(next, &difat_named, "sektor", "sector"));
        }
        claim(
            &mut c.owner,
            next,
            Owner::Difat,
            &difat_named,
            "sektor",
            "sector",
        )?;
        difat_count = difat_count.saturating_add(1);
        let s = c.sector(next);
        for i in 0..per_sector - 1 {
            take(&mut c, u32_at(s, 4 * i).unwrap_or(FREESECT))?;
        }
        next = u32_at(s, 4 * (per_sector - 1)).unwrap_or(ENDOFCHAIN);
    }
    if difat_count != h.difat_sectors {
        return Err(damaged(
            format!(
                "DIFAT-sektorer: hodet oppgir {}, kjeden har {difat_count}",
                h.difat_sectors
            ),
            format!(
                "DIFAT sectors: the header declares {}, the chain has {difat_count}",
                h.difat_sectors
            ),
        ));
    }
    if fat_ids.len() as u64 != u64::from(h.fat_sectors) || fat_ids.is_empty() {
        return Err(damaged(
            format!(
                "FAT-sektorer: hodet oppgir {}, DIFAT-en viser til {}",
                h.fat_sectors,
                fat_ids.len()
            ),
            format!(
                "FAT sectors: the header declares {}, the DIFAT lists {}",
                h.fat_sectors,
                fat_ids.len()
            ),
        ));
    }
    // Distinct sectors inside the file: at most the file's size in bytes.
    let mut fat = Vec::with_capacity(fat_ids.len().saturating_mul(per_sector));
    for &id in &fat_ids {
        let s = c.sector(id);
        fat.extend((0..per_sector).map(|i| u32_at(s, 4 * i).unwrap_or(FREESECT)));
    }
    c.fat = fat;
    let covered = c.sectors.min(c.fat.len() as u64);
    for (i, &v) in c.fat.iter().enumerate().take(covered as usize) {
        let bad = match v {
            0..MAXREGSECT => u64::from(v) >= covered,
            0xFFFF_FFFA | 0xFFFF_FFFB => true,
            _ => false,
        };
        if bad {
            return Err(damaged(
                format!("FAT-en lar sektor {i} peke til sektor {v}, som ikke finnes i filen"),
                format!("the FAT makes sector {i} point to sector {v}, which is not in the file"),
            ));
        }
    }
    Ok(c)
}
