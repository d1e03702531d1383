//! The registers from Python: deviations imported from a quality system's
//! export, registered and moved through their handling, as records for a
//! DataFrame and as the period's report; whistleblowing cases as records
//! (never a subject, description or identity) and the access log.

use crate::economy::Report;
use crate::errors::{guarded, py_result, Failure, Res};
use crate::lang::current;
use crate::model::Model;
use crate::store::{period, Store};
use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;
use styring::register::DeviationInput;
use styring::styring_core::asof::{format_instant, read_instant};
use styring::styring_core::keyword::{Keyword, KeywordError};
use styring::styring_core::register::{
    whistleblowing_report, Deviation, DeviationState, Notice, NotificationDuty, WhistleCase,
};
use styring::Localized;

/// A time given from Python (an RFC 3339 text), or now.
fn instant(text: Option<&str>, what: &str) -> Res<DateTime<Utc>> {
    match text {
        None => Ok(Utc::now()),
        Some(t) => read_instant(t).map_err(|e| {
            Failure::other(
                "ValidationError",
                format!("{what}: {}", e.nb),
                format!("{what}: {}", e.en),
            )
        }),
    }
}

fn keyword<K: Keyword + std::str::FromStr<Err = KeywordError>>(text: &str, what: &str) -> Res<K> {
    text.parse::<K>().map_err(|e| {
        Failure::other(
            "ValidationError",
            format!("{what}: {}", e.render(styring::Lang::Nb)),
            format!("{what}: {}", e.render(styring::Lang::En)),
        )
    })
}

/// A deviation as a record: what its handler sees, never its reporter.
fn deviation_dict<'py>(
    py: Python<'py>,
    m: &styring::Model,
    d: &Deviation,
) -> PyResult<Bound<'py, PyDict>> {
    let now = Utc::now();
    let x = PyDict::new(py);
    x.set_item("id", &d.id)?;
    x.set_item("unit", d.report.unit.as_str())?;
    x.set_item("category", &d.report.category)?;
    x.set_item("description", &d.report.description)?;
    x.set_item("happened", format_instant(d.report.happened))?;
    x.set_item("registered", format_instant(d.registered()))?;
    x.set_item("consequence", d.report.risk.consequence())?;
    x.set_item("likelihood", d.report.risk.likelihood())?;
    x.set_item("risk_score", d.report.risk.score())?;
    x.set_item(
        "risk_level",
        m.deviations().matrix.level(d.report.risk).key(),
    )?;
    x.set_item("state", d.history.current().key())?;
    x.set_item("deadline", format_instant(d.deadline))?;
    x.set_item("closed", d.closed_at().map(format_instant))?;
    x.set_item("closed_in_time", d.closed_within_deadline())?;
    x.set_item("days_to_close", d.days_to_close())?;
    x.set_item("overdue", d.is_overdue(now))?;
    x.set_item("duty", d.report.duty.map(|k| k.key()))?;
    x.set_item("notified", d.notified.map(format_instant))?;
    x.set_item("handler", d.handler().map(|a| a.as_str()))?;
    x.set_item("measures", d.measures.len())?;
    Ok(x)
}

/// Imports deviations from quality-system exports (`dry_run`: check only).
/// Gives `new`, `extended`, `new_steps` and `unchanged`; a problem in any
/// row raises `WorkbookImportError` with every problem at its cell, and
/// nothing is stored.
#[pyfunction]
#[pyo3(signature = (model, store, paths, *, dry_run = false))]
pub fn import_deviations<'py>(
    py: Python<'py>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    paths: Vec<PathBuf>,
    dry_run: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let (m, s) = (&*model, &*store);
    let t = py_result(
        py,
        py.detach(|| {
            guarded(|| {
                let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
                Ok(styring::register::import_deviations(
                    &m.inner,
                    &mut s.lock(),
                    &refs,
                    dry_run,
                )?)
            })
        }),
    )?;
    let d = PyDict::new(py);
    d.set_item("new", t.new)?;
    d.set_item("extended", t.extended)?;
    d.set_item("new_steps", t.new_steps)?;
    d.set_item("unchanged", t.unchanged)?;
    Ok(d)
}

