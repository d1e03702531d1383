//! Columns for DataFrames (as buffers and categories, so a million values
//! cross into Python in a few milliseconds) and rows from DataFrames.

use crate::errors::{Failure, Res};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use std::collections::HashMap;
use styring_core::observation::ObservationInput;
use styring_core::period::Period;
use styring_core::problem::{Location, Problem as CoreProblem, Problems};
use styring_core::store::Store;

/// Strings stored once each, with a code per row (-1 for none).
#[derive(Default)]
pub(crate) struct Interned {
    codes: Vec<i32>,
    cats: Vec<String>,
    index: HashMap<String, i32>,
}

impl Interned {
    fn code(&mut self, s: Option<&str>) -> i32 {
        let Some(s) = s else { return -1 };
        if let Some(&c) = self.index.get(s) {
            return c;
        }
        let c = self.cats.len() as i32;
        self.cats.push(s.to_string());
        self.index.insert(s.to_string(), c);
        c
    }

    fn push(&mut self, s: Option<&str>) {
        let c = self.code(s);
        self.codes.push(c);
    }

    fn replace_last(&mut self, s: Option<&str>) {
        let c = self.code(s);
        self.replace_last_code(c);
    }

    fn replace_last_code(&mut self, c: i32) {
        if let Some(last) = self.codes.last_mut() {
            *last = c;
        }
    }

    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let bytes: Vec<u8> = self.codes.iter().flat_map(|c| c.to_le_bytes()).collect();
        Ok((PyBytes::new(py, &bytes), PyList::new(py, &self.cats)?)
            .into_pyobject(py)?
            .into_any())
    }
}

/// A batch's recorded_at, source and file.
type BatchText = (Option<String>, Option<String>, Option<String>);

/// The store's values in force, column by column.
pub(crate) struct Columns {
    indicator: (Vec<i32>, Vec<String>),
    unit: (Vec<i32>, Vec<String>),
    period: (Vec<i32>, Vec<String>, Vec<String>),
    value: Vec<f64>,
    batch: Vec<i64>,
    comment: Interned,
    sheet: Interned,
    cell: Interned,
    recorded_at: Interned,
    source: Interned,
    file: Interned,
}

fn sql(e: rusqlite::Error) -> Failure {
    Failure::other("StyringError", e.to_string(), e.to_string())
}

