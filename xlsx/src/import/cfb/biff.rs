//! The workbook stream of an .xls: BIFF records, walked the way calamine
//! 0.38 walks them, so that every number it will slice by or reserve
//! memory for is bounded first. calamine reads the globals substream up to
//! its EOF record, then every sheet from the offset its BOUNDSHEET record
//! gives. We refuse a file where it would
//!
//! - slice outside a record: BOF, FILEPASS, CODEPAGE, DATEMODE and
//!   EXTERNSHEET shorter than the two bytes it reads; BOUNDSHEET shorter
//!   than six; a defined name (LBL) shorter than its header or than the
//!   formula length it declares; MERGECELLS shorter than its count of
//!   ranges; a FORMULA shorter than its token length, or a token that runs
//!   past its end; a shared string (SST) whose rich-text or phonetic
//!   header, or a CONTINUE record, is cut off;
//! - slice outside the stream: a BOUNDSHEET offset past its end;
//! - overflow: a DIMENSIONS record whose last row or column is before its
//!   first (calamine subtracts them), a MULRK whose last column is before
//!   its first, a name index of zero;
//! - reserve memory for rows × columns: DIMENSIONS, and the rectangle
//!   spanned by the cells of each sheet (calamine makes a dense grid of
//!   it), both bounded by `--max-cells` (and a cell past column IV, or a
//!   DIMENSIONS past 65536 × 256, is damage: no .xls has one), as is the
//!   number of shared strings by `--max-shared-strings`;
//! - walk the same bytes again and again: sheets that overlap.
//!
//! calamine reserves nothing from the SST's declared string counts
//! (cstTotal, cstUnique; it skips them), nor from record lengths (each is
//! a u16 it checks against the stream); it does from DIMENSIONS and from
//! the cells' positions, as above.
//!
//! Where calamine would return an error instead, the walk of that part
//! stops: calamine will say what is wrong.

#[cfg(test)]
mod tests;

use super::formula::{formula, known_error};
use super::{damaged, u16_at, u32_at};
use crate::import::guard::{LimitHit, Limits, Rejection};

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;
/// Rows and columns of an Excel 97–2003 sheet.
const MAX_ROWS: u32 = 65_536;
const MAX_COLUMNS: u32 = 256;

/// Record lengths calamine reads without checking.
fn short(typ: u16, len: usize) -> Rejection {
    damaged(
        format!("posten 0x{typ:04X} er bare {len} byte lang"),
        format!("record 0x{typ:04X} is only {len} bytes long"),
    )
}

/// One record with the CONTINUE records that follow it.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

/// Records as calamine's iterator yields them; `None` at the end of the
/// stream or where calamine would stop with an error.
struct Records<'a> {
    stream: &'a [u8],
    consumed: usize,
}

impl<'a> Records<'a> {
    fn new(stream: &'a [u8]) -> Records<'a> {
        Records {
            stream,
            consumed: 0,
        }
    }

    fn split(&mut self) -> Option<(u16, &'a [u8])> {
        let typ = u16_at(self.stream, 0)?;
        let len = usize::from(u16_at(self.stream, 2)?);
        let end = len.checked_add(4)?;
        let data = self.stream.get(4..end)?;
        self.stream = self.stream.get(end..)?;
        self.consumed = self.consumed.saturating_add(end);
        Some((typ, data))
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Record<'a>;

    fn next(&mut self) -> Option<Record<'a>> {
        let (typ, data) = self.split()?;
        let mut cont = Vec::new();
        while self.stream.len() > 4 && u16_at(self.stream, 0) == Some(CONTINUE) {
            let (_, c) = self.split()?;
            cont.push(c);
        }
        Some(Record { typ, data, cont })
    }
}

/// The BIFF version, as calamine derives it from the last BOF record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Biff {
    /// BIFF2 to BIFF5.
    Old,
    /// Excel 97–2003.
    Biff8,
}

fn bof(data: &[u8]) -> Result<Biff, Rejection> {
    let version = u16_at(data, 0).ok_or_else(|| short(BOF, data.len()))?;
    let dt = u16_at(data, 2).unwrap_or(0);
    Ok(match version {
        0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => Biff::Old,
        0 if dt == 0x1000 => Biff::Old,
        _ => Biff::Biff8,
    })
}

/// A continuation of a walk, or its end where calamine stops.
type Step = Result<bool, Rejection>;

