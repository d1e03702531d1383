//! Scorecards and the overview as Python objects: rows for frames, and
//! the same Report every other output renders (`sections`, HTML).

use crate::errors::{guarded, py_result, Failure, Res};
use crate::frames;
use crate::lang::current;
use crate::model::Model;
use crate::report::{sections_of, Section};
use crate::store::{period, Store};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;
use std::sync::Arc;
use styring::styring_core::asof::{parse_date, AsOf};
use styring::styring_core::report::{overview_report, scorecard_report, Report};
use styring::styring_core::scorecard::{
    Overview as CoreOverview, Row as CoreRow, Scorecard as CoreCard,
};
use styring::styring_core::status::Status;
use styring::styring_core::target::TargetValue;
use styring::styring_core::unit::Scope;
use styring::Localized;
use styring::{CardOptions, Complete, Engine, Lang};

/// The store's data for `model` as of `as_of` (a date) or as reported at
/// `as_reported`'s lock, completed by the library's engine.
pub(crate) fn prepared(
    model: &Model,
    store: &Store,
    as_of: Option<&str>,
    as_reported: Option<&str>,
) -> Res<(Complete, Arc<Engine>)> {
    let engine = model.engine()?;
    let when = match (as_of, as_reported) {
        (Some(d), _) => AsOf::date(parse_date(d).map_err(|e| {
            Failure::other(
                "ValidationError",
                format!("as_of: {}", e.render(Lang::Nb)),
                format!("as_of: {}", e.render(Lang::En)),
            )
        })?),
        (None, Some(p)) => AsOf::Reported(period(p)?),
        (None, None) => AsOf::Now,
    };
    let data = engine.data(&store.lock(), &when)?;
    Ok((data, engine))
}

/// The scope `unit` names: an id, a name, a sector or the municipality
/// (`all`, `kommune` or its id) — the library's one rule.
fn scope(engine: &Engine, unit: &str) -> Res<Scope> {
    Ok(engine.model().resolve_scope(unit)?)
}

fn scope_key(s: &Scope) -> String {
    match s {
        Scope::Municipality => "all".to_string(),
        Scope::Unit(u) => u.to_string(),
    }
}

/// One row of a scorecard: an indicator's value, target and light.
#[pyclass(frozen, module = "styring._styring", name = "Row")]
#[derive(Clone)]
pub struct Row {
    /// Indicator code.
    #[pyo3(get)]
    indicator: String,
    /// Indicator name.
    #[pyo3(get)]
    name: String,
    /// Perspective id.
    #[pyo3(get)]
    perspective: String,
    /// Focus area id.
    #[pyo3(get)]
    focus_area: String,
    /// The value (percentages as fractions), or `None`.
    #[pyo3(get)]
    value: Option<f64>,
    /// The value as shown, e.g. `5,3 %`.
    #[pyo3(get)]
    value_text: String,
    /// The period the value is for (a yearly indicator shows its year).
    #[pyo3(get)]
    value_period: String,
    /// The target (the middle of a target range), or `None`.
    #[pyo3(get)]
    target: Option<f64>,
    /// The lower end of a target range (the target itself otherwise).
    #[pyo3(get)]
    target_min: Option<f64>,
    /// The upper end of a target range (the target itself otherwise).
    #[pyo3(get)]
    target_max: Option<f64>,
    /// The target as shown, e.g. `−1,0 % til 1,0 %`.
    #[pyo3(get)]
    target_text: String,
    /// `green`, `yellow`, `red`, `no_data` or `error`; `None` for a value
    /// with no target to judge it by (no light).
    #[pyo3(get)]
    status: Option<String>,
    /// Why, in words.
    #[pyo3(get)]
    reason: String,
    /// `improving`, `worsening`, `stable` or `unknown`, against the previous period.
    #[pyo3(get)]
    trend: String,
    /// The arrow for the trend (↑ ↓ →).
    #[pyo3(get)]
    trend_arrow: String,
    /// The trend in words, e.g. `bedre`.
    #[pyo3(get)]
    trend_word: String,
    /// Trend against the same period last year.
    #[pyo3(get)]
    trend_last_year: String,
    /// The previous period's value.
    #[pyo3(get)]
    previous: Option<f64>,
    /// The same period last year.
    #[pyo3(get)]
    last_year: Option<f64>,
    /// The unit's comment (analysis), if any.
    #[pyo3(get)]
    comment: Option<String>,
    /// The last values, oldest first: `(period, value)`.
    #[pyo3(get)]
    history: Vec<(String, Option<f64>)>,
    /// The script that computed the value, for computed indicators.
    #[pyo3(get)]
    computed_by: Option<String>,
    /// Whether the value is missing though the period is due.
    #[pyo3(get)]
    late: bool,
    /// Whether the value is KOSTRA's figure for the whole municipality.
    #[pyo3(get)]
    from_kostra: bool,
    /// Where the series breaks within the history: `(period, note)`; no
    /// trend crosses a break.
    #[pyo3(get)]
    breaks: Vec<(String, String)>,
    /// `percent`, `number`, `score`, `nok` or `count`.
    #[pyo3(get)]
    measure: String,
}

