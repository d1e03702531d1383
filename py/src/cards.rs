//! Scorecards, the overview, evaluation of every cell, and workbooks:
//! the same engine as `styring scorecard` and `styring export`.

use crate::errors::{guarded, py_result, Failure, Res};
use crate::frames;
use crate::lang::current;
use crate::model::Model;
use crate::store::{period, Store};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;
use std::sync::Arc;
use styring_core::observation::Dataset;
use styring_core::period::Period;
use styring_core::scorecard::{
    Options, Overview as CoreOverview, Row as CoreRow, Scorecard as CoreCard,
};
use styring_core::status::Status;
use styring_core::target::TargetValue;
use styring_core::unit::Scope;
use styring_core::Lang;
use styring_scripts::ScriptRules;

/// The store's data for `model` (as of a date, or as reported at a
/// period's lock, when asked), with the computed indicators filled in.
fn prepared(
    model: &Model,
    store: &Store,
    as_of: Option<&str>,
    as_reported: Option<&str>,
) -> Res<(Dataset, Arc<ScriptRules>)> {
    let rules = model.rules()?;
    let s = store.lock();
    let mut data = match (as_of, as_reported) {
        (Some(d), _) => {
            let day = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                Failure::other(
                    "ValidationError",
                    format!("as_of: «{d}» er ikke en dato (skriv f.eks. 2025-09-15)"),
                    format!("as_of: \"{d}\" is not a date (write e.g. 2025-09-15)"),
                )
            })?;
            let at = day
                .and_hms_opt(23, 59, 59)
                .map(|t| chrono::TimeZone::from_utc_datetime(&chrono::Utc, &t))
                .ok_or_else(|| Failure::other("ValidationError", "ugyldig dato", "invalid date"))?;
            s.dataset_as_of(&model.inner, at)?
        }
        (None, Some(p)) => s.dataset_as_reported(&model.inner, period(p)?)?,
        (None, None) => s.dataset(&model.inner)?,
    };
    rules.compute(&model.inner, &mut data);
    Ok((data, rules))
}

fn scope(model: &Model, unit: &str) -> Res<Scope> {
    let s = if unit == "all" || unit == model.inner.municipality_id().as_str() {
        Scope::Municipality
    } else {
        model.find_unit(unit)?;
        Scope::parse(unit)
            .map_err(|e| Failure::other("ValidationError", e.to_string(), e.to_string()))?
    };
    model.inner.check_scope(&s)?;
    Ok(s)
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
    /// `green`, `yellow`, `red`, `no_data` or `error`.
    #[pyo3(get)]
    status: String,
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
            status: r.status.key().to_string(),
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
            "Row({:?}, {:?}, value={}, status={:?})",
            self.indicator,
            self.name,
            crate::errors::py_float(self.value),
            self.status
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
    /// (perspective id, name, overall status) in order.
    sections: Vec<(String, String, String)>,
    /// (focus area id, name) in order.
    focus: Vec<(String, String)>,
    period_label: String,
}

impl Scorecard {
    fn from_core(card: &CoreCard, unit: &str, lang: Lang) -> Scorecard {
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
            unit: unit.to_string(),
            unit_name: card.scope_name.clone(),
            period: card.period.to_string(),
            rows,
            counts,
            sections: card
                .perspectives
                .iter()
                .map(|p| (p.id.to_string(), p.name.clone(), p.status.key().to_string()))
                .collect(),
            focus: card
                .perspectives
                .iter()
                .flat_map(|p| {
                    p.focus_areas
                        .iter()
                        .map(|f| (f.id.to_string(), f.name.clone()))
                })
                .collect(),
            period_label: match lang {
                Lang::Nb => card.period.label_nb(),
                Lang::En => card.period.to_string(),
            },
        }
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn light(status: &str) -> (&'static str, &'static str, &'static str) {
    // (fill, text, symbol) — the workbook's colours.
    match status {
        "green" => ("#C6EFCE", "#006100", "●"),
        "yellow" => ("#FFEB9C", "#7F6000", "▲"),
        "red" => ("#FFC7CE", "#9C0006", "■"),
        "error" => ("#E4DFEC", "#5B2C6F", "✖"),
        _ => ("#EDEDED", "#404040", "○"),
    }
}

fn status_word(status: &str, lang: Lang) -> &'static str {
    let s = match status {
        "green" => Status::Green,
        "yellow" => Status::Yellow,
        "red" => Status::Red,
        "error" => Status::Error,
        _ => Status::NoData,
    };
    s.word(lang)
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