/// Checks the workbook stream.
pub(super) fn check(stream: &[u8], limits: &Limits) -> Result<(), Rejection> {
    let mut biff = Biff::Biff8;
    let mut sheets: Vec<usize> = Vec::new();
    for r in Records::new(stream) {
        let need2 = || {
            if r.data.len() < 2 {
                Err(short(r.typ, r.data.len()))
            } else {
                Ok(())
            }
        };
        let go_on = match r.typ {
            // FILEPASS, CODEPAGE, DATEMODE: a u16 read unchecked. An
            // encrypted file stops calamine with "password protected".
            0x002F => {
                need2()?;
                u16_at(r.data, 0) == Some(0)
            }
            0x0042 | 0x0022 => {
                need2()?;
                true
            }
            0x0017 if biff == Biff::Biff8 => {
                need2()?;
                true
            }
            BOF => {
                biff = bof(r.data)?;
                true
            }
            0x0085 => {
                if r.data.len() < 6 {
                    return Err(short(r.typ, r.data.len()));
                }
                let pos = u32_at(r.data, 0).unwrap_or(0) as usize;
                if pos > stream.len() {
                    return Err(damaged(
                        format!(
                            "et ark starter ved byte {pos}, men arbeidsboken har bare {}",
                            stream.len()
                        ),
                        format!(
                            "a sheet starts at byte {pos}, but the workbook has only {}",
                            stream.len()
                        ),
                    ));
                }
                sheets.push(pos);
                true
            }
            0x0018 => lbl(r.data, biff)?,
            0x00FC => sst(&r, limits)?,
            EOF => break,
            _ => true,
        };
        if !go_on {
            return Ok(());
        }
    }
    // calamine walks each sheet from its offset to its EOF; in offset
    // order, each must start after the one before ends.
    sheets.sort_unstable();
    let mut end = 0usize;
    let mut cells = 0u64;
    for pos in sheets {
        if pos < end {
            return Err(damaged(
                "to ark i filen overlapper hverandre",
                "two sheets in the file overlap",
            ));
        }
        let rest = stream.get(pos..).unwrap_or(&[]);
        let (len, grid, col) = sheet(rest, biff, limits)?;
        end = pos.saturating_add(len);
        cells = cells.saturating_add(grid);
        if col >= MAX_COLUMNS {
            return Err(damaged(
                format!(
                    "en celle ligger i kolonne {}; en .xls har høyst {MAX_COLUMNS}",
                    col + 1
                ),
                format!(
                    "a cell is in column {}; an .xls has at most {MAX_COLUMNS}",
                    col + 1
                ),
            ));
        }
        if cells > limits.max_cells {
            return Err(Rejection::Limit(LimitHit {
                flag: "max-cells",
                limit: limits.max_cells,
                found: cells,
                what: (
                    "antall celler arkene i .xls-filen spenner over (rader × kolonner)",
                    "the number of cells the sheets of the .xls file span (rows × columns)",
                ),
            }));
        }
    }
    Ok(())
}

/// A defined name: `false` where calamine stops with an error.
fn lbl(data: &[u8], biff: Biff) -> Step {
    let typ = 0x0018;
    if data.len() < 14 {
        return Err(short(typ, data.len()));
    }
    let cch = usize::from(data[3]);
    let cce = usize::from(u16_at(data, 4).unwrap_or(0));
    if biff == Biff::Biff8 {
        // XLUnicodeStringNoCch: calamine checks this one itself.
        let Some(&flags) = data.get(14) else {
            return Ok(false);
        };
        let chars = if flags & 1 != 0 { cch * 2 } else { cch };
        if data.len() - 14 < 1 + chars {
            return Ok(false);
        }
    }
    let Some(start) = data.len().checked_sub(cce) else {
        return Err(damaged(
            format!(
                "et navn oppgir en formel på {cce} byte i en post på {}",
                data.len()
            ),
            format!(
                "a name declares a formula of {cce} bytes in a record of {}",
                data.len()
            ),
        ));
    };
    let rgce = &data[start..];
    let need = match (rgce.first(), biff) {
        (None, _) => 0,
        (Some(0x3a | 0x5a | 0x7a), Biff::Old) => 18,
        (Some(0x3a | 0x5a | 0x7a), Biff::Biff8) => 7,
        (Some(0x3b | 0x5b | 0x7b), Biff::Old) => 21,
        (Some(0x3b | 0x5b | 0x7b), Biff::Biff8) => 11,
        (Some(0x3c | 0x5c | 0x7c | 0x3d | 0x5d | 0x7d), Biff::Old) => 13,
        (Some(0x3c | 0x5c | 0x7c | 0x3d | 0x5d | 0x7d), Biff::Biff8) => 3,
        (Some(_), _) => 0,
    };
    if rgce.len() < need {
        return Err(damaged(
            "formelen i et navn er avkortet",
            "the formula of a name is cut off",
        ));
    }
    Ok(true)
}