impl Row {
    fn from_core(r: &CoreRow, lang: Lang) -> Row {
        let (target, target_min, target_max) = match r.target {
            Some(TargetValue::Value(v)) => (Some(v), Some(v), Some(v)),
            Some(TargetValue::Range { min, max }) => {
                (Some((min + max) / 2.0), Some(min), Some(max))
            }
            None => (None, None, None),
        };
        Row {
            indicator: r.indicator.to_string(),
            name: r.name.clone(),
            perspective: r.perspective.to_string(),
            focus_area: r.focus_area.to_string(),
            value: r.value,
            value_text: r.value_text(lang),
            value_period: r.value_period.to_string(),
            target,
            target_min,
            target_max,
            target_text: r.target_text(lang),
            // A value with no target has no light: None.
            status: (r.status != Status::Unjudged).then(|| r.status.key().to_string()),
            reason: r.reason_text(lang),
            trend: r.trend.key().to_string(),
            trend_arrow: r.trend.arrow().to_string(),
            trend_word: r.trend.word(lang).to_string(),
            trend_last_year: r.trend_last_year.key().to_string(),
            previous: r.previous,
            last_year: r.last_year,
            comment: r.comment.clone(),
            history: r.history.iter().map(|(p, v)| (p.to_string(), *v)).collect(),
            computed_by: r.computed_by.clone(),
            late: r.late,
            from_kostra: r.from_kostra,
            breaks: r
                .breaks
                .iter()
                .map(|(p, n)| (p.to_string(), n.clone()))
                .collect(),
            measure: r.measure.kind.key().to_string(),
        }
    }

    fn record<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("indicator", &self.indicator)?;
        d.set_item("name", &self.name)?;
        d.set_item("perspective", &self.perspective)?;
        d.set_item("focus_area", &self.focus_area)?;
        d.set_item("value", self.value)?;
        d.set_item("value_period", &self.value_period)?;
        d.set_item("target", self.target)?;
        d.set_item("target_min", self.target_min)?;
        d.set_item("target_max", self.target_max)?;
        d.set_item("status", &self.status)?;
        d.set_item("reason", &self.reason)?;
        d.set_item("trend", &self.trend)?;
        d.set_item("trend_last_year", &self.trend_last_year)?;
        d.set_item("previous", self.previous)?;
        d.set_item("last_year", self.last_year)?;
        d.set_item("comment", &self.comment)?;
        d.set_item("computed_by", &self.computed_by)?;
        d.set_item("late", self.late)?;
        d.set_item("from_kostra", self.from_kostra)?;
        d.set_item("breaks", self.breaks.clone())?;
        Ok(d)
    }
}

#[pymethods]
impl Row {
    /// The row as a dict (one DataFrame row).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.record(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "Row({:?}, {:?}, value={}, status={})",
            self.indicator,
            self.name,
            crate::errors::py_float(self.value),
            match &self.status {
                Some(s) => format!("{s:?}"),
                None => "None".to_string(),
            }
        )
    }
}

