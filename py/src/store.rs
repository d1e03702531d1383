//! The store: every value with its history and provenance, in SQLite.

use crate::errors::{guarded, py_result, Failure, Res};
use crate::frames;
use crate::model::Model;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyTuple};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use styring::styring_core::observation::ObservationInput;
use styring::styring_core::period::Period;
use styring::styring_core::problem::Location;
use styring::styring_core::store::{BatchInfo, Store as CoreStore};
use styring::Lang;
use styring::Localized;

/// Where values live: an SQLite file (`Store.open(path)`) or memory
/// (`Store()`). Every change is kept as a revision with its provenance.
#[pyclass(module = "styring._styring", name = "Store")]
pub struct Store {
    inner: Mutex<CoreStore>,
    /// The model values are checked against, when bound.
    model: Option<Py<Model>>,
}

impl Store {
    pub(crate) fn lock(&self) -> MutexGuard<'_, CoreStore> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `explicit`, else the bound model, else an error saying what to do.
    fn model_for<'py>(
        &self,
        py: Python<'py>,
        explicit: Option<Bound<'py, Model>>,
    ) -> PyResult<Bound<'py, Model>> {
        match (explicit, &self.model) {
            (Some(m), _) => Ok(m),
            (None, Some(m)) => Ok(m.bind(py).clone()),
            (None, None) => py_result(
                py,
                Err(Failure::other(
                    "StyringError",
                    "lageret har ingen modell å kontrollere verdiene mot: lag det med Store(model), eller gi model=…",
                    "the store has no model to check values against: make it with Store(model), or pass model=…",
                )),
            ),
        }
    }
}

/// A period from text (`2025-03`, `2025-T2`, `2025`, `mars 2025` …), or a
/// `ValidationError` naming it.
pub(crate) fn period(text: &str) -> Res<Period> {
    text.parse::<Period>()
        .map_err(|e| Failure::other("ValidationError", e.render(Lang::Nb), e.render(Lang::En)))
}

/// The counts of one recording.
#[pyclass(frozen, module = "styring._styring", name = "RecordSummary")]
#[derive(Clone)]
pub struct RecordSummary {
    /// Values that were not in the store.
    #[pyo3(get)]
    new: usize,
    /// Values that replaced another (the old one is kept as a revision).
    #[pyo3(get)]
    changed: usize,
    /// Values equal to the stored one (not stored again).
    #[pyo3(get)]
    unchanged: usize,
}

#[pymethods]
impl RecordSummary {
    fn __repr__(&self) -> String {
        format!(
            "RecordSummary(new={}, changed={}, unchanged={})",
            self.new, self.changed, self.unchanged
        )
    }
}

/// What one workbook gave in an import.
#[pyclass(frozen, module = "styring._styring", name = "FileImport")]
#[derive(Clone)]
pub struct FileImport {
    /// The file as named in messages.
    #[pyo3(get)]
    file: String,
    /// `template` (one of ours) or `long_table`.
    #[pyo3(get)]
    shape: String,
    /// Values read from it.
    #[pyo3(get)]
    values: usize,
    /// Values new to the store (0 in a dry run).
    #[pyo3(get)]
    new: usize,
    /// Values that changed a stored one (0 in a dry run).
    #[pyo3(get)]
    changed: usize,
    /// Values equal to the stored one (0 in a dry run).
    #[pyo3(get)]
    unchanged: usize,
}

#[pymethods]
impl FileImport {
    fn __repr__(&self) -> String {
        format!(
            "FileImport({:?}, values={}, new={}, changed={}, unchanged={})",
            self.file, self.values, self.new, self.changed, self.unchanged
        )
    }
}

/// The result of `store.import_xlsx`: one entry per file.
#[pyclass(frozen, module = "styring._styring", name = "ImportSummary")]
pub struct ImportSummary {
    /// Each file's counts, in the order given.
    #[pyo3(get)]
    files: Vec<FileImport>,
    /// Whether this was a dry run (nothing written).
    #[pyo3(get)]
    dry_run: bool,
}

#[pymethods]
impl ImportSummary {
    /// Values read from all files.
    #[getter]
    fn values(&self) -> usize {
        self.files.iter().map(|f| f.values).sum()
    }

    /// New values in all files.
    #[getter(new)]
    fn new_values(&self) -> usize {
        self.files.iter().map(|f| f.new).sum()
    }

    /// Changed values in all files.
    #[getter]
    fn changed(&self) -> usize {
        self.files.iter().map(|f| f.changed).sum()
    }

    /// Unchanged values in all files.
    #[getter]
    fn unchanged(&self) -> usize {
        self.files.iter().map(|f| f.unchanged).sum()
    }

