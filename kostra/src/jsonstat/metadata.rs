//! A table's metadata, as PxWebApi v2's `/tables/{id}/metadata` gives
//! it: the dataset's dimensions, read and checked as a dataset's are, with
//! no values.

use super::{header, table_of, without_bom, Reader};
use crate::{KostraError, Limits};
use serde_json::Value;
use styring_core::problem::Problems;

/// A table's metadata, as PxWebApi v2's `/tables/{id}/metadata` gives
/// it: a JSON-stat 2.0 dataset without values.
#[derive(Debug, Clone, PartialEq)]
pub struct TableMetadata {
    /// SSB's table number, when the metadata says it.
    pub table: Option<String>,
    /// The table's title.
    pub label: String,
    /// When its figures were last updated.
    pub updated: Option<String>,
    /// Its dimensions, with every category.
    pub dimensions: Vec<styring_core::kostra::Dimension>,
    /// The dimensions that may be left out of a query (PxWeb's
    /// `extension.elimination`).
    pub eliminable: Vec<String>,
}

/// Reads a table's metadata: JSON-stat 2.0 with `value` absent or
/// ignored; the dimensions are checked as [`crate::read_jsonstat`] checks them.
///
/// ```
/// let text = br#"{"version":"2.0","class":"dataset","label":"12134: Grunnskole",
///   "id":["Region","Tid"],"size":[2,2],
///   "dimension":{"Region":{"category":{"index":["3440","EKG01"]}},
///                "Tid":{"category":{"index":{"2023":0,"2024":1}}}}}"#;
/// let m = styring_kostra::read_metadata(text, "metadata", &Default::default()).unwrap();
/// assert_eq!((m.table.as_deref(), m.dimensions.len()), (Some("12134"), 2));
/// ```
///
/// # Errors
/// [`KostraError::Read`] with every problem at its JSON path.
pub fn read_metadata(
    bytes: &[u8],
    file: &str,
    limits: &Limits,
) -> Result<TableMetadata, KostraError> {
    let mut r = Reader {
        file,
        problems: Problems::default(),
    };
    let bytes = without_bom(bytes);
    let root: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            r.damaged(&e);
            return Err(KostraError::Read(r.problems));
        }
    };
    let head = header(&mut r, &root, limits);
    match head {
        Some(h) if r.problems.is_empty() => {
            let label = h
                .obj
                .get("label")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let eliminable = h
                .dimensions
                .iter()
                .filter(|d| {
                    h.obj
                        .get("dimension")
                        .and_then(|m| m.get(&d.id))
                        .and_then(|d| d.get("extension"))
                        .and_then(|e| e.get("elimination"))
                        .and_then(Value::as_bool)
                        == Some(true)
                })
                .map(|d| d.id.clone())
                .collect();
            Ok(TableMetadata {
                table: table_of(h.obj, &label),
                updated: h
                    .obj
                    .get("updated")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                label,
                dimensions: h.dimensions,
                eliminable,
            })
        }
        _ => Err(KostraError::Read(r.problems)),
    }
}