/// Reads the values in force (the latest version of each key).
pub(crate) fn current_columns(store: &Store) -> Res<Columns> {
    let conn = store.connection();
    let names = |sql_text: &str| -> Res<Vec<(i64, String)>> {
        let mut st = conn.prepare(sql_text).map_err(sql)?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .map_err(sql)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(sql)
    };
    let inds = names("SELECT id, code FROM indicators ORDER BY id")?;
    let units = names("SELECT id, code FROM units ORDER BY id")?;
    let ind_pos: HashMap<i64, i32> = inds
        .iter()
        .enumerate()
        .map(|(k, (id, _))| (*id, k as i32))
        .collect();
    let unit_pos: HashMap<i64, i32> = units
        .iter()
        .enumerate()
        .map(|(k, (id, _))| (*id, k as i32))
        .collect();
    let mut batches: HashMap<i64, BatchText> = HashMap::new();
    {
        let mut st = conn
            .prepare("SELECT id, recorded_at, source, file FROM batches")
            .map_err(sql)?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    (
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ),
                ))
            })
            .map_err(sql)?;
        for row in rows {
            let (id, b) = row.map_err(sql)?;
            batches.insert(id, b);
        }
    }
    let mut c = Columns {
        indicator: (Vec::new(), inds.into_iter().map(|(_, s)| s).collect()),
        unit: (Vec::new(), units.into_iter().map(|(_, s)| s).collect()),
        period: (Vec::new(), Vec::new(), Vec::new()),
        value: Vec::new(),
        batch: Vec::new(),
        comment: Interned::default(),
        sheet: Interned::default(),
        cell: Interned::default(),
        recorded_at: Interned::default(),
        source: Interned::default(),
        file: Interned::default(),
    };
    let mut period_keys: Vec<i64> = Vec::new();
    // Period keys are year × 100 + a small index, so a table beats hashing.
    let mut period_index: Vec<i32> = Vec::new();
    let mut st = conn
        .prepare(
            "SELECT indicator, unit, period, batch, value, comment, sheet, cell
             FROM observations ORDER BY indicator, unit, period, batch",
        )
        .map_err(sql)?;
    let mut rows = st.query([]).map_err(sql)?;
    let mut last: Option<(i64, i64, i64)> = None;
    // Batch ids count from 1, so a table beats hashing here too.
    let mut batch_codes: Vec<Option<(i32, i32, i32)>> = Vec::new();
    while let Some(r) = rows.next().map_err(sql)? {
        let key: (i64, i64, i64) = (
            r.get(0).map_err(sql)?,
            r.get(1).map_err(sql)?,
            r.get(2).map_err(sql)?,
        );
        let batch: i64 = r.get(3).map_err(sql)?;
        let value: Option<f64> = r.get(4).map_err(sql)?;
        let text = |i: usize| -> Res<Option<&str>> {
            match r.get_ref(i).map_err(sql)? {
                rusqlite::types::ValueRef::Text(t) => Ok(std::str::from_utf8(t).ok()),
                _ => Ok(None),
            }
        };
        let (comment, sheet, cell) = (text(5)?, text(6)?, text(7)?);
        // A batch's texts are looked up once, then reused by code.
        let slot = usize::try_from(batch).unwrap_or(0);
        if batch_codes.len() <= slot {
            batch_codes.resize(slot + 1, None);
        }
        let b = match batch_codes[slot] {
            Some(b) => b,
            None => {
                let (r, s, f) = batches.get(&batch).cloned().unwrap_or((None, None, None));
                let b = (
                    c.recorded_at.code(r.as_deref()),
                    c.source.code(s.as_deref()),
                    c.file.code(f.as_deref()),
                );
                batch_codes[slot] = Some(b);
                b
            }
        };
        let pslot = usize::try_from(key.2 - 190_000)
            .unwrap_or(usize::MAX)
            .min(40_000);
        if period_index.len() <= pslot {
            period_index.resize(pslot + 1, -1);
        }
        let p = if pslot < 40_000 && period_index[pslot] >= 0 {
            period_index[pslot]
        } else {
            period_keys.push(key.2);
            let code = (period_keys.len() - 1) as i32;
            if pslot < 40_000 {
                period_index[pslot] = code;
            }
            code
        };
        if last == Some(key) {
            // A later version of the same key replaces the one just read.
            let n = c.value.len() - 1;
            c.value[n] = value.unwrap_or(f64::NAN);
            c.batch[n] = batch;
            c.comment.replace_last(comment);
            c.sheet.replace_last(sheet);
            c.cell.replace_last(cell);
            c.recorded_at.replace_last_code(b.0);
            c.source.replace_last_code(b.1);
            c.file.replace_last_code(b.2);
            continue;
        }
        last = Some(key);
        c.indicator
            .0
            .push(ind_pos.get(&key.0).copied().unwrap_or(-1));
        c.unit.0.push(unit_pos.get(&key.1).copied().unwrap_or(-1));
        c.period.0.push(p);
        c.value.push(value.unwrap_or(f64::NAN));
        c.batch.push(batch);
        c.comment.push(comment);
        c.sheet.push(sheet);
        c.cell.push(cell);
        c.recorded_at.codes.push(b.0);
        c.source.codes.push(b.1);
        c.file.codes.push(b.2);
    }
    // Periods as ordered categories, in time order.
    let mut order: Vec<usize> = (0..period_keys.len()).collect();
    order.sort_by_key(|&k| period_keys[k]);
    let mut remap = vec![0i32; order.len()];
    for (new, &old) in order.iter().enumerate() {
        remap[old] = new as i32;
        let p = Period::from_key(period_keys[old]);
        c.period
            .1
            .push(p.map(|p| p.to_string()).unwrap_or_default());
        c.period
            .2
            .push(p.map(|p| p.start().to_string()).unwrap_or_default());
    }
    for code in &mut c.period.0 {
        *code = remap[*code as usize];
    }
    Ok(c)
}

fn le_i32(v: &[i32]) -> Vec<u8> {
    v.iter().flat_map(|c| c.to_le_bytes()).collect()
}

impl Columns {
    /// The columns as a dict of `(codes, categories)` pairs and buffers.
    pub(crate) fn into_dict(self, py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("n", self.value.len())?;
        let cat = |codes: &[i32], cats: &[String]| -> PyResult<Bound<'_, PyAny>> {
            Ok((PyBytes::new(py, &le_i32(codes)), PyList::new(py, cats)?)
                .into_pyobject(py)?
                .into_any())
        };
        d.set_item("indicator", cat(&self.indicator.0, &self.indicator.1)?)?;
        d.set_item("unit", cat(&self.unit.0, &self.unit.1)?)?;
        d.set_item("period", cat(&self.period.0, &self.period.1)?)?;
        d.set_item("period_start", PyList::new(py, &self.period.2)?)?;
        let values: Vec<u8> = self.value.iter().flat_map(|v| v.to_le_bytes()).collect();
        d.set_item("value", PyBytes::new(py, &values))?;
        let batches: Vec<u8> = self.batch.iter().flat_map(|v| v.to_le_bytes()).collect();
        d.set_item("batch", PyBytes::new(py, &batches))?;
        d.set_item("comment", self.comment.to_py(py)?)?;
        d.set_item("recorded_at", self.recorded_at.to_py(py)?)?;
        d.set_item("source", self.source.to_py(py)?)?;
        d.set_item("file", self.file.to_py(py)?)?;
        d.set_item("sheet", self.sheet.to_py(py)?)?;
        d.set_item("cell", self.cell.to_py(py)?)?;
        Ok(d)
    }
}