    fn __len__(&self) -> usize {
        self.files.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "ImportSummary({}, values={}, new={}, changed={}, unchanged={}{})",
            crate::errors::count(self.files.len(), "file", "files"),
            self.values(),
            self.new_values(),
            self.changed(),
            self.unchanged(),
            if self.dry_run { ", dry_run=True" } else { "" }
        )
    }
}

/// One stored version of a value, with where it came from.
#[pyclass(frozen, module = "styring._styring", name = "Revision")]
#[derive(Clone)]
pub struct Revision {
    /// The period, e.g. `2025-03`.
    #[pyo3(get)]
    period: String,
    /// The value (`None` when reported missing).
    #[pyo3(get)]
    value: Option<f64>,
    /// The unit's comment, if any.
    #[pyo3(get)]
    comment: Option<String>,
    /// When it was recorded (UTC, ISO 8601).
    #[pyo3(get)]
    recorded_at: String,
    /// Who recorded it (`None` for values from before actors were kept).
    #[pyo3(get)]
    actor: Option<String>,
    /// How it came: `import` (a workbook), `python`, `demo`, `manual` …
    #[pyo3(get)]
    source: String,
    /// The file it came from, if any.
    #[pyo3(get)]
    file: Option<String>,
    /// The sheet, for workbooks.
    #[pyo3(get)]
    sheet: Option<String>,
    /// The cell, for workbooks.
    #[pyo3(get)]
    cell: Option<String>,
    /// The store batch it was recorded in.
    #[pyo3(get)]
    batch: i64,
    /// Whether this is the value in force (the latest version).
    #[pyo3(get)]
    current: bool,
}

#[pymethods]
impl Revision {
    fn __repr__(&self) -> String {
        format!(
            "Revision({:?}, {}, batch={}{})",
            self.period,
            crate::errors::py_float(self.value),
            self.batch,
            if self.current { "" } else { ", superseded" }
        )
    }
}

fn wrap(inner: CoreStore, model: Option<Py<Model>>) -> Store {
    Store {
        inner: Mutex::new(inner),
        model,
    }
}

#[pymethods]
impl Store {
    /// An empty store in memory, checking values against `model` when
    /// given.
    #[new]
    #[pyo3(signature = (model = None))]
    fn py_new(py: Python<'_>, model: Option<Py<Model>>) -> PyResult<Store> {
        py_result(py, guarded(|| Ok(wrap(CoreStore::in_memory()?, model))))
    }

    /// Opens the SQLite store at `path`, creating it when missing. A write
    /// waits up to `wait` seconds while another program writes to the
    /// store; `actor` is who the writes are recorded as (else
    /// `STYRING_ACTOR`, else the user name).
    #[staticmethod]
    #[pyo3(signature = (path, model = None, *, wait = 30.0, actor = None))]
    fn open(
        py: Python<'_>,
        path: PathBuf,
        model: Option<Py<Model>>,
        wait: f64,
        actor: Option<String>,
    ) -> PyResult<Store> {
        py_result(
            py,
            guarded(|| {
                if !(wait.is_finite() && (0.0..=86_400.0).contains(&wait)) {
                    return Err(Failure::other(
                        "ValidationError",
                        format!("wait: {wait} er ikke et antall sekunder mellom 0 og 86400"),
                        format!("wait: {wait} is not a number of seconds between 0 and 86400"),
                    ));
                }
                let actor = match actor {
                    Some(a) => Some(styring::Actor::new(&a).map_err(|e| {
                        Failure::other("ValidationError", e.render(Lang::Nb), e.render(Lang::En))
                    })?),
                    None => None,
                };
                let opts = styring::OpenOptions {
                    wait: std::time::Duration::from_secs_f64(wait),
                    actor,
                };
                let store = py.detach(|| CoreStore::open_with(&path, &opts))?;
                Ok(wrap(store, model))
            }),
        )
    }

    /// A store in memory with the example's sample data for `model`
    /// (2023–2025, recorded as it arrived, with 2025-T1 and T2 locked).
    #[staticmethod]
    fn example(py: Python<'_>, model: Py<Model>) -> PyResult<Store> {
        let store = {
            let m = model.borrow(py);
            let m: &Model = &m;
            py_result(
                py,
                py.detach(|| {
                    guarded(|| {
                        let mut s = CoreStore::in_memory()?;
                        styring::styring_core::example::populate_store(&mut s, &m.inner)?;
                        Ok(s)
                    })
                }),
            )?
        };
        Ok(wrap(store, Some(model)))
    }

