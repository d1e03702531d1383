//! Benefit plans from Python: a plan's workbook read in (every version
//! kept), the plans and their benefits as records for a DataFrame, the
//! realised values with their source, values recorded by hand, and a plan
//! as a report with its benefit map — all through the library crate.

use crate::economy::{problems, Report};
use crate::errors::{guarded, py_result, Failure, Problem, Res};
use crate::lang::current;
use crate::model::Model;
use crate::store::{period, Store};
use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;
use styring::benefits as ben;
use styring::styring_core::asof::parse_date;
use styring::styring_core::register::{plan_status, BenefitPlan, PlannedBenefit};
use styring::Localized;

/// The day to judge at: the text given (`2025-09-01`), or today in Norway.
fn day(text: Option<&str>) -> Res<NaiveDate> {
    match text {
        None => Ok(styring::styring_core::local_time::today()),
        Some(t) => parse_date(t).map_err(|e| {
            Failure::other(
                "ValidationError",
                format!("today: {}", e.render(styring::Lang::Nb)),
                format!("today: {}", e.render(styring::Lang::En)),
            )
        }),
    }
}

fn plan_dict<'py>(
    py: Python<'py>,
    p: &BenefitPlan,
    today: NaiveDate,
) -> PyResult<Bound<'py, PyDict>> {
    let x = PyDict::new(py);
    x.set_item("id", &p.id)?;
    x.set_item("project", &p.project)?;
    x.set_item("owner", &p.owner)?;
    x.set_item("units", p.units.clone())?;
    x.set_item("kind", p.kind.key())?;
    x.set_item("benefits", p.benefits.len())?;
    x.set_item("status", plan_status(p, today).map(|s| s.key()))?;
    Ok(x)
}

fn benefit_dict<'py>(
    py: Python<'py>,
    plan: &str,
    b: &PlannedBenefit,
    today: NaiveDate,
) -> PyResult<Bound<'py, PyDict>> {
    let x = PyDict::new(py);
    let v = &b.benefit;
    let (status, why) = v.status(today);
    let progress = v.progress();
    x.set_item("plan", plan)?;
    x.set_item("benefit", &v.name)?;
    x.set_item("kind", v.kind.key())?;
    x.set_item("measure_unit", v.measure_unit.as_deref())?;
    x.set_item("baseline", v.baseline.value)?;
    x.set_item("baseline_date", v.baseline.date.to_string())?;
    x.set_item("baseline_source", &v.baseline.source)?;
    x.set_item("expected", v.expected)?;
    x.set_item("due", v.due.to_string())?;
    x.set_item("latest_period", progress.map(|p| p.1.to_string()))?;
    x.set_item("latest_value", progress.map(|p| p.2))?;
    x.set_item("progress", progress.map(|p| p.0))?;
    x.set_item("time_passed", v.time_passed(today))?;
    x.set_item("status", status.key())?;
    x.set_item("reason", why.get(current()))?;
    x.set_item("owner", &b.owner)?;
    x.set_item("indicator", b.indicator.as_deref())?;
    x.set_item("goals", b.goals.clone())?;
    x.set_item("measure", &b.measure)?;
    x.set_item("effect", &b.effect)?;
    Ok(x)
}

/// Reads the benefit plan in the workbook at `path` and stores it as the
/// plan's next version (unless `dry_run`, or it is the same as the last):
/// returns `(plan, warnings)`, the plan as a record with `version` (None
/// when nothing was stored) and what the benefit map lacks (stored, and
/// listed). A problem in the workbook raises `WorkbookImportError` with
/// every problem at its cell; a unit, indicator or goal the model does not
/// have raises `ValidationError`; nothing is stored.
#[pyfunction]
#[pyo3(signature = (model, store, path, *, dry_run = false))]
pub fn import_benefit_plan<'py>(
    py: Python<'py>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    path: PathBuf,
    dry_run: bool,
) -> PyResult<(Bound<'py, PyDict>, Vec<Problem>)> {
    let (m, s) = (&*model, &*store);
    let r = py_result(
        py,
        py.detach(|| {
            guarded(|| {
                Ok(ben::import_benefit_plan(
                    &m.inner,
                    &mut s.lock(),
                    &path,
                    dry_run,
                )?)
            })
        }),
    )?;
    let d = plan_dict(py, &r.plan, styring::styring_core::local_time::today())?;
    d.set_item("version", r.version)?;
    Ok((d, problems(&r.warnings)))
}