    /// The scorecard as HTML, laid out as the styringskort: grouped by
    /// perspective and focus area, with coloured lights and trend arrows.
    fn _repr_html_(&self) -> String {
        let lang = current();
        let mut h = String::new();
        h.push_str("<div class=\"styring-scorecard\" style=\"font-family:sans-serif\">");
        h.push_str(&format!(
            "<h3 style=\"margin:0\">{} — {}</h3><div style=\"margin:2px 0 6px 0\">",
            esc(&self.unit_name),
            esc(&self.period_label)
        ));
        for (k, n) in &self.counts {
            if *n > 0 || k != "error" {
                let (fill, text, sym) = light(k);
                h.push_str(&format!(
                    "<span style=\"background:{fill};color:{text};padding:1px 6px;margin-right:4px;border-radius:3px\">{sym} {n} {}</span>",
                    status_word(k, lang)
                ));
            }
        }
        h.push_str("</div><table style=\"border-collapse:collapse;font-size:90%\"><thead><tr>");
        let heads: [&str; 8] = match lang {
            Lang::Nb => [
                "Kode",
                "Indikator",
                "Verdi",
                "Mål",
                "Status",
                "Trend",
                "Begrunnelse",
                "Kommentar",
            ],
            Lang::En => [
                "Code",
                "Indicator",
                "Value",
                "Target",
                "Status",
                "Trend",
                "Reason",
                "Comment",
            ],
        };
        for t in heads {
            h.push_str(&format!(
                "<th style=\"background:#1F3864;color:white;padding:3px 6px;text-align:left\">{t}</th>"
            ));
        }
        h.push_str("</tr></thead><tbody>");
        for (pid, pname, pstatus) in &self.sections {
            let (fill, text, sym) = light(pstatus);
            h.push_str(&format!(
                "<tr><td colspan=\"8\" style=\"background:#D9E1F2;font-weight:bold;padding:3px 6px\">{} <span style=\"color:{text};background:{fill};padding:0 4px\">{sym}</span></td></tr>",
                esc(pname)
            ));
            for (fid, fname) in &self.focus {
                let rows: Vec<&Row> = self
                    .rows
                    .iter()
                    .filter(|r| &r.perspective == pid && &r.focus_area == fid)
                    .collect();
                if rows.is_empty() {
                    continue;
                }
                h.push_str(&format!(
                    "<tr><td colspan=\"8\" style=\"font-style:italic;padding:2px 6px\">{} {}</td></tr>",
                    esc(fid),
                    esc(fname)
                ));
                for r in rows {
                    let (fill, text, sym) = light(&r.status);
                    let arrow_color = match r.trend.as_str() {
                        "improving" => "#006100",
                        "worsening" => "#9C0006",
                        _ => "#404040",
                    };
                    h.push_str(&format!(
                        "<tr style=\"border-bottom:1px solid #ddd\"><td style=\"padding:2px 6px\">{}</td><td style=\"padding:2px 6px\">{}</td><td style=\"padding:2px 6px;text-align:right;background:{fill};color:{text};font-weight:bold\">{}</td><td style=\"padding:2px 6px;text-align:right\">{}</td><td style=\"padding:2px 6px;background:{fill};color:{text}\">{sym} {}</td><td style=\"padding:2px 6px;color:{arrow_color}\">{} {}</td><td style=\"padding:2px 6px;color:#555\">{}</td><td style=\"padding:2px 6px\">{}</td></tr>",
                        esc(&r.indicator),
                        esc(&r.name),
                        esc(&r.value_text),
                        esc(&r.target_text),
                        status_word(&r.status, lang),
                        esc(&r.trend_arrow),
                        esc(&r.trend_word),
                        esc(&r.reason),
                        esc(r.comment.as_deref().unwrap_or("")),
                    ));
                }
            }
        }
        h.push_str("</tbody></table></div>");
        h
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
            "Scorecard({:?}, {:?}, {} rows: {})",
            self.unit,
            self.period,
            self.rows.len(),
            counts.join(", ")
        )
    }
}

