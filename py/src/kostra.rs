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
                let enc = encoding_of(encoding)?;
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

/// Reads the model's KOSTRA figures from saved SSB tables (JSON-stat or
/// CSV) into the store — only what is new or revised — unless `dry_run`.
/// Gives `new`, `changed`, `unchanged` and per file its `table` and
/// number of `values`. A file that does not fit the model raises
/// `ValidationError` with every problem, and nothing is stored.
#[pyfunction]
#[pyo3(signature = (model, store, paths, *, table = None, encoding = "auto", dry_run = false))]
pub fn import_kostra<'py>(
    py: Python<'py>,
    model: PyRef<'_, crate::model::Model>,
    store: PyRef<'_, crate::store::Store>,
    paths: Vec<PathBuf>,
    table: Option<String>,
    encoding: &str,
    dry_run: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let (m, s) = (&*model, &*store);
    let (done, t) = py_result(
        py,
        py.detach(|| {
            guarded(|| {
                let enc = encoding_of(encoding)?;
                let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
                Ok(styring::kostra::import_tables(
                    &m.inner,
                    &mut s.lock(),
                    &refs,
                    table.as_deref(),
                    enc,
                    dry_run,
                )?)
            })
        }),
    )?;
    let d = PyDict::new(py);
    d.set_item("new", t.new)?;
    d.set_item("changed", t.changed)?;
    d.set_item("unchanged", t.unchanged)?;
    let files: Vec<Bound<'py, PyDict>> = done
        .iter()
        .map(|f| {
            let x = PyDict::new(py);
            x.set_item("file", &f.file)?;
            x.set_item("table", &f.table)?;
            x.set_item("values", f.values)?;
            Ok(x)
        })
        .collect::<PyResult<_>>()?;
    d.set_item("files", files)?;
    Ok(d)
}

/// The KOSTRA figures in the store (the latest of each indicator, region
/// and year) as records: `indicator`, `region`, `year`, `value`,
/// `status`, `code_in_table`, `break`, `table`, `source`, `read_at`.
#[pyfunction]
pub fn kostra_values<'py>(
    py: Python<'py>,
    store: PyRef<'_, crate::store::Store>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let s = &*store;
    let all = py_result(py, guarded(|| Ok(s.lock().kostra_values()?)))?;
    all.iter()
        .map(|k| {
            let v = &k.value;
            let x = PyDict::new(py);
            x.set_item("indicator", &v.indicator)?;
            x.set_item("region", &v.region)?;
            x.set_item("year", v.year)?;
            x.set_item("value", v.value)?;
            x.set_item("status", v.status.as_deref())?;
            x.set_item("code_in_table", &v.code_in_table)?;
            x.set_item("break", v.break_note.as_deref())?;
            x.set_item("table", &k.table)?;
            x.set_item("source", &k.source)?;
            x.set_item("read_at", styring::styring_core::asof::format_instant(k.at))?;
            Ok(x)
        })
        .collect()
}

/// The municipality against its KOSTRA group, the country and the chosen
/// municipalities in `year` (every KOSTRA indicator, or `indicator`), as
/// a report.
#[pyfunction]
#[pyo3(signature = (model, store, year, *, indicator = None))]
pub fn kostra_comparison(
    py: Python<'_>,
    model: PyRef<'_, crate::model::Model>,
    store: PyRef<'_, crate::store::Store>,
    year: i32,
    indicator: Option<&str>,
) -> PyResult<crate::economy::Report> {
    let (m, s) = (&*model, &*store);
    py_result(
        py,
        guarded(|| {
            Ok(crate::economy::Report {
                report: styring::kostra::comparison(
                    &m.inner,
                    &s.lock(),
                    year,
                    indicator,
                    crate::lang::current(),
                )?,
            })
        }),
    )
}

fn encoding_of(encoding: &str) -> Result<Encoding, Failure> {
    encoding.parse().map_err(|e: styring::Text| {
        Failure::other(
            "ValidationError",
            format!("encoding: {}", e.nb),
            format!("encoding: {}", e.en),
        )
    })
}