    /// A store in memory from the bytes of a store (see `to_bytes`).
    #[staticmethod]
    #[pyo3(signature = (data, model = None))]
    fn from_bytes(py: Python<'_>, data: &[u8], model: Option<Py<Model>>) -> PyResult<Store> {
        py_result(
            py,
            guarded(|| Ok(wrap(CoreStore::from_bytes(data)?, model))),
        )
    }

    /// The whole store as the bytes of an SQLite file.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = py_result(py, guarded(|| Ok(self.lock().to_bytes()?)))?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Writes a copy of the store to `path` (atomically).
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py_result(py, guarded(|| Ok(self.lock().save_copy(&path)?)))
    }

    /// The model values are checked against, if bound.
    #[getter]
    fn get_model(&self, py: Python<'_>) -> Option<Py<Model>> {
        self.model.as_ref().map(|m| m.clone_ref(py))
    }

    /// Binds the model values are checked against.
    #[setter]
    fn set_model(&mut self, model: Option<Py<Model>>) {
        self.model = model;
    }

    /// The file the store lives in, or `:memory:`.
    #[getter]
    fn path(&self) -> String {
        self.lock().path().to_string()
    }

    /// Records one value (checked against the model; all or nothing).
    /// `period` is text such as `2025-03`, `2025-T2` or `2025`.
    #[pyo3(signature = (indicator, unit, period, value, comment = None, *, model = None))]
    #[allow(clippy::too_many_arguments)]
    fn record(
        &self,
        py: Python<'_>,
        indicator: &str,
        unit: &str,
        period: &str,
        value: f64,
        comment: Option<String>,
        model: Option<Bound<'_, Model>>,
    ) -> PyResult<RecordSummary> {
        let m = self.model_for(py, model)?;
        let m = m.borrow();
        let mut input = ObservationInput::new(indicator, unit, period, Some(value));
        input.comment = comment;
        input.location = Location::entry(format!("{indicator}/{unit}/{period}"));
        self.record_inputs(py, &m, vec![input])
    }

    /// Records every row of a pandas or polars DataFrame with columns
    /// `indicator, unit, period, value[, comment]`, as one batch: when any
    /// row has a problem, nothing is stored and `ValidationError` lists
    /// every problem with its row.
    #[pyo3(signature = (frame, *, model = None))]
    fn record_frame(
        &self,
        py: Python<'_>,
        frame: &Bound<'_, PyAny>,
        model: Option<Bound<'_, Model>>,
    ) -> PyResult<RecordSummary> {
        let m = self.model_for(py, model)?;
        let m = m.borrow();
        let inputs = frames::frame_inputs(py, frame)?;
        self.record_inputs(py, &m, inputs)
    }

    /// Reads unit workbooks (.xlsx, .xlsm, .xls, .ods; our templates or
    /// long tables) and records them, one batch per file, checked against
    /// the store's model (or `model=`). Every file is checked first: any
    /// problem raises `WorkbookImportError` listing each with file, sheet
    /// and cell, and nothing is stored. With `dry_run` nothing is written
    /// either way. (`import_xlsx(model, paths)`, the older form, still works
    /// and warns.)
    #[pyo3(signature = (paths, old_paths = None, *, model = None, dry_run = false, unit = None))]
    fn import_xlsx<'py>(
        &self,
        py: Python<'py>,
        paths: &Bound<'py, PyAny>,
        old_paths: Option<&Bound<'py, PyAny>>,
        model: Option<Bound<'py, Model>>,
        dry_run: bool,
        unit: Option<String>,
    ) -> PyResult<ImportSummary> {
        let (model, paths) = match paths.cast::<Model>() {
            Ok(m) => {
                let warn = py.import("warnings")?;
                let category = py.import("builtins")?.getattr("DeprecationWarning")?;
                warn.call_method1(
                    "warn",
                    (
                        "store.import_xlsx(model, paths) is deprecated: the store knows its model; call store.import_xlsx(paths)",
                        category,
                        2,
                    ),
                )?;
                let Some(p) = old_paths else {
                    return py_result(
                        py,
                        Err(Failure::other(
                            "ValidationError",
                            "import_xlsx mangler filene som skal leses",
                            "import_xlsx is missing the files to read",
                        )),
                    );
                };
                (m.clone(), p.clone())
            }
            Err(_) => (self.model_for(py, model)?, paths.clone()),
        };
        let paths: Vec<PathBuf> = if let Ok(one) = paths.extract::<PathBuf>() {
            vec![one]
        } else {
            paths.extract().map_err(|_| {
                Failure::other(
                    "ValidationError",
                    "paths må være en fil eller en liste av filer",
                    "paths must be a file or a list of files",
                )
                .into_py(py)
            })?
        };
        let engine = py_result(py, model.borrow().engine())?;
        let reports = py_result(
            py,
            py.detach(|| {
                guarded(|| {
                    let refs: Vec<&std::path::Path> = paths.iter().map(PathBuf::as_path).collect();
                    let opts = styring::styring_xlsx::ImportOptions {
                        expected_unit: unit,
                        ..Default::default()
                    };
                    let checked = engine.check_workbooks(&refs, &opts)?;
                    if dry_run {
                        return Ok(checked.reports());
                    }
                    let mut store = self.lock();
                    Ok(engine.store_workbooks(&mut store, &checked)?)
                })
            }),
        )?;
        Ok(ImportSummary {
            dry_run,
            files: reports
                .into_iter()
                .map(|r| FileImport {
                    file: r.file,
                    shape: match r.shape {
                        styring::styring_xlsx::import::Shape::Template { .. } => "template".into(),
                        styring::styring_xlsx::import::Shape::LongTable { .. } => {
                            "long_table".into()
                        }
                    },
                    values: r.values,
                    new: r.summary.new,
                    changed: r.summary.changed,
                    unchanged: r.summary.unchanged,
                })
                .collect(),
        })
    }

    /// Every version of every period of one series (indicator, unit),
    /// oldest period first and, within it, oldest version first.
    fn history(&self, py: Python<'_>, indicator: &str, unit: &str) -> PyResult<Vec<Revision>> {
        py_result(
            py,
            guarded(|| {
                let history = self.lock().history(indicator, unit)?;
                let mut out: Vec<Revision> = Vec::with_capacity(history.len());
                for (k, (p, r)) in history.iter().enumerate() {
                    let current = !matches!(history.get(k + 1), Some((next, _)) if next == p);
                    out.push(Revision {
                        period: p.to_string(),
                        value: r.value,
                        comment: r.comment.clone(),
                        recorded_at: styring::styring_core::asof::format_instant(r.recorded_at),
                        actor: r.actor.as_ref().map(|a| a.to_string()),
                        source: r.source.clone(),
                        file: r.file.clone(),
                        sheet: r.sheet.clone(),
                        cell: r.cell.clone(),
                        batch: r.batch,
                        current,
                    });
                }
                Ok(out)
            }),
        )
    }

    /// Locks a period as reported (changes to it then need `reopen`).
    fn lock_period(&self, py: Python<'_>, period: &str, reason: &str) -> PyResult<()> {
        py_result(
            py,
            guarded(|| {
                let p = self::period(period)?;
                Ok(self.lock().lock(p, reason)?)
            }),
        )
    }

    /// Reopens a locked period, with a reason.
    fn reopen_period(&self, py: Python<'_>, period: &str, reason: &str) -> PyResult<()> {
        py_result(
            py,
            guarded(|| {
                let p = self::period(period)?;
                Ok(self.lock().reopen(p, reason)?)
            }),
        )
    }

    /// The columns of `to_pandas`/`to_polars`, as buffers (internal).
    fn _columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let cols = py_result(
            py,
            py.detach(|| guarded(|| Ok(self.lock().current_columns()?))),
        )?;
        frames::columns_dict(py, cols)
    }

    /// One row per value in force: indicator, unit, period, start (the
    /// period's first day), value, comment and provenance (recorded_at,
    /// source, file, sheet, cell, batch). Needs pandas.
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        frames::call(slf.py(), "store_to_pandas", (slf,))
    }

    /// As `to_pandas`, as a polars DataFrame. Needs polars.
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        frames::call(slf.py(), "store_to_polars", (slf,))
    }

    /// Number of values in force.
    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        py_result(py, guarded(|| Ok(self.lock().current_len()?)))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Store({:?}, {})",
            self.path(),
            crate::errors::count(self.__len__(py)?, "value", "values")
        ))
    }

    /// Pickles as the store's bytes (and its model); unpickles in memory.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let this = slf.borrow();
        let ctor = py.get_type::<Store>().getattr("from_bytes")?;
        let bytes = this.to_bytes(py)?;
        let model = this.get_model(py);
        let args = PyTuple::new(py, [bytes.into_any(), model.into_pyobject(py)?.into_any()])?;
        Ok((ctor, args))
    }
}

impl Store {
    fn record_inputs(
        &self,
        py: Python<'_>,
        m: &Model,
        inputs: Vec<ObservationInput>,
    ) -> PyResult<RecordSummary> {
        let s = py_result(
            py,
            py.detach(|| {
                guarded(|| {
                    let mut store = self.lock();
                    Ok(store.record(&m.inner, &inputs, &BatchInfo::new("python"))?)
                })
            }),
        )?;
        Ok(RecordSummary {
            new: s.new,
            changed: s.changed,
            unchanged: s.unchanged,
        })
    }
}