/// Every deviation as a record (`id`, `unit`, `category`, `description`,
/// `registered`, `risk_score`, `risk_level`, `state`, `deadline`,
/// `closed`, `closed_in_time`, `days_to_close`, `overdue`, `duty`,
/// `notified` …) — `pandas.DataFrame(...)` away. Never who reported it.
#[pyfunction]
pub fn deviations<'py>(
    py: Python<'py>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let (m, s) = (&*model, &*store);
    let all = py_result(py, guarded(|| Ok(s.lock().deviations()?)))?;
    all.iter()
        .map(|d| deviation_dict(py, &m.inner, d))
        .collect()
}

/// Registers a deviation (as the store's actor; its deadline from the
/// model's risk matrix unless given) and gives its record.
#[pyfunction]
#[pyo3(signature = (model, store, unit, category, description, consequence, likelihood, *, happened = None, duty = None, deadline = None, id = None, at = None))]
#[allow(clippy::too_many_arguments)] // Python keywords, each its own
pub fn add_deviation<'py>(
    py: Python<'py>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    unit: &str,
    category: &str,
    description: &str,
    consequence: i64,
    likelihood: i64,
    happened: Option<&str>,
    duty: Option<&str>,
    deadline: Option<&str>,
    id: Option<String>,
    at: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (m, s) = (&*model, &*store);
    let d = py_result(
        py,
        guarded(|| {
            let input = DeviationInput {
                id,
                unit: unit.to_string(),
                category: category.to_string(),
                description: description.to_string(),
                happened: happened.map(|h| instant(Some(h), "happened")).transpose()?,
                consequence,
                likelihood,
                duty: duty
                    .map(|x| keyword::<NotificationDuty>(x, "duty"))
                    .transpose()?,
                deadline: deadline.map(|x| instant(Some(x), "deadline")).transpose()?,
            };
            let now = instant(at, "at")?;
            Ok(styring::register::add_deviation(
                &m.inner,
                &mut s.lock(),
                &input,
                now,
            )?)
        }),
    )?;
    deviation_dict(py, &m.inner, &d)
}

/// Moves a deviation to `to` (`mottatt`, `under_behandling`, `lukket`; a
/// closed one back with a `reason`) and gives its record.
#[pyfunction]
#[pyo3(signature = (model, store, id, to, *, reason = None, at = None))]
pub fn move_deviation<'py>(
    py: Python<'py>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    id: &str,
    to: &str,
    reason: Option<&str>,
    at: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (m, s) = (&*model, &*store);
    let d = py_result(
        py,
        guarded(|| {
            let to: DeviationState = keyword(to, "to")?;
            let at = instant(at, "at")?;
            Ok(s.lock().move_deviation(id, to, at, reason)?)
        }),
    )?;
    deviation_dict(py, &m.inner, &d)
}

/// The period's deviations and the statistics per unit, as a report.
#[pyfunction]
pub fn deviations_report(
    py: Python<'_>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    period: &str,
) -> PyResult<Report> {
    let (m, s) = (&*model, &*store);
    py_result(
        py,
        guarded(|| {
            let p = self::period(period)?;
            let all = s.lock().deviations()?;
            Ok(Report {
                report: styring::styring_core::register::deviations_report(
                    &m.inner,
                    &all,
                    p,
                    Utc::now(),
                    current(),
                ),
            })
        }),
    )
}

/// One deviation as a report for the leader who handles it: what
/// happened, its risk, handler, deadline and notification, every step and
/// its measures (never its reporter). An unknown id raises
/// `ValidationError` with «mente du».
#[pyfunction]
pub fn deviation(
    py: Python<'_>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    id: &str,
) -> PyResult<Report> {
    let (m, s) = (&*model, &*store);
    py_result(
        py,
        guarded(|| {
            let st = s.lock();
            let Some(d) = st.deviation(id)? else {
                let t = st.unknown_deviation(id)?;
                return Err(Failure::other("ValidationError", t.nb, t.en));
            };
            Ok(Report {
                report: styring::styring_core::register::deviation_card(
                    &m.inner,
                    &d,
                    Utc::now(),
                    current(),
                ),
            })
        }),
    )
}

fn met(n: Notice) -> Option<bool> {
    n.met()
}

