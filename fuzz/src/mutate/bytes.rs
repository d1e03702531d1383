//! Format-blind byte edits: flips, overwrites with interesting values,
//! inserts, deletes, duplicated runs, truncation and splices with another
//! seed of the same format.

use crate::rng::Rng;

/// Largest input the byte mutators grow a file to.
pub const MAX_LEN: usize = 8 << 20;

/// Integers that break parsers: boundaries of the common widths.
pub const INTERESTING_U32: [u32; 14] = [
    0,
    1,
    2,
    0x7f,
    0x80,
    0xff,
    0x100,
    0x7fff,
    0x8000,
    0xffff,
    0x1_0000,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_ffff,
];

/// Applies 1–4 random byte edits to `data`; `other` (another seed of the
/// same format) is the material for splices. Each edit's name is pushed
/// onto `log`.
pub fn mutate(rng: &mut Rng, data: &mut Vec<u8>, other: Option<&[u8]>, log: &mut Vec<String>) {
    let rounds = rng.small_size(4);
    for _ in 0..rounds {
        mutate_once(rng, data, other, log);
    }
}

/// Applies one random byte edit.
pub fn mutate_once(rng: &mut Rng, data: &mut Vec<u8>, other: Option<&[u8]>, log: &mut Vec<String>) {
    match rng.below(10) {
        0 => flip_bit(rng, data, log),
        1 => set_random_byte(rng, data, log),
        2 | 3 => set_interesting(rng, data, log),
        4 => insert_bytes(rng, data, log),
        5 => delete_range(rng, data, log),
        6 => duplicate_range(rng, data, log),
        7 => truncate(rng, data, log),
        8 => add_small(rng, data, log),
        _ => match other {
            Some(o) => splice(rng, data, o, log),
            None => flip_bit(rng, data, log),
        },
    }
}

/// Flips one bit.
pub fn flip_bit(rng: &mut Rng, data: &mut [u8], log: &mut Vec<String>) {
    if data.is_empty() {
        return;
    }
    let i = rng.below(data.len());
    let bit = rng.below(8);
    data[i] ^= 1 << bit;
    log.push(format!("flip bit {bit} at {i}"));
}

/// Overwrites one byte with a random value.
pub fn set_random_byte(rng: &mut Rng, data: &mut [u8], log: &mut Vec<String>) {
    if data.is_empty() {
        return;
    }
    let i = rng.below(data.len());
    data[i] = rng.next_u64() as u8;
    log.push(format!("set byte at {i}"));
}

/// Overwrites 1, 2 or 4 bytes (little-endian) with an interesting value.
pub fn set_interesting(rng: &mut Rng, data: &mut [u8], log: &mut Vec<String>) {
    let width = *rng.pick(&[1usize, 2, 4]).unwrap_or(&1);
    if data.len() < width {
        return;
    }
    let i = rng.below(data.len() - width + 1);
    let v = *rng.pick(&INTERESTING_U32).unwrap_or(&0);
    let bytes = v.to_le_bytes();
    data[i..i + width].copy_from_slice(&bytes[..width]);
    log.push(format!("set u{} at {i} to {v:#x}", width * 8));
}

/// Adds or subtracts a small amount (±1..16) from a little-endian 16- or
/// 32-bit value — the edit that turns a length into an off-by-one.
pub fn add_small(rng: &mut Rng, data: &mut [u8], log: &mut Vec<String>) {
    let width = if rng.chance(50) { 2 } else { 4 };
    if data.len() < width {
        return;
    }
    let i = rng.below(data.len() - width + 1);
    let delta = rng.range(1, 16) as u32;
    let down = rng.chance(50);
    if width == 2 {
        let v = u16::from_le_bytes([data[i], data[i + 1]]);
        let d = delta as u16;
        let w = if down {
            v.wrapping_sub(d)
        } else {
            v.wrapping_add(d)
        };
        data[i..i + 2].copy_from_slice(&w.to_le_bytes());
    } else {
        let v = u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
        let w = if down {
            v.wrapping_sub(delta)
        } else {
            v.wrapping_add(delta)
        };
        data[i..i + 4].copy_from_slice(&w.to_le_bytes());
    }
    let sign = if down { '-' } else { '+' };
    log.push(format!("u{} at {i} {sign}{delta}", width * 8));
}

