//! The economy from Python: plan versions in, the balance check, the
//! statement as a report, accounts in, entered forecasts, and the economy
//! table — all through the library crate's one call each.

use crate::errors::{guarded, py_result, Failure, Problem, Res};
use crate::lang::current;
use crate::model::Model;
use crate::report::{sections_of, Section};
use crate::store::{period, Store};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;
use styring::economy as eco;
use styring::report::Report as CoreReport;
use styring::styring_core::economy::{EconomyRow, Sign};
use styring::{Localized, Status};

pub(crate) fn problems(p: &styring::styring_core::problem::Problems) -> Vec<Problem> {
    p.iter().map(Problem::from_core).collect()
}

/// Any report of the library (a plan's statement, the economy table): its
/// sections as DataFrames, its page as HTML.
#[pyclass(frozen, module = "styring._styring", name = "Report")]
pub struct Report {
    pub(crate) report: CoreReport,
}

#[pymethods]
impl Report {
    /// The title.
    #[getter]
    fn title(&self) -> String {
        self.report.title.clone()
    }

    /// The line under the title, if any.
    #[getter]
    fn subtitle(&self) -> Option<String> {
        self.report.subtitle.clone()
    }

    /// The sections, in order (`report.sections[1].to_pandas()`).
    #[getter]
    fn sections(&self) -> Vec<Section> {
        sections_of(&self.report)
    }

    /// The report as HTML, for notebooks.
    fn _repr_html_(&self) -> String {
        styring::styring_html::fragment(&self.report)
    }

    /// Writes the report as one self-contained HTML page to `path`.
    fn to_html(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let page = styring::styring_html::page(&self.report);
        py_result(
            py,
            styring::write_file(&path, page.as_bytes()).map_err(Failure::from),
        )
    }

    /// Writes the report as a workbook to `path`.
    fn to_xlsx(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py_result(
            py,
            styring::styring_xlsx::export::report::write_report_workbook(
                std::slice::from_ref(&self.report),
                &path,
            )
            .map_err(Failure::from),
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "Report({:?}, {} sections)",
            self.report.title,
            self.report.sections.len()
        )
    }
}

fn version_dict<'py>(
    py: Python<'py>,
    v: &styring::styring_core::economy::PlanVersion,
) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(v).unwrap_or_default();
    py.import("json")?.call_method1("loads", (text,))
}

/// Reads the plan version in the workbook at `path` into `store` (unless
/// `dry_run`): returns `(version, problems)`, the version as a dict and the
/// balance check's problems (an unbalanced plan is stored: it is what was
/// decided).
#[pyfunction]
#[pyo3(signature = (model, store, path, *, dry_run = false))]
pub fn import_budget<'py>(
    py: Python<'py>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    path: PathBuf,
    dry_run: bool,
) -> PyResult<(Bound<'py, PyAny>, Vec<Problem>)> {
    let (m, s) = (&*model, &*store);
    let (v, p) = py_result(
        py,
        py.detach(|| guarded(|| Ok(eco::import_budget(&m.inner, &mut s.lock(), &path, dry_run)?))),
    )?;
    Ok((version_dict(py, &v)?, problems(&p)))
}

/// Every plan version in the store, as dicts, in the order entered.
#[pyfunction]
pub fn plan_versions<'py>(
    py: Python<'py>,
    store: PyRef<'_, Store>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let s = &*store;
    let all = py_result(py, guarded(|| Ok(s.lock().plan_versions()?)))?;
    let mut out = Vec::new();
    for v in all {
        let d = version_dict(py, &v.version)?;
        d.set_item("entered_at", v.entered_at.to_rfc3339())?;
        d.set_item("actor", v.actor.map(|a| a.as_str().to_string()))?;
        out.push(d);
    }
    Ok(out)
}

/// The balance check of a version (the last entered without `version`):
/// each unbalanced year with its gap, each unspecified saving, each area
/// whose units' frames do not add up. Empty when the plan balances.
#[pyfunction]
#[pyo3(signature = (model, store, version = None))]
pub fn check_budget(
    py: Python<'_>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    version: Option<String>,
) -> PyResult<Vec<Problem>> {
    let (m, s) = (&*model, &*store);
    let (_, p) = py_result(
        py,
        guarded(|| Ok(eco::check_budget(&m.inner, &s.lock(), version.as_deref())?)),
    )?;
    Ok(problems(&p))
}

/// A version's budget statement, frames, balance and targets as a report
/// (`version`, or the one accounts for `year` are measured by, or the last).
#[pyfunction]
#[pyo3(signature = (model, store, version = None, year = None))]
pub fn budget(
    py: Python<'_>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    version: Option<String>,
    year: Option<i32>,
) -> PyResult<Report> {
    let (m, s) = (&*model, &*store);
    let report = py_result(
        py,
        guarded(|| {
            Ok(eco::budget_report(
                &m.inner,
                &s.lock(),
                version.as_deref(),
                year,
                current(),
            )?)
        }),
    )?;
    Ok(Report { report })
}

