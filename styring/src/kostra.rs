//! KOSTRA and SSB's statistics through the library: a saved table read
//! (JSON-stat or CSV), and its cells as records.

use crate::Error;
use std::path::Path;
use styring_core::kostra::Cube;
use styring_kostra::{Encoding, Limits};

/// Reads a table SSB published, saved as JSON-stat 2.0 or CSV (which one
/// is told by its first character); `encoding` for a CSV file.
///
/// # Errors
/// [`Error::Kostra`] with every problem at its JSON path or line and
/// column, or when the file cannot be read.
pub fn read_table(path: &Path, encoding: Encoding) -> Result<Cube, Error> {
    Ok(styring_kostra::read_file(
        path,
        encoding,
        &Limits::default(),
    )?)
}