/// The scorecard for `unit` (a service unit, a sector, or `"all"` for the
/// municipality) and `period` — the same numbers as the published
/// workbook. `as_of` (a date) or `as_reported` (a locked period) shows the
/// data as it stood then.
#[pyfunction]
#[pyo3(signature = (model, store, unit, period, *, history = 5, as_of = None, as_reported = None))]
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
                let sc = scope(m, unit)?;
                let (data, rules) = prepared(m, s, as_of.as_deref(), as_reported.as_deref())?;
                let opts = Options {
                    history: history.clamp(1, 60),
                    today: Some(chrono::Utc::now().date_naive()),
                    custom: Some(&*rules),
                    ..Options::default()
                };
                let card = CoreCard::build(&m.inner, &data, &sc, p, &opts)?;
                Ok(Scorecard::from_core(&card, unit, lang))
            })
        }),
    )
}

/// The overview matrix: every unit (sectors and the municipality too) ×
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

    /// The matrix as HTML, each cell coloured by its status.
    fn _repr_html_(&self) -> String {
        let mut h = String::from(
            "<table style=\"border-collapse:collapse;font-size:85%;font-family:sans-serif\"><tr><th></th>",
        );
        for i in &self.indicators {
            h.push_str(&format!("<th style=\"padding:2px 4px\">{}</th>", esc(i)));
        }
        h.push_str("</tr>");
        for (u, name) in self.unit_names.iter().enumerate() {
            h.push_str(&format!(
                "<tr><th style=\"text-align:left;padding:2px 4px\">{}</th>",
                esc(name)
            ));
            for s in &self.statuses[u] {
                match s {
                    Some(s) => {
                        let (fill, text, sym) = light(s);
                        h.push_str(&format!(
                            "<td style=\"background:{fill};color:{text};text-align:center\">{sym}</td>"
                        ));
                    }
                    None => h.push_str("<td></td>"),
                }
            }
            h.push_str("</tr>");
        }
        h.push_str("</table>");
        h
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
                let (data, rules) = prepared(m, s, None, None)?;
                let opts = Options {
                    custom: Some(&*rules),
                    ..Options::default()
                };
                let o = CoreOverview::build(&m.inner, &data, p, &opts);
                Ok(overview_from_core(&o))
            })
        }),
    )
}

fn overview_from_core(o: &CoreOverview) -> Overview {
    Overview {
        period: o.period.to_string(),
        units: o
            .units
            .iter()
            .map(|(s, _)| match s {
                Scope::Municipality => "all".to_string(),
                Scope::Unit(u) => u.to_string(),
            })
            .collect(),
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
                let p: Period = self::period(period)?;
                let (data, rules) = prepared(m, s, None, None)?;
                let opts = Options {
                    custom: Some(&*rules),
                    today: Some(chrono::Utc::now().date_naive()),
                    ..Options::default()
                };
                let mut out = Vec::new();
                for u in m.inner.units() {
                    let level = if m.inner.is_sector(u.id.as_str()) {
                        "sector"
                    } else {
                        "unit"
                    };
                    let card =
                        CoreCard::build(&m.inner, &data, &Scope::Unit(u.id.clone()), p, &opts)?;
                    out.push((
                        u.id.to_string(),
                        u.name.clone(),
                        level,
                        Scorecard::from_core(&card, u.id.as_str(), lang),
                    ));
                }
                let card = CoreCard::build(&m.inner, &data, &Scope::Municipality, p, &opts)?;
                out.push((
                    "all".into(),
                    card.scope_name.clone(),
                    "municipality",
                    Scorecard::from_core(&card, "all", lang),
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
                let (data, rules) = prepared(m, s, None, None)?;
                let today = chrono::Utc::now().date_naive();
                let opts = styring_xlsx::ExportOptions {
                    lang,
                    today,
                    scorecard: Options {
                        today: Some(today),
                        custom: Some(&*rules),
                        ..Options::default()
                    },
                };
                let summary =
                    styring_xlsx::write_scorecard_workbook(&m.inner, &data, p, &path, &opts)?;
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
                if !(1900..=2200).contains(&year) {
                    return Err(Failure::other(
                        "ValidationError",
                        format!("året {year} er utenfor 1900–2200"),
                        format!("year {year} is outside 1900–2200"),
                    ));
                }
                m.find_unit(unit)?;
                let data = match s {
                    Some(s) => Some(prepared(m, s, None, None)?.0),
                    None => None,
                };
                Ok(styring_xlsx::write_template(
                    &m.inner,
                    data.as_ref(),
                    unit,
                    year,
                    &path,
                )?)
            })
        }),
    )
}