/// Reads accounting exports into `store` (unless `dry_run`). `sign` is
/// `"expenses-positive"` or `"expenses-negative"` unless each file states
/// its own. Returns a dict of counts and the sign warnings.
#[pyfunction]
#[pyo3(signature = (model, store, paths, *, sign = None, dry_run = false))]
pub fn import_accounts<'py>(
    py: Python<'py>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    paths: Vec<PathBuf>,
    sign: Option<String>,
    dry_run: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let (m, s) = (&*model, &*store);
    let r = py_result(
        py,
        py.detach(|| {
            guarded(|| {
                let sign = match sign.as_deref() {
                    None => None,
                    Some(t) => Some(t.parse::<Sign>().map_err(|e| {
                        Failure::other(
                            "ValidationError",
                            format!("sign: {}", e.render(styring::Lang::Nb)),
                            format!("sign: {}", e.render(styring::Lang::En)),
                        )
                    })?),
                };
                let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
                Ok(eco::import_accounts(
                    &m.inner,
                    &mut s.lock(),
                    &refs,
                    sign,
                    dry_run,
                )?)
            })
        }),
    )?;
    let d = PyDict::new(py);
    d.set_item(
        "files",
        r.files
            .iter()
            .map(|f| (f.file.clone(), f.lines))
            .collect::<Vec<_>>(),
    )?;
    d.set_item("new", r.summary.new)?;
    d.set_item("changed", r.summary.changed)?;
    d.set_item("unchanged", r.summary.unchanged)?;
    d.set_item("warnings", problems(&r.warnings))?;
    Ok(d)
}

/// The current account lines (the latest revision of each unit, month and
/// category) as dicts: `unit`, `month`, `category`, `amount` (kroner,
/// expenses positive), `file`, `sheet`, `cell` — `pandas.DataFrame(...)`
/// away.
#[pyfunction]
pub fn accounts<'py>(
    py: Python<'py>,
    store: PyRef<'_, Store>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let s = &*store;
    let lines = py_result(py, guarded(|| Ok(s.lock().account_lines()?)))?;
    lines
        .iter()
        .map(|l| {
            let d = PyDict::new(py);
            d.set_item("unit", l.unit.as_str())?;
            d.set_item("month", l.month.to_string())?;
            d.set_item("category", &l.category)?;
            d.set_item("amount", l.amount)?;
            d.set_item("file", &l.location.file)?;
            d.set_item("sheet", &l.location.sheet)?;
            d.set_item("cell", &l.location.cell)?;
            Ok(d)
        })
        .collect()
}

/// Records the forecast of a unit's (or budget area's) year-end deviation
/// in kroner (an overspend positive), made in the tertial `period`.
#[pyfunction]
pub fn set_forecast(
    py: Python<'_>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    unit: &str,
    period: &str,
    amount: f64,
    comment: &str,
) -> PyResult<()> {
    let (m, s) = (&*model, &*store);
    py_result(
        py,
        guarded(|| {
            let p = self::period(period)?;
            eco::set_forecast(&m.inner, &mut s.lock(), unit, p, amount, comment)?;
            Ok(())
        }),
    )
}

/// The economy table for a period: per unit and budget area the frame,
/// the budget and accounts to date, the deviation and the forecasts.
#[pyclass(frozen, module = "styring._styring", name = "Economy")]
pub struct Economy {
    report: CoreReport,
    rows: Vec<EconomyRow>,
    /// The period, e.g. `2025-T2`.
    #[pyo3(get)]
    period: String,
    /// The plan version the accounts are measured against.
    #[pyo3(get)]
    version: String,
}

#[pymethods]
impl Economy {
    /// One dict per row: `unit`, `name`, `level`, `frame`,
    /// `budget_to_date`, `accounts_to_date`, `deviation`, `deviation_pct`,
    /// `forecast_mechanical`, `forecast_entered`, `status` … (kroner,
    /// expenses positive; fractions for percentages).
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.rows
            .iter()
            .map(|r| {
                let d = PyDict::new(py);
                d.set_item("unit", r.unit.as_str())?;
                d.set_item("name", &r.name)?;
                d.set_item("level", format!("{:?}", r.level).to_lowercase())?;
                d.set_item("frame", r.frame)?;
                d.set_item("budget_to_date", r.budget_to_date)?;
                d.set_item("accounts_to_date", r.accounts_to_date)?;
                d.set_item("deviation", r.deviation)?;
                d.set_item("deviation_pct", r.deviation_pct)?;
                d.set_item("forecast_mechanical", r.forecast_mechanical)?;
                d.set_item("forecast_entered", r.forecast_entered)?;
                d.set_item("forecast_comment", &r.forecast_comment)?;
                d.set_item(
                    "status",
                    (r.status != Status::Unjudged).then(|| r.status.key()),
                )?;
                Ok(d)
            })
            .collect()
    }

    /// The rows as a pandas DataFrame. Needs pandas.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let records = self.records(py)?;
        py.import("pandas")?.getattr("DataFrame")?.call1((records,))
    }

    /// The report's sections.
    #[getter]
    fn sections(&self) -> Vec<Section> {
        sections_of(&self.report)
    }

    /// The table as HTML, for notebooks.
    fn _repr_html_(&self) -> String {
        styring::styring_html::fragment(&self.report)
    }

    fn __len__(&self) -> usize {
        self.rows.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Economy({:?}, {} rows, {:?})",
            self.period,
            self.rows.len(),
            self.version
        )
    }
}

/// The economy table for `period` (`2025-T2`, `2025-05`, `2025`).
#[pyfunction]
pub fn economy(
    py: Python<'_>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    period: &str,
) -> PyResult<Economy> {
    let (m, s) = (&*model, &*store);
    py_result(
        py,
        guarded(|| -> Res<Economy> {
            let p = self::period(period)?;
            let store = s.lock();
            let (plan, rows) = eco::economy(&m.inner, &store, p)?;
            let report = styring::styring_core::economy::economy_report(
                &m.inner,
                &rows,
                p,
                &plan,
                current(),
            );
            Ok(Economy {
                report,
                rows,
                period: p.to_string(),
                version: plan.id,
            })
        }),
    )
}