/// A case as a record for an analyst: never its subject, description or
/// reporter.
fn case_dict<'py>(
    py: Python<'py>,
    m: &styring::Model,
    c: &WhistleCase,
) -> PyResult<Bound<'py, PyDict>> {
    let now = Utc::now();
    let w = m.whistleblowing();
    let x = PyDict::new(py);
    x.set_item("id", &c.id)?;
    x.set_item("channel", c.channel.key())?;
    x.set_item("received", format_instant(c.received()))?;
    x.set_item("unit", c.unit.as_ref().map(|u| u.as_str()))?;
    x.set_item("handler", c.handler.as_ref().map(|h| h.as_str()))?;
    x.set_item("state", c.history.current().key())?;
    x.set_item("anonymous", c.is_anonymous())?;
    x.set_item("acknowledge_by", format_instant(w.acknowledge_by(c)))?;
    x.set_item("acknowledged_in_time", met(w.acknowledgement(c, now)))?;
    x.set_item("feedback_by", format_instant(w.feedback_by(c)))?;
    x.set_item("feedback_in_time", met(w.feedback(c, now)))?;
    Ok(x)
}

/// Every whistleblowing case as a record (`id`, `channel`, `received`,
/// `unit`, `handler`, `state`, `anonymous`, and whether its deadlines were
/// met) — never its subject, description or reporter.
#[pyfunction]
pub fn whistleblowing_cases<'py>(
    py: Python<'py>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let (m, s) = (&*model, &*store);
    let all = py_result(py, guarded(|| Ok(s.lock().cases()?)))?;
    all.iter().map(|c| case_dict(py, &m.inner, c)).collect()
}

/// Registers a whistleblowing case received at `at` (now by default), the
/// reporter's identity sealed to the model's `[whistleblowing] recipient`
/// before it is stored (no `reporter_name`: anonymous), and gives its
/// record (without texts or identity).
#[pyfunction]
#[pyo3(signature = (model, store, channel, subject, description, *, unit = None, handler = None, reporter_name = None, reporter_contact = None, id = None, at = None))]
#[allow(clippy::too_many_arguments)] // Python keywords, each its own
pub fn add_case<'py>(
    py: Python<'py>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    channel: &str,
    subject: &str,
    description: &str,
    unit: Option<String>,
    handler: Option<String>,
    reporter_name: Option<&str>,
    reporter_contact: Option<&str>,
    id: Option<String>,
    at: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    use styring::whistleblowing::{CaseInput, Identity};
    let (m, s) = (&*model, &*store);
    let c = py_result(
        py,
        guarded(|| {
            if reporter_name.is_none() && reporter_contact.is_some() {
                return Err(Failure::other(
                    "ValidationError",
                    "reporter_contact uten reporter_name: oppgi navnet, eller ingen av dem for et anonymt varsel",
                    "reporter_contact without reporter_name: give the name, or neither for an anonymous report",
                ));
            }
            let input = CaseInput {
                id,
                channel: keyword(channel, "channel")?,
                unit,
                subject: subject.to_string(),
                description: description.to_string(),
                handler,
                reporter: reporter_name.map(|n| Identity::new(n, reporter_contact)),
            };
            let now = instant(at, "at")?;
            Ok(styring::whistleblowing::add_case(
                &m.inner,
                &mut s.lock(),
                input,
                now,
            )?)
        }),
    )?;
    case_dict(py, &m.inner, &c)
}

/// The period's cases and the counts per channel, as a report.
#[pyfunction]
pub fn whistleblowing(
    py: Python<'_>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    period: &str,
) -> PyResult<Report> {
    let (m, s) = (&*model, &*store);
    py_result(
        py,
        guarded(|| {
            let p = self::period(period)?;
            let all = s.lock().cases()?;
            Ok(Report {
                report: whistleblowing_report(&m.inner, &all, p, Utc::now(), current()),
            })
        }),
    )
}

/// The access log: every unsealing of a reporter's identity, as records
/// (`case`, `actor`, `at`, `reason`).
#[pyfunction]
pub fn access_log<'py>(
    py: Python<'py>,
    store: PyRef<'_, Store>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let s = &*store;
    let log = py_result(py, guarded(|| Ok(s.lock().access_log()?)))?;
    log.iter()
        .map(|u| {
            let x = PyDict::new(py);
            x.set_item("case", &u.case)?;
            x.set_item("actor", u.actor.as_str())?;
            x.set_item("at", format_instant(u.at))?;
            x.set_item("reason", &u.reason)?;
            Ok(x)
        })
        .collect()
}