/// Inserts a few random bytes or a run of one byte.
pub fn insert_bytes(rng: &mut Rng, data: &mut Vec<u8>, log: &mut Vec<String>) {
    let at = rng.below(data.len() + 1);
    let n = rng.small_size(256).min(MAX_LEN.saturating_sub(data.len()));
    let run = rng.chance(50);
    let fill = rng.next_u64() as u8;
    let new: Vec<u8> = (0..n)
        .map(|_| if run { fill } else { rng.next_u64() as u8 })
        .collect();
    data.splice(at..at, new);
    log.push(format!("insert {n} bytes at {at}"));
}

/// Deletes a range of bytes.
pub fn delete_range(rng: &mut Rng, data: &mut Vec<u8>, log: &mut Vec<String>) {
    if data.is_empty() {
        return;
    }
    let at = rng.below(data.len());
    let n = rng.small_size(data.len() - at);
    data.drain(at..at + n);
    log.push(format!("delete {n} bytes at {at}"));
}

/// Copies a range of the input to another place (the same bytes twice).
pub fn duplicate_range(rng: &mut Rng, data: &mut Vec<u8>, log: &mut Vec<String>) {
    if data.is_empty() {
        return;
    }
    let from = rng.below(data.len());
    let n = rng
        .small_size(data.len() - from)
        .min(MAX_LEN.saturating_sub(data.len()));
    let chunk = data[from..from + n].to_vec();
    let at = rng.below(data.len() + 1);
    data.splice(at..at, chunk);
    log.push(format!("copy {n} bytes from {from} to {at}"));
}

/// Cuts the input short.
pub fn truncate(rng: &mut Rng, data: &mut Vec<u8>, log: &mut Vec<String>) {
    if data.is_empty() {
        return;
    }
    let len = rng.below(data.len());
    data.truncate(len);
    log.push(format!("truncate to {len}"));
}

/// Replaces the input's tail, from a random point, with a tail of `other`.
pub fn splice(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8], log: &mut Vec<String>) {
    if other.is_empty() {
        return;
    }
    let cut = rng.below(data.len() + 1);
    let from = rng.below(other.len());
    data.truncate(cut);
    let take = (other.len() - from).min(MAX_LEN.saturating_sub(cut));
    data.extend_from_slice(&other[from..from + take]);
    log.push(format!("splice at {cut} with other seed from {from}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(seed: u64) -> (Vec<u8>, Vec<String>) {
        let mut rng = Rng::new(seed);
        let mut data: Vec<u8> = (0..=255u8).cycle().take(2000).collect();
        let other = vec![7u8; 500];
        let mut log = Vec::new();
        for _ in 0..50 {
            mutate(&mut rng, &mut data, Some(&other), &mut log);
        }
        (data, log)
    }

    #[test]
    fn same_seed_same_output() {
        assert_eq!(run(42), run(42));
        assert_ne!(run(42).0, run(43).0);
    }

    #[test]
    fn every_edit_is_logged_and_bounded() {
        for seed in 0..200 {
            let (data, log) = run(seed);
            assert!(!log.is_empty());
            assert!(data.len() <= MAX_LEN);
        }
    }

    #[test]
    fn edits_of_empty_input_do_not_panic() {
        let mut rng = Rng::new(3);
        let mut log = Vec::new();
        for _ in 0..1000 {
            let mut data = Vec::new();
            mutate_once(&mut rng, &mut data, None, &mut log);
            mutate_once(&mut rng, &mut data, Some(&[]), &mut log);
        }
    }

    #[test]
    fn add_small_changes_a_length_by_a_little() {
        let mut log = Vec::new();
        let mut data = 1000u32.to_le_bytes().to_vec();
        // With four bytes of input the only 32-bit place is offset 0.
        let mut rng = Rng::new(0);
        loop {
            let mut d = data.clone();
            add_small(&mut rng, &mut d, &mut log);
            if log.last().is_some_and(|l| l.starts_with("u32")) {
                let v = u32::from_le_bytes([d[0], d[1], d[2], d[3]]);
                assert!((984..=1016).contains(&v) && v != 1000);
                data = d;
                break;
            }
        }
        assert_eq!(data.len(), 4);
    }
}
