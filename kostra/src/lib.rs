//! SSB's statistics into Styring: JSON-stat 2.0 (PxWebApi v2's default
//! format, and what the statbank saves) and SSB's CSV, decoded into
//! [`styring_core::kostra::Cube`] with every problem at its JSON path or
//! line and column, within limits on size; nothing here panics on input.
//! [`pxweb`] is a client for PxWebApi v2 that keeps to the API's own
//! limits (`/config`), waits out 429, explains RFC 7807 errors, never
//! waits longer than its time-out and caches what it fetched.
//!
//! ```
//! let text = r#"{"version":"2.0","class":"dataset","label":"Nøkkeltall",
//!   "id":["Region","Tid"],"size":[1,2],
//!   "dimension":{"Region":{"category":{"index":["3440"],"label":{"3440":"Øyer"}}},
//!                "Tid":{"category":{"index":{"2023":0,"2024":1}}}},
//!   "value":[161911,null],"status":{"1":".."}}"#.as_bytes();
//! let cube = styring_kostra::read_jsonstat(text, "n.json", &Default::default()).unwrap();
//! assert_eq!(cube.codes(1), vec!["3440", "2024"]);
//! assert_eq!((cube.value(0), cube.status(1)), (Some(161911.0), Some("..")));
//! ```

mod csv;
mod error;
mod jsonstat;
mod limits;
pub mod pxweb;

pub use csv::{read_csv, Encoding};
pub use error::KostraError;
pub use jsonstat::{read_jsonstat, read_metadata, TableMetadata};
pub use limits::Limits;

use std::path::Path;
use styring_core::kostra::Cube;

/// Reads a saved file: JSON-stat when it starts with `{` (after any
/// byte-order mark and white space), SSB's CSV otherwise.
///
/// # Errors
/// [`KostraError::Io`] when the file cannot be read or is too large;
/// [`KostraError::Read`] with every problem in it.
pub fn read_file(path: &Path, encoding: Encoding, limits: &Limits) -> Result<Cube, KostraError> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let len = std::fs::metadata(path)
        .map_err(|e| KostraError::io(path, e))?
        .len();
    if len > limits.max_file_bytes {
        return Err(KostraError::TooLarge {
            path: name,
            bytes: len,
            limit: limits.max_file_bytes,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| KostraError::io(path, e))?;
    let start = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(&bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    if start == Some(&b'{') {
        read_jsonstat(&bytes, &name, limits)
    } else {
        read_csv(&bytes, &name, encoding, limits)
    }
}
