//! The mutators, one module per kind of input, and [`mutate`], which picks
//! the right ones for a format.
//!
//! | module | edits |
//! | --- | --- |
//! | [`bytes`] | flips, interesting values, inserts, deletes, splices |
//! | [`zip`] | unpack, edit a part, repack; entries; the zip directory |
//! | [`xml`] | numbers in attributes, elements duplicated or cut, nesting |
//! | [`cfb`] | compound-file header, FAT, directory, BIFF records |
//! | [`text`] | numbers, delimiters, lines, strings, snippets, Unicode |

pub mod bytes;
pub mod cfb;
pub mod text;
pub mod xml;
pub mod zip;

use crate::format::{Family, Format};
use crate::rng::Rng;

/// A mutated input and what was done to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mutant {
    /// The input's bytes.
    pub bytes: Vec<u8>,
    /// The edits, in order, for the finding's log.
    pub log: Vec<String>,
}

/// Mutates `seed` (an input of `format`); `other` is another seed of the
/// same format for splices. The result depends only on the generator's
/// state and the inputs.
pub fn mutate(rng: &mut Rng, format: Format, seed: &[u8], other: Option<&[u8]>) -> Mutant {
    let mut log = Vec::new();
    let bytes = match format.family() {
        Family::Zip => zip::mutate(rng, seed, other, &mut log),
        Family::Cfb => cfb::mutate(rng, seed, other, &mut log),
        Family::Text(d) => text::mutate(rng, seed, d, other, &mut log).0,
    };
    Mutant { bytes, log }
}