/// Calls `styring._frames.<name>(*args)`.
pub(crate) fn call<'py>(
    py: Python<'py>,
    name: &str,
    args: impl pyo3::call::PyCallArgs<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    py.import("styring._frames")?.getattr(name)?.call1(args)
}

/// The rows of a pandas or polars DataFrame (or a dict of columns) as
/// observation inputs; every cell of the wrong type is a problem with its
/// row, all reported together.
pub(crate) fn frame_inputs(
    py: Python<'_>,
    frame: &Bound<'_, PyAny>,
) -> PyResult<Vec<ObservationInput>> {
    let cols = call(py, "frame_columns", (frame,))?;
    let cols = cols.cast::<PyDict>()?;
    let mut problems = Problems::default();
    let column = |name: &str| -> PyResult<Option<Vec<Bound<'_, PyAny>>>> {
        match cols.get_item(name)? {
            Some(c) if !c.is_none() => Ok(Some(c.try_iter()?.collect::<PyResult<Vec<_>>>()?)),
            _ => Ok(None),
        }
    };
    let mut missing = Vec::new();
    let mut get = |name: &'static str| -> PyResult<Vec<Bound<'_, PyAny>>> {
        Ok(column(name)?.unwrap_or_else(|| {
            missing.push(name);
            Vec::new()
        }))
    };
    let (ind, unit, period, value) = (
        get("indicator")?,
        get("unit")?,
        get("period")?,
        get("value")?,
    );
    let comment = column("comment")?;
    if !missing.is_empty() {
        let list = missing.join(", ");
        return Err(Failure::other(
            "ValidationError",
            format!("tabellen mangler kolonnen/kolonnene {list} (den trenger indicator, unit, period, value og gjerne comment)"),
            format!("the frame lacks the column(s) {list} (it needs indicator, unit, period, value and optionally comment)"),
        )
        .into_py(py));
    }
    let mut out = Vec::with_capacity(ind.len());
    for i in 0..ind.len() {
        let loc = || Location::entry(format!("iloc[{i}]"));
        let mut bad = |col: &str, what_nb: &str, what_en: &str, v: &Bound<'_, PyAny>| {
            let shown = v.repr().map(|r| r.to_string()).unwrap_or_default();
            problems.push(CoreProblem::new(
                loc(),
                format!("{col}: {shown} er ikke {what_nb}"),
                format!("{col}: {shown} is not {what_en}"),
            ));
        };
        let text = |v: &Bound<'_, PyAny>| -> Option<String> {
            v.cast::<PyString>().ok().map(|s| s.to_string())
        };
        let indicator = text(&ind[i]);
        if indicator.is_none() {
            bad(
                "indicator",
                "en indikatorkode (tekst)",
                "an indicator code (text)",
                &ind[i],
            );
        }
        let u = text(&unit[i]);
        if u.is_none() {
            bad("unit", "en enhet (tekst)", "a unit (text)", &unit[i]);
        }
        let p = text(&period[i]).or_else(|| {
            // A year as a whole number is a period too.
            period[i]
                .extract::<i64>()
                .ok()
                .filter(|_| !period[i].is_instance_of::<pyo3::types::PyBool>())
                .map(|y| y.to_string())
        });
        if p.is_none() {
            bad(
                "period",
                "en periode (tekst som 2025-03)",
                "a period (text such as 2025-03)",
                &period[i],
            );
        }
        let v = &value[i];
        let number = if v.is_instance_of::<pyo3::types::PyBool>() {
            None
        } else {
            v.extract::<f64>().ok()
        };
        if number.is_none() {
            bad("value", "et tall", "a number", v);
        }
        let c = match &comment {
            Some(c) => match &c[i] {
                x if x.is_none() => None,
                x => match text(x) {
                    Some(s) => Some(s),
                    None => {
                        // pandas writes a missing text as NaN.
                        if x.extract::<f64>().is_ok_and(f64::is_nan) {
                            None
                        } else {
                            bad("comment", "tekst", "text", x);
                            None
                        }
                    }
                },
            },
            None => None,
        };
        if let (Some(ind), Some(u), Some(p), Some(n)) = (indicator, u, p, number) {
            let mut input = ObservationInput::new(&ind, &u, &p, Some(n));
            input.comment = c;
            input.location = loc();
            out.push(input);
        }
    }
    if !problems.is_empty() {
        return Err(Failure::Core(styring_core::Error::Observations(problems)).into_py(py));
    }
    Ok(out)
}
