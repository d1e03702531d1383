//! A report's sections as Python objects: each a title, a status and a
//! table (a DataFrame away) or a paragraph.

use crate::frames;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use styring::report::{Body, Cell, Report};

/// A cell as Python sees it: (text, number, status key).
type CellParts = (String, Option<f64>, Option<String>);

/// One section of a report: a heading and a table or a paragraph.
#[pyclass(frozen, module = "styring._styring", name = "Section")]
#[derive(Clone)]
pub struct Section {
    /// The heading, e.g. `Medarbeidere`.
    #[pyo3(get)]
    title: String,
    /// The section's combined status (`green` …), if it has one.
    #[pyo3(get)]
    status: Option<String>,
    /// `table` or `paragraph`.
    #[pyo3(get)]
    kind: String,
    /// The paragraph's text (`None` for a table).
    #[pyo3(get)]
    text: Option<String>,
    /// The table's column keys (empty for a paragraph).
    #[pyo3(get)]
    columns: Vec<String>,
    /// The table's column headings in the report's language.
    #[pyo3(get)]
    headings: Vec<String>,
    /// Rows: (group heading or None, cells as (text, number, status)).
    rows: Vec<(Option<String>, Vec<CellParts>)>,
}

/// The sections of `report`.
pub(crate) fn sections_of(report: &Report) -> Vec<Section> {
    let lang = report.lang;
    report
        .sections
        .iter()
        .map(|s| {
            let (kind, text, columns, headings, rows) = match &s.body {
                Body::Paragraph(p) => ("paragraph", Some(p.clone()), vec![], vec![], vec![]),
                Body::Table(t) => (
                    "table",
                    None,
                    t.columns.iter().map(|c| c.key.clone()).collect(),
                    t.columns.iter().map(|c| c.title.clone()).collect(),
                    t.rows
                        .iter()
                        .map(|r| {
                            if r.group {
                                (r.cells.first().map(|c| c.text(lang)), vec![])
                            } else {
                                (
                                    None,
                                    r.cells
                                        .iter()
                                        .map(|c: &Cell| {
                                            (
                                                c.text(lang),
                                                c.number(),
                                                c.status()
                                                    .filter(|s| *s != styring::Status::Unjudged)
                                                    .map(|s| s.key().to_string()),
                                            )
                                        })
                                        .collect(),
                                )
                            }
                        })
                        .collect(),
                ),
            };
            Section {
                title: s.title.clone(),
                status: s.status.map(|st| st.key().to_string()),
                kind: kind.to_string(),
                text,
                columns,
                headings,
                rows,
            }
        })
        .collect()
}

#[pymethods]
impl Section {
    /// The table's data rows as dicts keyed by column: a number where the
    /// cell holds one (values, money, percent), the status key for a
    /// status, else the cell's text. Each row also has `group`, the focus
    /// area (or other heading) it stands under.
    fn records<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        let mut out = Vec::new();
        let mut group: Option<String> = None;
        for (g, cells) in &self.rows {
            if let Some(g) = g {
                group = Some(g.clone());
                continue;
            }
            let d = PyDict::new(py);
            for (key, (text, number, status)) in self.columns.iter().zip(cells) {
                match (number, status) {
                    (Some(n), _) => d.set_item(key, *n)?,
                    (None, Some(s)) => d.set_item(key, s)?,
                    (None, None) if text.is_empty() || text == "–" => {
                        d.set_item(key, py.None())?
                    }
                    (None, None) => d.set_item(key, text)?,
                }
            }
            d.set_item("group", &group)?;
            out.push(d);
        }
        Ok(out)
    }

    /// The cells as the report shows them (`5,3 %`, `▲ gul`), one list per
    /// data row.
    fn texts(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .filter(|(g, _)| g.is_none())
            .map(|(_, cells)| cells.iter().map(|c| c.0.clone()).collect())
            .collect()
    }

    /// The table as a pandas DataFrame (one row per data row). Needs pandas.
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let records = slf.borrow().records(slf.py())?;
        frames::call(slf.py(), "records_to_pandas", (records,))
    }

    /// The table as a polars DataFrame. Needs polars.
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let records = slf.borrow().records(slf.py())?;
        frames::call(slf.py(), "records_to_polars", (records,))
    }

    fn __len__(&self) -> usize {
        self.rows.iter().filter(|(g, _)| g.is_none()).count()
    }

    fn __repr__(&self) -> String {
        match self.kind.as_str() {
            "table" => format!(
                "Section({:?}, table of {})",
                self.title,
                crate::errors::count(self.__len__(), "row", "rows")
            ),
            _ => format!("Section({:?}, paragraph)", self.title),
        }
    }
}
