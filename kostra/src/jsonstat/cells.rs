//! A dataset's cells: `value` (a list, or a sparse object keyed by cell
//! index) and `status` (one symbol, a list, or an object keyed by cell
//! index), each problem at its JSON path.

use super::root::Cells;
use super::{key, Reader};
use serde_json::Value;
use std::collections::BTreeMap;
use styring_core::problem::ProblemKind;

/// The cell a sparse object's key names (`"17"`), or the problem that
/// it names none.
fn cell_index(r: &mut Reader<'_>, here: &str, k: &str, cells: usize) -> Option<usize> {
    match k.parse::<usize>() {
        Ok(i) if i < cells => Some(i),
        _ => {
            r.add(
                ProblemKind::OutOfRange,
                here,
                format!(
                    "«{k}» er ingen celle; cellene er 0–{}",
                    cells.saturating_sub(1)
                ),
                format!(
                    "\"{k}\" is no cell; the cells are 0–{}",
                    cells.saturating_sub(1)
                ),
            );
            None
        }
    }
}

pub(super) fn values(
    r: &mut Reader<'_>,
    v: Option<&Cells>,
    cells: usize,
) -> Option<Vec<Option<f64>>> {
    // A cell's path is written only when it has a problem: a million
    // cells make no million strings.
    let number =
        |r: &mut Reader<'_>, path: &dyn Fn() -> String, x: &Value| -> Option<Option<f64>> {
            match x {
                Value::Null => Some(None),
                Value::Number(n) => match n.as_f64().filter(|f| f.is_finite()) {
                    Some(f) => Some(Some(f)),
                    None => {
                        r.wrong(&path(), "et endelig tall", "a finite number", x);
                        None
                    }
                },
                _ => {
                    r.wrong(&path(), "et tall eller null", "a number or null", x);
                    None
                }
            }
        };
    // The general reader's `value`: a list or an object as the fast
    // reader gives them.
    let owned;
    let v = match v {
        Some(Cells::Other(Value::Array(a))) => {
            owned = Cells::List(a.clone());
            Some(&owned)
        }
        Some(Cells::Other(Value::Object(m))) => {
            owned = Cells::Entries(m.iter().map(|(k, x)| (k.clone(), x.clone())).collect());
            Some(&owned)
        }
        other => other,
    };
    match v {
        None => {
            r.missing("$.value", "«value»");
            None
        }
        Some(Cells::List(a)) => {
            if a.len() != cells {
                r.add(
                    ProblemKind::Invalid,
                    "$.value",
                    format!("value har {} verdier, men size gir {cells} celler", a.len()),
                    format!("value has {} values, but size gives {cells} cells", a.len()),
                );
                return None;
            }
            let mut out = Vec::with_capacity(cells);
            let mut ok = true;
            for (i, x) in a.iter().enumerate() {
                match number(r, &|| format!("$.value[{i}]"), x) {
                    Some(v) => out.push(v),
                    None => ok = false,
                }
                if r.problems.len() > 100 {
                    break;
                }
            }
            ok.then_some(out)
        }
        Some(Cells::Entries(m)) => {
            let mut out = vec![None; cells];
            let mut ok = true;
            for (k, x) in m {
                let here = || key("$.value", k);
                match k.parse::<usize>().ok().filter(|&i| i < cells) {
                    Some(i) => match number(r, &here, x) {
                        Some(v) => out[i] = v,
                        None => ok = false,
                    },
                    None => {
                        cell_index(r, &here(), k, cells);
                        ok = false;
                    }
                }
                if r.problems.len() > 100 {
                    break;
                }
            }
            ok.then_some(out)
        }
        Some(Cells::Other(v)) => {
            r.wrong(
                "$.value",
                "en liste eller et objekt",
                "an array or an object",
                v,
            );
            None
        }
    }
}

pub(super) fn status(
    r: &mut Reader<'_>,
    v: Option<&Value>,
    cells: usize,
    values: Option<&[Option<f64>]>,
) -> BTreeMap<usize, String> {
    let mut out = BTreeMap::new();
    let mut put = |r: &mut Reader<'_>, i: usize, path: String, s: &Value| {
        let Some(s) = s.as_str() else {
            if !s.is_null() {
                r.wrong(&path, "et symbol (tekst)", "a symbol (text)", s);
            }
            return;
        };
        if let Some(Some(v)) = values.and_then(|vs| vs.get(i)) {
            r.add(
                ProblemKind::Invalid,
                &path,
                format!("celle {i} har både en verdi ({v}) og statusen «{s}»; en status hører til en celle uten verdi"),
                format!("cell {i} has both a value ({v}) and the status \"{s}\"; a status belongs to a cell without a value"),
            );
            return;
        }
        out.insert(i, s.to_string());
    };
    match v {
        None | Some(Value::Null) => {}
        // One symbol for every cell: it marks the missing ones.
        Some(Value::String(s)) => {
            for i in 0..cells {
                if values.and_then(|vs| vs.get(i)).is_some_and(Option::is_none) {
                    out.insert(i, s.clone());
                }
            }
        }
        Some(Value::Array(a)) if a.len() == 1 => {
            if let Some(s) = a[0].as_str() {
                for i in 0..cells {
                    if values.and_then(|vs| vs.get(i)).is_some_and(Option::is_none) {
                        out.insert(i, s.to_string());
                    }
                }
            }
        }
        Some(Value::Array(a)) => {
            if a.len() != cells {
                r.add(
                    ProblemKind::Invalid,
                    "$.status",
                    format!(
                        "status har {} oppføringer, men size gir {cells} celler",
                        a.len()
                    ),
                    format!(
                        "status has {} entries, but size gives {cells} cells",
                        a.len()
                    ),
                );
                return out;
            }
            for (i, s) in a.iter().enumerate() {
                put(r, i, format!("$.status[{i}]"), s);
                if r.problems.len() > 100 {
                    break;
                }
            }
        }
        Some(Value::Object(m)) => {
            for (k, s) in m {
                let here = key("$.status", k);
                if let Some(i) = cell_index(r, &here, k, cells) {
                    put(r, i, here, s);
                }
                if r.problems.len() > 100 {
                    break;
                }
            }
        }
        Some(v) => r.wrong(
            "$.status",
            "tekst, en liste eller et objekt",
            "text, an array or an object",
            v,
        ),
    }
    out
}
