//! Columns for DataFrames (as buffers and categories, so a million values
//! cross into Python in a few milliseconds) and rows from DataFrames.

use crate::errors::Failure;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use styring::styring_core::observation::ObservationInput;
use styring::styring_core::problem::{Location, Problem as CoreProblem, Problems};
use styring::styring_core::store::CurrentColumns;

fn le_i32(v: &[i32]) -> Vec<u8> {
    v.iter().flat_map(|c| c.to_le_bytes()).collect()
}

/// The store's values in force as a dict of `(codes, texts)` pairs and
/// little-endian buffers, for `styring._frames`.
pub(crate) fn columns_dict(py: Python<'_>, c: CurrentColumns) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("n", c.len())?;
    let cat = |codes: &[i32], texts: &[String]| -> PyResult<Bound<'_, PyAny>> {
        Ok((PyBytes::new(py, &le_i32(codes)), PyList::new(py, texts)?)
            .into_pyobject(py)?
            .into_any())
    };
    d.set_item("indicator", cat(&c.indicator, &c.indicators)?)?;
    d.set_item("unit", cat(&c.unit, &c.units)?)?;
    let periods: Vec<String> = c.periods.iter().map(|p| p.to_string()).collect();
    let starts: Vec<String> = c.periods.iter().map(|p| p.start().to_string()).collect();
    d.set_item("period", cat(&c.period, &periods)?)?;
    d.set_item("period_start", PyList::new(py, &starts)?)?;
    let values: Vec<u8> = c.value.iter().flat_map(|v| v.to_le_bytes()).collect();
    d.set_item("value", PyBytes::new(py, &values))?;
    let batches: Vec<u8> = c.batch.iter().flat_map(|v| v.to_le_bytes()).collect();
    d.set_item("batch", PyBytes::new(py, &batches))?;
    for (name, col) in [
        ("comment", &c.comment),
        ("recorded_at", &c.recorded_at),
        ("source", &c.source),
        ("file", &c.file),
        ("sheet", &c.sheet),
        ("cell", &c.cell),
    ] {
        d.set_item(name, cat(&col.codes, &col.texts)?)?;
    }
    Ok(d)
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
        return Err(
            Failure::Core(styring::styring_core::Error::Observations(problems)).into_py(py),
        );
    }
    Ok(out)
}