/// A scorecard (styringskort) for a unit, a sector or the municipality
/// (`unit="all"`) and a period.
#[pyclass(frozen, module = "styring._styring", name = "Scorecard")]
pub struct Scorecard {
    /// The unit's id, or `all` for the municipality.
    #[pyo3(get)]
    unit: String,
    /// The unit's (or municipality's) name.
    #[pyo3(get)]
    unit_name: String,
    /// The period, e.g. `2025-T2`.
    #[pyo3(get)]
    period: String,
    /// Every row, grouped by perspective and focus area.
    #[pyo3(get)]
    rows: Vec<Row>,
    /// How many rows have each status.
    #[pyo3(get)]
    counts: Vec<(String, usize)>,
    /// The scorecard as a Report (for `sections` and HTML).
    report: Report,
}

impl Scorecard {
    fn from_core(engine: &Engine, card: &CoreCard, lang: Lang) -> Scorecard {
        let rows: Vec<Row> = card.rows().map(|r| Row::from_core(r, lang)).collect();
        let counts = [
            Status::Green,
            Status::Yellow,
            Status::Red,
            Status::NoData,
            Status::Error,
        ]
        .iter()
        .map(|s| (s.key().to_string(), card.counts.get(*s)))
        .collect();
        Scorecard {
            unit: scope_key(&card.scope),
            unit_name: card.scope_name.clone(),
            period: card.period.to_string(),
            rows,
            counts,
            report: scorecard_report(engine.model(), card, lang),
        }
    }
}

#[pymethods]
impl Scorecard {
    /// The row for an indicator code, or `None`.
    fn row(&self, indicator: &str) -> Option<Row> {
        self.rows.iter().find(|r| r.indicator == indicator).cloned()
    }

    /// The rows as dicts (for `pandas.DataFrame(...)` and the like).
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.rows.iter().map(|r| r.record(py)).collect()
    }

    /// The rows as a pandas DataFrame, one row per indicator. Needs pandas.
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        frames::call(
            slf.py(),
            "records_to_pandas",
            (slf.borrow().records(slf.py())?,),
        )
    }

    /// The rows as a polars DataFrame. Needs polars.
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        frames::call(
            slf.py(),
            "records_to_polars",
            (slf.borrow().records(slf.py())?,),
        )
    }

    /// The scorecard's sections in order: a summary, then one table per
    /// perspective (`card.sections[1].to_pandas()`).
    #[getter]
    fn sections(&self) -> Vec<Section> {
        sections_of(&self.report)
    }

    /// The report's title, e.g. `Styringskort — Aurvoll skole`.
    #[getter]
    fn title(&self) -> String {
        self.report.title.clone()
    }

    /// The scorecard as HTML (the same page `styring scorecard --format
    /// html` writes): grouped by perspective and focus area, with lights,
    /// trend arrows and each row's history as a small chart.
    fn _repr_html_(&self) -> String {
        styring::styring_html::fragment(&self.report)
    }

    /// Writes the scorecard as one self-contained HTML page to `path`,
    /// atomically.
    fn to_html(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let page = styring::styring_html::page(&self.report);
        py_result(
            py,
            styring::write_file(&path, page.as_bytes()).map_err(Failure::from),
        )
    }

    fn __len__(&self) -> usize {
        self.rows.len()
    }

    fn __repr__(&self) -> String {
        let counts: Vec<String> = self
            .counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{k}={n}"))
            .collect();
        format!(
            "Scorecard({:?}, {:?}, {}: {})",
            self.unit,
            self.period,
            crate::errors::count(self.rows.len(), "row", "rows"),
            counts.join(", ")
        )
    }
}

/// The scorecard for `unit` (a service unit, a sector, or `"all"` for the
/// municipality) and `period` — the same numbers as the published
/// workbook. `as_of` (a date) or `as_reported` (a locked period) shows the
/// data as it stood then.
#[pyfunction]
#[pyo3(signature = (model, store, unit, period, *, history = 6, as_of = None, as_reported = None))]
#[allow(clippy::too_many_arguments)]
pub fn scorecard(
    py: Python<'_>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    unit: &str,
    period: &str,
    history: usize,
    as_of: Option<String>,
    as_reported: Option<String>,
) -> PyResult<Scorecard> {
    let (m, s) = (&*model, &*store);
    let lang = current();
    py_result(
        py,
        py.detach(|| {
            guarded(|| {
                let p = self::period(period)?;
                let (data, engine) = prepared(m, s, as_of.as_deref(), as_reported.as_deref())?;
                let sc = scope(&engine, unit)?;
                let opts = CardOptions {
                    history,
                    today: Some(chrono::Utc::now().date_naive()),
                };
                let card = engine.scorecard(&data, &sc, p, &opts)?;
                Ok(Scorecard::from_core(&engine, &card, lang))
            })
        }),
    )
}

