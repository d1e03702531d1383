//! A formula's tokens, walked the way calamine 0.38 walks them.

use super::biff::Biff;
use super::{damaged, u16_at, u32_at};
use crate::import::guard::Rejection;

/// Whether calamine knows an error code (#DIV/0! and the others).
pub(super) fn known_error(e: u8) -> bool {
    matches!(e, 0x00 | 0x07 | 0x0F | 0x17 | 0x1D | 0x24 | 0x2A | 0x2B)
}

/// A formula's tokens (`rgce`, after its u16 length), checked for every
/// byte calamine reads without looking. Stops quietly at a token calamine
/// refuses with an error. The operand stack is not followed: a formula
/// calamine would give up on for want of operands is still checked to its
/// end.
pub(super) fn formula(rgce: &[u8], biff: Biff) -> Result<(), Rejection> {
    let cut = || {
        damaged(
            "en formel i filen er avkortet",
            "a formula in the file is cut off",
        )
    };
    let cce = usize::from(u16_at(rgce, 0).ok_or_else(cut)?);
    let mut t = rgce.get(2..2 + cce).ok_or_else(cut)?;
    let old = biff == Biff::Old;
    let pick = |old_len: usize, new_len: usize| if old { old_len } else { new_len };
    while let Some((&ptg, rest)) = t.split_first() {
        t = rest;
        let need = match ptg {
            0x3a | 0x5a | 0x7a | 0x3c | 0x5c | 0x7c | 0x39 | 0x59 => 6,
            0x3b | 0x5b | 0x7b | 0x3d | 0x5d | 0x7d => 10,
            0x01 if t.len() < 4 => return Ok(()),
            0x01 => 4,
            0x03..=0x16 => 0,
            0x17 => {
                let Some(&cch) = t.first() else {
                    return Ok(());
                };
                let cch = usize::from(cch);
                let len = if old {
                    1 + cch
                } else {
                    let Some(&flags) = t.get(1) else {
                        return Ok(());
                    };
                    2 + if flags & 1 != 0 { 2 * cch } else { cch }
                };
                if t.len() < len {
                    return Ok(());
                }
                len
            }
            0x18 => 5,
            0x19 => {
                let (&etpg, rest) = t.split_first().ok_or_else(cut)?;
                t = rest;
                match etpg {
                    0x01 | 0x02 | 0x08 | 0x20 | 0x21 | 0x10 => 2,
                    0x04 => {
                        let n = usize::from(u16_at(t, 0).ok_or_else(cut)?) + 1;
                        2 + 2 * n
                    }
                    0x40 | 0x41 => match t.first() {
                        Some(0..=6) => 2,
                        Some(_) => return Ok(()),
                        None => return Err(cut()),
                    },
                    _ => return Ok(()),
                }
            }
            0x1C => match t.first() {
                Some(&e) if known_error(e) => 1,
                Some(_) => return Ok(()),
                None => return Err(cut()),
            },
            0x1D => 1,
            0x1E => 2,
            0x1F => 8,
            0x20 | 0x40 | 0x60 => 7,
            0x21 | 0x41 | 0x61 => 2,
            0x22 | 0x42 | 0x62 => 3,
            0x23 | 0x43 | 0x63 => {
                // calamine subtracts one from the (one-based) name index.
                if u32_at(t, 0) == Some(0) {
                    return Err(damaged(
                        "en formel viser til navn nummer 0",
                        "a formula refers to name number 0",
                    ));
                }
                4
            }
            0x24 | 0x44 | 0x64 | 0x2A | 0x4A | 0x6A => pick(3, 4),
            0x25 | 0x45 | 0x65 | 0x2B | 0x4B | 0x6B => pick(6, 8),
            _ => return Ok(()),
        };
        t = t.get(need..).ok_or_else(cut)?;
    }
    Ok(())
}