/// Every benefit plan at its latest version as a record (`id`, `project`,
/// `owner`, `units`, `kind`, `benefits` (how many), `status` rolled up
/// from its benefits at `today`, `YYYY-MM-DD`, today by default).
#[pyfunction]
#[pyo3(signature = (model, store, *, today = None))]
pub fn benefit_plans<'py>(
    py: Python<'py>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    today: Option<&str>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let (m, s) = (&*model, &*store);
    let (all, t) = py_result(
        py,
        guarded(|| Ok((ben::benefit_plans(&m.inner, &s.lock())?, day(today)?))),
    )?;
    all.iter().map(|p| plan_dict(py, p, t)).collect()
}

/// Every benefit of plan `plan` (of every plan without it) as a record:
/// `plan`, `benefit`, `kind`, `measure_unit`, `baseline`, `baseline_date`,
/// `baseline_source`, `expected`, `due`, the latest realised value
/// (`latest_period`, `latest_value`), `progress` (the share of the way
/// from baseline to expected, may pass 1), `time_passed`, `status` and its
/// `reason` at `today`, `owner`, `indicator`, `goals`, `measure`, `effect`.
#[pyfunction]
#[pyo3(signature = (model, store, plan = None, *, today = None))]
pub fn benefits<'py>(
    py: Python<'py>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    plan: Option<&str>,
    today: Option<&str>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let (m, s) = (&*model, &*store);
    let (plans, t) = py_result(
        py,
        guarded(|| {
            let st = s.lock();
            let plans = match plan {
                Some(id) => vec![ben::benefit_plan(&m.inner, &st, id)?],
                None => ben::benefit_plans(&m.inner, &st)?,
            };
            Ok((plans, day(today)?))
        }),
    )?;
    let mut out = Vec::new();
    for p in &plans {
        for b in &p.benefits {
            out.push(benefit_dict(py, &p.id, b, t)?);
        }
    }
    Ok(out)
}

/// Every realised value of plan `plan` (of every plan without it) as a
/// record: `plan`, `benefit`, `period`, `start` (`YYYY-MM-DD`), `value`,
/// and `source` — `recorded` by hand, or from the benefit's `indicator`
/// rolled up over the plan's units.
#[pyfunction]
#[pyo3(signature = (model, store, plan = None))]
pub fn benefit_values<'py>(
    py: Python<'py>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    plan: Option<&str>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let (m, s) = (&*model, &*store);
    let all = py_result(
        py,
        guarded(|| Ok(ben::benefit_values(&m.inner, &s.lock(), plan)?)),
    )?;
    all.iter()
        .map(|(id, v)| {
            let x = PyDict::new(py);
            x.set_item("plan", id)?;
            x.set_item("benefit", &v.benefit)?;
            x.set_item("period", v.period.to_string())?;
            x.set_item("start", v.period.start().to_string())?;
            x.set_item("value", v.value)?;
            x.set_item("source", v.source.key())?;
            Ok(x)
        })
        .collect()
}

/// Records a realised value of benefit `benefit` of plan `plan` for
/// `period` (`2025-T2`, `2025-05`, `2025`), as the store's actor. An
/// unknown plan or benefit (with «mente du») or a value that is not a
/// finite number raises `ValidationError`.
#[pyfunction]
pub fn record_benefit_value(
    py: Python<'_>,
    store: PyRef<'_, Store>,
    plan: &str,
    benefit: &str,
    period: &str,
    value: f64,
) -> PyResult<()> {
    let s = &*store;
    py_result(
        py,
        guarded(|| {
            let p = self::period(period)?;
            Ok(s.lock().record_benefit_value(plan, benefit, p, value)?)
        }),
    )
}

/// Plan `plan` as a report for the year of `today` (`YYYY-MM-DD`, today
/// by default), judged at `today`: each benefit with its baseline,
/// expected and realised values, status and reason, the plan's roll-up and
/// the benefit map.
#[pyfunction]
#[pyo3(signature = (model, store, plan, *, today = None))]
pub fn benefit_report(
    py: Python<'_>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    plan: &str,
    today: Option<&str>,
) -> PyResult<Report> {
    let (m, s) = (&*model, &*store);
    py_result(
        py,
        guarded(|| {
            let t = day(today)?;
            Ok(Report {
                report: ben::plan_report(&m.inner, &s.lock(), plan, t, current())?,
            })
        }),
    )
}