/// The overview matrix: every service unit and the municipality ×
/// every indicator, with values and statuses.
#[pyclass(frozen, module = "styring._styring", name = "Overview")]
pub struct Overview {
    /// The period, e.g. `2025-T2`.
    #[pyo3(get)]
    period: String,
    /// Unit ids (`all` for the municipality), one per matrix row.
    #[pyo3(get)]
    units: Vec<String>,
    /// Unit names, one per matrix row.
    #[pyo3(get)]
    unit_names: Vec<String>,
    /// Indicator codes, one per matrix column.
    #[pyo3(get)]
    indicators: Vec<String>,
    /// Status keys (`None` where the indicator does not apply).
    #[pyo3(get)]
    statuses: Vec<Vec<Option<String>>>,
    /// Values (`None` where missing or not applicable).
    #[pyo3(get)]
    values: Vec<Vec<Option<f64>>>,
    /// The overview as a Report.
    report: Report,
}

#[pymethods]
impl Overview {
    /// The matrix as a pandas DataFrame: units × indicators, of statuses
    /// (`what="status"`) or values (`what="value"`). Needs pandas.
    #[pyo3(signature = (what = "status"))]
    fn to_pandas<'py>(slf: &Bound<'py, Self>, what: &str) -> PyResult<Bound<'py, PyAny>> {
        frames::call(slf.py(), "overview_to_pandas", (slf, what))
    }

    /// As `to_pandas`, as a polars DataFrame with a `unit` column. Needs
    /// polars.
    #[pyo3(signature = (what = "status"))]
    fn to_polars<'py>(slf: &Bound<'py, Self>, what: &str) -> PyResult<Bound<'py, PyAny>> {
        frames::call(slf.py(), "overview_to_polars", (slf, what))
    }

    /// The status of one cell, or `None` where the indicator does not apply.
    fn status(&self, unit: &str, indicator: &str) -> Option<String> {
        let u = self.units.iter().position(|x| x == unit)?;
        let i = self.indicators.iter().position(|x| x == indicator)?;
        self.statuses[u][i].clone()
    }

    /// The overview's sections (one table: a row per unit, a column per
    /// indicator).
    #[getter]
    fn sections(&self) -> Vec<Section> {
        sections_of(&self.report)
    }

    /// The matrix as HTML, each cell coloured by its status.
    fn _repr_html_(&self) -> String {
        styring::styring_html::fragment(&self.report)
    }

    fn __repr__(&self) -> String {
        format!(
            "Overview({:?}, {} units × {} indicators)",
            self.period,
            self.units.len(),
            self.indicators.len()
        )
    }
}

/// The overview matrix for `period`: every unit × every indicator.
#[pyfunction]
pub fn overview(
    py: Python<'_>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    period: &str,
) -> PyResult<Overview> {
    let (m, s) = (&*model, &*store);
    py_result(
        py,
        py.detach(|| {
            guarded(|| {
                let p = self::period(period)?;
                let (data, engine) = prepared(m, s, None, None)?;
                let o = engine.overview(&data, p);
                Ok(overview_from_core(&engine, &o, current()))
            })
        }),
    )
}

fn overview_from_core(engine: &Engine, o: &CoreOverview, lang: Lang) -> Overview {
    Overview {
        report: overview_report(engine.model(), o, lang),
        period: o.period.to_string(),
        units: o.units.iter().map(|(s, _)| scope_key(s)).collect(),
        unit_names: o.units.iter().map(|(_, n)| n.clone()).collect(),
        indicators: o.indicators.iter().map(|(c, _, _)| c.to_string()).collect(),
        statuses: o
            .cells
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| c.as_ref().map(|c| c.status.key().to_string()))
                    .collect()
            })
            .collect(),
        values: o
            .cells
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| c.as_ref().and_then(|c| c.value))
                    .collect()
            })
            .collect(),
    }
}