/// The shared strings: `false` where calamine stops with an error.
fn sst(r: &Record, limits: &Limits) -> Step {
    let cut = || {
        damaged(
            "en delt tekst i SST-posten er avkortet",
            "a shared string in the SST record is cut off",
        )
    };
    let Some(mut cur) = r.data.get(8..) else {
        return Ok(false);
    };
    let mut conts = r.cont.iter();
    let mut strings: u64 = 0;
    loop {
        if cur.is_empty() {
            match conts.next() {
                Some(c) => cur = c,
                None => return Ok(true),
            }
            // calamine takes an empty string here and moves on.
            if cur.is_empty() {
                strings += 1;
                continue;
            }
        }
        strings += 1;
        if strings > limits.max_shared_strings {
            return Err(Rejection::Limit(LimitHit {
                flag: "max-shared-strings",
                limit: limits.max_shared_strings,
                found: strings,
                what: (
                    "antall delte tekster i arbeidsboken",
                    "the number of shared strings in the workbook",
                ),
            }));
        }
        if cur.len() < 3 {
            return Ok(false);
        }
        let mut left = usize::from(u16_at(cur, 0).unwrap_or(0));
        let flags = cur[2];
        cur = &cur[3..];
        let mut runs = 0usize;
        if flags & 0x8 != 0 {
            runs = usize::from(u16_at(cur, 0).ok_or_else(cut)?);
            cur = &cur[2..];
        }
        let mut ext = 0usize;
        if flags & 0x4 != 0 {
            // calamine casts the i32 to usize: a negative one is huge.
            let v = u32_at(cur, 0).ok_or_else(cut)? as i32;
            ext = usize::try_from(v).unwrap_or(usize::MAX);
            cur = &cur[4..];
        }
        let mut wide = flags & 1 != 0;
        while left > 0 {
            let n = if wide { cur.len() / 2 } else { cur.len() }.min(left);
            cur = &cur[if wide { 2 * n } else { n }..];
            left -= n;
            if left > 0 {
                let Some(c) = conts.next() else {
                    return Ok(false);
                };
                let Some((&f, rest)) = c.split_first() else {
                    return Err(cut());
                };
                wide = f & 1 != 0;
                cur = rest;
            }
        }
        for mut skip in [runs.saturating_mul(4), ext] {
            while skip > 0 {
                if cur.is_empty() {
                    match conts.next() {
                        Some(c) => cur = c,
                        None => return Ok(false),
                    }
                }
                let n = skip.min(cur.len());
                cur = &cur[n..];
                skip -= n;
            }
        }
    }
}

/// The rectangle of cells a sheet's records fill, as calamine will lay
/// them out.
#[derive(Default)]
struct Span {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Span {
    fn add(&mut self, row: u32, col: u32) {
        let widen = |r: &mut Option<(u32, u32)>, v: u32| {
            *r = Some(match *r {
                None => (v, v),
                Some((a, b)) => (a.min(v), b.max(v)),
            })
        };
        widen(&mut self.rows, row);
        widen(&mut self.cols, col);
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => {
                (u64::from(r1 - r0) + 1).saturating_mul(u64::from(c1 - c0) + 1)
            }
            _ => 0,
        }
    }
}

fn dimensions(data: &[u8], limits: &Limits) -> Step {
    let u16s = |i| u32::from(u16_at(data, i).unwrap_or(0));
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (u16s(0), u16s(2), u16s(4), u16s(6)),
        14 | 16 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u16s(8),
            u16s(10),
        ),
        _ => return Ok(false),
    };
    // As calamine reads them: a first column past IV, or after the last,
    // counts as A; the last row and column are one past the end.
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    let (rows, cols) = if rl >= 1 && cl >= 1 {
        let rows = (rl - 1).checked_sub(rf).and_then(|d| d.checked_add(1));
        let cols = (cl - 1).checked_sub(cf).and_then(|d| d.checked_add(1));
        match (rows, cols) {
            (Some(r), Some(c)) => (r, c),
            _ => {
                return Err(damaged(
                    format!("DIMENSIONS-posten slutter før den begynner: rad {rf}–{rl}, kolonne {cf}–{cl}"),
                    format!("the DIMENSIONS record ends before it starts: rows {rf}–{rl}, columns {cf}–{cl}"),
                ))
            }
        }
    } else {
        (1, 1)
    };
    let cells = u64::from(rows).saturating_mul(u64::from(cols));
    if cells > limits.max_cells && (rl > MAX_ROWS || cl > MAX_COLUMNS) {
        return Err(damaged(
            format!("arket oppgir {rows} × {cols} celler; en .xls har høyst {MAX_ROWS} × {MAX_COLUMNS}"),
            format!("the sheet declares {rows} × {cols} cells; an .xls has at most {MAX_ROWS} × {MAX_COLUMNS}"),
        ));
    }
    if cells > limits.max_cells {
        return Err(Rejection::Limit(LimitHit {
            flag: "max-cells",
            limit: limits.max_cells,
            found: cells,
            what: (
                "antall celler et ark i .xls-filen oppgir (rader × kolonner)",
                "the number of cells a sheet of the .xls file declares (rows × columns)",
            ),
        }));
    }
    Ok(true)
}

