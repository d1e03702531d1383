//! SSB's statistics from Python: a saved table (JSON-stat or CSV) read
//! cell by cell, as records for a DataFrame.

use crate::errors::{guarded, py_result, Failure};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;
use styring::styring_core::kostra::{cells, symbol_meaning};
use styring::styring_kostra::pxweb::{Cache, ClientOptions, Selection, ValueExpr};
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

fn exprs(what: &str, text: Option<&str>) -> Result<Option<Vec<ValueExpr>>, Failure> {
    text.map(|t| ValueExpr::parse_list(t).map_err(|e| bad_argument(what, &e)))
        .transpose()
}

fn bad_argument(what: &str, e: &styring::Text) -> Failure {
    Failure::Other {
        class: "ValidationError",
        nb: format!("{what}: {}", e.nb),
        en: format!("{what}: {}", e.en),
    }
}

fn client_options(base_url: Option<String>, timeout: f64) -> Result<ClientOptions, Failure> {
    if !(timeout.is_finite() && timeout > 0.0 && timeout <= 86_400.0) {
        return Err(Failure::Other {
            class: "ValidationError",
            nb: format!("timeout: {timeout} er ikke et antall sekunder over 0 (høyst ett døgn)"),
            en: format!("timeout: {timeout} is not a number of seconds above 0 (at most a day)"),
        });
    }
    Ok(ClientOptions::new(
        base_url,
        crate::lang::current(),
        std::time::Duration::from_secs_f64(timeout),
    ))
}

/// Fetches the model's KOSTRA figures from SSB's PxWebApi v2 (or
/// `base_url`) into the store — only what is new or revised — unless
/// `dry_run`. Without choices it fetches every table the model's
/// indicators read, for the municipality, its KOSTRA group, the country
/// and the chosen municipalities, every year; `table`, `region`,
/// `years` (`2020-2025`, `2020-`, `top(5)` …), `contents` and `select`
/// (variable → selection) choose otherwise, `codelist` gives a variable
/// a code list. The API's limits are read from its `/config` and kept;
/// answers are kept in `cache` (a folder) while SSB has not updated the
/// table. Gives `new`, `changed`, `unchanged` and per table its
/// `table`, `label`, `values` and `calls` (`url`, `cells`, `fetched`,
/// `from_cache`). A time-out raises `TimeoutError`, no connection
/// `ConnectionError`, a selection the table lacks `ValidationError`,
/// the API's own errors `StyringError`; nothing is stored then.
#[pyfunction]
#[pyo3(signature = (model, store, *, table = None, region = None, years = None, contents = None, select = None, codelist = None, base_url = None, cache = None, refresh = false, timeout = 60.0, dry_run = false))]
#[allow(clippy::too_many_arguments)]
pub fn fetch_kostra<'py>(
    py: Python<'py>,
    model: PyRef<'_, crate::model::Model>,
    store: PyRef<'_, crate::store::Store>,
    table: Option<Vec<String>>,
    region: Option<String>,
    years: Option<String>,
    contents: Option<String>,
    select: Option<std::collections::BTreeMap<String, String>>,
    codelist: Option<std::collections::BTreeMap<String, String>>,
    base_url: Option<String>,
    cache: Option<PathBuf>,
    refresh: bool,
    timeout: f64,
    dry_run: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let (m, s) = (&*model, &*store);
    let (fetch, t) = py_result(
        py,
        py.detach(|| {
            guarded(|| {
                let mut selections = Vec::new();
                for (v, items) in select.unwrap_or_default() {
                    let values = ValueExpr::parse_list(&items)
                        .map_err(|e| bad_argument(&format!("select[{v}]"), &e))?;
                    selections.push(Selection::new(&v, values));
                }
                for (v, list) in codelist.unwrap_or_default() {
                    match selections.iter_mut().find(|s| s.variable == v) {
                        Some(s) => s.codelist = Some(list),
                        None => {
                            let mut s = Selection::new(&v, Vec::new());
                            s.codelist = Some(list);
                            selections.push(s);
                        }
                    }
                }
                let request = styring::kostra::FetchRequest {
                    tables: table.unwrap_or_default(),
                    regions: exprs("region", region.as_deref())?,
                    years: years
                        .as_deref()
                        .map(|y| {
                            styring::styring_kostra::pxweb::years(y)
                                .map_err(|e| bad_argument("years", &e))
                        })
                        .transpose()?,
                    contents: exprs("contents", contents.as_deref())?,
                    select: selections,
                    dry_run,
                };
                let mut options = client_options(base_url, timeout)?;
                options.cache = cache.map(Cache::new);
                options.refresh = refresh;
                // The network first; the store only for the one write.
                let f = styring::kostra::fetch_figures(&m.inner, &request, options)?;
                let t = if dry_run {
                    Default::default()
                } else {
                    s.lock().add_kostra_values(&f.batches)?
                };
                Ok((f, t))
            })
        }),
    )?;
    let styring::styring_core::store::KostraTally {
        new,
        changed,
        unchanged,
    } = t;
    let d = PyDict::new(py);
    d.set_item("new", new)?;
    d.set_item("changed", changed)?;
    d.set_item("unchanged", unchanged)?;
    let tables: Vec<Bound<'py, PyDict>> = fetch
        .tables
        .iter()
        .map(|f| {
            let x = PyDict::new(py);
            x.set_item("table", &f.table)?;
            x.set_item("label", &f.label)?;
            x.set_item("values", f.values)?;
            let calls: Vec<Bound<'py, PyDict>> = f
                .calls
                .iter()
                .map(|c| {
                    let y = PyDict::new(py);
                    y.set_item("url", &c.url)?;
                    y.set_item("cells", c.cells)?;
                    y.set_item(
                        "fetched",
                        styring::styring_core::asof::format_instant(c.fetched),
                    )?;
                    y.set_item("from_cache", c.from_cache)?;
                    Ok(y)
                })
                .collect::<PyResult<_>>()?;
            x.set_item("calls", calls)?;
            Ok(x)
        })
        .collect::<PyResult<_>>()?;
    d.set_item("tables", tables)?;
    Ok(d)
}

/// The tables of SSB's PxWebApi v2 (or `base_url`) matching `query`,
/// every page, as records: `id`, `label`, `updated`, `first_period`,
/// `last_period`, `discontinued`.
#[pyfunction]
#[pyo3(signature = (*, query = None, base_url = None, timeout = 60.0))]
pub fn kostra_tables<'py>(
    py: Python<'py>,
    query: Option<String>,
    base_url: Option<String>,
    timeout: f64,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let tables = py_result(
        py,
        py.detach(|| {
            guarded(|| {
                let options = client_options(base_url, timeout)?;
                Ok(styring::kostra::list_tables(options, query.as_deref())?)
            })
        }),
    )?;
    tables
        .iter()
        .map(|t| {
            let x = PyDict::new(py);
            x.set_item("id", &t.id)?;
            x.set_item("label", &t.label)?;
            x.set_item("updated", &t.updated)?;
            x.set_item("first_period", &t.first_period)?;
            x.set_item("last_period", &t.last_period)?;
            x.set_item("discontinued", t.discontinued)?;
            Ok(x)
        })
        .collect()
}