/// Every (unit, indicator) status for `period` — service units, sectors
/// and the municipality (`level` says which) — as DataFrame-ready records:
/// `pandas.DataFrame(styring.evaluate(model, store, "2025-T2"))`.
#[pyfunction]
pub fn evaluate<'py>(
    py: Python<'py>,
    model: PyRef<'py, Model>,
    store: PyRef<'py, Store>,
    period: &str,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let (m, s) = (&*model, &*store);
    let lang = current();
    let cards = py_result(
        py,
        py.detach(|| {
            guarded(|| {
                let p = self::period(period)?;
                let (data, engine) = prepared(m, s, None, None)?;
                let opts = CardOptions {
                    today: Some(chrono::Utc::now().date_naive()),
                    ..CardOptions::default()
                };
                let mut out = Vec::new();
                for u in engine.model().units() {
                    let level = if engine.model().is_sector(u.id.as_str()) {
                        "sector"
                    } else {
                        "unit"
                    };
                    let card = engine.scorecard(&data, &Scope::Unit(u.id.clone()), p, &opts)?;
                    out.push((
                        u.id.to_string(),
                        u.name.clone(),
                        level,
                        Scorecard::from_core(&engine, &card, lang),
                    ));
                }
                let card = engine.scorecard(&data, &Scope::Municipality, p, &opts)?;
                out.push((
                    "all".into(),
                    card.scope_name.clone(),
                    "municipality",
                    Scorecard::from_core(&engine, &card, lang),
                ));
                Ok(out)
            })
        }),
    )?;
    let mut records = Vec::new();
    for (id, name, level, card) in cards {
        for r in &card.rows {
            let d = r.record(py)?;
            d.set_item("unit", &id)?;
            d.set_item("unit_name", &name)?;
            d.set_item("level", level)?;
            d.set_item("period", &card.period)?;
            records.push(d);
        }
    }
    Ok(records)
}

/// Writes the scorecard workbook for `period` (overview, roll-up, one
/// sheet per unit, legend) to `path`, atomically. Returns the sheet names.
#[pyfunction]
#[pyo3(signature = (model, store, path, period, *, language = None))]
pub fn export_xlsx(
    py: Python<'_>,
    model: PyRef<'_, Model>,
    store: PyRef<'_, Store>,
    path: PathBuf,
    period: &str,
    language: Option<String>,
) -> PyResult<Vec<String>> {
    let (m, s) = (&*model, &*store);
    let lang = match language.as_deref() {
        None => current(),
        Some("nb") => Lang::Nb,
        Some("en") => Lang::En,
        Some(other) => {
            return py_result(
                py,
                Err(Failure::other(
                    "ValidationError",
                    format!("language må være \"nb\" eller \"en\", ikke {other:?}"),
                    format!("language must be \"nb\" or \"en\", not {other:?}"),
                )),
            )
        }
    };
    py_result(
        py,
        py.detach(|| {
            guarded(|| {
                let p = self::period(period)?;
                let (data, engine) = prepared(m, s, None, None)?;
                let today = chrono::Utc::now().date_naive();
                let extra = styring::kostra::workbook_section(&m.inner, &s.lock(), p, lang)?
                    .into_iter()
                    .collect();
                let summary = engine.export_xlsx_with(&data, p, &path, lang, today, extra)?;
                Ok(summary.sheets)
            })
        }),
    )
}

/// Writes `unit`'s input workbook for `year` to `path`: one row per
/// indicator it reports, with targets, validation and protection; values
/// already in `store` are filled in. Returns the number of indicator rows.
#[pyfunction]
#[pyo3(signature = (model, unit, year, path, *, store = None))]
pub fn write_template(
    py: Python<'_>,
    model: PyRef<'_, Model>,
    unit: &str,
    year: i32,
    path: PathBuf,
    store: Option<PyRef<'_, Store>>,
) -> PyResult<usize> {
    let m = &*model;
    let s = store.as_deref();
    py_result(
        py,
        py.detach(|| {
            guarded(|| {
                let engine = m.engine()?;
                let data = match s {
                    Some(s) => Some(prepared(m, s, None, None)?.0),
                    None => None,
                };
                Ok(engine.template(data.as_ref(), unit, year, &path)?)
            })
        }),
    )
}
