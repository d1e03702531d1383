//! SSB's statistics from Python: a saved table (JSON-stat or CSV) read
//! cell by cell, as records for a DataFrame.

use crate::errors::{guarded, py_result, Failure};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;
use styring::styring_core::kostra::{cells, symbol_meaning};
use styring::styring_kostra::Encoding;

/// Every cell of a table saved from SSB (JSON-stat 2.0 or CSV, `encoding`
/// `auto`, `utf-8` or `iso-8859-1` for CSV) as a record: each dimension's
/// code under the dimension's id, its label under `<id>_label`, `value`
/// (None where missing), `status` (SSB's symbol, or None) and
/// `status_text` (what the symbol means). A bad file raises
/// `ValidationError` with every problem at its JSON path or line.
#[pyfunction]
#[pyo3(signature = (path, *, encoding = "auto"))]
pub fn read_kostra<'py>(
    py: Python<'py>,
    path: PathBuf,
    encoding: &str,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let cube = py_result(
        py,
        py.detach(|| {
            guarded(|| {
                let enc: Encoding = encoding.parse().map_err(|e: String| {
                    Failure::other(
                        "ValidationError",
                        format!("encoding: {e}"),
                        format!("encoding: unknown encoding {encoding:?} (use auto, utf-8 or iso-8859-1)"),
                    )
                })?;
                Ok(styring::kostra::read_table(&path, enc)?)
            })
        }),
    )?;
    let lang = crate::lang::current();
    let dims = cube.dimensions();
    cells(&cube)
        .enumerate()
        .map(|(i, c)| {
            let x = PyDict::new(py);
            for ((id, code), (d, p)) in c.codes.iter().zip(dims.iter().zip(cube.positions(i))) {
                x.set_item(*id, *code)?;
                x.set_item(format!("{id}_label"), &d.categories[p].label)?;
            }
            x.set_item("value", c.value)?;
            x.set_item("status", c.status)?;
            x.set_item(
                "status_text",
                c.status.map(|s| symbol_meaning(s).get(lang).to_string()),
            )?;
            Ok(x)
        })
        .collect()
}
