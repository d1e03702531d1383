//! Turning cells into values, with the message a unit leader sees when a
//! cell is not a number.

use super::cells::CellValue;
use super::number::parse_number;

/// The number in a value cell, or why there is none (Norwegian, English).
pub(crate) fn value_of(cell: &CellValue, code: &str) -> Result<f64, (String, String)> {
    match cell {
        CellValue::Number(n) if n.is_finite() => Ok(*n),
        CellValue::Number(n) => Err((format!("{n} er ikke et endelig tall"), format!("{n} is not a finite number"))),
        CellValue::Text(t) => parse_number(t).ok_or_else(|| {
            (
                format!("«{}» er ikke et tall for indikator «{code}»", t.trim()),
                format!("\"{}\" is not a number for indicator \"{code}\"", t.trim()),
            )
        }),
        CellValue::Error(e) => Err((
            format!("cellen har feilverdien {e}; rett formelen eller skriv inn tallet"),
            format!("the cell holds the error {e}; fix the formula or type the number"),
        )),
        CellValue::NoCachedValue(f) => Err((
            format!("formelen ={f} har ingen lagret verdi; åpne filen i Excel, lagre den og send den på nytt"),
            format!("the formula ={f} has no saved value; open the file in Excel, save it and send it again"),
        )),
        CellValue::Bool(b) => Err((
            format!("«{}» er ikke et tall for indikator «{code}»", if *b { "SANN" } else { "USANN" }),
            format!("\"{b}\" is not a number for indicator \"{code}\""),
        )),
        CellValue::Date(_) => Err((
            format!("cellen er en dato, ikke et tall for indikator «{code}»"),
            format!("the cell is a date, not a number for indicator \"{code}\""),
        )),
    }
}

/// The text of a cell (numbers as they print).
pub(crate) fn text_of(cell: &CellValue) -> Option<String> {
    match cell {
        CellValue::Text(t) => Some(t.trim().to_string()),
        CellValue::Number(n) => Some(if n.fract() == 0.0 && n.abs() < 1e15 {
            format!("{}", *n as i64)
        } else {
            n.to_string()
        }),
        CellValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