/// Walks one sheet; the bytes it spans, the cells of the grids calamine
/// will make for its values and formulas, and its last column.
fn sheet(stream: &[u8], biff: Biff, limits: &Limits) -> Result<(usize, u64, u32), Rejection> {
    let mut records = Records::new(stream);
    let (mut values, mut formulas) = (Span::default(), Span::default());
    let mut formula_at = (0u32, 0u32);
    let mut seen_bof = false;
    let mut depth = 0u32;
    let cell = |d: &[u8]| {
        (
            u32::from(u16_at(d, 0).unwrap_or(0)),
            u32::from(u16_at(d, 2).unwrap_or(0)),
        )
    };
    'walk: for r in records.by_ref() {
        let d = r.data;
        if depth > 0 {
            match r.typ {
                BOF => depth = depth.saturating_add(1),
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        match r.typ {
            BOF if seen_bof => depth = 1,
            BOF => seen_bof = true,
            0x0200 => {
                let readable = dimensions(d, limits)?;
                if !readable {
                    break 'walk;
                }
            }
            // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                let need = match r.typ {
                    0x0203 => 14,
                    0x0205 => 8,
                    0x027E | 0x00FD => 10,
                    _ => 6,
                };
                if d.len() < need {
                    break 'walk;
                }
                let (row, col) = cell(d);
                values.add(row, col);
            }
            // STRING: the value of the formula before it.
            0x0207 => values.add(formula_at.0, formula_at.1),
            0x00BD => {
                if d.len() < 6 {
                    break 'walk;
                }
                let (row, first) = cell(d);
                let last = u32::from(u16_at(d, d.len() - 2).unwrap_or(0));
                if last < first || last - first == 0xFFFF {
                    return Err(damaged(
                        format!(
                            "en MULRK-post slutter i kolonne {last}, før den begynner i {first}"
                        ),
                        format!(
                            "a MULRK record ends at column {last}, before it starts at {first}"
                        ),
                    ));
                }
                if d.len() as u64 != 6 + 6 * u64::from(last - first + 1) {
                    break 'walk;
                }
                values.add(row, first);
                values.add(row, last);
            }
            0x00E5 => {
                let count = u16_at(d, 0).ok_or_else(|| short(r.typ, d.len()))?;
                if 2 + 8 * usize::from(count) > d.len() {
                    return Err(damaged(
                        format!(
                            "en MERGECELLS-post oppgir {count} områder, men har bare {} byte",
                            d.len()
                        ),
                        format!(
                            "a MERGECELLS record declares {count} ranges, but has only {} bytes",
                            d.len()
                        ),
                    ));
                }
            }
            EOF => break 'walk,
            0x0006 => {
                if d.len() < 20 {
                    break 'walk;
                }
                formula_at = cell(d);
                let value = match (d[6], d[12], d[13]) {
                    (_, a, b) if (a, b) != (0xFF, 0xFF) => true,
                    (0x00, ..) => false,
                    (0x01 | 0x03, ..) => true,
                    (0x02, ..) if known_error(d[8]) => true,
                    _ => break 'walk,
                };
                if value {
                    values.add(formula_at.0, formula_at.1);
                }
                formulas.add(formula_at.0, formula_at.1);
                formula(&d[20..], biff)?;
            }
            _ => {}
        }
    }
    let cells = values.cells().saturating_add(formulas.cells());
    let col = [values.cols, formulas.cols]
        .iter()
        .filter_map(|c| c.map(|c| c.1))
        .max()
        .unwrap_or(0);
    Ok((records.consumed, cells, col))
}
